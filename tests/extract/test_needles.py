"""The needle prefilter may skip a rule on a text only when the rule cannot match that text."""

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from translator.extract.needles import NEVER, NeedleIndex, needles
from translator.extract.rules import BoilerplateRules, load_rules, normalise, parse_rules

RULES = load_rules()
# the shipped rules with needles the standard library can also read, so hypothesis can write texts they match
RE_READABLE = []
for rule in RULES.rules:
    if rule.needles is None:
        continue
    try:
        RE_READABLE.append((rule, re.compile(rule.pattern.pattern, re.IGNORECASE)))
    except re.error:
        continue


def test_most_shipped_rules_have_needles_and_most_can_be_checked_by_hypothesis():
    assert sum(rule.needles is not None for rule in RULES.rules) >= 0.9 * len(RULES.rules)
    assert len(RE_READABLE) >= 0.9 * len(RULES.rules)


@pytest.mark.parametrize("rule, compiled", RE_READABLE, ids=[rule.id for rule, _ in RE_READABLE])
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_text_a_rule_matches_always_holds_one_of_its_needles(rule, compiled, data):
    text = data.draw(st.from_regex(compiled))
    text = data.draw(st.sampled_from([text, text.upper(), f"Avant {text} après"]))
    assume(rule.pattern.search(text))  # `re` and `regex` differ on a few characters (\s and \x1f)
    assert any(needle in text.casefold() for needle in rule.needles)


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\b(?:cookies|traceurs)\b.{0,120}\bconsentement", {"consentement"}),
        (r"^(?:tout )?(?:accepter|refuser)$", {"accepter", "refuser"}),
        (r"(?:a|)bc", {"bc"}),
        (r"[a]bc", {"abc"}),
        (r"ÉDITION", {"édition"}),
        (r"\\p{L}x", {"\\p{l}x"}),  # an escaped backslash: the text must hold "\p{L}x" itself
        (r"\bediting by [\p{Lu}]", {"editing by "}),  # a `regex`-only class is read as \w
        (r"x*", None),
        (r"(?:abc|d*)", None),
        (r"(?=abc)", None),
        (r"(?|a|b)", None),  # `regex`-only syntax the standard parser refuses: always searched
    ],
)
def test_needles_of_a_pattern(pattern, expected):
    found = needles(pattern)
    assert (None if found is None else set(found)) == expected


def test_the_index_returns_in_order_every_pattern_that_could_match():
    index = NeedleIndex([frozenset({"cookie"}), None, frozenset({"partager", "share"}), frozenset({"lire"})])
    assert index.candidates("share this cookie") == [0, 1, 2]
    assert index.candidates("rien") == [1]
    assert NeedleIndex([None]).candidates("x") == [0]
    assert NeedleIndex([]).candidates("x") == []
    assert NeedleIndex([NEVER, frozenset({"x"})]).candidates("x") == [1]


def test_a_block_longer_than_every_word_limit_meets_only_the_rules_without_one():
    rules = BoilerplateRules(parse_rules("nav short drop 5 \\bmenu\\b\nnav any drop - \\bsommaire\\b\n", "test.txt"))
    long_text = "menu " + "mot " * 10
    assert rules.block_match(long_text) is None
    assert rules.block_match(long_text + "sommaire").rule.id == "any"
    assert rules.block_match("menu du jour").rule.id == "short"


def test_a_strip_rule_still_matches_across_the_join_a_previous_cut_made():
    rules = parse_rules(
        "icon first strip - \\s*\\[icône\\]\\s*\nicon second strip - \\bab cd\\b\n",
        "test.txt",
    )
    text, cut = BoilerplateRules(rules).strip_spans("xx ab [icône] cd yy")
    assert [rule.id for rule, _ in cut] == ["first", "second"] and text == "xx yy"


def test_normalise_straightens_quotes_and_collapses_every_kind_of_space():
    assert normalise("L\u2019info\u00a0du  jour\u202f: \u201cok\u201d\n") == 'L\'info du jour : "ok"'
