"""Decoding input bytes: UTF-8 (a BOM allowed), else GB18030, the legacy encoding of Chinese
Windows exports — whole files, or one line at a time for streamed exports."""

from __future__ import annotations

import sys
from typing import Callable, Iterator

LEGACY_NOTE = "not UTF-8, decoded as GB18030"
UNDECODABLE = "cannot decode line: not UTF-8 and not GB18030"


class DecodeError(ValueError):
    """Bytes that are neither UTF-8 nor GB18030; the message says where UTF-8 failed."""


def decode(data: bytes, warn: Callable[[str], None]) -> str:
    """UTF-8 (BOM allowed); otherwise GB18030, saying so through ``warn``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DecodeError(f"cannot decode: not UTF-8 (byte {utf8_error.start}) and not GB18030") from None
    warn(LEGACY_NOTE)
    return text


def decode_line(raw: bytes, number: int) -> tuple[str | None, bool]:
    """(text, whether GB18030 was needed) of one physical line; text is None when undecodable."""
    try:
        text = raw.decode("utf-8")
        legacy = False
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, False
        legacy = True
    if number == 1:
        text = text.lstrip("\ufeff")
    return text, legacy


Progress = Callable[[int, int], None]  # (records, bytes) since the last call


def decoded_lines(stream, warn: Callable[[str], None], progress: Progress | None = None) -> Iterator[tuple[int, str | None]]:
    """(line number, text) per physical line of a binary stream; text is None when a line
    cannot be decoded. The first line needing GB18030 is reported once through ``warn``."""
    warned = False
    for number, raw in enumerate(stream, start=1):
        if progress is not None:
            progress(0, len(raw))
        text, legacy = decode_line(raw, number)
        if legacy and not warned:
            warn(LEGACY_NOTE)
            warned = True
        yield number, text


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
