"""The shapes the input runner works with: one input, the limits it is read under, the record field names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_RECORDS_BYTES = 1_000_000_000
DEFAULT_MAX_REDIRECTS = 10
RECORD_SUFFIXES = {"html": ".html", "text": ".txt"}
STDIN_LABEL = "-"  # how standard input is named on the command line, in messages and in manifests


@dataclass(frozen=True)
class Limits:
    """What one input may cost: bytes read (also once inflated) and seconds spent fetching it."""

    max_bytes: int = DEFAULT_MAX_BYTES  # one page: a file, a URL, stdin or one record
    timeout: float = DEFAULT_TIMEOUT  # one URL fetch as a whole: name lookup, connect, headers, body
    max_records_bytes: int = DEFAULT_MAX_RECORDS_BYTES  # one records file, as read and as inflated
    max_redirects: int = DEFAULT_MAX_REDIRECTS


@dataclass(frozen=True)
class RecordFields:
    """The field (JSON Lines, Parquet) or column (CSV) names a records file uses for each part of an article."""

    html: str = "html"
    text: str = "text"
    url: str = "url"
    id: str = "id"
    title: str = "title"


@dataclass(frozen=True)
class InputItem:
    """One input of a run: where its bytes come from and the unique output name it gets.

    `label` and `url` never carry credentials (they go in `credentials`, kept out of repr), so both
    can be written to a manifest or shown in a message.
    """

    name: str
    label: str  # what the user wrote, a file found in a folder they gave, or FILE:LINE for a record
    path: str | None = None
    url: str | None = None  # http(s), without user:password
    data: bytes | None = field(default=None, repr=False)  # stdin, or a record's html/text, already in memory
    title: str | None = None  # a record's title, if its file gives one
    origin: dict = field(default_factory=dict, compare=False)  # provenance: {"file", "line"|"row", "id", "url"}
    record_format: str | None = None  # "html" or "text" for a record
    credentials: tuple[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def filename(self) -> str:
        """The file name the page came with: its extensions tell the cleaner HTML from a text dump."""
        if self.record_format:
            return self.name + RECORD_SUFFIXES[self.record_format]
        if self.path:
            return Path(self.path).name
        if self.url:
            return unquote(urlsplit(self.url).path.rstrip("/").rsplit("/", 1)[-1]) or self.name
        return self.name


@dataclass
class Resolution:
    """What the specs named: inputs to read, specs that failed (spec, reason), paths skipped (path, why)."""

    items: list[InputItem] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
