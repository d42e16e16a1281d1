"""How every command that reads inputs reports them: one line per failure, a summary, the exit code.

`clean`, `translate` and `run` all go through here, so a failure reads the same everywhere:
after the summary line, `failed: INPUT: reason`, one line each, on stderr; the exit code is 1
when any input failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click


@dataclass
class Report:
    """What became of each input of a command."""

    done: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: int = 0
    quiet: bool = False

    def failed(self, reason: str) -> None:
        self.failures.append(reason)

    def warn(self, label: str, message: str) -> None:
        self.warnings += 1
        if not self.quiet:
            click.echo(f"{label}: warning: {message}", err=True)

    def skipped(self, label: str, why: str) -> None:
        if not self.quiet:
            click.echo(f"skipped: {label} ({why})", err=True)

    def finish(self, summary: str | None) -> int:
        """Print the summary line (if any) and the list of failures, and give the exit code."""
        if summary and (not self.quiet or self.failures):
            click.echo(summary, err=True)
        for reason in self.failures:
            click.echo(f"failed: {reason}", err=True)
        return 1 if self.failures else 0


def print_run_summary(summary, *, quiet: bool) -> int:
    report = Report(quiet=quiet)
    for failure in summary.failures:
        report.failed(failure["reason"])
    for path, why in summary.skipped_inputs:
        report.skipped(path, why)
    text = (
        f"{summary.ok} translated, {summary.skipped} unchanged, {summary.failed} failed"
        f" ({summary.segments} segments, {summary.seconds:.1f} s) → {summary.rundir}/index.html"
    )
    return report.finish(text)
