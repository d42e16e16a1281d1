"""Plain words for system errors: a message names the input and says what went wrong, never an errno."""

from __future__ import annotations

import errno

_WORDS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "too many symbolic links",
    errno.EIO: "input/output error",
    errno.ENXIO: "no device or reader at the other end",
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "the connection was reset",
    errno.ENETUNREACH: "the network is unreachable",
    errno.EHOSTUNREACH: "the host is unreachable",
}


def os_reason(error: OSError) -> str:
    """What went wrong, in words (no errno, no exception name, no path)."""
    if error.errno in _WORDS:
        return _WORDS[error.errno]
    if error.strerror:
        return error.strerror[:1].lower() + error.strerror[1:]
    return "system error"
