"""What a run reads: files, folders, globs, stdin and http(s) URLs, each turned into bytes and a name.

Resolution is cheap and happens up front (so the batch knows its size); reading and fetching
happen later, in the worker that prepares the article, so that one unreadable input only fails
itself.
"""

from __future__ import annotations

import glob
import gzip
import io
import re
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from translator import __version__
from translator.errors import InputError

PAGE_SUFFIXES = (".html.gz", ".htm.gz", ".html", ".htm", ".xhtml", ".txt")
STRIPPED_SUFFIXES = (".gz", ".html", ".htm", ".xhtml", ".txt", ".md")
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = f"translator/{__version__} (offline French-to-English news translation)"
DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True)
class InputItem:
    """One input of a run: where it comes from and the unique output name it gets."""

    name: str
    label: str  # what the user wrote, or the file found under a folder they gave
    path: str | None = None
    url: str | None = None
    data: bytes | None = None  # stdin, read once by the main process

    @property
    def filename(self) -> str:
        """The file name the page came with (its extensions tell the cleaner the format)."""
        if self.path:
            return Path(self.path).name
        if self.url:
            return unquote(urlsplit(self.url).path.rstrip("/").rsplit("/", 1)[-1]) or self.name
        return self.name


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT


def resolve_inputs(specs: list[str], stdin: bytes | None = None) -> tuple[list[InputItem], list[tuple[str, str]]]:
    """Expand specs into inputs with unique names; returns (inputs, [(spec, reason)] for specs matching nothing)."""
    found: list[tuple[str, dict]] = []
    missing: list[tuple[str, str]] = []
    for spec in specs:
        if spec == "-":
            found.append(("stdin", {"label": "-", "data": stdin if stdin is not None else b""}))
        elif re.match(r"(?i)https?://", spec):
            found.append((_url_stem(spec), {"label": spec, "url": spec}))
        elif Path(spec).is_dir():
            pages = sorted(p for p in Path(spec).rglob("*") if p.is_file() and _is_page(p))
            if not pages:
                missing.append((spec, "folder holds no .html, .htm, .html.gz or .txt page"))
            found.extend((stem_of(p.name), {"label": str(p), "path": str(p)}) for p in pages)
        elif Path(spec).exists():
            found.append((stem_of(Path(spec).name), {"label": spec, "path": spec}))
        elif glob.has_magic(spec):
            matches = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())
            if not matches:
                missing.append((spec, "no file matches this pattern"))
            found.extend((stem_of(Path(p).name), {"label": p, "path": p}) for p in matches)
        else:
            missing.append((spec, "no such file or folder"))
    return _unique(found), missing


def stem_of(filename: str) -> str:
    """The output stem: the file name without its page extensions ("a.html.gz" → "a")."""
    stem = filename
    while True:
        lowered = stem.lower()
        suffix = next((s for s in STRIPPED_SUFFIXES if lowered.endswith(s) and len(stem) > len(s)), None)
        if suffix is None:
            return stem or "article"
        stem = stem[: -len(suffix)]


def read_input(item: InputItem, limits: Limits) -> bytes:
    """The input's bytes, from the file, stdin or the network, within the size limit."""
    if item.data is not None:
        data = item.data
    elif item.url is not None:
        data = fetch_url(item.url, limits)
    else:
        path = Path(item.path or item.label)
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise InputError(f"{item.label}: {size:,} bytes is over the {limits.max_bytes:,}-byte input limit")
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"{item.label}: cannot read ({error.strerror or error})") from error
    if len(data) > limits.max_bytes:
        raise InputError(f"{item.label}: over the {limits.max_bytes:,}-byte input limit")
    if data[:2] == b"\x1f\x8b" and _inflates_beyond(data, limits.max_bytes):
        raise InputError(f"{item.label}: decompressed page is over the {limits.max_bytes:,}-byte input limit")
    return data


def _inflates_beyond(data: bytes, limit: int) -> bool:
    """Whether gzip data inflates to more than `limit` bytes, streamed: nothing is kept in memory."""
    total = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            while chunk := handle.read(1 << 16):
                total += len(chunk)
                if total > limit:
                    return True
    except (OSError, EOFError, zlib.error):
        return False  # corrupt data: the reader refuses it with its own message
    return False


def fetch_url(url: str, limits: Limits) -> bytes:
    """GET an http(s) page: redirects followed, a timeout on the whole fetch, a size cap, HTML only."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.1"})
    deadline = time.monotonic() + limits.timeout
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as response:
            final = response.geturl()
            if urlsplit(final).scheme.lower() not in ("http", "https"):
                raise InputError(f"{url}: redirected to a non-http(s) address")
            content_type = (response.headers.get_content_type() or "").lower()
            if content_type not in HTML_CONTENT_TYPES:
                raise InputError(f"{url}: not an HTML page (Content-Type {content_type or 'missing'})")
            chunks: list[bytes] = []
            total = 0
            while chunk := response.read(65536):
                total += len(chunk)
                if total > limits.max_bytes:
                    raise InputError(f"{url}: page is over the {limits.max_bytes:,}-byte input limit")
                if time.monotonic() > deadline:
                    raise InputError(f"{url}: timed out after {limits.timeout:g} s")
                chunks.append(chunk)
            return b"".join(chunks)
    except InputError:
        raise
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: HTTP {error.code} {error.reason}") from error
    except TimeoutError as error:
        raise InputError(f"{url}: timed out after {limits.timeout:g} s") from error
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise InputError(f"{url}: timed out after {limits.timeout:g} s") from error
        raise InputError(f"{url}: cannot fetch ({reason})") from error
    except (OSError, ValueError) as error:
        raise InputError(f"{url}: cannot fetch ({error})") from error


def _is_page(path: Path) -> bool:
    return path.name.lower().endswith(PAGE_SUFFIXES) and not path.name.startswith(".")


def _url_stem(url: str) -> str:
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) if parts.path.strip("/") else ""
    stem = stem_of(last) if last else (parts.hostname or "page")
    return re.sub(r"[^\w.-]+", "-", stem).strip(".-") or "page"


def _unique(found: list[tuple[str, dict]]) -> list[InputItem]:
    """Give every input its own name: the second "a.html" from another folder becomes "a-2"."""
    seen: dict[str, int] = {}
    sources: set[str] = set()
    items = []
    for stem, fields in found:
        source = str(Path(fields["path"]).resolve()) if "path" in fields else fields["label"]
        if source in sources and source != "-":
            continue
        sources.add(source)
        count = seen.get(stem.lower(), 0) + 1
        seen[stem.lower()] = count
        name = stem if count == 1 else f"{stem}-{count}"
        while count > 1 and name.lower() in seen:
            count += 1
            name = f"{stem}-{count}"
        if name != stem:
            seen[name.lower()] = 1
        items.append(InputItem(name=name, **fields))
    return items
