"""The local executor: pages prepared in a process pool while this process translates and writes.

Prepared articles are taken as they finish (a slow input never holds back the others), gathered
into chunks of about `chunk_segments` segments, each chunk one engine call; then each article is
post-edited and written at once, so finished articles land on disk early.

The pool is forked before the engine starts its threads; its workers get the run's state through
the pool initializer and ignore Ctrl-C, which the main process handles for all of them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING, Any

from translator import pipeline
from translator.run.progress import Progress
from translator.run.work import PrepareContext, Prepared, RunContext, Task, finish, prepare, translate_chunk

if TYPE_CHECKING:
    from translator.settings import Settings

MAX_DEFAULT_WORKERS = 8  # page preparation is a small share of a run; more processes only cost memory
FIRST_CHUNK = 32  # segments in the first engine call; each next one doubles, up to chunk_segments


class Interruptible:
    """Runs calls in a helper thread and waits for them here, so Ctrl-C and SIGTERM are handled
    within a fraction of a second even while the engine is inside one long native call. On a stop
    the call in flight is abandoned; `settle` gives it a moment to land (an article being written
    finishes its files), so what is counted as finished afterwards is what is on disk."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None

    def __call__(self, function: Callable[..., Any], *args: Any) -> Any:
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                outcome["value"] = function(*args)
            except BaseException as error:
                outcome["error"] = error

        self.thread = threading.Thread(target=target, daemon=True, name="translator-engine")
        self.thread.start()
        while self.thread.is_alive():
            self.thread.join(0.1)
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    def settle(self, seconds: float) -> None:
        if self.thread is not None:
            self.thread.join(seconds)


class _WorkerState:
    """The run context inside a pool worker, set once by the pool initializer."""

    context: PrepareContext | None = None


def _start_worker(context: PrepareContext) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process reports Ctrl-C, once
    _WorkerState.context = context


def _prepare_in_worker(task: Task) -> Prepared:
    assert _WorkerState.context is not None
    return prepare(task, _WorkerState.context)


class LocalExecutor:
    """Runs on this machine; `workers` processes prepare pages (1: everything in this process)."""

    name = "local"

    def __init__(self, prepare_context: PrepareContext, workers: int, chunk_segments: int) -> None:
        self.prepare_context = prepare_context
        self.context: RunContext | None = None  # set by execute, once the engine and run key are known
        self.workers = workers or min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)
        self.chunk_segments = chunk_segments
        self.pool: ProcessPoolExecutor | None = None
        self.calls = Interruptible()

    def load_engine(self, settings: Settings) -> Any:
        """The engine itself: this process translates."""
        return pipeline.load_engine(settings)

    def start(self, tasks: int) -> None:
        """Fork the workers now, before the engine starts its threads."""
        workers = min(self.workers, tasks)
        if workers > 1:
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(self.prepare_context,),
            )
            self.pool.submit(os.getpid).result()  # with fork, the first task starts every worker at once

    def execute(
        self, tasks: list[Task], context: RunContext, engine: Any, folder: Any, progress: Progress
    ) -> Iterator[Prepared]:
        """Yield every task's result as soon as it is settled: skipped or failed at once, translated
        ones once written. `progress` is told before each engine call and as the engine goes.

        The first chunks are small (32 segments, doubling up to `chunk_segments`), so the first
        articles land and the progress display moves within seconds even on a full-size model."""
        self.context = context
        chunk: list[Prepared] = []
        segments, limit = 0, min(FIRST_CHUNK, self.chunk_segments)
        for result in self._results(tasks):
            if result.article is None:
                yield result
                continue
            chunk.append(result)
            segments += len(result.article.segments())
            if segments >= limit:
                yield from self._finish_chunk(chunk, segments, engine, folder, progress)
                chunk, segments, limit = [], 0, min(limit * 2, self.chunk_segments)
        if chunk:
            yield from self._finish_chunk(chunk, segments, engine, folder, progress)

    def _finish_chunk(self, chunk, segments, engine, folder, progress: Progress) -> Iterator[Prepared]:
        progress.translating(segments)
        self.calls(translate_chunk, chunk, engine, progress.engine_done)
        for prepared in chunk:
            self.calls(finish, prepared, self.context, engine, folder)
            yield prepared

    def shutdown(self) -> None:
        """Stop the workers now: pending work is dropped, running workers are ended; an article
        being written gets two seconds to land."""
        self.calls.settle(2.0)
        if self.pool is None:
            return
        processes = list((self.pool._processes or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        self.pool = None

    def _results(self, tasks: list[Task]) -> Iterator[Prepared]:
        if self.pool is None:
            for task in tasks:
                yield prepare(task, self.prepare_context)
            return
        pending: dict[Future, Task] = {self.pool.submit(_prepare_in_worker, task): task for task in tasks}
        for future in as_completed(pending):  # one waiter per future: linear in the batch size
            task = pending.pop(future)
            try:
                yield future.result()
            except Exception as error:  # a crashed worker fails its input, not the run
                yield Prepared(task.item, "failed", reason=f"{task.item.label}: worker stopped ({error})")
