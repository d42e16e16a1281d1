"""`translator models list|install|remove`: the translation models on this machine."""

from __future__ import annotations

from pathlib import Path

import click


def _reporting(action):
    """Run an action; a TranslatorError becomes a one-line message and exit status 1."""
    from translator.errors import TranslatorError

    try:
        return action()
    except TranslatorError as error:
        raise click.ClickException(str(error)) from error


@click.group("models")
def command() -> None:
    """List translation models; install and remove argos packages (shared with argospm and LibreTranslate)."""


@command.command("list")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON list of models, for scripts.")
def list_command(paths: tuple[str, ...], as_json: bool) -> None:
    """Models in the packages folder, or in PATHS (model folders, or folders of them): name, family,
    languages, version, size, where found. Argos packages and CTranslate2 folders of Marian/OPUS-MT,
    NLLB and M2M-100 models are recognised."""
    import json

    from translator.engine.families import find_models
    from translator.engine.packages import packages_dir

    found, refused = find_models([Path(p) for p in paths] or [packages_dir()], scanning=not paths)
    if as_json:
        click.echo(json.dumps([model.describe() for model in found], ensure_ascii=False, indent=2))
    else:
        if not found and not paths:
            click.echo(f"no models in {packages_dir()}")
        for model in found:
            row = model.describe()
            size = f"{row['bytes'] / 1e6:.1f} MB"
            version = row["version"] or "-"
            click.echo(f"{row['name']}\t{row['family']}\t{row['languages']}\t{version}\t{size}\t{row['path']}")
    for message in refused:
        click.echo(f"Error: {message}", err=True)
    if refused:
        raise SystemExit(1)


@command.command("install")
@click.argument("archive", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--from-index", is_flag=True, help="Download the French→English package from the argos index.")
def install_command(archive: str | None, from_index: bool) -> None:
    """Install ARCHIVE (.argosmodel), or the French→English package --from-index (needs internet)."""
    from translator.engine import download_bar
    from translator.engine.packages import install_from_file, install_from_index

    if bool(archive) == from_index:
        raise click.UsageError("give either ARCHIVE or --from-index")
    if archive:
        package = _reporting(lambda: install_from_file(archive))
    else:
        package = _reporting(lambda: install_from_index("fr", "en", progress=download_bar()))
    click.echo(f"installed {package.name} {package.version} → {package.path}")
    if (package.from_code, package.to_code) != ("fr", "en"):
        click.echo(
            f"warning: {package.name} translates {package.from_code}→{package.to_code}; translator only uses"
            " French→English packages (fr→en), except through --model",
            err=True,
        )


@command.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    """Remove the installed package NAME (argospm name like translate-fr_en, folder name, or path)."""
    from translator.engine.packages import remove_package

    removal = _reporting(lambda: remove_package(name))
    package = removal.package
    if removal.link:
        click.echo(
            f"removed {package.name} {package.version}: the link {removal.entry} only"
            f" (the folder it points to, {package.path}, is kept)"
        )
    else:
        click.echo(f"removed {package.name} {package.version} ({removal.entry})")
