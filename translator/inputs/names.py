"""Output names: safe as file names, never a file the run writes, unique without regard to case,
and the same for the same input whatever order the inputs come in.

A name is the input's stem ("a/x.html" → "x"). Stems shared by several inputs (case-insensitively)
take as many of their parent folders (a URL: its host and path) as it takes to tell them apart
("a/x.html", "b/x.html" → "a-x", "b-x"); what still collides gets a hash of the input's identity.
Everything is computed from the set of inputs, never from their order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

RESERVED_NAMES = frozenset({"manifest", "index", "articles"})  # stems of files a run writes beside the articles
_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)  # names Windows refuses, whatever the extension
RESERVED_SUFFIX = "-article"
STRIPPED_SUFFIXES = (".gz", ".html", ".htm", ".xhtml", ".txt", ".md", ".jsonl", ".ndjson", ".csv", ".parquet")
MAX_NAME_BYTES = 100  # leaves room for suffixes (".en.md", ".json") and temporary-file decorations under 255
_UNSAFE = re.compile(r"[^\w.-]+")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_HASH_CHARS = 10


@dataclass(frozen=True)
class NameRequest:
    """What a name is made from: the wanted stem, parent parts to tell it apart, and a unique identity."""

    stem: str
    context: tuple[str, ...]  # outermost first: folders of a file, host and folders of a URL
    identity: str  # unique among the inputs: a resolved path, a URL, FILE:LINE


def stem_of(filename: str) -> str:
    """The file name without its page and records extensions ("a.html.gz" → "a")."""
    stem = filename
    while True:
        lowered = stem.lower()
        suffix = next((s for s in STRIPPED_SUFFIXES if lowered.endswith(s) and len(stem) > len(s)), None)
        if suffix is None:
            return stem or "article"
        stem = stem[: -len(suffix)]


def short_hash(text: str, length: int = _HASH_CHARS) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def printable(text: str) -> str:
    """A file name or label as one printable line, for messages, manifests and records.

    File names are bytes: one that is not UTF-8 reaches Python with stand-in characters that no
    UTF-8 file or terminal takes, and a newline in a name would split a message into two. Both
    are written as escapes (\\xff, \\n), the way `ls` and Python's repr show them.
    """
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode hands it over
        return f"\\x{code - 0xDC00:02x}"
    return match.group().encode("unicode_escape").decode("ascii") if code < 0xD800 else f"\\u{code:04x}"


def safe_name(raw: str) -> str:
    """A name any file system takes: word characters, dots and dashes; not hidden, not reserved, not too long."""
    name = _UNSAFE.sub("-", unicodedata.normalize("NFC", raw)).strip(".-") or "article"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        keep = name.encode("utf-8")[: MAX_NAME_BYTES - _HASH_CHARS - 1].decode("utf-8", "ignore").rstrip(".-")
        name = f"{keep}-{short_hash(raw)}"
    base = name.split(".", 1)[0].casefold()
    if name.casefold() in RESERVED_NAMES or base in _DEVICE_NAMES:
        name += RESERVED_SUFFIX
    return name


def assign_names(requests: Sequence[NameRequest]) -> list[str]:
    """One name per request, in the same order; the result does not depend on that order."""
    names = [safe_name(request.stem) for request in requests]
    for members in _collisions(names):
        _tell_apart(members, requests, names)
    depth = _HASH_CHARS
    while collided := _collisions(names):
        for members in collided:
            for index in members:
                names[index] = safe_name(f"{names[index]}-{short_hash(requests[index].identity, depth)}")
        depth += 6
    return names


def _collisions(names: list[str]) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        groups[name.casefold()].append(index)
    return [members for members in groups.values() if len(members) > 1]


def _tell_apart(members: list[int], requests: Sequence[NameRequest], names: list[str]) -> None:
    """Prefix each colliding name with the fewest parent parts that make the group's names distinct.

    When no depth does (the same stem and folders: URLs differing only by their query), the names
    stay as they are and take a hash of their identity afterwards.
    """
    longest = max(len(requests[index].context) for index in members)
    for depth in range(1, longest + 1):
        candidates = {index: _prefixed(requests[index], depth) for index in members}
        if len({name.casefold() for name in candidates.values()}) == len(members):
            for index, name in candidates.items():
                names[index] = name
            return


def _prefixed(request: NameRequest, depth: int) -> str:
    parts = [part for part in request.context[-depth:] if part]
    return safe_name("-".join([*parts, request.stem]))
