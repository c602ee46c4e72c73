"""The real pre-commit framework runs this repository's hooks (``pre-commit try-repo``, and
``pre-commit run`` with README's configuration as written).

try-repo installs the package from a git checkout into pre-commit's own environment, so the
working tree (tracked and untracked, not ignored) is copied into a temporary repository and
committed first; that makes the test independent of what is committed right now. Installing
takes a while; the test is skipped only when pre-commit itself is not installed.
"""

import json
import os
import re
import shutil
import tomllib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))

pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed")


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


# One pre-commit home for the module: pre-commit installs a hook environment once per (repo,
# rev) and reuses it, as it does on a developer's machine; a home per test installed the
# package anew for every test.
_HOME: dict[str, Path] = {}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed copy of this working tree."""
    _HOME["path"] = tmp_path_factory.mktemp("pre-commit-home")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    repo = tmp_path_factory.mktemp("hooks")
    for name in filter(None, listed):
        source, target = ROOT / name, repo / name
        if not source.exists():
            continue  # deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():  # e.g. a symlinked directory
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hooks")
    # The release tag README's `rev:` names (the real one is made on the release commit).
    _git(repo, "tag", f"v{_pyproject_version()}")
    return repo


def _pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _project(tmp_path, files: dict[str, str]):
    project = tmp_path / "project"
    project.mkdir()
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    return project


def _pre_commit(project, tmp_path, *args):
    env = dict(os.environ, PRE_COMMIT_HOME=str(_HOME.get("path", tmp_path / "pre-commit-home")))
    env.pop("PYTHONPATH", None)
    return subprocess.run([PRE_COMMIT, *args, "--color", "never"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=1500)


def _try_repo(hook_repo, tmp_path, files: dict[str, str]):
    project = _project(tmp_path, files)
    return _pre_commit(project, tmp_path, "try-repo", str(hook_repo), "collect-lint", "--all-files")


def test_pre_commit_hook_fails_on_bad_template_and_prints_finding(hook_repo, tmp_path):
    result = _try_repo(hook_repo, tmp_path, {"sms.json": '{"overdue": "你这个老赖，赶紧还钱"}\n'})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "sms.json:1:17: CL-I001" in output


def test_pre_commit_hook_passes_clean_template(hook_repo, tmp_path):
    result = _try_repo(hook_repo, tmp_path, {"sms.yaml": "overdue: 尊敬的{name}，您的借款已逾期，请于{due_date}前还款。\n"})
    assert result.returncode == 0, result.stdout + result.stderr


def _run_with_args(hook_repo, tmp_path, files: dict[str, str], args: list[str]):
    config = (f"repos:\n  - repo: {hook_repo}\n    rev: v{_pyproject_version()}\n    hooks:\n"
              f"      - id: collect-lint\n        args: {json.dumps(args)}\n")
    project = _project(tmp_path, dict(files, **{".pre-commit-config.yaml": config}))
    return _pre_commit(project, tmp_path, "run", "--all-files")


def test_fix_reports_once_with_fixed_and_remaining_counts(hook_repo, tmp_path):
    result = _run_with_args(hook_repo, tmp_path, {"s.txt": "你这个老赖，再不还钱就让你坐牢\n"}, ["--fix"])
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "1 fixed, 1 remaining" in output and "No problems found" not in output, output


def test_fix_reports_the_remaining_finding_at_its_place_in_the_fixed_file(hook_repo, tmp_path):
    result = _run_with_args(hook_repo, tmp_path, {"s.txt": "你这个老赖，再不还钱就让你坐牢\n"}, ["--fix"])
    output = result.stdout + result.stderr
    # 老赖 → 逾期客户 moves 让你坐牢 from column 12 to column 14
    assert output.count("CL-D002") == 1 and "s.txt:1:14: CL-D002" in output, output


def test_configured_baseline_is_honoured_by_the_hook(hook_repo, tmp_path):
    files = {"pyproject.toml": '[tool.collect-lint]\nbaseline = "baseline.json"\n',
             "sms.json": '{"overdue": "你这个老赖"}\n'}
    project = _project(tmp_path, files)
    subprocess.run([sys.executable, "-m", "collect_lint", "check", "--write-baseline", "baseline.json", "sms.json"],
                   cwd=project, capture_output=True, check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    _git(project, "add", "-A")
    result = _pre_commit(project, tmp_path, "try-repo", str(hook_repo), "collect-lint", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_notes_gone_baseline_entries_only_for_the_files_it_checked(hook_repo, tmp_path):
    files = {"pyproject.toml": '[tool.collect-lint]\nbaseline = "baseline.json"\n',
             "a.json": '{"overdue": "你这个老赖"}\n', "b.json": '{"overdue": "您好"}\n'}
    project = _project(tmp_path, files)
    subprocess.run([sys.executable, "-m", "collect_lint", "check", "--write-baseline", "baseline.json", "a.json"],
                   cwd=project, capture_output=True, check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    _git(project, "add", "-A")
    result = _pre_commit(project, tmp_path, "try-repo", str(hook_repo), "collect-lint", "--verbose", "--files", "b.json")
    assert result.returncode == 0 and "no longer occurs" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_readme_pre_commit_example_works_as_written(hook_repo, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.S).group(1)
    config = re.sub(r"repo: \S+", f"repo: {hook_repo}", config, count=1)
    project = _project(tmp_path, {".pre-commit-config.yaml": config, "sms.json": '{"overdue": "你这个老赖"}\n'})
    result = _pre_commit(project, tmp_path, "run", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "sms.json:1:15: CL-I001" not in output and "1 fixed" in output, output


def test_readme_rev_is_the_tag_of_the_package_version():
    from collect_lint import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"rev: (v\S+)", readme) == [f"v{_pyproject_version()}"] and __version__ == _pyproject_version()
