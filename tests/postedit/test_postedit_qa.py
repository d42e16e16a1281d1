"""QA flags: each raised on a segment that has the problem, and not on a clean one."""

from __future__ import annotations

import pytest

from translator.document import Article, Block, Flag, GlossaryHit, Segment, Source
from translator.postedit import PosteditConfig, summarise_flags
from translator.postedit.qa import article_flags, replace_flags, segment_flags

CLEAN_SOURCE = "Le conseil municipal a adopté mardi un budget de 3,5 millions d'euros."
CLEAN_TARGET = "The city council adopted a budget of €3.5 million on Tuesday."


def codes(source: str, target: str | None, glossary=None, config=None) -> set[str]:
    segment = Segment("b000.s00", source, target, glossary=glossary or [])
    return {f.code for f in segment_flags(segment, config or PosteditConfig())}


def test_clean_translation_raises_nothing():
    assert codes(CLEAN_SOURCE, CLEAN_TARGET) == set()
    assert codes("Il a dit : « non ».", "He said: “no”.") == set()


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [
        (CLEAN_SOURCE, None, "missing-translation"),
        ("Le projet est lancé dans la ville de Lyon.", "Le projet est lancé dans la ville de Lyon.", "untranslated"),
        (
            "Mais il y a encore des rumeurs sur le plan.",
            "But there are still rumeurs about the plan.",
            "partly-untranslated",
        ),
        ("Le maire a parlé. Il a démissionné.", "The mayor spoke.", "sentence-count"),
        ("Le maire a parlé.", "The mayor spoke. He resigned. Then he left.", "sentence-count"),
        ("Il a versé 620 millions de dollars.", "He paid $650 million.", "numbers-mismatch"),
        ("En 2023, 1 500 personnes sont venues.", "In 2023, people came.", "numbers-mismatch"),
        ("Voir https://example.fr/budget pour le détail.", "See the website for details.", "urls-changed"),
        ("Le conseil municipal a adopté le budget de la ville.", "The council.", "length-ratio"),
        ("Il a dit : « non ».", "He said: “no.", "unbalanced-quotes"),
        ("Le maire (PS a parlé.", "The mayor (Socialist spoke.", "unbalanced-quotes"),
        ("La société a dit oui.", "The company said said yes.", "doubled-word"),
        ("Le maire a parlé.", "the mayor spoke.", "capitalisation"),
        (
            "Le projet de loi sera examiné au Sénat la semaine prochaine selon le ministre.",
            "The of the of the of the bill the of the of the Senate.",
            "loop",
        ),
        (
            "Le projet de loi sera examiné au Sénat la semaine prochaine selon le ministre.",
            "The bill.",
            "truncated",
        ),
        (
            "Le supercalculateur repoussera les frontières de la recherche scientifique mondiale.",
            "Supercomputer push frontiers research scientific worldwide ambition complexity.",
            "salad",
        ),
    ],
)
def test_flag_raised(source, target, code):
    assert code in codes(source, target)


def test_numbers_match_across_scales_and_formats():
    assert "numbers-mismatch" not in codes("Un plan de 1 500 milliards de dollars.", "A $1.5 trillion plan.")
    assert "numbers-mismatch" not in codes("Une hausse de 2,5 % en 2023.", "A 2.5% rise in 2023.")
    assert "numbers-mismatch" not in codes("Le 1er trimestre du XXIe siècle.", "The 1st quarter of the 21st century.")


def test_glossary_flags():
    hit = GlossaryHit("supercalcul", "supercalcul", "supercomputing", "term", 3, 14)
    assert "glossary-missing" in codes("Le supercalcul avance.", "The supercalculation advances.", [hit])
    assert "glossary-missing" not in codes("Le supercalcul avance.", "Supercomputing advances.", [hit])
    forbid = GlossaryHit("IA", "IA", "artificial intelligence", "forbid", 0, 2)
    assert "glossary-forbidden" in codes("L'IA avance.", "The artificial intelligence advances.", [forbid])


def test_flags_carry_severity_and_message():
    segment = Segment("b000.s00", "Il a versé 620 millions de dollars.", "He paid $650 million.")
    (numbers,) = [f for f in segment_flags(segment, PosteditConfig()) if f.code == "numbers-mismatch"]
    assert numbers.severity == "warning"
    assert "620" in numbers.message and "650" in numbers.message


def test_rerun_replaces_own_flags_and_keeps_others():
    engine_flag = Flag("glossary-unenforced", "warning", "from the engine")
    source_flag = Flag("source-sentence-joined", "info", "from fix_source")
    old = [engine_flag, source_flag, Flag("doubled-word", "info", "stale")]
    assert replace_flags(old, []) == [engine_flag, source_flag]


def _article(targets: list[str | None]) -> Article:
    segments = [Segment(f"b000.s{i:02d}", "Le projet est lancé dans la ville.", t) for i, t in enumerate(targets)]
    return Article(Source("x"), [Block("paragraph", "x", segments)])


def test_article_flags_and_run_summary():
    bad = _article(["Le projet est lancé dans la ville.", "Le projet est lancé dans la ville.", "The project starts."])
    good = _article(["The project starts in the city."])
    for article in (bad, good):
        for segment in article.segments():
            segment.flags = segment_flags(segment, PosteditConfig())
        article.flags = article_flags(article)
    assert {f.code for f in bad.flags} == {"untranslated-article", "segments-flagged"}
    assert good.flags == []
    summary = summarise_flags([bad, good])
    assert summary["articles"] == 2 and summary["segments"] == 4
    assert summary["flags"]["untranslated"] == {"severity": "error", "count": 2, "articles": 1}
    assert summary["by_severity"]["error"] == 3
