"""`translator translate FILE`: print the English of a text file (one segment per line) or an article JSON."""

from __future__ import annotations

import click


@click.command("translate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--model", default=None, help="Unpacked argos package folder or .argosmodel file.")
@click.option("--beam", type=click.IntRange(1, 16), default=None, help="Beam size (default 2; 4: slower).")
@click.option("--threads", type=click.IntRange(0, 64), default=None, help="Parallel batches (0: one per core).")
@click.option("--offline", is_flag=True, help="Never download a model.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation memory.")
@click.option("--glossary", "glossaries", multiple=True, type=click.Path(dir_okay=False), help="Glossary (repeatable).")
@click.option("--no-default-glossary", is_flag=True, help="Do not apply the shipped glossaries.")
def command(files, model, beam, threads, offline, no_cache, glossaries, no_default_glossary) -> None:
    """Translate FILES (UTF-8 text: one segment per line; or a cleaned article .json) and print the English.

    All files are translated in one batch; a file that cannot be read is reported and skipped."""
    from translator.engine import load_engine
    from translator.engine.files import translate_paths
    from translator.errors import TranslatorError
    from translator.glossary import load_glossaries

    try:
        glossary = load_glossaries(glossaries, use_default=not no_default_glossary)
        engine = load_engine(
            model, offline=offline, options={"beam_size": beam, "inter_threads": threads}, cache=not no_cache
        )
        results = translate_paths(list(files), engine, glossary)
    except TranslatorError as error:
        raise click.ClickException(str(error)) from error
    for name, english, error in results:
        if error is not None:
            click.echo(f"Error: {error}", err=True)
            continue
        if len(files) > 1:
            click.echo(f"==> {name} <==")
        click.echo(english, nl=False)
    if any(error is not None for _, _, error in results):
        raise SystemExit(1)
