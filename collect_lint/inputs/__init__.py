"""Reading inputs: finding files, decoding them and turning them into items (or calls).

The one registry of input formats lives here: ``SUFFIX_KINDS`` says which kind a file suffix
is read as under ``--kind auto`` (discovery walks exactly these suffixes), ``Readers`` which
parser reads each kind. ``.json`` and ``.csv`` files are templates unless their contents look
like a transcript export. Transcript exports are read call by call (inputs/transcripts/).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..models import InputError, Item
from .comments import Directive, scan_directives
from .decode import DecodeError, decode
from .templates import TEMPLATE_SUFFIXES, TemplateOptions, parse_template_file, suffix_of
from .text import text_items

STDIN = "-"
SUFFIX_KINDS: dict[str, str] = {
    ".txt": "script",
    ".sms": "sms",
    ".jsonl": "transcript",
    **{suffix: "template" for suffix in TEMPLATE_SUFFIXES},
}
SNIFFED_SUFFIXES = (".json", ".csv")  # templates, or transcript exports when they look like one
# Kinds read as one decoded text (so --fix can re-read a rewritten file through the same parser).
TEXT_KINDS = ("script", "sms", "template")

Entry = Item | InputError | Directive


class InputProblem(Exception):
    """An input that cannot be read at all; the message is one line naming it."""


@dataclass(frozen=True)
class Source:
    path: str  # as given / found; "-" for stdin
    kind: str


def auto_kind(path: Path, transcript_options=None) -> str:
    """The kind a file is read as under ``--kind auto``."""
    from .transcripts import TranscriptOptions, looks_like_transcript

    suffix = path.suffix.lower()
    if suffix in SNIFFED_SUFFIXES and looks_like_transcript(path, transcript_options or TranscriptOptions()):
        return "transcript"
    kind = SUFFIX_KINDS.get(suffix, "script")
    if kind == "script" and suffix == ".txt" and _mentions_sms(path):
        return "sms"
    return kind


def _mentions_sms(path: Path) -> bool:
    return any("sms" in part.lower() or "短信" in part for part in path.parts[-3:])


def discover(paths: list[str], kind: str, transcript_options=None) -> Iterator[Source | InputError]:
    """Expand ``paths`` (files, directories recursed in sorted order, ``-``) into sources."""
    for raw in paths:
        if raw == STDIN:
            yield Source(STDIN, "script" if kind == "auto" else kind)
            continue
        path = Path(raw)
        if path.is_dir():
            found, unreadable = _walk(path)
            yield from unreadable
            for file in found:
                yield Source(str(file), auto_kind(file, transcript_options) if kind == "auto" else kind)
        elif path.is_file():
            yield Source(raw, auto_kind(path, transcript_options) if kind == "auto" else kind)
        elif path.exists():
            yield InputError(raw, "not a regular file")
        else:
            yield InputError(raw, "no such file or directory")


def _walk(root: Path) -> tuple[list[Path], list[InputError]]:
    """Files under ``root`` with a known suffix, sorted, hidden files and directories left
    out; and an input error for each directory that cannot be listed (never skipped silently)."""
    found: list[Path] = []
    unreadable: list[InputError] = []

    def cannot_list(exc: OSError) -> None:
        unreadable.append(InputError(exc.filename or str(root), f"cannot read directory: {exc.strerror}"))

    for folder, directories, files in os.walk(root, onerror=cannot_list):
        directories[:] = [d for d in directories if not d.startswith(".")]
        base = Path(folder)
        found.extend(base / name for name in files if not name.startswith(".") and Path(name).suffix.lower() in SUFFIX_KINDS)
    return sorted(p for p in found if p.is_file()), sorted(unreadable, key=lambda e: e.path)


def read_bytes(source: Source) -> bytes:
    if source.path == STDIN:
        return sys.stdin.buffer.read()
    try:
        return Path(source.path).read_bytes()
    except OSError as exc:
        raise InputProblem(f"cannot read file: {exc.strerror}") from None


def read_text(source: Source, warn: Callable[[str], None]) -> str:
    try:
        return decode(read_bytes(source), warn)
    except DecodeError as exc:
        raise InputProblem(str(exc)) from None


class Readers:
    """Parsers for the kinds read as one decoded text, with the configured template fields."""

    def __init__(self, template_options: TemplateOptions = TemplateOptions()) -> None:
        self.template_options = template_options

    def read(self, source: Source, warn: Callable[[str], None]) -> Iterator[Entry]:
        """Items, per-record input errors and suppression directives of one file."""
        if source.kind not in TEXT_KINDS:
            raise InputProblem(f"no reader for kind '{source.kind}'")
        return self.parse(read_text(source, warn), source)

    def parse(self, text: str, source: Source) -> Iterator[Entry]:
        """The entries of a decoded file of a kind in ``TEXT_KINDS``."""
        if source.kind == "template":
            return parse_template_file(text, source.path, suffix_of(source.path), self.template_options)
        return _parse_lines(text, source)


def _parse_lines(text: str, source: Source) -> Iterator[Entry]:
    """Scripts and SMS files: one item per line; ``#`` / ``//`` comments may hold suppressions."""
    text, directives = scan_directives(text, source.path, ("#", "//"))
    yield from directives
    yield from text_items(text, source.kind, source.path)
