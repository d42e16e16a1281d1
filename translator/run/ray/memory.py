"""The translation memory on a cluster: the driver alone writes the SQLite file.

SQLite must not be written from many nodes at once (its locks do not hold over network file
systems). So, around the translate step:

- before dispatch, the driver copies this engine's entries into a snapshot in `RUNDIR/.run/`
  (shared storage), which the actors open read-only and immutable (no locks needed);
- each actor keeps the translations it makes: it reuses them in its later batches and hands the
  new ones back with each batch;
- the driver stores them as the batch's articles arrive, in one transaction per batch.

The reviewers' corrections store (`translator review`) is another SQLite file on the driver's
disk: the driver copies it into `RUNDIR/.run/` and each actor copies that to its own node's temp
folder before opening it, so no node opens an SQLite file on shared storage for writing.

Under node loss nothing is half-written: an actor that dies loses only its unreturned entries,
and Ray re-runs its batch; what the driver stored is committed. Entries made during this run
are not seen by other actors until the next run (a repeated sentence is translated once per
actor instead of once per run); the translations themselves are the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

SNAPSHOT = "memory-snapshot.sqlite3"
CORRECTIONS = "corrections-snapshot.sqlite3"
_BATCH = 500  # sources per SELECT
KNOWN_LIMIT = 500_000  # translations an actor remembers from its own batches (about 100 MB at most)


def make_snapshot(memory_path: Path, engine_key: str, state: Path) -> Path | None:
    """This engine's entries of the memory at `memory_path`, copied to `state/SNAPSHOT`
    (written beside, then renamed); None when the memory holds none."""
    target = state / SNAPSHOT
    target.unlink(missing_ok=True)
    if not memory_path.is_file():
        return None
    partial = state / f"{SNAPSHOT}.partial"
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{memory_path}?mode=ro", uri=True, timeout=60)
    try:
        source.execute("ATTACH DATABASE ? AS snapshot", (str(partial),))
        source.execute("CREATE TABLE snapshot.translations (source TEXT PRIMARY KEY, target TEXT NOT NULL)")
        copied = source.execute(
            "INSERT INTO snapshot.translations SELECT source, target FROM main.translations WHERE engine = ?",
            (engine_key,),
        ).rowcount
        source.commit()
        source.execute("DETACH DATABASE snapshot")
    except sqlite3.DatabaseError:  # no table yet, or a damaged memory: translate without it
        copied = 0
    finally:
        source.close()
    if copied <= 0:
        partial.unlink(missing_ok=True)
        return None
    partial.rename(target)
    return target


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of an SQLite file (SQLite's backup), written beside `target`, then renamed."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60) as reader:
        writer = sqlite3.connect(partial)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    partial.rename(target)
    return target


class SnapshotMemory:
    """The memory as an actor sees it: lookups in what this actor translated (for its whole life,
    up to `KNOWN_LIMIT` entries) and then in the read-only snapshot; new entries kept until
    `drain` hands them to the driver."""

    def __init__(self, snapshot: str | None) -> None:
        self.snapshot = snapshot
        self._connection: sqlite3.Connection | None = None
        self.known: dict[str, str] = {}
        self.fresh: dict[str, str] = {}

    def lookup(self, engine_key: str, sources: Iterable[str]) -> dict[str, str]:
        sources = list(dict.fromkeys(sources))
        found = {source: self.known[source] for source in sources if source in self.known}
        if self.snapshot is None:
            return found
        if self._connection is None:
            self._connection = sqlite3.connect(f"file:{self.snapshot}?mode=ro&immutable=1", uri=True)
        missing = [source for source in sources if source not in found]
        for start in range(0, len(missing), _BATCH):
            chunk = missing[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._connection.execute(f"SELECT source, target FROM translations WHERE source IN ({marks})", chunk)
            )
        return found

    def store(self, engine_key: str, translations: Mapping[str, str]) -> None:
        if len(self.known) + len(translations) > KNOWN_LIMIT:
            self.known.clear()
        self.known.update(translations)
        self.fresh.update(translations)

    def drain(self) -> dict[str, str]:
        fresh, self.fresh = self.fresh, {}
        return fresh
