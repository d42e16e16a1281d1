"""`translator diff` on two real runs that differ by one glossary entry."""

from __future__ import annotations

import json
import shutil

from run_helpers import SEEDS, records, run_cli

HEADER = "fr\ten\tflags\tnote\n"


def test_diff_attributes_changes_to_the_added_glossary_entry(tmp_path, test_model_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "microsoft-hires-meta-ai-veteran.txt", inputs / "seed.txt")
    base_glossary = tmp_path / "base.tsv"
    base_glossary.write_text(HEADER + "Microsoft\t\tkeep\tcompany\n")
    more_glossary = tmp_path / "more.tsv"
    more_glossary.write_text(HEADER + "Microsoft\t\tkeep\tcompany\ngéant technologique\ttech giant\t\tnewsroom usage\n")
    common = ["--model", str(test_model_dir), "--no-default-glossary", "-q"]
    run_a, run_b = tmp_path / "a", tmp_path / "b"
    assert run_cli("run", str(inputs), "-o", str(run_a), "--glossary", str(base_glossary), *common).returncode == 0
    assert run_cli("run", str(inputs), "-o", str(run_b), "--glossary", str(more_glossary), *common).returncode == 0

    result = run_cli("diff", str(run_a), str(run_a))
    assert result.returncode == 0 and result.stdout.startswith("identical")

    result = run_cli("diff", str(run_a), str(run_b), "--json", "--html", str(tmp_path / "diff.html"))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    # (the test model already renders "supercalcul" as "supercomputing", so the entry added here is one
    # whose word-for-word rendering differs: "géant technologique" comes out "giant technology")
    # what we expect, computed from the records: the segments whose French holds the term and whose English changed
    before = {s.id: s for s in records(run_a)["seed"].segments()}
    expected = {
        f"seed#{s.id}"
        for s in records(run_b)["seed"].segments()
        if "géant technologique" in s.source.lower() and s.target != before[s.id].target
    }
    assert expected
    changed = {f"{c['article']}#{c['id']}" for c in report["changes"]}
    [attribution] = [a for a in report["attributions"] if a["area"] == "glossary"]
    assert attribution["change"] == "+'géant technologique→tech giant'"
    assert set(attribution["explains"]) == expected
    assert attribution["summary"] == (
        f"glossary: +'géant technologique→tech giant' explains {len(expected)} of {len(changed)} changed segments"
    )
    assert "glossary term" in report["classes"]
    assert report["chrf"] < 100 and report["ter"] > 0
    text = run_cli("diff", str(run_a), str(run_b)).stdout
    assert attribution["summary"] in text
    page = (tmp_path / "diff.html").read_text()
    assert "<ins" in page and "tech giant" in page and "<script" not in page


def test_diff_of_a_record_that_is_not_a_json_object_is_one_line_naming_it(tmp_path):
    from click.testing import CliRunner

    from translator.cli import main

    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "article.json").write_text("[]")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "article.json: not a readable article record" in result.output
