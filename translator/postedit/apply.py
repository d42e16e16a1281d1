"""The two entry points: `fix_source` on the French, `postedit_article` on the English.

Pipeline order (the run wires the stages in exactly this order):

    article = extract_path(path)                 # clean the page into blocks
    segment_article(article)                     # split blocks into sentence segments
    fix_source(article, config)                  # this module: French-side rules, per segment
    annotate(article, glossary)                  # glossary hits, on the fixed French
    translate_segments(article.segments(), engine)
    postedit_article(article, config, engine)    # this module: English-side rules + QA flags

`fix_source` runs on segments, after segmentation, because the segmenter keeps the artefacts
it fixes inside one segment (it never splits before a lowercase word short of its length cap,
so "Plante. plus tôt" and "2 minute. lis" arrive whole) and because its edits belong on the segments, where the
review page and `translator explain` show them. It must run before the glossary annotation,
whose hit offsets refer to the French as it will be translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from translator.document import Article, Flag, RemovedBlock
from translator.flags import flag
from translator.postedit import qa
from translator.postedit.config import PosteditConfig
from translator.postedit.protect import protected_spans
from translator.postedit.registry import rule_set
from translator.postedit.retranslate import retranslate_article
from translator.postedit.rules import Context, apply_rules

if TYPE_CHECKING:
    from translator.engine.protocol import TranslationEngine


def _problem_flags(problems: list[str], side: str) -> list[Flag]:
    """Flags for what rules reported while running (a joined sentence, a user rule's timeout)."""
    timeout = "source-rule-timeout" if side == "source" else "rule-timeout"
    return [flag(timeout if "timed out" in p else "source-sentence-joined", p) for p in dict.fromkeys(problems)]


def fix_source(article: Article, config: PosteditConfig | None = None) -> None:
    """Apply the French-side rules to every segment; drop segments left empty (kept in `removed`)."""
    if any(block.text.strip() and not block.segments for block in article.blocks):
        raise ValueError("fix_source runs on segments: call segment_article first")
    config = config or PosteditConfig()
    rules = rule_set(config).source
    kept_blocks = []
    for index, block in enumerate(article.blocks):
        changed = False
        kept = []
        for segment in block.segments:
            context = Context(config)
            text, edits = apply_rules(rules, segment.source, context, protected_spans)
            if not edits:
                kept.append(segment)
                continue
            changed = True
            segment.edits.extend(edits)
            segment.flags.extend(_problem_flags(context.problems, "source"))
            if text.strip():
                segment.source = text
                kept.append(segment)
            else:
                rules_used = ",".join(dict.fromkeys(e.rule for e in edits))
                article.removed.append(RemovedBlock(segment.source, "ui-string", rules_used, index))
        if changed:
            block.segments = kept
            block.text = " ".join(s.source for s in kept)
        if block.segments or not changed:
            kept_blocks.append(block)
    article.blocks = kept_blocks


def postedit_article(
    article: Article, config: PosteditConfig | None = None, engine: TranslationEngine | None = None
) -> None:
    """Re-translate what looped (with an engine), apply the English-side rules, raise the QA flags."""
    config = config or PosteditConfig()
    rules = rule_set(config)
    if engine is not None and rules.retranslate:
        retranslate_article(article, engine, config)
    for segment in article.segments():
        if segment.corrected:  # a reviewer's English: no rule rewrites it, no check second-guesses it
            continue
        problems: list[str] = []
        if segment.target is not None:
            context = Context(config, source=segment.source, glossary=segment.glossary)

            def protect(text: str, segment=segment) -> list[tuple[int, int]]:
                return protected_spans(text, segment.source, segment.glossary)

            segment.target, edits = apply_rules(rules.target, segment.target, context, protect)
            segment.edits.extend(edits)
            problems = context.problems
        new_flags = qa.segment_flags(segment, config) + _problem_flags(problems, "target")
        segment.flags = qa.replace_flags(segment.flags, new_flags)
    article.flags = qa.replace_flags(article.flags, qa.article_flags(article))
