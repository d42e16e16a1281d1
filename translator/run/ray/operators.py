"""What runs on the Ray workers: the same per-unit functions as the local executor, wrapped as
Ray Data operators. Rows carry one input each: `index` (its task's position), `prepared` (the
pickled `Prepared`) and, after translation, `memory` (new translation-memory entries, pickled,
on the first row of each batch)."""

from __future__ import annotations

import pickle
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from translator.engine.options import EngineOptions
from translator.errors import TranslatorError
from translator.run.folder import RunFolder
from translator.run.ray.memory import SnapshotMemory
from translator.run.work import PrepareContext, Prepared, RunContext, postedit, prepare, translate_chunk, write


def prepare_row(row: dict[str, Any], context: PrepareContext) -> dict[str, Any]:
    """Read one input and bring it up to translation (a task)."""
    return {"index": row["index"], "prepared": pickle.dumps(prepare(pickle.loads(row["task"]), context))}


def write_row(row: dict[str, Any], rundir: str, formats: tuple[str, ...]) -> dict[str, Any]:
    """Write one article's files, each atomically, the record last (a task; safe to run twice:
    a retry rewrites the same bytes). Collected files (jsonl) are left to the driver, which
    rebuilds them from the records at the end."""
    prepared: Prepared = pickle.loads(row["prepared"])
    if prepared.article is not None:
        write(prepared, RunFolder(Path(rundir), formats))
        row = {**row, "prepared": pickle.dumps(prepared)}
    return row


def load_model(path: str, options: EngineOptions, memory: Any = None) -> Any:
    """The engine on `path` as every node opens it (offline, never downloading), with `memory`."""
    from translator.engine import load_engine

    engine = load_engine(path, offline=True, options=options, cache=False, notice=None)
    engine.memory = memory
    return engine


def model_identity(path: str, options: EngineOptions) -> dict[str, Any]:
    """The model's identity as the actors will see it: run in a task with an actor's resources,
    so `device` auto resolves as it will there."""
    return load_model(path, options).identity()


class Translate:
    """The translate actor: loads the model once, then translates and post-edits batches of
    articles (one engine call per `chunk_segments` segments, many articles each)."""

    def __init__(
        self,
        context: RunContext,
        model: str,
        options: EngineOptions,
        threads: int,
        identity: dict[str, Any],
        snapshot: str | None,
        chunk_segments: int,
    ) -> None:
        if context.corrections is not None:  # a node-local copy: SQLite is never opened on shared storage
            local = Path(tempfile.mkdtemp(prefix="translator-corrections-")) / "corrections.sqlite3"
            shutil.copyfile(context.corrections.path, local)
            context = replace(context, corrections=replace(context.corrections, path=str(local)))
        self.context = context
        self.chunk_segments = chunk_segments
        self.memory = SnapshotMemory(snapshot) if context.stages.settings.model.cache else None
        self.engine = load_model(model, replace(options, inter_threads=threads), self.memory)
        if self.engine.identity() != identity:
            raise TranslatorError(
                f"{model}: the model on a Ray worker differs from the driver's (package, files, options or "
                "CTranslate2 version); install the same everywhere"
            )

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        preparations: list[Prepared] = [pickle.loads(data) for data in batch.column("prepared").to_pylist()]
        for chunk in self._chunks([p for p in preparations if p.article is not None]):
            translate_chunk(chunk, self.engine)
            for prepared in chunk:
                postedit(prepared, self.context, self.engine)
        fresh = self.memory.drain() if self.memory is not None else {}
        memory = [pickle.dumps(fresh) if fresh else b""] + [b""] * (len(preparations) - 1)
        return pa.table(
            {
                "index": batch.column("index"),
                "prepared": pa.array([pickle.dumps(p) for p in preparations], pa.binary()),
                "memory": pa.array(memory, pa.binary()),
            }
        )

    def _chunks(self, articles: list[Prepared]) -> list[list[Prepared]]:
        chunks: list[list[Prepared]] = [[]]
        segments = 0
        for prepared in articles:
            if segments >= self.chunk_segments:
                chunks.append([])
                segments = 0
            chunks[-1].append(prepared)
            segments += len(prepared.article.segments())
        return [chunk for chunk in chunks if chunk]
