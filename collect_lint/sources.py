"""Finding input files, decoding them, and choosing how each is read (the CLI's I/O layer)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .inputs import text_items
from .models import InputError, Item
from .suppressions import Directive, scan_directives
from .templates import TEMPLATE_EXTENSIONS, TemplateOptions, parse_template_file, suffix_of

# Extensions picked up when a directory is walked, and the kind each implies under --kind auto.
TEXT_EXTENSIONS = {".txt": "script", ".sms": "sms"}
EXTENSION_KINDS: dict[str, str] = dict(TEXT_EXTENSIONS)
EXTENSION_KINDS.update({suffix: "template" for suffix in TEMPLATE_EXTENSIONS})
EXTENSION_KINDS[".jsonl"] = "transcript"
# .json and .csv are templates unless their contents look like a transcript export.
SNIFFED_EXTENSIONS = (".json", ".csv")
STDIN = "-"


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
    if suffix in SNIFFED_EXTENSIONS and looks_like_transcript(path, transcript_options or TranscriptOptions()):
        return "transcript"
    kind = EXTENSION_KINDS.get(suffix, "script")
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
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in EXTENSION_KINDS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for file in found:
                yield Source(str(file), auto_kind(file, transcript_options) if kind == "auto" else kind)
        elif path.is_file():
            yield Source(raw, auto_kind(path, transcript_options) if kind == "auto" else kind)
        elif path.exists():
            yield InputError(raw, "not a regular file")
        else:
            yield InputError(raw, "no such file or directory")


def read_bytes(source: Source) -> bytes:
    if source.path == STDIN:
        return sys.stdin.buffer.read()
    try:
        return Path(source.path).read_bytes()
    except OSError as exc:
        raise InputProblem(f"cannot read file: {exc.strerror}") from None


def decode(data: bytes, warn: Callable[[str], None]) -> str:
    """UTF-8 (BOM allowed); otherwise GB18030, saying so through ``warn``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputProblem(
            f"cannot decode: not UTF-8 (byte {utf8_error.start}) and not GB18030"
        ) from None
    warn("not UTF-8, decoded as GB18030")
    return text


def read_text(source: Source, warn: Callable[[str], None]) -> str:
    return decode(read_bytes(source), warn)


Entry = Item | InputError | Directive
TextParser = Callable[[str, Source, TemplateOptions], Iterator[Entry]]


def _parse_lines(text: str, source: Source, options: TemplateOptions) -> Iterator[Entry]:
    """Scripts and SMS files: one item per line; ``#`` / ``//`` comments may hold suppressions."""
    text, directives = scan_directives(text, source.path, ("#", "//"))
    yield from directives
    yield from text_items(text, source.kind, source.path)


def _parse_template(text: str, source: Source, options: TemplateOptions) -> Iterator[Entry]:
    return parse_template_file(text, source.path, suffix_of(source.path), options)


# kind → parser of one whole decoded file. Kinds listed here are read in one piece, so --fix
# can re-read a rewritten file through the same parser to check it.
TEXT_PARSERS: dict[str, TextParser] = {
    "script": _parse_lines,
    "sms": _parse_lines,
    "template": _parse_template,
}


def text_reader(parse: TextParser, options: TemplateOptions = TemplateOptions()):
    """A READERS entry that decodes the whole file and hands it to ``parse``."""

    def read(source: Source, warn: Callable[[str], None]) -> Iterator[Entry]:
        return parse(read_text(source, warn), source, options)

    return read


def readers_with(options: TemplateOptions) -> dict:
    """READERS with the text-based readers using ``options`` (template field names)."""
    readers = dict(READERS)
    readers.update({kind: text_reader(parse, options) for kind, parse in TEXT_PARSERS.items()})
    return readers


# kind → reader(source, warn) yielding items (and per-record input errors and suppression
# directives). Other modules register their kinds here (transcripts).
READERS: dict[str, Callable[[Source, Callable[[str], None]], Iterator[Entry]]] = {
    kind: text_reader(parse) for kind, parse in TEXT_PARSERS.items()
}
