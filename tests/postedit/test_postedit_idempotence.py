"""Every rule, and the artefact rules as a chain, is idempotent: applied to its own output it changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from postedit_helpers import run

from translator.document import GlossaryHit
from translator.postedit import BUILTIN
from translator.postedit.artefacts import ARTEFACT_RULES

# (text, source) pairs with every artefact the rules know, French and English side.
SAMPLES = [
    ("Icône de temps de lecture 2 minute. lis", ""),
    ("Nous pouvons recevoir une commission. Icône d'info-bulle Icône de partage", ""),
    ("soutenir l'équipe éditoriale En savoir plus", ""),
    ("a partagé sur\u00a0LinkedIn\u00a0lundi. plus tard, il a dit\u00a0: «\u00a0oui\u00a0»", ""),
    ("Valérie Plante. plus tôt cette année. puis. ensuite", ""),
    ("the CTO « for our efforts » : who pays ? 5 % , really !", "le CTO « pour nos efforts »"),
    ("a plan of 100 billion of dollars and 620 millions d'euros", "100 milliards de dollars et 620 millions d'euros"),
    (
        "1 billion dollars, 2,5 milliards of people, 1 234,5 euro",
        "1 billion de dollars, 2,5 milliards de personnes, 1 234,5",
    ),
    ("the 1er quarter of the XXIe siècle", "le 1er trimestre du XXIe siècle"),
    ("on monday 3 march, M. Dupont met Mrs Hidalgo Lundi", "lundi 3 mars, M. Dupont a vu Mme Hidalgo Lundi"),
    ("the the company the company the company said said", "la société a dit"),
    ("we will build, we will build, we will build.", "nous construirons"),
    ("the start up raised $5 million", "la start-up a levé 5 millions de dollars"),
]
GLOSSARY = [GlossaryHit("start-up", "start-up", "start-up", "term", 3, 11)]


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.id)
def test_rule_is_idempotent_on_samples(rule):
    for text, source in SAMPLES:
        once, _ = run(rule, text, source, GLOSSARY)
        twice, edits = run(rule, once, source, GLOSSARY)
        assert twice == once and not edits, (rule.id, text)


FRAGMENTS = st.sampled_from(
    [
        "the",
        "the the",
        "«",
        "»",
        " : ",
        " ? ",
        "\u00a0",
        "\u202f",
        "5 %",
        "100 milliards de dollars",
        "100 billion of dollars",
        "$100 billion",
        "620 millions d'euros",
        "5 millions de $\u00a0CA",
        "5 MILLION DOLLARS",
        "1 234,5",
        "2,5",
        "1er",
        "XXIe siècle",
        "lundi",
        "monday",
        "M. Dupont",
        "Mrs Plante",
        "Icône de partage",
        "En savoir plus",
        ". plus",
        "https://example.fr/a b",
        "of the company of the company",
        "start up",
        "  ",
        "x",
        "Il",
    ]
)
TEXTS = st.lists(FRAGMENTS, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, source=TEXTS)
def test_every_rule_is_idempotent_on_generated_text(text, source):
    for rule in BUILTIN:
        once, _ = run(rule, text, source, GLOSSARY)
        twice, _ = run(rule, once, source, GLOSSARY)
        assert twice == once, rule.id


REPEATS = st.lists(st.sampled_from(["the", "0", "a", "b", "The", "b,", "a."]), min_size=2, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=REPEATS)
def test_artefact_rules_in_run_order_finish_in_one_pass(text):
    """A doubled word removed can leave a loop ("the 0 the the 0"); one pass must clean both."""
    once = text
    for rule in ARTEFACT_RULES:
        once, _ = run(rule, once, "", [])
    twice = once
    for rule in ARTEFACT_RULES:
        twice, _ = run(rule, twice, "", [])
    assert twice == once


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(TEXTS, st.text(max_size=80)),
    source=st.one_of(TEXTS, st.text(max_size=80)),
)
def test_post_editor_never_raises_on_arbitrary_text(text, source):
    from translator.document import Article, Block, Segment, Source
    from translator.postedit import fix_source, postedit_article

    french = Article(Source("x"), [Block("paragraph", source, [Segment("b000.s00", source)])])
    fix_source(french)
    english = Article(Source("x"), [Block("paragraph", source, [Segment("b000.s00", source, text, GLOSSARY)])])
    postedit_article(english)
    assert all(s.target is not None for s in english.segments())
