"""A batch run: inputs in, one output set per article in RUNDIR, resumable, with a manifest.

How a run goes:
- the engine, glossaries and rules load first, so a missing model or a broken glossary stops the
  run before any work, with one line;
- every input is read and prepared (extract → segment → fix_source → glossary) in worker
  processes, in parallel with the engine;
- prepared articles are gathered in input order into chunks of a few hundred segments, each chunk
  translated in one engine call, then post-edited and written at once, so finished articles land
  on disk early;
- each article's files are written atomically, its JSON record last: the record marks it done.
  A rerun skips an article whose record carries the same run key (input hash, options, model,
  glossaries, rules); `force` redoes everything;
- an input that fails is reported with its reason and the batch goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translator import __version__, pipeline
from translator.document import FORMAT_VERSION, Article
from translator.errors import InputError, TranslatorError
from translator.fileio import atomic_write_text
from translator.inputs import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, InputItem, Limits, read_input, resolve_inputs
from translator.outputs.review_index import RunIndex
from translator.review.corrections import CorrectionStore, apply_corrections
from translator.review.state import postedit_overrides

CONFIG_FILE = "translator.toml"
MANIFEST = "manifest.json"
MAX_DEFAULT_WORKERS = 8  # page preparation is a small share of a run; more processes only cost memory
STAGES = ("read", "extract", "segment", "fix_source", "glossary", "translate", "postedit", "write")


@dataclass(frozen=True)
class RunSettings:
    """Everything a run can be told, from `translator.toml`, `--config` or the command line."""

    glossaries: tuple[str, ...] = ()
    default_glossary: bool = True
    rules: tuple[str, ...] = ()
    model: str | None = None
    beam: int | None = None
    offline: bool = False
    cache: bool = True
    to_text: bool = False
    force: bool = False
    workers: int = 0  # 0: one per CPU (up to 8); 1: everything in this process
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    chunk_segments: int = 256
    engine: dict[str, Any] = field(default_factory=dict)  # the `[engine]` table: decoding options
    postedit: dict[str, Any] = field(default_factory=dict)  # the `[postedit]` table
    config_dir: str | None = None  # where relative paths in the settings file start

    def options(self) -> dict[str, Any]:
        """The settings that decide the output, as recorded in the manifest and the run key."""
        return {
            "glossaries": list(self.glossaries),
            "default_glossary": self.default_glossary,
            "rules": list(self.rules),
            "model": self.model,
            "beam": self.beam,
            "engine": dict(sorted(self.engine.items())),
            "postedit": dict(sorted(self.postedit.items())),
        }

    def engine_options(self) -> dict[str, Any]:
        return {**self.engine, **({"beam_size": self.beam} if self.beam else {})}


def load_settings(config: str | Path | None, overrides: dict[str, Any]) -> RunSettings:
    """Defaults, then `translator.toml` (or the `--config` file), then what the command line set.

    `overrides["disable_rules"]` adds post-edit rule ids to the file's `[postedit] disable` list.

    The file's `[run]` table holds these settings, `[engine]` the engine's decoding options and
    `[postedit]` the post-editor's (rule files relative to the file's folder).
    """
    import tomllib

    values: dict[str, Any] = {}
    path = Path(config) if config else Path(CONFIG_FILE)
    if config or path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise InputError(f"{path}: cannot read the configuration ({error})") from error
        run = data.get("run", {})
        known = {f.name for f in fields(RunSettings)} - {"engine", "postedit", "config_dir"}
        unknown = sorted(set(run) - known)
        if unknown:
            raise InputError(
                f"{path}: unknown [run] setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        values.update(run)
        values["engine"] = dict(data.get("engine", {}))
        values["postedit"] = dict(data.get("postedit", {}))
        values["config_dir"] = str(path.resolve().parent)
    disabled_rules = overrides.pop("disable_rules", None) or ()
    values.update({key: value for key, value in overrides.items() if value is not None})
    if disabled_rules:
        table = dict(values.get("postedit", {}))
        table["disable"] = [*table.get("disable", []), *disabled_rules]
        values["postedit"] = table
    for key in ("glossaries", "rules"):
        if isinstance(values.get(key), str):
            values[key] = (values[key],)
        values[key] = tuple(values.get(key, ()))
    try:
        return RunSettings(**values)
    except TypeError as error:
        raise InputError(f"{path}: bad setting ({error})") from error


# ---------------------------------------------------------------- stages, in this process or a worker


@dataclass
class _Stages:
    rules: Any
    glossary: Any
    postedit_config: Any


_WORKER: dict[str, _Stages] = {}


def _load_stages(settings: RunSettings) -> _Stages:
    from translator.extract import load_rules
    from translator.glossary import load_glossaries
    from translator.postedit.config import PosteditConfig

    base_dir = Path(settings.config_dir) if settings.config_dir else None
    return _Stages(
        rules=load_rules(settings.rules),
        glossary=load_glossaries(settings.glossaries, use_default=settings.default_glossary),
        postedit_config=PosteditConfig.from_mapping(settings.postedit, base_dir),
    )


@dataclass
class _Prepared:
    item: InputItem
    status: str  # "prepared" | "skipped" | "failed"
    sha256: str = ""
    size: int = 0
    key: str = ""
    article: Article | None = None
    reason: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def _prepare(item: InputItem, limits: Limits, base_key: str, done_key: str | None) -> _Prepared:
    """Read one input and bring it up to translation; a failure here only fails this input."""
    start = time.perf_counter()
    try:
        data = read_input(item, limits)
    except TranslatorError as error:
        return _Prepared(item, "failed", reason=_reason(item, error))
    digest = hashlib.sha256(data).hexdigest()
    key = hashlib.sha256(f"{base_key}:{digest}".encode()).hexdigest()
    result = _Prepared(item, "prepared", sha256=digest, size=len(data), key=key)
    result.timings["read"] = time.perf_counter() - start
    if done_key == key:
        result.status = "skipped"
        return result
    stages = _WORKER["stages"]
    try:
        result.article, timings = pipeline.prepare(
            data,
            item.name,
            filename=item.filename,
            url=item.url,
            path=item.path,
            rules=stages.rules,
            glossary=stages.glossary,
            postedit_config=stages.postedit_config,
        )
    except TranslatorError as error:
        return _failed(result, _reason(item, error))
    except Exception as error:  # one bad page must never stop the batch
        return _failed(result, f"{item.label}: {type(error).__name__}: {error}")
    result.timings.update(timings)
    return result


def _reason(item: InputItem, error: TranslatorError) -> str:
    """The one-line reason, naming the input once."""
    message = str(error)
    return message if message.startswith(item.label) else f"{item.label}: {message}"


def _failed(result: _Prepared, reason: str) -> _Prepared:
    result.status = "failed"
    result.reason = reason
    result.article = None
    return result


# ---------------------------------------------------------------- outputs


def output_paths(rundir: Path, name: str, to_text: bool) -> list[Path]:
    """An article's files, its JSON record last: the record is written last and marks it done."""
    from translator.outputs.review import article_page_path

    paths = [rundir / f"{name}.en.md", rundir / article_page_path(name)]
    if to_text:
        paths.append(rundir / f"{name}.en.txt")
    return [*paths, rundir / f"{name}.json"]


def write_article(rundir: Path, article: Article, to_text: bool) -> None:
    """Write every output of one article, each atomically, the record last."""
    from translator.outputs.json_record import render_json
    from translator.outputs.markdown import render_markdown
    from translator.outputs.review import render_article_page
    from translator.outputs.text import render_text

    renderers = {
        ".en.md": lambda: render_markdown(article, english=True),
        ".html": lambda: render_article_page(article),
        ".en.txt": lambda: render_text(article, english=True),
        ".json": lambda: render_json(article),
    }
    paths = output_paths(rundir, article.source.name, to_text)
    paths[-1].unlink(missing_ok=True)  # the old record must not vouch for files being replaced
    for path in paths:
        suffix = next(s for s in renderers if path.name.endswith(s))
        atomic_write_text(path, renderers[suffix]())


def _done_key(rundir: Path, name: str, to_text: bool) -> str | None:
    """The run key of an article finished earlier in this folder, if all its files are there."""
    paths = output_paths(rundir, name, to_text)
    if not all(p.is_file() for p in paths):
        return None
    try:
        record = json.loads(paths[-1].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record.get("provenance", {}).get("run_key")


def _previous_articles(rundir: Path) -> dict[str, dict[str, Any]]:
    """Per-article entries of the last manifest in this folder, to carry over for skipped articles."""
    try:
        return json.loads((rundir / MANIFEST).read_text(encoding="utf-8")).get("articles", {})
    except (OSError, ValueError, AttributeError):
        return {}


def _remove_stale_temporaries(rundir: Path) -> None:
    """Temp files left by a run killed mid-write (never under a final name) are dropped."""
    for folder in (rundir, rundir / "review", rundir / "review" / "static"):
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)


# ---------------------------------------------------------------- the run


class Run:
    """One batch run into a folder: owns the manifest, the progress display and the chunking."""

    def __init__(self, rundir: Path, settings: RunSettings, *, show_progress: bool) -> None:
        self.rundir = rundir
        self.settings = settings
        self.show_progress = show_progress
        self.manifest: dict[str, Any] = {}
        self.previous: dict[str, dict[str, Any]] = {}
        self.started = time.perf_counter()
        self.segments_done = 0

    def execute(self, specs: list[str], stdin: bytes | None = None) -> dict[str, Any]:
        items, missing = resolve_inputs(specs, stdin)
        # post-edit rules the reviewer turned off for this folder (`translator review`)
        self.settings = replace(self.settings, postedit=postedit_overrides(self.rundir, self.settings.postedit))
        stages = _load_stages(self.settings)
        _WORKER["stages"] = stages
        with self._pool(len(items)) as pool:
            return self._execute(items, missing, stages, pool)

    def _pool(self, count: int):
        """Worker processes for preparing pages, forked now: before the engine starts its threads.

        Forking (not spawning) also spares each worker re-importing the command that started it;
        the workers inherit the loaded rules and glossary.
        """
        workers = min(self.settings.workers or min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS), count)
        if workers <= 1:
            return contextlib.nullcontext(None)
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        pool.submit(os.getpid).result()  # with fork, the first task starts every worker at once
        return pool

    def _execute(self, items, missing, stages: _Stages, pool: ProcessPoolExecutor | None) -> dict[str, Any]:
        from translator.engine import load_engine

        try:
            engine = load_engine(
                self.settings.model,
                offline=self.settings.offline,
                options=self.settings.engine_options() or None,
                cache=self.settings.cache,
            )
        except ValueError as error:  # an unknown or invalid [engine] setting
            raise InputError(f"engine settings: {error}") from error
        self.corrections, self.corrections_key = _open_corrections(engine)
        identity = {
            "tool": __version__,
            "format": FORMAT_VERSION,
            "model": engine.identity(),
            "glossary": _glossary_identity(stages.glossary),
            "rules": _rules_identity(stages.rules),
            "postedit": _postedit_identity(stages.postedit_config),
            "options": self.settings.options(),
            "corrections": self.corrections.fingerprint(self.corrections_key) if self.corrections else None,
        }
        base_key = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()
        try:
            self.rundir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise TranslatorError(f"{self.rundir}: cannot create the run folder ({error.strerror or error})") from error
        _remove_stale_temporaries(self.rundir)
        self.index = RunIndex(self.rundir, self.rundir.name)
        self.previous = _previous_articles(self.rundir)
        self.manifest = {
            "tool": f"translator {__version__}",
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "run_key": base_key,
            **identity,
            "inputs": [],
            "articles": {},
        }
        self._write_manifest()  # an unwritable folder stops the run here, before any work
        for spec, reason in missing:
            self._record(spec, {"input": spec, "status": "failed", "reason": f"{spec}: {reason}"})
            self.index.add(spec, f"{spec}: {reason}")
        # the record names what produced it; the manifest keeps the full lists (entries, rule ids)
        provenance = {
            "tool": __version__,
            "model": identity["model"],
            "options": identity["options"],
            **{
                key: {k: v for k, v in identity[key].items() if k not in ("entries", "ids")}
                for key in ("glossary", "rules", "postedit")
            },
        }
        limits = Limits(max_bytes=self.settings.max_bytes, timeout=self.settings.timeout)
        done = {
            item.name: None if self.settings.force else _done_key(self.rundir, item.name, self.settings.to_text)
            for item in items
        }
        with self._progress(len(items)) as advance:
            for batch in self._prepared(items, limits, base_key, done, pool):
                self._finish_chunk(batch, engine, stages, provenance, advance)
        self.index.close()
        return self._close()

    # -- preparing, in a pool of processes when it pays

    def _prepared(self, items, limits, base_key, done, pool):
        """Yield chunks of prepared inputs, in input order, each ready for one engine call."""
        pending: list[_Prepared] = []
        segments = 0

        def results():
            if pool is None:
                for item in items:
                    yield _prepare(item, limits, base_key, done[item.name])
                return
            futures = [pool.submit(_prepare, item, limits, base_key, done[item.name]) for item in items]
            for item, future in zip(items, futures, strict=True):
                try:
                    yield future.result()
                except Exception as error:  # a crashed worker fails its input, not the run
                    yield _Prepared(item, "failed", reason=f"{item.label}: worker failed ({error})")

        for result in results():
            pending.append(result)
            if result.article is not None:
                segments += len(result.article.segments())
            if segments >= self.settings.chunk_segments:
                yield pending
                pending, segments = [], 0
        if pending:
            yield pending

    # -- translating, post-editing and writing one chunk

    def _finish_chunk(self, batch: list[_Prepared], engine, stages: _Stages, provenance, advance) -> None:
        articles = [p for p in batch if p.article is not None]
        try:
            seconds = pipeline.translate([p.article for p in articles], engine)
            self._share(articles, seconds)
            if self.corrections is not None:
                apply_corrections([p.article for p in articles], self.corrections, self.corrections_key)
        except Exception:
            # Isolate the input that broke the chunk: translate each article on its own.
            for prepared in articles:
                try:
                    self._share([prepared], pipeline.translate([prepared.article], engine))
                    if self.corrections is not None:
                        apply_corrections([prepared.article], self.corrections, self.corrections_key)
                except Exception as error:
                    _failed(prepared, f"{prepared.item.label}: translation failed: {type(error).__name__}: {error}")
        for prepared in batch:
            if prepared.article is not None:
                self._finish_article(prepared, engine, stages, provenance)
            self._record_prepared(prepared)
            advance(prepared)

    @staticmethod
    def _share(articles: list[_Prepared], seconds: float) -> None:
        """Split a chunk's translation time over its articles by segment count."""
        total = sum(len(p.article.segments()) for p in articles) or 1
        for prepared in articles:
            prepared.timings["translate"] = seconds * len(prepared.article.segments()) / total

    def _finish_article(self, prepared: _Prepared, engine, stages: _Stages, provenance) -> None:
        article = prepared.article
        try:
            prepared.timings.update(
                pipeline.finish(
                    article,
                    engine=engine,
                    postedit_config=stages.postedit_config,
                    provenance={**provenance, "run_key": prepared.key, "input_sha256": prepared.sha256},
                )
            )
            start = time.perf_counter()
            write_article(self.rundir, article, self.settings.to_text)
            prepared.timings["write"] = time.perf_counter() - start
        except TranslatorError as error:
            _failed(prepared, _reason(prepared.item, error))
        except Exception as error:
            _failed(prepared, f"{prepared.item.label}: {type(error).__name__}: {error}")

    # -- the manifest

    def _record_prepared(self, prepared: _Prepared) -> None:
        item = prepared.item
        if prepared.sha256:
            self.manifest["inputs"].append(
                {"input": item.label, "name": item.name, "sha256": prepared.sha256, "bytes": prepared.size}
            )
        entry: dict[str, Any] = {"input": item.label, "status": prepared.status, "sha256": prepared.sha256 or None}
        if prepared.status == "prepared":
            entry["status"] = "ok"
        if prepared.reason:
            entry["reason"] = prepared.reason
        if prepared.status == "skipped":
            before = self.previous.get(item.name, {})
            entry.update({key: before[key] for key in ("segments", "cached_segments", "flags") if key in before})
        if prepared.article is not None:
            segments = prepared.article.segments()
            self.segments_done += len(segments)
            entry["segments"] = len(segments)
            entry["cached_segments"] = sum(s.cached for s in segments)
            entry["flags"] = _flag_counts(prepared.article)
        entry["timings"] = {stage: round(prepared.timings[stage], 6) for stage in STAGES if stage in prepared.timings}
        self._record(item.name, entry)
        if prepared.status == "failed":
            self.index.add(item.name, prepared.reason)
        elif prepared.status == "skipped":
            self.index.keep(item.name)
        else:
            self.index.add(item.name, prepared.article)
        prepared.article = None  # written; free the memory

    def _record(self, name: str, entry: dict[str, Any]) -> None:
        self.manifest["articles"][name] = entry
        self._write_manifest()

    def _write_manifest(self) -> None:
        """The manifest, rewritten atomically; a folder that cannot take it stops the run in one line."""
        try:
            atomic_write_text(self.rundir / MANIFEST, json.dumps(self.manifest, ensure_ascii=False, indent=1) + "\n")
        except OSError as error:
            raise TranslatorError(f"{self.rundir / MANIFEST}: cannot write ({error.strerror or error})") from error

    def _close(self) -> dict[str, Any]:
        articles = self.manifest["articles"]
        seconds = time.perf_counter() - self.started
        statuses = [entry["status"] for entry in articles.values()]
        stage_seconds = {stage: 0.0 for stage in STAGES}
        for entry in articles.values():
            for stage, value in entry.get("timings", {}).items():
                stage_seconds[stage] += value
        totals = {
            "inputs": len(articles),
            "ok": statuses.count("ok"),
            "skipped": statuses.count("skipped"),
            "failed": statuses.count("failed"),
            "segments": self.segments_done,
            "seconds": round(seconds, 3),
            "articles_per_second": round(statuses.count("ok") / seconds, 3) if seconds else 0.0,
            "segments_per_second": round(self.segments_done / seconds, 2) if seconds else 0.0,
            "stage_seconds": {stage: round(value, 4) for stage, value in stage_seconds.items()},
        }
        self.manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.manifest["totals"] = totals
        self._write_manifest()
        failures = [
            {"name": name, "input": entry["input"], "reason": entry.get("reason", "")}
            for name, entry in articles.items()
            if entry["status"] == "failed"
        ]
        return {"rundir": str(self.rundir), **totals, "failures": failures}

    # -- progress

    def _progress(self, total: int):
        return _ProgressDisplay(total, self) if self.show_progress else _NoProgress()


class _NoProgress:
    def __enter__(self):
        return lambda prepared: None

    def __exit__(self, *exc) -> None:
        return None


class _ProgressDisplay:
    """Articles done, segments per second and ETA on stderr, with rich."""

    def __init__(self, total: int, run: Run) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.run = run
        self.progress = Progress(
            TextColumn("[bold]translating"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} segments/s"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("run", total=total, rate="0.0")

    def __enter__(self):
        self.progress.__enter__()

        def advance(prepared: _Prepared) -> None:
            elapsed = time.perf_counter() - self.run.started
            rate = self.run.segments_done / elapsed if elapsed else 0.0
            self.progress.update(self.task, advance=1, rate=f"{rate:.1f}")

        return advance

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)


def _open_corrections(engine) -> tuple[CorrectionStore | None, str]:
    """The reviewers' corrections for this engine's settings; a store that cannot open is warned about."""
    import warnings

    try:
        return CorrectionStore(), engine.identity()["cache_key"]
    except TranslatorError as error:
        warnings.warn(f"corrections not applied: {error}", stacklevel=2)
        return None, ""


def _flag_counts(article: Article) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for flag in [*article.flags, *(f for s in article.segments() for f in s.flags)]:
        counts[flag.severity] = counts.get(flag.severity, 0) + 1
    return counts


def _glossary_identity(glossary: Any) -> dict[str, Any]:
    """The glossary's files and hash, plus its effective entries so that `diff` can name them."""
    entries = [{"fr": e.fr, "en": e.en, "kind": e.kind} for e in [*glossary.active, *glossary.forbidden]]
    return {**glossary.identity(), "entries": entries}


def _rules_identity(rules: Any) -> dict[str, Any]:
    """The boilerplate rules in force: their ids, and a hash of what each one does."""
    digest = hashlib.sha256()
    for rule in rules.rules:
        digest.update(f"{rule.id}\t{rule.category}\t{rule.action}\t{rule.max_words}\t{rule.pattern.pattern}\n".encode())
    return {"count": len(rules.rules), "sha256": digest.hexdigest(), "ids": sorted(rule.id for rule in rules.rules)}


def _postedit_identity(config: Any) -> dict[str, Any]:
    """The post-edit rules that will run, in order, and a hash of the settings and user rule files."""
    from translator.postedit import rule_set

    digest = hashlib.sha256(repr(config).encode())
    for path in config.rule_files:
        digest.update(Path(path).read_bytes() if Path(path).is_file() else b"")
    return {"ids": rule_set(config).ids, "sha256": digest.hexdigest()}


def run_batch(
    specs: list[str], rundir: str | Path, settings: RunSettings, *, stdin: bytes | None = None, progress: bool = True
) -> dict[str, Any]:
    """Run the pipeline on every input into `rundir`; returns the summary (also in the manifest)."""
    return Run(Path(rundir), settings, show_progress=progress).execute(specs, stdin)
