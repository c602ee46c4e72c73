"""Property-based fuzz test of every reader (issue 12): files made of good records (each with
an insult) and hostile ones (undecodable bytes, unterminated quotes, huge integers, deep
nesting, lone surrogate escapes, broken syntax) in any order. Whatever the mix, no exception
escapes, each bad record gets exactly one input-error line, on its own line, and every good
record still gives its finding. Bounded examples and a fixed seed keep it to a few seconds."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from collect_lint.workflow.runner import Runner

INSULT = "你这个老赖"
GBK_TEXT = "欠钱不还".encode("gbk")  # every byte >= 0x80: no quote, comma or backslash appears
STARTED = "2026-11-20T10:00:00+08:00"
LONG_INT = "9" * 5000
DEEP = "[" * 600 + "]" * 600

FUZZ = settings(max_examples=25, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Filler around the insult: Chinese, punctuation and characters that are not line breaks here.
filler = st.text(alphabet="您好请还款。，！ \t\f\v\x1c\x85\u2028", max_size=6)


def _call(number: int, text: str) -> dict:
    return {"call_id": f"c{number}", "debtor_id": "d", "started_at": STARTED,
            "utterances": [{"speaker": "坐席", "text": text}]}


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


# Per reader: file name, header bytes, and per record kind a function (number, filler) -> bytes
# of one line. "good" records hold an insult; every other kind must be exactly one input error.
def _jsonl_export():
    def good(n, f):
        return _dumps(_call(n, f + INSULT))

    return "calls.jsonl", b"", {
        "good": good,
        "broken": lambda n, f: b'{"call_id": "c%d", ' % n,
        "long_int": lambda n, f: good(n, f)[:-1] + b', "n": ' + LONG_INT.encode() + b"}",
        "deep": lambda n, f: b'{"call_id": "c%d", "x": ' % n + DEEP.encode() + b"}",
        "surrogate": lambda n, f: good(n, f).replace(INSULT.encode(), b"\\udc00" + INSULT.encode()),
        "gbk": lambda n, f: _dumps(_call(n, "")).replace(b'"text": ""', b'"text": "' + GBK_TEXT + b'"'),
        "no_time": lambda n, f: good(n, f).replace(b'"started_at"', b'"begun_at"'),
    }


def _json_export():
    # One call per line of a JSON array; the array brackets are on lines of their own.
    def good(n, f):
        return _dumps(_call(n, f + INSULT)) + b","

    return "calls.json", b"[\n", {
        "good": good,
        "long_int": lambda n, f: _dumps(_call(n, f + INSULT))[:-1] + b', "n": ' + LONG_INT.encode() + b"},",
        "deep": lambda n, f: _dumps(_call(n, f + INSULT))[:-1] + b', "x": ' + DEEP.encode() + b"},",
        "surrogate": lambda n, f: good(n, f).replace(INSULT.encode(), b"\\udc00" + INSULT.encode()),
        "gbk": lambda n, f: _dumps(_call(n, "")).replace(b'"text": ""', b'"text": "' + GBK_TEXT + b'"') + b",",
        "no_time": lambda n, f: good(n, f).replace(b'"started_at"', b'"begun_at"'),
    }


def _csv_export():
    def row(n, text):
        return f"c{n},d{n},{STARTED},坐席,".encode() + text

    return "calls.csv", b"call_id,debtor_id,started_at,speaker,text\n", {
        "good": lambda n, f: row(n, (f + INSULT).encode()),
        "unterminated": lambda n, f: row(n, b'"' + INSULT.encode()),
        "gbk": lambda n, f: row(n, GBK_TEXT),
        "short": lambda n, f: f"c{n},{INSULT}".encode(),
    }


def _csv_templates():
    return "sms.csv", b"id,text\n", {
        "good": lambda n, f: f"t{n},{f}{INSULT}".encode(),
        "unterminated": lambda n, f: f't{n},"{INSULT}'.encode(),
        "gbk": lambda n, f: f"t{n},".encode() + GBK_TEXT,
    }


def _json_templates():
    # {"t1": "...", ...} one entry per line; "z" closes the object.
    return "sms.json", b"{\n", {
        "good": lambda n, f: f'"t{n}": '.encode() + _dumps(f + INSULT) + b",",
        "long_int": lambda n, f: f'"t{n}": {LONG_INT},'.encode(),
        "deep": lambda n, f: f'"t{n}": {DEEP},'.encode(),
        "surrogate": lambda n, f: f'"t{n}": '.encode() + _dumps(f + INSULT).replace(INSULT.encode(), b"\\ud800" + INSULT.encode()) + b",",
        "gbk": lambda n, f: f'"t{n}": "'.encode() + GBK_TEXT + b'",',
    }


def _yaml_templates():
    return "sms.yaml", b"", {
        "good": lambda n, f: f"t{n}: ".encode() + _dumps(f + INSULT),
        "long_int": lambda n, f: f"t{n}: {LONG_INT}".encode(),
        "surrogate": lambda n, f: f't{n}: "\\ud800{INSULT}"'.encode(),
        "gbk": lambda n, f: f't{n}: "'.encode() + GBK_TEXT + b'"',
    }


def _line_format(name, prefix=""):
    return lambda: (name, b"", {
        "good": lambda n, f: f"{prefix}{f}{INSULT}".encode(),
        "gbk": lambda n, f: prefix.encode() + GBK_TEXT,
    })


READERS = {
    "jsonl export": _jsonl_export,
    "json export": _json_export,
    "csv export": _csv_export,
    "csv templates": _csv_templates,
    "json templates": _json_templates,
    "yaml templates": _yaml_templates,
    "script": _line_format("call.txt", "坐席："),
    "sms": _line_format("msgs.sms"),
    "markdown": _line_format("sms.md"),
}
# Records still checked although they are reported (the bad part is read as U+FFFD or ignored).
STILL_CHECKED = {"surrogate", "long_int", "no_time", "deep"}
# A .json file, an array, needs a closing line; a JSON object one too.
CLOSING = {"calls.json": b'{"call_id": "end", "debtor_id": "d", "started_at": "' + STARTED.encode() + b'", "utterances": []}\n]\n',
           "sms.json": b'"z": "ok"\n}\n'}


def _run(linter, name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        runner = Runner(linter, lambda warning: None)
        found = list(runner.run([str(path)]))
        return found, runner.summary.input_errors


@st.composite
def files(draw, reader):
    name, header, kinds = READERS[reader]()
    records = draw(st.lists(st.tuples(st.sampled_from(sorted(kinds)), filler), min_size=1, max_size=6))
    first = header.count(b"\n") + 1
    lines = [kinds[kind](n, f) for n, (kind, f) in enumerate(records)]
    # The file's encoding is sniffed by majority: keep UTF-8 the majority so GBK lines are the bad ones.
    assume(sum(kind == "gbk" for kind, _ in records) < sum(kind != "gbk" and not line.isascii() for (kind, _), line in zip(records, lines)))
    data = header + b"\n".join(lines) + b"\n" + CLOSING.get(name, b"")
    return name, data, [(first + i, kind) for i, (kind, _) in enumerate(records)]


def _check(linter, name, data, records):
    found, errors = _run(linter, name, data)
    bad = sorted(line for line, kind in records if kind != "good")
    good = {line for line, kind in records if kind == "good"}
    checked = good | {line for line, kind in records if kind in STILL_CHECKED}
    assert sorted(e.line for e in errors) == bad, errors
    assert all(e.path.endswith(name) and "\n" not in e.message for e in errors)
    hits = {d.line for d in found if d.rule == "CL-I001"}
    assert good <= hits <= checked


def _property(reader):
    @FUZZ
    @given(case=files(reader))
    def test(linter, case):
        _check(linter, *case)

    return test


test_fuzz_jsonl_export = _property("jsonl export")
test_fuzz_json_export = _property("json export")
test_fuzz_csv_export = _property("csv export")
test_fuzz_csv_templates = _property("csv templates")
test_fuzz_json_templates = _property("json templates")
test_fuzz_yaml_templates = _property("yaml templates")
test_fuzz_script = _property("script")
test_fuzz_sms = _property("sms")
test_fuzz_markdown = _property("markdown")


@FUZZ
@given(reader=st.sampled_from(sorted(READERS)), data=st.binary(max_size=300))
def test_fuzz_arbitrary_bytes_never_escape_as_an_exception(linter, reader, data):
    name = READERS[reader]()[0]
    _, errors = _run(linter, name, data)
    assert all(e.path.endswith(name) and "\n" not in e.message for e in errors)
