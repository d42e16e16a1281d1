"""A run: inputs in, one output set per article in RUNDIR, resumable, with a manifest.

1. Inputs are resolved; if none is usable, the run stops before the model loads or RUNDIR exists.
2. Rules, glossaries and the engine load; a broken one stops the run in one line, before any work.
3. RUNDIR is locked; each input becomes a task, marked done when RUNDIR already holds its output
   for the same run key; the executor prepares, translates, post-edits and writes the rest.
4. Each settled article is appended to the journal; at the end (or on Ctrl-C / SIGTERM) the
   journal is folded into `manifest.json` and `index.html` is written.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translator import __version__
from translator.errors import InputError, TranslatorError
from translator.inputs import resolve_inputs
from translator.outputs.review_index import NoIndex, RunIndex
from translator.pipeline import Stages
from translator.review.corrections import corrections_for
from translator.review.state import with_review_settings
from translator.run.executors import make_executor
from translator.run.folder import RunFolder
from translator.run.identity import run_identity, run_key
from translator.run.manifest import STAGES, ArticleEntry, Manifest, read_manifest, write_manifest
from translator.run.progress import Display, Progress
from translator.run.work import PrepareContext, RunContext, Task
from translator.settings import Settings


class Interrupted(TranslatorError):
    """The run was stopped by Ctrl-C or SIGTERM; what was finished is kept and a rerun resumes."""

    def __init__(self, finished: int, total: int, exit_code: int) -> None:
        super().__init__(
            f"interrupted: {finished} of {total} articles finished and kept; run the same command again to resume"
        )
        self.exit_code = exit_code


@dataclass
class RunSummary:
    rundir: str
    inputs: int = 0
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    segments: int = 0
    seconds: float = 0.0
    failures: list[dict[str, str]] = field(default_factory=list)
    skipped_inputs: list[tuple[str, str]] = field(default_factory=list)  # (path, why) found but not read

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def run_batch(
    specs: list[str],
    rundir: str | Path,
    settings: Settings,
    *,
    stdin: bytes | None = None,
    progress: bool = False,
    stages: Stages | None = None,
) -> RunSummary:
    """Run the pipeline on every input into `rundir`; returns the summary (also in the manifest)."""
    rundir = Path(rundir)
    settings = with_review_settings(rundir, settings)  # rules turned off in `translator review`
    limits = settings.inputs.limits()
    resolution = resolve_inputs(specs, stdin, exclude=[rundir], fields=settings.inputs.fields(), limits=limits)
    items, failures = resolution.items, resolution.failures
    if not items:
        shown = "; ".join(f"{spec}: {reason}" for spec, reason in failures) or "no input given"
        raise InputError(f"nothing to do: {shown}")
    if settings.run.ref is not None and not Path(settings.run.ref).is_dir():
        raise InputError(f"{settings.run.ref}: no such reference folder (--ref)")
    stages = stages or Stages.load(settings)
    executor = make_executor(settings, PrepareContext(stages, limits))
    executor.start(len(items))
    folder = RunFolder(rundir, settings.run.formats)
    try:
        engine = executor.load_engine(settings)
        model = engine.identity()
        identity = run_identity(stages, model)
        corrections = corrections_for(model)
        identity["corrections"] = corrections.fingerprint if corrections else None  # a new one redoes the run
        base_key = run_key(identity)
        folder.open()
        index = RunIndex(rundir, rundir.name) if "review" in settings.run.formats else NoIndex()
        manifest, previous = _start_manifest(rundir, folder, base_key, identity, executor.name)
        for spec, reason in failures:
            _settle(manifest, folder, spec, ArticleEntry(input=spec, status="failed", reason=f"{spec}: {reason}"))
            index.add(spec, f"{spec}: {reason}")
        tasks = [Task(item, None if settings.run.force else folder.existing(item.name, base_key)) for item in items]
        provenance = _provenance(identity)
        context = RunContext(stages, base_key, provenance, corrections)
        names = [item.name for item in items]
        with _display(progress, len(items)) as shown, _terminate_as_interrupt():
            try:
                for prepared in executor.execute(tasks, context, engine, folder, shown):
                    entry = prepared.entry()
                    if prepared.status == "skipped":
                        entry = _carry_over(entry, previous.get(prepared.item.name))
                    _settle(manifest, folder, prepared.item.name, entry)
                    _index(index, prepared)
                    shown.article_done((entry.segments or 0) if entry.status == "ok" else 0)
                    prepared.article = None  # written; free the memory
            except (KeyboardInterrupt, _Terminated) as stop:
                executor.shutdown()
                folder.seal()  # an abandoned writer thread can no longer add an article after the count
                # counted on disk: an article whose record landed just before the signal is finished too
                done = sum(folder.done_sha256(name, base_key) is not None for name in names)
                _close(rundir, folder, manifest, names, shown, index, settings.run.ref)
                raise Interrupted(done, len(items), 143 if isinstance(stop, _Terminated) else 130) from None
        summary = _close(rundir, folder, manifest, names, shown, index, settings.run.ref)
        summary.skipped_inputs = resolution.skipped
        return summary
    finally:
        executor.shutdown()
        folder.close()


def _start_manifest(
    rundir: Path, folder: RunFolder, base_key: str, identity: dict, executor: str
) -> tuple[Manifest, dict[str, ArticleEntry]]:
    """A new manifest, and the entries of the last run (its manifest, then a killed run's journal)
    so that skipped articles keep their counts."""
    last = read_manifest(rundir)
    previous = dict(last.articles) if last else {}
    previous.update(folder.journal.entries())
    manifest = Manifest(
        tool=f"translator {__version__}",
        run_key=base_key,
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        identity=identity,
        executor=executor,
    )
    write_manifest(rundir, manifest)  # an unwritable folder stops the run here, before any work
    folder.journal.path.unlink(missing_ok=True)
    return manifest, previous


def _carry_over(entry: ArticleEntry, before: ArticleEntry | None) -> ArticleEntry:
    """A skipped article keeps the counts its earlier run recorded."""
    if before is not None:
        entry.segments, entry.cached_segments, entry.flags = before.segments, before.cached_segments, before.flags
    return entry


def _settle(manifest: Manifest, folder: RunFolder, name: str, entry: ArticleEntry) -> None:
    manifest.articles[name] = entry
    folder.journal.append(name, entry)


def _provenance(identity: dict[str, Any]) -> dict[str, Any]:
    """What each record says produced it (the manifest keeps the full lists of rule ids)."""
    return {
        "tool": __version__,
        "model": identity["model"],
        "options": identity["options"],
        **{key: {k: v for k, v in identity[key].items() if k != "ids"} for key in ("glossary", "rules", "postedit")},
    }


def _close(
    rundir: Path,
    folder: RunFolder,
    manifest: Manifest,
    names: list[str],
    shown: Progress,
    index: RunIndex | NoIndex,
    ref: Path | None = None,
) -> RunSummary:
    """Fold the run into manifest.json (articles in input order), with its scores against `ref`,
    write the index and the summary."""
    seconds = time.perf_counter() - shown.started
    wanted = set(names)
    unresolved = {name: entry for name, entry in manifest.articles.items() if name not in wanted}
    ordered = {**unresolved, **{name: manifest.articles[name] for name in names if name in manifest.articles}}
    manifest.articles = ordered
    entries = list(ordered.values())
    statuses = [entry.status for entry in entries]
    stage_seconds = dict.fromkeys(STAGES, 0.0)
    for entry in entries:
        for stage, value in entry.timings.items():
            stage_seconds[stage] += value
    segments = sum(entry.segments or 0 for entry in entries if entry.status == "ok")
    manifest.totals = {
        "inputs": len(entries),
        "ok": statuses.count("ok"),
        "skipped": statuses.count("skipped"),
        "failed": statuses.count("failed"),
        "segments": segments,
        "seconds": round(seconds, 3),
        "articles_per_second": round(statuses.count("ok") / seconds, 3) if seconds else 0.0,
        "segments_per_second": round(segments / seconds, 2) if seconds else 0.0,
        "stage_seconds": {stage: round(value, 4) for stage, value in stage_seconds.items()},
    }
    manifest.finished = datetime.now(UTC).isoformat(timespec="seconds")
    folder.compact_collected([name for name in names if name in ordered and ordered[name].status != "failed"])
    if ref is not None:
        manifest.scores = _scores(rundir, ref)
        index.score(manifest.scores.get("articles", {}))
    write_manifest(rundir, manifest)
    folder.journal.close()
    folder.journal.path.unlink(missing_ok=True)
    index.close()
    return RunSummary(
        rundir=str(rundir),
        **{key: manifest.totals[key] for key in ("inputs", "ok", "skipped", "failed", "segments", "seconds")},
        failures=[
            {"name": name, "input": entry.input, "reason": entry.reason or ""}
            for name, entry in ordered.items()
            if entry.status == "failed"
        ],
    )


def _scores(rundir: Path, ref: Path) -> dict:
    """The run's scores against `ref` (the articles that pair), or why there are none."""
    from translator.score import score_run

    try:
        return score_run(rundir, ref, partial=True).to_dict()
    except TranslatorError as error:
        return {"error": str(error)}


def _index(index: RunIndex | NoIndex, prepared) -> None:
    """The index learns of each settled article as it lands (it rewrites itself at most every 2 s)."""
    if prepared.status == "failed":
        index.add(prepared.item.name, prepared.reason)
    elif prepared.status == "skipped":
        index.keep(prepared.item.name)
    elif prepared.article is not None:
        index.add(prepared.item.name, prepared.article)


def _display(show: bool, total: int) -> Progress:
    return Display(total) if show else Progress(total)


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so the run stops the way it does on Ctrl-C."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: object) -> None:
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
