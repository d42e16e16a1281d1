"""A page whose paragraph has no full stop for 5,000 words, through `translator run` with the
word-for-word test model (never mocked): segments stay under the cap and no word is lost."""

from __future__ import annotations

import random

from run_helpers import records, run_cli

from translator.segment import MAX_SEGMENT_CHARS
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
