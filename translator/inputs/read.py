"""Reading an input's bytes within its size limit, counted while reading, never trusted from `st_size`.

Regular files are read in chunks up to the limit (+1 byte to notice the excess); pipes, sockets and
devices given as paths are refused (`/dev/zero` would never end, a FIFO without a writer would block
for ever): their content goes through standard input (`-`), which `read_stream` caps the same way.
Gzip data is inflated once, streamed, and capped too.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from typing import BinaryIO

from translator.errors import InputError
from translator.inputs.model import InputItem, Limits
from translator.inputs.reasons import os_reason

CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
SPECIAL_FILE = "not a regular file (a pipe or device): pass its content on standard input with '-' instead"


def read_input(item: InputItem, limits: Limits) -> bytes:
    """The input's page bytes (inflated if gzip), from memory, the file or the network, within the limit."""
    if item.data is not None:
        data = item.data
        if len(data) > limits.max_bytes:
            raise InputError(f"{item.label}: over the {limits.max_bytes:,}-byte input limit")
    elif item.url is not None:
        from translator.inputs.fetch import fetch_url

        data = fetch_url(item.url, limits, credentials=item.credentials)
    else:
        data = read_file(item.path or item.label, limits.max_bytes, item.label)
    return inflate(data, limits.max_bytes, item.label)


def read_stream(stream: BinaryIO, limits: Limits, label: str = "-") -> bytes:
    """Everything a stream (stdin) holds, refused as soon as it passes the input limit."""
    try:
        return _read_capped(stream, limits.max_bytes, label)
    except OSError as error:
        raise InputError(f"{label}: cannot read ({os_reason(error)})") from error


def read_file(path: str | os.PathLike, cap: int, label: str) -> bytes:
    """A regular file's bytes, at most `cap` of them."""
    with open_regular(path, label) as handle:
        try:
            return _read_capped(handle, cap, label)
        except OSError as error:
            raise InputError(f"{label}: cannot read ({os_reason(error)})") from error


def open_regular(path: str | os.PathLike, label: str) -> BinaryIO:
    """Open a regular file for reading; anything else is refused without blocking on it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"{label}: cannot read ({os_reason(error)})") from error
    try:
        mode = os.fstat(fd).st_mode
    except OSError as error:
        os.close(fd)
        raise InputError(f"{label}: cannot read ({os_reason(error)})") from error
    if not stat.S_ISREG(mode):
        os.close(fd)
        reason = "is a folder" if stat.S_ISDIR(mode) else SPECIAL_FILE
        raise InputError(f"{label}: {reason}")
    return os.fdopen(fd, "rb")


def inflate(data: bytes, cap: int, label: str) -> bytes:
    """Gzip data inflated (streamed, at most `cap` bytes); anything else as it is."""
    if data[:2] != GZIP_MAGIC:
        return data
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        try:
            return _read_capped(handle, cap, label, what="decompressed page")
        except (OSError, zlib.error) as error:
            raise InputError(f"{label}: corrupt gzip data") from error
        except EOFError as error:
            raise InputError(f"{label}: gzip data is cut short") from error


class CappedReader(io.RawIOBase):
    """A binary stream that refuses to give more than `cap` bytes: for files read line by line."""

    def __init__(self, raw: BinaryIO, cap: int, label: str, what: str = "file") -> None:
        self.raw, self.cap, self.label, self.what, self.total = raw, cap, label, what, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer)
        self.total += count or 0
        if self.total > self.cap:
            raise InputError(f"{self.label}: {self.what} is over the {self.cap:,}-byte limit")
        return count


def open_capped(path: str | os.PathLike, cap: int, label: str) -> io.BufferedReader:
    """A regular file as a buffered stream of at most `cap` bytes, inflated (and capped again) if gzip."""
    raw = open_regular(path, label)
    capped = io.BufferedReader(CappedReader(raw, cap, label), CHUNK)
    if capped.peek(2)[:2] != GZIP_MAGIC:
        return capped
    inflated = gzip.GzipFile(fileobj=capped)
    return io.BufferedReader(CappedReader(inflated, cap, label, "decompressed file"), CHUNK)


def _read_capped(stream: BinaryIO, cap: int, label: str, what: str = "") -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(CHUNK, cap + 1 - total)):
        total += len(chunk)
        chunks.append(chunk)
        if total > cap:
            subject = f"{what} is over" if what else "over"
            raise InputError(f"{label}: {subject} the {cap:,}-byte input limit")
    return b"".join(chunks)
