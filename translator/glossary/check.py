"""Validating glossary files: every problem found, with its file and line.

What is checked: the header and the shape of each row (from the reader), unknown flags, empty
or whitespace-padded cells, control and invisible characters, duplicate entries, conflicting
entries (one French term and context, two renderings; a rendering both required and
forbidden), context patterns that do not compile or are too slow, over-long terms, a term
inside a longer term whose rendering does not contain the shorter term's rendering, and
entries that can never match (tested by running the matcher on the term itself).
"""

from __future__ import annotations

import unicodedata

import regex

from translator.glossary import context
from translator.glossary.matcher import Glossary, normalize, spans, token_count
from translator.glossary.model import CONTEXT_COLUMNS, FORBID, KEEP, TERM, Entry, Problem
from translator.glossary.tsv import GlossaryFile
from translator.segment import split_sentences

_WORD = regex.compile(r"[\p{L}\p{N}]+")
# Far above any real term (the longest shipped one has 51 characters, 9 words and signs): checking
# a term looks up every run of its words, a cost that grows faster than its length.
MAX_TERM_CHARS = 200
MAX_TERM_TOKENS = 30
_INVISIBLE = ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")  # control, format, private, surrogate, line/paragraph separators


def _cell_problems(document: GlossaryFile) -> list[Problem]:
    problems = []
    for line in document.lines:
        if line.cells is None or line.entry is None:
            continue
        for column, value in line.cells.items():
            if value != value.strip():
                problems.append(Problem(document.path, line.number, "padded", f"{column} cell has surrounding spaces"))
            bad = [c for c in value if unicodedata.category(c) in _INVISIBLE]
            if bad:
                names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(bad))
                problems.append(
                    Problem(document.path, line.number, "control", f"{column} cell has control characters ({names})")
                )
        entry = line.entry
        if not entry.fr:
            problems.append(Problem(document.path, line.number, "empty", "fr cell is empty"))
        if entry.kind in (TERM, FORBID) and not entry.en:
            problems.append(Problem(document.path, line.number, "empty", f"en cell is empty for a {entry.kind} entry"))
        if entry.kind == KEEP and entry.en and entry.en != entry.fr:
            problems.append(
                Problem(document.path, line.number, "conflict", f"keep entry {entry.fr!r} has another en {entry.en!r}")
            )
        problems.extend(Problem(document.path, line.number, "context", text) for text in _context_problems(entry))
    return problems


def length_problem(fr: str) -> str | None:
    """Why a French term is too long to be one, if it is."""
    count = token_count(fr[: MAX_TERM_CHARS + 1])
    if len(fr) <= MAX_TERM_CHARS and count <= MAX_TERM_TOKENS:
        return None
    shown = fr if len(fr) <= 40 else fr[:40] + "…"
    size = f"{len(fr):,} characters" if len(fr) > MAX_TERM_CHARS else f"{count} words and signs"
    limit = f"{MAX_TERM_CHARS} characters, {MAX_TERM_TOKENS} words and signs"
    return f"fr term {shown!r} is too long ({size}; at most {limit})"


def _length_problems(entries: list[Entry]) -> list[Problem]:
    return [Problem(e.origin, e.line, "long", text) for e in entries if (text := length_problem(e.fr))]


def _context_problems(entry: Entry) -> list[str]:
    if not any(entry.context):
        return []
    if entry.kind == FORBID:
        return ["a context (left, right) is only for terms and keep entries, not forbidden renderings"]
    found = (context.problem(side, pattern) for side, pattern in zip(CONTEXT_COLUMNS, entry.context, strict=True))
    return [text for text, pattern in zip(found, entry.context, strict=True) if pattern and text]


def _key(entry: Entry) -> str:
    return normalize(entry.fr) if entry.case_sensitive else normalize(entry.fr).casefold()


def _pair_problems(entries: list[Entry]) -> list[Problem]:
    """Duplicates and conflicts between entries with the same French key."""
    problems = []
    required: dict[tuple[str, tuple[str, str]], Entry] = {}
    forbidden: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        if not entry.fr:
            continue
        key = _key(entry)
        if entry.kind == FORBID:
            pair = (key, entry.en.casefold())
            if pair in forbidden:
                problems.append(_against(entry, forbidden[pair], "duplicate", "duplicate of"))
            forbidden[pair] = entry
            continue
        other = required.get((key, entry.context))
        if other is not None:
            same = (other.kind, other.modifiers) == (entry.kind, entry.modifiers) and (
                entry.kind == KEEP or other.en == entry.en
            )
            if same:
                problems.append(_against(entry, other, "duplicate", "duplicate of"))
            else:
                problems.append(_against(entry, other, "conflict", f"{entry.describe()} conflicts with"))
        required[(key, entry.context)] = entry
    renderings: dict[tuple[str, str], Entry] = {}  # (key, required rendering) over every context
    for (key, _), other in required.items():
        if other.kind == TERM:
            renderings.setdefault((key, other.en.casefold()), other)
    for pair, entry in forbidden.items():
        other = renderings.get(pair)
        if other is not None:
            problems.append(_against(entry, other, "conflict", f"forbids {entry.en!r}, which is required by"))
    return problems


def _against(entry: Entry, other: Entry, code: str, text: str) -> Problem:
    return Problem(entry.origin, entry.line, code, f"{text} {other.describe()} at {other.where}")


def _nested_problems(glossary: Glossary) -> list[Problem]:
    """A term inside a longer term, where the longer rendering does not contain the shorter one.

    Not a problem when the longer entry's note names the shorter rendering: the author has
    seen it ("député européen" -> MEP, "not 'European MP'").
    """
    problems = []
    for longer in glossary.active:
        words = [m.span() for m in _WORD.finditer(longer.fr)]
        for i, (start, _) in enumerate(words):
            for j in range(i, len(words)):
                end = words[j][1]
                piece = longer.fr[start:end]
                if piece == longer.fr:
                    continue
                shorter = glossary.lookup(piece, longer.fr, start, end)
                if shorter is None or shorter is longer or shorter.kind != longer.kind:
                    continue
                inner = shorter.fr if shorter.kind == KEEP else shorter.en
                outer = longer.fr if longer.kind == KEEP else longer.en
                if inner.casefold() not in outer.casefold() and not _names(longer.note, inner):
                    problems.append(
                        _against(
                            shorter,
                            longer,
                            "nested",
                            f"{shorter.describe()} is inside a longer term with a rendering without {inner!r}:",
                        )
                    )
    return problems


def _names(note: str, rendering: str) -> bool:
    """Whether a note mentions a rendering as words of its own."""
    return (
        regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(rendering)}(?![\p{{L}}\p{{N}}])", note, regex.I) is not None
    )


def _never_matching(entries: list[Entry]) -> list[Problem]:
    """Entries the matcher cannot find in one sentence containing them (e.g. across a full stop)."""
    problems = []
    for entry in entries:
        if not entry.fr or entry.fr != entry.fr.strip():
            continue
        key = normalize(entry.fr)
        sentences = split_sentences(f"Avant {entry.fr} après.")
        found = {text for sentence in sentences for _, _, text in spans(sentence, token_count(entry.fr))}
        if not entry.case_sensitive:
            key, found = key.casefold(), {text.casefold() for text in found}
        if key not in found:
            problems.append(Problem(entry.origin, entry.line, "never", f"{entry.fr!r} can never match in a sentence"))
    return problems


def check_files(documents: list[GlossaryFile]) -> list[Problem]:
    """All problems in these files, each file checked on its own.

    Across files, the same term in two glossaries is not a problem: the later file wins.
    """
    problems: list[Problem] = []
    for document in documents:
        problems.extend(document.problems)
        problems.extend(_cell_problems(document))
        problems.extend(_pair_problems(document.entries))
        problems.extend(_length_problems(document.entries))
        usable = [entry for entry in document.entries if entry.fr and not length_problem(entry.fr)]
        problems.extend(_never_matching(usable))
        problems.extend(_nested_problems(Glossary(usable)))
    return sorted(set(problems), key=lambda p: (p.origin, p.line, p.code))
