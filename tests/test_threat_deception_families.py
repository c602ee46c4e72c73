"""Threat and deception families added in rules round 5 (issue 11), with hard negatives.

Each family is checked on phrasings that share no wording with the rule's own examples, and on
the negatives that share its words: compliant firm language, negations, reported speech,
customer speech and benign uses of the same characters.
"""


# -- CL-T040 mishap-insinuation ----------------------------------------------------------------

def test_hinting_the_debtors_car_may_be_set_alight_is_a_threat(categories):
    assert "threat" in categories("你家那辆电动车停楼下挺显眼的，哪天被人点了可别怪我。")


def test_hinting_an_accident_on_the_way_home_is_a_threat(categories):
    assert "threat" in categories("欠钱不还，小心哪天出门被车撞。")


def test_asking_whether_insurance_pays_for_a_smashed_car_is_not_a_threat(codes):
    assert "CL-T040" not in codes("你家的车要是被砸了，保险能赔吗？")


# -- CL-T041 travelling-to-debtor --------------------------------------------------------------

def test_field_staff_already_on_the_way_to_the_home_is_a_threat(categories):
    assert "threat" in categories("我的人正在赶往你公司的路上。")


def test_tickets_bought_to_the_debtors_home_town_is_a_threat(categories):
    assert "threat" in categories("我们外勤已经买好了去你老家的车票。")


def test_staff_already_dispatched_with_wait_at_home_is_a_threat(categories):
    assert "threat" in categories("人已经派过去了，你在家等着吧。")


def test_cantonese_brothers_coming_up_now_is_a_threat(categories):
    assert "threat" in categories("唔還錢，我哋班兄弟即刻上嚟。")


def test_customer_who_bought_a_ticket_home_is_not_a_threat(categories):
    assert "threat" not in categories("客户：我已经买好了去老家的车票，下周回来就还。")


def test_parcel_already_dispatched_is_not_a_threat(categories):
    assert "threat" not in categories("人已经派过去了，你在家等着收快递吧。")


def test_colleagues_on_the_way_to_a_meeting_is_not_a_threat(categories):
    assert "threat" not in categories("我们正在赶往会场的路上，请稍等。")


# -- CL-T042 dare / CL-T046 wait-for-it ----------------------------------------------------------

def test_daring_the_debtor_not_to_pay_is_a_threat(categories):
    assert "threat" in categories("敢不还，你试一试。")


def test_suggesting_the_debtor_tries_a_payment_link_is_not_a_threat(categories):
    assert "threat" not in categories("你试试看这个还款链接能不能打开。")


def test_you_wait_after_a_hung_up_call_is_a_threat(codes):
    assert "CL-T046" in codes("又挂我电话？行，那你等着。")


def test_you_wait_for_the_bill_is_not_a_threat(categories):
    assert "threat" not in categories("你等着，我马上把还款账单发给你。")


# -- CL-T043 maiming-and-hospital ----------------------------------------------------------------

def test_asking_which_limb_the_debtor_wants_to_lose_is_a_threat(codes):
    assert "CL-T043" in codes("钱不还，是想断条胳膊还是少只手？")


def test_asking_after_a_parent_in_intensive_care_is_not_a_threat(categories):
    assert "threat" not in categories("听说你爸住进ICU了，医生怎么说？")


# -- CL-T044 we-know-and-have-been-there ---------------------------------------------------------

def test_village_party_secretary_already_contacted_is_a_threat(codes):
    assert "CL-T044" in codes("村支书那边我们都联系好了，过两天见。")


def test_village_committee_arranging_road_works_is_not_a_threat(categories):
    assert "threat" not in categories("村委会那边已经打过招呼了，明天来人统计低保名单。")


# -- CL-T047 unforeseeable-consequences / CL-T048 death-idioms -----------------------------------

def test_consequences_beyond_imagination_in_collection_is_a_threat(codes):
    assert "CL-T047" in codes("再不处理，会有你想象不到的麻烦。")


def test_unforeseeable_effect_on_credit_record_is_not_a_threat(categories):
    assert "threat" not in categories("逾期会影响您的征信，可能带来意想不到的后果，请尽快还款。")


def test_taiwanese_give_you_death_is_a_threat(categories):
    assert "threat" in categories("不還錢就給你死。")


def test_one_hit_kill_in_a_game_is_not_a_threat(categories):
    assert "threat" not in categories("这个英雄的大招一刀毙命，就问你服不服。")


# -- CL-D034 message-posing-as-court-or-police ---------------------------------------------------

def test_sms_claiming_to_be_sent_by_a_court_is_deception(categories):
    assert "deception" in categories("此短信由XX区人民法院发出，你的欠款纠纷已受理，请速联系。", kind="sms")


def test_ordering_the_debtor_to_report_to_the_police_is_deception(categories):
    assert "deception" in categories("你的欠款问题严重，限你三天内到派出所投案。")


def test_warning_that_the_firm_never_texts_as_a_court_is_not_deception(categories):
    assert "deception" not in categories("请注意，本公司不会以法院名义向您发送短信，如有疑问请拨打12368核实。", kind="sms")


# -- CL-D035 false-criminal-status ---------------------------------------------------------------

def test_debtor_recorded_as_a_fugitive_is_deception(categories):
    assert "deception" in categories("你已被认定为在逃人员，这笔欠款不处理就等着被抓。")


def test_explaining_that_overdue_is_not_a_criminal_case_is_not_deception(categories):
    assert "deception" not in categories("普通逾期属于民事纠纷，不会被列为刑事案件。")


# -- CL-D036 false-jail-place --------------------------------------------------------------------

def test_locked_up_in_detention_for_not_paying_is_deception(categories):
    assert "deception" in categories("欠款再不还，你就等着被送进拘留所。")


def test_visiting_hours_of_a_detention_centre_are_not_deception(categories):
    assert "deception" not in categories("看守所的探视时间是每周三上午。")


# -- CL-D037 false-life-consequences -------------------------------------------------------------

def test_overdue_entered_in_the_childs_school_record_is_deception(categories):
    assert "deception" in categories("你这笔账会直接记进你孩子的学籍。")


def test_passport_refused_because_of_overdue_is_deception(categories):
    assert "deception" in categories("逾期不还，你签证都办不下来。")


def test_passport_refused_for_missing_papers_is_not_deception(categories):
    assert "deception" not in categories("护照办不下来可能是材料不全。")


def test_reassuring_that_credit_record_stays_out_of_the_file_is_not_deception(categories):
    assert "deception" not in categories("征信记录不会进入人事档案，请您放心。")


# -- CL-D038 pay-to-stop-legal-action ------------------------------------------------------------

def test_paying_a_deposit_to_have_the_suit_withdrawn_is_deception(codes):
    assert "CL-D038" in codes("交三千块保证金，我们这边就撤诉。")


def test_anti_fraud_warning_about_unfreezing_fees_is_not_deception(codes):
    assert "CL-D038" not in codes("骗子可能会以缴纳解冻费为借口诱骗你转账，千万不要转。")


# -- precision: true internal and lawful steps ---------------------------------------------------

def test_case_moved_to_the_banks_legal_department_before_suing_is_not_deception(categories):
    text = "您的案件已移交我行法务部门。如您仍不归还欠款，我行将向人民法院提起诉讼。"
    assert "deception" not in categories(text, kind="sms")


def test_collector_claiming_the_account_went_to_our_legal_department_is_still_deception(categories):
    assert "deception" in categories("我是XX公司的法务，你这笔账已经转到我们法务部门处理了。")


def test_etc_toll_blacklist_is_not_a_credit_blacklist(categories):
    assert "deception" not in categories("车辆被列入黑名单后，ETC通道的道闸不会自动抬杆。")


def test_formal_letter_between_firms_about_further_measures_is_not_a_threat(categories):
    text = "请贵公司于约定日期前支付货款，逾期将采取进一步措施。如已付款，请忽略此函。"
    assert "threat" not in categories(text, kind="sms")


def test_discussing_where_a_proverb_comes_from_is_not_a_threat(categories):
    assert "threat" not in categories("跑得了和尚跑不了庙，这句俗语出自哪里？")


# -- the polite pronoun and the firm's own name do not hide a threat ----------------------------

def test_ruin_of_the_family_said_with_the_polite_pronoun_is_a_threat(categories):
    assert "threat" in categories("欠钱不还，我会让您家破人亡。")


def test_family_bearing_the_debt_said_with_the_polite_pronoun_is_a_threat(categories):
    assert "threat" in categories("一小时不处理，家里人得替您扛。")


def test_firm_already_at_the_debtors_compound_is_a_threat(categories):
    assert "threat" in categories("我司已经到您小区了。")


def test_polite_promise_not_to_visit_is_not_a_threat(categories):
    assert "threat" not in categories("我司不会上门打扰您，请您方便时回电。")


def test_agent_repeating_the_debtors_report_of_someone_at_the_door_is_not_a_threat(categories):
    assert "threat" not in categories("您说有人在您家楼下蹲守讨债？那不是我司人员，建议您报警。")


# -- round 5, second pass: families found missing by a fresh paraphrase set ----------------------

def test_cannot_hide_forever_is_a_threat(codes):
    assert "CL-T049" in codes("你在外面躲得了一时，躲不了一世。")


def test_caring_reminder_about_walking_home_at_night_is_not_a_threat(categories):
    assert "threat" not in categories("下雨路滑，晚上走夜路小心点，到家说一声。")


def test_hinting_the_pet_may_come_to_harm_is_a_threat(codes):
    assert "CL-T040" in codes("你家的狗挺可爱的，可别出什么事。")


def test_rhetorical_question_about_a_forced_door_is_a_threat(codes):
    assert "CL-T040" in codes("你就不怕哪天回家发现门被人撬了？")


def test_daily_sit_in_at_the_workplace_is_a_threat(codes):
    assert "CL-T041" in codes("我们会天天去你单位坐着。")


def test_going_to_the_childs_school_is_a_threat(codes):
    assert "CL-T041" in codes("不还钱，你儿子的学校我们也会去一趟。")


def test_police_record_for_a_civil_debt_is_deception(codes):
    assert "CL-D039" in codes("你现在已经在公安系统里挂了号。")


def test_regulator_reporting_an_individual_debtor_is_deception(codes):
    assert "CL-D039" in codes("您的逾期已上报至银保监会，将对您进行通报。")


def test_reassurance_that_debt_leaves_no_police_record_is_not_deception(categories):
    assert "deception" not in categories("民事欠款不会在公安系统留案底，请您放心。")


# -- round 5, third pass: paraphrases of families the dev split only caught literally -----------

def test_child_held_back_by_the_parents_debt_is_deception(codes):
    assert "CL-D040" in codes("你小孩以后读书要受你牵连。")


def test_whole_familys_credit_record_affected_is_deception(codes):
    assert "CL-D040" in codes("不还钱的话你全家人的征信都会受影响。")


def test_relatives_legally_bound_to_repay_is_deception(codes):
    assert "CL-D040" in codes("你家人也得帮你还，这是法律规定的。")


def test_guarantor_parents_bound_to_repay_is_not_deception(codes):
    assert "CL-D040" not in codes("您父母作为担保人，也要承担还款责任。")


def test_already_taken_to_court_is_deception(codes):
    assert "CL-D041" in codes("我们已经把你告到法院了。")


def test_no_suit_filed_yet_is_not_deception(categories):
    assert "deception" not in categories("我们没有起诉您，目前仍可以协商分期。")


def test_making_the_boss_fire_the_debtor_is_a_threat(codes):
    assert "CL-T050" in codes("钱再拖着，我就让你们领导把你辞退。")


def test_workplace_advice_about_being_late_is_not_a_threat(categories):
    assert "threat" not in categories("上班别总迟到，小心领导把你开除。")


def test_do_not_make_us_use_other_means_is_a_threat(codes):
    assert "CL-T032" in codes("别让我们用别的办法。")


def test_promise_not_to_use_other_means_is_not_a_threat(codes):
    assert "CL-T032" not in codes("我们不会采取其他手段，请您放心协商。")


def test_hotel_deposit_unfreezing_is_not_deception(categories):
    assert "deception" not in categories("酒店押金的预授权离店三天才解冻，太慢了。")


# -- round 5, fourth pass ------------------------------------------------------------------------

def test_credit_harmed_unless_an_account_is_closed_is_deception(codes):
    assert "CL-D042" in codes("平台利率超标了，需要马上调整，不然你的信用记录会有问题。")


def test_closing_an_account_does_not_affect_credit_is_not_deception(categories):
    assert "deception" not in categories("注销账户不会影响您的征信。")


def test_already_on_record_at_the_police_station_is_deception(codes):
    assert "CL-D039" in codes("你的欠款已在派出所备过案了。")


def test_court_papers_waiting_to_be_signed_for_is_deception(codes):
    assert "CL-D034" in codes("您有一份法院文书待签收，请按1查询。")


def test_transfer_to_a_supervision_account_is_deception(codes):
    assert "CL-D034" in codes("请把欠款转到监管账户配合核查。")


def test_asking_the_court_to_detain_the_debtor_is_deception(codes):
    assert "CL-D036" in codes("下午五点前不还，就申请法院拘你。")


def test_waiting_at_the_door_until_the_debtor_comes_home_is_a_threat(codes):
    assert "CL-T051" in codes("今晚就在你家楼下，你什么时候回来我什么时候走。")


def test_do_not_force_us_to_get_rough_is_a_threat(codes):
    assert "CL-T051" in codes("别逼我们来硬的。")


def test_promise_not_to_get_rough_is_not_a_threat(categories):
    assert "threat" not in categories("我们不会来硬的，有困难可以慢慢协商。")


def test_asking_when_a_friend_is_back_to_pick_them_up_is_not_a_threat(categories):
    assert "threat" not in categories("你什么时候回来告诉我一声，我去车站接你。")


# -- narrative cues an agent also says in a false legal claim -------------------------------------

def test_you_have_committed_a_crime_is_deception_even_with_a_narrative_word(categories):
    assert "deception" in categories("你伪造资料骗贷，已经构成犯罪了。")


def test_to_avoid_being_sued_with_a_claimed_filing_is_deception(categories):
    assert "deception" in categories("为避免被强制执行，请今天还清，你的案子已经在法院立案了。")


def test_court_reasoning_about_forged_summonses_is_not_deception(categories):
    assert "deception" not in categories("法院认为，被告人伪造法院传票催收，情节严重，构成犯罪。")


def test_avoiding_a_credit_record_by_paying_on_time_is_not_deception(categories):
    assert "deception" not in categories("为避免影响您的征信，请于本月20日前还款。", kind="sms")


# -- CL-T052 escalation-and-watching -------------------------------------------------------------

def test_next_time_it_will_be_more_than_paint_is_a_threat(codes):
    assert "CL-T052" in codes("再不还，下次泼的就不只是油漆了。")


def test_knowing_where_the_parents_graves_are_is_a_threat(codes):
    assert "CL-T052" in codes("不还钱，你爹妈的坟我们也知道在哪。")


def test_family_visit_to_the_parents_graves_is_not_a_threat(categories):
    assert "threat" not in categories("清明节我们一起去给爸妈的坟上扫墓。")


def test_someone_at_the_door_every_day_is_a_threat(codes):
    assert "CL-T052" in codes("錢不還，你家門口每天都會有人。")


def test_couriers_at_the_door_every_day_are_not_a_threat(categories):
    assert "threat" not in categories("你家门口每天都有快递员来送件。")


def test_small_talk_about_a_childs_school_life_is_not_a_threat(categories):
    assert "threat" not in categories("你孩子在学校的表现挺好的，老师也夸他。")
