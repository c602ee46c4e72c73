"""Linter.check_items pre-filters a batch in one pass and still finds exactly what check_item finds."""

from collect_lint.models import Item


def _one_by_one(linter, items):
    return [linter.check_item(item) for item in items]


def test_batch_equals_item_by_item_on_the_corpus(linter, corpus_texts):
    items = [Item(text, "sms" if kind == "sms" else "script") for text, kind in corpus_texts]
    assert linter.check_items(items) == _one_by_one(linter, items)


def test_violation_split_across_two_items_is_not_reported():
    from collect_lint import Linter

    linter = Linter(backend="default")
    items = [Item("再拖下去，小心有人打断", "script"), Item("你的腿。", "script")]
    assert linter.check_items(items) == [[], []]


def test_noise_at_item_edges_does_not_join_items(linter):
    items = [Item("你真是个傻 ", "script"), Item(" 逼问题不大", "script"), Item("你真是个傻 逼", "script")]
    assert [len(found) for found in linter.check_items(items)] == [0, 0, 1]


def test_number_next_to_a_placeholder_is_found_in_a_batch(linter):
    items = [Item("您好", "sms"), Item("请联系%s13812345678核实", "sms"), Item("谢谢", "sms")]
    assert linter.check_items(items) == _one_by_one(linter, items)
    assert linter.check_items(items)[1] != []


def test_item_containing_the_batch_separator_is_still_checked(linter):
    items = [Item("你这个老赖\x00", "script"), Item("您好", "script")]
    assert linter.check_items(items) == _one_by_one(linter, items)
    assert linter.check_items(items)[0] != []


def test_trigger_that_needs_context_counts_only_with_context_in_the_same_item(linter):
    # CL-R011: 借呗 reports only with a context phrase such as 你去借 in the same sentence.
    items = [
        Item("借呗还有额度", "script"),
        Item("你去借一笔先还上。", "script"),
        Item("借呗还有额度，你去借一笔先还上。", "script"),
        Item("您的借呗账单可以在支付宝里查看。", "script"),
    ]
    found = linter.check_items(items)
    assert found == _one_by_one(linter, items)
    assert "CL-R011" not in [d.rule for ds in found[:2] for d in ds]
    assert "CL-R011" in [d.rule for d in found[2]]
    candidates = linter._candidate_items(items)
    assert 2 in candidates and 0 not in candidates and 3 not in candidates


def test_batch_equals_item_by_item_on_both_backends(corpus_texts):
    from collect_lint import Linter
    from collect_lint.engine.backends import fast_available

    items = [Item(text, "sms" if kind == "sms" else "script") for text, kind in corpus_texts]
    for backend in ("default", "fast") if fast_available() else ("default",):
        linter = Linter(backend=backend)
        assert linter.check_items(items) == _one_by_one(linter, items), backend


def test_only_numbers_a_validator_accepts_make_an_item_a_candidate(linter):
    items = [
        Item("订单号 20260312000012345 已发货", "sms"),
        Item("请拨打 13812345678 联系我们", "sms"),
        Item("金额 5000 13812345678", "sms"),
        Item("您好", "sms"),
    ]
    assert linter.check_items(items) == _one_by_one(linter, items)
    assert set(linter._candidate_items(items)) == {1, 2}


def test_check_many_equals_check_per_message_of_mixed_kinds(linter, corpus_texts):
    messages = [(text, "sms" if kind == "sms" else "script", "agent") for text, kind in corpus_texts[:200]]
    messages.append(("客户：你们这群骗子\n坐席：你这个老赖", "script", "agent"))
    assert linter.check_many(messages) == [linter.check(text, kind, speaker) for text, kind, speaker in messages]
