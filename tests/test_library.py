"""The library API refuses what it cannot check, with a clear exception, and survives odd text."""

import pytest

from collect_lint import Linter


def test_unknown_kind_is_a_value_error_naming_the_kinds(linter):
    with pytest.raises(ValueError, match=r"unknown kind 'bogus' \(choose from script, sms, template, transcript\)"):
        linter.check("你这个老赖", kind="bogus")


def test_unknown_speaker_is_a_value_error(linter):
    with pytest.raises(ValueError, match="unknown speaker 'boss'"):
        linter.check("你这个老赖", speaker="boss")


@pytest.mark.parametrize("text", [None, b"\xe8\x80\x81\xe8\xb5\x96", 42])
def test_text_that_is_not_a_str_is_a_type_error(linter, text):
    with pytest.raises(TypeError, match="text must be a str"):
        linter.check(text)


def test_check_item_and_check_items_validate_their_items(linter):
    from collect_lint.models import Item

    with pytest.raises(TypeError, match="expected an Item, not str"):
        linter.check_item("你这个老赖")
    with pytest.raises(ValueError, match="unknown kind 'letter'"):
        linter.check_items([Item("你好"), Item("你这个老赖", kind="letter")])


@pytest.mark.parametrize("backend", ["default", "fast"])
def test_lone_surrogate_does_not_stop_the_check(backend):
    from collect_lint.engine.backends import fast_available

    if backend == "fast" and not fast_available():
        pytest.skip('needs pip install "collect-lint[fast]"')
    found = Linter(backend=backend).check("老赖\ud800你这个老赖", kind="sms")
    assert [(d.rule, d.column) for d in found] == [("CL-I001", 1), ("CL-I001", 7)]


def test_from_config_uses_the_config_found_upward_from_the_path(tmp_path):
    (tmp_path / "collect-lint.toml").write_text('ignore = ["insult"]\n', encoding="utf-8")
    (tmp_path / "sms").mkdir()
    assert Linter.from_config(tmp_path / "sms").check("你这个老赖", kind="sms") == []


def test_from_config_takes_a_config_file_itself(tmp_path):
    config = tmp_path / "rules.toml"
    config.write_text('select = ["insult"]\n', encoding="utf-8")
    assert {r.category for r in Linter.from_config(config).rules} == {"insult"}


def test_from_config_rejects_what_the_cli_rejects(tmp_path):
    from collect_lint.config import ConfigError

    (tmp_path / "collect-lint.toml").write_text('select = ["no-such-rule"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no-such-rule"):
        Linter.from_config(tmp_path)


def test_from_config_applies_a_named_policy(tmp_path):
    (tmp_path / "collect-lint.toml").write_text('[server.policies.training]\nignore = ["insult"]\n', encoding="utf-8")
    assert Linter.from_config(tmp_path, policy="training").check("你这个老赖", kind="sms") == []


def test_diagnostic_json_is_exactly_the_cli_json_object(cli, tmp_path):
    import json

    from collect_lint.inputs.text import text_items

    path = tmp_path / "s.sms"
    path.write_text("你这个老赖\n", encoding="utf-8")
    [from_cli] = json.loads(cli(["check", "--isolated", "--format", "json", str(path)]).stdout)["diagnostics"]
    [[from_library]] = Linter().check_items(list(text_items("你这个老赖\n", "sms", str(path))))
    assert from_library.to_json_dict() == from_cli


def test_public_api_has_docstrings():
    import collect_lint
    from collect_lint.contact import ContactGate

    missing = [name for name in collect_lint.__all__ if not getattr(collect_lint, name).__doc__]
    methods = [(cls, name) for cls in (Linter, ContactGate) for name in dir(cls)
               if not name.startswith("_") and callable(getattr(cls, name))]
    missing += [f"{cls.__name__}.{name}" for cls, name in methods if not getattr(cls, name).__doc__]
    assert missing == []


def test_none_for_the_optional_rule_lists_means_none():
    from collect_lint import Linter

    linter = Linter(select=None, ignore=None, extra_rulesets=None, allowed_words=None, backend="default")
    assert [d.rule for d in linter.check("你这个老赖", kind="sms")] == [d.rule for d in Linter(backend="default").check("你这个老赖", kind="sms")]
