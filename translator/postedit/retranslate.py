"""Re-translation of segments the model looped on, cut short or left in French.

Runs before the target rules, only when an engine is given. A segment of several sentences is
re-translated sentence by sentence (through the glossary-enforcing
`translator.glossary.enforce.translate_segments`, one batched `translate` call for the whole
article); a one-sentence segment, whose cached translation would come back the same, gets the
engine's alternative hypotheses instead. A candidate replaces the target only if it is free of
the artefact; every replacement is an edit of rule `model-retranslate`.
"""

from __future__ import annotations

from translator.document import Article, Edit, GlossaryHit, Segment
from translator.engine.protocol import TranslationEngine
from translator.postedit.artefacts import french_share, has_loop, looks_truncated
from translator.postedit.config import PosteditConfig
from translator.postedit.glossary_check import rendering_present
from translator.postedit.rules import Rule
from translator.segment import split_sentences

UNTRANSLATED_SHARE = 0.5
HYPOTHESES = 4

RETRANSLATE = Rule(
    id="model-retranslate",
    description="Re-translate loops, truncations and untranslated output, sentence by sentence",
    category="artefact",
    side="target",
    find=lambda text, context: (),
    doc="""Runs before the other target rules when an engine is available.

    Examples: "The board of the board of the board of the board" (from a two-sentence segment) →
    each sentence translated on its own; "Le projet est lancé." left as is by the model → the
    first alternative hypothesis that is English.""",
)


def problem(segment: Segment, config: PosteditConfig) -> str | None:
    """Why this segment's English needs re-translating, or None."""
    source, target = segment.source, segment.target or ""
    if has_loop(target):
        return "loop"
    if looks_truncated(source, target, config.length_ratio[0]):
        return "truncated"
    if french_share(target, source)[0] >= UNTRANSLATED_SHARE:
        return "untranslated"
    return None


def _sentences(segment: Segment) -> list[Segment]:
    """The segment's sentences as temporary segments, each with the glossary hits inside it."""
    pieces = []
    cursor = 0
    for index, sentence in enumerate(split_sentences(segment.source)):
        start = segment.source.find(sentence, cursor)
        cursor = start + len(sentence)
        hits = [
            GlossaryHit(h.source, h.entry, h.rendering, h.kind, h.start - start, h.end - start, h.status)
            for h in segment.glossary
            if start <= h.start and h.end <= cursor
        ]
        pieces.append(Segment(id=f"{segment.id}.r{index}", source=sentence, glossary=hits))
    return pieces


def _better(segment: Segment, candidate: str, config: PosteditConfig) -> bool:
    """Free of the artefact, and keeping every required glossary rendering."""
    trial = Segment(id=segment.id, source=segment.source, target=candidate)
    renderings = [h.rendering for h in segment.glossary if h.kind in ("term", "keep")]
    return (
        bool(candidate.strip())
        and problem(trial, config) is None
        and all(rendering_present(r, candidate) for r in renderings)
    )


def retranslate_article(article: Article, engine: TranslationEngine, config: PosteditConfig) -> None:
    """Replace the English of segments with a loop, truncation or untranslated output, if a better one comes."""
    from translator.glossary.enforce import translate_segments

    todo = [s for s in article.segments() if s.target is not None and not s.corrected and problem(s, config)]
    split = {s.id: _sentences(s) for s in todo}
    several = [s for s in todo if len(split[s.id]) > 1]
    single = [s for s in todo if len(split[s.id]) <= 1]
    candidates: dict[str, list[str]] = {}
    pieces = [p for s in several for p in split[s.id]]
    if pieces:
        translate_segments(pieces, engine)
        for segment in several:
            candidates[segment.id] = [" ".join(p.target or "" for p in split[segment.id]).strip()]
    if single:
        alternatives = engine.hypotheses([s.source for s in single], num_hypotheses=HYPOTHESES)
        for segment, options in zip(single, alternatives, strict=True):
            candidates[segment.id] = list(options)
    for segment in todo:
        chosen = next((c for c in candidates.get(segment.id, []) if _better(segment, c, config)), None)
        if chosen is not None and chosen != segment.target:
            segment.edits.append(Edit(RETRANSLATE.id, segment.target or "", chosen, 0, "target"))
            segment.target = chosen
