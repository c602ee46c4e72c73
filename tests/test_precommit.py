"""The real pre-commit framework runs this repository's hooks (``pre-commit try-repo``).

try-repo installs the package from a git checkout into pre-commit's own environment, so the
working tree (tracked and untracked, not ignored) is copied into a temporary repository and
committed first; that makes the test independent of what is committed right now. Installing
takes a while; the test is skipped only when pre-commit itself is not installed.
"""

import os
import shutil
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


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed copy of this working tree."""
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
    return repo


def _try_repo(hook_repo, tmp_path, files: dict[str, str]):
    project = tmp_path / "project"
    project.mkdir()
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(hook_repo), "collect-lint", "--all-files", "--color", "never"],
        cwd=project, env=env, capture_output=True, text=True, timeout=1500,
    )


def test_pre_commit_hook_fails_on_bad_template_and_prints_finding(hook_repo, tmp_path):
    result = _try_repo(hook_repo, tmp_path, {"sms.json": '{"overdue": "你这个老赖，赶紧还钱"}\n'})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "sms.json:1:17: CL-I001" in output


def test_pre_commit_hook_passes_clean_template(hook_repo, tmp_path):
    result = _try_repo(hook_repo, tmp_path, {"sms.yaml": "overdue: 尊敬的{name}，您的借款已逾期，请于{due_date}前还款。\n"})
    assert result.returncode == 0, result.stdout + result.stderr
