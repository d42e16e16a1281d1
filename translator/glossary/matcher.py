"""Finding glossary entries in French text.

Rules: whole words only; the longest match wins where matches overlap; multi-word terms match
across any run of spaces; the three apostrophes (' ’ ʼ) and the hyphens are interchangeable, so
"l’IA", "l'IA" and "d'IA" all contain the term "IA"; case is ignored unless the entry is
flagged case-sensitive; inflected forms come from `inflect.variants`; an entry with a context
(`left`, `right`) applies only where its neighbours match (`context.holds`), before the entry
for the same form without one. An entry's own form
beats another entry's generated variant; among entries with the same form, the later one
(later line, later glossary) wins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex

from translator.document import GlossaryHit
from translator.glossary.context import holds
from translator.glossary.inflect import adapt_case, english_plural, variants
from translator.glossary.model import EXACT, FORBID, KEEP, Entry
from translator.glossary.normal import normalize
from translator.glossary.spans import unmatchable_spans

# A word (letters, digits, underscore) or any single other non-space character: a term is a
# run of these, so it starts and ends on a word boundary ("IA" in "l'IA", never in "via").
_TOKEN = regex.compile(r"[\p{L}\p{N}_\p{M}]+|[^\s\p{L}\p{N}_\p{M}]")


def spans(text: str, longest: int) -> list[tuple[int, int, str]]:
    """(start, end, normalized text) of every run of 1..`longest` tokens of `text`."""
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    found = []
    for i, (start, _) in enumerate(tokens):
        for _, end in tokens[i : i + longest]:
            found.append((start, end, normalize(text[start:end])))
    return found


def token_count(surface: str) -> int:
    return len(_TOKEN.findall(surface))


@dataclass(frozen=True)
class Form:
    """One surface form of an entry."""

    entry: Entry
    plural: bool
    own: bool  # the entry's own form rather than a generated variant


NO_CONTEXT = ("", "")


class _Index:
    """Surface forms of a set of entries, looked up by normalized text (folded unless case-sensitive).

    Matching looks up every run of tokens up to the longest form's length, which costs a few
    dictionary lookups per word however large the glossary is. A form can have several entries,
    one per context (left, right): the last one whose context holds wins, else the one without.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.exact: dict[str, dict[tuple[str, str], Form]] = {}
        self.folded: dict[str, dict[tuple[str, str], Form]] = {}
        self.longest = 0
        self.firsts: set[str] = set()
        for entry in entries:
            table = self.exact if entry.case_sensitive else self.folded
            for surface, plural in variants(entry):
                key = normalize(surface) if entry.case_sensitive else normalize(surface).casefold()
                own = surface == entry.fr
                slots = table.setdefault(key, {})
                current = slots.get(entry.context)
                if current is None or own or not current.own:
                    slots.pop(entry.context, None)  # re-insert: among contexts, the later entry is tried first
                    slots[entry.context] = Form(entry, plural, own)
                tokens = _TOKEN.findall(key)
                if tokens:
                    self.longest = max(self.longest, len(tokens))
                    self.firsts.add(tokens[0].casefold())

    def lookup(self, found: str, text: str | None = None, start: int = 0, end: int = 0) -> Form | None:
        """The form `found` is, given where it stands in `text` (without `text`: ignoring contexts)."""
        key = normalize(found)
        for slots in (self.exact.get(key), self.folded.get(key.casefold())):
            if not slots:
                continue
            if text is None:
                return slots.get(NO_CONTEXT) or next(reversed(slots.values()))
            for context, form in reversed(slots.items()):
                if context != NO_CONTEXT and holds(*context, text, start, end):
                    return form
            if NO_CONTEXT in slots:
                return slots[NO_CONTEXT]
        return None

    def matches(self, text: str) -> list[tuple[int, int, Form]]:
        """Every form found anywhere in `text`, overlapping ones included."""
        found = []
        tokens = [m for m in _TOKEN.finditer(text)]
        for i, first in enumerate(tokens):
            if normalize(first.group()).casefold() not in self.firsts:
                continue
            for last in tokens[i : i + self.longest]:
                start, end = first.start(), last.end()
                form = self.lookup(text[start:end], text, start, end)
                if form is not None:
                    found.append((start, end, form))
        return found


def _longest_first(candidates: list[tuple[int, int, Form]]) -> list[tuple[int, int, Form]]:
    """Non-overlapping matches, choosing longer ones first, then earlier ones."""
    chosen: list[tuple[int, int, Form]] = []
    for start, end, form in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, form))
    return sorted(chosen, key=lambda c: c[0])


def _key(entry: Entry) -> str:
    return normalize(entry.fr) if entry.case_sensitive else normalize(entry.fr).casefold()


def rendering_for(found: str, form: Form, initial: bool = False) -> str:
    """What the English must contain for this occurrence (`initial`: it opens the sentence)."""
    entry = form.entry
    if entry.kind == KEEP:
        return found
    rendering = entry.en
    if form.plural and EXACT not in entry.modifiers:
        rendering = english_plural(rendering)
    return adapt_case(found, entry, rendering, initial)


class Glossary:
    """The effective glossary of a run: entries in precedence order (later wins), compiled."""

    def __init__(self, entries: list[Entry] | None = None, sources: list[str] | None = None) -> None:
        self.entries = list(entries or [])
        self.sources = list(sources or [])
        by_key: dict[tuple[str, tuple[str, str]], Entry] = {}
        forbids: dict[str, dict[str, Entry]] = {}
        for entry in self.entries:
            key = _key(entry)
            if entry.kind == FORBID:
                forbids.setdefault(key, {})[entry.en.casefold()] = entry
            else:
                by_key.pop((key, entry.context), None)  # re-insert so precedence follows the later entry's position
                by_key[(key, entry.context)] = entry
        self.active = list(by_key.values())
        self.forbidden = [entry for group in forbids.values() for entry in group.values()]
        self._forbidden_by_key = {key: list(group.values()) for key, group in forbids.items()}
        self._terms = _Index(self.active)
        self._forbids = _Index([next(iter(group.values())) for group in forbids.values()])

    def __len__(self) -> int:
        return len(self.active) + len(self.forbidden)

    def identity(self) -> dict[str, object]:
        """What a run's output depends on: the files and a hash of the effective entries."""
        digest = hashlib.sha256()
        for entry in self.entries:
            fields = (entry.fr, entry.en, ",".join(entry.flags), *(entry.context if any(entry.context) else ()))
            digest.update("\t".join(fields).encode() + b"\n")
        return {"files": self.sources, "entries": len(self), "sha256": digest.hexdigest()}

    def find(self, text: str) -> list[GlossaryHit]:
        """Glossary hits in `text`, in order: terms and keeps (non-overlapping), then forbids.

        Nothing is found inside URLs, e-mail addresses or @handles.
        """
        blocked = unmatchable_spans(text)

        def usable(candidates: list[tuple[int, int, Form]]) -> list[tuple[int, int, Form]]:
            return [c for c in candidates if all(c[1] <= s or c[0] >= e for s, e in blocked)]

        hits = [
            GlossaryHit(
                source=text[start:end],
                entry=form.entry.fr,
                rendering=rendering_for(text[start:end], form, initial=not any(c.isalnum() for c in text[:start])),
                kind=form.entry.kind,
                start=start,
                end=end,
            )
            for start, end, form in _longest_first(usable(self._terms.matches(text)))
        ]
        for start, end, form in _longest_first(usable(self._forbids.matches(text))):
            for entry in self._forbidden_by_key[_key(form.entry)]:
                hits.append(GlossaryHit(text[start:end], entry.fr, entry.en, FORBID, start, end))
        return hits

    def lookup(self, found: str, text: str | None = None, start: int = 0, end: int = 0) -> Entry | None:
        """The term or keep entry a piece of French text is a form of, if any.

        With `text` (where `found` is `text[start:end]`), contexts are tested; without, ignored.
        """
        form = self._terms.lookup(found, text, start, end)
        return form.entry if form else None
