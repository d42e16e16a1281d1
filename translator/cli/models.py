"""`translator models list|install|remove`: the argos translation packages on this machine."""

from __future__ import annotations

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
    """List, install and remove argos translation packages (shared with argospm and LibreTranslate)."""


@command.command("list")
def list_command() -> None:
    """Installed packages: name, languages, version, size, path."""
    from translator.engine.packages import installed_packages, packages_dir

    packages = installed_packages()
    if not packages:
        click.echo(f"no packages installed in {packages_dir()}")
    for package in packages:
        languages = f"{package.from_code}→{package.to_code}"
        size = f"{package.size() / 1e6:.1f} MB"
        click.echo(f"{package.name}\t{languages}\t{package.version}\t{size}\t{package.path}")


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


@command.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    """Remove the installed package NAME (argospm name like translate-fr_en, folder name, or path)."""
    from translator.engine.packages import remove_package

    package = _reporting(lambda: remove_package(name))
    click.echo(f"removed {package.name} {package.version} ({package.path})")
