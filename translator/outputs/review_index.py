"""The run's `index.html`: one small summary per article, kept current while the run goes on.

The run calls `RunIndex.add` after each finished (or failed) article. The summary is a few
hundred bytes (headlines, status, counts per flag code, the first segment of each code), so the
index never re-reads or re-renders records: every `min_interval` seconds, and at `write()`, it
writes `review/index-data.js` (every summary, as data) and `index.html` (run totals and the first
rows, most severe first, so the page reads without scripts), each atomically. `review/static/index.js`
sorts, filters and pages the data in the browser, which keeps 5,000 articles quick.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from translator.document import Article
from translator.errors import TranslatorError
from translator.fileio import atomic_write_bytes, atomic_write_text
from translator.flags import flag_codes

DATA_FILE = "review/index-data.js"
STATIC_FOLDER = "review/static"
DATA_PREFIX = "window.translatorIndex = "
STATUS_RANK = {"failed": 0, "error": 1, "warning": 2, "info": 3, "ok": 4}
FIRST_ROWS = 100  # rows in the HTML itself, before any script runs


def article_summary(name: str, article: Article, *, score: float | None = None) -> dict[str, Any]:
    """What the index shows of one article: headlines, worst status, counts and anchors per flag code."""
    from translator.outputs.review import article_page_path, english_title

    counts: Counter[str] = Counter(f.code for f in article.flags)
    levels = {f.code: severity_of(f.code, f.severity) for f in article.flags}
    anchors: dict[str, str] = {}
    flagged = 0
    corrected = 0
    for segment in article.segments():
        flagged += bool(segment.flags)
        corrected += getattr(segment, "corrected", False)
        for item in segment.flags:
            counts[item.code] += 1
            levels.setdefault(item.code, severity_of(item.code, item.severity))
            anchors.setdefault(item.code, segment.id)
    if score is None:
        score = _score_of(article.provenance.get("score"))
    return {
        "name": name,
        "page": quote(article_page_path(name)),
        "en": english_title(article) or "",
        "fr": article.title or "",
        "status": next((s for s in ("error", "warning", "info") if s in levels.values()), "ok"),
        "segments": len(article.segments()),
        "flagged": flagged,
        "corrected": corrected,
        "flags": dict(sorted(counts.items())),
        "levels": {code: level for code, level in levels.items() if code not in flag_codes()},  # unregistered
        "anchors": anchors,
        "score": score,
        "reason": "",
    }


def failure_summary(name: str, reason: str) -> dict[str, Any]:
    return {
        "name": name,
        "page": "",
        "en": "",
        "fr": "",
        "status": "failed",
        "segments": 0,
        "flagged": 0,
        "corrected": 0,
        "flags": {},
        "levels": {},
        "anchors": {},
        "score": None,
        "reason": reason,
    }


def severity_of(code: str, raised: str = "warning") -> str:
    """A code's severity from the flag registry; a code it does not list keeps the severity it was raised with."""
    known = flag_codes().get(code)
    return known.severity if known else raised


def level_of(code: str, summary: dict[str, Any]) -> str:
    """A code's severity in a summary: the registry's, or the one an unregistered code was raised with."""
    return summary["levels"].get(code) or severity_of(code)


def _score_of(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value), 2)
    if isinstance(value, dict):
        return _score_of(value.get("chrf", value.get("score")))
    return None


def sort_key(summary: dict[str, Any]) -> tuple:
    """Most severe first, then most flags, then by name (the same order as index.js's default)."""
    return (STATUS_RANK[summary["status"]], -sum(summary["flags"].values()), summary["name"])


class RunIndex:
    """The index of a run folder, updated article by article and written at most every `min_interval` s."""

    def __init__(
        self,
        rundir: str | Path,
        title: str,
        *,
        min_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rundir = Path(rundir)
        self.title = title
        self.min_interval = min_interval
        self.clock = clock
        self.entries: dict[str, dict[str, Any]] = {}
        self.previous = read_summaries(self.rundir)
        self._last_write: float | None = None
        self._dirty = False

    def add(self, name: str, record: Article | str, *, score: float | None = None) -> None:
        """A finished article (its record) or a failed input (its reason)."""
        if isinstance(record, Article):
            self.entries[name] = article_summary(name, record, score=score)
        else:
            self.entries[name] = failure_summary(name, record)
        self._changed()

    def keep(self, name: str) -> bool:
        """An article skipped by a resumed run: its earlier summary, else one read from its record."""
        summary = self.previous.get(name)
        if summary is None or summary["status"] == "failed":
            try:
                article = Article.from_json((self.rundir / f"{name}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError):
                return False
            summary = article_summary(name, article)
        self.entries[name] = summary
        self._changed()
        return True

    def score(self, scores: dict[str, Any]) -> None:
        """Per-article scores against references (chrF++), shown in the index and sortable there."""
        for name, value in scores.items():
            if name in self.entries and self.entries[name]["status"] != "failed":
                self.entries[name]["score"] = _score_of(value)
        self._dirty = True

    def _changed(self) -> None:
        self._dirty = True
        now = self.clock()
        if self._last_write is None or now - self._last_write >= self.min_interval:
            try:
                self.write()
            except TranslatorError:  # a full disk: the run's own writes report it; retry at the next interval
                self._last_write = now

    def write(self) -> None:
        """Write the data file, then the page that loads it, each atomically; a failure is one line."""
        summaries = sorted(self.entries.values(), key=sort_key)
        try:
            install_static(self.rundir)
            atomic_write_text(self.rundir / DATA_FILE, render_data(summaries))
            atomic_write_text(self.rundir / "index.html", render_index_page(summaries, self.title))
        except OSError as error:
            raise TranslatorError(f"{self.rundir / 'index.html'}: cannot write ({error.strerror or error})") from None
        self._last_write = self.clock()
        self._dirty = False

    def close(self) -> None:
        if self._dirty or self._last_write is None:
            self.write()


class NoIndex:
    """A run without review pages (`--to` without `review`) writes no index either."""

    def add(self, name: str, record: Article | str, *, score: float | None = None) -> None:
        return None

    def keep(self, name: str) -> bool:
        return True

    def score(self, scores: dict[str, Any]) -> None:
        return None

    def close(self) -> None:
        return None


def render_data(summaries: list[dict[str, Any]]) -> str:
    """The summaries as a script that only assigns data (JSON, with `<` escaped for good measure)."""
    registry = flag_codes()
    levels = {code: level_of(code, s) for s in summaries for code in s["flags"]}
    data = {
        "severity": dict(sorted(levels.items())),
        "meaning": {code: registry[code].meaning if code in registry else "" for code in sorted(levels)},
        "articles": summaries,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return DATA_PREFIX + text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + ";\n"


def read_summaries(rundir: Path) -> dict[str, dict[str, Any]]:
    """The summaries an earlier run left in the data file (empty if none or unreadable)."""
    try:
        text = (rundir / DATA_FILE).read_text(encoding="utf-8").strip()
        data = json.loads(text.removeprefix(DATA_PREFIX).removesuffix(";"))
        keys = failure_summary("", "").keys()
        return {
            s["name"]: s
            for s in data["articles"]
            if isinstance(s, dict) and s.keys() >= keys and s["status"] in STATUS_RANK
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def totals_of(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    per_code: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    levels: dict[str, str] = {}
    for summary in summaries:
        per_code.update(summary["flags"])
        levels.update((code, level_of(code, summary)) for code in summary["flags"])
        statuses[summary["status"]] += 1
    codes = sorted(per_code, key=lambda c: (STATUS_RANK[levels[c]], -per_code[c], c))
    return {
        "articles": len(summaries),
        "statuses": statuses,
        "segments": sum(s["segments"] for s in summaries),
        "codes": [(code, levels[code], per_code[code]) for code in codes],
    }


def render_index_page(summaries: list[dict[str, Any]], title: str, workspace: dict[str, Any] | None = None) -> str:
    from translator.outputs.review import PAGE_CSP, page_css, template

    return template("review_index.html").render(
        css=page_css(),
        csp=PAGE_CSP,
        workspace=workspace,
        run_name=title,
        totals=totals_of(summaries),
        rows=summaries[:FIRST_ROWS],
        more=max(0, len(summaries) - FIRST_ROWS),
        level_of=level_of,
        has_score=any(s.get("score") is not None for s in summaries),
        static="review/static",
    )


def install_static(rundir: Path) -> None:
    """Copy the package's scripts and styles into the run folder (once per content change)."""
    target = rundir / STATIC_FOLDER
    source = resources.files("translator.outputs").joinpath("static")
    for item in source.iterdir():
        if not re.fullmatch(r"[\w.-]+\.(js|css)", item.name):
            continue
        data = item.read_bytes()
        destination = target / item.name
        if not destination.is_file() or destination.read_bytes() != data:
            atomic_write_bytes(destination, data)
