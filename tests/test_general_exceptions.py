"""Shared exception classes that apply to every content rule: descriptions of collection
methods, phrases mentioned in quotes, and safety-service messages are not the agent's own
threats. Hard negatives next to the violations they resemble."""


def test_collection_methods_listed_as_a_kind_of_conduct_are_not_a_threat(categories):
    assert categories("物业已经通过上门等方式进行了多次催缴，所以才把这部分人公示出来。", kind="sms") == set()


def test_methods_a_lender_used_told_as_a_story_are_not_a_threat(categories):
    assert categories("等到阿窿上门追债，使出泼红漆、锁大门、写大字报等手段要钱。", kind="sms") == set()


def test_a_threat_quoted_as_a_phrase_is_not_a_threat(categories):
    assert categories("我脑海里直接蹦出了“给你点颜色看看”的中文式表达。", kind="sms") == set()


def test_a_threat_in_scare_quotes_is_still_a_threat(categories):
    assert "threat" in categories("再不还钱，就“封家”！", kind="sms")


def test_scam_warnings_quoting_false_claims_are_not_deception(categories):
    assert categories("骗子往往会用恐吓手段，“不还钱就起诉”“冻结你的银行账户”“上门讨债”等，试图让你陷入恐慌。", kind="sms") == set()


def test_a_safety_service_contacting_the_emergency_contact_is_no_privacy_breach(categories):
    assert categories("在户外活动中，如遇紧急情况，我们将第一时间联系您的紧急联系人，确保您的安全。", kind="sms") == set()


def test_contacting_the_emergency_contact_to_press_for_payment_is_still_flagged(categories):
    assert categories("再不还钱，我们马上联系您的紧急联系人。", kind="sms") & {"privacy", "threat"}


def test_a_debtor_asking_about_what_the_collector_said_is_not_deception(categories):
    assert categories("对方在电话里说要让我坐牢，这合法吗？", kind="sms") == set()


def test_a_debtor_telling_that_the_family_knows_is_no_privacy_breach(categories):
    assert categories("我爸妈都知道我欠钱了，是我自己告诉他们的。", kind="sms") == set()


def test_talk_about_a_word_is_no_insult(categories):
    assert categories("老赖这个词带有贬义，不宜使用。", kind="sms") == set()


def test_the_word_used_on_the_debtor_is_still_an_insult(categories):
    assert "insult" in categories("你这个老赖，赶紧还钱。", kind="sms")


def test_scam_tricks_described_as_fabrications_are_not_deception(categories):
    assert categories("常见套路包括：谎称紧急联系人需承担连带责任；虚构债务违约将启动法律程序，要求支付解冻费。", kind="sms") == set()


def test_paying_into_the_customers_own_chosen_account_is_no_personal_channel(categories):
    assert categories("请您在应交保费日前将续期保费存入您指定的银行账户。", kind="sms") == set()
