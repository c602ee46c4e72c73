"""The phrase, pii and placeholder rule types, on a small test ruleset (tests/fixtures/engine.toml)."""

from pathlib import Path

import pytest

from collect_lint import Linter

FIXTURE = Path(__file__).parent / "fixtures" / "engine.toml"


@pytest.fixture(scope="module")
def engine():
    return Linter(rulesets=[FIXTURE], backend="default")


def found(engine, text, kind="script"):
    return [(d.rule, d.text) for d in engine.check(text, kind=kind)]


def test_pattern_is_found(engine):
    assert found(engine, "再不还钱弄死你") == [("CL-T902", "弄死你")]


def test_negated_pattern_is_not_reported(engine):
    assert found(engine, "我们不会上门催收") == []


def test_negation_reaches_across_an_enumeration(engine):
    assert found(engine, "不存在拘留、上门催收这种事") == []


def test_negated_debtor_action_does_not_cancel_the_threat(engine):
    assert found(engine, "你不还钱我们就上门催收") == [("CL-T902", "上门催收")]


def test_not_knowing_is_no_negation_of_what_follows(engine):
    assert found(engine, "不知道哪天我们就上门催收") == [("CL-T902", "上门催收")]


def test_negation_stops_at_a_comma(engine):
    assert found(engine, "你不还，我们上门催收") == [("CL-T902", "上门催收")]


def test_rule_can_turn_negation_off(engine):
    assert found(engine, "你不是老赖吗") == [("CL-I901", "老赖")]


def test_requires_needs_the_context_in_the_same_sentence(engine):
    assert found(engine, "再不还钱我们明天就上门") == [("CL-T901", "上门")]


def test_requires_context_in_another_sentence_does_not_count(engine):
    assert found(engine, "再不还钱也没关系。明天上门拜访") == []


def test_exception_containing_the_hit_cancels_it(engine):
    assert found(engine, "再不方便的话可以预约上门") == []


def test_hit_inside_a_longer_word_is_not_reported(engine):
    assert found(engine, "这是诈骗子公司的做法") == []


def test_substring_rule_matches_inside_words(engine):
    assert found(engine, "垃圾人渣") == [("CL-I902", "垃圾人")]


def test_traditional_characters_are_reported_at_the_original_text(engine):
    assert found(engine, "你這個老賴") == [("CL-I901", "老賴")]


def test_symbol_inside_word_is_found_with_original_span(engine):
    assert found(engine, "你这个老*赖") == [("CL-I901", "老*赖")]


def test_romanized_variant_is_found_case_and_space_insensitive(engine):
    assert found(engine, "你就是个 Lao Lai") == [("CL-I901", "Lao Lai")]


def test_romanized_variant_needs_latin_word_boundaries(engine):
    assert found(engine, "请插上usb，邮箱abc.sb@qq.com，型号sbc") == []


def test_homophone_of_a_pattern_is_found(engine):
    assert found(engine, "你个老癞") == [("CL-I901", "老癞")]


def test_customer_speech_is_never_an_agent_violation(engine):
    assert found(engine, "客户：你们才是骗子") == []


def test_speaker_label_shifts_the_column(engine):
    [diagnostic] = engine.check("坐席：你这个老赖", kind="script")
    assert (diagnostic.line, diagnostic.column, diagnostic.end_column) == (1, 7, 9)


def test_script_lines_are_numbered_in_the_original_text(engine):
    [diagnostic] = engine.check("# 注释\n\n您好\n你这个骗子", kind="script")
    assert (diagnostic.line, diagnostic.column) == (4, 4)


def test_placeholder_never_matches_and_never_shifts_columns(engine):
    [diagnostic] = engine.check("{name}老赖", kind="sms")
    assert (diagnostic.column, diagnostic.text) == (7, "老赖")


def test_placeholder_text_is_not_matched(engine):
    assert found(engine, "您好#骗子#，请还款", kind="sms") == []


def test_full_number_placeholder_is_reported(engine):
    assert found(engine, "您的卡号{card_no}已逾期", kind="sms") == [("CL-P904", "{card_no}")]


def test_full_width_placeholder_never_matches_and_never_shifts_columns(engine):
    [diagnostic] = engine.check("｛name｝老赖", kind="sms")
    assert (diagnostic.column, diagnostic.text) == (7, "老赖")


def test_full_width_hash_placeholder_text_is_not_matched(engine):
    assert found(engine, "您好＃骗子＃，请还款", kind="sms") == []


def test_full_number_placeholder_in_full_width_braces_is_reported(engine):
    assert found(engine, "您的卡号｛ｃａｒｄ＿ｎｏ｝已逾期", kind="sms") == [("CL-P904", "｛ｃａｒｄ＿ｎｏ｝")]


def test_masked_placeholder_in_full_width_braces_is_allowed(engine):
    assert found(engine, "您尾号｛card_no_tail｝的卡已逾期", kind="sms") == []


def test_masked_placeholder_is_allowed(engine):
    assert found(engine, "您尾号{card_no_tail}的卡已逾期", kind="sms") == []


def test_valid_resident_id_is_reported_masked(engine):
    assert found(engine, "身份证号11010519491231002X已登记") == [("CL-P901", "1101**********002X")]


def test_resident_id_with_wrong_check_digit_is_ignored(engine):
    assert found(engine, "编号110105194912310021") == []


def test_number_after_an_order_word_is_not_personal_data(engine):
    assert found(engine, "订单号11010519491231002X") == []


def test_luhn_valid_card_with_spaces_is_reported(engine):
    assert found(engine, "请向6222 0200 0000 0000 000还款") == [("CL-P902", "6222 **** **** ***0 000")]


def test_masked_card_is_compliant(engine):
    assert found(engine, "您尾号0008的卡，6222 **** **** 0008") == []


def test_unmasked_mobile_is_a_warning(engine):
    [diagnostic] = engine.check("请联系13812345678", kind="sms")
    assert (diagnostic.rule, diagnostic.severity.value, diagnostic.text) == ("CL-P903", "warning", "138****5678")


def test_show_matches_reveals_personal_data():
    linter = Linter(rulesets=[FIXTURE], backend="default", show_matches=True)
    assert linter.check("请联系13812345678", kind="sms")[0].text == "13812345678"


def test_safe_fix_is_carried_on_the_diagnostic(engine):
    assert engine.check("你这个老赖", kind="sms")[0].fix == "逾期客户"


def test_overlapping_hits_of_one_rule_are_reported_once(engine):
    assert found(engine, "骗子骗子") == [("CL-I901", "骗子"), ("CL-I901", "骗子")]


def test_a_not_a_question_is_not_negation(engine):
    assert found(engine, "你是不是骗子") == [("CL-I901", "骗子")]


def test_must_is_not_negation(engine):
    assert found(engine, "你不得不上门催收") == [("CL-T902", "上门催收")]


def test_negation_reaches_past_an_object(engine):
    assert found(engine, "我们不会把你的事情拿去上门催收") == []


def test_negated_condition_with_turn_word_keeps_the_threat(engine):
    assert found(engine, "不想坐牢的话马上上门催收") == [("CL-T902", "上门催收")]
