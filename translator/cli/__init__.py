"""The `translator` command: a click group whose subcommands load only when used.

Each subcommand lives in its own module under `translator/cli/`; listing them here by
import path keeps `translator --help` instant (no stage module is imported to print it).
"""

from __future__ import annotations

import importlib
import warnings

import click

from translator import __version__

# command name -> ("module:attribute", one-line help shown by `translator --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "clean": (
        "translator.cli.clean:command",
        "Clean scraped pages (HTML or text dumps) into structured French articles.",
    ),
    "glossary": ("translator.cli.glossary:command", "Edit, list, check, import and export glossaries."),
    "diff": ("translator.cli.diff:command", "Compare two runs: changed segments, scores, and what explains them."),
    "run": ("translator.cli.run:command", "Clean, translate and post-edit pages into a run folder with a review page."),
    "translate": (
        "translator.cli.translate:command",
        "Print the English of text files (a line a segment) or articles.",
    ),
    "models": ("translator.cli.models:command", "List, install and remove argos translation packages."),
    "score": ("translator.cli.score:command", "Score translations against references: BLEU, chrF++, TER."),
    "cache": ("translator.cli.cache:command", "Show or clear the translation memory."),
    "explain": ("translator.cli.explain:command", "Print a run record's post-edits grouped by rule, then its flags."),
    "review": ("translator.cli.review:command", "Review a run in the browser; corrections and glossary edits stick."),
    "config": ("translator.cli.config:command", "Show the effective settings and where each came from."),
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name][0].split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="translator")
def main() -> None:
    """Offline French-to-English news translation: clean, translate, post-edit, review."""
    warnings.showwarning = _one_line_warning


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: object = None,
) -> None:
    """Python's warnings (a memory set aside or unwritable) reach users as one line, not with a source line."""
    click.echo(f"warning: {message}", err=True)
