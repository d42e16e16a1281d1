"""The record that flows through every stage: an article, its blocks, their segments.

Plain dataclasses with a lossless JSON round trip (`Article.to_json` / `Article.from_json`),
so that every stage can be run, saved, inspected and resumed on its own. Nothing heavy is
imported here.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

BLOCK_KINDS = ("title", "standfirst", "heading", "paragraph", "list_item", "quote", "caption")
SEVERITIES = ("info", "warning", "error")
FORMAT_VERSION = 1


@dataclass
class Edit:
    """One change made by a post-edit rule: what it replaced, with what, and where."""

    rule: str
    before: str
    after: str
    position: int  # character offset of `before` in the text the rule saw
    side: str = "target"  # "source" for fixes applied to the French before translation


@dataclass
class Flag:
    """Something a human should look at, that no rule could fix."""

    code: str
    severity: str
    message: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")


@dataclass
class GlossaryHit:
    """One glossary entry found in a segment's French, and how it was enforced."""

    source: str  # the French text as found in the segment
    entry: str  # the glossary entry's French term (its key)
    rendering: str  # the English required (or the kept French for do-not-translate)
    kind: str  # "term" | "keep" | "forbid"
    start: int
    end: int
    status: str = "found"  # "masked" | "repaired" | "flagged" | "found"


@dataclass
class Segment:
    """A sentence-sized unit of translation; its id is stable across runs."""

    id: str
    source: str
    target: str | None = None
    glossary: list[GlossaryHit] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    cached: bool = False
    corrected: bool = False  # the English is a reviewer's correction (post-edit rules leave it alone)


@dataclass
class Block:
    """A structural unit of the article: a title, a paragraph, a list item, a quote..."""

    kind: str
    text: str
    segments: list[Segment] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")

    @property
    def translation(self) -> str | None:
        """The block's English, joined from its segments, or None before translation."""
        if not self.segments or any(s.target is None for s in self.segments):
            return None
        return " ".join(s.target for s in self.segments if s.target)


@dataclass
class RemovedBlock:
    """A block the cleaner dropped, kept with the reason so nothing is silently lost."""

    text: str
    category: str  # e.g. "disclosure", "reading-time", "share", "extractor"
    rule: str  # the rule id or reason that removed it
    position: int  # index among the page's candidate blocks, to restore order on review


@dataclass
class Source:
    """Where the article came from and what it looked like on arrival."""

    name: str  # the output stem: input file name without its extensions
    path: str | None = None
    url: str | None = None
    format: str = "html"  # "html" | "text"
    sha256: str | None = None
    encoding: str | None = None
    language: str | None = None
    site: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass
class Article:
    """A cleaned article and everything the later stages add to it."""

    source: Source
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    version: int = FORMAT_VERSION

    @property
    def title(self) -> str | None:
        return next((b.text for b in self.blocks if b.kind == "title"), None)

    def segments(self) -> list[Segment]:
        return [s for b in self.blocks for s in b.segments]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The article a record holds; ValueError/KeyError/TypeError for anything else (callers name the file)."""
        if not isinstance(data, dict):
            raise ValueError(f"{_json_type(data)}, not an object")
        version = data.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"'version' is {_json_type(version)}, not a number")
        if version > FORMAT_VERSION:
            raise ValueError(f"article record version {version} is newer than this tool ({FORMAT_VERSION})")
        return cls(
            source=_build(Source, data.get("source"), "source"),
            blocks=[_block(b) for b in data.get("blocks", [])],
            removed=[_build(RemovedBlock, r, "removed block") for r in data.get("removed", [])],
            flags=[_build(Flag, f, "flag") for f in data.get("flags", [])],
            provenance=data.get("provenance", {}),
            version=version,
        )

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))


_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def _json_type(value: Any) -> str:
    return f"JSON {_JSON_TYPES.get(type(value), type(value).__name__)}"


def _object(data: Any, where: str) -> dict[str, Any]:
    """A JSON object, or a ValueError in plain words (the record came from disk, maybe hand-edited)."""
    if data is None:
        raise ValueError(f"no {where!r}" if where == "source" else f"{where} is JSON null, not an object")
    if not isinstance(data, dict):
        raise ValueError(f"{where} is {_json_type(data)}, not an object")
    return data


def _build(kind: type, data: Any, where: str) -> Any:
    """One of the record's dataclasses from its JSON object, naming a missing or unknown field."""
    data = _object(data, where)
    names = [f.name for f in fields(kind)]
    if unknown := [key for key in data if key not in names]:
        raise ValueError(f"{where} has an unknown field {unknown[0]!r}")
    required = [f.name for f in fields(kind) if f.default is MISSING and f.default_factory is MISSING]
    if missing := [name for name in required if name not in data]:
        raise ValueError(f"{where} has no {missing[0]!r}")
    return kind(**data)


def _text(data: dict[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    """A field that must be a string (or null, when `optional`): a number there is not text to score or show."""
    if key not in data and not optional:
        raise ValueError(f"{where} has no {key!r}")
    value = data.get(key)
    if not (isinstance(value, str) or (optional and value is None)):
        raise ValueError(f"{where} {key!r} is {_json_type(value)}, not text")
    return value


def _block(data: Any) -> Block:
    data = _object(data, "block")
    return Block(
        kind=_text(data, "kind", "block"),
        text=_text(data, "text", "block"),
        segments=[_segment(s) for s in data.get("segments", [])],
    )


def _segment(data: Any) -> Segment:
    data = _object(data, "segment")
    return Segment(
        id=_text(data, "id", "segment"),
        source=_text(data, "source", "segment"),
        target=_text(data, "target", "segment", optional=True),
        glossary=[_build(GlossaryHit, g, "glossary hit") for g in data.get("glossary", [])],
        edits=[_build(Edit, e, "edit") for e in data.get("edits", [])],
        flags=[_build(Flag, f, "flag") for f in data.get("flags", [])],
        cached=data.get("cached", False),
        corrected=data.get("corrected", False),
    )
