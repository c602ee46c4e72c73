"""collect-lint serve, as a real server process on a free loopback port: results equal the
library's, bad requests get their 4xx, contact counts stay exact under concurrency (SQLite with
two workers, Redis), survive a restart, and SIGHUP reloads a changed ruleset while requests go
on. Redis runs as a real redis-server started here (.ci/run installs it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

try:
    import fastapi  # noqa: F401
except ImportError:  # a missing extra must not pass as skipped tests
    pytest.fail("the service tests need the server extra: pip install '.[fast,server,test]' (README)", pytrace=False)

from collect_lint import Linter  # noqa: E402
from collect_lint.config import load_config  # noqa: E402
from collect_lint.service.client import Client, ServiceError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HOUSE_RULE = (
    '[[rules]]\nid = "CL-Z901"\nname = "house-word"\ncategory = "insult"\nseverity = "warning"\n'
    'message = "内部禁用词"\npatterns = ["{word}"]\nreference = "公司制度"\n'
)
CONFIG = """
[tool.collect-lint]
{extra}

[tool.collect-lint.server]
max-items = 100
max-text-chars = 2000

[tool.collect-lint.server.policies.insult-only]
select = ["insult"]
verdicts = { warning = "block" }
"""


class Server:
    """``collect-lint serve --port 0 …`` in a child process; ``url`` once it is ready."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "collect_lint", "serve", "--port", "0", *args],
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        self.log: list[str] = []
        found = threading.Event()
        self.url = None

        def read() -> None:
            for line in self.process.stderr:
                self.log.append(line)
                match = re.search(r"listening on (http://\S+) ", line)
                if match:
                    self.url = match.group(1)
                    found.set()
            found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(60) or self.url is None:
            self.stop()
            raise AssertionError("server did not start:\n" + "".join(self.log))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("server not ready:\n" + "".join(self.log))

    def client(self) -> Client:
        return Client(self.url, timeout=30)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def post(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gate")
    (folder / "pyproject.toml").write_text(CONFIG.replace("{extra}", ""), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(project):
    running = Server("--state", str(project / "state.db"), cwd=project)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def library(project):
    config = load_config(None, str(project / "pyproject.toml")).config
    return {name: Linter(**config.linter_options(policy), backend="auto") for name, policy in config.policies().items()}


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; .ci/run installs it (apt-get install -y redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


# -- /v1/check --------------------------------------------------------------------------------------
def corpus_texts(count: int) -> list[str]:
    lines = (ROOT / "corpus" / "core.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()][:count]


def test_results_equal_the_library_for_a_batch_of_corpus_texts(server, library):
    texts = corpus_texts(100)
    results = server.client().check([{"id": str(n), "text": t} for n, t in enumerate(texts)])
    expected = [[d.to_json_dict() for d in library["default"].check(t, kind="sms")] for t in texts]
    assert [r["diagnostics"] for r in results] == expected


def test_script_items_equal_the_library_script_check(server, library):
    script = "坐席：您好，这里是安心消费金融公司。\n客户：你们这群骗子\n坐席：你这个老赖，再不还钱就等着坐牢"
    result = server.client().check_text(script, kind="script")
    assert result["diagnostics"] == [d.to_json_dict() for d in library["default"].check(script, kind="script")]


def test_error_maps_to_block(server):
    assert server.client().check_text("你这个老赖再不还钱就等着坐牢")["verdict"] == "block"


def test_clean_message_passes(server):
    assert server.client().check_text("您好，您本期账单已到期，请及时还款。")["verdict"] == "pass"


def test_warning_maps_to_review(server):
    assert server.client().check_text("少废话，今天到底还多少？")["verdict"] == "review"


def test_policy_verdict_mapping_replaces_the_default(server):
    assert server.client().check_text("少废话，今天到底还多少？", policy="insult-only")["verdict"] == "block"


def test_policy_selects_its_rules(server):
    assert server.client().check_text("再不还钱就等着坐牢", policy="insult-only")["verdict"] == "pass"


def test_results_keep_the_callers_ids_in_order(server):
    results = server.client().check([{"id": "b", "text": "你好"}, {"id": "a", "text": "你这个老赖"}])
    assert [r["id"] for r in results] == ["b", "a"]


def test_personal_data_is_masked_in_diagnostics(server):
    result = server.client().check_text("请转账到我个人卡号6222021234567890123，不然曝光你")
    assert "6222021234567890123" not in json.dumps(result, ensure_ascii=False)


BAD_REQUESTS = {
    "not JSON": (b"{items: [", "application/json", 400),
    "not an object": (b"[1, 2]", "application/json", 422),
    "no items": (b'{"items": []}', "application/json", 422),
    "text not a string": (b'{"items": [{"id": "a", "text": 5}]}', "application/json", 422),
    "missing id": (b'{"items": [{"text": "x"}]}', "application/json", 422),
    "unknown kind": (b'{"items": [{"id": "a", "text": "x", "kind": "email"}]}', "application/json", 422),
    "unknown field": (b'{"items": [{"id": "a", "text": "x", "txt": "y"}]}', "application/json", 422),
    "unknown policy": (b'{"items": [{"id": "a", "text": "x"}], "policy": "nope"}', "application/json", 422),
    "too many items": (json.dumps({"items": [{"id": str(n), "text": "x"} for n in range(101)]}).encode(), "application/json", 422),
    "text over the limit": (json.dumps({"items": [{"id": "a", "text": "好" * 2001}]}).encode(), "application/json", 422),
    "unpaired surrogate": (b'{"items": [{"id": "a", "text": "\\ud800"}]}', "application/json", 422),
    "nested too deep": (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
    "not UTF-8": ('{"items": [{"id": "a", "text": "老赖"}]}'.encode("gb18030"), "application/json", 400),
    "form body": (b"items=1", "application/x-www-form-urlencoded", 415),
    "body over the byte limit": (b"[" + b"0," * 1_500_000 + b"0]", "application/json", 413),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_bad_check_request_gets_its_4xx_json_error(server, case):
    body, content_type, status = BAD_REQUESTS[case]
    got, payload = post(server.url + "/v1/check", body, content_type)
    assert (got, sorted(payload)) == (status, ["details", "error", "message"])


def test_error_message_does_not_echo_the_text(server):
    _, payload = post(server.url + "/v1/check", json.dumps({"items": [{"id": "a", "text": "老赖" * 1001}]}).encode())
    assert "老赖" not in json.dumps(payload, ensure_ascii=False)


def test_h2c_upgrade_is_refused_with_a_clear_400(server):
    # What Java's HttpClient sends by default on http://; the body would otherwise be lost.
    request = urllib.request.Request(server.url + "/v1/check", data=b'{"items": [{"id": "a", "text": "x"}]}', method="POST",
                                     headers={"Content-Type": "application/json", "Connection": "Upgrade, HTTP2-Settings",
                                              "Upgrade": "h2c", "HTTP2-Settings": "AAMAAABkAAQAAP__"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert (raised.value.code, json.loads(raised.value.read())["error"]) == (400, "upgrade_not_supported")


def test_unknown_route_is_a_json_404(server):
    request = urllib.request.Request(server.url + "/v2/check")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert (raised.value.code, json.loads(raised.value.read())["error"]) == (404, "not_found")


def test_openapi_schema_describes_the_endpoints(server):
    with urllib.request.urlopen(server.url + "/openapi.json", timeout=10) as response:
        schema = json.loads(response.read())
    assert {"/v1/check", "/v1/contact", "/v1/contact/record"} <= set(schema["paths"])


# -- /v1/contact ------------------------------------------------------------------------------------
def test_contact_in_quiet_hours_is_blocked(server):
    answer = server.client().contact("Q1", "2026-11-20T23:10:00+08:00")
    assert (answer["allowed"], answer["verdict"], [d["rule"] for d in answer["diagnostics"]]) == (False, "block", ["CL-H101"])


def test_contact_uses_the_debtors_zone(server):
    answer = server.client().contact("Q2", "2026-11-20T10:00:00+08:00", timezone="Europe/Berlin")
    assert answer["local_time"] == "2026-11-20T03:00:00+01:00" and not answer["allowed"]


def test_contact_after_three_connected_calls_is_for_review(server):
    client = server.client()
    for hour in ("09", "10", "11"):
        client.record("Q3", f"2026-11-20T{hour}:00:00+08:00", outcome="connected")
    answer = client.contact("Q3", "2026-11-20T15:00:00+08:00")
    assert (answer["allowed"], answer["verdict"], answer["counts"]["connected"]) == (False, "review", 3)


def test_contact_diagnostics_equal_the_library_gate(server, library):
    from collect_lint.contact import ContactGate

    answer = server.client().contact("Q4", "2026-11-20T07:00:00+08:00", channel="sms")
    expected = ContactGate(library["default"].rules).check("Q4", "2026-11-20T07:00:00+08:00", "sms").diagnostics()
    assert answer["diagnostics"] == [d.to_json_dict() for d in expected]


def test_record_of_a_call_needs_an_outcome(server):
    with pytest.raises(ServiceError) as raised:
        server.client().record("Q5", "2026-11-20T10:00:00+08:00")
    assert raised.value.status == 422


@pytest.mark.parametrize("body", [
    {"debtor_id": "Q6", "at": "明天上午"},
    {"debtor_id": "Q6", "at": "2026-11-20T10:00:00", "timezone": "Mars/Base"},
    {"debtor_id": "Q6", "at": "2026-11-20T10:00:00", "channel": "email"},
    {"debtor_id": "", "at": "2026-11-20T10:00:00"},
    {"at": "2026-11-20T10:00:00"},
])
def test_bad_contact_request_gets_422(server, body):
    status, payload = post(server.url + "/v1/contact", json.dumps(body, ensure_ascii=False).encode())
    assert (status, payload["error"]) == (422, "invalid_request")


# -- operations -------------------------------------------------------------------------------------
def test_serve_binds_to_loopback_by_default(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_healthz_answers(server):
    with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
        assert json.loads(response.read()) == {"status": "ok"}


def test_metrics_count_findings_by_rule_and_verdict(server):
    client = server.client()
    client.check_text("少废话，今天到底还多少？", policy="insult-only")
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        text = response.read().decode()
    assert re.search(r'collect_lint_findings_total\{policy="insult-only",rule="CL-I013",verdict="block"\} [1-9]', text)


def test_access_log_has_no_text_and_no_debtor_id(server):
    server.client().check_text("你这个老赖，身份证号110101199003074258")
    server.client().contact("SECRET-DEBTOR-77", "2026-11-20T10:00:00+08:00")
    time.sleep(0.2)
    log = "".join(server.log)
    assert '"route": "/v1/check"' in log and "老赖" not in log and "110101" not in log and "SECRET-DEBTOR-77" not in log


def test_sighup_reloads_a_changed_ruleset_while_requests_go_on(server, project, library):
    client = server.client()
    assert client.check_text("这是检察院")["verdict"] == "pass"
    failures: list[str] = []
    done = threading.Event()

    def keep_asking() -> None:
        own = server.client()
        while not done.is_set():
            try:
                own.check_text("您好，请及时还款。")
            except Exception as exc:  # any failed request while reloading is a failure
                failures.append(repr(exc))

    workers = [threading.Thread(target=keep_asking) for _ in range(2)]
    for worker in workers:
        worker.start()
    (project / "house.toml").write_text(HOUSE_RULE.format(word="检察院"), encoding="utf-8")
    (project / "pyproject.toml").write_text(CONFIG.replace("{extra}", 'extra-rulesets = ["house.toml"]'), encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 240  # new tables: seconds (the rule adds no word to the segmenter), more under load
    while client.check_text("这是检察院")["verdict"] == "pass" and time.monotonic() < deadline:
        time.sleep(0.2)
    done.set()
    for worker in workers:
        worker.join()
    assert (client.check_text("这是检察院")["verdict"], failures) == ("review", []), "".join(server.log[-20:])


def test_reload_of_a_broken_config_keeps_the_current_rules(server, project):
    good = (project / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(good.replace("[tool.collect-lint]\n", "[tool.collect-lint]\nselct = 1\n", 1), encoding="utf-8")
    try:
        server.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not any("reload failed" in line for line in server.log) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        (project / "pyproject.toml").write_text(good, encoding="utf-8")
    assert (server.client().check_text("你这个老赖")["verdict"], any("unknown key 'selct'" in line for line in server.log)) == ("block", True)


def test_broken_config_stops_serve_with_one_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.collect-lint]\nselct = ["insult"]\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "collect_lint", "serve", "--port", "0", "--workers", "2"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert (result.returncode, len(errors), "unknown key 'selct'" in result.stderr) == (2, 1, True)


# -- state under concurrency -----------------------------------------------------------------------
def record_concurrently(server: Server, debtor: str, count: int) -> list[int]:
    """``count`` records of one debtor from 8 threads; the 7-day counts each record returned."""
    def one(n: int) -> int:
        answer = server.client().record(debtor, "2026-11-20T10:00:00+08:00", outcome="connected" if n % 2 else "unanswered")
        return answer["counts"]["calls_7_days"]

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    running = Server("--workers", "2", "--state", str(folder / "state.db"), cwd=folder)
    yield running, folder
    running.stop()


def test_sqlite_two_workers_count_concurrent_records_exactly(two_workers):
    server, _ = two_workers
    seen = record_concurrently(server, "C1", 200)
    answer = server.client().contact("C1", "2026-11-20T11:00:00+08:00")
    assert (sorted(seen), answer["counts"]) == (list(range(1, 201)), {"connected": 100, "unanswered": 100, "calls_7_days": 200})


def test_metrics_add_up_every_worker(two_workers):
    server, _ = two_workers
    for _ in range(20):
        Client(server.url).check_text("你好")  # a new connection each time: both workers answer
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        text = response.read().decode()
    assert 'collect_lint_items_total{policy="default",verdict="pass"} 20.0' in text


def test_restart_keeps_the_counts(two_workers):
    server, folder = two_workers
    server.client().record("R1", "2026-11-20T10:00:00+08:00", outcome="connected")
    assert server.stop() == 0  # graceful
    again = Server("--state", str(folder / "state.db"), cwd=folder)  # one worker: no supervisor
    try:
        counts = again.client().contact("R1", "2026-11-20T11:00:00+08:00")["counts"]
    finally:
        code = again.stop()
    assert (counts, code) == ({"connected": 1, "unanswered": 0, "calls_7_days": 1}, 0)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory, redis_url):
    running = Server("--workers", "2", "--state", redis_url, cwd=tmp_path_factory.mktemp("redis-gate"))
    yield running
    running.stop()


def test_redis_two_workers_count_concurrent_records_exactly(redis_server):
    seen = record_concurrently(redis_server, "C2", 200)
    counts = redis_server.client().contact("C2", "2026-11-20T11:00:00+08:00")["counts"]
    assert (sorted(seen), counts) == (list(range(1, 201)), {"connected": 100, "unanswered": 100, "calls_7_days": 200})


def test_workers_end_with_a_killed_supervisor(redis_server):
    redis_server.process.kill()  # SIGKILL: the supervisor cannot pass anything on
    redis_server.process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(redis_server.url + "/healthz", timeout=1).close()
        except OSError:
            break
        time.sleep(0.2)
    with pytest.raises(OSError):
        urllib.request.urlopen(redis_server.url + "/healthz", timeout=1)


def test_unreachable_redis_stops_serve_with_one_line(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = subprocess.run([sys.executable, "-m", "collect_lint", "serve", "--port", "0", "--state", url],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60, env={**os.environ})
    assert result.returncode == 2 and "cannot reach Redis" in result.stderr and "Traceback" not in result.stderr
