"""Turning what the user named (files, folders, globs, `-`, URLs, records files) into inputs with names.

Resolution happens up front so the run knows its size: files are only looked at, except records
files, whose records are read now (each becomes one input). Nothing inside a folder in `exclude`
(the run folder) or inside a folder holding a run manifest is taken; each such skip is reported.
Folders are searched recursively for pages (.html, .htm, .xhtml, .txt, optionally .gz) and records
files (.jsonl, .ndjson, .csv, optionally .gz, and .parquet); hidden files and folders are left out,
and so is a records file found in a folder that has no html or text field (a CSV of something else).
"""

from __future__ import annotations

import glob
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from translator.errors import InputError
from translator.inputs.fetch import parse_url, redact_url
from translator.inputs.model import STDIN_LABEL, InputItem, Limits, RecordFields, Resolution
from translator.inputs.names import NameRequest, assign_names, printable, short_hash, stem_of
from translator.inputs.read import SPECIAL_FILE
from translator.inputs.reasons import os_reason
from translator.inputs.records import is_records_file, read_records

PAGE_SUFFIXES = (".html.gz", ".htm.gz", ".html", ".htm", ".xhtml", ".txt")
MANIFEST = "manifest.json"
MANIFEST_MARK = "run_key"  # a key every run manifest has, and no one else's manifest.json is likely to
RUN_STATE_LOCK = Path(".run") / "lock"  # what a run creates first (translator/run/folder.py), before its manifest
_URL = re.compile(r"(?i)https?://")
_OTHER_SCHEME = re.compile(r"(?i)[a-z][a-z0-9+.-]*://")
_MANIFEST_PEEK = 1 << 20


@dataclass
class _Found:
    item: InputItem
    request: NameRequest


@dataclass
class _Resolver:
    stdin: bytes | None
    exclude: list[Path]
    fields: RecordFields
    limits: Limits
    skip_run_folders: bool
    found: list[_Found] = field(default_factory=list)
    identities: set[str] = field(default_factory=set)
    resolution: Resolution = field(default_factory=Resolution)
    run_folders: dict[Path, bool] = field(default_factory=dict)

    def add_spec(self, spec: str) -> None:
        if spec == STDIN_LABEL:
            self._add(InputItem("stdin", STDIN_LABEL, data=self.stdin or b""), NameRequest("stdin", (), STDIN_LABEL))
        elif _URL.match(spec):
            self._add_url(spec)
        elif _OTHER_SCHEME.match(spec):
            self._fail(redact_url(spec), "only http and https URLs can be fetched")
        else:
            self._add_path_spec(spec)

    def _add_url(self, spec: str) -> None:
        try:
            url, credentials = parse_url(spec)
        except InputError as error:
            self._fail(redact_url(spec), str(error).split(": ", 1)[-1])
            return
        parts = urlsplit(url)
        segments = [unquote(s) for s in parts.path.split("/") if s]
        stem = stem_of(segments[-1]) if segments else (parts.hostname or "page")
        context = (parts.hostname or "", *segments[:-1]) if segments else ()
        item = InputItem("", url, url=url, credentials=credentials)
        self._add(item, NameRequest(stem, context, url))

    def _add_path_spec(self, spec: str) -> None:
        try:
            mode = os.stat(spec).st_mode
        except OSError as error:
            if glob.has_magic(spec):
                self._add_glob(spec)
            else:
                self._fail(spec, os_reason(error))
            return
        if stat.S_ISDIR(mode):
            self._add_folder(spec)
        elif stat.S_ISREG(mode):
            self._add_file(Path(spec), spec, explicit=True)
        else:
            self._fail(spec, SPECIAL_FILE)

    def _add_glob(self, spec: str) -> None:
        matches = sorted(glob.glob(spec, recursive=True))
        files = [match for match in matches if os.path.isfile(match)]
        if not files:
            self._fail(spec, "no file matches this pattern")
        for match in files:
            self._add_file(Path(match), match, explicit=True)

    def _add_folder(self, spec: str) -> None:
        top = Path(spec)
        if reason := self._outside_reason(top):
            self._skip(spec, reason)
            return
        before = len(self.found) + len(self.resolution.skipped)
        files: list[Path] = []
        for folder, dirnames, filenames in os.walk(top, onerror=self._unreadable):
            here = Path(folder)
            kept = []
            for dirname in sorted(dirnames):
                if dirname.startswith("."):
                    continue
                if reason := self._folder_reason(here / dirname):
                    self._skip(str(here / dirname), reason)
                else:
                    kept.append(dirname)
            dirnames[:] = kept
            for filename in sorted(filenames):
                if filename.startswith(".") or not _wanted(filename):
                    continue
                path = here / filename
                try:
                    regular = stat.S_ISREG(path.stat().st_mode)
                except OSError:
                    regular = False
                if regular:
                    files.append(path)
                else:
                    self._skip(str(path), "not a regular file")
        for path in sorted(files):
            self._add_file(path, str(path), explicit=False)
        if len(self.found) + len(self.resolution.skipped) == before:
            self._fail(spec, "folder holds no page (.html, .htm, .xhtml, .txt, .gz) or records file (.jsonl, .csv)")

    def _add_file(self, path: Path, label: str, *, explicit: bool) -> None:
        if explicit and (reason := self._outside_reason(path.parent)):
            self._skip(label, reason)
            return
        if is_records_file(path.name):
            self._add_records(path, label, explicit=explicit)
            return
        identity = str(path.resolve())
        self._add(
            InputItem("", printable(label), path=str(path)), NameRequest(stem_of(path.name), _folders(path), identity)
        )

    def _add_records(self, path: Path, label: str, *, explicit: bool) -> None:
        label = printable(label)
        identity = str(path.resolve())
        if identity in self.identities:
            return
        self.identities.add(identity)
        try:
            found = read_records(path, label, self.fields, self.limits)
        except InputError as error:
            self._fail(label, str(error).removeprefix(f"{label}: "))
            return
        if not found.has_fields:
            reason = f"no '{self.fields.html}' or '{self.fields.text}' field"
            if found.failures:  # say why the first unreadable record could not be read
                position, why = found.failures[0]
                reason += f" ({found.position_key} {position}: {why})"
            if explicit:
                self._fail(label, f"records file with {reason}")
            else:
                self._skip(label, f"records file with {reason}")
            return
        context = (*_folders(path), stem_of(path.name))
        for position, reason in found.failures:
            self._fail(f"{label}:{position}", reason)
        for record in found.records:
            origin = {"file": label, found.position_key: record.position}
            if record.id is not None:
                origin["id"] = record.id
            if record.url is not None:
                origin["url"] = record.url
            stem = record.id if record.id is not None else short_hash(record.data.decode("utf-8", "replace"), 12)
            item = InputItem(
                "",
                f"{label}:{record.position}",
                data=record.data,
                title=record.title,
                origin=origin,
                record_format=record.record_format,
            )
            self._add(item, NameRequest(stem, context, f"{identity}:{record.position}"))

    def _add(self, item: InputItem, request: NameRequest) -> None:
        if request.identity in self.identities:
            return
        self.identities.add(request.identity)
        self.found.append(_Found(item, request))

    def _fail(self, spec: str, reason: str) -> None:
        self.resolution.failures.append((printable(spec), reason))

    def _skip(self, spec: str, reason: str) -> None:
        self.resolution.skipped.append((printable(spec), reason))

    def _unreadable(self, error: OSError) -> None:
        """A folder the walk cannot list (no permission) is said, not passed over in silence."""
        self._skip(str(error.filename), os_reason(error))

    def _outside_reason(self, folder: Path) -> str | None:
        """Why nothing in this folder may be read (it or a parent is the run folder or holds a run), or None."""
        resolved = folder.resolve()
        for candidate in (resolved, *resolved.parents):
            if reason := self._folder_reason(candidate):
                return reason
        return None

    def _folder_reason(self, folder: Path) -> str | None:
        resolved = folder.resolve()
        if any(resolved == excluded for excluded in self.exclude):
            return "inside the run folder"
        if self.skip_run_folders and self._is_run_folder(resolved):
            return "inside a run folder"
        return None

    def _is_run_folder(self, folder: Path) -> bool:
        if folder not in self.run_folders:
            self.run_folders[folder] = is_run_folder(folder)
        return self.run_folders[folder]


def resolve_inputs(
    specs: list[str],
    stdin: bytes | None = None,
    *,
    exclude: Sequence[Path] = (),
    fields: RecordFields = RecordFields(),  # noqa: B008 (frozen: a shared default is safe)
    limits: Limits = Limits(),  # noqa: B008
    skip_run_folders: bool = True,
) -> Resolution:
    """Expand specs into inputs with stable unique names, the specs that failed and the paths skipped."""
    resolver = _Resolver(stdin, [Path(path).resolve() for path in exclude], fields, limits, skip_run_folders)
    for spec in specs:
        resolver.add_spec(spec)
    names = assign_names([found.request for found in resolver.found])
    resolver.resolution.items = [
        replace(found.item, name=name) for found, name in zip(resolver.found, names, strict=True)
    ]
    return resolver.resolution


def is_run_folder(folder: Path) -> bool:
    """Whether the folder is a run's: it holds a run manifest (a manifest.json with a run key) or a run's lock."""
    try:
        if (folder / RUN_STATE_LOCK).is_file():
            return True
    except OSError:  # a folder we may not look inside (permission denied) holds no run we could read
        return False
    manifest = folder / MANIFEST
    try:
        with open(manifest, "rb") as handle:
            head = handle.read(_MANIFEST_PEEK)
    except OSError:
        return False
    try:
        manifest = json.loads(head)
    except ValueError:
        return f'"{MANIFEST_MARK}"'.encode() in head  # larger than the peek: look for the key only
    return isinstance(manifest, dict) and MANIFEST_MARK in manifest


def _wanted(filename: str) -> bool:
    lowered = filename.lower()
    return lowered.endswith(PAGE_SUFFIXES) or is_records_file(lowered)


def _folders(path: Path) -> tuple[str, ...]:
    return Path(os.path.abspath(path)).parent.parts[1:]
