"""The installed package (not the source tree) carries the default rulesets and a working CLI."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    [built] = out.glob("collect_lint-*.whl")
    return built


def test_wheel_contains_the_default_rulesets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {p.name for p in (ROOT / "rulesets").glob("*.toml")}
    assert shipped and {n.rsplit("/", 1)[-1] for n in names if n.startswith("collect_lint/rulesets/")} == shipped


def test_wheel_contains_the_html_report_page(wheel):
    assert "collect_lint/formats/report.html" in zipfile.ZipFile(wheel).namelist()


def test_installed_package_runs_from_outside_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    sample = tmp_path / "t.txt"
    sample.write_text("你这个老赖\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import collect_lint, sys; print(collect_lint.__file__); sys.argv[0] = 'collect-lint'; collect_lint.cli.main()"
    result = subprocess.run(
        [sys.executable, "-c", "import collect_lint.cli; " + code, "check", str(sample)],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert result.stdout.splitlines()[0].startswith(str(target))
    assert result.returncode == 1 and "「老赖」" in result.stdout


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "collect_lint", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "collect-lint" in result.stdout


def test_importing_prints_nothing():
    result = subprocess.run(
        [sys.executable, "-c", "import collect_lint; collect_lint.Linter().check('你这个老赖')"],
        capture_output=True, text=True,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_wheel_ships_py_typed_for_type_checkers(wheel):
    assert "collect_lint/py.typed" in zipfile.ZipFile(wheel).namelist()
