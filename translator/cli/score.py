"""`translator score HYP REF`: BLEU, chrF++ and TER against references (sacrebleu)."""

from __future__ import annotations

import click


@click.command("score")
@click.argument("hypothesis", type=click.Path())
@click.argument("reference", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object (corpus, per article, signatures).")
def command(hypothesis: str, reference: str, as_json: bool) -> None:
    """Score HYP against REF: two text files (one segment a line), or a run folder against a folder
    of references (NAME.json paired by segment id, or NAME.en.txt one line per segment).

    Prints corpus and per-article BLEU, chrF++ and TER with sacrebleu's signatures. Exits 2 when
    the two sides do not pair up, saying where."""
    from translator.errors import TranslatorError
    from translator.score import render, score_paths, to_json

    try:
        report = score_paths(hypothesis, reference)
    except TranslatorError as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(2) from error
    click.echo(to_json(report) if as_json else render(report))
