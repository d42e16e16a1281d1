"""Turning input bytes into text: gzip, format, encoding, and refusing what is not a page.

Everything here raises `InputError` with a one-line message for inputs that cannot be a page:
binary files, empty files, undecodable text, gzip bombs.

The encoding follows the HTML standard where it decides (a BOM wins; a meta UTF-16 label means
UTF-8, since a page whose meta can be read as ASCII is not UTF-16; Latin-1 labels mean Windows-1252)
and, as scrapers do, trusts the bytes over a `<meta>` label: bytes that are valid UTF-8 with
non-ASCII in them are UTF-8 whatever the label claims (legacy text is practically never valid UTF-8),
and a label is used only for bytes that are not (or are plain ASCII). A page that mixes UTF-8 lines
with lines in a legacy encoding (a UTF-8 template around text pasted from an older system) is
decoded line by line, each line in its own encoding, and says how many lines.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from dataclasses import dataclass

from translator.errors import InputError

MAX_DECOMPRESSED = 64 * 1024 * 1024  # bytes; a page never needs more, a gzip bomb does
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_HTML_SNIFF = re.compile(r"<(?:!doctype html|html|head|body|div|p|article|meta|title)\b", re.IGNORECASE)
# Latin-1 labels mean windows-1252 on the web (the HTML standard says so).
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


@dataclass
class DecodedInput:
    """An input's text, what format it is, and how it was decoded."""

    text: str
    format: str  # "html" | "text"
    encoding: str  # "utf-8+cp1252" for a page decoded line by line
    legacy_lines: int = 0  # lines of a mixed page that were not UTF-8, read with the second codec


def text_encoding(data: bytes) -> str:
    """The encoding a byte-order mark names, else UTF-8: how a plain text file (not a page) is read."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), "utf-8")


def gunzip(data: bytes, name: str) -> bytes:
    """Decompress gzip data, refusing anything that expands beyond MAX_DECOMPRESSED."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(MAX_DECOMPRESSED + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt gzip data ({exc})") from exc
    if len(out) > MAX_DECOMPRESSED:
        raise InputError(f"decompressed size exceeds {MAX_DECOMPRESSED // (1024 * 1024)} MB")
    return out


def guess_format(name: str, text: str) -> str:
    """'html' or 'text', from the file name, or from the content when the name says nothing."""
    base = name.lower().removesuffix(".gz")
    if base.endswith(HTML_SUFFIXES):
        return "html"
    if base.endswith(TEXT_SUFFIXES):
        return "text"
    return "html" if _HTML_SNIFF.search(text[:4096]) else "text"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB: an image, archive or executable."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM has a NUL in every other byte of ASCII text."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > half * 0.6 and even < half * 0.1:
        return "utf-16-le"
    if even > half * 0.6 and odd < half * 0.1:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:8192])
    if not found:
        return None
    label = found.group(1).decode("ascii", "ignore").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A meta tag readable as ASCII is not in UTF-16 or UTF-32 (those came with a BOM or NULs, seen
    # before): the HTML standard reads a UTF-16 label as UTF-8, and knows no UTF-32.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def decode(data: bytes, name: str, fmt: str | None = None) -> DecodedInput:
    """Decode raw input bytes (possibly gzip) into text, or raise InputError saying why not."""
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, name)
    if not data.strip():
        raise InputError("empty file")
    text, encoding, legacy_lines = _decode_text(data)
    if not text.strip():
        raise InputError("empty file")
    bad = text.count("\ufffd") + len(_CONTROL.findall(text, 0, 20000))
    if bad > max(3, len(text[:20000]) * 0.01):
        raise InputError(f"undecodable text (decoded as {encoding}, {bad} invalid characters)")
    fmt = fmt or guess_format(name, text)
    if fmt not in ("html", "text"):
        raise InputError(f"unknown input format {fmt!r} (use html or text)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedInput(text=text, format=fmt, encoding=encoding, legacy_lines=legacy_lines)


def _decode_text(data: bytes) -> tuple[str, str, int]:
    """(text, encoding, lines of a mixed page decoded with a legacy codec)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), encoding.replace("-sig", ""), 0
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16), utf16, 0
    if _looks_binary(data):
        raise InputError("binary file, not a page or a text dump")
    declared = _declared_charset(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared in (None, "utf-8") or not data.isascii():
            return text, "utf-8", 0
        try:  # plain ASCII reads alike in every ASCII-based label; a 7-bit one (ISO-2022) is honoured
            return data.decode(declared), declared, 0
        except UnicodeDecodeError:
            return text, "utf-8", 0
    legacy = declared if declared not in (None, "utf-8") else "cp1252"
    mixed = _by_line(data, legacy)
    if mixed is not None:
        return mixed
    if declared:
        try:
            return data.decode(declared), declared, 0
        except UnicodeDecodeError:
            pass
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(3, len(lenient) // 1000):
        return lenient, "utf-8", 0  # UTF-8 with a few stray bytes: a cut or corrupted page, not another charset
    return (*_detect(data), 0)


def _by_line(data: bytes, legacy: str) -> tuple[str, str, int] | None:
    """A page mixing UTF-8 and legacy lines decoded line by line (UTF-8 where valid, `legacy` elsewhere), or None.

    Legacy text almost never forms a valid UTF-8 line with non-ASCII in it (French or Cyrillic
    letters in a single-byte codec never do, punctuation beside them seldom; under 1% of short
    Shift_JIS lines do by chance), so a page with at least two such lines, and one for every ten
    lines that are not UTF-8, mixes the two: one codec for all would garble one part or the other.
    """
    lines: list[str] = []
    utf8_lines = legacy_lines = 0
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            lines.append(line.decode(legacy, errors="replace"))
            legacy_lines += 1
    if utf8_lines < max(2, legacy_lines / 10):
        return None
    return "\n".join(lines), f"utf-8+{legacy}", legacy_lines


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"undecodable text: not valid {encoding} ({exc.reason} at byte {exc.start})") from exc


def _detect(data: bytes) -> tuple[str, str]:
    """Neither declared nor UTF-8: ask charset_normalizer, fall back to windows-1252."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"
