"""``collect-lint report EXPORT... -o report.html [-o findings.csv -o summary.xlsx]``: check the
inputs once and write report files (html, csv, csv-agents, csv-rules, xlsx, by the file name's
ending or ``--output-format``). Every file is written atomically, and every path is checked
before the run starts. Exit 0 when the files are written (findings or not), 2 on errors."""

from __future__ import annotations

import click

from ..formats import REPORT_FORMATS, REPORT_SUFFIXES, RENDERERS
from . import EXIT_OK, EXIT_VIOLATIONS, fail, main, warn
from .check import check

# Options of `check` that `report` takes as they are.
SHARED_OPTIONS = (
    "kind", "select", "extend_select", "ignore", "rulesets", "backend", "config_file", "isolated", "timezone",
    "profile", "quiet_hours", "limits", "field_map", "jobs", "progress", "reviewed_file", "quiet", "lang",
)


def format_of(path: str, output_format: str | None) -> str:
    if output_format:
        return output_format
    lowered = path.lower()
    for suffix, name in REPORT_SUFFIXES.items():
        if lowered.endswith(suffix):
            return name
    fail(f"{path}: cannot tell the report format from the file name (use .html, .csv, .agents.csv, .rules.csv, .xlsx or --output-format)")


class ReportFiles:
    """Renderers writing to files, together in the place of the one renderer of a check run.
    Each writes as it goes into a temporary file (the findings CSV streams, so memory stays
    flat) that ``end`` puts in place atomically; ``discard`` drops them all (a failed run
    leaves the old files)."""

    def __init__(self, targets: list[tuple[str, str]], statistics: bool = False, explain: bool = False, note=warn) -> None:
        from ..workflow.outputs import AtomicFile

        self.note = note
        self.outputs = []
        for name, path in targets:
            try:
                file = AtomicFile(path)
            except OSError as exc:
                self.discard()
                fail(f"{path}: cannot write report: {exc.strerror}")
            render = RENDERERS[name]
            self.outputs.append((path, file, render(_writer(file, getattr(render, "binary", False)), statistics=statistics, explain=explain)))

    def observe(self, runner) -> None:
        """Every renderer sees every call (each sets ``runner.on_call``; one call feeds all)."""
        listeners = []
        for _, _, renderer in self.outputs:
            if hasattr(renderer, "observe"):
                renderer.observe(runner)
                listeners.append(runner.on_call)
        if listeners:
            runner.on_call = lambda call: [listen(call) for listen in listeners]

    @property
    def quiet(self) -> bool:
        return all(getattr(renderer, "quiet", False) for _, _, renderer in self.outputs)

    @quiet.setter
    def quiet(self, value: bool) -> None:
        self._set_each("quiet", value)

    def _set_each(self, attribute: str, value, needs: str | None = None) -> None:
        """Set ``attribute`` on every renderer (that has method ``needs``, when given)."""
        for _, _, renderer in self.outputs:
            if needs is None or hasattr(renderer, needs):
                setattr(renderer, attribute, value)

    def _each(self, method: str, *args) -> None:
        """Call ``method`` on every renderer that has it."""
        for _, _, renderer in self.outputs:
            bound = getattr(renderer, method, None)
            if bound is not None:
                bound(*args)

    def begin(self, rules) -> None:
        self._each("begin", rules)

    def emit(self, d) -> None:
        self._each("emit", d)

    def dismiss(self, d) -> None:
        self._each("dismiss", d)

    def suppressed(self, d) -> None:
        self._each("suppressed", d)

    @property
    def baseline(self) -> bool:
        return any(getattr(renderer, "baseline", False) for _, _, renderer in self.outputs)

    @baseline.setter
    def baseline(self, value: bool) -> None:
        self._set_each("baseline", value, needs="suppressed")

    @property
    def docs_url(self) -> str | None:
        return next((renderer.docs_url for _, _, renderer in self.outputs if hasattr(renderer, "docs_url")), None)

    @docs_url.setter
    def docs_url(self, value: str | None) -> None:
        self._set_each("docs_url", value, needs="suppressed")

    def end(self, summary) -> None:
        for path, file, renderer in self.outputs:
            try:
                renderer.end(summary)
                file.commit()
            except OSError as exc:
                self.discard()
                fail(f"{path}: cannot write report: {exc.strerror}")
            self.note(f"wrote {path} ({file.size / 1e6:.1f} MB)")

    def discard(self) -> None:
        for _, file, _ in self.outputs:
            file.discard()


def _writer(file, binary: bool):
    """The ``write`` a renderer gets: bytes as they are, or text as a line of UTF-8."""
    if binary:
        return file.write
    return lambda text: file.write(f"{text}\n".encode("utf-8"))


def require_report_format(names, to_file: bool) -> None:
    """Fail (before the run) on a binary format sent to stdout, or xlsx without openpyxl."""
    from ..formats.xlsx import XlsxUnavailable, require_openpyxl

    if "xlsx" in names:
        if not to_file:
            fail("xlsx output is binary: write it to a file with collect-lint report -o FILE.xlsx")
        try:
            require_openpyxl()
        except XlsxUnavailable as exc:
            fail(str(exc))



@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outputs", multiple=True, required=True, metavar="FILE",
              help="Report file to write (repeatable); the format follows the name: .html, .csv (findings), "
                   ".agents.csv, .rules.csv, .xlsx.")
@click.option("--output-format", type=click.Choice(REPORT_FORMATS), default=None,
              help="Format of every -o file, whatever its name.")
@click.pass_context
def report(ctx, paths, outputs, output_format, **options):
    """Check transcript exports (or any inputs) once and write report files for QA review."""
    targets = [(format_of(path, output_format), path) for path in outputs]
    try:
        ctx.invoke(check, paths=paths, report_targets=targets, **options)
    except SystemExit as exc:
        if exc.code == EXIT_VIOLATIONS:  # findings are what a report is for
            raise SystemExit(EXIT_OK) from None
        raise


report.params.extend(param for param in check.params if param.name in SHARED_OPTIONS)
