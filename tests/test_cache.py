"""Costly derived data is cached on disk; a stale or corrupt cache is rebuilt silently."""

import pickle
from pathlib import Path

import pytest

from collect_lint import Linter
from collect_lint.engine.cache import cache_path, load_cached

# The caching is the same whatever the rules: a small ruleset keeps each fresh build quick.
SMALL_RULES = [Path(__file__).parent / "fixtures" / "engine.toml"]
TEXT, RULE = "再不还钱弄死你", "CL-T902"


def small_linter(**options) -> Linter:
    return Linter(rulesets=SMALL_RULES, backend=options.pop("backend", "default"), **options)


def rules_found(linter: Linter, text: str = TEXT) -> list[str]:
    return [d.rule for d in linter.check(text, kind="script")]


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
    cache_path("thing", "k").parent.mkdir(parents=True, exist_ok=True)
    cache_path("thing", "k").write_bytes(garbage)
    assert load_cached("thing", "k", lambda: "rebuilt") == "rebuilt"


def test_unwritable_cache_dir_still_lints(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COLLECT_LINT_CACHE_DIR", str(blocker / "cache"))
    assert rules_found(small_linter()) == [RULE]


@pytest.mark.parametrize("backend", ["default", "fast"])
def test_corrupt_segmenter_caches_are_rebuilt_silently(private_cache, backend, capsys):
    from collect_lint.engine.backends import fast_available

    if backend == "fast" and not fast_available():
        pytest.skip('needs pip install "collect-lint[fast]"')
    expected = rules_found(small_linter(backend=backend))
    for path in private_cache.glob("*.pickle"):
        path.write_bytes(b"\x80\x05garbage")
    assert rules_found(small_linter(backend=backend)) == expected == [RULE]
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("garbage", [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_corrupt_disk_dictionary_is_rebuilt_silently(private_cache, garbage, capsys):
    assert rules_found(small_linter()) == [RULE]
    [database] = private_cache.glob("jieba-dictionary.*.sqlite3")
    database.write_bytes(garbage)
    linter = small_linter()
    assert rules_found(linter) == [RULE]
    assert linter.environment.segmenter.disk.used
    assert capsys.readouterr() == ("", "")


def test_stale_disk_dictionary_is_rebuilt(private_cache):
    import sqlite3

    rules_found(small_linter())
    [database] = private_cache.glob("jieba-dictionary.*.sqlite3")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE meta SET value = 'old words' WHERE name = 'key'")
        db.execute("DELETE FROM freq")
    linter = small_linter()
    assert rules_found(linter) == [RULE]
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


def test_switching_between_two_versions_rebuilds_neither(private_cache):
    load_cached("thing", "ruleset-a", lambda: "a")
    load_cached("thing", "ruleset-b", lambda: "b")
    assert load_cached("thing", "ruleset-a", lambda: pytest.fail("rebuilt a")) == "a"
    assert load_cached("thing", "ruleset-b", lambda: pytest.fail("rebuilt b")) == "b"


def test_least_recently_used_version_is_removed_beyond_the_limit(private_cache, monkeypatch):
    import os

    from collect_lint.engine import cache

    monkeypatch.setattr(cache, "VERSIONS_PER_NAME", 2)
    for age, key in enumerate(["old", "used", "new"]):
        load_cached("thing", key, lambda: key)
        os.utime(cache_path("thing", key), (1_000_000 + age, 1_000_000 + age))
    load_cached("thing", "old", lambda: "old")  # rebuilt: it was the least recently used
    assert sorted(p.name for p in private_cache.glob("thing.*.pickle")) == sorted(
        cache_path("thing", key).name for key in ("old", "new")
    )


def test_versions_beyond_the_byte_budget_are_removed_but_the_newest_stays(private_cache, monkeypatch):
    from collect_lint.engine import cache

    monkeypatch.setattr(cache, "BYTES_PER_NAME", 1000)
    load_cached("big", "first", lambda: "x" * 800)
    load_cached("big", "second", lambda: "y" * 800)
    assert [p.name for p in private_cache.glob("big.*.pickle")] == [cache_path("big", "second").name]


def test_two_rulesets_used_in_turn_load_their_tables_from_the_cache(private_cache, tmp_path, monkeypatch):
    from collect_lint.checks import phrase

    rulesets = []
    for pattern in ("蠢货", "笨蛋"):
        path = tmp_path / f"{pattern}.toml"
        path.write_text(_RULESET.format(pattern=pattern) + f'[rules.examples]\nbad = ["你这个{pattern}"]\n', encoding="utf-8")
        rulesets.append(path)
        Linter(rulesets=[path], backend="default")
    monkeypatch.setattr(phrase, "compile_phrases", lambda *args, **kwargs: pytest.fail("phrase tables rebuilt"))
    for path in rulesets:
        Linter(rulesets=[path], backend="default")
