"""The one transcript path: a batch of calls → their content findings and the contact findings
that need only the call (hours, disclosure), as ``CheckedCall`` records. The same function runs
in this process and in ``--jobs`` workers; frequency counts, which need every call in input
order, and diagnostics stay with the caller (workflow/runner.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

from ..checks.contact import CallFinding, ContactChecker
from ..models import Call, Dialogue, Finding, Item, Utterance


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


def utterance_item(call: Call, utterance: Utterance, dialogue: Dialogue | None = None, turn: int | None = None) -> Item:
    """An utterance as an item to check and report on (``dialogue``: the call's turns)."""
    return Item(
        utterance.text, kind="transcript", speaker=utterance.speaker, path=call.path, line=utterance.line,
        call_id=call.call_id, utterance=utterance.index, agent_id=call.agent_id, debtor_id=call.debtor_id,
        dialogue=dialogue, turn=turn,
    )


def _call_items(call: Call, speakers) -> tuple[list[Utterance], list[Item]]:
    """The utterances the text rules apply to, and their items sharing the call's dialogue."""
    dialogue = Dialogue(source=lambda: [(u.speaker, u.text) for u in call.utterances])
    own = [(turn, u) for turn, u in enumerate(call.utterances) if u.speaker in speakers]
    return [u for _, u in own], [utterance_item(call, u, dialogue, turn) for turn, u in own]


def check_calls(linter, checker: ContactChecker, calls: Sequence[Call], slim: bool = False) -> list[CheckedCall]:
    """Content and per-call contact findings of ``calls``, pre-filtered as one batch. With
    ``slim``, each call keeps only the utterances a finding points at (for sending back to
    the main process, with the ones just before and after for the report's context;
    ``utterance_count`` and ``connected`` keep what counting needs)."""
    speakers = linter.speakers
    prepared = [_call_items(call, speakers) for call in calls]
    owned = [own for own, _ in prepared]
    found = iter(linter.findings_batch([item for _, items in prepared for item in items]))
    result = []
    for call, own in zip(calls, owned):
        content = [(u.index, hits) for u, hits in zip(own, found) if hits]
        contact = checker.check_call(call) if checker else []
        if slim:
            wanted = {index for index, _ in content} | {hit.utterance.index for hit in contact if hit.utterance is not None}
            wanted |= {index + step for index in wanted for step in (-1, 1)}  # the report shows neighbours
            call = Call(
                call.path, call.line, call.call_id, call.debtor_id, call.started_at, call.started_raw,
                channel=call.channel, agent_id=call.agent_id, connected=call.is_connected,
                utterances=[u for u in call.utterances if u.index in wanted],
                utterance_count=len(call.utterances), unknown_speakers=call.unknown_speakers,
            )
        result.append(CheckedCall(call, contact, content))
    return result


def located(item: Item, positions) -> Item:
    """``item`` with the exact position of each character in the export, when known."""
    if positions is None or len(positions) != len(item.text) + 1:
        return item
    line, column = positions[0]
    return replace(item, line=line, column=column, positions=positions)


def call_finding(call: Call, hit: CallFinding) -> tuple[Item, Finding]:
    """A contact finding as an item + finding: on the utterance it names, else on ``started_at``."""
    utterance = hit.utterance
    if utterance is not None:
        item = located(utterance_item(call, utterance), call.locator.utterance(utterance.index) if call.locator else None)
    else:
        item = Item(
            call.started_raw or "", kind="transcript", speaker="agent", path=call.path, line=call.line,
            call_id=call.call_id, agent_id=call.agent_id, debtor_id=call.debtor_id,
        )
        item = located(item, call.locator.started_at() if call.locator else None)
    return item, Finding(hit.rule, 0, max(len(item.text), 1), detail=hit.detail)
