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
batched call for all failing segments). Repair spends at most a fixed budget of extra decoding
(`RepairBudget`: hypotheses per segment and per call), so a model that never copies placeholders
costs a bounded amount, not a cliff. What still fails, or ran out of budget, is translated without
placeholders (through the translation memory) and flagged, so a raw placeholder never reaches the
English and a term that could not be enforced is always reported.

Each GlossaryHit records how it went: "masked" (placeholder, verified first time), "repaired"
(verified after repair), "flagged" (not enforced; the segment has a flag), and for forbidden
renderings "verified" (absent) or "flagged" (present).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from translator.document import Segment
from translator.engine.protocol import UNKNOWN, Progress, TranslationEngine
from translator.flags import flag
from translator.glossary.masking import (
    Masked,
    Result,
    check_plain,
    mask,
    normalize_altered,
    repair_prefixes,
    unmask,
    usable_shapes,
)
from translator.glossary.model import FORBID

NUM_HYPOTHESES = 4
REPAIR_ROUNDS = 3
BUDGET_SPENT = "repair budget spent"


@dataclass(frozen=True)
class RepairBudget:
    """Extra decoding glossary repair may spend, counted in hypotheses asked of the engine.

    `per_segment`: at most this many for one segment over all rounds; `per_segment_of_call`: the
    whole call spends at most this many times its number of segments (and never less than one
    segment's share, so a small call can still repair). A hypothesis at the repair
    beam (4) costs about half a plain decode at the default beam (2), so the default per-call
    share keeps repair under a quarter of the call's plain decoding."""

    per_segment: int = 16
    per_segment_of_call: float = 0.5

    def for_call(self, segments: int) -> int:
        return max(self.per_segment, int(self.per_segment_of_call * segments))


DEFAULT_BUDGET = RepairBudget()
NO_SHAPE = "no placeholder shape survives this model's tokenizer"
_SHAPES: WeakKeyDictionary = WeakKeyDictionary()  # engine -> the placeholder shapes it keeps intact


def shapes_for(engine: TranslationEngine) -> tuple[tuple[str, str], ...]:
    """The placeholder shapes the engine's tokenizers keep intact, checked once per loaded engine."""
    if engine not in _SHAPES:
        _SHAPES[engine] = usable_shapes(engine.round_trips)
    return _SHAPES[engine]


def _finish(segment: Segment, result: Result, status: str) -> None:
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


class _Repair:
    """The failing segments of one call, their best output so far, and what repair has spent."""

    def __init__(self, segments: Sequence[Segment], masked: list[Masked], budget: RepairBudget) -> None:
        self.segments = segments
        self.masked = masked
        self.budget = budget
        self.left_in_call = budget.for_call(len(segments))
        self.spent: dict[int, int] = {}
        self.pending: list[tuple[int, str, list[str]]] = []  # (segment index, output, problems)
        self.out_of_budget: list[tuple[int, list[str]]] = []

    def requests(self, num_hypotheses: int) -> list[tuple[int, str | None]]:
        """This round's (segment, target prefix) requests that fit the budget; the rest give up."""
        chosen: list[tuple[int, str | None]] = []
        kept = []
        for index, output, problems in self.pending:
            prefixes = repair_prefixes(self.masked[index], output)
            room = min(self.budget.per_segment - self.spent.get(index, 0), self.left_in_call) // num_hypotheses
            if room < 1:
                self.out_of_budget.append((index, [*problems, BUDGET_SPENT]))
                continue
            prefixes = prefixes[:room]
            self.spent[index] = self.spent.get(index, 0) + len(prefixes) * num_hypotheses
            self.left_in_call -= len(prefixes) * num_hypotheses
            chosen.extend((index, prefix) for prefix in prefixes)
            kept.append((index, output, problems))
        self.pending = kept
        return chosen

    def take(self, requests: list[tuple[int, str | None]], hypotheses: list[list[str]]) -> None:
        """Finish each segment with a compliant hypothesis; the others go on from their closest one."""
        candidates: dict[int, list[str]] = {}
        for (index, _), found in zip(requests, hypotheses, strict=True):
            candidates.setdefault(index, []).extend(found)
        still = []
        for index, output, problems in self.pending:
            found = candidates.get(index, [])
            results = [unmask(self.masked[index], candidate) for candidate in found]
            good = next((result for result in results if result.text is not None), None)
            if good is not None:
                _finish(self.segments[index], good, "repaired")
            else:
                closest = min(zip(results, found, strict=True), key=lambda pair: len(pair[0].problems), default=None)
                still.append((index, closest[1] if closest else output, problems))
        self.pending = still

    def unrepaired(self) -> list[tuple[int, list[str]]]:
        return [*self.out_of_budget, *((index, problems) for index, _, problems in self.pending)]


def translate_segments(
    segments: Sequence[Segment],
    engine: TranslationEngine,
    *,
    num_hypotheses: int = NUM_HYPOTHESES,
    rounds: int = REPAIR_ROUNDS,
    budget: RepairBudget = DEFAULT_BUDGET,
    progress: Progress | None = None,
) -> None:
    """Set `target` on every segment, with its glossary enforced, verified, repaired or flagged.

    `progress(n)` is told as the main translation goes (distinct segments done), for a progress bar."""
    shapes = shapes_for(engine)
    masked = [mask(segment.source, segment.glossary, shapes) for segment in segments]
    repair = _Repair(segments, masked, budget)
    for index, translation in enumerate(engine.translate([m.text for m in masked], progress=progress)):
        segment, plan, output = segments[index], masked[index], translation.text
        segment.cached = translation.cached
        if not shapes and any(hit.kind != FORBID for hit in segment.glossary):  # nothing was masked
            _fall_back(segment, output, [NO_SHAPE])
            continue
        result = unmask(plan, output)
        if result.text is None:  # an altered placeholder that can only mean one thing costs no decoding
            rewritten = normalize_altered(plan, output)
            fixed = unmask(plan, rewritten) if rewritten is not None else None
            if fixed is not None and fixed.text is not None:
                _finish(segment, fixed, "repaired")
            else:
                repair.pending.append((index, output, result.problems))
        else:
            _finish(segment, result, "masked")
    for _ in range(rounds):
        requests = repair.requests(num_hypotheses) if repair.pending else []
        if not requests:
            break
        hypotheses = engine.hypotheses(
            [masked[index].text for index, _ in requests],
            target_prefixes=[prefix for _, prefix in requests],
            num_hypotheses=num_hypotheses,
        )
        repair.take(requests, hypotheses)
    failed = repair.unrepaired()
    if failed:
        plain = engine.translate([segments[index].source for index, _ in failed])
        for (index, problems), translation in zip(failed, plain, strict=True):
            _fall_back(segments[index], translation.text, problems)
    for segment in segments:
        _flag_unknown(segment)
