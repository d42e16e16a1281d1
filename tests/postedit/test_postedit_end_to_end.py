"""The seed article through the real stages on the test model: cleaned, segmented, source-fixed,
translated (real argostranslate package, CTranslate2 and SentencePiece), post-edited.

Also re-translation: English produced by a model that loops is re-translated through a working
engine, sentence by sentence or from its alternative hypotheses."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from translator.document import Article, Block, Segment, Source
from translator.postedit import PosteditConfig, fix_source, postedit_article, summarise_flags

SEED = Path(__file__).resolve().parents[2] / "seeds" / "microsoft-hires-meta-ai-veteran.txt"


@pytest.fixture(scope="module")
def engine(test_model_dir):
    from translator.engine import load_engine

    return load_engine(test_model_dir, offline=True, cache=False)


def _translate(article: Article, engine) -> None:
    from translator.glossary.enforce import translate_segments

    translate_segments(article.segments(), engine)


@pytest.fixture(scope="module")
def seed(engine) -> tuple[Article, dict[str, str]]:
    from translator.extract import extract_path
    from translator.glossary import annotate, load_glossaries
    from translator.segment import segment_article

    article = extract_path(SEED)
    segment_article(article)
    fix_source(article)
    annotate(article, load_glossaries())
    _translate(article, engine)
    raw = {s.id: s.target or "" for s in article.segments()}
    postedit_article(article, engine=engine)
    return article, raw


def _english(article: Article) -> str:
    return "\n".join(b.translation or "" for b in article.blocks)


def test_seed_english_has_no_page_artefacts(seed):
    article, _ = seed
    english = _english(article)
    for artefact in (r"Icône", r"\bIcon\b", r"\blis\b", r"Tooltip", r"divulgation", r"disclosure"):
        assert not regex.search(artefact, english, regex.IGNORECASE), artefact
    assert not regex.search(r"\s[:;!?%,.](?:\s|$)", english)
    assert "«" not in english and "»" not in english


def test_seed_money_is_in_english_style_where_the_source_has_it(seed):
    article, raw = seed
    english = _english(article)
    assert english.count("$100 billion") == sum(s.source.count("100 milliards de dollars") for s in article.segments())
    assert english.count("$100 billion") == 2
    assert "$620 million" in english and "$30 million" in english
    assert "100 billion of dollars" in " ".join(raw.values())  # what the model wrote, fixed by the rules


def test_seed_edits_and_flags_are_on_the_record(seed):
    article, _ = seed
    rules = {e.rule for s in article.segments() for e in s.edits}
    # no "source-nbsp-link": the cleaner already turns no-break spaces into plain ones (extract/hygiene.py)
    assert {"source-broken-boundary", "typo-guillemets", "numbers-money"} <= rules
    joined = next(s for s in article.segments() if "Plante plus" in s.source)
    assert any(f.code == "source-sentence-joined" for f in joined.flags)
    restored = Article.from_json(article.to_json())
    assert [s.edits for s in restored.segments()] == [s.edits for s in article.segments()]
    summary = summarise_flags([article])
    assert summary["segments"] == len(article.segments())


def test_seed_glossary_renderings_survive_post_editing(seed):
    article, _ = seed
    for segment in article.segments():
        for hit in segment.glossary:
            if hit.kind in ("term", "keep"):
                assert hit.rendering.lower() in (segment.target or "").lower(), (hit.rendering, segment.target)


@pytest.fixture(scope="module")
def looping_model(tmp_path_factory):
    from translator.testing import build_model

    return build_model(tmp_path_factory.mktemp("looping") / "pkg", {"société": "company company company company"})


def test_loop_retranslated_sentence_by_sentence_and_from_hypotheses(engine, looping_model):
    from translator.engine import load_engine

    looping = load_engine(looping_model, offline=True, cache=False)
    two = Segment("b000.s00", "La société a lancé le projet. Le président a annoncé le plan.")
    one = Segment("b001.s00", "La société a annoncé un nouveau plan pour la ville.")
    article = Article(Source("loop"), [Block("paragraph", two.source, [two]), Block("paragraph", one.source, [one])])
    _translate(article, looping)
    assert "company company company" in two.target and "company company company" in one.target

    postedit_article(article, engine=engine)
    for segment in (two, one):
        assert "company company" not in segment.target
        assert segment.edits[0].rule == "model-retranslate"
        assert not any(f.code == "loop" for f in segment.flags)
    assert two.target == "The company has launched the project. The president has announced the plan."
    assert one.target == "The company has announced a new plan for the city."


def test_loops_are_collapsed_by_the_rules_when_retranslation_is_off(engine, looping_model):
    from translator.engine import load_engine

    looping = load_engine(looping_model, offline=True, cache=False)
    segment = Segment("b000.s00", "La société a annoncé un nouveau plan pour la ville.")
    article = Article(Source("loop"), [Block("paragraph", segment.source, [segment])])
    _translate(article, looping)
    postedit_article(article, PosteditConfig(disable=frozenset({"model-retranslate"})), engine=engine)
    assert segment.target == "The company has announced a new plan for the city."
    # a one-word loop ("company company company company") is a run of doubled words: that rule,
    # which runs first, collapses it whole and leaves the loop rule nothing to do
    assert [e.rule for e in segment.edits] == ["artefact-doubled-word"]
