"""RUNDIR on disk: its lock, each article's output files, what is already done, and the run's own state.

Each article's files are written atomically, its JSON record last: the record (with its run key)
is the mark that the article is done, so a rerun skips it. The run's own bookkeeping lives in
`RUNDIR/.run/` (lock, journal), a name no article can take.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from translator.document import Article
from translator.errors import TranslatorError
from translator.fileio import TEMP_MARK, LockHeld, atomic_write_text, hold_lock
from translator.outputs.formats import FORMATS, write_article
from translator.outputs.review_index import STATIC_FOLDER
from translator.run.identity import article_key
from translator.run.manifest import Journal

STATE = ".run"
RECORD_FORMAT = "json"  # always written: the record marks an article done
SEAL_WAIT_SECONDS = 5.0  # how long a stop waits for an article already being written


@dataclass(frozen=True)
class Existing:
    """An article already in RUNDIR: the input it was made from (its label), that input's hash, and
    whether this run's settings made it with all its files present (then an unchanged input is skipped)."""

    input: str | None
    sha256: str | None
    done: bool


class RunFolder:
    """One run folder, locked for the life of this object's `open()`."""

    def __init__(self, rundir: Path, formats: tuple[str, ...]) -> None:
        self.rundir = rundir
        self.formats = [name for name in formats if name != RECORD_FORMAT and not FORMATS[name].collected]
        self.collected = [name for name in formats if FORMATS[name].collected]
        self.lock_handle = None
        self.journal = Journal(rundir / STATE / "journal.jsonl")
        self.writing = threading.Lock()  # an article's files are written whole or not started
        self.sealed = False

    # -- lock and leftovers

    def open(self) -> None:
        """Create the folder, take its lock (a second run into it stops in one line), drop our stale temps."""
        for folder in (self.rundir, self.rundir / "review"):
            if folder.is_symlink():
                raise TranslatorError(f"{folder}: is a symbolic link; a run writes only inside its own folder")
        try:
            handle = hold_lock(self.rundir / STATE / "lock", f"process {os.getpid()}")
        except LockHeld as held:
            raise TranslatorError(
                f"{self.rundir}: another run is writing here ({held.holder}); wait for it or use another folder"
            ) from None
        except OSError as error:
            raise TranslatorError(f"{self.rundir}: cannot create the run folder ({error.strerror or error})") from None
        self.lock_handle = handle
        self._remove_stale_temporaries()

    def close(self) -> None:
        self.journal.close()
        if self.lock_handle is not None:
            self.lock_handle.close()
            self.lock_handle = None

    def _remove_stale_temporaries(self) -> None:
        """Temp files a killed run of ours left behind (only ours: they carry our mark)."""
        for folder in (self.rundir, self.rundir / "review", self.rundir / STATIC_FOLDER):
            for path in folder.glob(f".*{TEMP_MARK}*.tmp"):
                path.unlink(missing_ok=True)

    # -- articles

    def paths(self, name: str) -> list[Path]:
        """An article's own files, its JSON record last."""
        own = [self.rundir / FORMATS[f].path(name, True) for f in self.formats]
        return [*own, self.rundir / FORMATS[RECORD_FORMAT].path(name, True)]

    def write(self, article: Article) -> None:
        """Every output of one article, each atomically, the record last; collected formats get a line."""
        with self.writing:
            if self.sealed:
                raise TranslatorError(f"{self.rundir}: the run stopped before {article.source.name} was written")
            self.paths(article.source.name)[-1].unlink(missing_ok=True)  # the old record must not vouch for new files
            write_article(self.rundir, article, [*self.formats, RECORD_FORMAT, *self.collected], english=True)

    def seal(self) -> None:
        """Stop accepting articles, once the one being written (if any) has landed, so that what a
        stopped run counts as finished stays exactly what is on disk."""
        locked = self.writing.acquire(timeout=SEAL_WAIT_SECONDS)
        self.sealed = True
        if locked:
            self.writing.release()

    def existing(self, name: str, base_key: str) -> Existing | None:
        """What RUNDIR holds under this name (made with these settings or others), if its record is readable."""
        paths = self.paths(name)
        try:
            provenance = json.loads(paths[-1].read_text(encoding="utf-8")).get("provenance", {})
            sha256, made_from = provenance.get("input_sha256"), provenance.get("input")
        except (OSError, ValueError, AttributeError):
            return None
        done = bool(sha256) and provenance.get("run_key") == article_key(base_key, sha256)
        return Existing(made_from, sha256, done and all(p.is_file() for p in paths))

    def done_sha256(self, name: str, base_key: str) -> str | None:
        """The input hash of an article finished here with these settings, if all its files are present."""
        existing = self.existing(name, base_key)
        return existing.sha256 if existing is not None and existing.done else None

    def compact_collected(self, names: list[str]) -> None:
        """Rewrite each collected file with exactly one line per finished article, in input order."""
        for fmt in self.collected:
            lines = []
            for name in names:
                record = self.rundir / FORMATS[RECORD_FORMAT].path(name, True)
                if record.is_file():
                    lines.append(FORMATS[fmt].render(Article.from_json(record.read_text(encoding="utf-8")), True))
            atomic_write_text(self.rundir / FORMATS[fmt].path("", True), "".join(lines))
