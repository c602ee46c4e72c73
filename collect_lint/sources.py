"""Finding input files, decoding them, and choosing how each is read (the CLI's I/O layer)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .inputs import text_items
from .models import InputError, Item

# Extensions picked up when a directory is walked, and the kind each implies under --kind auto.
TEXT_EXTENSIONS = {".txt": "script", ".sms": "sms"}
EXTENSION_KINDS: dict[str, str] = dict(TEXT_EXTENSIONS)
STDIN = "-"


class InputProblem(Exception):
    """An input that cannot be read at all; the message is one line naming it."""


@dataclass(frozen=True)
class Source:
    path: str  # as given / found; "-" for stdin
    kind: str


def auto_kind(path: Path) -> str:
    """The kind a file is read as under ``--kind auto``."""
    suffix = path.suffix.lower()
    kind = EXTENSION_KINDS.get(suffix, "script")
    if kind == "script" and suffix == ".txt" and _mentions_sms(path):
        return "sms"
    return kind


def _mentions_sms(path: Path) -> bool:
    return any("sms" in part.lower() or "短信" in part for part in path.parts[-3:])


def discover(paths: list[str], kind: str) -> Iterator[Source | InputError]:
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
                yield Source(str(file), auto_kind(file) if kind == "auto" else kind)
        elif path.is_file():
            yield Source(raw, auto_kind(path) if kind == "auto" else kind)
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


def _text_reader(source: Source, warn: Callable[[str], None]) -> Iterator[Item | InputError]:
    yield from text_items(read_text(source, warn), source.kind, source.path)


# kind → reader(source, warn) yielding items (and per-record input errors). Other modules
# register their kinds here (templates, transcripts).
READERS: dict[str, Callable[[Source, Callable[[str], None]], Iterator[Item | InputError]]] = {
    "script": _text_reader,
    "sms": _text_reader,
}
