"""Insult and privacy families widened in rules round 5 (issue 11), with hard negatives.

Each widened family gets a positive case written in words the realworld corpus does not use, and
the negatives that share its characters: compliant firm language, negations, reported speech,
customer speech and benign uses (kinship words, nausea, a callback request).
"""


# -- insult: profanity built on grandmother / mother words ------------------------------------

def test_grandmother_profanity_is_flagged(categories):
    assert "insult" in categories("他奶奶的，又是这套说辞，钱呢？")


def test_grandmother_kinship_with_a_noun_is_not_profanity(categories):
    assert "insult" not in categories("他奶奶的身体好些了吗？还款的事可以缓几天。")


def test_times_sign_spelling_of_the_sb_slur_is_flagged(categories):
    assert "insult" in categories("你个傻×，听不懂吗？")


# -- insult: contempt without swear words (CL-I026, CL-I027) ------------------------------------

def test_thick_skin_comparison_is_flagged(codes):
    assert "CL-I026" in codes("一分钱不还，你的脸皮比城墙拐弯还厚。")


def test_skin_allergy_is_not_thick_skin(codes):
    assert "CL-I026" not in codes("您的脸皮过敏好了吗？还款的事不急这一天。")


def test_bad_luck_to_have_married_the_debtor_is_flagged(codes):
    assert "CL-I026" in codes("欠了一屁股债，你老公娶了你真是倒了血霉。")


def test_only_fit_for_payday_loans_is_flagged(codes):
    assert "CL-I026" in codes("你这智商，也就配借网贷了。")


def test_shrew_label_is_flagged(codes):
    assert "CL-I026" in codes("你这个败家娘们，花钱倒是挺快。")


def test_in_laws_home_is_not_a_shrew_label(codes):
    assert "CL-I026" not in codes("您老婆娘家在外地吧？方便的话周末再联系。")


def test_looked_down_on_while_pressing_for_the_debt_is_flagged(codes):
    assert "CL-I027" in codes("借钱不还还到处躲，你这种人真让人看不起。")


def test_negated_looking_down_is_not_flagged(codes):
    assert "CL-I027" not in codes("我们不会看不起您，谁都有困难的时候，我们一起看看还款计划。")


def test_nausea_is_not_disgust(codes):
    assert "CL-I027" not in codes("您说孕期反应大、有点恶心，那我们改天再联系您还款的事。")


def test_customer_saying_collectors_are_disgusting_is_not_flagged(codes):
    assert "CL-I027" not in codes("客户：你们这种人真让人恶心，天天打电话催钱。")


# -- insult: curses, brains, labels ------------------------------------------------------------

def test_wishing_a_traffic_accident_on_the_debtor_is_flagged(categories):
    assert "insult" in categories("欠钱不还，你出门会被车撞的。")


def test_water_in_the_brain_taunt_is_flagged(categories):
    assert "insult" in categories("你脑子是不是进水了，欠钱不还还敢横。")


def test_only_fit_to_sell_sex_is_flagged(categories):
    assert "insult" in categories("你这种女人就只配去夜总会陪酒还债。")


def test_dog_like_thing_is_flagged(categories):
    assert "insult" in categories("欠钱不还，狗一样的东西。")


def test_you_pig_vocative_is_flagged(categories):
    assert "insult" in categories("你这头猪，说了多少遍了，今天必须还。")


def test_pig_farming_is_not_an_insult(categories):
    assert "insult" not in categories("您家是养猪的吧？出栏后可以先还一部分吗？")


def test_disability_slur_is_flagged(categories):
    assert "insult" in categories("你个死瘸子，还钱。")


def test_spine_poking_shaming_is_flagged(categories):
    assert "insult" in categories("像你这种欠钱不还的就该被人戳脊梁骨。")


def test_parents_wasted_raising_the_debtor_is_flagged(categories):
    assert "insult" in categories("欠钱不还，你爹妈生你真是白瞎了。")


def test_debtor_calling_themself_a_failure_is_not_an_insult(categories):
    assert "insult" not in categories("您说自己是个失败者，其实别这么想，我们可以帮您规划还款。")


# -- privacy: third-party disclosure --------------------------------------------------------

def test_telling_a_colleague_he_has_an_overdue_loan_is_flagged(categories):
    assert "privacy" in categories("他是你们公司的员工吧？他有一笔贷款逾期了。")


def test_notice_to_a_contact_about_their_overdue_debt_is_flagged(categories):
    assert "privacy" in categories("请通知张某，其在本平台的欠款已严重逾期。")


def test_callback_request_without_the_debt_is_not_flagged(categories):
    assert "privacy" not in categories("麻烦您转告李先生，请他方便时回电某某消费金融。")


def test_asking_a_contact_to_persuade_the_debtor_is_flagged(categories):
    assert "privacy" in categories("他的借款已经逾期，如果您能劝说他主动联系我们协商，就是帮他。")


def test_family_made_to_raise_the_money_is_flagged(categories):
    assert "privacy" in categories("欠款今天必须结清，叫你家里人把钱凑一凑。")


def test_suggesting_the_debtor_ask_family_for_help_is_not_flagged(categories):
    assert "privacy" not in categories("您可以问问家人能不能帮忙周转一下。")


def test_contacted_the_childs_teacher_about_the_debt_is_flagged(categories):
    assert "privacy" in categories("你欠款一直不还，我们已经联系了你孩子的班主任。")


def test_landlord_already_contacted_is_flagged(categories):
    assert "privacy" in categories("你的欠款拖了三个月，你的房东我们也联系了。")


def test_employer_landline_held_is_flagged(categories):
    assert "privacy" in categories("再不还钱，你们单位的座机我们已经查到了。")


def test_employer_contact_named_as_a_collection_step_is_flagged(categories):
    assert "privacy" in categories("您的案件将移交外部机构，可能采取上门走访、单位联系等催收手段。")


def test_promise_not_to_contact_the_employer_is_not_flagged(categories):
    assert "privacy" not in categories("我们不会联系您的单位，请您本人尽快处理欠款。")


def test_family_listed_for_one_by_one_calls_is_flagged(categories):
    assert "privacy" in categories("再不还钱，你的老婆、孩子、父母，我们会一个个打电话。")


def test_telling_the_boss_to_come_and_talk_is_flagged(categories):
    assert "privacy" in categories("让你领导来跟我说，你欠的钱到底什么时候还。")


# -- privacy: public exposure and group chats ---------------------------------------------------

def test_refuses_to_pay_public_notice_is_flagged(categories):
    assert "privacy" in categories("李某某，男，欠款两万元拒不归还，特此公告。")


def test_ordinary_public_notice_is_not_flagged(categories):
    assert "privacy" not in categories("小区停水检修时间为周三上午，特此公告。")


def test_photo_made_into_a_wanted_poster_is_flagged(categories):
    assert "privacy" in categories("你再不还钱，你的照片已经做成通缉令了。")


def test_inside_the_family_group_already_is_flagged(categories):
    assert "privacy" in categories("还不还钱？你的家族群我们已经进去了。")


def test_call_records_contacts_will_be_called_is_flagged(categories):
    assert "privacy" in categories("不还钱的话，你经常联系的那几个人我们都会挨个打。")


def test_cantonese_telling_the_boss_is_flagged(categories):
    assert "privacy" in categories("你欠錢嘅事，我哋會同你老細講。")


def test_news_about_wanted_posters_is_not_flagged(categories):
    assert "privacy" not in categories("据报道，催收公司把借款人照片做成通缉令发给亲友。")


# -- insult: words glued into longer tokens, dialect, self-talk ---------------------------------

def test_shameless_glued_to_a_prefix_is_flagged(categories):
    assert "insult" in categories("你个死不要脸的，欠钱不还。")


def test_taiwanese_coward_slur_is_flagged(categories):
    assert "insult" in categories("你這個俗辣，電話都不敢接。")


def test_speaker_calling_themself_worthless_is_not_an_insult(categories):
    assert "insult" not in categories("我真是个废物，连这点钱都还不上。")


def test_debtor_insulting_collectors_is_not_the_agents_insult(categories):
    assert "insult" not in categories("你们这些催收的真不要脸，天天打电话骚扰我。")


def test_agent_insult_after_a_first_person_phrase_is_still_flagged(categories):
    assert "insult" in categories("我真是服了你这个老赖。")


# -- privacy: the debtor's own telling and advice are not disclosure ------------------------------

def test_friend_receiving_a_collection_call_told_by_the_debtor_is_not_flagged(categories):
    assert "privacy" not in categories("我朋友接到催收电话，说我是他的紧急联系人，可我根本没填过。")


def test_advice_about_contact_list_blasting_is_not_flagged(categories):
    assert "privacy" not in categories("对于爆通讯录的行为，可以向当地公安机关报案。")


def test_reported_threat_to_tell_the_family_is_not_flagged(categories):
    assert "privacy" not in categories("他骂我是骗子，还说要让我全家都知道。")


def test_service_offer_to_notify_the_debtors_family_is_not_flagged(categories):
    assert "privacy" not in categories("我现在只能帮您给家人发送消息。请问需要通知您的家人吗？")


def test_agent_relaying_what_the_parents_said_is_still_flagged(categories):
    assert "privacy" in categories("我们的人已经去你老家问过你爸妈了，他们说会劝你还钱。")


def test_rhetorical_what_your_parents_know_is_insult_not_disclosure(categories):
    assert "privacy" not in categories("借钱不还，你爸妈知道你是这种货色吗？")


def test_cantonese_family_knowing_the_debt_is_flagged(categories):
    assert "privacy" in categories("你屋企人知唔知你欠咗錢？")


def test_leaflets_at_the_workplace_are_flagged(categories):
    assert "privacy" in categories("再不还钱，就在你工作的地方发传单。")


# -- insult: death taunts, slang, curt expletives (CL-I024, CL-I018, CL-I028) --------------------

def test_are_you_dead_taunt_for_an_unanswered_phone_is_flagged(codes):
    assert "CL-I024" in codes("你是死了吗？电话也不接。")


def test_asking_after_a_bereavement_is_not_a_death_taunt(categories):
    assert "insult" not in categories("您家里是不是有人去世了？节哀，还款的事可以延后。")


def test_fool_spelled_with_carve_is_flagged(categories):
    assert "insult" in categories("傻雕，赶紧还钱。")


def test_low_energy_is_not_low_intelligence(categories):
    assert "insult" not in categories("低能耗的家电可以省电费，省下的钱可以先还一部分。")


def test_taiwanese_expletive_while_pressing_for_money_is_flagged(codes):
    assert "CL-I028" in codes("幹！錢到底還不還？")


def test_cheering_on_the_team_is_not_an_expletive(codes):
    assert "CL-I028" not in codes("大家一起加油干！本月业绩冲一冲。")


def test_customer_shouting_shut_up_is_not_the_agents_insult(codes):
    assert "CL-I028" not in codes("客户：闭嘴！别再打了，钱我会还。")


def test_manners_taunt_while_pressing_for_the_debt_is_flagged(codes):
    assert "CL-I027" in codes("你这人真没素质，借钱不还还骂人。")


def test_wife_was_blind_to_marry_the_debtor_is_flagged(codes):
    assert "CL-I026" in codes("你老婆跟你真是瞎了眼。")


# -- privacy: euphemistic contact procedures, spreading, PII to be sent out ---------------------

def test_contact_procedure_for_emergency_contacts_is_flagged(categories):
    assert "privacy" in categories("张三在我司的借款已逾期，我司已启动对其紧急联系人的联络程序。")


def test_third_party_check_of_the_address_book_is_flagged(categories):
    assert "privacy" in categories("您的借款已逾期，我们将对您的通讯录进行第三方信息核实。")


def test_emergency_contact_used_only_to_reach_the_debtor_is_not_flagged(categories):
    assert "privacy" not in categories("请您提供一个紧急联系人，仅在无法联系到您时使用。")


def test_debt_synced_to_the_social_network_is_flagged(categories):
    assert "privacy" in categories("您的欠款信息已同步至您的社交关系网。")


def test_asking_everyone_to_spread_a_debtor_post_is_flagged(categories):
    assert "privacy" in categories("这个人叫张三，欠我两万块不还，大家帮忙扩散。")


def test_spreading_a_lost_dog_notice_is_not_flagged(categories):
    assert "privacy" not in categories("大家帮忙扩散，这只狗狗走丢了，谢谢。")


def test_id_card_photos_to_be_sent_out_is_flagged(categories):
    assert "privacy" in categories("你的身份证正反面我们都有，再不还就发出去。")


def test_hr_already_took_our_call_is_flagged(categories):
    assert "privacy" in categories("你公司的HR刚才接了我们电话，已经知道你的情况了。")


def test_payment_app_contacts_messaged_is_flagged(categories):
    assert "privacy" in categories("欠款不还，我们会通过你的支付宝好友、淘宝联系人发送催收信息。")


def test_uncle_profanity_is_flagged(categories):
    assert "insult" in categories("草你大爷，钱呢？")


def test_pinyin_scum_label_is_flagged(categories):
    assert "insult" in categories("你这个renzha，还钱。")
