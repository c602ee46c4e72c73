"""Readers under hostile input (issue 12): every class of bad input is one input-error line
naming the file and line, and everything else in the file is still checked. Fixtures are
generated in each test, small but large enough to show the behaviour."""

import json

import pytest

from collect_lint.inputs import Readers, Source
from collect_lint.inputs.transcripts import TranscriptOptions, parse_field_map
from collect_lint.models import Dialogue, Item
from collect_lint.workflow.runner import Runner

INSULT = "你这个老赖"
BENIGN = "您好，请按时还款。"
STARTED = "2026-11-20T10:00:00+08:00"


def run(linter, *paths, options=TranscriptOptions()):
    """(diagnostics, input errors, warnings) of one run over ``paths``."""
    warnings = []
    runner = Runner(linter, warnings.append, transcript_options=options)
    found = list(runner.run([str(p) for p in paths]))
    return found, runner.summary.input_errors, warnings


def errors_of(linter, path, text):
    """The input errors of a run over ``path`` written with ``text``."""
    path.write_text(text, encoding="utf-8")
    return run(linter, path)[1]


def insult_lines(found):
    return sorted(d.line for d in found if d.rule == "CL-I001")


def call(call_id, text, speaker="坐席", **extra):
    return {"call_id": call_id, "debtor_id": call_id, "started_at": STARTED,
            "utterances": [{"speaker": speaker, "text": text}], **extra}


def jsonl(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records), encoding="utf-8")
    return path


# -- 2. one undecodable line -------------------------------------------------------------------

def test_gbk_line_in_utf8_script_is_one_error_and_the_other_lines_are_checked(linter, tmp_path):
    path = tmp_path / "call.txt"
    path.write_bytes(f"{INSULT}\n".encode() + "坐席：欠钱不还\n".encode("gbk") + f"{INSULT}\n".encode())
    found, errors, _ = run(linter, path)
    assert [(e.line, "not valid UTF-8" in e.message) for e in errors] == [(2, True)]
    assert insult_lines(found) == [1, 3]


def test_gbk_line_in_utf8_json_template_is_one_error_and_the_rest_is_checked(linter, tmp_path):
    path = tmp_path / "sms.json"
    path.write_bytes(f'{{"a": "{INSULT}",\n'.encode() + '"b": "欠钱不还",\n'.encode("gbk") + f'"c": "{INSULT}"}}\n'.encode())
    found, errors, _ = run(linter, path)
    assert [e.line for e in errors] == [2]
    assert insult_lines(found) == [1, 3]


def test_gbk_record_in_utf8_jsonl_export_is_one_error(linter, tmp_path):
    path = tmp_path / "calls.jsonl"
    good = json.dumps(call("c1", INSULT), ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + json.dumps(call("c2", "欠钱不还"), ensure_ascii=False).encode("gbk") + b"\n" + good + b"\n")
    found, errors, _ = run(linter, path)
    assert [e.line for e in errors] == [2]
    assert insult_lines(found) == [1, 3]


def test_gb18030_file_with_one_utf8_line_keeps_gb18030_for_the_rest(linter, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"{INSULT}\n{INSULT}\n".encode("gb18030") + "坐席：您好\n".encode() + f"{INSULT}\n".encode("gb18030"))
    found, errors, warnings = run(linter, path)
    assert insult_lines(found) == [1, 2, 4] and [e.line for e in errors] == [3]
    assert any("GB18030" in w for w in warnings)


def test_gbk_last_row_of_a_csv_export_is_one_error(linter, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_bytes((CSV_HEADER + f"c1,d1,{STARTED},坐席,{INSULT}\n").encode() + f"c2,d2,{STARTED},坐席,欠钱不还\n".encode("gbk"))
    found, errors, _ = run(linter, path)
    assert [e.line for e in errors] == [3] and insult_lines(found) == [2]


def test_a_pipe_is_read_as_its_lines_arrive_not_64_kb_at_a_time():
    import os
    import threading

    from collect_lint.inputs.decode import LineReader

    read_end, write_end = os.pipe()
    os.write(write_end, f"{INSULT}\n".encode())
    lines = []
    with open(read_end, "rb") as stream:
        worker = threading.Thread(target=lambda: lines.append(next(LineReader(stream).lines())), daemon=True)
        worker.start()
        worker.join(timeout=30)
        arrived = list(lines)
        os.close(write_end)
        worker.join(timeout=30)
    assert arrived == [(1, f"{INSULT}\n")]


# -- 4. unterminated CSV quotes ----------------------------------------------------------------

CSV_HEADER = "call_id,debtor_id,started_at,speaker,text\n"


def csv_export(path, texts):
    path.write_text(CSV_HEADER + "".join(f"c{i},d{i},{STARTED},坐席,{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    return path


def test_unterminated_csv_quote_says_where_it_opened_and_later_rows_are_checked(linter, tmp_path):
    path = csv_export(tmp_path / "calls.csv", [INSULT] * 3 + [f'"{INSULT}'] + [INSULT] * 6)
    found, errors, _ = run(linter, path)
    assert len(errors) == 1 and errors[0].line == 5
    assert "quote" in errors[0].message and "opened on line 5" in errors[0].message and "6 following" in errors[0].message
    assert insult_lines(found) == [2, 3, 4, 6, 7, 8, 9, 10, 11]


def test_csv_quote_closed_rows_later_is_reported_and_the_rows_between_are_checked(linter, tmp_path):
    path = csv_export(tmp_path / "calls.csv", [INSULT, f'"{INSULT}', INSULT, f'{INSULT}"', INSULT])
    found, errors, _ = run(linter, path)
    assert [(e.line, "opened on line 3" in e.message) for e in errors] == [(3, True)]
    assert insult_lines(found) == [2, 4, 5, 6]


def test_multi_line_quoted_csv_field_is_still_one_row(linter, tmp_path):
    path = csv_export(tmp_path / "calls.csv", [f'"第一行\n{INSULT}"', INSULT])
    found, errors, _ = run(linter, path)
    assert errors == [] and insult_lines(found) == [3, 4]


def test_unterminated_quote_in_csv_templates_is_reported_and_later_rows_checked(linter, tmp_path):
    path = tmp_path / "sms.csv"
    path.write_text(f'id,text\n1,{INSULT}\n2,"{INSULT}\n3,{INSULT}\n4,{INSULT}\n', encoding="utf-8")
    found, errors, _ = run(linter, path)
    assert [(e.line, "unterminated quote" in e.message) for e in errors] == [(3, True)]
    assert insult_lines(found) == [2, 4, 5]


# -- 5. speaker labels -------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["坐席1", "坐席 A", "agent_01", "人工坐席", "客服专员", "催收员", "1号坐席", "Agent B", "ＡＧＥＮＴ"])
def test_speaker_label_variants_are_the_agent(linter, tmp_path, label):
    found, errors, warnings = run(linter, jsonl(tmp_path / "calls.jsonl", [call("c1", INSULT, speaker=label)]))
    assert insult_lines(found) == [1] and not warnings


def test_customer_label_variants_are_not_the_agent(linter, tmp_path):
    records = [call(f"c{i}", INSULT, speaker=label) for i, label in enumerate(["客户2", "customer_1", "借款人 B"])]
    found, _, warnings = run(linter, jsonl(tmp_path / "calls.jsonl", records))
    assert insult_lines(found) == [] and not warnings


def test_numbered_label_in_a_script_line_is_read_as_a_label(linter):
    items = list(Readers().parse(f"坐席1：{INSULT}\n客户A：{INSULT}\n", Source("call.txt", "script")))
    assert [(i.speaker, i.column) for i in items] == [("agent", 5), ("customer", 5)]


def test_unknown_speaker_labels_are_reported_once_per_file_with_count_and_labels(linter, tmp_path):
    records = [call(f"c{i}", INSULT, speaker=label) for i, label in enumerate(["S1", "S1", "旁白", "坐席"])]
    found, _, warnings = run(linter, jsonl(tmp_path / "calls.jsonl", records))
    notes = [w for w in warnings if "speaker label" in w]
    assert len(notes) == 1 and "3 utterance(s)" in notes[0] and "'S1' ×2" in notes[0] and "'旁白' ×1" in notes[0]
    assert insult_lines(found) == [4]


def test_statistics_count_unknown_speaker_labels(cli, tmp_path):
    path = jsonl(tmp_path / "calls.jsonl", [call("c1", INSULT, speaker="S1"), call("c2", BENIGN, speaker="S1")])
    result = cli(["check", "--isolated", "--format", "json", "--statistics", str(path)])
    assert json.loads(result.stdout)["summary"]["statistics"]["unrecognised_speakers"] == {"S1": 2}


def test_statistics_mask_a_phone_number_used_as_a_speaker_label(cli, tmp_path):
    path = jsonl(tmp_path / "calls.jsonl", [call("c1", INSULT, speaker="13812345678")])
    result = cli(["check", "--isolated", "--format", "json", "--statistics", str(path)])
    assert json.loads(result.stdout)["summary"]["statistics"]["unrecognised_speakers"] == {"138****5678": 1}


def test_map_names_a_vendor_speaker_code(linter, tmp_path):
    path = jsonl(tmp_path / "calls.jsonl", [call("c1", INSULT, speaker="S1"), call("c2", INSULT, speaker="S2")])
    options = TranscriptOptions(tuple(sorted(parse_field_map(["agent=S1|X", "customer=S2"]).items())))
    found, _, warnings = run(linter, path, options=options)
    assert insult_lines(found) == [1] and not warnings


# -- 7. YAML aliases ---------------------------------------------------------------------------

def billion_laughs(levels: int) -> str:
    text = 'a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]\n'
    previous = "a"
    for name in "bcdefghijk"[:levels]:
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def test_yaml_alias_bomb_is_one_error_within_the_budget(linter, tmp_path, monkeypatch):
    from collect_lint.inputs.templates import yaml as yaml_reader

    visits = []
    build = yaml_reader._Tree.build
    monkeypatch.setattr(yaml_reader._Tree, "build", lambda self, node: visits.append(1) or build(self, node))
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(9), encoding="utf-8")
    found, errors, _ = run(linter, path)
    assert [("aliases expand" in e.message) for e in errors] == [True]
    assert len(visits) <= 200 + yaml_reader.ALIAS_BUDGET + 1


def test_yaml_aliases_within_the_budget_are_followed(linter, tmp_path):
    path = tmp_path / "sms.yaml"
    path.write_text(f"shared: &s {{text: {INSULT}}}\nfirst: *s\nsecond: *s\n", encoding="utf-8")
    found, errors, _ = run(linter, path)
    assert errors == [] and insult_lines(found) == [1, 1, 1]


def test_yaml_alias_inside_its_own_anchor_is_one_error(linter, tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(f"a: &a [{INSULT}, *a]\n", encoding="utf-8")
    _, errors, _ = run(linter, path)
    assert [("refers to a node that contains it" in e.message) for e in errors] == [True]


# -- 8. positions in large records -------------------------------------------------------------

def test_positions_in_a_record_with_many_findings_scan_the_record_once_per_key(linter, tmp_path, monkeypatch):
    from collect_lint.inputs.transcripts import locate

    scans = []
    starts = locate.string_value_starts
    monkeypatch.setattr(locate, "string_value_starts", lambda text, key: scans.append(key) or starts(text, key))
    utterances = [{"speaker": "坐席", "text": f"第{i}句，{INSULT}"} for i in range(300)]
    path = jsonl(tmp_path / "calls.jsonl", [call("c1", "", utterances=utterances)])
    found, _, _ = run(linter, path)
    hits = [d for d in found if d.rule == "CL-I001"]
    line = path.read_text(encoding="utf-8")
    assert len(hits) == 300 and scans.count("text") == 1
    assert all(line[d.column - 1 : d.end_column - 1] == "老赖" for d in hits)


def test_offsets_of_a_long_value_are_stored_as_a_few_runs():
    from collect_lint.inputs.templates.positions import escaped_offsets

    value = "老赖" * 50_000
    plain, escaped = json.dumps(value, ensure_ascii=False), json.dumps(value)
    assert len(escaped_offsets(plain, 1, len(plain) - 1, value).starts) == 1
    runs = escaped_offsets(escaped, 1, len(escaped) - 1, value)
    assert len(runs.starts) == 1 and runs[99_999] == 1 + 6 * 99_999 and runs[100_000] == len(escaped) - 1


def test_end_column_of_an_escaped_match_is_after_the_escape(linter, tmp_path):
    record = json.dumps(call("c1", INSULT))  # ensure_ascii: every character a \uXXXX escape
    path = jsonl(tmp_path / "calls.jsonl", [record])
    hit = next(d for d in run(linter, path)[0] if d.rule == "CL-I001")
    assert record[hit.column - 1 : hit.end_column - 1] == "\\u8001\\u8d56"


# -- 9. memory -----------------------------------------------------------------------------------

def test_script_is_read_a_chunk_at_a_time(tmp_path, monkeypatch):
    import collect_lint.inputs as inputs
    from collect_lint.inputs import decode

    monkeypatch.setattr(decode, "CHUNK_BYTES", 256)
    monkeypatch.setattr(decode, "SNIFF_BYTES", 256)
    path = tmp_path / "long.txt"
    path.write_text(f"坐席：{BENIGN}\n" * 2000, encoding="utf-8")
    read = []

    class Counting:
        def __init__(self, stream):
            self.stream = stream

        def read(self, size=-1):
            data = self.stream.read(size)
            read.append(len(data))
            return data

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    monkeypatch.setattr(inputs, "open_binary", lambda p: Counting(open(p, "rb")))
    entries = Readers().read(Source(str(path), "script"), lambda message: None)
    next(entries)
    assert sum(read) <= 512 < path.stat().st_size // 10
    assert sum(1 for _ in entries) == 1999 and max(read) <= 256


def test_a_long_item_is_checked_in_bounded_windows_with_exact_offsets(linter, monkeypatch):
    from collect_lint.engine import linter as engine

    sizes = []
    prepare = engine.Linter.prepare
    monkeypatch.setattr(engine.Linter, "prepare", lambda self, item: sizes.append(len(item.text)) or prepare(self, item))
    text = BENIGN * 20_000 + INSULT + BENIGN * 10 + "你" * 70_000 + INSULT
    found = linter.check_item(Item(text, "sms"))
    starts = [text.index("老赖"), text.rindex("老赖")]
    assert [(d.rule, d.column - 1) for d in found if d.rule == "CL-I001"] == [("CL-I001", s) for s in starts]
    assert max(sizes) <= engine.WINDOW


def test_a_script_dialogue_keeps_only_its_window_of_turns():
    dialogue = Dialogue(window=3)
    numbers = [dialogue.add("agent" if i % 2 else "customer", f"第{i}句") for i in range(10)]
    assert numbers == list(range(10)) and len(dialogue) == 10 and len(dialogue.turns) == 3
    assert list(dialogue.visible(9, None)) == [7, 8, 9] and dialogue.rank(9) == 4


# -- 11. numbers, nesting, surrogates ------------------------------------------------------------

LONG = "9" * 5000


def template_file(tmp_path, suffix, bad_value):
    """A template file whose second entry holds ``bad_value`` (JSON/YAML text), first and third
    an insult; the bad entry is on line 2."""
    path = tmp_path / f"sms{suffix}"
    if suffix == ".json":
        path.write_text(f'{{"a": "{INSULT}",\n"b": {bad_value},\n"c": "{INSULT}"}}\n', encoding="utf-8")
    else:
        path.write_text(f"a: {INSULT}\nb: {bad_value}\nc: {INSULT}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_integer_over_4300_digits_in_a_template_file_is_one_error(linter, tmp_path, suffix):
    found, errors, _ = run(linter, template_file(tmp_path, suffix, LONG))
    assert [(e.line, "digits" in e.message) for e in errors] == [(2, True)]
    assert insult_lines(found) == [1, 3]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_nesting_600_deep_in_a_template_file_is_one_error(linter, tmp_path, suffix):
    found, errors, _ = run(linter, template_file(tmp_path, suffix, "[" * 600 + "]" * 600))
    assert [(e.line, "nesting" in e.message) for e in errors] == [(2, True)]
    assert insult_lines(found) == ([1, 3] if suffix == ".json" else [])


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_lone_surrogate_escape_in_a_template_file_is_one_error_and_still_checked(linter, tmp_path, suffix):
    found, errors, _ = run(linter, template_file(tmp_path, suffix, f'"\\ud800{INSULT}"'))
    assert [(e.line, "surrogate" in e.message) for e in errors] == [(2, True)]
    assert insult_lines(found) == [1, 2, 3]


@pytest.mark.parametrize("bad, still_checked", [
    (f'{{"call_id": "c2", "debtor_id": "d", "started_at": "{STARTED}", "n": {LONG}, "utterances": [{{"speaker": "坐席", "text": "{INSULT}"}}]}}', True),
    ('{"call_id": "c2", "x": ' + "[" * 5000 + "]" * 5000 + "}", False),
    (f'{{"call_id": "c2", "debtor_id": "d", "started_at": "{STARTED}", "utterances": [{{"speaker": "坐席", "text": "\\udc00{INSULT}"}}]}}', True),
])
def test_hostile_jsonl_record_is_one_error_and_every_other_record_is_checked(linter, tmp_path, bad, still_checked):
    path = jsonl(tmp_path / "calls.jsonl", [call("c1", INSULT), bad, call("c3", INSULT)])
    found, errors, _ = run(linter, path)
    assert [e.line for e in errors] == [2]
    assert insult_lines(found) == ([1, 2, 3] if still_checked else [1, 3])


def test_jsonl_record_nested_600_deep_is_one_error_and_its_call_is_checked(linter, tmp_path):
    record = json.dumps({**call("c2", INSULT), "extra": [[[[["您好"]]]]]}, ensure_ascii=False)
    bad = record.replace('[[[[["您好"]]]]]', "[" * 600 + "]" * 600)
    found, errors, _ = run(linter, jsonl(tmp_path / "calls.jsonl", [call("c1", INSULT), bad]))
    assert [(e.line, "nesting deeper than" in e.message) for e in errors] == [(2, True)]
    assert insult_lines(found) == [1, 2]


def test_record_with_several_bad_fields_is_one_error_line(linter, tmp_path):
    record = {"call_id": "c1", "utterances": [{"speaker": "坐席", "text": INSULT, "start": "早上"}]}
    _, errors, _ = run(linter, jsonl(tmp_path / "calls.jsonl", [record]))
    assert len(errors) == 1 and errors[0].line == 1
    assert all(field in errors[0].message for field in ("debtor_id", "started_at", "start"))


def test_character_yaml_does_not_allow_is_one_error_at_its_line(linter, tmp_path):
    errors = errors_of(linter, tmp_path / "sms.yaml", f"a: {INSULT}\nb: 您好\f请还款\n")
    assert [(e.line, "invalid YAML" in e.message) for e in errors] == [(2, True)]


# -- 16. what ends a line ------------------------------------------------------------------------

ODD_SPACES = "\f\v\x1c\x85\u2028"
RAW_IN_DATA = "\x85\u2028"  # JSON and YAML may not hold raw \f, \v or \x1c


@pytest.mark.parametrize("name, text", [
    ("call.txt", f"坐席：您好{ODD_SPACES}请还款\n{INSULT}\n"),
    ("msgs.sms", f"您好{ODD_SPACES}请还款\n{INSULT}\n"),
    ("sms.md", f"您好{ODD_SPACES}请还款\n{INSULT}\n"),
    ("sms.json", f'{{"a": "您好{RAW_IN_DATA}",\n"b": "{INSULT}"}}'),
    ("sms.yaml", f'a: "您好{RAW_IN_DATA}"\nb: {INSULT}\n'),
    ("sms.csv", f'id,text\n1,您好{ODD_SPACES}\n2,{INSULT}\n'),
    ("calls.csv", CSV_HEADER + f"c1,d1,{STARTED},坐席,您好{ODD_SPACES}\nc2,d2,{STARTED},坐席,{INSULT}\n"),
    ("calls.jsonl", json.dumps(call("c1", f"您好{ODD_SPACES}"), ensure_ascii=False) + "\n" + json.dumps(call("c2", INSULT), ensure_ascii=False) + "\n"),
])
def test_form_feed_and_unicode_separators_do_not_end_a_line(linter, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    found, errors, _ = run(linter, path)
    assert errors == [] and [d.line for d in found if d.rule == "CL-I001"] == [2 if name != "sms.csv" and name != "calls.csv" else 3]


def test_a_bare_carriage_return_ends_a_line(linter, tmp_path):
    path = tmp_path / "call.txt"
    path.write_bytes(f"坐席：您好\r\r{INSULT}\r".encode())
    assert insult_lines(run(linter, path)[0]) == [3]


# -- 18. quiet acceptance ------------------------------------------------------------------------

def test_duplicate_text_column_in_csv_templates_is_an_error(linter, tmp_path):
    errors = errors_of(linter, tmp_path / "sms.csv", f"id,text,text\n1,您好,{INSULT}\n")
    assert [(e.line, "column 'text' 2 times" in e.message) for e in errors] == [(1, True)]


def test_duplicate_speaker_column_in_a_csv_export_is_an_error(linter, tmp_path):
    text = f"call_id,debtor_id,started_at,speaker,speaker,text\nc1,d1,{STARTED},客户,坐席,{INSULT}\n"
    errors = errors_of(linter, tmp_path / "calls.csv", text)
    assert [("column 'speaker' 2 times" in e.message) for e in errors] == [True]


def test_json_export_whose_utterances_key_comes_after_64_kb_is_a_transcript(linter, tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([{"note": "备注" * 40_000, **call("c1", INSULT)}], ensure_ascii=False), encoding="utf-8")
    found, errors, _ = run(linter, path)
    assert errors == [] and [d.call_id for d in found if d.rule == "CL-I001"] == ["c1"]
