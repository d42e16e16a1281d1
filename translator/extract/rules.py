"""Boilerplate rules: phrase patterns by category, read from data files, compiled with `regex`.

A rule file has one rule per line (blank lines and lines starting with `#` are ignored):

    category  id  action  max_words  pattern

The first four fields are single words separated by whitespace; the rest of the line is the
pattern (a `regex` pattern, matched case-insensitively against the block's text after
apostrophes, quotes and spaces are normalised). Actions:

- `drop`: remove the whole block when the pattern is found and the block has at most
  `max_words` words (`-` means no limit), so a phrase inside a long paragraph is safe.
- `strip`: cut the matched span out of the block and keep the rest (icon alt-text).
- `section`: remove the block (a heading such as "Sur le même sujet") and the short,
  link-like blocks that follow it.

The shipped rules live in `translator/extract/rules/*.txt`; `load_rules(extra_files)` adds the
user's files after them (a user rule with a shipped rule's id replaces it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from translator.errors import RulesError
from translator.extract.needles import NEVER, NeedleIndex, Needles, needles

RULES_DIR = Path(__file__).with_name("rules")
ACTIONS = ("drop", "strip", "section")
MATCH_TIMEOUT = 0.5  # seconds; a user pattern that backtracks longer than this is an error
_QUOTES = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'}  # no-break spaces: str.split takes them
_DANGLING = " \t([-–—|…"  # what a cut span leaves hanging before it ("(" of "(© AFP)", "…" of "… Lire la suite")
WORD = regex.compile(r"\w+")


@lru_cache(maxsize=4096)  # each block is normalised by several steps of the cleaner
def normalise(text: str) -> str:
    """The form rules are matched against: NFC, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFC", text)
    for curly, straight in _QUOTES.items():  # str.replace per mark: many times faster than str.translate
        text = text.replace(curly, straight)
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(WORD.findall(text))


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate pattern and what to do when it matches."""

    category: str
    id: str
    action: str
    max_words: int | None
    pattern: regex.Pattern
    origin: str  # "file:line", for error messages and the removal record
    guarded: bool = True  # user rules run under a timeout; shipped ones are tested and run without (2x faster)
    needles: Needles = None  # the pattern cannot match a text without one of these (see needles.py)

    def search(self, text: str) -> regex.Match | None:
        if not self.guarded:
            return self.pattern.search(text)
        try:
            return self.pattern.search(text, timeout=MATCH_TIMEOUT)
        except TimeoutError as exc:
            raise RulesError(f"{self.origin}: rule {self.id} took too long to match (catastrophic pattern?)") from exc


@dataclass(frozen=True)
class Match:
    """A rule that fired on a block, with the span it matched in the normalised text."""

    rule: BoilerplateRule
    start: int
    end: int


class BoilerplateRules:
    """All rules, in load order, split by action for the cleaner."""

    def __init__(self, rules: Iterable[BoilerplateRule]) -> None:
        self.rules = list(rules)
        self.strip = [r for r in self.rules if r.action == "strip"]
        self.removing = [r for r in self.rules if r.action == "section"] + [r for r in self.rules if r.action == "drop"]
        self.removing_index = NeedleIndex([r.needles for r in self.removing])
        # Most rules have a word limit: a block longer than all of them can only meet the others.
        self.longest_limit = max((r.max_words or 0 for r in self.removing), default=0)
        self.unlimited_index = NeedleIndex([r.needles if r.max_words is None else NEVER for r in self.removing])
        self.strip_index = NeedleIndex([r.needles for r in self.strip])

    def __len__(self) -> int:
        return len(self.rules)

    def categories(self) -> list[str]:
        return sorted({r.category for r in self.rules})

    def block_match(self, text: str) -> Match | None:
        """The first `section` or `drop` rule that removes this whole block, if any."""
        norm = normalise(text)
        words = word_count(norm)
        index = self.removing_index if words <= self.longest_limit else self.unlimited_index
        for position in index.candidates(norm.casefold()):
            rule = self.removing[position]
            if rule.max_words is not None and words > rule.max_words:
                continue
            found = rule.search(norm)
            if found:
                return Match(rule, found.start(), found.end())
        return None

    def strip_spans(self, text: str) -> tuple[str, list[tuple[BoilerplateRule, str]]]:
        """The text with every `strip` rule's spans cut out, and what was cut (rule, span)."""
        norm = normalise(text)
        cut: list[tuple[BoilerplateRule, str]] = []
        candidates = self.strip_index.candidates(norm.casefold())
        for position, rule in enumerate(self.strip):
            if position not in candidates or (rule.max_words is not None and word_count(norm) > rule.max_words):
                continue
            before = len(cut)
            while found := rule.search(norm):
                if found.end() == found.start():
                    break
                cut.append((rule, found.group()))
                norm = " ".join((norm[: found.start()].rstrip(_DANGLING) + " " + norm[found.end() :]).split())
            if len(cut) > before:  # a cut joins text: a later rule may match across the join
                candidates = self.strip_index.candidates(norm.casefold())
        return (norm if cut else text), cut


def parse_rules(text: str, origin: str, *, guarded: bool = True) -> list[BoilerplateRule]:
    """Rules from one file's text; every malformed line is a RulesError naming file and line."""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{origin}:{number}"
        fields = line.split(None, 4)
        if len(fields) != 5:
            raise RulesError(f"{where}: expected 'category id action max_words pattern'")
        category, rule_id, action, max_words, pattern = fields
        if action not in ACTIONS:
            raise RulesError(f"{where}: unknown action {action!r} (use {', '.join(ACTIONS)})")
        if max_words != "-" and not max_words.isdigit():
            raise RulesError(f"{where}: max_words must be a number or '-', not {max_words!r}")
        try:
            compiled = regex.compile(pattern, regex.IGNORECASE | regex.V0)
        except regex.error as exc:
            raise RulesError(f"{where}: bad pattern for rule {rule_id}: {exc}") from exc
        limit = None if max_words == "-" else int(max_words)
        rules.append(BoilerplateRule(category, rule_id, action, limit, compiled, where, guarded, needles(pattern)))
    return rules


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8-sig")  # editors on Windows add a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read rule file: {exc}") from exc


@lru_cache(maxsize=1)
def _shipped() -> tuple[BoilerplateRule, ...]:
    rules: list[BoilerplateRule] = []
    for path in sorted(RULES_DIR.glob("*.txt")):
        rules.extend(parse_rules(_read(path), f"rules/{path.name}", guarded=False))
    return tuple(rules)


def load_rules(extra_files: Iterable[str | Path] = ()) -> BoilerplateRules:
    """The shipped rules plus the user's rule files (same id replaces the shipped rule)."""
    by_id = {rule.id: rule for rule in _shipped()}
    for path in extra_files:
        for rule in parse_rules(_read(Path(path)), str(path)):
            by_id.pop(rule.id, None)
            by_id[rule.id] = rule
    return BoilerplateRules(by_id.values())
