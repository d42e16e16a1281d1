"""The one typed `Settings` of every command, read once: defaults < `translator.toml` < command line.

Each table of the settings file is a frozen dataclass section declared with `translator.schema.setting`:

    [run]      RunSettings       what a run applies and writes (glossaries, packs, formats, workers)
    [clean]    CleanSettings     what `translator clean` writes
    [inputs]   InputSettings     size and time limits, field names of records files
    [model]    ModelSettings     which model, offline, translation memory
    [engine]   EngineOptions     how the engine decodes (beam, threads, lengths)
    [postedit] PosteditConfig    which post-edit rules run, house style, QA thresholds

Values are checked against the field types and bounds; an unknown key or a wrong type is one
line naming the file, the key and what was expected. Paths set in a file resolve against that
file's folder. `Settings.origins` says where each value came from, for `translator config show`.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from translator.engine.options import EngineOptions
from translator.errors import SettingsError
from translator.inputs import Limits, RecordFields
from translator.outputs.formats import ARTICLE_FORMATS, RUN_FORMATS
from translator.postedit.config import PosteditConfig
from translator.schema import Invalid, check, convert, setting, type_hints

CONFIG_FILE = "translator.toml"
DEFAULT, COMMAND_LINE = "default", "command line"


@dataclass(frozen=True)
class RunSettings:
    glossaries: tuple[Path, ...] = setting((), help="Glossary file applied after the shipped ones.", flag="--glossary")
    packs: tuple[str, ...] = setting((), help="Shipped glossary pack to add (see `glossary packs`).", flag="--pack")
    default_glossary: bool = setting(
        True, help="Apply the shipped default glossaries.", flag="--default-glossary/--no-default-glossary"
    )
    boilerplate_rules: tuple[Path, ...] = setting(
        (), help="Extra boilerplate rule file for the cleaner.", flag="--boilerplate-rules"
    )
    formats: tuple[str, ...] = setting(
        ("md", "json", "review"), help="Output formats, comma-separated.", flag="--to", choices=RUN_FORMATS
    )
    force: bool = setting(False, help="Redo articles already finished in RUNDIR.", flag="--force")
    workers: int = setting(
        0, help="Processes preparing pages (0: one per CPU, up to 8).", flag="--workers", low=0, high=256
    )
    chunk_segments: int = setting(256, help="Segments per engine call.", low=1, high=100_000)
    executor: str = setting("local", help="Where the run executes.", flag="--executor", choices=("local", "ray"))
    ray_address: str | None = setting(
        None,
        help="Ray cluster to join with --executor ray (auto, ray://HOST:10001); unset: start a local Ray.",
        flag="--ray-address",
    )
    ref: Path | None = setting(
        None, help="Reference folder (NAME.json or NAME.en.txt): score the run against it.", flag="--ref"
    )

    def __post_init__(self) -> None:
        check(self, "run")


@dataclass(frozen=True)
class CleanSettings:
    formats: tuple[str, ...] = setting(
        ("md",), help="Output formats, comma-separated.", flag="--to", choices=ARTICLE_FORMATS
    )
    french_only: bool = setting(False, help="Fail inputs that are clearly not French.", flag="--french-only")

    def __post_init__(self) -> None:
        check(self, "clean")


@dataclass(frozen=True)
class InputSettings:
    timeout: float = setting(
        20.0, help="Seconds allowed to fetch one URL, all of it.", flag="--timeout", low=0.1, high=3600
    )
    max_bytes: int = setting(
        20_000_000, help="Largest page accepted (a file, a URL, stdin or a record), in bytes.", low=1
    )
    max_records_bytes: int = setting(1_000_000_000, help="Largest records file (JSONL, CSV, Parquet), in bytes.", low=1)
    max_redirects: int = setting(10, help="Redirects followed for one URL.", low=0, high=100)
    html_field: str = setting("html", help="Records field holding a page's HTML.", flag="--html-field")
    text_field: str = setting("text", help="Records field holding a page's text.", flag="--text-field")
    url_field: str = setting("url", help="Records field holding a page's URL.")
    id_field: str = setting("id", help="Records field naming each article.", flag="--id-field")
    title_field: str = setting("title", help="Records field holding a headline.")

    def __post_init__(self) -> None:
        check(self, "inputs")

    def limits(self) -> Limits:
        return Limits(self.max_bytes, self.timeout, self.max_records_bytes, self.max_redirects)

    def fields(self) -> RecordFields:
        return RecordFields(self.html_field, self.text_field, self.url_field, self.id_field, self.title_field)


@dataclass(frozen=True)
class ModelSettings:
    path: Path | None = setting(
        None, help="Argos package folder, .argosmodel file or CTranslate2 folder.", flag="--model"
    )
    offline: bool = setting(False, help="Never download a model.", flag="--offline")
    cache: bool = setting(True, help="Read and write the translation memory.", flag="--cache/--no-cache")

    def __post_init__(self) -> None:
        check(self, "model")


SECTIONS: dict[str, type] = {
    "run": RunSettings,
    "clean": CleanSettings,
    "inputs": InputSettings,
    "model": ModelSettings,
    "engine": EngineOptions,
    "postedit": PosteditConfig,
}


@dataclass(frozen=True)
class Settings:
    run: RunSettings = field(default_factory=RunSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    inputs: InputSettings = field(default_factory=InputSettings)
    model: ModelSettings = field(default_factory=ModelSettings)
    engine: EngineOptions = field(default_factory=EngineOptions)
    postedit: PosteditConfig = field(default_factory=PosteditConfig)
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name, cls in SECTIONS.items():
            if not isinstance(getattr(self, name), cls):
                raise SettingsError(f"[{name}]: expected {cls.__name__}, got {getattr(self, name)!r}")

    def values(self) -> dict[str, Any]:
        """Every setting as `section.key` → value, in declaration order."""
        return {
            f"{name}.{item.name}": getattr(getattr(self, name), item.name)
            for name in SECTIONS
            for item in fields(SECTIONS[name])
        }

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT)


def load_settings(config: str | Path | None = None, given: dict[str, Any] | None = None) -> Settings:
    """Defaults, then the settings file (`config`, else ./translator.toml if present), then `given`
    (`section.key` → value, what the command line set)."""
    tables: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    origins: dict[str, str] = {}
    path = Path(config) if config else Path(CONFIG_FILE)
    if config or path.is_file():
        for section, key, value in _read_file(path):
            tables[section][key] = value
            origins[f"{section}.{key}"] = f"file:{path}"
    for dotted, value in (given or {}).items():
        section, key = dotted.split(".", 1)
        tables[section][key] = _coerce(value, _field(section, key), f"command line: {_flag_of(section, key)}", None)
        origins[dotted] = COMMAND_LINE
    parts = {}
    for section, cls in SECTIONS.items():
        try:
            parts[section] = replace(cls(), **tables[section])
        except ValueError as error:  # a section's own check across its fields
            where = next((o for k, o in origins.items() if k.startswith(f"{section}.")), COMMAND_LINE)
            raise SettingsError(f"{where.removeprefix('file:')}: [{section}] {error}") from None
    return Settings(**parts, origins=origins)


def _read_file(path: Path) -> list[tuple[str, str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # editors on Windows may write a BOM
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such settings file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"{path}: cannot read the settings file ({getattr(error, 'strerror', None) or error})"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from None
    found = []
    for section, table in data.items():
        if section not in SECTIONS:
            raise SettingsError(f"{path}: unknown table [{section}]{_did_you_mean(section, SECTIONS)}")
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: {section} must be a table ([{section}])")
        names = {item.name: item for item in fields(SECTIONS[section])}
        for key, value in table.items():
            if key not in names:
                raise SettingsError(f"{path}: unknown setting [{section}] {key}{_suggestion(section, key)}")
            found.append(
                (section, key, _coerce(value, names[key], f"{path}: [{section}] {key}", path.resolve().parent))
            )
    return found


def _suggestion(section: str, key: str) -> str:
    """A close key in this table, else in another table, else the table's keys."""
    names = [item.name for item in fields(SECTIONS[section])]
    if difflib.get_close_matches(key, names, n=1):
        return _did_you_mean(key, names)
    elsewhere = {f"[{s}] {item.name}": item.name for s in SECTIONS for item in fields(SECTIONS[s]) if s != section}
    close = difflib.get_close_matches(key, list(elsewhere.values()), n=1)
    if close:
        return f"; did you mean {next(k for k, v in elsewhere.items() if v == close[0])}?"
    return _did_you_mean(key, names)


def _did_you_mean(word: str, known: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(known))}"


def _field(section: str, key: str) -> dataclasses.Field:
    return next(item for item in fields(SECTIONS[section]) if item.name == key)


def _flag_of(section: str, key: str) -> str:
    flag = _field(section, key).metadata.get("flag") or f"{section}.{key}"
    return flag.split("/")[0]


def _coerce(value: Any, item: dataclasses.Field, where: str, base: Path | None) -> Any:
    """`value` as the field's type, within its bounds; paths from a file resolve against `base`."""
    try:
        return convert(value, field_type(item), item.metadata, base)
    except Invalid as bad:
        raise SettingsError(f"{where}: expected {bad.expected}, got {value!r}") from None


def field_type(item: dataclasses.Field) -> Any:
    """The field's resolved type annotation (the sections use postponed annotations)."""
    owner = next(cls for cls in SECTIONS.values() if item in fields(cls))
    return type_hints(owner)[item.name]
