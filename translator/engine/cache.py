"""Translation memory: an SQLite table of translated segments, shared safely between processes.

Entries are keyed by the engine key (a hash of the model's files and of the decoding options
that change output) and the exact source segment, so a rerun of the same batch translates
nothing twice and a different model or beam never reuses another's output. WAL mode plus
`BEGIN IMMEDIATE` writes let several processes read and write the same file at once without
corrupting it or losing entries.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

FILE_NAME = "translation-memory.sqlite3"
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) if hasattr(sqlite3, "SQLITE_CORRUPT") else (11, 26)
_UNWRITABLE = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM)
_DAMAGED_TEXT = re.compile(r"malformed|not a database|disk image", re.IGNORECASE)
_BATCH = 500  # sources per SELECT (SQLite's variable limit is 999 on old builds)
_LOCK_RETRY_SECONDS = 0.05  # switching a new file to WAL takes a lock SQLite's busy timeout does not wait for


def is_damaged(error: sqlite3.DatabaseError) -> bool:
    """A corrupt or foreign file, as opposed to a lock or a missing folder."""
    return getattr(error, "sqlite_errorcode", None) in _DAMAGED or bool(_DAMAGED_TEXT.search(str(error)))


def _unwritable(error: sqlite3.DatabaseError) -> bool:
    """A file or folder we may not write (read-only mount, immutable file, no permission)."""
    return ((getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF) in _UNWRITABLE


def cache_root() -> Path:
    """Our cache folder: `$TRANSLATOR_CACHE_DIR`, else `$XDG_CACHE_HOME/translator` (~/.cache/translator)."""
    configured = os.environ.get("TRANSLATOR_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "translator"


def default_path() -> Path:
    return cache_root() / FILE_NAME


class TranslationMemory:
    """Lookups and stores of (engine key, source) → target; safe across threads and processes."""

    def __init__(self, path: str | Path | None = None, *, timeout: float = 60.0, set_aside: bool = True) -> None:
        """Open (or create) the memory. With `set_aside=False` (read-only commands) a damaged file
        raises its DatabaseError and stays where it is."""
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._timeout = timeout
        self._writable = True
        try:
            self._connection = self._open(timeout)
        except sqlite3.DatabaseError as error:
            if not (is_damaged(error) and set_aside):
                raise
            self._set_aside(error)

    def _set_aside(self, error: sqlite3.DatabaseError) -> None:
        """The memory is derived data: move a damaged file (and its WAL) aside and start a new one."""
        stamp = int(time.time())
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            damaged = self.path.with_name(self.path.name + suffix)
            if damaged.exists():
                damaged.rename(aside.with_name(aside.name + suffix))
        warnings.warn(f"translation memory {self.path} was unreadable ({error}); moved to {aside}", stacklevel=3)
        self._connection = self._open(self._timeout)

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """A file found damaged while in use is set aside too; other errors (a lock) are raised."""
        if not is_damaged(error):
            raise error
        self._connection.close()
        self._set_aside(error)

    def _open(self, timeout: float) -> sqlite3.Connection:
        """A connection in WAL mode with the table, waiting up to `timeout` while another process
        holds the lock (two processes opening a new memory at once: the one that loses waits)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._connect(timeout)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(_LOCK_RETRY_SECONDS)

    def _connect(self, timeout: float) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,"
                " PRIMARY KEY (engine, source)) WITHOUT ROWID"
            )
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def lookup(self, engine_key: str, sources: Iterable[str]) -> dict[str, str]:
        """The stored targets for those sources that have one."""
        sources = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        with self._lock:
            try:
                for start in range(0, len(sources), _BATCH):
                    chunk = sources[start : start + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    rows = self._connection.execute(
                        f"SELECT source, target FROM translations WHERE engine = ? AND source IN ({marks})",
                        [engine_key, *chunk],
                    )
                    found.update(rows)
            except sqlite3.DatabaseError as error:
                self._recover(error)
                return {}
        return found

    def store(self, engine_key: str, translations: Mapping[str, str]) -> None:
        """Store targets in one transaction (all or nothing)."""
        if not translations:
            return
        now = time.time()
        rows = [(engine_key, source, target, now) for source, target in translations.items()]
        with self._lock:
            if not self._writable:
                return
            try:
                self._insert(rows)
            except sqlite3.DatabaseError as error:
                if _unwritable(error):  # the translations are made: go on without storing them
                    self._writable = False
                    warnings.warn(
                        f"translation memory {self.path} cannot be written ({error}); not storing", stacklevel=3
                    )
                    return
                self._recover(error)
                self._insert(rows)

    def _insert(self, rows: list[tuple[str, str, str, float]]) -> None:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)", rows)
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def stats(self) -> dict[str, object]:
        """Entries, distinct engine keys, file size and path."""
        with self._lock:
            entries, engines = self._connection.execute(
                "SELECT COUNT(*), COUNT(DISTINCT engine) FROM translations"
            ).fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {"path": str(self.path), "entries": entries, "engines": engines, "bytes": size}

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            count = connection.execute("DELETE FROM translations").rowcount
            connection.execute("COMMIT")
            connection.execute("VACUUM")
        return count

    def close(self) -> None:
        with self._lock:
            self._connection.close()
