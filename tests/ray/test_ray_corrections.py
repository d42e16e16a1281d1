"""The reviewers' corrections (a store on the driver's disk) reach the translate actors (its own Ray)."""

from __future__ import annotations

from ray_helpers import SEEDS, files, settings

from translator.run import run_batch


def test_reviewers_corrections_reach_the_actors(tmp_path, test_model_dir, local_ray, monkeypatch):
    """The corrections store lives on the driver's disk; the actors apply a copy of it."""
    from translator.document import Article
    from translator.review.corrections import CorrectionStore, default_path

    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "one.txt").write_bytes((SEEDS / "microsoft-hires-meta-ai-veteran.txt").read_bytes())
    first = tmp_path / "first" / "out"
    run_batch([str(inputs)], first, settings(test_model_dir, "local", model__cache=False))
    record = Article.from_json((first / "one.json").read_text(encoding="utf-8"))
    source = record.segments()[1].source
    store = CorrectionStore(default_path())
    store.put(record.provenance["model"]["cache_key"], source, "A reviewer wrote this sentence.")
    store.close()
    local, ray = tmp_path / "local" / "out", tmp_path / "ray" / "out"
    run_batch([str(inputs)], local, settings(test_model_dir, "local", model__cache=False))
    run_batch([str(inputs)], ray, settings(test_model_dir, "ray", model__cache=False))
    assert "A reviewer wrote this sentence." in (ray / "one.en.md").read_text(encoding="utf-8")
    assert files(ray) == files(local)
    assert not list((ray / ".run").glob("corrections*"))
