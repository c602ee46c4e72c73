"""Rule models per type, the rule-type registry and rules that carry their own examples."""

import pytest

from collect_lint import Linter
from collect_lint.checks import RULE_TYPES
from collect_lint.models import Item
from collect_lint.rules import RuleSet, RulesetError, load_ruleset_file

HEADER = 'id = "CL-T990"\nname = "x"\ncategory = "threat"\nseverity = "error"\nmessage = "威胁"\nreference = "刑法"\n'


def write_rule(tmp_path, body: str, name: str = "mine.toml"):
    path = tmp_path / name
    path.write_text("[[rules]]\n" + HEADER + body, encoding="utf-8")
    return path


def test_field_of_another_type_names_file_rule_and_field(tmp_path):
    path = write_rule(tmp_path, 'patterns = ["弄死你"]\ndetector = "mobile"\n')
    with pytest.raises(RulesetError, match=r"mine\.toml: rule CL-T990: field 'detector': not a field of phrase rules"):
        load_ruleset_file(path)


def test_pii_rule_with_patterns_is_rejected(tmp_path):
    path = write_rule(tmp_path, 'type = "pii"\ndetector = "mobile"\npatterns = ["x"]\n')
    with pytest.raises(RulesetError, match=r"field 'patterns': not a field of pii rules"):
        load_ruleset_file(path)


def test_pii_rule_cannot_declare_a_literal_fix(tmp_path):
    path = write_rule(tmp_path, 'type = "pii"\ndetector = "mobile"\nfix = "（号码）"\n')
    with pytest.raises(RulesetError, match=r"field 'fix': pii findings are fixed by masking"):
        load_ruleset_file(path)


def test_contact_rule_has_no_speakers(tmp_path):
    path = write_rule(tmp_path, 'type = "contact"\ndetector = "quiet_hours"\nspeakers = ["agent"]\n')
    with pytest.raises(RulesetError, match=r"field 'speakers': not a field of contact rules"):
        load_ruleset_file(path)


def test_unknown_rule_type_lists_the_known_ones(tmp_path):
    path = write_rule(tmp_path, 'type = "regex"\n')
    with pytest.raises(RulesetError, match=r"field 'type': unknown rule type 'regex' \(choose from phrase, frame, pii"):
        load_ruleset_file(path)


def test_missing_type_field_is_named(tmp_path):
    path = write_rule(tmp_path, 'type = "pii"\n')
    with pytest.raises(RulesetError, match=r"field 'detector': required for pii rules"):
        load_ruleset_file(path)


def test_rule_whose_bad_example_is_not_flagged_refuses_to_load(tmp_path):
    path = write_rule(tmp_path, 'patterns = ["弄死你"]\n[rules.examples]\nbad = ["我们明天去拜访您"]\n')
    with pytest.raises(RulesetError, match=r"mine\.toml: rule CL-T990: bad example is not flagged by the rule: '我们明天去拜访您'"):
        Linter(rulesets=[path], backend="default")


def test_rule_whose_good_example_is_flagged_refuses_to_load(tmp_path):
    path = write_rule(tmp_path, 'patterns = ["弄死你"]\n[rules.examples]\ngood = ["再不还钱弄死你"]\n')
    with pytest.raises(RulesetError, match=r"rule CL-T990: good example is flagged by the rule: '再不还钱弄死你'"):
        Linter(rulesets=[path], backend="default")


def test_allowed_word_that_cancels_a_bad_example_is_the_users_choice(tmp_path):
    path = write_rule(tmp_path, 'patterns = ["弄死你"]\n[rules.examples]\nbad = ["再不还钱弄死你"]\n')
    linter = Linter(rulesets=[path], backend="default", allowed_words=["还钱弄死你"])
    assert linter.check("再不还钱弄死你", kind="sms") == []


def test_rules_and_examples_of_every_text_rule_type_survive_the_batch_path():
    # A type whose check left its items out of the pre-filter would find nothing through
    # check_items, the path the CLI takes.
    rules = RuleSet.load()
    for name, rule_type in RULE_TYPES.items():
        if rule_type.check is None:
            continue
        chosen = [r for r in rules if r.type == name]
        linter = Linter(backend="default", select=[r.id for r in chosen])
        items = [Item(example, "sms") for r in chosen for example in r.examples.bad] + [Item("您好", "sms")]
        assert linter.check_items(items) == [linter.check_item(item) for item in items], name
        assert all(linter.check_item(item) for item in items[:-1]), name


def test_suppression_rules_are_listed_and_explained(cli):
    listed = cli(["rules"]).stdout
    shown = cli(["rule", "CL-X001"])
    assert "CL-X002" in listed and shown.exit_code == 0 and "为什么 (why)" in shown.stdout


def test_rule_command_prints_why_scope_and_fix_safety(cli):
    out = cli(["rule", "CL-I001"]).stdout
    assert all(label in out for label in ("为什么 (why)", "适用范围 (scope)", "自动修复 (fix)", "模式 (patterns)"))


def test_rules_reference_in_docs_is_current(cli):
    from pathlib import Path

    generated = cli(["rules", "--format", "markdown"]).stdout
    assert (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8") == generated
