"""Decoding input bytes and cutting them into lines, the same way for every reader.

A file has one encoding: UTF-8 (a BOM allowed) or GB18030, the legacy encoding of Chinese
Windows exports, chosen from its first 64 KB by which of the two most of its non-ASCII lines
decode in. A line that is not valid in the file's encoding is an input error of its own
(file:line) and the rest of the file is still read: a file is never re-decoded as a whole, so
one stray GBK line cannot turn the UTF-8 lines around it into mojibake.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only. ``str.splitlines`` also ends them at ``\\v``,
``\\f``, ``\\x1c``–``\\x1e``, NEL, U+2028 and U+2029, which would push every later line number
away from what an editor shows; ``bytes.splitlines`` does not, so lines are cut before decoding
(or with ``split_lines`` for text already decoded).
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

LEGACY_NOTE = "not UTF-8, decoded as GB18030"
SNIFF_BYTES = 65536  # how much of a file chooses its encoding
CHUNK_BYTES = 1 << 20  # streamed files are read this much at a time
_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}


def undecodable(encoding: str) -> str:
    """The input-error message for a line that is not valid in its file's encoding."""
    return f"cannot decode line: not valid {_NAMES[encoding]}, the encoding of the rest of the file"


def sniff_encoding(head: bytes, complete: bool = True) -> str:
    """``"utf-8"`` or ``"gb18030"``: the encoding most non-ASCII lines of ``head`` (the start of
    a file; ``complete`` when it is the whole file) decode in. UTF-8 wins ties and files with
    a BOM or without non-ASCII lines."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    lines = head.splitlines()
    if not complete and lines:
        lines.pop()  # may be cut inside a character
    good = bad = 0
    for raw in lines:
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    return "gb18030" if bad > good else "utf-8"


@dataclass(frozen=True)
class Decoded:
    """A whole file decoded: its text, its encoding and the lines that were not valid in it
    (their undecodable bytes read as U+FFFD, so the rest of a JSON/YAML/CSV file still parses)."""

    text: str
    encoding: str  # "utf-8", "utf-8-sig" (with a BOM) or "gb18030": how to write it back
    bad_lines: tuple[int, ...] = ()

    @property
    def legacy(self) -> bool:
        return self.encoding == "gb18030"


def decode_file(data: bytes) -> Decoded:
    """Decode a whole file (see the module docstring for the rules)."""
    try:
        text = data.decode("utf-8-sig")
        return Decoded(text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = sniff_encoding(data[:SNIFF_BYTES], complete=len(data) <= SNIFF_BYTES)
    if encoding == "gb18030":
        try:
            return Decoded(data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError:
            pass
    pieces: list[str] = []
    bad: list[int] = []
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            pieces.append(raw.decode(encoding))
        except UnicodeDecodeError:
            pieces.append(raw.decode(encoding, "replace"))
            bad.append(number)
    text = "".join(pieces)
    bom = encoding == "utf-8" and text.startswith("\ufeff")
    return Decoded(text[1:] if bom else text, "utf-8-sig" if bom else encoding, tuple(bad))


def decode_line(raw: bytes, number: int, encoding: str = "utf-8") -> str | None:
    """One physical line in its file's encoding (a BOM dropped from line 1); None when it is
    not valid in it."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text[1:] if number == 1 and text.startswith("\ufeff") else text


def strip_break(line: str) -> str:
    """``line`` without its line break (``\\n``, ``\\r\\n`` or ``\\r``)."""
    if line.endswith("\n"):
        return line[:-2] if line.endswith("\r\n") else line[:-1]
    return line[:-1] if line.endswith("\r") else line


# Characters str.splitlines ends a line at that are not line breaks here.
_OTHER_BREAKS_RE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def split_lines(text: str) -> list[str]:
    """The lines of decoded text with their line breaks; only ``\\n``, ``\\r\\n`` and ``\\r`` end one."""
    if _OTHER_BREAKS_RE.search(text) is None:
        return text.splitlines(keepends=True)
    return _LINE_RE.findall(text)


def text_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line without its break) of decoded text."""
    if _OTHER_BREAKS_RE.search(text) is None:  # the common case: str.splitlines is exact
        return enumerate(text.splitlines(), start=1)
    return ((number, strip_break(line)) for number, line in enumerate(_LINE_RE.findall(text), start=1))


def count_breaks(raw: bytes) -> int:
    """How many line breaks ``raw`` holds (``\\r\\n`` counts once)."""
    return raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")


def read_some(stream, size: int) -> bytes:
    """Up to ``size`` bytes of ``stream``: from a pipe, what has arrived (at least one byte, or
    none at its end), so a reader never waits for more input than a line needs; from a file,
    ``size`` bytes unless it ends first."""
    return stream.read1(size) if _is_pipe(stream) else stream.read(size)


def _is_pipe(stream) -> bool:
    return hasattr(stream, "read1") and not stream.seekable()


def byte_lines(stream, head: bytes = b"") -> Iterator[bytes]:
    """The physical lines of a binary stream (after ``head``, already read from it), with their
    breaks, read a chunk at a time: memory holds one chunk and the longest line, never the file."""
    pending: list[bytes] = []  # a line not yet ended, in pieces (joining once keeps it linear)
    chunk = head or read_some(stream, CHUNK_BYTES)
    while chunk:
        if b"\n" not in chunk and b"\r" not in chunk:
            pending.append(chunk)
        else:
            lines = b"".join(pending + [chunk]).splitlines(keepends=True)
            last = lines[-1]
            # The last line may go on in the next chunk; one ending in \r may be half of \r\n.
            pending = [lines.pop()] if not last.endswith(b"\n") else []
            yield from lines
        chunk = read_some(stream, CHUNK_BYTES)
    if pending:
        yield from b"".join(pending).splitlines(keepends=True)


def record_lines(stream, head: bytes = b"") -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of the records of a JSON Lines stream: records end at ``\\n``, as
    the format says; a bare ``\\r`` inside one still counts as a line break for numbering."""
    number = 1
    lines: Iterable[bytes] = stream
    if head:
        first = head.split(b"\n")
        tail = first.pop()
        if tail:
            tail += stream.readline()
        lines = _chain([line + b"\n" for line in first], [tail] if tail else [], stream)
    for raw in lines:
        yield number, raw
        number += 1
        if b"\r" in raw:
            number += count_breaks(raw) - (1 if raw.endswith(b"\n") else 0)


def _chain(*parts: Iterable[bytes]) -> Iterator[bytes]:
    for part in parts:
        yield from part


Progress = Callable[[int, int], None]  # (records, bytes) since the last call


class LineReader:
    """The lines of one binary stream, decoded in the file's encoding (sniffed from its start):
    ``lines()`` gives (line number, text with its break, or None when the line is not valid in
    the encoding); ``records()`` the same for JSON Lines (records end at ``\\n`` only)."""

    def __init__(self, stream, warn: Callable[[str], None] | None = None, progress: Progress | None = None) -> None:
        self.stream = stream
        self.progress = progress
        self.head = read_some(stream, SNIFF_BYTES)
        # A file read short has ended; a pipe's head ends where input had arrived, maybe mid-line.
        ended = self.head.endswith((b"\n", b"\r")) if _is_pipe(stream) else len(self.head) < SNIFF_BYTES
        self.encoding = sniff_encoding(self.head, complete=ended)
        if self.encoding == "gb18030" and warn is not None:
            warn(LEGACY_NOTE)

    def raw_lines(self) -> Iterator[tuple[int, bytes]]:
        for number, raw in enumerate(byte_lines(self.stream, self.head), start=1):
            yield number, raw

    def raw_records(self) -> Iterator[tuple[int, bytes]]:
        return record_lines(self.stream, self.head)

    def lines(self) -> Iterator[tuple[int, str | None]]:
        return self._decoded(self.raw_lines())

    def records(self) -> Iterator[tuple[int, str | None]]:
        return self._decoded(self.raw_records())

    def _decoded(self, raw_lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, str | None]]:
        encoding, progress = self.encoding, self.progress
        for number, raw in raw_lines:
            if progress is not None:
                progress(0, len(raw))
            yield number, decode_line(raw, number, encoding)


def open_binary(path: str):
    """A binary stream of ``path`` (``-``: standard input, not closed on exit)."""
    if path == "-":
        return _NoClose(sys.stdin.buffer)
    return open(path, "rb")


class _NoClose:
    def __init__(self, stream) -> None:
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc) -> None:
        pass
