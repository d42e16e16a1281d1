"""A batch run: settings in, an executor, resume and the run key, a typed manifest, progress.

from translator.run import run_batch
summary = run_batch(["seeds/"], "out/", load_settings())
"""

from __future__ import annotations

from translator.run.runner import Interrupted, RunSummary, run_batch

__all__ = ["Interrupted", "RunSummary", "run_batch"]
