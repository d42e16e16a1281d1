"""The rule framework: edits logged with positions, protected spans, fixed order, configuration,
and the catalogue itself (every rule documented with two examples, in docs/postedit.md too)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.document import GlossaryHit
from translator.errors import RulesError
from translator.postedit import BUILTIN, PosteditConfig, rule_set
from translator.postedit.protect import protected_spans
from translator.postedit.rules import Change, Context, Rule, apply_rule, apply_rules
from translator.postedit.typography import guillemets, spaces

DOCS = Path(__file__).resolve().parents[2] / "docs" / "postedit.md"


def _nothing(text: str) -> list[tuple[int, int]]:
    return []


def _replace(word: str, by: str) -> Rule:
    def find(text, context):
        for match in regex.finditer(regex.escape(word), text):
            yield Change(match.start(), match.end(), by)

    return Rule(f"test-{word}", "test", "test", "target", find)


def test_edits_record_rule_before_after_and_position():
    text, edits = apply_rule(
        _replace("colour", "color"), "a colour, another colour", Context(PosteditConfig()), _nothing
    )
    assert text == "a color, another color"
    assert [(e.rule, e.before, e.after, e.position, e.side) for e in edits] == [
        ("test-colour", "colour", "color", 2, "target"),
        ("test-colour", "colour", "color", 18, "target"),
    ]


def test_rules_run_in_order_each_on_the_output_of_the_one_before():
    first, second = _replace("a", "b"), _replace("b", "c")
    assert apply_rules([first, second], "a", Context(PosteditConfig()), _nothing)[0] == "c"
    assert apply_rules([second, first], "a", Context(PosteditConfig()), _nothing)[0] == "b"


def test_protected_spans_are_never_changed():
    rule = _replace("colour", "color")
    hit = GlossaryHit("colour lab", "colour lab", "colour lab", "keep", 0, 10)
    text = "see https://example.fr/colour-guide, @colour, the colour lab and the colour chart"
    out, edits = apply_rule(rule, text, Context(PosteditConfig()), _nothing)
    assert out.count("colour") == 0  # unprotected, every one changes
    out, edits = apply_rule(rule, text, Context(PosteditConfig()), lambda t: protected_spans(t, "", [hit]))
    assert out == "see https://example.fr/colour-guide, @colour, the colour lab and the color chart"
    assert len(edits) == 1


SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)).map(lambda s: (s[0], s[0] + s[1])), max_size=6)


@settings(max_examples=300, deadline=None)
@given(spans=SPANS, start=st.integers(0, 40), length=st.sampled_from([0, 0, 1, 3, 12]))
def test_a_change_is_refused_exactly_when_it_touches_a_protected_span(spans, start, length):
    """Spans may overlap or nest; an insertion is refused only strictly inside one."""
    end = start + length

    def find(text, context):
        yield Change(start, end, "#")

    touches = any(a < start < b if start == end else start < b and a < end for a, b in spans)
    _, edits = apply_rule(
        Rule("test-hash", "test", "test", "target", find), "x" * 60, Context(PosteditConfig()), lambda t: spans
    )
    assert len(edits) == (0 if touches else 1)


def test_verbatim_quote_is_protected():
    # a quotation the model carried over word for word from the French is left exactly as it came
    source = "Il a écrit : « move  fast and break things » en 2009."
    target = "He wrote: “move  fast and break things”  in 2009."
    context = Context(PosteditConfig(), source=source)
    out, edits = apply_rule(spaces, target, context, lambda t: protected_spans(t, source))
    assert out == "He wrote: “move  fast and break things” in 2009."
    assert [e.position for e in edits] == [target.index("”") + 1]


def test_every_builtin_rule_is_described_and_has_two_examples():
    ids = [r.id for r in BUILTIN]
    assert len(ids) == len(set(ids))
    for rule in BUILTIN:
        assert regex.fullmatch(r"[a-z]+(?:-[a-z]+)+", rule.id), rule.id
        assert rule.description and rule.category and rule.side in ("source", "target")
        assert "Examples:" in rule.doc, rule.id
        assert rule.doc.count("→") >= 2, rule.id


def test_docs_describe_every_rule():
    docs = DOCS.read_text(encoding="utf-8")
    for rule in BUILTIN:
        assert f"`{rule.id}`" in docs, rule.id


def test_disable_and_enable_rules():
    default = rule_set(PosteditConfig())
    assert "typo-guillemets" in default.ids and "typo-apostrophe" not in default.ids
    custom = rule_set(PosteditConfig(disable=frozenset({"typo-guillemets"}), enable=frozenset({"typo-apostrophe"})))
    assert "typo-guillemets" not in custom.ids and "typo-apostrophe" in custom.ids
    assert rule_set(PosteditConfig()).retranslate
    assert not rule_set(PosteditConfig(disable=frozenset({"model-retranslate"}))).retranslate
    assert "model-retranslate" not in rule_set(PosteditConfig(disable=frozenset({"model-retranslate"}))).ids
    with pytest.raises(RulesError, match=r"valid ids: .*typo-guillemets"):
        rule_set(PosteditConfig(disable=frozenset({"typo-guillemet"})))


def test_unknown_rule_id_is_a_one_line_error():
    with pytest.raises(RulesError, match="no-such-rule"):
        rule_set(PosteditConfig(disable=frozenset({"no-such-rule"})))


def test_order_is_fixed_source_then_target_glossary_last():
    ids = rule_set(PosteditConfig()).ids
    assert ids.index("source-reading-time") < ids.index("source-ui-icon")
    assert ids.index("typo-spaces") < ids.index("numbers-money") < ids.index("dates-capitalise")
    assert ids[-1] == "glossary-restore"


def test_guillemets_rule_documented_behaviour():
    assert apply_rule(guillemets, "« oui »", Context(PosteditConfig()), _nothing)[0] == "“oui”"
