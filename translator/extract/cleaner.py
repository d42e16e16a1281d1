"""Applying the boilerplate rules to candidate blocks, recording every removal and its rule."""

from __future__ import annotations

from collections.abc import Container

from translator.document import Block, RemovedBlock
from translator.extract.rules import BoilerplateRules, normalise, word_count

SECTION_ITEM_MAX_WORDS = 20  # a block this short after a "Sur le même sujet" heading is a link
SECTION_MAX_ITEMS = 30
LINK_LIST = ("navigation", "link-list")  # category and reason for blocks that are mostly links
DUPLICATE = ("duplicate", "repeated-block")  # a block seen earlier on the page (title repeated, teaser)
DUPLICATE_MIN_WORDS = 8  # shorter repeats are table cells, list labels, refrains: content


def _link_like(block: Block) -> bool:
    """Short and not a sentence: what an item in a list of links looks like."""
    words = word_count(block.text)
    sentence = words >= 8 and block.text.rstrip().endswith((".", "!", "?", "…", '"', "»"))
    return block.kind != "title" and words <= SECTION_ITEM_MAX_WORDS and not sentence


def apply_rules(
    blocks: list[Block], rules: BoilerplateRules, link_lists: Container[int] = frozenset()
) -> tuple[list[Block | None], list[RemovedBlock]]:
    """Strip spans and drop blocks by rule, keeping positions: removed blocks become None.

    `link_lists` are positions of blocks the HTML showed to be mostly link text (menus, teasers).
    """
    kept: list[Block | None] = []
    removed: list[RemovedBlock] = []
    section_left, section_rule = 0, None
    seen: set[str] = set()
    title_key = next((normalise(b.text).casefold() for b in blocks if b.kind == "title"), None)
    for position, block in enumerate(blocks):
        if section_rule and section_left and _link_like(block):
            section_left -= 1
            removed.append(RemovedBlock(block.text, section_rule.category, section_rule.id, position))
            kept.append(None)
            continue
        section_left = 0
        match = None if block.kind == "title" else rules.block_match(block.text)
        if match is None and position in link_lists:
            removed.append(RemovedBlock(block.text, LINK_LIST[0], LINK_LIST[1], position))
            kept.append(None)
            continue
        if match:
            removed.append(RemovedBlock(block.text, match.rule.category, match.rule.id, position))
            kept.append(None)
            if match.rule.action == "section":
                section_rule, section_left = match.rule, SECTION_MAX_ITEMS
            continue
        text, cut = rules.strip_spans(block.text)
        removed.extend(RemovedBlock(span.strip(), rule.category, rule.id, position) for rule, span in cut)
        key = normalise(text).casefold()
        if key in seen and (key == title_key or word_count(text) >= DUPLICATE_MIN_WORDS):
            removed.append(RemovedBlock(block.text, DUPLICATE[0], DUPLICATE[1], position))
            key = ""
        if not key:
            kept.append(None)
            continue
        seen.add(key)
        kept.append(block if not cut else Block(block.kind, text))
    return kept, removed
