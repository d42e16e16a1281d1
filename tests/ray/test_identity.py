"""Without Ray: the driver's model identity equals the loaded engine's (the run key depends on it),
and `--executor ray` without the extra is one line saying what to install."""

from __future__ import annotations

import os
import subprocess
import sys

from ray_helpers import ROOT, SEEDS

from translator.engine import EngineOptions, load_engine
from translator.run.ray.operators import model_identity


def test_identity_without_loading_the_model_equals_the_engines(test_model_dir):
    for options in (EngineOptions(), EngineOptions(beam_size=3, compute_type="float32", inter_threads=1)):
        engine = load_engine(test_model_dir, offline=True, options=options, cache=False)
        assert model_identity(str(test_model_dir), options) == engine.identity()


def test_without_the_extra_the_ray_executor_is_one_line(tmp_path, test_model_dir):
    shadow = tmp_path / "shadow" / "ray"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ModuleNotFoundError("No module named \'ray\'", name="ray")\n')
    result = subprocess.run(
        [sys.executable, "-m", "translator", "run", str(SEEDS), "-o", str(tmp_path / "out"), "--executor", "ray",
         "--model", str(test_model_dir), "-q"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": f"{tmp_path / 'shadow'}:{ROOT}"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "pip install 'translator[ray]'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
