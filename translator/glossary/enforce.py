"""Glossary enforcement around any engine: mask, translate once, unmask, verify, repair or flag.

Written against `translator.engine.protocol.TranslationEngine` only (no model library here).

For every segment: its glossary hits (from `translator.glossary.annotate`) and protected spans
(URLs, e-mails, @handles, safe quantities) are replaced by placeholders; all masked segments go
to `engine.translate` in ONE call; each output is unmasked with the required renderings
and verified (every placeholder exactly once, nothing altered, no forbidden rendering). A
segment that fails is repaired: an altered placeholder that can only mean one ("zx2z") is
rewritten; otherwise the segment is re-decoded with a target prefix that stops where the output
went wrong and puts the right placeholder there (a few candidate positions when it is a guess),
keeping the first compliant hypothesis among `num_hypotheses`, for a few rounds (each round one
batched call for all failing segments). What still
fails is translated without placeholders and flagged, so a raw placeholder never reaches the
English and a term that could not be enforced is always reported.

Each GlossaryHit records how it went: "masked" (placeholder, verified first time), "repaired"
(verified after repair), "flagged" (not enforced; the segment has a flag), and for forbidden
renderings "verified" (absent) or "flagged" (present).
"""

from __future__ import annotations

from collections.abc import Sequence

from translator.document import Segment
from translator.engine.protocol import UNKNOWN, TranslationEngine
from translator.flags import flag
from translator.glossary.masking import (
    Masked,
    Result,
    check_plain,
    mask,
    normalize_altered,
    repair_prefixes,
    unmask,
)
from translator.glossary.model import FORBID

NUM_HYPOTHESES = 4
REPAIR_ROUNDS = 3


def _finish(segment: Segment, masked: Masked, result: Result, status: str) -> None:
    segment.target = result.text
    for hit in segment.glossary:
        hit.status = "verified" if hit.kind == FORBID else status
    if result.reordered:
        segment.flags.append(
            flag("glossary-order", "glossary terms come out in another order than in the French; check them")
        )


def _fall_back(segment: Segment, text: str, problems: list[str]) -> None:
    segment.target = text
    remaining = check_plain(text, segment.glossary)
    for hit in segment.glossary:
        hit.status = "flagged"
    detail = "; ".join(remaining) if remaining else "the model's own translation happens to comply"
    segment.flags.append(
        flag(
            "glossary-unenforced" if remaining else "glossary-fallback",
            f"glossary could not be enforced ({'; '.join(problems)}); translated without placeholders: {detail}",
        )
    )


def _flag_unknown(segment: Segment) -> None:
    """A `<unk>` the engine could not replace by the source piece is raised, never left silent."""
    target = segment.target or ""
    if target.count(UNKNOWN) > segment.source.count(UNKNOWN):
        segment.flags.append(
            flag("unknown-piece", "the model could not render part of the French; its English has <unk>")
        )


def translate_segments(
    segments: Sequence[Segment],
    engine: TranslationEngine,
    *,
    num_hypotheses: int = NUM_HYPOTHESES,
    rounds: int = REPAIR_ROUNDS,
) -> None:
    """Set `target` on every segment, with its glossary enforced, verified, repaired or flagged."""
    masked = [mask(segment.source, segment.glossary) for segment in segments]
    translations = engine.translate([m.text for m in masked])
    pending: list[tuple[int, str, list[str]]] = []
    for index, (segment, plan, translation) in enumerate(zip(segments, masked, translations, strict=True)):
        segment.cached = translation.cached
        output = translation.text
        result = unmask(plan, output)
        if result.text is not None:
            _finish(segment, plan, result, "masked")
        else:
            pending.append((index, output, result.problems))
    still_failing = []
    for index, output, problems in pending:  # altered placeholders that can only mean one thing
        rewritten = normalize_altered(masked[index], output)
        result = unmask(masked[index], rewritten) if rewritten is not None else None
        if result is not None and result.text is not None:
            _finish(segments[index], masked[index], result, "repaired")
        else:
            still_failing.append((index, output, problems))
    pending = still_failing
    for _ in range(rounds):
        if not pending:
            break
        requests = [(i, prefix) for i, output, _ in pending for prefix in repair_prefixes(masked[i], output)]
        hypotheses = engine.hypotheses(
            [masked[index].text for index, _ in requests],
            target_prefixes=[prefix for _, prefix in requests],
            num_hypotheses=num_hypotheses,
        )
        candidates: dict[int, list[str]] = {}
        for (index, _), found in zip(requests, hypotheses, strict=True):
            candidates.setdefault(index, []).extend(found)
        still: list[tuple[int, str, list[str]]] = []
        for index, output, problems in pending:
            found = candidates.get(index, [])
            results = [unmask(masked[index], candidate) for candidate in found]
            good = next((result for result in results if result.text is not None), None)
            if good is not None:
                _finish(segments[index], masked[index], good, "repaired")
            else:  # go on from the hypothesis with the fewest problems
                closest = min(zip(results, found, strict=True), key=lambda pair: len(pair[0].problems), default=None)
                still.append((index, closest[1] if closest else output, problems))
        pending = still
    if pending:
        plain = engine.hypotheses([segments[index].source for index, _, _ in pending], num_hypotheses=1)
        for (index, _, problems), candidates in zip(pending, plain, strict=True):
            _fall_back(segments[index], candidates[0] if candidates else "", problems)
    for segment in segments:
        _flag_unknown(segment)
