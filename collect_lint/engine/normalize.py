"""Normalisation with an exact offset map back to the original text.

Every character is mapped on its own (NFKC, case-fold, traditional → simplified, zero-width
removed), so each normalised character knows which original character it came from. Then up to
two noise characters (spaces, * @ . · _ - ~ /, emoji) between two Han characters are dropped, so
老*赖 and 傻 逼 read as 老赖 and 傻逼 while a comma or full stop still separates words.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass

from .cache import load_cached

# Characters removed outright: they are invisible and only ever used to split words.
ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\ufe0f\ufe0e"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# White space spelled out: what ``\s`` matches (``str.isspace``; a test checks), but as plain
# characters the class compiles to a bitmap, which the regex engine tests several times faster.
WHITESPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOISE = (
    WHITESPACE + r"*@.·_\-~/\\|+^=#•・—–"
    "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
)
# Starts with the (rare) noise class so the regex engine can skip ahead fast; the look-behind
# then checks the Han character before it.
_NOISE_RE = re.compile(f"[{NOISE}](?<=[{HAN}].)[{NOISE}]?(?=[{HAN}])")
# Letter-spaced text (每 个 字 之 间 一 个 空 格, as copied from some chat apps or spaced out to
# dodge filters): five or more single characters each one or two spaces apart. The spaces inside
# such a run are dropped, so 6 0 期 and 2 0 0 0 元 read as 60期 and 2000元 as Han text already
# does. It starts with a literal space so the regex engine skips ahead fast; NUL (the batch
# separator) is never part of a run, so batches normalise as their items do alone.
_SPACED_RE = re.compile(r" {1,2}[^\s\x00](?: {1,2}[^\s\x00]){3,}")
# Full-width sentence punctuation is left as it is: every stage treats ，and , alike, and keeping
# it unmapped lets most Chinese text skip the character table entirely.
_KEEP = "，！？；：（）"
# Code points whose traditional → simplified mapping is looked up (CJK blocks only).
_T2S_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
_TABLE_VERSION = 7
# Variant forms OpenCC's character-by-character t2s leaves alone (著 is a valid simplified
# character too, but in collection text it is nearly always the aspect particle 着: 盯著你;
# 妳 is the feminine 你 of Taiwan and Hong Kong writing; 您 is the polite 你, and rules written
# with 你 (你那熊样, 你不还) read the same when an agent says 您; OpenCC turns 帳 into 帐, but in
# money text 帳戶/帳號/還帳 are 账户/账号/还账, which is how the rules write them).
VARIANTS = {"著": "着", "妳": "你", "您": "你", "帳": "账"}
# Bump when what ``normalize`` does changes beyond the table (noise squeezing, kept characters):
# it is part of the key of every table compiled from normalised phrases.
VERSION = 2


def _build_table() -> dict[int, str]:
    import opencc

    table: dict[int, str] = {}
    for cp in range(0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            # A lone surrogate (a JSON "\ud800" escape) reads as U+FFFD: the native matchers
            # and segmenters take only valid UTF-8.
            table[cp] = "\ufffd"
            continue
        char = chr(cp)
        mapped = unicodedata.normalize("NFKC", char).casefold()
        if mapped != char:
            table[cp] = mapped
    for cp in map(ord, ZERO_WIDTH):
        table[cp] = ""
    converter = opencc.OpenCC("t2s")
    han = [chr(cp) for lo, hi in _T2S_RANGES for cp in range(lo, hi + 1)]
    # Newline-separated so the converter sees each character alone (no phrase context).
    converted = converter.convert("\n".join(table.get(ord(c), c) for c in han)).split("\n")
    if len(converted) == len(han):
        for char, simple in zip(han, converted):
            if simple and simple != table.get(ord(char), char):
                table[ord(char)] = simple
    for char, simple in VARIANTS.items():
        table[ord(char)] = simple
    return table


def table_key() -> str:
    """Identifies the inputs of the character table (its version and variant forms; Unicode,
    Python and OpenCC versions): two builds that map any character differently never share a
    cached table, even when someone forgets to bump the version."""
    try:
        from importlib.metadata import version

        opencc_version = version("opencc")
    except Exception:
        opencc_version = "?"
    variants = "".join(f"{char}{simple}" for char, simple in sorted(VARIANTS.items()))
    return f"{_TABLE_VERSION}:{variants}:{unicodedata.unidata_version}:{sys.version_info[:2]}:{opencc_version}"


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, when it differs in length, the original index of each character."""

    text: str
    offsets: tuple[int, ...] | None  # len(text) + 1 entries; None means identity
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised span [start, end)."""
        if self.offsets is None:
            return start, end
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


class Normalizer:
    """Builds (or loads from cache) the character table once; ``normalize`` is thread-safe."""

    def __init__(self) -> None:
        self._table, changed, irregular = load_cached("normalize-classes", f"{table_key()}|{_KEEP}", _classes)
        self._changed_re = re.compile(changed)
        self._irregular_re = re.compile(irregular)

    def normalize(self, text: str) -> Normalized:
        if self._changed_re.search(text) is None:
            mapped = text
            offsets = None
        elif self._irregular_re.search(text) is None:
            mapped = text.translate(self._table)
            offsets = None
        else:
            pieces: list[str] = []
            index: list[int] = []
            table = self._table
            for position, char in enumerate(text):
                out = table.get(ord(char), char)
                pieces.append(out)
                index.extend([position] * len(out))
            mapped = "".join(pieces)
            index.append(len(text))
            offsets = tuple(index)
        if " " in mapped and _SPACED_RE.search(mapped) is not None:
            # letter-spaced runs: their spaces go, their characters stay
            mapped, offsets = _squeeze(_SPACED_RE, True, mapped, offsets, len(text))
        if _NOISE_RE.search(mapped) is not None:
            mapped, offsets = _squeeze(_NOISE_RE, False, mapped, offsets, len(text))
        return Normalized(mapped, offsets, len(text))

    def normalize_text(self, text: str) -> str:
        """``normalize(text).text`` without building the offset map (for pre-filtering batches)."""
        # Changed characters are rare in long Chinese text: replacing just those beats
        # translating every character.
        table = self._table
        text = self._changed_re.sub(lambda m: table.get(ord(m.group()), m.group()), text)
        if " " in text:
            text = _SPACED_RE.sub(lambda m: m.group().replace(" ", ""), text)
        return _NOISE_RE.sub("", text)

    def normalize_phrase(self, phrase: str) -> str:
        """Normalise a rule phrase the same way as input text."""
        return self.normalize(phrase).text


def _classes() -> tuple[dict[int, str], str, str]:
    """The table without ``_KEEP``, and regex classes of the characters it changes and of those
    it maps to other than one character. Classes of BMP code points compile to a fast bitmap;
    any astral character simply takes the general path."""
    table = load_cached("normalize-table", table_key(), _build_table)
    table = {cp: mapped for cp, mapped in table.items() if chr(cp) not in _KEEP}
    changed = sorted(cp for cp in table if cp < 0x10000)
    irregular = sorted(cp for cp, mapped in table.items() if len(mapped) != 1 and cp < 0x10000)
    astral = "\U00010000-\U0010ffff"
    return (
        table,
        "[" + "".join(_char_class_ranges(changed)) + astral + "]",
        "[" + "".join(_char_class_ranges(irregular)) + astral + "]",
    )


def _squeeze(pattern: re.Pattern, spaces_only: bool, text: str, offsets: tuple[int, ...] | None, original_length: int):
    """Drop the characters of ``pattern``'s matches (only their spaces with ``spaces_only``),
    keeping the offset map to the original text."""
    base = offsets if offsets is not None else range(original_length + 1)
    pieces: list[str] = []
    index: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        index.extend(base[last : match.start()])
        if spaces_only:
            for position in range(match.start(), match.end()):
                if text[position] != " ":
                    pieces.append(text[position])
                    index.append(base[position])
        last = match.end()
    pieces.append(text[last:])
    index.extend(base[last : len(text)])
    index.append(original_length)
    return "".join(pieces), tuple(index)


def _char_class_ranges(codepoints: list[int]) -> list[str]:
    parts: list[str] = []
    start = prev = None
    for cp in codepoints + [None]:
        if cp is not None and prev is not None and cp == prev + 1:
            prev = cp
            continue
        if start is not None:
            parts.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
        start = prev = cp
    return parts
