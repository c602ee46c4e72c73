"""Normalisation keeps an exact map back to the original characters."""

import pytest

from collect_lint.engine.normalize import Normalizer


@pytest.fixture(scope="module")
def normalizer():
    return Normalizer()


def original(normalizer, text, needle):
    norm = normalizer.normalize(text)
    start = norm.text.index(needle)
    begin, end = norm.span(start, start + len(needle))
    return text[begin:end]


def test_traditional_characters_become_simplified(normalizer):
    assert normalizer.normalize("你這個老賴").text == "你这个老赖"


def test_variant_forms_become_their_common_simplified_form(normalizer):
    assert normalizer.normalize("盯著妳").text == "盯着你"


def test_traditional_account_character_becomes_the_money_form(normalizer):
    assert normalizer.normalize("請匯入以下帳戶").text == "请汇入以下账户"


def test_traditional_account_is_found_by_a_rule_written_with_the_money_form(linter):
    assert any(d.category == "repayment" for d in linter.check("請把錢轉到我個人帳戶", kind="sms"))


def test_full_width_letters_are_folded_to_lower_case_ascii(normalizer):
    assert normalizer.normalize("ＳＢ").text == "sb"


def test_zero_width_characters_are_removed_and_span_covers_them(normalizer):
    assert original(normalizer, "你这个老\u200b赖啊", "老赖") == "老\u200b赖"


def test_symbol_inside_a_word_is_squeezed_out(normalizer):
    assert normalizer.normalize("老*赖").text == "老赖"


def test_two_noise_characters_between_han_are_squeezed(normalizer):
    assert original(normalizer, "弄.死.你吧", "弄死你") == "弄.死.你"


def test_three_noise_characters_are_not_squeezed(normalizer):
    assert "老赖" not in normalizer.normalize("老***赖").text


def test_comma_between_words_is_not_noise(normalizer):
    assert "老赖" not in normalizer.normalize("养老，赖以生存").text


def test_noise_between_latin_letters_is_kept(normalizer):
    assert normalizer.normalize("s b").text == "s b"


def test_expansion_keeps_span_on_the_original_character(normalizer):
    # "㈱" expands to "(株)" under NFKC: the span must still point at the one original character.
    text = "前㈱后老赖"
    assert original(normalizer, text, "老赖") == "老赖"
    assert original(normalizer, text, "株") == "㈱"


def test_plain_text_needs_no_offset_table(normalizer):
    assert normalizer.normalize("请按时还款").offsets is None


def test_spelled_out_white_space_is_what_backslash_s_matches():
    import re

    from collect_lint.engine.normalize import WHITESPACE

    spelled = re.compile(f"[{WHITESPACE}]")
    differing = [cp for cp in range(0x110000) if (spelled.match(chr(cp)) is None) != (not chr(cp).isspace())]
    assert differing == []
    assert all(chr(cp).isspace() == (re.match(r"\s", chr(cp)) is not None) for cp in range(0x3001))
