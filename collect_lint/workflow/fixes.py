"""Autofix: rewrite template files with the replacements rules mark as fixes.

Safe fixes are ``Rule.fix`` (exactly one replacement, meaning kept, e.g. 老赖 → 逾期客户) and the
masked form of an unmasked card/ID/phone number. ``--unsafe-fixes`` also applies
``Rule.unsafe_fix`` (one replacement that removes the violation but may shift meaning).
Sentence-level suggestions are never applied: they would drop placeholders and context.

Edits are made on the decoded file at offsets computed from ``Item`` positions, so quotes,
escapes, placeholders, encoding, BOM and line endings stay as they were. A rewritten file is
re-read with the same parser and written only if every item reads back exactly as expected,
then replaced atomically (outputs.py). Transcript exports are never rewritten, whatever
``--kind`` says. Diffs show personal numbers masked unless matches are shown.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..inputs import STDIN, TEXT_KINDS, InputProblem, Readers, Source, auto_kind, read_decoded
from ..inputs.decode import split_lines
from ..inputs.templates import suffix_of
from ..inputs.templates.positions import LineIndex
from ..inputs.transcripts import TranscriptOptions
from ..models import Diagnostic, Finding, Item
from ..personal_data import mask_personal_numbers
from .outputs import write_atomically

# Characters that would need quoting or escaping in some format; such replacements are skipped.
_NEEDS_QUOTING = set("\"'\\\r\n,#:{}[]")


@dataclass(frozen=True)
class Candidate:
    """A reported finding that might be fixed: the item (by its index in the file) and the hit."""

    item_index: int
    item: Item
    finding: Finding
    diagnostic: Diagnostic


@dataclass
class Fixer:
    """Applies fixes file by file (or, with ``write=False``, collects unified diffs)."""

    warn: Callable[[str], None]
    unsafe: bool = False
    write: bool = True
    readers: Readers = field(default_factory=Readers)
    # How exports are recognised (field names after --map), so none is ever rewritten.
    transcript_options: TranscriptOptions = TranscriptOptions()
    show_matches: bool = False
    diffs: list[str] = field(default_factory=list)
    fixed: int = 0
    files: int = 0
    # The last file's edits (offsets in its old text) and line index, to move the findings
    # that remain to where they are after the fix.
    edits: list[tuple[int, int, str, int]] = field(default_factory=list)
    index: LineIndex | None = None

    def can_fix(self, source: Source) -> bool:
        if source.path == STDIN or source.kind not in TEXT_KINDS:
            return False
        if auto_kind(Path(source.path), self.transcript_options) == "transcript":
            self.warn(f"{source.path}: not fixed: transcript exports are never rewritten, whatever --kind says")
            return False
        return True

    def replacement(self, candidate: Candidate) -> str | None:
        if candidate.diagnostic.fix is not None:
            return candidate.diagnostic.fix
        return getattr(candidate.finding.rule, "unsafe_fix", None) if self.unsafe else None

    def apply(self, source: Source, candidates: list[Candidate]) -> set[int]:
        """Fix what can be fixed in ``source``; returns the indexes of the fixed candidates."""
        wanted = [(n, c, self.replacement(c)) for n, c in enumerate(candidates)]
        wanted = [(n, c, r) for n, c, r in wanted if r is not None]
        if not wanted:
            return set()
        try:
            decoded = read_decoded(source)
        except InputProblem:
            return set()
        if decoded.bad_lines:
            self.warn(f"{source.path}: fixes skipped: the file has lines that cannot be decoded")
            return set()
        text, encoding = decoded.text, decoded.encoding
        index = LineIndex(text)
        edits: list[tuple[int, int, str, int]] = []
        for number, candidate, replacement in wanted:
            encoded = _encode(replacement, suffix_of(source.path))
            if encoded is None:
                continue
            item, finding = candidate.item, candidate.finding
            start = index.offset(*item.locate(finding.start))
            end = index.offset(*item.locate(finding.end))
            edits.append((start, end, encoded, number))
        chosen = _non_overlapping(edits)
        new_text = _rewrite(text, chosen)
        if new_text == text:
            return set()
        fixed = {number for _, _, _, number in chosen}
        if not self._reads_back(source, text, new_text, [candidates[n] for n in fixed], wanted):
            self.warn(f"{source.path}: fixes skipped: the rewritten file would not read back as expected")
            return set()
        if self.write:
            try:
                write_atomically(source.path, new_text.encode(encoding))
            except OSError as exc:
                self.warn(f"{source.path}: not fixed: cannot write: {exc.strerror}")
                return set()
        else:
            self.diffs.append(_diff(source.path, text, new_text, self.show_matches))
        self.fixed += len(fixed)
        self.files += 1
        self.edits, self.index = chosen, index
        return fixed

    def moved(self, d: Diagnostic) -> Diagnostic:
        """``d`` (a finding of the file just fixed that was not fixed) at its place in the
        fixed file. Replacements never hold a line break, so only columns after an edit on
        the same line move."""
        if not self.edits or self.index is None or not self.write:
            return d
        line, column = self._moved(d.line, d.column)
        end_line, end_column = self._moved(d.end_line, d.end_column)
        if (line, column, end_line, end_column) == (d.line, d.column, d.end_line, d.end_column):
            return d
        return d.model_copy(update={"line": line, "column": column, "end_line": end_line, "end_column": end_column})

    def _moved(self, line: int, column: int) -> tuple[int, int]:
        offset = self.index.offset(line, column)
        line_start = self.index.offset(line, 1)
        shift = sum(len(new) - (end - start) for start, end, new, _ in self.edits if line_start <= start and end <= offset)
        return line, column + shift

    def _reads_back(self, source, old: str, new: str, fixed: list[Candidate], wanted) -> bool:
        before = [e for e in self.readers.parse(old, source) if isinstance(e, Item)]
        after = [e for e in self.readers.parse(new, source) if isinstance(e, Item)]
        if len(before) != len(after):
            return False
        replacements = {id(c): r for _, c, r in wanted}
        expected = [item.text for item in before]
        # Apply the item-level edits right to left so earlier offsets stay valid.
        for candidate in sorted(fixed, key=lambda c: -c.finding.start):
            text = expected[candidate.item_index]
            finding = candidate.finding
            expected[candidate.item_index] = text[: finding.start] + replacements[id(candidate)] + text[finding.end :]
        return all(a.text == e and a.template_id == b.template_id for a, b, e in zip(after, before, expected))


def _encode(replacement: str, suffix: str) -> str | None:
    if suffix == ".json":
        return json.dumps(replacement, ensure_ascii=False)[1:-1]
    return None if _NEEDS_QUOTING & set(replacement) else replacement


def _non_overlapping(edits: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    chosen: list[tuple[int, int, str, int]] = []
    for edit in sorted(edits):
        if chosen and edit[0] < chosen[-1][1]:
            continue  # overlaps the previous edit: leave it for the next run
        chosen.append(edit)
    return chosen


def _rewrite(text: str, edits: list[tuple[int, int, str, int]]) -> str:
    parts, cursor = [], 0
    for start, end, replacement, _ in edits:
        parts.append(text[cursor:start])
        parts.append(replacement)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _diff(path: str, old: str, new: str, show_matches: bool = False) -> str:
    """A unified diff; personal numbers in its context, removed and added lines masked unless
    ``show_matches`` (the raw texts are compared, so a masking fix still shows as a change)."""
    lines = difflib.unified_diff(
        split_lines(old), split_lines(new), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    shown = (line if show_matches or number < 2 else mask_personal_numbers(line) for number, line in enumerate(lines))
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in shown)
