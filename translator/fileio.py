"""Writing files so that a crash never leaves a half-written file under its final name."""

from __future__ import annotations

import fcntl
import os
import stat
import tempfile
from pathlib import Path
from typing import TextIO


def _process_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Our temp files carry this mark, so cleaning up after a killed run never touches a user's own files.
TEMP_MARK = ".translator-"

# mkstemp creates files readable by their owner only; outputs get the mode `open()` would give.
_FILE_MODE = 0o666 & ~_process_umask()


def atomic_write_bytes(path: str | Path, data: bytes, *, through_symlink: bool = False) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename it into place.

    An existing file keeps its permissions. A symlink in the way is replaced by the file, so a
    run never writes outside its folder through a link planted there; with `through_symlink` (a
    file the user named, such as a glossary kept elsewhere and linked) its target is written and
    the link stays.
    """
    path = Path(os.path.realpath(path)) if through_symlink else Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        existing = path.lstat()
        mode = _FILE_MODE if stat.S_ISLNK(existing.st_mode) else stat.S_IMODE(existing.st_mode)
    except FileNotFoundError:
        mode = _FILE_MODE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{TEMP_MARK}", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str, *, through_symlink: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), through_symlink=through_symlink)


class LockHeld(Exception):
    """Another process holds the lock; `holder` is what it wrote in the lock file."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def hold_lock(path: Path, holder: str) -> TextIO:
    """An exclusive lock on the file `path` (created if missing), held until the returned handle is
    closed, with `holder` written in it so a refused process can say who holds it.

    Raises LockHeld when another process holds it, OSError when the file cannot be opened.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        held_by = handle.read().strip() or "another process"
        handle.close()
        raise LockHeld(held_by) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{holder}\n")
    handle.flush()
    return handle
