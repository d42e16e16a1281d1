"""Applying the boilerplate rules to candidate blocks, recording every removal and its rule."""

from __future__ import annotations

from translator.document import Block, RemovedBlock
from translator.extract.rules import Rules, word_count

SECTION_ITEM_MAX_WORDS = 20  # a block this short after a "Sur le même sujet" heading is a link
SECTION_MAX_ITEMS = 30


def apply_rules(blocks: list[Block], rules: Rules) -> tuple[list[Block | None], list[RemovedBlock]]:
    """Strip spans and drop blocks by rule, keeping positions: removed blocks become None."""
    kept: list[Block | None] = []
    removed: list[RemovedBlock] = []
    section_left, section_rule = 0, None
    for position, block in enumerate(blocks):
        if section_rule and section_left and word_count(block.text) <= SECTION_ITEM_MAX_WORDS and block.kind != "title":
            section_left -= 1
            removed.append(RemovedBlock(block.text, section_rule.category, section_rule.id, position))
            kept.append(None)
            continue
        section_left = 0
        match = None if block.kind == "title" else rules.block_match(block.text)
        if match:
            removed.append(RemovedBlock(block.text, match.rule.category, match.rule.id, position))
            kept.append(None)
            if match.rule.action == "section":
                section_rule, section_left = match.rule, SECTION_MAX_ITEMS
            continue
        text, cut = rules.strip_spans(block.text)
        removed.extend(RemovedBlock(span.strip(), rule.category, rule.id, position) for rule, span in cut)
        if not text.strip():
            kept.append(None)
            continue
        kept.append(block if not cut else Block(block.kind, text))
    return kept, removed
