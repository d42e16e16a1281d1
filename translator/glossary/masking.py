"""Placeholders for glossary terms and protected spans, and checking what came back.

`mask` replaces each glossary term, do-not-translate name and protected span of a French
segment with a placeholder such as `ZX3Z`: ASCII capitals around a number. Placeholder shapes
were chosen by running them through the SentencePiece tokenizer and model of the test package
(see docs/glossaries.md): underscores are turned into spaces by argos-style decoders,
fullwidth forms are rewritten by the NFKC normaliser and private-use characters become
`<unk>`; plain ASCII letters and digits come back unchanged. Which `SHAPES` survive is checked
again for each loaded model's tokenizers (`usable_shapes`), and masking uses only those. The letters are chosen so that
nothing in the segment looks like a placeholder, so any placeholder-like text in the output
was made by the model.

`unmask` puts the required renderings back and reports every problem: a placeholder
missing, duplicated or altered, a forbidden rendering present. `repair_prefixes` says where
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


def shape_samples(shape: tuple[str, str]) -> list[str]:
    """Texts a placeholder shape must survive (alone, in a sentence, after an elision, at an end)."""
    opening, closing = shape
    return [f"{opening}{n}{closing}" for n in (1, 12)] + [
        f"le {opening}3{closing} de la",
        f"l'{opening}4{closing} est",
        f"{opening}5{closing}.",
    ]


def usable_shapes(round_trips) -> tuple[tuple[str, str], ...]:
    """The SHAPES whose samples all survive `round_trips` (a model's tokenizer check), in order."""
    samples = [shape_samples(shape) for shape in SHAPES]
    survived = round_trips([text for group in samples for text in group])
    usable, position = [], 0
    for shape, group in zip(SHAPES, samples, strict=True):
        if all(survived[position : position + len(group)]):
            usable.append(shape)
        position += len(group)
    return tuple(usable)


def mask(source: str, hits: list[GlossaryHit], shapes: tuple[tuple[str, str], ...] = SHAPES) -> Masked:
    """Replace terms, names and protected spans with numbered placeholders, left to right.

    `shapes`: the placeholder shapes this model's tokenizer keeps intact; with none, nothing is
    masked (the caller falls back to checking the plain translation)."""
    forbidden = [hit for hit in hits if hit.kind == FORBID]
    if not shapes:
        return Masked(source, source, [], forbidden, None)
    opening, closing = next(
        (shape for shape in shapes if not _loose_pattern(*shape).search(source)), shapes[0]
    )  # a segment containing every shape keeps the first; unmask then reports clashes
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
    return Masked(source, "".join(pieces), slots, forbidden, _loose_pattern(opening, closing))


def _standalone(placeholder: str) -> regex.Pattern:
    """A placeholder written as a word of its own (a letter or digit glued to it is an alteration)."""
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(placeholder)}(?![\p{{L}}\p{{N}}])")


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
    rest = output
    for slot in masked.slots:
        found = list(_standalone(slot.placeholder).finditer(output))
        if not found:
            problems.append(f"placeholder {slot.placeholder} ({slot.rendering!r}) missing")
        elif len(found) > 1:
            problems.append(f"placeholder {slot.placeholder} ({slot.rendering!r}) appears {len(found)} times")
        positions.append(found[0].start() if found else -1)
        rest = _standalone(slot.placeholder).sub(" ", rest)
    if masked.loose is not None:  # what is left looks like a placeholder: altered, or glued to a word
        problems.extend(f"altered placeholder {m.group()!r}" for m in masked.loose.finditer(rest))
    if problems:
        return Result(None, problems)
    text = output
    for at, slot in sorted(zip(positions, masked.slots, strict=True), key=lambda pair: -pair[0]):
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


def repair_prefixes(masked: Masked, output: str) -> list[str | None]:
    """Target prefixes that stop where the output first went wrong and put it right, best first.

    A duplicated placeholder: the output up to the duplicate. An altered one: the output up to
    it, then the right placeholder. A missing one: the output up to where it belongs, then the
    placeholder; where it belongs is estimated, so the neighbouring positions are offered too.
    [None] when no placeholder is wrong (re-decode without a prefix, e.g. for a forbidden word).
    """
    by_text = {slot.placeholder: slot for slot in masked.slots}
    events = [(m.start(), m.end(), m.group()) for m in masked.loose.finditer(output)] if masked.loose else []
    placed: dict[str, int] = {}
    absent = [slot.placeholder for slot in masked.slots if not _standalone(slot.placeholder).search(output)]
    for start, _end, found in sorted(events):
        if found in by_text and found not in placed:
            placed[found] = start
            continue
        if found in by_text:  # a second copy: drop it, or one of the copies was meant to be another
            first = placed[found]
            options = [output[:start].rstrip() or None]
            if absent:
                options = [f"{output[:first]}{absent[0]}".strip(), f"{output[:start]}{absent[0]}".strip(), *options]
            return list(dict.fromkeys(options))
        number = masked.number(found)
        intended = f"{masked.slots[0].placeholder[:2]}{number}{masked.slots[0].placeholder[-1]}" if number else None
        if intended not in by_text or intended in placed or output.count(intended):
            intended = next((s.placeholder for s in masked.slots if s.placeholder not in output), None)
        if intended is None:
            return [output[:start].rstrip() or None]
        return [f"{output[:start]}{intended}".strip()]
    missing = [slot for slot in masked.slots if slot.placeholder not in placed]
    if not missing:
        return [None]
    tokens = list(_TOKENS.finditer(output))
    prefixes = []
    for keep in _positions(masked, missing[0], [t.group() for t in tokens]):
        cut = tokens[keep - 1].end() if keep else 0
        prefixes.append(f"{output[:cut]} {missing[0].placeholder}".strip())
    return list(dict.fromkeys(prefixes))


def normalize_altered(masked: Masked, output: str) -> str | None:
    """The output with each altered placeholder rewritten, where what it stands for is certain.

    "zx2z" or "ZX 2 Z" is ZX2Z if ZX2Z is otherwise missing; an unknown number ("ZX9Z") is the
    missing placeholder when exactly one is missing and one unknown is present. None if nothing
    could be rewritten with certainty.
    """
    if masked.loose is None or not masked.slots:
        return None
    opening, closing = masked.slots[0].placeholder[:2], masked.slots[0].placeholder[-1]
    present = {slot.placeholder for slot in masked.slots if _standalone(slot.placeholder).search(output)}
    missing = [slot.placeholder for slot in masked.slots if slot.placeholder not in present]
    altered = [m for m in masked.loose.finditer(output) if m.group() not in present]
    if not missing or not altered:
        return None
    replacements = {}
    for match in altered:
        number = masked.number(match.group())
        intended = f"{opening}{number}{closing}"
        if intended in missing and [masked.number(m.group()) for m in altered].count(number) == 1:
            replacements[match.span()] = intended
    unknown = [m for m in altered if m.span() not in replacements]
    left = [p for p in missing if p not in replacements.values()]
    if len(unknown) == 1 and len(left) == 1:
        replacements[unknown[0].span()] = left[0]
    if not replacements:
        return None
    for (start, end), placeholder in sorted(replacements.items(), reverse=True):
        before = " " if start and output[start - 1].isalnum() else ""
        after = " " if end < len(output) and output[end].isalnum() else ""
        output = output[:start] + before + placeholder + after + output[end:]
    return output


def _positions(masked: Masked, slot: Slot, output_tokens: list[str], limit: int = 6) -> list[int]:
    """Candidate numbers of output tokens before a missing placeholder, the likeliest first."""
    estimate = _where(masked, slot, output_tokens)
    source_tokens = _TOKENS.findall(masked.text)
    k = next((i for i, token in enumerate(source_tokens) if slot.placeholder in token), 0)
    low, high = 0, len(output_tokens)
    for other in masked.slots:
        i = next((i for i, token in enumerate(source_tokens) if other.placeholder in token), None)
        j = next((j for j, token in enumerate(output_tokens) if other.placeholder in token), None)
        if i is None or j is None:
            continue
        if i < k:
            low = max(low, j + 1)
        elif i > k:
            high = min(high, j)
    if low > high:
        low, high = 0, len(output_tokens)
    candidates = sorted(range(low, high + 1), key=lambda keep: (abs(keep - estimate), keep))
    return candidates[:limit]


def _where(masked: Masked, slot: Slot, output_tokens: list[str]) -> int:
    """How many output tokens should come before a missing placeholder.

    Counted from the nearest placeholder that did come out (before it, else after it), as
    many tokens away as in the French; failing that, in proportion to the French position.
    """
    source_tokens = _TOKENS.findall(masked.text)
    at = {s.placeholder: i for i, token in enumerate(source_tokens) for s in masked.slots if s.placeholder in token}
    out = {s.placeholder: i for i, token in enumerate(output_tokens) for s in masked.slots if s.placeholder in token}
    k = at.get(slot.placeholder, 0)
    anchors = [(i, out[p]) for p, i in at.items() if p in out]
    before = [(i, j) for i, j in anchors if i < k]
    after = [(i, j) for i, j in anchors if i > k]
    if before:
        i, j = max(before)
        estimate = j + (k - i)
    elif after:
        i, j = min(after)
        estimate = j - (i - k - 1)
    else:
        estimate = int(k * len(output_tokens) / max(1, len(source_tokens)) + 0.5)
    return max(0, min(len(output_tokens), estimate))
