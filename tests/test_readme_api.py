"""The README's Python API example, run exactly as written (on the test model, installed where
argos keeps packages, in a folder holding a copy of seeds/)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example_runs_as_written(tmp_path, test_model_dir):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    packages = tmp_path / "packages"
    shutil.copytree(test_model_dir, packages / test_model_dir.name)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARGOS_PACKAGES_DIR": str(packages)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "Télétravail" in lines[0]  # the French headline
    assert lines[2] == "['The project coste $100 billion.']"  # translated and post-edited
    assert lines[3] == f"{len(list((ROOT / 'seeds').iterdir()))} articles in out/"
    assert (tmp_path / "out" / "index.html").is_file()
