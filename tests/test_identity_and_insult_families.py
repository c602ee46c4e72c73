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


# -- CL-S008 / CL-S003 additions ----------------------------------------------------------------

def test_company_withheld_after_a_nickname_is_flagged(codes):
    assert "CL-S008" in codes("叫我小王就行，公司就不说了。")


def test_who_exactly_you_need_not_know_is_flagged(codes):
    assert "CL-S008" in codes("具体是谁你不用知道，先把钱准备好。")


def test_we_will_check_who_called_is_not_a_refusal(codes):
    assert "CL-S008" not in codes("具体是谁打的电话我们会核实，您不用担心。")


def test_asking_back_who_am_i_is_flagged(codes):
    assert "CL-S003" in codes("我是谁？你欠了钱还问我是谁？")


# -- CL-S013 pretext-workplace-or-school ---------------------------------------------------

def test_posing_as_the_spouses_workplace_to_ask_whereabouts_is_flagged(codes):
    assert "CL-S013" in codes("我是你老公单位的，他最近在不在家？")


def test_posing_as_hr_to_confirm_an_address_is_flagged(codes):
    assert "CL-S013" in codes("我是他公司人事部的，想核实一下他的住址。")


def test_posing_as_a_fellow_villager_to_press_for_the_debt_is_flagged(codes):
    assert "CL-S013" in codes("我是你们村的，你家老王欠的钱啥时候还？")


def test_posing_as_a_former_teacher_to_ask_the_address_is_flagged(codes):
    assert "CL-S013" in codes("我是你高中班主任，想问下你现在住哪？")


def test_a_village_doctor_announcing_a_visit_is_not_flagged(codes):
    assert "CL-S013" not in codes("我是你们村的村医，明天来给老人量血压。")


def test_a_colleague_speaking_as_the_customer_is_not_flagged(codes):
    assert "CL-S013" not in codes("客户：我是他单位的同事，他欠的钱我帮忙转告。")


def test_b2b_finance_staff_asking_about_an_invoice_is_not_a_pretext(codes):
    assert "CL-S013" not in codes("我是你们公司的财务，这笔货款什么时候结？")


# -- CL-S014 anonymous-notice-header ---------------------------------------------------------

def test_sms_with_only_a_collection_notice_header_is_flagged(codes):
    assert "CL-S014" in codes("【催收通知】你的欠款已逾期30天，请速回电。", kind="sms")


def test_notice_header_followed_by_the_bank_name_is_not_flagged(codes):
    assert "CL-S014" not in codes("【催收通知】XX银行提醒您，您的信用卡账单已逾期，请通过官方App还款。", kind="sms")


def test_news_quoting_a_final_notice_header_is_not_flagged(codes):
    assert "CL-S014" not in codes("新闻称，不少借款人收到“【最后通知】”短信，实为诈骗。")


# -- CL-I024 family-death-taunt ---------------------------------------------------------------

def test_whole_family_dead_taunt_is_flagged(codes):
    assert "CL-I024" in codes("你全家死绝了是吧，电话都不接。")


def test_parents_dead_taunt_is_flagged(codes):
    assert "CL-I024" in codes("你爹妈死了吗，没人管你？")


def test_condolence_about_a_parents_death_is_not_flagged(categories):
    assert "insult" not in categories("您父亲去世了，我们很遗憾，还款的事可以以后再说。")


def test_asking_who_repays_after_a_death_is_not_a_taunt(codes):
    assert "CL-I024" not in codes("你妈死了以后，欠款谁来还？")


def test_customer_cursing_the_agents_family_is_not_flagged(codes):
    assert "CL-I024" not in codes("客户：你全家死绝了吧，天天打！")


# -- CL-I025 brainless-taunt / CL-I020 / label words ------------------------------------------

def test_no_brain_taunt_while_pressing_for_the_debt_is_flagged(codes):
    assert "CL-I025" in codes("你是不是没长脑子？逾期了还不还。")


def test_no_brain_taunt_without_a_debt_is_not_flagged(codes):
    assert "CL-I025" not in codes("你是不是没长脑子？伞又忘带了。")


def test_negated_no_brain_remark_is_not_flagged(codes):
    assert "CL-I025" not in codes("我们不会说您没长脑子，只是再提醒一次还款日。")


def test_what_is_the_point_of_your_life_is_flagged(codes):
    assert "CL-I020" in codes("你这种人活着有什么意思，欠钱不还。")


def test_debtor_despairing_about_their_own_life_is_not_flagged(categories):
    assert "insult" not in categories("我活着有什么意思，欠了这么多钱。")


def test_liar_label_aimed_at_the_debtor_is_flagged(codes):
    assert "CL-I015" in codes("你就是个撒谎精，说好的钱呢？")


def test_not_wanting_to_be_a_burden_is_not_flagged(categories):
    assert "insult" not in categories("我不想成为家人的累赘，想早点还清。")


def test_cantonese_label_aimed_at_the_debtor_is_flagged(codes):
    assert "CL-I015" in codes("你个孤寒鬼，几百块都唔还。")


def test_cantonese_curse_spelled_around_is_flagged(codes):
    assert "CL-I018" in codes("你个扑该，还钱啦。")


# -- CL-I022 sarcasm: acting, no prospects, pity for the family -----------------------------

def test_oscar_sarcasm_about_excuses_is_flagged(codes):
    assert "CL-I022" in codes("你这演技不去拿奥斯卡可惜了，钱到底还不还？")


def test_drama_queen_label_about_having_no_money_is_flagged(codes):
    assert "CL-I022" in codes("你可真是个戏精，天天说没钱。")


def test_an_oscar_film_mentioned_without_a_debt_is_not_flagged(codes):
    assert "CL-I022" not in codes("这部电影拿奥斯卡了，你看过吗？")


def test_only_this_much_ambition_taunt_is_flagged(codes):
    assert "CL-I022" in codes("你也就这点出息了，几千块都还不上。")


def test_encouragement_that_the_plan_will_not_fail_is_not_flagged(codes):
    assert "CL-I022" not in codes("您的还款计划不会一事无成的，慢慢来。")


def test_pitying_the_debtors_child_is_flagged(codes):
    assert "CL-I022" in codes("你孩子有你这样的爹真可怜，欠钱不还。")


def test_are_you_sick_in_the_head_while_pressing_is_flagged(codes):
    assert "CL-I022" in codes("你是不是有病，欠钱还理直气壮。")


def test_asking_whether_the_debtor_fell_ill_is_not_flagged(codes):
    assert "CL-I022" not in codes("你是不是有病了？身体要紧，还款可以延期。")


def test_debtor_calling_themselves_sick_in_the_head_is_not_flagged(codes):
    assert "CL-I022" not in codes("我是不是有病啊，借了这么多网贷。")


def test_customer_asking_if_the_agent_is_sick_in_the_head_is_not_flagged(codes):
    assert "CL-I022" not in codes("客户：你们是不是有病，我已经还了！")
