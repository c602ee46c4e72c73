"""The fast backend (rjieba + ahocorasick-rs) reports exactly what the default backend reports."""

import pytest

from collect_lint import Linter
from collect_lint.engine.backends import fast_available

needs_fast = pytest.mark.skipif(not fast_available(), reason='needs pip install "collect-lint[fast]"')


@pytest.fixture(scope="module")
def linters():
    """(default, fast) built from the same rule files."""
    return Linter(backend="default"), Linter(backend="fast")


@needs_fast
def test_fast_backend_diagnostics_equal_default_backend(linters, corpus_texts):
    linter, fast_linter = linters
    differing = [
        text for text, kind in corpus_texts if linter.check(text, kind=kind) != fast_linter.check(text, kind=kind)
    ]
    assert differing == []


@needs_fast
def test_rjieba_cuts_added_words_as_jieba_does(linters, corpus_texts):
    linter, fast_linter = linters
    jieba_segmenter = linter.environment.segmenter
    rjieba_segmenter = fast_linter.environment.segmenter
    differing = []
    for text, _ in corpus_texts:
        normalized = linter.normalizer.normalize(text).text
        if jieba_segmenter.cut(normalized) != rjieba_segmenter.cut(normalized):
            differing.append(text)
    assert differing == []


@needs_fast
def test_fast_matcher_finds_the_same_overlapping_matches():
    from collect_lint.engine.matcher import AhoCorasickRsMatcher, PyAhoCorasickMatcher

    entries = {"打死": 1, "打死你": 2, "死你": 3, "你": 4}
    text = "我打死你，你别跑"
    assert sorted(AhoCorasickRsMatcher(entries).iter(text)) == sorted(PyAhoCorasickMatcher(entries).iter(text))


def test_auto_backend_is_fast_exactly_when_fast_is_importable():
    assert Linter(backend="auto", select=["threat"]).backend == ("fast" if fast_available() else "default")


@pytest.mark.parametrize("text", ["我打死你，你别跑", "我打死你, 你别跑 abc"])
def test_default_matcher_reports_character_offsets(text):
    # The first text is all three-byte characters (offsets read as byte thirds), the second mixed.
    from collect_lint.engine.matcher import PyAhoCorasickMatcher

    entries = {"打死": 1, "打死你": 2, "你": 3, "别跑": 4}
    expected = sorted(
        (at, at + len(word), value)
        for word, value in entries.items()
        for at in range(len(text))
        if text.startswith(word, at)
    )
    assert sorted(PyAhoCorasickMatcher(entries).matches(text)) == expected
