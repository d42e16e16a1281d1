"""The two entry points on whole articles: edits on segments, dropped text kept, reruns stable,
and the held-out check that no rule names a string only the seed has."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import regex

from translator.document import Article, Block, GlossaryHit, Segment, Source
from translator.postedit import PosteditConfig, fix_source, postedit_article
from translator.segment import segment_article

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "translator" / "postedit"
SEED = ROOT / "seeds" / "microsoft-hires-meta-ai-veteran.txt"


def _article(*texts: str) -> Article:
    article = Article(Source("test"), [Block("paragraph", t) for t in texts])
    segment_article(article)
    return article


def test_fix_source_edits_segments_and_keeps_what_it_drops():
    article = _article(
        "Temps de lecture : 3 min",
        "Le maire a présenté le budget\u00a0lundi. Icône de partage",
        "Le conseil a voté. mardi, le maire a signé.",
    )
    fix_source(article)
    assert [b.text for b in article.blocks] == [
        "Le maire a présenté le budget lundi.",
        "Le conseil a voté mardi, le maire a signé.",
    ]
    assert [(r.text, r.category, r.rule) for r in article.removed] == [
        ("Temps de lecture : 3 min", "ui-string", "source-reading-time"),
        ("Icône de partage", "ui-string", "source-ui-icon"),
    ]
    budget = article.blocks[0].segments[0]
    assert [(e.rule, e.side) for e in budget.edits] == [("source-nbsp-link", "source")]
    joined = article.blocks[1].segments[0]
    assert [f.code for f in joined.flags] == ["source-sentence-joined"]


def test_fix_source_twice_changes_nothing_more():
    article = _article("Le conseil a voté. mardi, il a signé\u00a0le texte. En savoir plus")
    fix_source(article)
    before = article.to_json()
    fix_source(article)
    assert article.to_json() == before


def test_fix_source_needs_segments():
    article = Article(Source("test"), [Block("paragraph", "Icône de partage")])
    with pytest.raises(ValueError, match="segment_article"):
        fix_source(article)


def test_disabled_rule_does_not_run():
    article = _article("Le conseil a voté. mardi, il a signé.")
    fix_source(article, PosteditConfig(disable=frozenset({"source-broken-boundary"})))
    assert article.blocks[0].segments[0].edits == []


def _translated(source: str, target: str, glossary=None) -> Article:
    segment = Segment("b000.s00", source, target, glossary=glossary or [])
    return Article(Source("test"), [Block("paragraph", source, [segment])])


def test_postedit_article_edits_flags_and_rerun_is_stable():
    article = _translated(
        "M. Dupont a annoncé « un plan de 100 milliards de dollars » lundi.",
        "M. Dupont announced « a plan of 100 billion of dollars » monday .",
    )
    postedit_article(article)
    segment = article.segments()[0]
    assert segment.target == "Mr Dupont announced “a plan of $100 billion” Monday."
    assert [e.rule for e in segment.edits] == [
        "typo-guillemets",
        "typo-guillemets",
        "typo-space-before-punct",
        "numbers-money",
        "dates-capitalise",
        "titles-honorifics",
    ]
    before = article.to_json()
    postedit_article(article)
    assert article.to_json() == before


def test_glossary_renderings_are_never_edited_and_damaged_ones_restored():
    hits = [
        GlossaryHit("Le Monde", "Le Monde", "Le Monde", "keep", 0, 8),
        GlossaryHit("start-up", "start-up", "start-up", "term", 20, 28),
    ]
    article = _translated(
        "Le Monde dit que la start-up a levé 5 millions de dollars.",
        "Le Monde says the start up raised 5 million dollars.",
        hits,
    )
    postedit_article(article)
    segment = article.segments()[0]
    assert segment.target == "Le Monde says the start-up raised $5 million."
    assert "glossary-restore" in [e.rule for e in segment.edits]
    assert not any(f.code.startswith("glossary") for f in segment.flags)


def _literals(path: Path) -> list[str]:
    """String constants of a module, docstrings excluded (they name the seed's examples on purpose)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_rule_names_a_string_only_the_seed_has():
    """Held-out style: rules and lists are general; none holds a 4-word run or a name of the seed."""
    seed = SEED.read_text(encoding="utf-8").lower()
    seed_words = regex.findall(r"[\w'’-]+", seed)
    grams = {" ".join(seed_words[i : i + 4]) for i in range(len(seed_words) - 3)}
    names = {"mspoweruser", "valérie", "plante", "taylor", "suleyman", "inflection", "stargate", "redmond"}
    texts = [*(lit for p in PACKAGE.glob("*.py") for lit in _literals(p))]
    texts += [p.read_text(encoding="utf-8") for p in (PACKAGE / "data").iterdir() if p.name != "fr_words.txt"]
    for text in texts:
        flat = " ".join(regex.findall(r"[\w'’-]+", text.lower()))
        assert not [g for g in grams if g in flat], text[:80]
        assert not [n for n in names if regex.search(rf"\b{n}\b", flat)], text[:80]
