"""Disclosure and insult families added in rules round 4 (shipped rules), with hard negatives.

Each new frame or phrase group gets its positive case and the negatives that share its words:
compliant firm language, negations, reported speech, customer speech and benign uses.
"""


# -- CL-S011 identity-counter-question ------------------------------------------------------

def test_counter_question_about_which_lender_is_flagged(codes):
    assert "CL-S011" in codes("哪家公司？你自己借了哪家你不知道吗？")


def test_counter_question_with_the_platform_first_is_flagged(codes):
    assert "CL-S011" in codes("你在哪个平台借的还用问我？")


def test_asking_the_debtor_which_platform_politely_is_not_a_counter_question(codes):
    assert "CL-S011" not in codes("您在哪个平台借的款，方便说一下吗？")


def test_agent_who_then_names_the_firm_and_staff_number_is_not_flagged(codes):
    assert "CL-S011" not in codes("您是不是不清楚在哪家借的？我是XX消费金融公司的，工号1023。")


def test_debtor_saying_they_do_not_know_the_lender_is_not_flagged(codes):
    assert "CL-S011" not in codes("客户：我自己都不知道借了哪家的。")


def test_who_am_i_you_should_know_is_flagged_as_disclosure(categories):
    assert "disclosure" in categories("我是谁你心里没数吗？钱什么时候还？")


# -- CL-S012 deny-collection-purpose -------------------------------------------------------

def test_claiming_a_private_errand_instead_of_collection_is_flagged(codes):
    assert "CL-S012" in codes("我们不是催收的，找他是私事，他住哪你知道吗？")


def test_claiming_to_be_an_old_friend_not_a_collector_is_flagged(codes):
    assert "CL-S012" in codes("放心，我不是来要账的，就是他老朋友，想找他叙叙旧。")


def test_a_due_date_reminder_that_says_it_is_not_collection_is_not_flagged(codes):
    assert "CL-S012" not in codes("您别紧张，我们不是催收的，只是提醒您明天是还款日。")


def test_reminder_mentioning_friends_asking_is_not_a_false_purpose(codes):
    assert "CL-S012" not in codes("我们并不是催收的，只是提醒您还款日，如有朋友问起请转告回电。")


def test_customer_asking_whether_the_caller_collects_is_not_flagged(codes):
    assert "CL-S012" not in codes("客户：你们不是催收的吗？找我朋友干嘛？")


def test_news_reporting_the_false_purpose_is_not_flagged(codes):
    assert "CL-S012" not in codes("新闻称，催收员谎称“不是要账的，是他朋友”，骗取家属信任。")


# -- CL-S007 pretext roles: TV programme -----------------------------------------------------

def test_posing_as_a_tv_programme_to_ask_the_address_is_flagged(codes):
    assert "CL-S007" in codes("我是电视台栏目组的，想问一下张先生住在哪个小区？")


def test_a_tv_station_call_without_asking_whereabouts_is_not_flagged(codes):
    assert "CL-S007" not in codes("我是电视台的，明天来拍节目，请准时到场。")


def test_you_will_know_soon_instead_of_a_staff_number_is_flagged(codes):
    assert "CL-S008" in codes("工号不能告诉你，你很快就会知道。")


# -- insult: sarcasm (CL-I022) ---------------------------------------------------------------

def test_sarcastic_good_job_about_vanishing_is_flagged(codes):
    assert "CL-I022" in codes("你可真是好样的，借了钱就玩消失。")


def test_big_genius_sarcasm_about_the_debt_is_flagged(codes):
    assert "CL-I022" in codes("你真是个大聪明，欠钱还敢换号。")


def test_praise_after_full_repayment_is_not_sarcasm(codes):
    assert "CL-I022" not in codes("您可真厉害，这么快就还清了。")


def test_gone_mad_from_poverty_taunt_is_flagged(codes):
    assert "CL-I022" in codes("你是穷疯了吧，几百块都不还。")


def test_gone_mad_from_poverty_said_about_shopping_is_not_flagged(codes):
    assert "CL-I022" not in codes("你这个月穷疯了吧，买这么多东西。")


def test_dared_to_borrow_but_not_to_repay_is_flagged(codes):
    assert "CL-I022" in codes("有胆子借钱，没胆子还钱？")


# -- insult: labels through the label frame (CL-I015) -------------------------------------

def test_giant_baby_label_aimed_at_the_debtor_is_flagged(codes):
    assert "CL-I015" in codes("你这个巨婴，欠钱还要爸妈还。")


def test_coward_label_aimed_at_the_debtor_is_flagged(codes):
    assert "CL-I015" in codes("你就是个软蛋，欠钱不敢接电话。")


def test_giant_baby_as_a_social_topic_is_not_flagged(categories):
    assert "insult" not in categories("巨婴现象在年轻人中很常见。")


def test_negated_giant_baby_label_is_not_flagged(categories):
    assert "insult" not in categories("我们不会说您是巨婴，只是提醒您按时还款。")


# -- insult: dialect (CL-I018) ---------------------------------------------------------------

def test_shanghainese_slur_is_flagged(codes):
    assert "CL-I018" in codes("小赤佬，钱到底还不还？")


def test_shanghainese_expletive_is_flagged(codes):
    assert "CL-I018" in codes("册那，侬欠的钞票啥辰光还？")


def test_customer_using_a_dialect_slur_is_not_the_agents_violation(categories):
    assert "insult" not in categories("客户：小赤佬，别再打了。")
