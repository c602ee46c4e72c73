"""The shared lexicon's conditions: word sets found in one scanner pass, then a shape."""

from collect_lint.checks.base import BATCH_SEPARATOR
from collect_lint.engine.backends import matcher_factory, scanner_factory
from collect_lint.engine.lexicon import Lexicon


def lexicon(backend="default"):
    return Lexicon(matcher_factory(backend), scanner_factory(backend))


def test_condition_holds_only_with_a_word_of_every_set():
    lex = lexicon()
    condition = lex.condition([["全家", "家人"], ["砍", "打死"]])
    for text, expected in (("砍你全家", True), ("砍价", False), ("我们全家", False), ("打死家人", True)):
        assert lex.holds(condition, text, lex.word_sets(text)) is expected, text


def test_condition_needs_its_shape_besides_its_words():
    lex = lexicon()
    condition = lex.condition([["砍"], ["全家"]], shape="砍.{0,2}全家")
    assert lex.holds(condition, "砍你全家", lex.word_sets("砍你全家"))
    assert not lex.holds(condition, "全家去砍价", lex.word_sets("全家去砍价"))


def test_batch_candidates_need_the_key_and_its_condition():
    lex = lexicon()
    condition = lex.condition([["全家"]])
    lex.add_gate(lambda: {"砍": (condition,), "杀了你": None})
    texts = ["砍价", "砍你全家", "杀了你", "全家福"]
    assert lex.candidates(BATCH_SEPARATOR.join(texts)) == {1, 2}


def test_a_set_registered_after_first_use_is_found():
    lex = lexicon()
    first = lex.condition([["全家"]])
    assert lex.holds(first, "全家", lex.word_sets("全家"))
    second = lex.condition([["老婆"]])
    assert lex.holds(second, "你老婆", lex.word_sets("你老婆"))
