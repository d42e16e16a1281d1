"""Editing glossary files: add, remove, import, export; each file written atomically.

Edits go through `GlossaryFile`, so comments, blank lines, order and every untouched row stay
exactly as they were; the file is replaced by a complete new version in one rename, so a
crash mid-write leaves either the old file or the new one, never half of one. Each
read-modify-write holds an exclusive lock on the glossary's folder, so two edits at once (the
review app's threads, a `translator glossary add` in a terminal, two apps) never drop each
other's entries.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from translator.errors import GlossaryError
from translator.fileio import TEMP_MARK
from translator.glossary import exchange, tsv
from translator.glossary.check import check_files, length_problem
from translator.glossary.matcher import normalize
from translator.glossary.model import FORBID, KEEP, Entry, Problem


def _lookup_key(entry: Entry) -> tuple[bool, str]:
    """The French as the matcher keys it: as written if case-sensitive, else case-folded."""
    text = normalize(entry.fr)
    return (entry.case_sensitive, text if entry.case_sensitive else text.casefold())


def _same_slot(a: Entry, b: Entry) -> bool:
    """Whether two entries are for the same French term, context and kind (a forbid is also per rendering)."""
    if _lookup_key(a) != _lookup_key(b) or (a.kind == FORBID) != (b.kind == FORBID):
        return False
    if a.context != b.context:
        return False
    return a.kind != FORBID or a.en.casefold() == b.en.casefold()


@contextmanager
def _exclusive(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock for editing `path`, then clear the temp files a killed edit of it left.

    The lock is on the folder, not the file: the file is replaced by a rename, so a lock on it would
    be on the old version. A flock belongs to one open of the folder, so threads of one process
    exclude each other as other processes do. Only our own temps of this file are removed (they
    carry the TEMP_MARK), and only while the lock says no edit of ours is writing one.
    """
    real = Path(os.path.realpath(path))  # the file a symlink names is the one written
    try:
        handle = os.open(real.parent, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        yield  # no folder, so nothing to edit: the edit itself says why in its own words
        return
    except OSError as error:
        raise GlossaryError(f"cannot edit {path}: {error.strerror or error} ({real.parent})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        for stale in real.parent.glob(f".{real.name}{TEMP_MARK}*.tmp"):
            stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(handle)  # closing the only descriptor of this open releases the lock


def open_or_create(path: str | Path) -> tsv.GlossaryFile:
    """The glossary to edit: a new one if missing, a header added to an existing file with no rows."""
    if not Path(path).exists():
        return tsv.new_file(_in_existing_folder(path))
    return tsv.with_header(_readable(tsv.read(path)))


def _in_existing_folder(path: str | Path) -> str | Path:
    """The path of a new file, refused if its folder is missing: a typo must not create folders."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise GlossaryError(f"cannot create {path}: the folder {folder} does not exist")
    return path


def _readable(document: tsv.GlossaryFile) -> tsv.GlossaryFile:
    """The document, refused if it has rows but no recognised header: the reader keeps no rows
    under a bad header, so writing it back would drop them all."""
    if document.header is None and any(
        line.raw.strip() and not line.raw.lstrip().startswith("#") for line in document.lines
    ):
        first = next(p for p in document.problems if p.code == "header")
        raise GlossaryError(f"{first.origin}:{first.line}: refused, no recognised header: {first.message}")
    return document


def _save_checked(document: tsv.GlossaryFile) -> list[Problem]:
    """Save unless the edit introduced problems the file did not have; return the problems."""
    problems = check_files([document])
    before = check_files([tsv.read(document.path)]) if Path(document.path).exists() else []
    new = {(p.code, p.message) for p in problems} - {(p.code, p.message) for p in before}
    if new:
        added = [p for p in problems if (p.code, p.message) in new]
        raise GlossaryError(f"edit refused, it would make the glossary invalid: {added[0]}")
    document.save()
    return problems


def add(path: str | Path, entry: Entry, *, replace: bool = False) -> Entry:
    """Append an entry (or, with `replace`, rewrite the existing one for the same term in place)."""
    if not entry.fr.strip():
        raise GlossaryError("the French term is empty")
    if entry.kind != KEEP and not entry.en.strip():
        raise GlossaryError(f"{entry.fr!r} needs an English rendering (or --keep to leave it as written)")
    if too_long := length_problem(entry.fr):
        raise GlossaryError(too_long)
    with _exclusive(path):
        document = open_or_create(path)
        existing = [line for line in document.lines if line.entry is not None and _same_slot(line.entry, entry)]
        if existing and not replace:
            where = existing[0].number
            raise GlossaryError(f"{path}:{where}: {existing[0].entry.describe()} already exists (use --replace)")
        placed = document.replace(existing[0], entry) if existing else document.append(entry)
        _save_checked(document)
    return placed


def remove(path: str | Path, fr: str, en: str | None = None) -> list[Entry]:
    """Remove the entries for a French term (only the one with that English if `en` is given)."""
    with _exclusive(path):
        document = _readable(tsv.read(path))
        doomed = [
            line
            for line in document.lines
            if line.entry is not None
            and normalize(line.entry.fr).casefold() == normalize(fr).casefold()
            and (en is None or line.entry.en.casefold() == en.casefold())
        ]
        if not doomed:
            raise GlossaryError(f"{path}: no entry for {fr!r}" + (f" -> {en!r}" if en else ""))
        for line in doomed:
            document.remove(line)
        document.save()
    return [line.entry for line in doomed if line.entry is not None]


def read_entries(path: str | Path, fmt: str | None = None) -> list[Entry]:
    kind = exchange.format_of(path, fmt)
    if kind == "csv":
        return exchange.read_csv(path)
    if kind == "tbx":
        return exchange.read_tbx(path)
    return _readable(tsv.read(path)).entries


def import_entries(source: str | Path, destination: str | Path, fmt: str | None = None) -> tuple[int, int]:
    """Add a CSV/TBX/TSV file's entries to a TSV glossary; returns (added, already there)."""
    entries = read_entries(source, fmt)
    for entry in entries:
        if too_long := length_problem(entry.fr):
            raise GlossaryError(f"{entry.where}: {too_long}")
    with _exclusive(destination):
        document = open_or_create(destination)
        added = skipped = 0
        for entry in entries:
            if any(_same_slot(e, entry) and (e.kind, e.en) == (entry.kind, entry.en) for e in document.entries):
                skipped += 1
                continue
            document.append(entry)
            added += 1
        _save_checked(document)
    return added, skipped


def export_entries(source: str | Path, destination: str | Path, fmt: str | None = None) -> int:
    """Write a TSV glossary's entries as CSV, TBX or TSV; returns how many."""
    entries = tsv.read(source).entries
    kind = exchange.format_of(_in_existing_folder(destination), fmt)
    if kind == "csv":
        exchange.write_csv(entries, destination)
    elif kind == "tbx":
        exchange.write_tbx(entries, destination)
    else:
        document = tsv.new_file(destination)
        for entry in entries:
            document.append(entry)
        document.save()
    return len(entries)
