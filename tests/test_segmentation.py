"""Candidate-gated, lazily loaded segmentation gives what segmenting everything gives."""

import sys

import pytest

from collect_lint import Linter
from collect_lint.engine.segment import BLOCK_RE, block_around, is_block_char

from conftest import ROOT


def _whole_text_boundaries(segmenter, text):
    edges, position = {0}, 0
    for token in segmenter.cut(text):
        position += len(token)
        edges.add(position)
    return edges


def _gated_boundaries(segmenter, text):
    """Boundaries as the gated path sees them: each block cut alone; non-block characters are
    single tokens."""
    edges = {0, len(text)}
    position = 0
    while position < len(text):
        if not is_block_char(text[position]):
            edges.update((position, position + 1))
            position += 1
            continue
        start, end = block_around(text, position)
        edges.update(start + b for b in segmenter.boundaries(text[start:end]))
        position = end
    return edges


def test_block_segmentation_equals_whole_text_segmentation(linter, corpus_texts):
    segmenter = linter.environment.segmenter
    differing = []
    for text, _ in corpus_texts:
        normalized = linter.normalizer.normalize(text).text
        if _gated_boundaries(segmenter, normalized) != _whole_text_boundaries(segmenter, normalized):
            differing.append(text)
    assert differing == []


def test_gated_diagnostics_equal_segment_everything_baseline(corpus_texts):
    sys.path.insert(0, str(ROOT))
    from bench.naive import NaiveLinter

    linter, naive = Linter(backend="default"), NaiveLinter()
    differing = [
        text for text, kind in corpus_texts if linter.check(text, kind=kind) != naive.check(text, kind=kind)
    ]
    assert differing == []


def test_text_without_candidates_never_loads_the_segmenter():
    fresh = Linter(backend="default")
    fresh.check("您好，您本期账单已出，请于5月1日前按时还款，如已还款请忽略。", kind="sms")
    fresh.check("客户：我下周发工资就还。\n坐席：好的，感谢您的配合。", kind="script")
    assert fresh.environment.segmenter._tokenizer is None


def test_text_with_a_candidate_is_cut_from_the_disk_dictionary_first():
    fresh = Linter(backend="default")
    assert [d.rule for d in fresh.check("再拖下去，小心有人打断你的腿。", kind="script")] == ["CL-T001"]
    segmenter = fresh.environment.segmenter
    assert segmenter.disk.used and segmenter._tokenizer is None


def test_segmenter_loads_its_dictionary_after_the_first_blocks():
    from collect_lint.engine.segment import DISK_BLOCKS

    fresh = Linter(backend="default")
    segmenter = fresh.environment.segmenter
    for n in range(DISK_BLOCKS + 1):
        segmenter.boundaries(f"小心有人打断你的腿{n}")
    assert segmenter._tokenizer is not None


@pytest.mark.parametrize("backend", ["default", "fast"])
def test_disk_dictionary_cuts_blocks_as_the_loaded_segmenter_does(backend, corpus_texts):
    from collect_lint.engine.backends import fast_available

    if backend == "fast" and not fast_available():
        pytest.skip('needs pip install "collect-lint[fast]"')
    linter = Linter(backend=backend)
    segmenter = linter.environment.segmenter
    differing = []
    for text, _ in corpus_texts:
        normalized = linter.normalizer.normalize(text).text
        for match in BLOCK_RE.finditer(normalized):
            if segmenter.disk.cut(match.group()) != segmenter.cut(match.group()):
                differing.append(match.group())
    assert differing == []


def test_block_regex_matches_exactly_the_block_characters():
    differing = [cp for cp in range(0x30000) if (BLOCK_RE.fullmatch(chr(cp)) is not None) != is_block_char(chr(cp))]
    assert differing == []


def test_rule_words_change_no_token_boundary_away_from_them():
    # Words given to the segmenter (rule patterns) keep themselves whole; text that holds none
    # of them is cut exactly as jieba's own dictionary cuts it.
    from collect_lint.engine.segment import JiebaSegmenter

    plain = JiebaSegmenter([])
    with_words = JiebaSegmenter(["上门催收", "爆通讯录", "花呗套现"])
    text = "我今天申请了分期还款，下个月开始按时还钱"
    assert with_words.boundaries(text) == plain.boundaries(text)
