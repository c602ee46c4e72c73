"""issue 15, point 1: the HTML report rendered in a real headless browser (Debian's chromium, no
download at run time). The page is loaded with ``--dump-dom`` (the DOM after its script ran);
every HTTP request the browser would make goes to a local proxy that records it."""

import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")


class Browser:
    """Headless chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
    NUL-terminated JSON on file descriptors 3 and 4), so the test needs nothing but the
    browser. ``open(url)`` loads a page in a new tab and records the requests *that page*
    makes (the browser's own update and sign-in traffic is not the page's)."""

    def __init__(self, profile: Path) -> None:
        to_browser_read, self._write = os.pipe()
        self._read, from_browser_write = os.pipe()

        def descriptors() -> None:  # in the child: the pipe ends become fds 3 and 4
            high_read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=descriptors, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next = 0
        self.session = None

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        return self._next

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, events: list | None = None, timeout: float = 60) -> dict:
        """Send a command (in the page's session once a page is open); events that arrive
        meanwhile go to ``events``."""
        number = self._send(method, params, self.session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == number:
                assert "error" not in message, message["error"]
                return message.get("result", {})
            if events is not None and "method" in message:
                events.append(message)

    def open(self, url: str) -> list[str]:
        """Load ``url``; returns the URLs of every request the page made while loading."""
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        events: list = []
        self.call("Network.enable", events=events)
        self.call("Page.enable", events=events)
        self.call("Page.navigate", {"url": url}, events=events)
        deadline = time.monotonic() + 60
        while not any(e["method"] == "Page.loadEventFired" for e in events):
            message = self._receive(deadline)
            if "method" in message:
                events.append(message)
        self.evaluate("new Promise(done => setTimeout(done, 300))", events=events)  # late fetches, if any
        return [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]

    def evaluate(self, expression: str, events: list | None = None):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, events)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._write)
        os.close(self._read)


def table_rows(dom: str, table_id: str) -> list[str]:
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', dom, re.S).group(1)
    return re.findall(r"<tr[ >].*?</tr>", body, re.S)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    browser = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.close()


def load(browser, path: Path) -> tuple[str, list[str]]:
    """(the rendered DOM, the requests beyond the page's own file)."""
    url = path.resolve().as_uri()
    requests = [r for r in browser.open(url) if r != url]
    return browser.evaluate("document.documentElement.outerHTML"), requests


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A report over a generated two-day export of 2,000 calls by 12 agents, with valid
    personal numbers in what was said; (html path, embedded data, the personal numbers, export)."""
    from click.testing import CliRunner

    from bench.report import generate
    from collect_lint.cli import main

    directory = tmp_path_factory.mktemp("report")
    export = directory / "calls.jsonl"
    personal = generate(export, 2000, calls_per_day=1000, agents=12)
    html = directory / "report.html"
    result = CliRunner().invoke(main, ["report", str(export), "-o", str(html)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="report-data" type="application/json">(.*?)</script>', text, re.S).group(1))
    return html, data, personal, export


@pytest.fixture(scope="module")
def rendered(browser, report):
    return load(browser, report[0])


def test_hour_chart_has_a_bar_per_hour_and_the_quiet_window_shaded(rendered):
    dom, _ = rendered
    chart = re.search(r'<svg[^>]*id="hour-svg".*?</svg>', dom, re.S).group()
    assert len(re.findall(r'class="bar"', chart)) == 24
    assert len(re.findall(r'class="quiet"', chart)) == 2  # 21:00–08:00 wraps midnight


def test_daily_trend_chart_is_drawn_for_an_export_over_two_days(rendered):
    dom, _ = rendered
    chart = re.search(r'<svg[^>]*id="day-svg".*?</svg>', dom, re.S).group()
    assert len(re.findall(r"<circle", chart)) == 2


def test_agent_table_has_a_row_per_agent(rendered, report):
    dom, _ = rendered
    assert len(table_rows(dom, "agent-table")) == len(report[1]["agents"]) == 12


def test_rule_table_has_a_row_per_rule_with_its_name(rendered, report):
    dom, _ = rendered
    rows = table_rows(dom, "rule-table")
    assert len(rows) == len(report[1]["rules"]) > 3
    first = report[1]["rules"][0]
    assert first["id"] in rows[0] and first["name"] in rows[0]


def test_findings_table_shows_the_utterance_with_the_one_before_and_after(rendered):
    dom, _ = rendered
    threat = next(row for row in table_rows(dom, "finding-table") if "上门找你家里人" in row)
    assert threat.count('class="ctx"') == 2 and '<span class="hit">' in threat


def test_choosing_an_agent_in_the_filter_narrows_the_findings_table(browser, report):
    html, data, _, _ = report
    load(browser, html)
    everything = browser.evaluate("document.querySelectorAll('#finding-table tbody tr').length")
    agent = data["rows"][0]["agent"]
    shown = browser.evaluate(
        "const s = document.getElementById('f-agent'); s.value = %s; s.dispatchEvent(new Event('change'));"
        "[...document.querySelectorAll('#finding-table tbody tr')].map(tr => tr.children[2].textContent)" % json.dumps(agent)
    )
    assert 0 < len(shown) == sum(1 for row in data["rows"] if row["agent"] == agent) < everything
    assert set(shown) == {agent}


def test_a_filter_in_the_address_narrows_the_findings_table(browser, report):
    html, data, _, _ = report
    rule = data["rows"][0]["rule"]
    browser.open(html.resolve().as_uri() + f"#rule={rule}")
    shown = browser.evaluate("[...document.querySelectorAll('#finding-table tbody tr')].map(tr => tr.children[0].textContent)")
    assert shown and all(text.startswith(rule) for text in shown)


def test_report_makes_no_network_request(rendered):
    _, requests = rendered
    assert requests == []


def test_the_request_recorder_sees_a_page_that_fetches(browser, tmp_path):
    page = tmp_path / "fetches.html"
    page.write_text('<html><body><img src="http://report-assets.invalid/chart.png"></body></html>', encoding="utf-8")
    _, requests = load(browser, page)
    assert requests == ["http://report-assets.invalid/chart.png"]


def test_no_personal_number_appears_unmasked_in_the_file(report):
    html, _, personal, _ = report
    text = html.read_text(encoding="utf-8")
    assert len(personal) > 30
    assert [number for number in personal if number in text] == []


def test_no_personal_number_appears_unmasked_in_the_rendered_page(report, rendered):
    dom, _ = rendered
    assert "1101**" in dom  # masked IDs keep their first digits: there were numbers to mask
    assert [number for number in report[2] if number in dom] == []


def test_a_dismissal_made_in_the_page_hides_the_finding_on_the_next_run(browser, report, tmp_path, cli):
    html, data, _, export = report
    load(browser, html)
    document = browser.evaluate("""(() => {
        const row = document.querySelector('#finding-table tbody tr');
        const state = row.querySelector('select'), reason = row.querySelector('input');
        state.value = 'dismissed'; state.dispatchEvent(new Event('change'));
        reason.value = '客户转述，非坐席所说'; reason.dispatchEvent(new Event('input'));
        return decisionsDocument();
    })()""")
    dismissed_id = data["rows"][0]["id"]
    assert document == {"version": 1, "decisions": [
        {"id": dismissed_id, "rule": data["rows"][0]["rule"], "state": "dismissed", "reason": "客户转述，非坐席所说"}]}
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = json.loads(cli(["check", "--format", "json", "--reviewed", str(decisions), str(export)]).stdout)
    assert [d["review"]["id"] for d in result["dismissed"]] == [dismissed_id]
    assert dismissed_id not in [d["review"]["id"] for d in result["diagnostics"]]


def test_clicking_a_column_header_sorts_the_agent_table(browser, report):
    html = report[0]
    load(browser, html)
    calls = browser.evaluate("""(() => {
        document.querySelector('#agent-table th[data-key="calls"]').click();
        return [...document.querySelectorAll('#agent-table tbody tr')].map(tr => Number(tr.children[1].textContent.replace(/,/g, '')));
    })()""")
    assert len(calls) == 12 and calls == sorted(calls, reverse=True) and calls != sorted(calls)
