"""The learned text-dump line classifier: gradient-boosted trees stored as plain arrays in JSON.

`bench/train_textdump.py` fits the trees with scikit-learn and saves them here with
`export_trees`; at run time `LineModel.probabilities` walks every tree at once with numpy, so
the package needs no scikit-learn. The file also records what the model was trained on.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("models") / "textdump-lines.json"
FORMAT = "gbt-binary-v1"


class LineModel:
    """Binary gradient-boosted regression trees on the log-odds scale (scikit-learn's layout)."""

    def __init__(self, spec: dict) -> None:
        if spec.get("format") != FORMAT:
            raise ValueError(f"unknown line model format {spec.get('format')!r}")
        self.feature_names: list[str] = spec["features"]
        self.init = float(spec["init"])
        self.rate = float(spec["rate"])
        trees = spec["trees"]
        width = max(len(t["feature"]) for t in trees)

        def padded(key: str, fill, dtype):
            out = np.full((len(trees), width), fill, dtype=dtype)
            for i, tree in enumerate(trees):
                out[i, : len(tree[key])] = tree[key]
            return out

        self.feature = padded("feature", 0, np.int64)
        self.threshold = padded("threshold", 0.0, np.float64)
        self.left = padded("left", -1, np.int64)
        self.right = padded("right", -1, np.int64)
        self.value = padded("value", 0.0, np.float64)
        self.depth = max(int(t["depth"]) for t in trees)

    def probabilities(self, rows: list[list[float]]) -> np.ndarray:
        """P(content) for each feature row."""
        if not rows:
            return np.zeros(0)
        x = np.asarray(rows, dtype=np.float32).astype(np.float64)  # the trees compared float32 inputs
        n_trees, n = self.feature.shape[0], x.shape[0]
        tree_index = np.arange(n_trees)[:, None]
        node = np.zeros((n_trees, n), dtype=np.int64)
        samples = np.arange(n)[None, :]
        for _ in range(self.depth):
            feature = np.maximum(self.feature[tree_index, node], 0)
            go_left = x[samples, feature] <= self.threshold[tree_index, node]
            child = np.where(go_left, self.left[tree_index, node], self.right[tree_index, node])
            node = np.where(child >= 0, child, node)
        raw = self.init + self.rate * self.value[tree_index, node].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-raw))


@cache
def load_model(path: Path = MODEL_FILE) -> LineModel | None:
    """The shipped model, or None when the file is missing (the jusText classifier then decides alone)."""
    if not path.exists():
        return None
    return LineModel(json.loads(path.read_text("utf-8")))


def export_trees(model, names: list[str], path: Path, about: dict, sample: np.ndarray) -> None:
    """Save a fitted scikit-learn GradientBoostingClassifier (binary) in this module's format."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        t = estimator.tree_
        trees.append(
            {
                "depth": int(t.max_depth),
                "feature": [int(f) for f in t.feature],
                "threshold": [float(v) for v in t.threshold],
                "left": [int(v) for v in t.children_left],
                "right": [int(v) for v in t.children_right],
                "value": [float(v) for v in t.value[:, 0, 0]],
            }
        )
    spec = {"format": FORMAT, "about": about, "features": names, "init": 0.0, "rate": float(model.learning_rate)}
    spec["trees"] = trees
    # scikit-learn's prior (the starting log-odds) is not public: recover it from one prediction.
    probe = LineModel(spec)
    raw_ours = np.log(probe.probabilities(sample[:1].tolist()) / (1 - probe.probabilities(sample[:1].tolist())))
    spec["init"] = float(model.decision_function(sample[:1])[0] - raw_ours[0])
    check = LineModel(spec).probabilities(sample[:200].tolist())
    expected = model.predict_proba(sample[:200])[:, 1]
    if not np.allclose(check, expected, atol=1e-6):
        raise ValueError("exported trees do not reproduce scikit-learn's predictions")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec, separators=(",", ":")) + "\n", "utf-8")
