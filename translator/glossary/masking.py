"""Placeholders for glossary terms and protected spans, and checking what came back.

`mask` replaces each glossary term, do-not-translate name and protected span of a French
segment with a placeholder such as `ZX3Z`: ASCII capitals around a number. Placeholder shapes
were chosen by running them through the SentencePiece tokenizer and model of the test package
(see docs/glossaries.md): underscores are turned into spaces by argos-style decoders,
fullwidth forms are rewritten by the NFKC normaliser and private-use characters become
`<unk>`; plain ASCII letters and digits come back unchanged. The letters are chosen so that
nothing in the segment looks like a placeholder, so any placeholder-like text in the output
was made by the model.

`unmask` puts the required renderings back and reports every problem: a placeholder
missing, duplicated or altered, a forbidden rendering present. `repair_prefix` says where
the English went wrong, as a target prefix for re-decoding. Nothing here runs a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from translator.document import GlossaryHit
from translator.glossary.model import FORBID, KEEP, TERM
from translator.glossary.spans import protected_spans

# (opening letters, closing letter): the first whose loose form does not occur in the segment
SHAPES = (("ZX", "Z"), ("QJ", "Q"), ("XK", "X"), ("JZ", "J"), ("KQ", "K"))
_TOKENS = regex.compile(r"\S+")


@dataclass
class Slot:
    """One masked span: its placeholder and what replaces it in the English."""

    placeholder: str
    rendering: str
    kind: str  # "term" | "keep" | "protected"
    start: int
    end: int
    hit: GlossaryHit | None = None


@dataclass
class Masked:
    """A segment's French with placeholders, and what each placeholder stands for."""

    source: str
    text: str
    slots: list[Slot] = field(default_factory=list)
    forbidden: list[GlossaryHit] = field(default_factory=list)
    loose: regex.Pattern | None = None  # any placeholder of this segment's shape, however altered

    def number(self, found: str) -> int | None:
        digits = regex.search(r"\d+", found)
        return int(digits.group()) if digits else None


@dataclass
class Result:
    """The English after unmasking, or the problems that prevented it."""

    text: str | None
    problems: list[str]
    reordered: bool = False


def _loose_pattern(opening: str, closing: str) -> regex.Pattern:
    gap = r"[\s\-_.·]*"
    letters = gap.join(regex.escape(c) for c in opening)
    return regex.compile(rf"{letters}{gap}\d+(?:{gap}{regex.escape(closing)})?", regex.IGNORECASE)


def mask(source: str, hits: list[GlossaryHit]) -> Masked:
    """Replace terms, names and protected spans with numbered placeholders, left to right."""
    opening, closing = next(
        (shape for shape in SHAPES if not _loose_pattern(*shape).search(source)), SHAPES[0]
    )  # a segment containing all five shapes keeps the first; unmask then reports clashes
    spans: list[tuple[int, int, str, str, GlossaryHit | None]] = []
    for start, end, _ in protected_spans(source):
        spans.append((start, end, "protected", source[start:end], None))
    for hit in hits:
        if hit.kind in (TERM, KEEP) and all(hit.end <= s or hit.start >= e for s, e, *_ in spans):
            spans.append((hit.start, hit.end, hit.kind, hit.rendering, hit))
    spans.sort(key=lambda span: span[0])
    pieces, slots, position = [], [], 0
    for number, (start, end, kind, rendering, hit) in enumerate(spans, start=1):
        placeholder = f"{opening}{number}{closing}"
        pieces.extend((source[position:start], placeholder))
        slots.append(Slot(placeholder, rendering, kind, start, end, hit))
        position = end
    pieces.append(source[position:])
    forbidden = [hit for hit in hits if hit.kind == FORBID]
    return Masked(source, "".join(pieces), slots, forbidden, _loose_pattern(opening, closing))


def _opens_sentence(text: str, position: int) -> bool:
    return not any(c.isalnum() for c in text[:position])


def _contains(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` as whole words, ignoring case."""
    pattern = rf"(?<![\p{{L}}\p{{N}}]){regex.escape(phrase)}(?![\p{{L}}\p{{N}}])"
    return regex.search(pattern, text, regex.IGNORECASE) is not None


def _has_rendering(text: str, rendering: str) -> bool:
    """The required rendering is there as written (its first letter may follow sentence case)."""
    first, rest = regex.escape(rendering[:1]), regex.escape(rendering[1:])
    pattern = rf"(?<![\p{{L}}\p{{N}}])(?i:{first}){rest}(?![\p{{L}}\p{{N}}])"
    return regex.search(pattern, text) is not None


def forbidden_present(text: str, forbidden: list[GlossaryHit]) -> list[str]:
    """Forbidden renderings written in `text` outside URLs, e-mail addresses and handles."""
    for start, end, kind in reversed(protected_spans(text)):
        if kind != "quantity":
            text = text[:start] + " " + text[end:]
    return list(dict.fromkeys(hit.rendering for hit in forbidden if _contains(text, hit.rendering)))


def unmask(masked: Masked, output: str) -> Result:
    """The English with every placeholder replaced by its rendering, if the output allows it."""
    problems = []
    positions = []
    for slot in masked.slots:
        count = output.count(slot.placeholder)
        if count == 0:
            problems.append(f"placeholder {slot.placeholder} ({slot.rendering!r}) missing")
        elif count > 1:
            problems.append(f"placeholder {slot.placeholder} ({slot.rendering!r}) appears {count} times")
        positions.append(output.find(slot.placeholder))
    rest = output
    for slot in masked.slots:
        rest = rest.replace(slot.placeholder, " ")
    if masked.loose is not None:
        problems.extend(f"altered placeholder {m.group()!r}" for m in masked.loose.finditer(rest))
    if problems:
        return Result(None, problems)
    text = output
    for slot in sorted(masked.slots, key=lambda s: -output.find(s.placeholder)):
        at = output.find(slot.placeholder)
        rendering = slot.rendering
        if slot.kind == TERM and _opens_sentence(output, at):
            rendering = rendering[:1].upper() + rendering[1:]
        text = text[:at] + rendering + text[at + len(slot.placeholder) :]
    # only what the model wrote can be forbidden: the renderings put back are the glossary's own
    problems = [f"forbidden rendering {en!r} present" for en in forbidden_present(rest, masked.forbidden)]
    return Result(None if problems else text, problems, reordered=positions != sorted(positions))


def check_plain(text: str, hits: list[GlossaryHit]) -> list[str]:
    """Problems of an English text translated without placeholders (the fallback)."""
    problems = [
        f"required rendering {hit.rendering!r} missing"
        for hit in hits
        if hit.kind in (TERM, KEEP) and not _has_rendering(text, hit.rendering)
    ]
    forbidden = [hit for hit in hits if hit.kind == FORBID]
    return problems + [f"forbidden rendering {en!r} present" for en in forbidden_present(text, forbidden)]


def repair_prefix(masked: Masked, output: str) -> str | None:
    """A target prefix that stops where the output first went wrong and puts it right.

    A duplicated placeholder: the output up to the duplicate. An altered or missing one: the
    output up to where it belongs, then the placeholder. None when no placeholder is wrong.
    """
    by_text = {slot.placeholder: slot for slot in masked.slots}
    events = [(m.start(), m.end(), m.group()) for m in masked.loose.finditer(output)] if masked.loose else []
    placed: set[str] = set()
    for start, _end, found in sorted(events):
        if found in by_text and found not in placed:
            placed.add(found)
            continue
        if found in by_text:  # a second copy
            return output[:start].rstrip() or None
        number = masked.number(found)
        intended = f"{masked.slots[0].placeholder[:2]}{number}{masked.slots[0].placeholder[-1]}" if number else None
        if intended not in by_text or intended in placed or output.count(intended):
            intended = next((s.placeholder for s in masked.slots if s.placeholder not in output), None)
        if intended is None:
            return output[:start].rstrip() or None
        return f"{output[:start]}{intended}".strip()
    missing = [slot for slot in masked.slots if slot.placeholder not in placed]
    if not missing:
        return None
    slot = missing[0]
    before = len(_TOKENS.findall(masked.text[: masked.text.find(slot.placeholder)]))
    tokens = list(_TOKENS.finditer(output))
    total = max(1, len(_TOKENS.findall(masked.text)))
    keep = min(len(tokens), round(before * len(tokens) / total))
    cut = tokens[keep - 1].end() if keep else 0
    return f"{output[:cut]} {slot.placeholder}".strip()
