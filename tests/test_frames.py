"""The frame rule type and word classes, on a small test ruleset (tests/fixtures/frames.toml)."""

import json
from pathlib import Path

import pytest

from collect_lint import Linter
from collect_lint.models import Item
from collect_lint.rules import RulesetError

FIXTURE = Path(__file__).parent / "fixtures" / "frames.toml"


@pytest.fixture(scope="module")
def engine():
    return Linter(rulesets=[FIXTURE], backend="default")


def found(engine, text, kind="sms"):
    return [(d.rule, d.text) for d in engine.check(text, kind=kind)]


def test_frame_matches_its_slots_in_order(engine):
    assert found(engine, "再不还钱砍你全家") == [("CL-T991", "砍你全家")]


def test_a_class_word_from_an_included_class_fills_the_slot(engine):
    assert found(engine, "小心我捅你老婆") == [("CL-T991", "捅你老婆")]


def test_optional_slot_may_be_missing(engine):
    assert found(engine, "再拖就弄死全家") == [("CL-T991", "弄死全家")]


def test_slots_further_apart_than_the_gap_do_not_match(engine):
    assert found(engine, "砍了好几次价格才买下来给全家") == []


def test_a_comma_ends_the_clause_a_frame_must_fit_in(engine):
    assert found(engine, "要砍，你全家都同意") == []


def test_negated_frame_is_not_reported(engine):
    assert found(engine, "我们绝不会砍你全家") == []


def test_reported_speech_in_the_sentence_cancels_the_frame(engine):
    assert found(engine, "据报道，催收员扬言要砍你全家。") == []


def test_frame_slot_must_sit_on_token_boundaries(engine):
    assert found(engine, "我去砍价了，你家人在吗") == []


def test_every_slot_position_is_explained(engine):
    [d] = engine.check("再不还钱砍你全家", kind="sms")
    assert d.explanation["slots"] == [["@t-harm-verb", "砍"], ["@t-second-person?", "你"], ["@t-family", "全家"]]


def test_frame_position_points_at_the_original_characters(engine):
    [d] = engine.check("再不還錢砍 你全家", kind="sms")
    assert (d.column, d.end_column, d.text) == (5, 10, "砍 你全家")


def test_night_time_in_chinese_numerals_is_read(engine):
    assert found(engine, "夜里十一点半再打给你") == [("CL-H991", "夜里十一点半再打给你")]


def test_evening_time_before_ten_is_allowed(engine):
    assert found(engine, "晚上九点半再打给你") == []


def test_early_morning_clock_time_is_night(engine):
    assert found(engine, "明天早上七点上门") == [("CL-H991", "明天早上七点上门")]


def test_a_bare_clock_time_is_not_assumed_to_be_night(engine):
    assert found(engine, "三点再打给你") == []


def test_any_order_frame_matches_slots_in_another_order(engine):
    assert found(engine, "你名下所有账户法院都会冻结。") == [("CL-D991", "名下所有账户法院都会冻结")]


def test_condition_on_previous_customer_utterance_holds(engine):
    assert found(engine, "客户：他不在，我是他同事\n坐席：麻烦您转告他，他在我们这有笔欠款", kind="script") == [
        ("CL-P991", "转告他，他在我们这有笔欠款")
    ]


def test_condition_on_previous_utterance_fails_without_it(engine):
    assert found(engine, "坐席：麻烦您转告他，他在我们这有笔欠款", kind="script") == []


def test_condition_looks_only_at_the_given_role(engine):
    script = "坐席：他不在吗\n坐席：麻烦您转告他，他在我们这有笔欠款"
    assert found(engine, script, kind="script") == []


def test_position_keeps_only_the_first_utterances(engine):
    script = "坐席：我是他朋友\n客户：哦\n坐席：我是他朋友，没别的事"
    assert [d.line for d in engine.check(script, kind="script")] == [1]


def test_frames_pass_the_batch_prefilter(engine):
    items = [Item(t, "sms") for t in ("您好", "再不还钱砍你全家", "夜里十一点半再打给你", "你名下所有账户法院都会冻结。", "谢谢")]
    assert engine.check_items(items) == [engine.check_item(item) for item in items]


def test_explanation_is_in_json_output(cli, tmp_path):
    path = tmp_path / "t.sms"
    path.write_text("再不还钱砍你全家\n", encoding="utf-8")
    [d] = json.loads(cli(["check", "--isolated", "--ruleset", str(FIXTURE), "--select", "CL-T991", "--format", "json", str(path)]).stdout)["diagnostics"]
    assert d["explanation"]["frame"] == "@t-harm-verb @t-second-person? @t-family"


def test_user_ruleset_extends_a_class(tmp_path):
    extra = tmp_path / "bank.toml"
    extra.write_text('[classes.t-family]\nextend = true\nwords = ["丈母娘"]\n', encoding="utf-8")
    linter = Linter(rulesets=[FIXTURE, extra], backend="default")
    assert [d.rule for d in linter.check("小心我砍你丈母娘", kind="sms")] == ["CL-T991"]


RULE = '[[rules]]\nid = "CL-T990"\nname = "x"\ntype = "frame"\ncategory = "threat"\nseverity = "error"\nmessage = "威胁"\nreference = "刑法"\n'


@pytest.mark.parametrize("body, message", [
    ('frames = ["@nobody 你"]\n', r"bad\.toml: rule CL-T990: field 'frames\.0\.slots': unknown word class '@nobody'"),
    ('frames = ["<amount>"]\n', r"bad\.toml: rule CL-T990: field 'frames\.0': .*no slot to anchor on"),
    ('frames = [{ slots = "砍 你", gap = 50 }]\n', r"bad\.toml: rule CL-T990: field 'frames\.0\.gap': .*bounded gap"),
    ('frames = ["砍 你"]\nunless = [{ any = ["据报道"], scope = "chapter" }]\n', r"field 'unless\.0\.scope': unknown scope 'chapter'"),
    ('frames = ["砍 <time>"]\n', r"field 'frames\.0\.slots': .*unknown value <time>"),
])
def test_bad_frame_rules_are_one_line_naming_file_rule_and_field(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(RULE + body, encoding="utf-8")
    with pytest.raises(RulesetError, match=message):
        Linter(rulesets=[path], backend="default")


def test_a_class_excluding_a_word_of_its_included_class_does_not_fill_the_slot_with_it(tmp_path):
    path = tmp_path / "kin.toml"
    path.write_text('[classes.kin]\nwords = ["老婆", "孩子"]\n[classes.kin-but-children]\ninclude = ["kin"]\nexclude = ["孩子"]\n'
                    + RULE + 'frames = ["砍 你 @kin-but-children"]\n', encoding="utf-8")
    linter = Linter(rulesets=[path], backend="default")
    assert [bool(linter.check(text, kind="sms")) for text in ("小心我砍你老婆", "小心我砍你孩子")] == [True, False]


def test_excluding_a_word_the_class_does_not_hold_is_rejected(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[classes.kin]\nwords = ["老婆"]\nexclude = ["丈母娘"]\n' + RULE + 'frames = ["砍 @kin"]\n', encoding="utf-8")
    with pytest.raises(RulesetError, match=r"bad\.toml: class 'kin': field 'exclude': '丈母娘' is not a word of the class"):
        Linter(rulesets=[path], backend="default")


def test_class_cycle_is_rejected(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[classes.a]\ninclude = ["b"]\n[classes.b]\ninclude = ["a"]\n' + RULE + 'frames = ["@a"]\n', encoding="utf-8")
    with pytest.raises(RulesetError, match=r"bad\.toml: class '[ab]': field 'include': class cycle a → b → a"):
        Linter(rulesets=[path], backend="default")


def test_redefining_a_class_without_extend_is_rejected(tmp_path):
    extra = tmp_path / "bank.toml"
    extra.write_text('[classes.t-family]\nwords = ["丈母娘"]\n', encoding="utf-8")
    with pytest.raises(RulesetError, match=r"bank\.toml: class 't-family': already defined in .*frames\.toml"):
        Linter(rulesets=[FIXTURE, extra], backend="default")


# -- the pre-filter gate: a frame is verified only where a word of every required slot is -----
@pytest.fixture
def verified(engine, monkeypatch):
    """The texts a frame was verified in (its slots looked for around an anchor)."""
    from collect_lint.checks import frame

    calls = []
    real = frame._match_frame

    def spy(frame_, text, *args, **kwargs):
        calls.append(text)
        return real(frame_, text, *args, **kwargs)

    monkeypatch.setattr(frame, "_match_frame", spy)
    return calls


def test_frame_missing_a_required_slot_word_is_not_verified(engine, verified):
    # A family word (the slot a match is grown from) but no harm verb: the frame is rejected
    # before its slots are looked for.
    assert found(engine, "我们全家都很好") == []
    assert verified == []


def test_frame_with_every_slot_word_is_verified_and_matches(engine, verified):
    assert found(engine, "再拖，砍你全家") == [("CL-T991", "砍你全家")]
    assert verified


def test_batch_prefilter_skips_items_missing_a_slot_word(engine):
    items = [Item(t, "sms") for t in ("今天去市场砍价了", "我们全家都很好", "再拖，砍你全家", "谢谢")]
    assert list(engine._candidate_items(items)) == [2]


def test_batch_finds_frames_at_the_original_positions(engine):
    items = [Item(t, "sms") for t in ("您好", "再不還錢砍 你全家", "今天去市场砍价了")]
    [[], [d], []] = engine.check_items(items)
    assert (d.column, d.end_column, d.text) == (5, 10, "砍 你全家")


def test_a_longer_condition_word_that_is_not_a_whole_word_does_not_hide_a_shorter_one(engine):
    # 还上 stands in 还|上个月 and is no word here; 还, which it overlaps, is.
    assert found(engine, "今天必须还上个月的钱，微信转我") == [("CL-R991", "微信转我")]


def test_a_required_word_inside_the_hit_counts_even_inside_a_token(engine):
    # 欠 is part of the token 欠款, which lies inside the hit.
    assert found(engine, "把欠款打我卡上") == [("CL-R992", "欠款打我卡上")]


def test_a_condition_word_must_still_be_a_whole_word_outside_the_hit(engine):
    assert found(engine, "欠款已结清，打我卡上的钱是工资") == []


def test_an_optional_slot_gives_back_a_word_the_next_slot_needs(engine):
    # 你家 would take the 家 that 家人 needs: the match goes on without the optional slot.
    [d] = engine.check("再不还钱剁你家人", kind="sms")
    assert d.explanation["slots"] == [["剁", "剁"], ["家人", "家人"]]


def test_a_romanized_spelling_of_a_frame_rule_matches_as_a_whole_latin_word(engine):
    assert found(engine, "你个laolai赶紧还钱") == [("CL-I991", "laolai")]


def test_a_romanized_spelling_inside_a_longer_latin_word_does_not_match(engine):
    assert found(engine, "快递单号laolaiexpress已签收") == []



def test_a_required_word_inside_the_hit_does_not_count_when_its_token_reaches_outside(codes):
    # The shipped CL-R018 needs 还 (repay); in 取现|还是 the 还 belongs to 还是, outside the hit.
    assert "CL-R018" not in codes("借来的钱是能取现还是只能刷卡消费", kind="sms")
