"""One Linter shared by many threads gives the same diagnostics as checking one message at a time
(the library is documented as thread-safe)."""

import random
import threading

import pytest

from collect_lint import Linter
from collect_lint.engine.backends import fast_available
from collect_lint.models import Item

THREADS = 8
# Hits of every kind (phrases, romanised, homophones, noise, traditional, personal data,
# placeholders) next to clean text, so threads race on segmentation and caches as well.
EXTRA = [
    ("你个沙比，还钱", "sms"),
    ("你這個老賴，再不還錢就上門", "sms"),
    ("再不还钱就弄.死.你", "sms"),
    ("你就是个ＳＢ", "sms"),
    ("请联系13812345678，卡号6222 0202 0011 2230", "sms"),
    ("{name}您好，您的身份证号{id_number}名下借款已逾期", "sms"),
    ("您好，您的借款已逾期3天，请于本月20日前还款。", "sms"),
    ("坐席：你这个老赖\n客户：你们才是骗子\n坐席：我们不会上门催收", "script"),
]


@pytest.fixture(scope="module")
def messages(corpus_texts):
    return corpus_texts + EXTRA


def _run_concurrently(work):
    """Run ``work(index)`` in THREADS threads started together; re-raise the first error."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def target(index):
        try:
            barrier.wait()
            work(index)
        except BaseException as error:  # noqa: BLE001 - reported in the main thread
            errors.append(error)

    threads = [threading.Thread(target=target, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]


@pytest.mark.parametrize("backend", ["default", "fast"])
def test_shared_linter_in_threads_equals_sequential_checking(backend, messages):
    if backend == "fast" and not fast_available():
        pytest.skip('needs pip install "collect-lint[fast]"')
    reference = Linter(backend=backend)
    expected = [reference.check(text, kind=kind) for text, kind in messages]
    shared = Linter(backend=backend)  # fresh: lazy loading (segmenter, caches) happens under contention
    results = [dict() for _ in range(THREADS)]

    def work(index):
        order = list(range(len(messages)))
        random.Random(index).shuffle(order)
        for position in order:
            text, kind = messages[position]
            results[index][position] = shared.check(text, kind=kind)

    _run_concurrently(work)
    for found in results:
        assert [found[position] for position in range(len(messages))] == expected


def test_shared_linter_batches_in_threads_equal_sequential_checking(linter, messages):
    items = [Item(text, "sms" if kind == "sms" else "script") for text, kind in messages]
    expected = [linter.check_item(item) for item in items]
    shared = Linter(backend="default")
    results = [None] * THREADS

    def work(index):
        # Each thread checks the corpus in batches of a different size.
        size = 7 + 13 * index
        found = []
        for start in range(0, len(items), size):
            found.extend(shared.check_items(items[start : start + size]))
        results[index] = found

    _run_concurrently(work)
    assert all(found == expected for found in results)
