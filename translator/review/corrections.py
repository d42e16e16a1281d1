"""The corrections store: a reviewer's English for a segment, reused by every later run.

A correction is keyed by the exact French segment and the settings key of the translation it
corrects (the engine's `cache_key`: the model's files and the decoding options that change
output), so a correction made on one model never overrides another's. It lives in SQLite beside
the translation memory, in WAL mode with every write in its own `BEGIN IMMEDIATE` transaction
and `synchronous = FULL`, so a crash of the review app or of the run never loses or tears one.
Unlike the memory, the store is the reviewer's work: a damaged file is reported, never replaced.

Each row carries a version that grows with every write; the review app sends the version it
showed, and a write over a newer one still wins (last write wins) but is reported as a conflict.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from translator.document import Article
from translator.errors import InputError

FILE_NAME = "corrections.sqlite3"
# A correction replaces one segment, one French sentence: English runs about as long as French, so four
# times the French plus a margin (a 10-character title rewritten as a full sentence) is room for any
# real rewrite, and refuses a whole article pasted into one segment, which every later run would print.
LENGTH_FACTOR, LENGTH_MARGIN = 4, 1_000


def _control(char: str) -> bool:
    return char != "\n" and (unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff")


def without_controls(text: str) -> str:
    """The text without what `correction_problem` refuses (so without all XML 1.0 cannot hold either)."""
    return "".join(char for char in text if not _control(char))


def correction_problem(source: str, target: str) -> str | None:
    """Why this English cannot correct this French segment, if it cannot.

    A segment is a sentence of text, at most with a line break (a `<br>` inside a paragraph): any
    other control character would reach NAME.en.md and the record as is, and most cannot be
    written in XML at all (the TMX export), nor a lone surrogate in UTF-8.
    """
    if not target.strip():
        return "a correction cannot be empty"
    limit = LENGTH_FACTOR * len(source) + LENGTH_MARGIN
    if len(target) > limit:
        return f"a correction is at most {limit:,} characters for this segment (4 × the French + 1,000)"
    odd = next((c for c in target if _control(c)), None)
    if odd is not None:
        return f"a correction is text: no control character but a line break (found U+{ord(odd):04X})"
    return None


def default_path() -> Path:
    """Beside the translation memory: `$TRANSLATOR_CACHE_DIR`, else ~/.cache/translator."""
    from translator.engine.cache import cache_root

    return cache_root() / FILE_NAME


def settings_key(provenance: dict) -> str:
    """The settings key of a record (its engine's `cache_key`), as `apply_corrections` is given it."""
    model = provenance.get("model")
    key = model.get("cache_key") if isinstance(model, dict) else None
    if not key:
        raise InputError("the record does not name the engine settings that produced it (no model cache_key)")
    return str(key)


@dataclass(frozen=True)
class Correction:
    key: str
    source: str
    target: str
    version: int
    updated: float
    article: str = ""
    segment: str = ""


class CorrectionStore:
    """(settings key, French segment) → corrected English, shared safely between processes."""

    def __init__(self, path: str | Path | None = None, *, timeout: float = 30.0) -> None:
        self.path = Path(path) if path else default_path()
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._connection.execute("PRAGMA synchronous = FULL")
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS corrections ("
                " key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, version INTEGER NOT NULL,"
                " updated REAL NOT NULL, article TEXT NOT NULL DEFAULT '', segment TEXT NOT NULL DEFAULT '',"
                " PRIMARY KEY (key, source)) WITHOUT ROWID"
            )
        except (OSError, sqlite3.Error) as error:
            raise InputError(f"{self.path}: cannot open the corrections store ({error})") from error

    def close(self) -> None:
        self._connection.close()

    def get(self, key: str, sources: Iterable[str]) -> dict[str, Correction]:
        """The corrections for those sources that have one."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, Correction] = {}
        with self._lock, self._reporting():
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = self._connection.execute(
                    f"SELECT {_COLUMNS} FROM corrections WHERE key = ? AND source IN ({','.join('?' * len(chunk))})",
                    [key, *chunk],
                )
                found.update((row[1], Correction(*row)) for row in rows)
        return found

    def all(self, key: str | None = None) -> list[Correction]:
        query = f"SELECT {_COLUMNS} FROM corrections" + (" WHERE key = ?" if key else "") + " ORDER BY key, source"
        with self._lock:
            return [Correction(*row) for row in self._connection.execute(query, [key] if key else [])]

    def put(
        self,
        key: str,
        source: str,
        target: str,
        *,
        expected_version: int | None = None,
        article: str = "",
        segment: str = "",
    ) -> tuple[Correction, Correction | None]:
        """Store a correction (last write wins); returns it and, if it overwrote a version newer than
        `expected_version`, the correction it overwrote."""
        if problem := correction_problem(source, target):
            raise InputError(problem)
        with self._lock, self._transaction() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM corrections WHERE key = ? AND source = ?", (key, source)
            ).fetchone()
            previous = Correction(*row) if row else None
            current = previous.version if previous else 0
            correction = Correction(key, source, target, current + 1, time.time(), article, segment)
            connection.execute(
                f"INSERT OR REPLACE INTO corrections ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, source, target, correction.version, correction.updated, article, segment),
            )
        conflict = previous if expected_version is not None and current != expected_version else None
        return correction, conflict

    def delete(self, key: str, source: str) -> bool:
        with self._lock, self._transaction() as connection:
            return (
                connection.execute("DELETE FROM corrections WHERE key = ? AND source = ?", (key, source)).rowcount > 0
            )

    def fingerprint(self, key: str) -> str | None:
        """A hash of every correction under `key` (None if there is none): part of the run key, so a
        new correction redoes the run and a store without any changes nothing."""
        digest = hashlib.sha256()
        rows = 0
        with self._lock, self._reporting():
            for source, target in self._connection.execute(
                "SELECT source, target FROM corrections WHERE key = ? ORDER BY source", (key,)
            ):
                digest.update(f"{len(source)}:{source}{len(target)}:{target}".encode())
                rows += 1
        return digest.hexdigest()[:32] if rows else None

    @contextmanager
    def _reporting(self) -> Iterator[None]:
        """A damaged store is the reviewers' work: reported in one line, never replaced."""
        try:
            yield
        except sqlite3.Error as error:
            raise InputError(f"{self.path}: the corrections store is unreadable ({error})") from None

    def _transaction(self):
        return _Transaction(self._connection)


_COLUMNS = "key, source, target, version, updated, article, segment"


class _Transaction:
    """`BEGIN IMMEDIATE` ... COMMIT, or ROLLBACK on any error (all or nothing)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, value, traceback) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")


@dataclass(frozen=True)
class CorrectionsInUse:
    """Which store and settings key a run applies; picklable, so any executor's process can apply it."""

    path: str
    key: str
    fingerprint: str

    def apply(self, articles: Iterable[Article]) -> int:
        return apply_corrections(articles, _open(self.path), self.key)


@cache
def _open(path: str) -> CorrectionStore:
    """One connection per process and store."""
    return CorrectionStore(path)


def corrections_for(engine_identity: dict) -> CorrectionsInUse | None:
    """The corrections a run on this engine applies; a store that cannot open is warned about, not fatal."""
    key = engine_identity.get("cache_key")
    if not key or not default_path().is_file():  # no reviewer ever corrected anything here
        return None
    try:
        store = _open(str(default_path()))
        fingerprint = store.fingerprint(key)
    except InputError as error:
        warnings.warn(f"reviewers' corrections not applied: {error}", stacklevel=2)
        return None
    return CorrectionsInUse(str(store.path), key, fingerprint) if fingerprint else None


def apply_corrections(articles: Iterable[Article], store: CorrectionStore, key: str) -> int:
    """Put the stored corrections in place of the machine English; returns how many segments changed.

    Runs after translation and before post-editing: a corrected segment is marked `corrected`,
    loses the translation stage's flags, and the post-editor leaves it alone. A stored correction
    is cleaned of what `put` refuses today (a store written by an older version, or by hand), and
    one left empty by that is not used."""
    articles = list(articles)
    segments = [s for article in articles for s in article.segments()]
    found = store.get(key, (s.source for s in segments))
    changed = 0
    for segment in segments:
        correction = found.get(segment.source)
        target = without_controls(correction.target) if correction else ""
        if not target.strip():
            continue
        segment.target = target
        segment.corrected = True
        segment.flags = []
        changed += 1
    return changed
