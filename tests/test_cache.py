"""Costly derived data is cached on disk; a stale or corrupt cache is rebuilt silently."""

import pickle

import pytest

from collect_lint import Linter
from collect_lint.engine.cache import cache_dir, load_cached


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECT_LINT_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_cached_value_is_returned_without_rebuilding(private_cache):
    load_cached("thing", "k1", lambda: [1, 2])
    assert load_cached("thing", "k1", lambda: pytest.fail("rebuilt a valid cache")) == [1, 2]


def test_stale_cache_is_rebuilt(private_cache):
    load_cached("thing", "old-rules", lambda: "old")
    assert load_cached("thing", "new-rules", lambda: "new") == "new"
    assert load_cached("thing", "new-rules", lambda: pytest.fail("not rewritten")) == "new"


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps("no key tuple")[:-3]])
def test_corrupt_cache_is_rebuilt(private_cache, garbage):
    (cache_dir() / "thing.pickle").write_bytes(garbage)
    assert load_cached("thing", "k", lambda: "rebuilt") == "rebuilt"


def test_unwritable_cache_dir_still_lints(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COLLECT_LINT_CACHE_DIR", str(blocker / "cache"))
    assert [d.rule for d in Linter(backend="default").check("再拖下去，小心有人打断你的腿。", kind="script")] == ["CL-T001"]


@pytest.mark.parametrize("backend", ["default", "fast"])
def test_corrupt_segmenter_caches_are_rebuilt_silently(private_cache, backend, capsys):
    from collect_lint.engine.backends import fast_available

    if backend == "fast" and not fast_available():
        pytest.skip('needs pip install "collect-lint[fast]"')
    text = "再拖下去，小心有人打断你的腿。"
    expected = [d.rule for d in Linter(backend=backend).check(text, kind="script")]
    for path in private_cache.glob("*.pickle"):
        path.write_bytes(b"\x80\x05garbage")
    assert [d.rule for d in Linter(backend=backend).check(text, kind="script")] == expected == ["CL-T001"]
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("garbage", [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_corrupt_disk_dictionary_is_rebuilt_silently(private_cache, garbage, capsys):
    text = "再拖下去，小心有人打断你的腿。"
    assert [d.rule for d in Linter(backend="default").check(text, kind="script")] == ["CL-T001"]
    (private_cache / "jieba-dictionary.sqlite3").write_bytes(garbage)
    linter = Linter(backend="default")
    assert [d.rule for d in linter.check(text, kind="script")] == ["CL-T001"]
    assert linter.environment.segmenter.disk.used
    assert capsys.readouterr() == ("", "")


def test_stale_disk_dictionary_is_rebuilt(private_cache):
    import sqlite3

    text = "再拖下去，小心有人打断你的腿。"
    Linter(backend="default").check(text, kind="script")
    with sqlite3.connect(private_cache / "jieba-dictionary.sqlite3") as db:
        db.execute("UPDATE meta SET value = 'old words' WHERE name = 'key'")
        db.execute("DELETE FROM freq")
    linter = Linter(backend="default")
    assert [d.rule for d in linter.check(text, kind="script")] == ["CL-T001"]
    assert linter.environment.segmenter.disk.used


_RULESET = """
[[rules]]
id = "CL-I901"
name = "cached-rule"
category = "insult"
severity = "error"
message = "x"
patterns = ["{pattern}"]
reference = "r"
"""


def test_ruleset_file_is_parsed_again_when_it_changes(private_cache, tmp_path):
    from collect_lint.rules import load_ruleset_file

    path = tmp_path / "rules.toml"
    path.write_text(_RULESET.format(pattern="蠢货"), encoding="utf-8")
    assert load_ruleset_file(path)[0].patterns == ("蠢货",)
    assert load_ruleset_file(path)[0].patterns == ("蠢货",)
    path.write_text(_RULESET.format(pattern="笨蛋"), encoding="utf-8")
    assert load_ruleset_file(path)[0].patterns == ("笨蛋",)


def test_corrupt_ruleset_cache_is_rebuilt(private_cache, tmp_path):
    from collect_lint.rules import loader as ruleset

    path = tmp_path / "rules.toml"
    path.write_text(_RULESET.format(pattern="蠢货"), encoding="utf-8")
    ruleset.load_ruleset_file(path)
    for cached in private_cache.glob("ruleset-*.pickle"):
        cached.write_bytes(b"\x80\x05garbage")
    ruleset._LOADED.clear()
    assert ruleset.load_ruleset_file(path)[0].patterns == ("蠢货",)
