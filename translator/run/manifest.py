"""`manifest.json`, typed: what a run read, with what settings, and what became of each input.

The writer (`translator.run`) and the reader (`translator diff`) share these dataclasses. Per-article
entries are appended to a journal as articles finish (constant cost per article) and folded into
`manifest.json` when the run ends, or by the next run if this one was killed.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from translator.document import FORMAT_VERSION
from translator.errors import InputError, TranslatorError
from translator.fileio import atomic_write_text
from translator.inputs.reasons import os_reason

MANIFEST = "manifest.json"
STAGES = ("read", "extract", "segment", "fix_source", "glossary", "translate", "postedit", "write")


@dataclass
class ArticleEntry:
    """What became of one input: `ok`, `skipped` (finished by an earlier run) or `failed`."""

    input: str = ""
    status: str = "ok"
    sha256: str | None = None
    bytes: int | None = None
    reason: str | None = None
    origin: dict[str, Any] = field(default_factory=dict)
    segments: int | None = None
    cached_segments: int | None = None
    flags: dict[str, int] | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, {})}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleEntry:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass
class Manifest:
    tool: str
    run_key: str
    started: str
    identity: dict[str, Any]  # model, glossary, rules, postedit, options: what the run key hashes
    executor: str = "local"
    articles: dict[str, ArticleEntry] = field(default_factory=dict)
    finished: str | None = None
    totals: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, Any] | None = None  # `run --ref`: translator.score.ScoreReport.to_dict()

    @property
    def glossary(self) -> dict[str, Any]:
        return self.identity.get("glossary", {})

    @property
    def model(self) -> dict[str, Any]:
        return self.identity.get("model", {})

    @property
    def options(self) -> dict[str, Any]:
        return self.identity.get("options", {})

    def ids(self, area: str) -> list[str]:
        """The rule ids recorded for `rules` (boilerplate) or `postedit`."""
        return list(self.identity.get(area, {}).get("ids", []))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tool": self.tool,
            "run_key": self.run_key,
            "started": self.started,
            "finished": self.finished,
            "executor": self.executor,
            **self.identity,
            "articles": {name: entry.to_dict() for name, entry in self.articles.items()},
            "totals": self.totals,
            "scores": self.scores,
        }
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        own = {"tool", "run_key", "started", "finished", "executor", "articles", "totals", "scores"}
        for key in ("articles", "totals"):
            if not isinstance(data.get(key) or {}, dict):
                raise ValueError(f"'{key}' is {data[key]!r:.40}, not an object")
        if not all(isinstance(entry, dict) for entry in (data.get("articles") or {}).values()):
            raise ValueError("'articles' holds an entry that is not an object")
        return cls(
            tool=str(data.get("tool", "")),
            run_key=str(data.get("run_key", "")),
            started=str(data.get("started", "")),
            identity={key: value for key, value in data.items() if key not in own},
            executor=str(data.get("executor", "local")),
            articles={name: ArticleEntry.from_dict(entry) for name, entry in (data.get("articles") or {}).items()},
            finished=data.get("finished"),
            totals=dict(data.get("totals") or {}),
            scores=data.get("scores"),
        )


def write_manifest(rundir: Path, manifest: Manifest) -> None:
    """The manifest, rewritten atomically; a folder that cannot take it stops the run in one line."""
    path = rundir / MANIFEST
    try:
        atomic_write_text(path, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n")
    except OSError as error:
        raise TranslatorError(f"{path}: cannot write ({os_reason(error)})") from error


def read_manifest(rundir: Path, *, settings: bool = False) -> Manifest | None:
    """The folder's manifest, or None when there is none; an unreadable one is a one-line error.

    A folder a newer version of the tool wrote is refused too: a run would replace its manifest
    with an older one. `settings`: also refuse a manifest whose recorded settings are not shaped as
    this tool writes them (a hand-edited field), for readers that compare them (`translator diff`)."""
    path = rundir / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        manifest = Manifest.from_dict(data)
        version = manifest.identity.get("format", FORMAT_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"'format' is {version!r}, not a number")
        if settings:
            _check_settings(manifest.identity)
    except (OSError, ValueError, TypeError, AttributeError) as error:
        raise InputError(f"{path}: unreadable manifest ({error})") from error
    if version > FORMAT_VERSION:
        raise InputError(
            f"{path}: written by a newer translator (format {version}, this one reads up to {FORMAT_VERSION}); "
            "use that version, or another folder"
        )
    return manifest


def _check_settings(identity: dict[str, Any]) -> None:
    """ValueError naming the first recorded setting that is not what `run_identity` writes."""
    for key in ("model", "glossary", "rules", "postedit", "options"):
        if key in identity and not isinstance(identity[key], dict):
            raise ValueError(f"'{key}' is {identity[key]!r}, not an object")
    for area in ("rules", "postedit"):
        ids = identity.get(area, {}).get("ids", [])
        if not isinstance(ids, list) or not all(isinstance(rule, str) for rule in ids):
            raise ValueError(f"'{area}.ids' is {ids!r}, not a list of rule ids")


class Journal:
    """Per-article entries appended as articles finish: one short line each, no rewrite."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = None

    def append(self, name: str, entry: ArticleEntry) -> None:
        """One line for a finished article; a journal that cannot be written (a full disk) stops the run in one line."""
        try:
            if self.handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.handle = self.path.open("a", encoding="utf-8")
            self.handle.write(json.dumps({"name": name, **entry.to_dict()}, ensure_ascii=False) + "\n")
            self.handle.flush()
        except OSError as error:
            raise TranslatorError(f"{self.path}: cannot write ({os_reason(error)})") from None

    def close(self) -> None:
        """Close the journal; what a full disk kept from it is lost, the articles' own files are not."""
        if self.handle is not None:
            handle, self.handle = self.handle, None
            with contextlib.suppress(OSError):
                handle.close()

    def entries(self) -> dict[str, ArticleEntry]:
        """What the journal holds, the last line per article winning; a torn last line is ignored."""
        found: dict[str, ArticleEntry] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return found
        for line in lines:
            try:
                data = json.loads(line)
                found[str(data.pop("name"))] = ArticleEntry.from_dict(data)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
        return found
