"""QA flags: what the rules could not fix, for a human to check, per segment and per article.

Each check compares a segment's English with its French (or looks at the English alone) and
raises a `Flag` with a severity and a short message. Re-running replaces the flags these checks
own and keeps those of other stages (the engine's glossary flags, for instance).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from translator.document import Article, Flag, Segment
from translator.flags import article_flags as all_flags
from translator.flags import codes_of, flag
from translator.links import LINK
from translator.postedit import quantities as q
from translator.postedit.artefacts import DOUBLED, french_share, function_share, has_loop, looks_truncated, words
from translator.postedit.config import PosteditConfig
from translator.postedit.glossary_check import rendering_present
from translator.postedit.retranslate import UNTRANSLATED_SHARE
from translator.segment import split_sentences

_PAIRS = (("“", "”"), ("(", ")"), ("[", "]"), ("«", "»"), ("‘", "’"))
MIN_RATIO_LENGTH = 20
SALAD_FUNCTION_SHARE = 0.12


def _values_with_totals(values: set[Decimal], scaled: Iterable[q.Amount]) -> set[Decimal]:
    return values | {a.value for a in scaled}


def _numbers(source: str, target: str) -> Flag | None:
    source_scaled = q.source_scaled(source)
    target_scaled = [
        q.Amount(v, e)
        for m in q.scale_pattern().finditer(target)
        if (v := q.parse_number(m.group("num"), french=False)) is not None
        and (e := q.scales()["en"].get(m.group("scale").lower()))
    ]
    source_values, target_values = q.french_values(source), q.english_values(target, source)
    source_all = _values_with_totals(source_values, source_scaled)
    target_all = _values_with_totals(target_values, target_scaled)
    totals = {a.mantissa: a.value for a in source_scaled}
    target_totals = {a.mantissa: a.value for a in target_scaled}
    missing = sorted(v for v in source_values if v not in target_all and totals.get(v) not in target_all)
    added = sorted(v for v in target_values if v not in source_all and target_totals.get(v) not in source_all)
    if not (missing or added):
        return None
    parts = []
    if missing:
        parts.append("missing " + ", ".join(q.english_number(v) for v in missing))
    if added:
        parts.append("added " + ", ".join(q.english_number(v) for v in added))
    return flag("numbers-mismatch", "; ".join(parts))


def _unbalanced(target: str) -> str | None:
    for opening, closing in _PAIRS:
        if opening == "‘":  # ’ is also the apostrophe: only an opening ‘ without any ’ counts
            if target.count(opening) > target.count(closing):
                return f"{opening}…{closing}"
        elif target.count(opening) != target.count(closing):
            return f"{opening}…{closing}"
    if target.count('"') % 2:
        return '"'
    return None


def _capitalisation(source: str, target: str) -> str | None:
    first_source = next((c for c in source if c.isalpha()), "")
    first_target = next((c for c in target if c.isalpha()), "")
    if first_source.isupper() and first_target.islower():
        return "starts in lowercase"
    letters = [c for c in target if c.isalpha()]
    if len(letters) > 12 and all(c.isupper() for c in letters) and not source.isupper():
        return "all in capitals"
    return None


def segment_flags(segment: Segment, config: PosteditConfig) -> list[Flag]:
    """The QA flags for one translated segment."""
    source, target = segment.source, segment.target
    if target is None:
        return [flag("missing-translation", "no English for this segment")]
    found: list[Flag] = []
    share, leftovers = french_share(target, source)
    if len(words(source)) >= 3 and (share >= UNTRANSLATED_SHARE or target.strip() == source.strip()):
        found.append(flag("untranslated", f"{share:.0%} of the words are French"))
    elif leftovers:
        found.append(flag("partly-untranslated", "French: " + ", ".join(dict.fromkeys(leftovers[:5]))))
    counts = len(split_sentences(source)), len(split_sentences(target))
    if counts[0] != counts[1] and target.strip():
        found.append(flag("sentence-count", f"{counts[0]} sentence(s) in French, {counts[1]} in English"))
    numbers = _numbers(source, target)
    if numbers:
        found.append(numbers)
    missing_urls = [u for u in dict.fromkeys(m.group() for m in LINK.finditer(source)) if u not in target]
    if missing_urls:
        found.append(flag("urls-changed", "missing " + ", ".join(missing_urls[:3])))
    if len(source) >= MIN_RATIO_LENGTH:
        ratio = len(target) / len(source)
        low, high = config.length_ratio
        if not low <= ratio <= high:
            found.append(flag("length-ratio", f"English/French length {ratio:.2f}, expected {low}–{high}"))
    pair = _unbalanced(target)
    if pair:
        found.append(flag("unbalanced-quotes", f"unpaired {pair}"))
    doubled = [m.group(1) for m in DOUBLED.finditer(target)]
    if doubled:
        found.append(flag("doubled-word", "doubled: " + ", ".join(doubled[:3])))
    for hit in segment.glossary:
        present = rendering_present(hit.rendering, target)
        if hit.kind in ("term", "keep") and not present:
            found.append(flag("glossary-missing", f"“{hit.source}” should be “{hit.rendering}”"))
        elif hit.kind == "forbid" and present:
            found.append(flag("glossary-forbidden", f"“{hit.rendering}” is a forbidden rendering"))
    capitals = _capitalisation(source, target)
    if capitals:
        found.append(flag("capitalisation", capitals))
    if has_loop(target):
        found.append(flag("loop", "a word group repeats"))
    if looks_truncated(source, target, config.length_ratio[0]):
        found.append(flag("truncated", f"{len(target)} characters for {len(source)} in French"))
    if len(words(target)) >= 8 and share < UNTRANSLATED_SHARE and function_share(target) < SALAD_FUNCTION_SHARE:
        found.append(flag("salad", "few function words: check the English reads"))
    return found


def article_flags(article: Article) -> list[Flag]:
    """Article-level flags, from its segments' flags."""
    segments = article.segments()
    if not segments:
        return []
    untranslated = sum(any(f.code == "untranslated" for f in s.flags) for s in segments)
    flagged = sum(any(f.severity != "info" for f in s.flags) for s in segments)
    found = []
    if untranslated * 2 > len(segments):
        found.append(flag("untranslated-article", f"{untranslated} of {len(segments)} segments untranslated"))
    if flagged:
        found.append(flag("segments-flagged", f"{flagged} of {len(segments)} segments have warnings or errors"))
    return found


def replace_flags(existing: list[Flag], new: list[Flag]) -> list[Flag]:
    """Drop the English-side flags this module owns from `existing`, then add `new`.

    Flags from `fix_source` and other stages stay.
    """
    owned = codes_of("qa")
    return [f for f in existing if f.code not in owned] + new


def summarise_flags(articles: Iterable[Article]) -> dict:
    """Per-run counts: flags by code (with severity and how many articles), by severity, totals."""
    by_code: Counter[str] = Counter()
    articles_with: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    severity_of: dict[str, str] = {}
    article_count = segment_count = 0
    for article in articles:
        article_count += 1
        segment_count += len(article.segments())
        flags = all_flags(article)
        for item in flags:
            by_code[item.code] += 1
            by_severity[item.severity] += 1
            severity_of[item.code] = item.severity
        for code in {f.code for f in flags}:
            articles_with[code] += 1
    return {
        "articles": article_count,
        "segments": segment_count,
        "by_severity": {s: by_severity[s] for s in ("error", "warning", "info")},
        "flags": {
            code: {"severity": severity_of[code], "count": count, "articles": articles_with[code]}
            for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
        },
    }
