"""The built-in reported-speech and question checks (TextFacts.reported, TextFacts.asks) and the
shared exception classes added for unseen real text (generic subjects, the writer among the
debtors, technical text). Each exception is tested both ways: the narrated or asked sentence is
not flagged, the same violation said directly to the debtor still is."""

from collect_lint.checks.context import TextFacts


def _facts(text):
    return TextFacts(text, None)  # sentence bounds and these checks need no segmenter


# -- reported speech: a narrating subject and a report verb before the hit -------------------

def test_a_debt_collectors_threat_reported_by_a_role_and_verb_is_not_a_threat(categories):
    assert categories("讨债人在电话里放话，再不还钱就去你家。", kind="sms") == set()


def test_the_same_threat_said_to_the_debtor_is_a_threat(categories):
    assert "threat" in categories("再不还钱就去你家。", kind="sms")


def test_an_agent_who_starts_with_wo_gen_ni_shuo_still_threatens(categories):
    assert "threat" in categories("我跟你说，再不还钱就去你家。", kind="sms")


def test_a_threat_told_by_a_plaintiff_in_a_court_report_is_not_a_threat(categories):
    assert categories("原告回忆，被告当时放话，再不还钱就砍死你全家。", kind="sms") == set()


def test_killing_the_family_said_to_the_debtor_is_a_threat(categories):
    assert "threat" in categories("再不还钱就砍死你全家。", kind="sms")


def test_a_pronoun_with_a_report_verb_marks_reported_speech(categories):
    assert categories("他们放话，再不还钱就爆你通讯录。", kind="sms") == set()


def test_blasting_the_contact_list_said_directly_is_a_privacy_breach(categories):
    assert "privacy" in categories("再不还钱就爆你通讯录。", kind="sms")


def test_a_source_clause_in_a_news_report_marks_reported_speech(categories):
    assert categories("据知情人透露，再不还钱就砍死你全家。", kind="sms") == set()


def test_a_pronoun_with_plain_shuo_does_not_mark_reported_speech():
    assert _facts("他说不还钱就去你家。").reported(8) is None


def test_a_role_with_plain_shuo_marks_reported_speech():
    assert _facts("网友说不还钱就去你家。").reported(8) == "网友说"


def test_a_source_clause_with_ju_marks_reported_speech():
    assert _facts("据借款人反映，对方要去他家。").reported(10) == "据借款人反映"


def test_a_subject_on_the_agents_own_side_is_not_reported_speech():
    assert _facts("我们催收员说了，不还钱就去你家。").reported(12) is None


def test_a_report_verb_after_the_hit_does_not_report_it():
    assert _facts("去你家，记者说。").reported(1) is None


def test_a_debtor_the_agent_speaks_of_is_no_narrating_subject():
    # 借款人 is how agents name the debtor to a third party (借款人张三告诉我们您是……).
    assert _facts("借款人告诉我们您是他的紧急联系人。").reported(9) is None


# -- a debtor's yes/no question about what may happen ------------------------------------------

def test_a_debtor_asking_whether_a_suit_means_jail_is_not_deception(categories):
    assert categories("被起诉了会坐牢吗？", kind="sms") == set()


def test_asking_the_debtor_whether_they_want_jail_is_deception(categories):
    assert "deception" in categories("你想坐牢吗？", kind="sms")


def test_a_question_with_a_second_person_is_not_a_plain_question():
    assert _facts("你会坐牢吗？").asks(2) is False


def test_a_rhetorical_negated_question_is_not_a_plain_question():
    assert _facts("不还钱难道不会坐牢吗？").asks(8) is False


def test_a_statement_is_not_a_question():
    assert _facts("不还钱会坐牢。").asks(4) is False


# -- shared classes: generic subjects, the writer among the debtors, technical text ---------

def test_some_platforms_contacting_contacts_told_as_a_kind_is_no_privacy_breach(categories):
    assert categories("有些平台会给借款人通讯录里的亲朋好友打电话催款。", kind="sms") == set()


def test_the_writer_among_the_debtors_telling_of_contact_list_blasting_is_no_breach(categories):
    assert categories("催收公司为了尽快收回债务，会采取各种手段，包括爆通讯录，给我们或者我们的联系人带来骚扰。", kind="sms") == set()


def test_blasting_the_debtors_contact_list_said_to_the_debtor_is_a_breach(categories):
    assert "privacy" in categories("再不还钱，我们就爆通讯录。", kind="sms")


def test_ones_own_contact_list_in_advice_is_no_privacy_breach(categories):
    assert categories("不然平台见催收自己没反应，自然就有可能会去联系自己通讯录里的亲朋好友。", kind="sms") == set()


def test_contacting_the_debtors_friends_as_pressure_is_still_flagged(categories):
    assert categories("你再不还，我们只能去联系你通讯录里的亲朋好友。", kind="sms") & {"privacy", "threat"}


def test_an_idiom_in_a_code_comment_is_no_threat(categories):
    assert categories("返回null时再调用就会给你点颜色看看，记得在代码里判空。", kind="sms") == set()


def test_the_idiom_said_to_the_debtor_is_a_threat(categories):
    assert "threat" in categories("再不还钱，给你点颜色看看。", kind="sms")


def test_consequences_at_your_own_risk_in_a_licence_note_is_no_threat(categories):
    assert categories("使用关键代码二次开源请保留原始版权，否则后果自负！", kind="sms") == set()


# -- the debtor's own account and questions about a message --------------------------------

def test_a_debtor_telling_that_collectors_threaten_to_sue_and_jail_them_is_not_deception(categories):
    assert categories("他们说再不还就起诉我，还说要让我坐牢，这是真的吗？", kind="sms") == set()


def test_jail_threatened_to_the_debtor_directly_is_deception(categories):
    assert "deception" in categories("再不还就起诉你，让你坐牢。", kind="sms")


def test_a_debtor_fearing_their_contact_list_is_blasted_is_no_breach(categories):
    assert categories("我怕他们爆我通讯录，到时候全公司都知道我欠钱了。", kind="sms") == set()


def test_telling_the_debtor_the_whole_company_will_know_is_still_flagged(categories):
    assert categories("再不还钱，到时候全公司都知道你欠钱了。", kind="sms") & {"privacy", "threat"}


def test_an_agent_naming_their_own_wifes_card_is_no_debtor_account():
    # 转到我老婆的卡上 is an agent's personal payment channel, not a debtor's account.
    assert _facts("转到我老婆的卡上也一样。").debtor_account(2) is False


def test_an_agents_first_person_threat_without_second_person_is_no_debtor_account():
    assert _facts("别逼我上门。").debtor_account(3) is False


def test_a_debtor_asking_whether_a_blacklist_message_is_real_is_not_deception(categories):
    assert categories("帮我看看这条短信是真的吗：“您已被列入失信黑名单，请立即还款。”", kind="sms") == set()


def test_a_villains_line_in_a_novel_is_no_threat(categories):
    assert categories("小说里反派说：“今天就让你们全家陪葬！”", kind="sms") == set()


def test_the_same_line_said_to_a_debtor_is_a_threat(categories):
    assert "threat" in categories("再不还钱，今天就让你们全家陪葬！", kind="sms")


# -- a quotation introduced by a speech verb, over several sentences -------------------------

def test_a_collectors_words_quoted_over_two_sentences_are_not_a_threat(categories):
    assert categories("催收员在电话里说：“你欠的钱今天必须还。不然我们就去你家，把你欠钱的事告诉你老婆。”", kind="sms") == set()


def test_a_message_quoted_after_its_lead_in_is_not_deception(categories):
    assert categories("他在微信里写道：“欠钱不还的老赖。等着坐牢吧。”", kind="sms") & {"deception"} == set()


def test_the_agent_quoting_their_own_words_with_wo_still_threatens(categories):
    assert "threat" in categories("我跟你说：“你欠的钱今天必须还。不然我们就去你家。”", kind="sms")


def test_bare_quotes_without_a_lead_in_do_not_hide_a_threat(categories):
    assert "threat" in categories("“你欠的钱今天必须还。不然我们就去你家。”", kind="sms")


# -- insult labels: courts acting on 老赖 as a class, a speaker calling themself names --------

def test_a_court_acting_on_deadbeats_as_a_class_is_no_insult(categories):
    assert categories("对待老赖，法院绝不手软。", kind="sms") == set()


def test_calling_the_debtor_a_deadbeat_is_an_insult(categories):
    assert "insult" in categories("对待你这种老赖，我们绝不手软。", kind="sms")


def test_a_debtor_calling_themself_useless_is_no_insult(categories):
    assert categories("我就是个废物，连信用卡都还不上。", kind="sms") == set()


def test_calling_the_debtor_useless_is_an_insult(categories):
    assert "insult" in categories("你就是个废物，连信用卡都还不上。", kind="sms")


# -- a subject left out at the start of a sentence in notes and lists ------------------------

def test_a_note_starting_with_shuo_yao_is_reported_speech(categories):
    assert categories("说要抓人 → 记住！民间借贷不还钱是民事纠纷，不是刑事犯罪。", kind="sms") == set()


def test_shuo_yao_after_we_is_still_the_agents_threat(categories):
    assert "threat" in categories("我们说要上门就一定上门，你等着。", kind="sms")


def test_an_elided_report_after_a_full_stop_counts():
    assert _facts("他们天天打电话。还说要去他老家。").reported(12) == "还说要"


def test_a_debtor_relaying_the_collectors_words_is_left_to_the_rules():
    assert _facts("催收说要爆我通讯录。").debtor_account(4) is False


def test_an_idiom_next_to_a_credit_code_is_not_technical_text(categories):
    # 代码 alone is no technical marker: 统一社会信用代码 is business text.
    assert "threat" in categories("统一社会信用代码已登记，再不还钱给你点颜色看看。", kind="sms")
