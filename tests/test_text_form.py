"""How text is written — no punctuation (ASR), polite 您, a question without its mark — does not
change what is found (issue 11; measured by bench/robustness.py)."""

from pathlib import Path

import pytest

from collect_lint import Linter
from collect_lint.engine.normalize import Normalizer

FIXTURE = Path(__file__).parent / "fixtures" / "engine.toml"


@pytest.fixture(scope="module")
def engine():
    return Linter(rulesets=[FIXTURE], backend="default")


def found(engine, text):
    return [(d.rule, d.text) for d in engine.check(text)]


# -- negation scope in unpunctuated text -------------------------------------------------------
def test_concession_ends_negation_scope_without_punctuation(engine):
    assert found(engine, "你不理我没关系我们上门催收") == [("CL-T902", "上门催收")]


def test_agent_side_as_new_subject_ends_negation_scope(engine):
    assert found(engine, "若仍不缴费我们将上门催收") == [("CL-T902", "上门催收")]


def test_sentence_final_particle_ends_negation_scope(engine):
    assert found(engine, "你不是很有钱吗明天上门催收") == [("CL-T902", "上门催收")]


def test_i_tell_you_ends_negation_scope(engine):
    assert found(engine, "别以为躲得掉我告诉你上门催收是迟早的事") == [("CL-T902", "上门催收")]


def test_negation_still_reaches_an_object_we(engine):
    assert found(engine, "不会让我们的人上门催收") == []


def test_negation_before_we_still_cancels(engine):
    assert found(engine, "我们不会上门催收") == []


def test_negated_payment_still_reads_as_condition(engine):
    assert found(engine, "你不缴费我们上门催收") == [("CL-T902", "上门催收")]


# -- the example of issue 11, on the shipped rules ---------------------------------------------
def test_unpunctuated_threat_after_negated_debtor_action_is_flagged(codes):
    assert "CL-T010" in codes("你不接电话没关系我们的人会直接去你单位")


def test_negated_workplace_visit_without_punctuation_is_not_flagged(codes):
    assert "CL-T010" not in codes("我们的人不会直接去你单位")


# -- polite 您 reads as 你 ---------------------------------------------------------------------
def test_polite_you_is_normalised_to_you():
    assert Normalizer().normalize("您好").text == "你好"


def test_insult_with_polite_you_is_flagged(categories):
    assert "insult" in categories("瞅您那熊样，几百块都拿不出来。")


def test_praise_for_paying_off_with_polite_you_is_not_an_insult(categories):
    assert "insult" not in categories("您可真厉害，这么快就还清了。")


def test_debtor_schedule_told_back_is_not_a_night_call(categories):
    assert "hours" not in categories("你说每天凌晨要上早班，我们就在下午联系你。")


# -- a yes/no question without its question mark (ASR) ----------------------------------------
def test_unpunctuated_yes_no_question_is_asked_not_stated(categories):
    assert "deception" not in categories("被起诉了会坐牢吗")


def test_unpunctuated_statement_of_jail_is_still_deception(categories):
    assert "deception" in categories("你不还钱就会坐牢")


def test_stakeout_the_debtor_reported_asked_back_is_not_a_threat(categories):
    assert "threat" not in categories("您说有人在您家楼下蹲守讨债？那不是我司人员，建议您报警。")


def test_stakeout_after_you_say_is_still_a_threat(codes):
    assert "CL-T018" in codes("你说你不还，我们就派人在你家楼下蹲守。")


# -- letter-spaced text ------------------------------------------------------------------------
def test_letter_spaced_digits_are_joined():
    assert Normalizer().normalize("分 期 最 长 6 0 期").text == "分期最长60期"


def test_spaces_between_words_are_kept():
    assert Normalizer().normalize("I will call you at 9 am").text == "i will call you at 9 am"


def test_joined_letter_spaced_text_maps_back_to_the_original():
    text = "卡 号 6 2 2 8 请 核 对"
    norm = Normalizer().normalize(text)
    start = norm.text.index("6228")
    begin, end = norm.span(start, start + 4)
    assert text[begin:end] == "6 2 2 8"


def test_batch_normalisation_of_letter_spaced_text_matches_the_item_alone():
    normalizer = Normalizer()
    text = "转 账 2 0 0 0 元"
    assert normalizer.normalize_text("正常文本\x00" + text).split("\x00")[1] == normalizer.normalize(text).text


def test_letter_spaced_bank_card_is_found_and_stays_masked(linter):
    found = [d for d in linter.check("请核对您的银行卡号：6 2 2 8 4 8 0 6 1 2 3 4 5 6 7 5 。") if d.rule == "CL-P202"]
    assert [d.text for d in found] == ["6 2 2 8 * * * * * * * * 5 6 7 5"]


# -- 我司 as 我们 -----------------------------------------------------------------------------------
def test_false_affiliation_introduced_with_our_company_is_flagged(categories):
    assert "disclosure" in categories("我司是人民调解委员会，你的逾期纠纷请点击链接完成还款。")


def test_true_affiliation_introduced_with_our_company_is_not_flagged(categories):
    assert "disclosure" not in categories("我司是XX消费金融公司，工号1234，来电提醒您本期账单。")


def test_first_person_subject_ends_negation_scope(codes):
    assert "CL-S006" in codes("喂是我啊听不出来了我是你老同学你现在在哪儿上班")


def test_negation_still_reaches_an_i_governed_by_the_negated_verb(engine):
    assert found(engine, "不是我要上门催收") == []


def test_particle_after_the_hit_does_not_end_negation_scope(engine):
    assert found(engine, "我们不会上门催收吧") == []


def test_agent_side_that_can_act_ends_negation_scope(engine):
    assert found(engine, "钱还不上我们可以上门催收") == [("CL-T902", "上门催收")]


# -- spoken fillers --------------------------------------------------------------------------------
def test_elided_report_after_a_filler_is_still_a_report(categories):
    assert "deception" not in categories("嗯说要抓人 → 记住！民间借贷不还钱是民事纠纷，不是刑事犯罪。")


def test_threat_after_a_filler_is_still_flagged(categories):
    assert "deception" in categories("嗯你再不还钱就抓你去坐牢。")
