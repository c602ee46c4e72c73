"""The shipped rulesets: format, breadth and every rule's own examples."""

import re
from collections import Counter

import pytest

from collect_lint import RuleSet
from collect_lint.models import Severity
from collect_lint.rules import RuleHeader as Rule
from collect_lint.rules import RulesetError, load_ruleset_file

RULES = RuleSet.load()
TEXT_RULES = [r for r in RULES if r.has_text_scope]


def kind_of(rule: Rule) -> str:
    return "script" if "script" in rule.kinds else rule.kinds[0]


def test_default_rulesets_have_real_breadth():
    phrase_patterns = sum(len(r.patterns) + len(r.romanized) for r in RULES if r.type == "phrase")
    assert len(RULES) >= 40 and phrase_patterns >= 300


@pytest.mark.parametrize("category", ["threat", "insult", "privacy", "deception", "repayment"])
def test_each_core_category_has_several_rules(category):
    assert sum(r.category == category for r in RULES) >= 5


def test_no_pattern_belongs_to_two_rules():
    owners = Counter(p for r in RULES if r.type == "phrase" for p in set(r.patterns))
    assert [p for p, n in owners.items() if n > 1] == []


def test_every_rule_cites_a_reference_and_a_chinese_message():
    han = re.compile(r"[\u4e00-\u9fff]")
    assert [r.id for r in RULES if not (han.search(r.message) and r.reference.strip())] == []


def test_every_text_rule_has_good_and_bad_examples():
    assert [r.id for r in TEXT_RULES if not (r.examples.bad and r.examples.good)] == []


def found_by(linter, text, kind):
    """Rule ids found in ``text`` before overlapping findings of a category are merged."""
    from collect_lint.engine.linter import script_dialogue
    from collect_lint.inputs.text import text_items
    from collect_lint.models import Item

    items = script_dialogue(text_items(text, "script")) if kind == "script" else [Item(text, kind)]
    return {f.rule.id for item in items for f in linter.findings(item, one_per_violation=False)}


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.id)
def test_bad_examples_are_flagged_by_their_rule(linter, rule):
    assert [s for s in rule.examples.bad if rule.id not in found_by(linter, s, kind_of(rule))] == []


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.id)
def test_good_examples_are_not_flagged_by_their_rule(linter, rule):
    assert [s for s in rule.examples.good if rule.id in found_by(linter, s, kind_of(rule))] == []


def test_broken_toml_is_one_line_naming_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rules]\nid = ", encoding="utf-8")
    with pytest.raises(RulesetError, match=r"bad\.toml: invalid TOML"):
        load_ruleset_file(bad)


def test_invalid_field_names_file_rule_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[rules]]\nid = "CL-T999"\nname = "x"\ncategory = "threat"\nseverity = "fatal"\n'
        'message = "威胁"\npatterns = ["弄死你"]\nreference = "刑法"\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match=r"bad\.toml: rule CL-T999: field 'severity'"):
        load_ruleset_file(bad)


def test_unknown_rule_key_is_rejected(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[rules]]\nid = "CL-T999"\nname = "x"\ncategory = "threat"\nseverity = "error"\n'
        'message = "威胁"\npatterns = ["弄死你"]\nreference = "刑法"\npatern = ["x"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match=r"field 'patern'"):
        load_ruleset_file(bad)


def test_selecting_an_unknown_rule_is_an_error():
    with pytest.raises(RulesetError, match="unknown rule or category 'CL-Z001'"):
        RULES.select(["CL-Z001"])


def test_select_by_category_keeps_only_that_category():
    assert {r.category for r in RULES.select(["insult"])} == {"insult"}


def test_severity_override_changes_the_rule():
    first = RULES.rules[0]
    assert RULES.select([first.id], severity={first.id: Severity.info}).rules[0].severity is Severity.info


def test_homophones_beyond_the_variant_limit_are_refused_naming_file_and_rule(tmp_path, monkeypatch):
    import pytest

    from collect_lint import Linter
    from collect_lint.engine import homophones
    from collect_lint.rules import RulesetError

    monkeypatch.setenv("COLLECT_LINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(homophones, "MAX_VARIANTS", 100)
    ruleset = tmp_path / "many.toml"
    ruleset.write_text(
        '[[rules]]\nid = "CL-I901"\nname = "many-insults"\ncategory = "insult"\nseverity = "error"\n'
        'message = "侮辱"\nsuggestion = "请使用尊重的称呼。"\nreference = "内部规范"\nhomophones = true\n'
        'patterns = ["傻瓜", "笨蛋", "蠢货", "废物"]\n[rules.examples]\nbad = ["你这个傻瓜"]\ngood = ["您好"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match=r"many\.toml: rule CL-I901: field 'homophones': with its 4 patterns, .* more than"):
        Linter(rulesets=[ruleset], backend="default")
