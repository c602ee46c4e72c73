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
from typing import Callable, Iterable, Iterator

from ..models import InputError, Item
from .comments import Directive, with_directives
from .decode import LEGACY_NOTE, Decoded, LineReader, decode_file, open_binary, strip_break, text_lines, undecodable
from .templates import TEMPLATE_SUFFIXES, TemplateOptions, line_template_parser, parse_template_file, suffix_of
from .text import LINE_PARSERS

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


def read_decoded(source: Source) -> Decoded:
    """A whole file decoded (see decode.py); lines not valid in its encoding are listed."""
    return decode_file(read_bytes(source))


def read_text(source: Source, warn: Callable[[str], None], errors: Callable[[InputError], None]) -> str:
    """A whole file's text; its GB18030 note goes to ``warn``, its undecodable lines to ``errors``."""
    decoded = read_decoded(source)
    if decoded.legacy:
        warn(LEGACY_NOTE)
    for number in decoded.bad_lines:
        errors(InputError(source.path, undecodable(decoded.encoding), number))
    return decoded.text


class Readers:
    """Parsers for the kinds read from text, with the configured template fields. Scripts, SMS
    files and line-based templates (Markdown, plain text) are streamed line by line, so memory
    stays flat however large the file; JSON, YAML and CSV templates are read whole."""

    def __init__(self, template_options: TemplateOptions = TemplateOptions()) -> None:
        self.template_options = template_options

    def read(self, source: Source, warn: Callable[[str], None]) -> Iterator[Entry]:
        """Items, per-record input errors and suppression directives of one file."""
        if source.kind not in TEXT_KINDS:
            raise InputProblem(f"no reader for kind '{source.kind}'")
        parser = self._line_parser(source)
        if parser is None:
            errors: list[InputError] = []
            text = read_text(source, warn, errors.append)
            yield from errors
            yield from self.parse(text, source)
            return
        try:
            handle = open_binary(source.path)
        except OSError as exc:
            raise InputProblem(f"cannot read file: {exc.strerror}") from None
        with handle as stream:
            reader = LineReader(stream, warn)
            yield from parser(_checked_lines(reader, source.path), source.path)

    def parse(self, text: str, source: Source) -> Iterator[Entry]:
        """The entries of a decoded file of a kind in ``TEXT_KINDS``."""
        parser = self._line_parser(source)
        if parser is None:
            return parse_template_file(text, source.path, suffix_of(source.path), self.template_options)
        return parser(text_lines(text), source.path)

    def _line_parser(self, source: Source) -> Callable[[Iterable, str | None], Iterator[Entry]] | None:
        """The line-by-line parser of a source, or None for a format read whole."""
        if source.kind == "template":
            return line_template_parser(suffix_of(source.path), self.template_options)
        return lambda lines, path: _parse_lines(lines, path, source.kind)


def _checked_lines(reader: LineReader, path: str) -> Iterator[tuple[int, str] | InputError]:
    """(number, line without break) of a streamed file, and an input error in place of each
    line that is not valid in the file's encoding."""
    for number, line in reader.lines():
        if line is None:
            yield InputError(path, undecodable(reader.encoding), number)
        else:
            yield number, strip_break(line)


def _parse_lines(lines: Iterable, path: str | None, kind: str) -> Iterator[Entry]:
    """Scripts and SMS files: one item per line; ``#`` / ``//`` comments may hold suppressions."""
    return LINE_PARSERS[kind](with_directives(lines, path, ("#", "//")), path)
