"""``collect-lint check``: files, directories, stdin and transcript exports."""

from __future__ import annotations

import gc
import sys
from concurrent.futures.process import BrokenProcessPool

import click

from ..engine.backends import BACKENDS, BackendError
from ..formats import REPORT_FORMATS, RENDERERS
from ..formats.i18n import LANGUAGES, set_language
from ..models import PROFILES, Severity
from ..rules import RuleSet, RulesetError
from . import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, fail, main, split_values, warn

KIND_CHOICES = ("auto", "script", "sms", "template", "transcript")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(KIND_CHOICES), default="auto", show_default=True,
              help="How to read inputs; auto chooses by file extension.")
@click.option("--output-format", "--format", "output_format", type=click.Choice(sorted(RENDERERS)), default="text",
              show_default=True, help="Output format (--format is an alias).")
@click.option("--output-file", "-o", "output_file", type=click.Path(dir_okay=False), default=None,
              help="Write the output to this file (replaced atomically) instead of stdout.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found (input errors still exit 2).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and errors only: no summary, notes or progress.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of severity words, summaries and headings [default: zh when the locale is Chinese, else en].")
@click.option("--select", multiple=True, help="Only these rules: ids, names, categories or id prefixes (comma-separated).")
@click.option("--extend-select", multiple=True, help="Rules to add to --select / the configured select.")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, names, categories or id prefixes.")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(dir_okay=True),
              help="Extra ruleset file or directory (repeatable; added to configured extra-rulesets).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None,
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
              help="Matcher/segmenter backend (fast needs collect-lint[fast]).")
@click.option("--show-matches", is_flag=True, help="Show personal data unmasked in the output.")
@click.option("--list-suppressions", is_flag=True,
              help="List every inline suppression comment with its codes and written reason (text or json); no findings.")
@click.option("--statistics", is_flag=True, help="Print counts by rule (with name and [*] when fixable), category, agent and severity; in text output instead of the findings.")
@click.option("--explain", is_flag=True, help="Text output: say under each finding why it fired (pattern or frame slots).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Use this config file instead of searching upward from the first path.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--fix", is_flag=True, help="Rewrite template files in place with safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning (Rule.unsafe_fix).")
@click.option("--diff", is_flag=True, help="Show the fixes as a unified diff; write nothing.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="With --fix: exit 1 when a file was changed.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in this baseline file and exit 0.")
@click.option("--timezone", default=None, help="Transcripts: IANA time zone for naive timestamps and local days [default: Asia/Shanghai].")
@click.option("--profile", type=click.Choice(PROFILES), default=None,
              help="Transcripts: contact rules to apply (cn: GB/T 45251-2025, 中银协 2026; us: Reg F) [default: cn].")
@click.option("--quiet-hours", default=None, help="Transcripts: quiet window HH:MM-HH:MM, debtor-local [default: by profile].")
@click.option("--limit", "limits", multiple=True, metavar="KEY=N",
              help="Transcripts: frequency cap, e.g. connected-calls-per-day=3 (also attempts-per-day, calls-per-7-days).")
@click.option("--map", "field_map", multiple=True, metavar="FIELD=COLUMN",
              help="Transcripts: read FIELD from the export's COLUMN/key, e.g. speaker=role,text=content.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for transcript content checks (output is the same as with 1).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr for transcript exports [default: when stderr is a terminal].")
@click.option("--reviewed", "reviewed_file", type=click.Path(dir_okay=False), default=None,
              help="Decisions file from the HTML report: hide dismissed findings (kept with their reasons in JSON and SARIF) and count findings by review state.")
def check(paths, kind, output_format, output_file, exit_zero, quiet, lang, list_suppressions, select, extend_select, ignore, rulesets, fail_on, backend,
          show_matches, statistics, explain, config_file, isolated, fix, unsafe_fixes, diff, exit_non_zero_on_fix,
          baseline_file, write_baseline, timezone, profile, quiet_hours, limits, field_map, jobs, progress,
          reviewed_file, report_targets=()):
    """Check files, directories (recursed) or - (stdin)."""
    # report_targets is not a command-line option: `collect-lint report` passes its -o files
    # here as (format, path) pairs when it invokes this command.
    from ..checks.contact import ContactChecker, PolicyError
    from ..config import Config, ConfigError, LoadedConfig, check_selectors, load_config
    from ..engine.linter import Linter
    from ..inputs import Readers
    from ..inputs.transcripts import MapError
    from ..workflow.baseline import Baseline, BaselineError
    from ..workflow.fixes import Fixer
    from ..workflow.outputs import OutputError, check_output_path
    from ..workflow.parallel import calls_engine
    from ..workflow.progress import ProgressMeter
    from ..workflow.review import Review, ReviewError
    from ..workflow.runner import Runner
    from .report import require_report_format

    if lang:
        set_language(lang)
    targets = list(report_targets)
    try:
        # Output paths first: a bad one must not cost a whole run.
        if write_baseline:
            check_output_path(write_baseline, "baseline")
        for name, path in targets:
            check_output_path(path, "report")
        if output_file:
            check_output_path(output_file, "output")
            targets.append((output_format, output_file))
        require_report_format([name for name, _ in targets] or [output_format], to_file=bool(targets))
    except OutputError as exc:
        fail(str(exc))
    note = (lambda message: None) if quiet else warn
    try:
        loaded = LoadedConfig(Config()) if isolated else load_config(list(paths), config_file)
        check_selectors(loaded, RuleSet.load(None, loaded.config.extra_rulesets))
        loaded = loaded.with_overrides({
            "select": split_values(select) or None,
            "extend_select": split_values(extend_select) or None,
            "ignore": split_values(ignore) or None,
            "extra_rulesets": loaded.config.extra_rulesets + tuple(rulesets) if rulesets else None,
            "fail_on": fail_on,
        })
        config = loaded.config
        options = dict(config.linter_options(), backend=backend, show_matches=show_matches)
        linter = Linter(**options)
        # The rules, tables and caches live for the whole run: keep the garbage collector from
        # walking them again and again, and from running every 700 allocations while millions
        # of short-lived records pass through (measured: a third of the CPU time on a large
        # export). Records hold no reference cycles, so nothing piles up.
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        policy, transcript_options = _transcript_settings(config.transcripts, timezone, profile, quiet_hours, limits, field_map)
        baseline_file = baseline_file or loaded.baseline_path()
        baseline = Baseline.load(baseline_file) if baseline_file and not write_baseline else None
        # Report formats show review ids, so they always get a review (with no decisions).
        review = Review.load(reviewed_file) if reviewed_file else (
            Review() if any(name in REPORT_FORMATS for name, _ in targets) or output_format in REPORT_FORMATS else None)
    except (ConfigError, RulesetError, BackendError, BaselineError, PolicyError, MapError, ReviewError) as exc:
        fail(str(exc))
    readers = Readers(config.template_options())
    fixer = None
    if fix or diff or unsafe_fixes:
        fixer = Fixer(warn, unsafe=unsafe_fixes, write=not diff, readers=readers,
                      transcript_options=transcript_options, show_matches=show_matches)
    show_progress = (sys.stderr.isatty() if progress is None else progress) and not quiet
    meter = ProgressMeter(sys.stderr, total=known_size(paths)) if show_progress else None
    calls = calls_engine(linter, options, jobs)
    if list_suppressions and (fixer is not None or write_baseline):
        fail("--list-suppressions cannot be combined with --fix, --diff or --write-baseline")
    runner = Runner(
        linter, warn,
        readers=readers,
        ignores=loaded.ignores_for,
        baseline=baseline,
        fixer=fixer,
        contact=ContactChecker(linter.rules, policy),
        transcript_options=transcript_options,
        calls=calls,
        progress=meter.update if meter is not None else None,
        freeze_gc=True,
        review=review,
    )
    if list_suppressions:
        runner.directives = []
    try:
        _run_check(runner, paths, kind, output_format, statistics, explain, linter, baseline, fixer, write_baseline,
                   diff, exit_non_zero_on_fix, config, meter, targets, note=note, quiet=quiet, exit_zero=exit_zero,
                   list_suppressions=list_suppressions)

    except BrokenProcessPool:
        fail("a --jobs worker process died (out of memory?); run again with --jobs 1")
    except KeyboardInterrupt:
        calls.terminate()
        raise
    finally:
        calls.close()


def _transcript_settings(settings, timezone, profile, quiet_hours, limits, field_map):
    """The ContactPolicy and TranscriptOptions from config values and command-line flags."""
    from ..checks.contact import PolicyError
    from ..inputs.transcripts import TranscriptOptions, parse_field_map

    caps = {}
    for entry in limits:
        for part in entry.split(","):
            key, sep, value = part.partition("=")
            if not sep or not value.strip().isdigit():
                raise PolicyError(f"--limit '{part}' must look like connected-calls-per-day=3")
            caps[key.strip()] = int(value)
    policy = settings.contact_policy(timezone, profile, quiet_hours, caps)
    mapping = dict(settings.map)
    mapping.update(parse_field_map(field_map))
    return policy, TranscriptOptions(tuple(sorted(mapping.items())), policy.timezone)


def _run_check(runner, paths, kind, output_format, statistics, explain, linter, baseline, fixer, write_baseline,
               diff, exit_non_zero_on_fix, config, meter, targets=(), note=warn, quiet=False, exit_zero=False,
               list_suppressions=False):
    from ..workflow.baseline import Baseline

    if write_baseline or diff:
        diagnostics = list(runner.run(list(paths), kind))
        if write_baseline:
            try:
                count = Baseline.empty(write_baseline).write(write_baseline, diagnostics)
            except OSError as exc:
                fail(f"{write_baseline}: cannot write baseline: {exc.strerror}")
            note(f"wrote {count} baseline entr{'y' if count == 1 else 'ies'} to {write_baseline}")
        else:
            for text in fixer.diffs:
                click.echo(text, nl=False)
            note(f"would fix {fixer.fixed} problem(s) in {fixer.files} file(s)")
        sys.exit(EXIT_ERROR if runner.summary.input_errors else (EXIT_VIOLATIONS if diff and fixer.fixed else EXIT_OK))
    from ..workflow.review import is_dismissed
    from .report import ReportFiles

    if targets:
        renderer = ReportFiles(targets, statistics=statistics, explain=explain, note=note)
    else:
        colour = use_colour(sys.stdout)
        renderer = RENDERERS[output_format](lambda text: click.echo(text, color=colour), colour=colour,
                                            statistics=statistics, explain=explain)
    if quiet:
        renderer.quiet = True  # renderers with a summary line leave it out
    if config.docs_url and hasattr(renderer, "docs_url"):
        renderer.docs_url = config.docs_url
    if hasattr(renderer, "observe"):
        renderer.observe(runner)
    # Formats that show suppressed and baselined findings (SARIF) get them, marked.
    runner.keep_suppressed = hasattr(renderer, "suppressed") and not list_suppressions
    if baseline is not None and hasattr(renderer, "suppressed"):
        renderer.baseline = True
    try:
        renderer.begin(linter.rules)
        for diagnostic in runner.run(list(paths), kind):
            if list_suppressions:
                continue
            if diagnostic.suppression is not None:
                renderer.suppressed(diagnostic)
            elif not is_dismissed(diagnostic):
                renderer.emit(diagnostic)
            elif hasattr(renderer, "dismiss"):  # formats without it do not show dismissed findings
                renderer.dismiss(diagnostic)
        if meter is not None:
            meter.finish()
        if list_suppressions:
            _print_directives(runner.directives, output_format)
            sys.exit(EXIT_ERROR if runner.summary.input_errors else EXIT_OK)
        if fixer is not None:
            runner.summary.fixed = fixer.fixed
        renderer.end(runner.summary)
    except BaseException:
        if hasattr(renderer, "discard"):  # report files: leave the old ones, no temporary files
            renderer.discard()
        raise
    if baseline is not None:
        for key in baseline.gone():
            note(f"baseline: {baseline.describe(key)} no longer occurs")
    if fixer is not None and not getattr(renderer, "reports_fixes", False):
        note(f"{fixer.fixed} fixed, {runner.summary.problems} remaining")
    summary = runner.summary
    if summary.input_errors:
        sys.exit(EXIT_ERROR)
    if exit_non_zero_on_fix and fixer is not None and fixer.fixed and not exit_zero:
        sys.exit(EXIT_VIOLATIONS)
    sys.exit(EXIT_VIOLATIONS if summary.count_at_least(config.fail_on) and not exit_zero else EXIT_OK)


def _print_directives(directives, output_format: str) -> None:
    """--list-suppressions: one line (or JSON object) per suppression comment, in file order."""
    import json

    from ..personal_data import mask_personal_numbers

    rows = [{"path": d.path or "-", "line": d.line, "column": d.column, "target_line": d.target_line,
             "codes": list(d.codes), "reason": mask_personal_numbers(d.reason), "valid": d.problem is None,
             **({"problem": d.problem} if d.problem is not None else {})} for d in directives]
    if output_format == "json":
        click.echo(json.dumps({"suppressions": rows}, ensure_ascii=False, indent=2))
        return
    if output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    for row in rows:
        state = "" if row["valid"] else f"  [invalid: {row['problem']}]"
        click.echo(f"{row['path']}:{row['line']}:{row['column']}: line {row['target_line']} "
                   f"ignore[{', '.join(row['codes'])}] {row['reason']}{state}")


def use_colour(stream) -> bool:
    """Colour when ``stream`` is a terminal; ``NO_COLOR`` (non-empty) turns it off and
    ``FORCE_COLOR`` (non-empty, not 0) on, NO_COLOR winning when both are set."""
    import os

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return stream.isatty()


def known_size(paths) -> int | None:
    """Total bytes of the inputs when they are all plain files (for progress %), else None."""
    import os

    try:
        return sum(os.stat(path).st_size for path in paths) if all(os.path.isfile(p) for p in paths) else None
    except OSError:
        return None
