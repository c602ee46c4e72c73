"""Repayment and disclosure families of rules round 5, with hard negatives.

Each family is checked with phrasings that share no wording with the corpus items it was written
from, and against the legitimate language that uses the same words: official channels, the
customer's own account, contractual fees, negations and warnings, reported and customer speech.
"""


# -- CL-R024 given-account-frame: paying into an account the collector hands out ---------------

def test_transfer_to_the_account_the_agent_sent_is_flagged(codes):
    assert "CL-R024" in codes("转账到我给你的那个账号，备注你的名字。")


def test_depositing_into_the_card_listed_below_is_flagged(codes):
    assert "CL-R024" in codes("把钱存到下面这张卡里，存完截图发我。")


def test_paying_onto_the_speakers_own_card_is_flagged(codes):
    assert "CL-R024" in codes("钱直接打我卡上就行。")


def test_scanning_the_code_the_agent_sent_is_flagged(codes):
    assert "CL-R024" in codes("扫一下我发你的这个码，付完截图给我。")


def test_announcing_a_changed_receiving_account_is_flagged(codes):
    assert "CL-R024" in codes("还款账户变更了，请把钱转入以下新账户。")


def test_asking_for_a_red_envelope_is_flagged(codes):
    assert "CL-R024" in codes("你用微信给我发个红包，两千块，今天就算你还了。")


def test_cash_handed_to_the_visiting_man_is_flagged(codes):
    assert "CL-R024" in codes("你到时候把钱交给上门的那个小伙子就行。")


def test_the_account_number_sent_by_message_is_flagged(codes):
    assert "CL-R024" in codes("我把账号发你微信，转完跟我说一声。")


def test_the_salesmans_payment_code_is_flagged(codes):
    assert "CL-R024" in codes("这个是我们业务员的收款码，你扫了就行。")


def test_cantonese_cash_to_our_colleague_is_flagged(codes):
    assert "CL-R024" in codes("現金交畀我哋同事就得，唔使經公司。")


def test_traditional_characters_for_this_account_are_flagged(codes):
    # 帳戶 reads as 账户, so the personal-channel rule CL-R015 (这个账户) takes the span first
    assert {"CL-R015", "CL-R024"} & set(codes("你把錢轉到這個帳戶，我幫你處理。"))


def test_the_official_corporate_account_is_not_a_given_account(codes):
    assert "CL-R024" not in codes("还款请转入我司对公账户：XX消费金融有限公司，开户行XX银行。")


def test_the_customers_bound_repayment_card_is_not_a_given_account(codes):
    assert "CL-R024" not in codes("请把本期款项存到您绑定的还款卡上，系统会自动扣款。")


def test_the_customers_own_chosen_account_is_not_a_given_account(codes):
    assert "CL-R024" not in codes("请您在应交保费日前将续期保费存入您指定的银行账户。")


def test_a_warning_against_unknown_accounts_is_not_flagged(codes):
    assert "CL-R024" not in codes("凡是要求转到陌生账户的都是诈骗，请勿转账。")


def test_a_customer_asking_to_pay_into_a_given_account_is_not_flagged(codes):
    assert "CL-R024" not in codes("客户：我能把钱转到你给的这个账号吗？")


def test_a_customer_asking_for_the_friends_account_number_is_not_flagged(codes):
    assert "CL-R024" not in codes("把你工行卡号发给我吧，我直接转帐给你。")


def test_a_question_about_changing_the_own_repayment_card_is_not_flagged(codes):
    assert "CL-R024" not in codes("还款卡号变更怎么办？")


def test_an_insurance_payout_to_the_customers_account_is_not_flagged(codes):
    assert "CL-R024" not in codes("理赔款会转到您提供的这个银行账户，请注意查收。")


# -- CL-R025 erase-record-for-pay-frame -------------------------------------------------------

def test_paying_to_wipe_the_overdue_record_is_flagged(codes):
    assert "CL-R025" in codes("花三千块，帮你把征信上的逾期记录删干净。")


def test_an_insider_who_can_remove_bad_records_is_flagged(codes):
    assert "CL-R025" in codes("我们有内部关系，可以把你的不良记录撤掉，费用另算。")


def test_a_price_for_repairing_the_credit_report_is_flagged(codes):
    assert "CL-R025" in codes("我认识征信中心的人，五千块给你修复干净。")


def test_records_expiring_after_five_years_are_not_a_paid_erasure(codes):
    assert "CL-R025" not in codes("不良记录自结清之日起保存5年，到期自动删除。")


def test_the_free_objection_procedure_is_not_a_paid_erasure(codes):
    assert "CL-R025" not in codes("如认为征信记录有误，可以向征信中心免费提出异议申请。")


def test_a_warning_that_paid_erasure_is_a_scam_is_not_flagged(codes):
    assert "CL-R025" not in codes("任何声称收费删除不良记录的都是骗局，请勿轻信。")


# -- fees: CL-R016 / CL-R020 widened ------------------------------------------------------------

def test_an_assessment_fee_before_a_reduction_is_flagged(categories):
    assert "repayment" in categories("我们先收5000元评估费，评估完再谈减免方案。")


def test_a_daily_surcharge_named_as_a_management_fee_is_flagged(categories):
    assert "repayment" in categories("每天多收你50块滞纳管理费，直到还清为止。")


def test_a_success_fee_as_a_share_of_the_debt_is_flagged(categories):
    assert "repayment" in categories("我们帮你跟银行谈分期，事成之后收你欠款的百分之十五。")


def test_the_surplus_called_our_collection_cost_is_flagged(categories):
    assert "repayment" in categories("本金一万，现在你得还一万五，多的是我们的催收成本。")


def test_withdrawing_the_suit_for_a_fee_is_flagged(categories):
    assert "repayment" in categories("撤诉可以，先拿三千块诉讼费过来。")


def test_contractual_instalment_fees_are_not_flagged(categories):
    assert "repayment" not in categories("本期账单包含分期手续费45元，为合同约定费用。")


def test_a_free_deferral_application_is_not_flagged(categories):
    assert "repayment" not in categories("申请延期不收取任何费用，请在App提交。")


# -- borrowing elsewhere, selling, asking family (CL-R018 / CL-R021 widened) ------------------

def test_selling_the_car_to_have_money_is_flagged(categories):
    assert "repayment" in categories("你名下不是有车吗，把车卖了不就有钱还了。")


def test_applying_for_any_loan_to_clear_ours_is_flagged(categories):
    assert "repayment" in categories("网上那么多贷款平台，随便申请一个先把我们这笔平了。")


def test_a_new_credit_card_to_pay_the_old_debt_is_flagged(categories):
    assert "repayment" in categories("你再开一张信用卡，用新信用卡还旧账。")


def test_borrowing_from_him_to_repay_today_is_flagged(categories):
    assert "repayment" in categories("你不是有个朋友开店吗，找他借两万先还上。")


def test_a_brother_paying_for_the_debtor_is_flagged(categories):
    assert "repayment" in categories("让你哥先帮你还了，以后你再还他。")


def test_the_debtors_own_plan_to_sell_the_car_is_not_flagged(categories):
    assert "repayment" not in categories("您说打算卖车还款，我们尊重您的安排，也可以申请延期。")


def test_a_customer_saying_they_borrowed_from_a_friend_is_not_flagged(categories):
    assert "repayment" not in categories("客户：我找朋友借了两万，下午先还一部分。")


def test_switching_to_a_new_repayment_card_is_not_borrowing(categories):
    assert "repayment" not in categories("我卡掉了，现在用新卡还款。")


# -- CL-S015 no-identity-opener ------------------------------------------------------------

def test_opening_with_the_name_check_and_the_debt_is_flagged(codes):
    assert "CL-S015" in codes("喂，张三是吧？你欠的钱该还了。")


def test_you_are_so_and_so_then_the_debt_is_flagged(codes):
    assert "CL-S015" in codes("你是王五吧，你信用卡欠了三万还不还？")


def test_name_check_with_firm_and_staff_number_is_not_flagged(codes):
    assert "CL-S015" not in codes("张先生是吧？我是安心消费金融的李娜，工号1023，来电提醒您本期账单。")


def test_a_rhetorical_is_that_so_is_not_an_opener(codes):
    assert "CL-S015" not in codes("不还钱是吧？那就等着法院的传票吧。")


def test_asking_a_third_party_who_they_are_is_not_an_opener(codes):
    assert "CL-S015" not in codes("您是他同学吧？麻烦您转告他给某某银行回个电话。")


def test_only_the_first_utterance_of_a_script_counts(codes):
    script = "坐席：您好，我是XX银行的王敏，工号1023。\n坐席：李四是吧？你这笔逾期两个月了。"
    assert "CL-S015" not in codes(script)


def test_refusing_to_name_the_company_is_flagged(categories):
    assert "disclosure" in categories("不用管我哪个公司，欠钱还钱天经地义。")


# -- CL-S005 pretext-as-authority: wider bodies, narrower exceptions --------------------------

def test_a_header_naming_the_credit_reference_centre_is_flagged(categories):
    assert "disclosure" in categories("【征信中心】您的个人信用即将被列入失信名单。", kind="sms")


def test_claiming_to_be_cyber_police_is_flagged(categories):
    assert "disclosure" in categories("我们是网警，你的网贷记录涉嫌违法。")


def test_a_pretext_saying_only_payment_proves_innocence_is_still_flagged(categories):
    assert "disclosure" in categories("我是公安局的，配合调查才能证明你的清白。")


def test_a_pretext_that_says_borrower_is_still_flagged(categories):
    assert "disclosure" in categories("我是法院的，你作为债务人必须马上还款。")


def test_a_warning_that_police_do_not_act_by_phone_is_not_flagged(categories):
    assert "disclosure" not in categories("公安局不会在电话里办案，请警惕冒充公检法的诈骗。")


def test_a_named_law_firm_reserving_the_right_to_sue_is_not_flagged(categories):
    text = "【XX律师事务所】受XX银行委托，如协商不成，我司保留依法提起诉讼的权利。"
    assert "disclosure" not in categories(text, kind="sms")


# -- Cantonese pretexts (CL-S006, CL-S010) ----------------------------------------------------

def test_cantonese_friend_pretext_to_locate_is_flagged(categories):
    assert "disclosure" in categories("我係佢朋友，搵佢有啲急事，佢而家住邊度？")


def test_cantonese_finance_company_without_a_name_is_flagged(categories):
    assert "disclosure" in categories("我係財務公司嘅，你唔還錢我哋會上門。")


def test_a_named_finance_company_with_staff_number_is_not_flagged(categories):
    assert "disclosure" not in categories("我係力高財務公司嘅陳先生，工號0321，想同你傾下還款安排。")


# -- CL-S005 without 我是 / CL-S010 generic organisations ---------------------------------------

def test_putting_the_call_through_to_the_police_is_flagged(categories):
    assert "disclosure" in categories("您的身份证涉嫌一起洗钱案件，现在帮您转接公安局。")


def test_a_notice_said_to_come_from_a_court_is_flagged(categories):
    assert "disclosure" in categories("本通知由XX区人民法院发出，请你在三日内到庭。", kind="sms")


def test_greeting_as_an_investigation_unit_is_flagged(categories):
    assert "disclosure" in categories("喂，你好，市局经侦支队，找一下王某某。")


def test_putting_the_call_through_to_customer_service_is_not_flagged(categories):
    assert "disclosure" not in categories("我帮您转接人工客服，请稍等。")


def test_a_lawyer_announcing_himself_as_such_is_not_a_disclosure_pretext(categories):
    assert "disclosure" not in categories("我以律师身份正式通知你，明天上午九点前不还款，就会被列为被告。")


def test_a_bare_asset_company_without_a_name_is_flagged(categories):
    assert "disclosure" in categories("我是资产公司的，你的债权转让给我们了。")


def test_the_app_you_borrowed_from_as_the_only_identity_is_flagged(categories):
    assert "disclosure" in categories("我是你借款那个App的。")


def test_a_named_asset_company_with_staff_number_is_not_flagged(categories):
    assert "disclosure" not in categories("我们是XX资产管理公司，受XX银行委托与您联系，工号0098。")


# -- hours (CL-H003, CL-H005, CL-H006) --------------------------------------------------------

def test_calling_the_parents_at_midnight_is_flagged(categories):
    assert "hours" in categories("半夜我给你爸妈打电话，看他们睡不睡得着。")


def test_a_traditional_script_call_at_half_past_eleven_is_flagged(categories):
    assert "hours" in categories("今晚十一時半再致電閣下。")


def test_meeting_at_the_door_at_four_in_the_morning_is_flagged(categories):
    assert "hours" in categories("凌晨四点你家门口见。")


def test_announcing_no_calls_after_ten_is_not_flagged(categories):
    assert "hours" not in categories("晚上十点以后系统停止外呼，请您白天回电。")


def test_a_night_help_line_is_not_flagged(categories):
    assert "hours" not in categories("遇到紧急情况，半夜也可以打电话给我们的24小时客服热线。")


# -- CL-R026 paid-relief-service-frame --------------------------------------------------------

def test_a_paid_instalment_service_is_flagged(codes):
    assert "CL-R026" in codes("专业处理网贷逾期，停息挂账，最长分60期，成功后收费。")


def test_a_hardship_certificate_sold_per_copy_is_flagged(codes):
    assert "CL-R026" in codes("我们可以帮你开具困难证明，一份500元，银行看了就给你减免。")


def test_answering_collection_calls_for_a_monthly_fee_is_flagged(codes):
    assert "CL-R026" in codes("你把手机号卡寄过来，我们替你接催收电话，收费按月算。")


def test_the_bank_offering_free_instalments_is_not_a_paid_service(codes):
    assert "CL-R026" not in codes("如需协商还款，请直接联系我行客服，我行不收取任何费用。")


def test_a_warning_about_relief_scams_is_not_flagged(codes):
    assert "CL-R026" not in codes("请警惕“停息挂账”“债务优化”等代理维权骗局。")


def test_explaining_monthly_payments_after_restructuring_is_not_flagged(codes):
    assert "CL-R026" not in codes("个性化分期申请成功后，每月按新的还款计划按月还款。")


def test_a_customer_asking_about_instalment_costs_is_not_flagged(categories):
    assert "repayment" not in categories("花呗分期要多交多少钱", kind="sms")
