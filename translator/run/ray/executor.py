"""The Ray executor: the run as a Ray Data pipeline, in the shape Ray's docs give for batch inference.

    from_items(tasks)
      → map(prepare_row)           tasks: read, extract, segment, fix the French, glossary matches
      → map_batches(Translate)     an actor pool, the model loaded once per actor: translate and
                                   post-edit batches of articles (post-editing may decode again)
      → map(write_row)             tasks: each article's files, atomically, the record last
      → the driver                 each result as it lands: memory entries stored, then yielded to
                                   the runner (journal, manifest, progress)

Ray schedules, retries failed tasks and restarts failed actors; every operator is safe to run
twice (the same bytes are rewritten, the record last). The driver decides resume before dispatch
(the runner's tasks carry it) and never loads the model: its identity is computed on a worker
with the actors' resources.
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from translator.run.ray import cluster
from translator.run.ray.memory import CORRECTIONS, copy_database, make_snapshot
from translator.run.ray.operators import Translate, model_identity, prepare_row, write_row
from translator.run.work import PrepareContext, Prepared, RunContext, Task
from translator.settings import Settings

INPUTS_PER_BLOCK = 4  # inputs per prepare task: few enough to spread, enough to amortise a task
BATCHES_PER_ACTOR = 4  # at least this many batches per actor, so a slow one does not hold the end


class ModelIdentity:
    """Stands in for the engine on the driver: the model's identity and where the memory is."""

    def __init__(self, identity: dict[str, Any], path: str, memory: Any) -> None:
        self._identity = identity
        self.path = path
        self.memory = memory

    def identity(self) -> dict[str, Any]:
        return self._identity


class RayExecutor:
    """Runs on a local Ray or a cluster (`[run] ray_address`); `workers`: translate actors (0: as
    many as the cluster's CPUs, or GPUs, hold)."""

    name = "ray"

    def __init__(self, prepare_context: PrepareContext, workers: int, chunk_segments: int) -> None:
        self.settings: Settings = prepare_context.stages.settings
        cluster.require_ray(self.settings.run.ray_address)
        self.prepare_context = prepare_context
        self.workers = workers
        self.chunk_segments = chunk_segments
        self.started = False  # this process started (or joined) Ray and must shut it down
        self.resources: cluster.Resources | None = None

    def start(self, tasks: int) -> None:
        self.started = cluster.connect(self.settings.run.ray_address, self.workers or os.cpu_count() or 1)
        options = self.settings.engine
        self.resources = cluster.actor_resources(self.workers, options.inter_threads, options.device)

    def load_engine(self, settings: Settings) -> ModelIdentity:
        """The model resolved here (installed from the index if allowed); its identity computed by
        one task on a worker with an actor's resources, so this process never loads it."""
        import ray

        from translator.engine import download_bar
        from translator.engine.cache import TranslationMemory
        from translator.engine.packages import resolve_package
        from translator.errors import TranslatorError

        model = settings.model
        path = model.path
        if path is None or not Path(path).expanduser().is_dir():  # an installed package, or an .argosmodel file
            path = resolve_package(path, offline=model.offline, notice=_notice, progress=download_bar()).path
        remote = ray.remote(num_cpus=0, num_gpus=self.resources.gpus, max_retries=2)(model_identity)
        try:
            identity = ray.get(remote.remote(str(path), settings.engine), timeout=600)
        except ray.exceptions.RayError as error:
            raise TranslatorError(
                f"{path}: a Ray worker cannot open the model ({cluster.first_line(error)}); "
                "put the model on storage every node mounts at the same path"
            ) from None
        memory = TranslationMemory() if model.cache else None
        return ModelIdentity(identity, str(path), memory)

    def execute(
        self,
        tasks: list[Task],
        context: RunContext,
        engine: ModelIdentity,
        folder: Any,
        progress: Any,
    ) -> Iterator[Prepared]:
        """Yield every task's result once its files are written (or it was skipped or failed);
        a task Ray could not finish comes back failed, with Ray's reason. The engine calls happen
        in the actors, so `progress` is not told of them: the display moves as articles land."""
        import ray

        warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\.data")  # sizing hints for tiny runs
        rundir = folder.rundir.resolve()
        cluster.check_rundir(rundir)
        key = engine.identity()["cache_key"]
        snapshot = make_snapshot(engine.memory.path, key, rundir / ".run") if engine.memory is not None else None
        if context.corrections is not None:  # the actors read a copy on shared storage, never the driver's file
            copy = copy_database(Path(context.corrections.path), rundir / ".run" / CORRECTIONS)
            context = replace(context, corrections=replace(context.corrections, path=str(copy)))
        dataset = self._dataset(tasks, context, engine, str(rundir), folder, snapshot)
        seen: set[int] = set()
        try:
            for row in dataset.iter_rows():
                index = int(row["index"])
                if index in seen:
                    continue
                seen.add(index)
                if row.get("memory") and engine.memory is not None:
                    engine.memory.store(key, pickle.loads(row["memory"]))
                yield pickle.loads(row["prepared"])
        except ray.exceptions.RayError as error:
            reason = cluster.first_line(error)
            for index, task in enumerate(tasks):
                if index not in seen:
                    yield Prepared(task.item, "failed", reason=f"{task.item.label}: not finished on Ray ({reason})")
        finally:
            for leftover in (snapshot, rundir / ".run" / CORRECTIONS):
                if leftover is not None:
                    leftover.unlink(missing_ok=True)

    def _dataset(self, tasks, context, engine, rundir, folder, snapshot) -> Any:
        import ray.data

        resources = self.resources
        rows = [{"index": index, "task": pickle.dumps(task)} for index, task in enumerate(tasks)]
        dataset = ray.data.from_items(rows, override_num_blocks=max(1, -(-len(rows) // INPUTS_PER_BLOCK)))
        spread = ray.data.TaskPoolStrategy(size=max(1, int(ray.cluster_resources().get("CPU", 1))))
        dataset = dataset.map(prepare_row, fn_kwargs={"context": self.prepare_context}, num_cpus=0, compute=spread)
        batch = max(1, min(16, -(-len(rows) // (resources.actors * BATCHES_PER_ACTOR))))
        dataset = dataset.map_batches(
            Translate,
            fn_constructor_kwargs={
                "context": context,
                "model": engine.path,
                "options": self.settings.engine,
                "threads": int(resources.cpus),
                "identity": engine.identity(),
                "snapshot": str(snapshot) if snapshot else None,
                "chunk_segments": self.chunk_segments,
            },
            batch_size=batch,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=resources.actors),
            num_cpus=resources.cpus,
            num_gpus=resources.gpus,
        )
        formats = tuple(f for f in self.settings.run.formats if f not in folder.collected)
        return dataset.map(write_row, fn_kwargs={"rundir": rundir, "formats": formats}, num_cpus=0, compute=spread)

    def shutdown(self) -> None:
        """Stop the local Ray this run started, or leave the cluster it joined."""
        if not self.started:
            return
        import ray

        ray.shutdown()
        self.started = False


def _notice(message: str) -> None:
    import sys

    print(message, file=sys.stderr)
