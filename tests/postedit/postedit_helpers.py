"""Run one post-edit rule the way the post-editor does, protected spans included."""

from __future__ import annotations

from translator.document import Edit, GlossaryHit
from translator.postedit.config import PosteditConfig
from translator.postedit.protect import protected_spans
from translator.postedit.rules import Context, Rule, apply_rule


def run(
    rule: Rule,
    text: str,
    source: str = "",
    glossary: list[GlossaryHit] | None = None,
    config: PosteditConfig | None = None,
) -> tuple[str, list[Edit]]:
    """Apply `rule` to `text`; for a target rule `source` is the segment's French."""
    context = Context(config or PosteditConfig(), source=source, glossary=glossary or [])
    if rule.side == "source":
        return apply_rule(rule, text, context, protected_spans)
    return apply_rule(rule, text, context, lambda t: protected_spans(t, source, glossary or []))


def fixed(rule: Rule, text: str, source: str = "", **kwargs) -> str:
    return run(rule, text, source, **kwargs)[0]
