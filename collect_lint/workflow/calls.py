"""The one transcript path: a batch of calls → their content findings and the contact findings
that need only the call (hours, disclosure), as ``CheckedCall`` records. The same function runs
in this process and in ``--jobs`` workers; frequency counts, which need every call in input
order, and diagnostics stay with the caller (workflow/runner.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..checks.contact import CallFinding, ContactChecker
from ..models import Call, Finding, Item, Utterance


@dataclass(slots=True)
class CheckedCall:
    """A call with what was found in it. Picklable: rules travel by id (workflow/parallel.py)."""

    call: Call
    contact: list[CallFinding] = field(default_factory=list)
    # (utterance index, findings) for the utterances with any finding, in call order.
    content: list[tuple[int, list[Finding]]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.contact and not self.content


def utterance_item(call: Call, utterance: Utterance) -> Item:
    """An utterance as an item to check and report on."""
    return Item(
        utterance.text, kind="transcript", speaker=utterance.speaker, path=call.path, line=utterance.line,
        call_id=call.call_id, utterance=utterance.index, agent_id=call.agent_id, debtor_id=call.debtor_id,
    )


def check_calls(linter, checker: ContactChecker, calls: Sequence[Call], slim: bool = False) -> list[CheckedCall]:
    """Content and per-call contact findings of ``calls``, pre-filtered as one batch. With
    ``slim``, each call keeps only the utterances a finding points at (for sending back to
    the main process; ``utterance_count`` and ``connected`` keep what counting needs)."""
    speakers = linter.speakers
    owned = [[u for u in call.utterances if u.speaker in speakers] for call in calls]
    found = iter(linter.findings_batch([utterance_item(call, u) for call, own in zip(calls, owned) for u in own]))
    result = []
    for call, own in zip(calls, owned):
        content = [(u.index, hits) for u, hits in zip(own, found) if hits]
        contact = checker.check_call(call) if checker else []
        if slim:
            wanted = {index for index, _ in content} | {hit.utterance.index for hit in contact if hit.utterance is not None}
            call = Call(
                call.path, call.line, call.call_id, call.debtor_id, call.started_at, call.started_raw,
                channel=call.channel, agent_id=call.agent_id, connected=call.is_connected,
                utterances=[u for u in call.utterances if u.index in wanted],
                utterance_count=len(call.utterances),
            )
        result.append(CheckedCall(call, contact, content))
    return result
