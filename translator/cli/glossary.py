"""`translator glossary add|remove|list|check|import|export`: edit and validate glossaries."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click


def _reporting(action: Callable[[], Any]) -> Any:
    """Run an action; a TranslatorError becomes a one-line message and exit status 1."""
    from translator.errors import TranslatorError

    try:
        return action()
    except TranslatorError as error:
        raise click.ClickException(str(error)) from error


@click.group("glossary")
def command() -> None:
    """Edit, list, validate, import and export glossaries (TSV: fr, en, flags, note)."""


@command.command("add")
@click.argument("glossary", type=click.Path(dir_okay=False))
@click.argument("fr")
@click.argument("en", required=False, default="")
@click.option("--keep", is_flag=True, help="Do not translate: keep the French as is (names, brands).")
@click.option("--forbid", is_flag=True, help="EN is a rendering that must not appear for FR.")
@click.option("--case-sensitive", is_flag=True, help="Match FR only as written.")
@click.option("--exact", is_flag=True, help="No inflected forms (plural, feminine).")
@click.option("--no-feminine", is_flag=True, help="Plural forms only.")
@click.option("--note", default="", help="Why the entry exists.")
@click.option("--left", default="", help="Apply only where the French just before FR matches this pattern.")
@click.option("--right", default="", help="Apply only where the French just after FR matches this pattern.")
@click.option("--replace", is_flag=True, help="Rewrite the existing entry for FR (and this context) in place.")
def add_command(
    glossary: str, fr: str, en: str, note: str, left: str, right: str, replace: bool, **flags: bool
) -> None:
    """Add an entry to GLOSSARY (created if missing); comments and order are kept."""
    from translator.glossary.edit import add
    from translator.glossary.model import Entry, parse_flags

    names = ",".join(name.replace("_", "-") for name, on in flags.items() if on)
    kind, modifiers, _ = parse_flags(names)
    if flags["keep"] and flags["forbid"]:
        raise click.UsageError("--keep and --forbid exclude each other")
    entry = Entry(fr, en, kind, modifiers, note, left=left, right=right)
    placed = _reporting(lambda: add(glossary, entry, replace=replace))
    click.echo(f"{placed.where}: {placed.describe()}")


@command.command("remove")
@click.argument("glossary", type=click.Path(exists=True, dir_okay=False))
@click.argument("fr")
@click.option("--en", default=None, help="Only the entry with this English (e.g. one forbidden rendering).")
def remove_command(glossary: str, fr: str, en: str | None) -> None:
    """Remove the entries for FR from GLOSSARY."""
    from translator.glossary.edit import remove

    for entry in _reporting(lambda: remove(glossary, fr, en)):
        click.echo(f"removed {entry.where}: {entry.describe()}")


@command.command("list")
@click.argument("glossaries", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--no-default-glossary", is_flag=True, help="Leave out the shipped default glossary.")
@click.option("--pack", "packs", multiple=True, metavar="NAME", help="Add a shipped glossary pack (repeatable).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON array of entries (fr, en, kind, flags, note, left, right, file, line).",
)
def list_command(glossaries: tuple[str, ...], no_default_glossary: bool, packs: tuple[str, ...], as_json: bool) -> None:
    """List the effective entries (default glossary, then packs, then GLOSSARIES; later wins)."""
    from translator.glossary import load_glossaries

    glossary = _reporting(lambda: load_glossaries(glossaries, use_default=not no_default_glossary, packs=packs))
    entries = [*glossary.active, *glossary.forbidden]
    if as_json:
        click.echo(json.dumps([_entry_record(entry) for entry in entries], ensure_ascii=False, indent=1))
        return
    for entry in entries:
        context = [
            f"{side}={pattern}" for side, pattern in zip(("left", "right"), entry.context, strict=True) if pattern
        ]
        click.echo("\t".join((entry.fr, entry.en, ",".join(entry.flags), entry.where, *context)))


def _entry_record(entry: Any) -> dict[str, Any]:
    return {
        "fr": entry.fr,
        "en": entry.en,
        "kind": entry.kind,
        "flags": entry.flags,
        "note": entry.note,
        "left": entry.left,
        "right": entry.right,
        "file": entry.origin,
        "line": entry.line,
    }


@command.command("packs")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of packs (name, entries, file).")
def packs_command(as_json: bool) -> None:
    """List the glossary packs shipped with the translator, with their sizes (add one to a run with --pack NAME)."""
    from translator.glossary import tsv
    from translator.glossary.packs import available_packs

    packs = [
        {"name": name, "entries": len(_reporting(lambda path=path: tsv.read(path)).entries), "file": str(path)}
        for name, path in available_packs().items()
    ]
    if as_json:
        click.echo(json.dumps(packs, ensure_ascii=False, indent=1))
        return
    width = max((len(pack["name"]) for pack in packs), default=0)
    for pack in packs:
        click.echo(f"{pack['name']:<{width}}  {pack['entries']} entries  {pack['file']}")


@command.command("check")
@click.argument("glossaries", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def check_command(glossaries: tuple[str, ...]) -> None:
    """Validate GLOSSARIES (default: the shipped ones); exit 1 listing every problem by line."""
    from translator.glossary import default_paths, tsv
    from translator.glossary.check import check_files

    paths = list(glossaries) or [str(path) for path in default_paths()]
    documents = _reporting(lambda: [tsv.read(path) for path in paths])
    problems = check_files(documents)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len(paths)} file(s)", err=True)
        sys.exit(1)
    entries = sum(len(document.entries) for document in documents)
    click.echo(f"ok: {entries} entries in {len(paths)} file(s)")


@command.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.argument("glossary", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["tsv", "csv", "tbx"]), help="Default: from the extension.")
def import_command(source: str, glossary: str, fmt: str | None) -> None:
    """Add the entries of SOURCE (CSV, TBX or TSV) to the TSV GLOSSARY."""
    from translator.glossary.edit import import_entries

    added, skipped = _reporting(lambda: import_entries(source, glossary, fmt))
    click.echo(f"{glossary}: {added} entries added, {skipped} already there")


@command.command("export")
@click.argument("glossary", type=click.Path(exists=True, dir_okay=False))
@click.argument("destination", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["tsv", "csv", "tbx"]), help="Default: from the extension.")
def export_command(glossary: str, destination: str, fmt: str | None) -> None:
    """Write the TSV GLOSSARY as CSV, TBX or TSV."""
    from translator.glossary.edit import export_entries

    count = _reporting(lambda: export_entries(glossary, destination, fmt))
    click.echo(f"{destination}: {count} entries")
