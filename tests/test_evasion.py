"""Evasion-resistant matching and personal-data detection (issue 4), on the shipped rules.

Covered elsewhere, not repeated here: traditional characters reported at the original 老賴
(test_engine), 老*赖 (test_engine), the normaliser's offset map, three noise characters and
`s b` between Latin letters (test_normalize), romanised initials inside usb / sbc /
abc.sb@qq.com (test_engine), an ID after 订单号 and {card_no_tail} on the engine fixture
(test_engine), masking in SARIF and GitHub output (test_output_formats).

ID and card numbers are built here with their check digits computed in the test, never pasted.
"""

import json
from pathlib import Path

import pytest

from collect_lint import Linter
from collect_lint.engine.homophones import variants

HOMOPHONE_RULES = Path(__file__).parent / "fixtures" / "homophones.toml"

# -- check digits ---------------------------------------------------------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999


def id_check_digit(body: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def resident_id(area: str = "320102", birth: str = "19900307", sequence: str = "123") -> str:
    body = area + birth + sequence
    return body + id_check_digit(body)


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` Luhn-valid."""
    total = 0
    for position, char in enumerate(reversed(partial)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def card(partial: str) -> str:
    return partial + luhn_check_digit(partial)


CARD_16 = card("622202020011223")
CARD_19 = card("621700123456789012")


def test_check_digit_helpers_agree_with_published_examples():
    # GB 11643-1999's own example ID, and the Luhn examples of ISO/IEC 7812 write-ups.
    assert id_check_digit("11010519491231002") == "X"
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert (len(CARD_16), len(CARD_19)) == (16, 19) and luhn_valid(CARD_16) and luhn_valid(CARD_19)


# -- helpers --------------------------------------------------------------------------------
def found(linter, text, kind="sms"):
    """(category, original matched text) of every finding."""
    return [(d.category, d.text) for d in linter.check(text, kind=kind)]


def privacy(linter, text, kind="sms"):
    return [(d.rule, d.severity.value, d.text) for d in linter.check(text, kind=kind) if d.category == "privacy"]


def masked(number):
    """Head and last four digits kept (three of an 11-digit mobile), the rest starred."""
    head = 3 if len(number) <= 11 else 4
    return number[:head] + "*" * (len(number) - head - 4) + number[-4:]


def span(diagnostic, text):
    return text[diagnostic.column - 1 : diagnostic.end_column - 1]


@pytest.fixture(scope="module")
def plain_sb():
    """Only 傻逼 and 滚 as patterns, both with homophones = true."""
    return Linter(rulesets=[HOMOPHONE_RULES], backend="default")


# -- full width, zero width, noise ----------------------------------------------------------
def test_full_width_initials_are_found(linter):
    assert found(linter, "你就是个ＳＢ，还钱") == [("insult", "ＳＢ")]


def test_full_width_digits_are_read_as_a_mobile_number(linter):
    assert privacy(linter, "请联系１３８１２３４５６７８") == [("CL-P203", "warning", "１３８****５６７８")]


def test_zero_width_character_inside_a_word_is_ignored_and_the_span_covers_it(linter):
    text = "你这个老\u200b赖"
    [d] = linter.check(text, kind="sms")
    assert (d.category, d.column, d.end_column, d.text) == ("insult", 4, 7, "老\u200b赖")
    assert span(d, text) == "老\u200b赖"


def test_removed_zero_width_characters_still_count_in_columns(linter):
    text = "\u200b\u200b你这个老赖"
    [d] = linter.check(text, kind="sms")
    assert (d.column, span(d, text)) == (6, "老赖")


def test_space_inside_a_word_is_noise(linter):
    text = "你个傻 逼，还钱"
    [d] = linter.check(text, kind="sms")
    assert (d.category, d.text, span(d, text)) == ("insult", "傻 逼", "傻 逼")


def test_dots_inside_a_phrase_are_noise(linter):
    text = "再不还钱就弄.死.你"
    [d] = linter.check(text, kind="sms")
    assert (d.category, d.text, span(d, text)) == ("threat", "弄.死.你", "弄.死.你")


@pytest.mark.parametrize(
    "text",
    [
        "我们养老，赖以生存的是退休金",  # 老，赖 is not 老赖
        "这个设置我来帮您弄，死机的话重启一下",  # 弄，死 is not 弄死
        "您随便坐。牢记一点：只收对公转账",  # 坐。牢 is not 坐牢
    ],
)
def test_comma_or_full_stop_between_words_is_not_noise(linter, text):
    assert found(linter, text) == []


# -- romanised variants ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, matched",
    [("你就是个LaoLai", "LaoLai"), ("你就是个LAO lai", "LAO lai"), ("你个SB，还钱", "SB"), ("你个sb赶紧还钱", "sb")],
)
def test_romanised_variants_ignore_case_and_spaces(linter, text, matched):
    assert found(linter, text) == [("insult", matched)]


# -- homophones -----------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["沙比", "煞笔", "傻比"])
def test_homophone_of_the_only_pattern_is_found_at_the_original_span(plain_sb, spelling):
    text = f"你个{spelling}，还钱"
    [d] = plain_sb.check(text, kind="sms")
    assert (d.rule, d.text, d.column, d.end_column) == ("CL-I911", spelling, 3, 5)


def test_homophone_in_traditional_characters_is_found(plain_sb):
    assert [(d.rule, d.text) for d in plain_sb.check("你個煞筆", kind="sms")] == [("CL-I911", "煞筆")]


@pytest.mark.parametrize("spelling", ["沙比", "煞笔", "傻比", "啥笔"])
def test_homophones_are_insults_under_the_shipped_rules(linter, spelling):
    assert found(linter, f"你就是个{spelling}。") == [("insult", spelling)]


def test_rare_dictionary_words_that_are_evasions_stay_variants():
    # jieba's dict.txt lists 沙比 (frequency 6) and 煞笔 (3): only common words are excluded.
    assert {"沙比", "煞笔", "傻比"} <= set(variants("傻逼"))


@pytest.mark.parametrize(
    "pattern, word",
    [("去死", "屈死"), ("傻屌", "杀掉"), ("老赖子", "老莱子"), ("老赖", "老来"), ("傻叉", "沙茶"), ("傻屌", "沙雕")],
)
def test_common_and_listed_ordinary_words_are_not_variants(pattern, word):
    assert word not in variants(pattern)


@pytest.mark.parametrize(
    "text",
    ["沙茶酱拌面很好吃", "海边的沙雕很壮观", "服务员老来收碗", "他是被屈死的", "先杀掉后台进程再试", "你可以去思考一下还款方案"],
)
def test_ordinary_words_that_sound_like_a_pattern_are_not_flagged(linter, text):
    assert found(linter, text) == []


@pytest.mark.parametrize("text", ["查啥查，系统里都有记录", "比啥比，各家利率不一样", "逼啥逼，慢慢来"])
def test_reduplicated_what_question_is_not_a_homophone_slur(linter, text):
    # X啥X ("why bother X-ing") holds 啥X, which sounds like 傻X.
    assert found(linter, text) == []


def test_homophone_inside_a_longer_word_is_not_a_hit(plain_sb):
    assert plain_sb.check("你个傻比较什么", kind="sms") == []


def test_single_character_pattern_is_never_expanded(plain_sb):
    assert variants("滚") == []
    assert [d.rule for d in plain_sb.check("你给我滚！", kind="sms")] == ["CL-I912"]
    assert plain_sb.check("你给我棍！", kind="sms") == []  # 棍 reads gun, like 滚


# -- personal data: resident ID -------------------------------------------------------------
def test_resident_id_with_valid_check_digit_and_birth_date_is_an_error(linter):
    number = resident_id()
    assert privacy(linter, f"您的身份证号{number}已登记") == [("CL-P201", "error", masked(number))]


def test_resident_id_with_wrong_check_digit_is_not_reported(linter):
    number = resident_id()
    wrong = next(number[:17] + c for c in "0123456789X" if c != number[17] and not luhn_valid(number[:17] + c))
    assert privacy(linter, f"您的身份证号{wrong}已登记") == []


def test_resident_id_with_impossible_birth_date_is_not_reported(linter):
    number = resident_id(birth="19901301", sequence="124")  # month 13, check digit right
    assert not luhn_valid(number)  # so it cannot pass as a card number either
    assert privacy(linter, f"您的身份证号{number}已登记") == []


def test_old_15_digit_resident_id_with_valid_date_is_an_error(linter):
    assert privacy(linter, "旧身份证号320102900307123已登记") == [("CL-P201", "error", "3201*******7123")]


def test_old_15_digit_number_with_invalid_date_is_not_reported(linter):
    assert privacy(linter, "旧档案号320102901307123已登记") == []  # month 13


# -- personal data: bank cards ---------------------------------------------------------------
@pytest.mark.parametrize("number", [CARD_16, CARD_19])
def test_luhn_valid_card_number_is_an_error(linter, number):
    assert privacy(linter, f"请向卡号{number}还款") == [("CL-P202", "error", masked(number))]


def test_luhn_invalid_card_number_is_not_reported(linter):
    wrong = CARD_16[:-1] + str((int(CARD_16[-1]) + 1) % 10)
    assert not luhn_valid(wrong)
    assert privacy(linter, f"请向卡号{wrong}还款") == []


@pytest.mark.parametrize(
    "text, rule",
    [
        (f"卡号{CARD_16[:4]}-{CARD_16[4:8]}-{CARD_16[8:12]}-{CARD_16[12:]}", "CL-P202"),
        (f"卡号 {CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}", "CL-P202"),
        (f"身份证 {resident_id()[:6]} {resident_id()[6:14]} {resident_id()[14:]}", "CL-P201"),
        ("请回电 139 1234 5678", "CL-P203"),
    ],
)
def test_digits_separated_by_spaces_or_dashes_still_count(linter, text, rule):
    assert [r for r, _, _ in privacy(linter, text)] == [rule]


# -- personal data: phone numbers and look-alikes ------------------------------------------
def test_unmasked_mobile_is_a_warning_shown_masked(linter):
    assert privacy(linter, "紧急联系人电话13812345678已登记") == [("CL-P203", "warning", "138****5678")]


@pytest.mark.parametrize("text", ["客服热线4008208820", "请拨打400-820-8820", "工商银行95588", "官方客服95555为您服务"])
def test_company_hotlines_are_not_personal_data(linter, text):
    assert privacy(linter, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "您尾号1234的银行卡扣款失败",
        "您预留的手机号138****5678已变更",
        "您的卡号6222 **** **** 3446扣款失败",
        "身份证号3201**********1239已核实",
    ],
)
def test_masked_numbers_are_compliant(linter, text):
    assert privacy(linter, text) == []


def test_context_word_marks_a_valid_number_as_an_order_number(linter):
    assert privacy(linter, f"卡号{CARD_19}") != []
    assert privacy(linter, f"订单号{CARD_19}已发货") == []
    assert privacy(linter, f"合同编号{resident_id()}已归档") == []


@pytest.mark.parametrize(
    "text",
    [
        "本期应还1,380,000.00元",
        "金额13800元，请于15日前还款",
        "还款日为20240315",
        "最后还款时间2024-03-15 12:00:00",
        "交易时间20240315120000",
        "订单号202403150012345678已发货",
    ],
)
def test_amounts_dates_and_order_numbers_are_not_personal_data(linter, text):
    assert privacy(linter, text) == []


# -- personal data: placeholders -----------------------------------------------------------
@pytest.mark.parametrize("placeholder", ["{id_number}", "{身份证号}", "{card_no}"])
def test_placeholder_that_carries_a_full_number_is_a_privacy_warning(linter, placeholder):
    assert privacy(linter, f"{{name}}您好，{placeholder}名下借款已逾期") == [("CL-P204", "warning", placeholder)]


@pytest.mark.parametrize("placeholder", ["{card_tail}", "{masked_id}", "{last4}"])
def test_masked_placeholder_is_compliant(linter, placeholder):
    assert privacy(linter, f"{{name}}您好，{placeholder}名下借款已逾期") == []


# -- reported text of personal data --------------------------------------------------------
@pytest.fixture
def pii_file(tmp_path):
    path = tmp_path / "notice.sms"
    path.write_text(f"请联系13812345678，身份证号{resident_id()}，卡号{CARD_16}\n", encoding="utf-8")
    return path


def test_json_output_masks_personal_data_by_default(cli, pii_file):
    result = cli(["check", "--format", "json", str(pii_file)])
    texts = [d["text"] for d in json.loads(result.stdout)["diagnostics"]]
    assert texts == ["138****5678", masked(resident_id()), masked(CARD_16)]
    assert all(number not in result.stdout for number in ("13812345678", resident_id(), CARD_16))


def test_show_matches_prints_personal_data_unmasked_in_json(cli, pii_file):
    result = cli(["check", "--format", "json", "--show-matches", str(pii_file)])
    texts = [d["text"] for d in json.loads(result.stdout)["diagnostics"]]
    assert texts == ["13812345678", resident_id(), CARD_16]
