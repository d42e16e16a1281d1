"""The learned text-dump line classifier: gradient-boosted trees stored as plain arrays in JSON.

`bench/train_textdump.py` fits the trees with scikit-learn (HistGradientBoostingClassifier) and
saves them here with
`export_trees`; at run time `LineModel.probabilities` walks every tree at once with numpy, so
the package needs no scikit-learn. The file also records what the model was trained on.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("models") / "textdump-lines.json"
FORMAT = "gbt-binary-v2"


class LineModel:
    """Binary gradient-boosted regression trees on the log-odds scale: init + rate * sum of leaves."""

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
        x = np.asarray(rows, dtype=np.float64)
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
    """Save a fitted binary scikit-learn HistGradientBoostingClassifier in this module's format.

    scikit-learn keeps the fitted trees in private attributes, so the export is checked: the saved
    model must reproduce scikit-learn's probabilities on the training sample.
    """
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "depth": int(nodes["depth"].max()),
                "feature": [int(f) for f in nodes["feature_idx"]],
                "threshold": [float(v) for v in nodes["num_threshold"]],
                "left": [-1 if is_leaf else int(v) for v, is_leaf in zip(nodes["left"], leaf, strict=True)],
                "right": [-1 if is_leaf else int(v) for v, is_leaf in zip(nodes["right"], leaf, strict=True)],
                "value": [float(v) if is_leaf else 0.0 for v, is_leaf in zip(nodes["value"], leaf, strict=True)],
            }
        )
    init = float(np.ravel(model._baseline_prediction)[0])
    spec = {"format": FORMAT, "about": about, "features": names, "init": init, "rate": 1.0, "trees": trees}
    check = LineModel(spec).probabilities(sample[:2000].tolist())
    if not np.allclose(check, model.predict_proba(sample[:2000])[:, 1], atol=1e-6):
        raise ValueError("exported trees do not reproduce scikit-learn's predictions")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec, separators=(",", ":")) + "\n", "utf-8")
