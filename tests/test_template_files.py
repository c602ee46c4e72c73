"""Template files: each format reports the real line and column inside the file, and the id."""

from collect_lint.inputs import Readers, Source
from collect_lint.inputs.templates import TemplateOptions, parse_template_file


def _hits(linter, text, suffix, options=TemplateOptions()):
    items = [e for e in parse_template_file(text, f"t{suffix}", suffix, options) if hasattr(e, "kind")]
    return [(d.rule, d.line, d.column, d.end_line, d.end_column, d.template_id) for i in items for d in linter.check_item(i)]


def test_json_object_key_is_template_id_and_column_is_in_file(linter):
    text = '{\n  "overdue_1": "尊敬的{name}，你这个老赖"\n}\n'
    assert _hits(linter, text, ".json") == [("CL-I001", 2, 30, 2, 32, "overdue_1")]


def test_json_escaped_characters_map_to_their_escape_sequences(linter):
    text = '["\\"注意\\" 你这个\\u8001\\u8d56"]'
    # 老 is the escape \u8001 starting at column 13; 赖 the escape at columns 19–24, so the
    # match ends (exclusive) at column 25, after the whole escape
    assert _hits(linter, text, ".json") == [("CL-I001", 1, 13, 1, 25, None)]


def test_json_array_of_objects_uses_id_field(linter):
    text = '[{"id": "T-7", "channel": "sms", "content": "老赖请还款"}]'
    assert _hits(linter, text, ".json") == [("CL-I001", 1, 46, 1, 48, "T-7")]


def test_json_text_field_names_are_configurable(linter):
    text = '{"a": {"msg": "老赖", "note": "老赖"}}'
    # Without a text field the object is a group: every string in it is a template.
    assert [h[-1] for h in _hits(linter, text, ".json")] == ["a.msg", "a.note"]
    assert _hits(linter, text, ".json", TemplateOptions(("msg",))) == [("CL-I001", 1, 16, 1, 18, "a")]


def test_invalid_json_is_an_input_error_naming_the_line():
    [error] = list(parse_template_file('{\n"a": ,}', "bad.json", ".json"))
    assert (error.path, error.line) == ("bad.json", 2) and "invalid JSON" in error.message


def test_yaml_plain_scalar_position(linter):
    text = "templates:\n  overdue: 你这个老赖，快还钱\n"
    assert _hits(linter, text, ".yaml") == [("CL-I001", 2, 15, 2, 17, "templates.overdue")]


def test_yaml_double_quoted_escape_position(linter):
    text = 'a: "你这个\\u8001赖"\n'
    assert _hits(linter, text, ".yml")[0][:3] == ("CL-I001", 1, 8)


def test_yaml_single_quoted_doubled_quote_position(linter):
    text = "a: '他说''老赖'''\n"
    assert _hits(linter, text, ".yaml")[0][:3] == ("CL-I001", 1, 9)


def test_yaml_literal_block_position(linter):
    text = "a: |\n  第一行\n  你这个老赖\n"
    assert _hits(linter, text, ".yaml") == [("CL-I001", 3, 6, 3, 8, "a")]


def test_yaml_list_of_objects_with_id(linter):
    text = "- id: r1\n  text: 老赖\n- id: r2\n  text: 您好\n"
    assert _hits(linter, text, ".yaml") == [("CL-I001", 2, 9, 2, 11, "r1")]


def test_csv_text_column_with_quoted_field(linter):
    text = 'id,channel,text\nx1,sms,"你""这个""老赖"\n'
    assert _hits(linter, text, ".csv") == [("CL-I001", 2, 16, 2, 18, "x1")]


def test_csv_multiline_quoted_field(linter):
    text = 'template\n"第一行\n你这个老赖"\n'
    assert _hits(linter, text, ".csv") == [("CL-I001", 3, 4, 3, 6, None)]


def test_csv_without_text_column_is_an_input_error():
    [error] = list(parse_template_file("a,b\n1,2\n", "t.csv", ".csv"))
    assert "no template column" in error.message


def test_markdown_skips_code_fences(linter):
    text = "# 催收话术\n\n```\n老赖\n```\n- 你这个老赖\n"
    assert _hits(linter, text, ".md") == [("CL-I001", 6, 6, 6, 8, None)]


def test_placeholders_in_templates_are_not_matched(linter):
    assert _hits(linter, '{"a": "尊敬的{laolai}，请于{{due_date}}前还款"}', ".json") == []


def test_template_extensions_read_as_template_kind(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("a: 您好\n", encoding="utf-8")
    [item] = list(Readers().read(Source(str(path), "template"), lambda m: None))
    assert item.kind == "template" and item.template_id == "a"


def test_cli_reads_json_templates_by_extension(cli, tmp_path):
    path = tmp_path / "sms.json"
    path.write_text('{"t1": "你这个老赖"}', encoding="utf-8")
    result = cli(["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:12: CL-I001" in result.output


def test_markdown_customer_label_is_read_like_in_txt_scripts(linter):
    assert _hits(linter, "客户：你们这群骗子\n", ".md") == []


def test_markdown_customer_label_after_a_list_marker_is_the_customer(linter):
    assert _hits(linter, "- 客户：你们这群骗子\n", ".md") == []


def test_markdown_bold_customer_label_in_a_quote_is_the_customer(linter):
    assert _hits(linter, "> **客户**：你们这群骗子\n", ".md") == []


def test_markdown_bold_agent_label_reports_the_column_after_the_label(linter):
    assert _hits(linter, "1. **坐席：** 你这个老赖\n", ".md") == [("CL-I001", 1, 15, 1, 17, None)]
