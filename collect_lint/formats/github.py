"""``github``: GitHub Actions workflow commands, one annotation per diagnostic.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``; info becomes ``notice``.
"""

from __future__ import annotations

from .message import finding_message

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubRenderer:
    def __init__(self, write, colour: bool = False, statistics: bool = False, explain: bool = False) -> None:
        self.write = write

    def begin(self, rules) -> None:
        pass

    def emit(self, d) -> None:
        properties = [
            ("file", d.path or "-"),
            ("line", str(d.line)),
            ("col", str(d.column)),
            ("endLine", str(d.end_line)),
            ("endColumn", str(d.end_column)),
            ("title", f"{d.rule} {d.name}"),
        ]
        message = finding_message(d)
        props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        self.write(f"::{_COMMANDS[d.severity.value]} {props}::{escape_data(message)}")

    def end(self, summary) -> None:
        for error in summary.input_errors:
            where = f"file={escape_property(error.path)}" + (f",line={error.line}" if error.line else "")
            self.write(f"::error {where}::{escape_data(error.message)}")
