"""A page whose paragraph has no full stop for 5,000 words, through `translator run` with the
word-for-word test model (never mocked): segments stay under the cap and no word is lost."""

from __future__ import annotations

import contextlib
import random
import sqlite3

from click.testing import CliRunner
from run_helpers import records, run_cli

from translator.cli import main
from translator.engine.cache import default_path
from translator.segment import MAX_SEGMENT_CHARS, line_block
from translator.testing import load_word_list

# French words the test model translates into one English word each, no two alike in English
# (so no rule sees a doubled word or a loop), none a glossary term, date, number or title.
WORDS = (
    "la", "de", "et", "dans", "pour", "avec", "sur", "des", "est", "une", "que", "qui", "il", "par", "pas",
    "plus", "ville", "monde", "marché", "équipe", "projet", "rapport", "réseau", "groupe", "secteur",
    "industrie", "produit", "client", "travail", "emploi", "argent", "plan", "système", "données", "outil",
    "recherche", "sécurité", "loi", "gouvernement", "pays", "semaine", "histoire", "journal", "presse", "site",
    "nom", "question", "problème", "raison", "exemple", "chose",
)  # fmt: skip


def run_on_paragraph(count: int) -> list[str]:
    """`count` words, none repeated within nine (no loop for the post-editor to collapse), with
    a glossary name (kept as written) now and then."""
    rng = random.Random(7)
    words: list[str] = []
    while len(words) < count:
        word = rng.choice(WORDS)
        if word not in words[-9:]:
            words.append(word)
    for position in range(250, count, 1000):
        words[position] = "Microsoft"
    return words


def test_unpunctuated_paragraph_is_translated_in_capped_segments_keeping_every_word(tmp_path, test_model_dir):
    french = run_on_paragraph(5000)
    page = tmp_path / "pages" / "conseil.html"
    page.parent.mkdir()
    page.write_text(
        "<html lang='fr'><head><title>Le budget</title></head><body><article>"
        f"<h1>Le conseil vote le budget de la ville</h1><p>{' '.join(french)}</p></article></body></html>",
        encoding="utf-8",
    )
    rundir = tmp_path / "out"
    args = ("run", str(page.parent), "-o", str(rundir), "--model", str(test_model_dir), "--offline")
    result = run_cli(*args, "--to", "md,json,text", "--json")
    assert result.returncode == 0, result.stderr

    paragraph = records(rundir)["conseil"].blocks[-1]
    assert paragraph.text == " ".join(french)
    segments = paragraph.segments
    assert len(segments) > len(paragraph.text) // MAX_SEGMENT_CHARS
    assert all(len(s.source) <= MAX_SEGMENT_CHARS for s in segments)
    assert " ".join(s.source for s in segments) == paragraph.text
    assert sum(1 for s in segments for hit in s.glossary if hit.entry == "Microsoft") == 5

    dictionary = load_word_list()
    english = " ".join(dictionary.get(word, word) for word in french)
    assert paragraph.translation == english
    # rendered as one paragraph, single-spaced, in the text and Markdown outputs
    assert (rundir / "conseil.en.txt").read_text(encoding="utf-8").split("\n\n")[-1] == english + "\n"
    assert (rundir / "conseil.en.md").read_text(encoding="utf-8").split("\n\n")[-1] == english + "\n"


def test_a_run_on_line_given_to_translate_is_cut_to_the_cap_and_comes_back_as_one_line(
    tmp_path, test_model_dir, monkeypatch
):
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    french = run_on_paragraph(3000)
    source = tmp_path / "lignes.txt"
    source.write_text(f"la ville\n{' '.join(french)}\nle monde\n", encoding="utf-8")
    args = ["translate", str(source), "--model", str(test_model_dir), "--offline", "--no-default-glossary"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output

    dictionary = load_word_list()
    english = " ".join(dictionary.get(word, word) for word in french)
    assert result.output.split("\n") == ["the city", english, "the world", ""]
    # what the engine was given, as its translation memory kept it: the long line in capped pieces
    with contextlib.closing(sqlite3.connect(default_path())) as memory:
        sources = [source for (source,) in memory.execute("SELECT source FROM translations")]
    assert len(sources) > len(" ".join(french)) // MAX_SEGMENT_CHARS
    assert max(map(len, sources)) <= MAX_SEGMENT_CHARS


def test_line_blocks_keep_short_lines_whole_and_cut_long_ones_at_the_cap():
    short = line_block(3, "Le chat dort. Le chien aussi.")
    assert [(s.id, s.source) for s in short.segments] == [("line00003", "Le chat dort. Le chien aussi.")]

    long_line = " ".join(run_on_paragraph(1000))
    pieces = line_block(4, long_line).segments
    assert len(pieces) > len(long_line) // MAX_SEGMENT_CHARS
    assert all(len(s.source) <= MAX_SEGMENT_CHARS for s in pieces)
    assert " ".join(s.source for s in pieces) == long_line
    assert len({s.id for s in pieces}) == len(pieces)
