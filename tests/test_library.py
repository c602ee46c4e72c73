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
