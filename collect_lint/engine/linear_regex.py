"""User-supplied regular expressions on a linear-time engine.

Python's ``re`` backtracks: ``(a+)+$`` takes seconds on a line of 25 ``a``s and doubles with
each one more. Patterns that come from users (``placeholder-patterns``) therefore run on RE2
(the ``google-re2`` package), whose time is linear in the text whatever the pattern. Users write
Python syntax: the pattern is parsed by Python's own parser and written out for RE2 with the
same meaning (``\\w``, ``\\d``, ``\\s`` and case-insensitivity over all of Unicode, as in Python).
What RE2 cannot run in linear time — look-around, back-references, atomic groups, possessive
quantifiers — and Unicode word boundaries (``\\b``, ``\\B``) are rejected when the pattern is
loaded, with ``LinearRegexError``. The shipped patterns are fixed and stay on ``re``.
"""

from __future__ import annotations

from re import _constants as sre
from re import _parser as parser
from re import error as ReError
from typing import Sequence

# What Python's ``\w``, ``\d`` and ``\s`` match (str patterns), as RE2 class contents.
_WORD = r"\p{L}\p{N}_"
_DIGIT = r"\p{Nd}"
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f\x85\p{Z}"
_ASCII = {sre.CATEGORY_WORD: "0-9A-Za-z_", sre.CATEGORY_DIGIT: "0-9", sre.CATEGORY_SPACE: r"\t\n\x0b\x0c\r "}
_UNICODE = {sre.CATEGORY_WORD: _WORD, sre.CATEGORY_DIGIT: _DIGIT, sre.CATEGORY_SPACE: _SPACE}
_NEGATED = {sre.CATEGORY_NOT_WORD: sre.CATEGORY_WORD, sre.CATEGORY_NOT_DIGIT: sre.CATEGORY_DIGIT,
            sre.CATEGORY_NOT_SPACE: sre.CATEGORY_SPACE}
_FLAGS = ((sre.SRE_FLAG_IGNORECASE, "i"), (sre.SRE_FLAG_MULTILINE, "m"), (sre.SRE_FLAG_DOTALL, "s"))
_REJECTED = {
    sre.ASSERT: "look-ahead and look-behind",
    sre.ASSERT_NOT: "look-ahead and look-behind",
    sre.GROUPREF: "back-references",
    sre.GROUPREF_EXISTS: "conditional groups",
    sre.ATOMIC_GROUP: "atomic groups",
    sre.POSSESSIVE_REPEAT: "possessive quantifiers",
}


class LinearRegexError(ValueError):
    """A user pattern that is not valid or cannot run in linear time; the message says why."""


def compile_linear(patterns: Sequence[str]):
    """One RE2 regex matching any of ``patterns`` (Python syntax), leftmost-first like ``re``:
    ``search``, ``finditer`` and match offsets in characters, as with ``re``."""
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        raise LinearRegexError("user patterns need the google-re2 package (pip install google-re2)") from None
    translated = "|".join(f"(?:{to_re2(pattern)})" for pattern in patterns)
    options = re2.Options()
    options.log_errors = False
    try:
        return LinearPattern(re2.compile(translated, options))
    except re2.error as exc:
        reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise LinearRegexError(f"not supported by the linear-time engine (RE2): {reason}") from None


class LinearPattern:
    """An RE2 regex with the part of ``re.Pattern``'s interface the linter uses. RE2 reads
    UTF-8, so a text with a lone surrogate (``"\\ud800"`` from a JSON escape) is searched with
    each surrogate read as U+FFFD: same length, same offsets."""

    __slots__ = ("_regex",)

    def __init__(self, regex) -> None:
        self._regex = regex

    def search(self, text: str):
        try:
            return self._regex.search(text)
        except UnicodeEncodeError:
            return self._regex.search(without_surrogates(text))

    def finditer(self, text: str):
        try:
            return iter(list(self._regex.finditer(text)))
        except UnicodeEncodeError:
            return iter(list(self._regex.finditer(without_surrogates(text))))


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (offsets unchanged)."""
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)


def to_re2(pattern: str) -> str:
    """``pattern`` (Python syntax) written in RE2 syntax with the same meaning."""
    try:
        parsed = parser.parse(pattern)
    except ReError as exc:
        raise LinearRegexError(f"invalid regular expression {pattern!r}: {exc}") from None
    except RecursionError:
        raise LinearRegexError(f"regular expression {pattern[:40]!r}… is nested too deeply") from None
    flags = parsed.state.flags
    try:
        body = _sequence(list(parsed), flags)
    except LinearRegexError as exc:
        raise LinearRegexError(f"regular expression {pattern!r}: {exc}") from None
    prefix = "".join(letter for flag, letter in _FLAGS if flags & flag)
    return f"(?{prefix}){body}" if prefix else body


def _sequence(nodes, flags: int) -> str:
    return "".join(_node(op, value, flags) for op, value in nodes)


def _node(op, value, flags: int) -> str:
    if op in _REJECTED:
        raise LinearRegexError(f"{_REJECTED[op]} are not supported: user patterns run on a linear-time engine (RE2)")
    if op is sre.LITERAL:
        return _char(value)
    if op is sre.NOT_LITERAL:
        return f"[^{_char(value)}]"
    if op is sre.ANY:
        return "."
    if op is sre.IN:
        return _set(value, flags)
    if op is sre.CATEGORY:
        return _category(value, flags)
    if op is sre.BRANCH:
        return "(?:" + "|".join(_sequence(list(branch), flags) for branch in value[1]) + ")"
    if op is sre.SUBPATTERN:
        _, added, removed, body = value
        on = "".join(letter for flag, letter in _FLAGS if added & flag)
        off = "".join(letter for flag, letter in _FLAGS if removed & flag)
        scoped = (flags | added) & ~removed
        return f"(?{on}{'-' + off if off else ''}:{_sequence(list(body), scoped)})"
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = value
        return f"(?:{_sequence(list(body), flags)}){_quantifier(low, high)}{'?' if op is sre.MIN_REPEAT else ''}"
    if op is sre.AT:
        return _anchor(value, flags)
    raise LinearRegexError(f"unsupported construct {op}")


def _quantifier(low: int, high) -> str:
    if high is sre.MAXREPEAT:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"


def _anchor(at, flags: int) -> str:
    anchors = {
        sre.AT_BEGINNING: "^", sre.AT_BEGINNING_STRING: r"\A", sre.AT_END: "$", sre.AT_END_STRING: r"\z",
        sre.AT_BEGINNING_LINE: "^", sre.AT_END_LINE: "$",
    }
    if at in anchors:
        return anchors[at]
    if flags & sre.SRE_FLAG_ASCII:  # RE2's \b is the ASCII one
        return r"\b" if at is sre.AT_BOUNDARY else r"\B"
    raise LinearRegexError(r"word boundaries (\b, \B) are not supported: the linear-time engine (RE2) knows only ASCII words")


def _char(code: int) -> str:
    char = chr(code)
    if char.isascii() and char.isalnum():
        return char
    return f"\\x{{{code:x}}}"


def _class_contents(category, flags: int) -> str:
    return (_ASCII if flags & sre.SRE_FLAG_ASCII else _UNICODE)[category]


def _category(category, flags: int) -> str:
    if category in _NEGATED:
        return f"[^{_class_contents(_NEGATED[category], flags)}]"
    return f"[{_class_contents(category, flags)}]"


def _set(items, flags: int) -> str:
    negated = bool(items) and items[0][0] is sre.NEGATE
    parts: list[str] = []
    complements: list[str] = []  # \W, \D, \S inside a set: no RE2 class can hold them
    for op, value in items[1:] if negated else items:
        if op is sre.LITERAL:
            parts.append(_char(value))
        elif op is sre.RANGE:
            parts.append(f"{_char(value[0])}-{_char(value[1])}")
        elif op is sre.CATEGORY and value in _NEGATED:
            complements.append(_class_contents(_NEGATED[value], flags))
        elif op is sre.CATEGORY:
            parts.append(_class_contents(value, flags))
        else:
            raise LinearRegexError(f"unsupported set member {op}")
    if not complements:
        return f"[{'^' if negated else ''}{''.join(parts)}]"
    if negated:
        raise LinearRegexError(r"\W, \D or \S inside a negated set ([^\W…]) is not supported; write the set without them")
    alternatives = [f"[^{contents}]" for contents in complements] + ([f"[{''.join(parts)}]"] if parts else [])
    return "(?:" + "|".join(alternatives) + ")"
