"""`translator score` and `translator.score`: text files, run folders, pairing errors, JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from translator.document import Article
from translator.score import PairingError, score_paths, score_run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "microsoft-hires-meta-ai-veteran.txt"


def score_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "translator", "score", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_text_files_match_sacrebleu_itself(tmp_path):
    hyps = ["The cat sat on the mat.", "Microsoft hired a veteran.", "Prices rose by 3%."]
    refs = ["The cat sat on the mat.", "Microsoft has hired a veteran.", "Prices went up 3%."]
    (tmp_path / "h.txt").write_text("\n".join(hyps) + "\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("\n".join(refs) + "\n", encoding="utf-8")
    report = score_paths(tmp_path / "h.txt", tmp_path / "r.txt")
    assert report.corpus.segments == 3
    assert report.corpus.bleu == round(BLEU().corpus_score(hyps, [refs]).score, 2)
    assert report.corpus.chrf == round(CHRF(word_order=2).corpus_score(hyps, [refs]).score, 2)
    assert report.corpus.ter == round(TER().corpus_score(hyps, [refs]).score, 2)
    assert "nw:2" in report.signatures["chrf"] and "tok:13a" in report.signatures["bleu"]
    result = score_cli(tmp_path / "h.txt", tmp_path / "r.txt", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["corpus"]["bleu"] == report.corpus.bleu


def test_files_that_do_not_pair_exit_2_saying_where(tmp_path):
    (tmp_path / "h.txt").write_text("a\nb\nc\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("a\nb\n", encoding="utf-8")
    result = score_cli(tmp_path / "h.txt", tmp_path / "r.txt")
    assert result.returncode == 2
    assert "h.txt has 3 lines" in result.stderr and "r.txt has 2" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert score_cli(tmp_path / "h.txt", tmp_path).returncode == 2  # a file against a folder
    assert "no such file" in score_cli(tmp_path / "nope.txt", tmp_path / "r.txt").stderr


@pytest.fixture(scope="module")
def rundir(tmp_path_factory, test_model_dir):
    folder = tmp_path_factory.mktemp("scored") / "run"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "translator",
            "run",
            str(SEED),
            str(ROOT / "seeds" / "teletravail-pme-enquete.html"),
            "-o",
            str(folder),
            "--model",
            str(test_model_dir),
            "--offline",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder


def record(path: Path) -> Article:
    return Article.from_json(path.read_text(encoding="utf-8"))


def test_run_folder_against_json_and_text_references(rundir, tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    seed = record(rundir / "microsoft-hires-meta-ai-veteran.json")
    shutil.copy(rundir / "microsoft-hires-meta-ai-veteran.json", refs)  # identical: perfect scores
    other = record(rundir / "teletravail-pme-enquete.json")
    lines = [(s.target or "").replace("the", "a") for s in other.segments()]
    (refs / "teletravail-pme-enquete.en.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = score_run(rundir, refs)
    perfect = report.articles["microsoft-hires-meta-ai-veteran"]
    assert (perfect.segments, perfect.bleu, perfect.chrf, perfect.ter) == (len(seed.segments()), 100.0, 100.0, 0.0)
    worse = report.articles["teletravail-pme-enquete"]
    assert worse.segments == len(other.segments()) and worse.chrf < 100 and worse.ter > 0
    result = score_cli(rundir, refs)
    assert result.returncode == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines()[-2:]]
    assert rows == ["teletravail-pme-enquete", "microsoft-hires-meta-ai-veteran"]  # worst first


def test_run_folder_pairing_errors_name_the_article_and_segment(rundir, tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    seed = record(rundir / "microsoft-hires-meta-ai-veteran.json")
    dropped = seed.segments()[3].id
    for block in seed.blocks:
        block.segments = [s for s in block.segments if s.id != dropped]
    (refs / "microsoft-hires-meta-ai-veteran.json").write_text(seed.to_json(), encoding="utf-8")
    (refs / "stray.en.txt").write_text("x\n", encoding="utf-8")
    with pytest.raises(PairingError) as caught:
        score_run(rundir, refs)
    message = str(caught.value)
    assert f"microsoft-hires-meta-ai-veteran: segment {dropped} has no reference" in message
    assert "no NAME.en.txt or NAME.json for teletravail-pme-enquete" in message
    assert "has no article stray" in message
    result = score_cli(rundir, refs, "--json")
    assert result.returncode == 2 and result.stdout == "" and dropped in result.stderr
    (refs / "stray.en.txt").unlink()
    (refs / "teletravail-pme-enquete.en.txt").write_text("one line\n", encoding="utf-8")
    with pytest.raises(PairingError, match=r"teletravail-pme-enquete: teletravail-pme-enquete\.en\.txt has 1 lines"):
        score_run(rundir, refs)


def test_partial_scoring_keeps_what_pairs(rundir, tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    shutil.copy(rundir / "microsoft-hires-meta-ai-veteran.json", refs)
    report = score_run(rundir, refs, partial=True)
    assert list(report.articles) == ["microsoft-hires-meta-ai-veteran"] and report.corpus.chrf == 100.0
    assert report.unpaired == [f"{refs} has no NAME.en.txt or NAME.json for teletravail-pme-enquete"]
    assert report.to_dict()["unpaired"] == report.unpaired
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PairingError):
        score_run(rundir, empty, partial=True)


def test_binary_sides_are_one_line(tmp_path):
    (tmp_path / "h.bin").write_bytes(b"\xff\xfe\x00\x01")
    (tmp_path / "r.txt").write_text("x\n", encoding="utf-8")
    result = score_cli(tmp_path / "h.bin", tmp_path / "r.txt")
    assert result.returncode == 2 and result.stderr == f"Error: {tmp_path / 'h.bin'}: not UTF-8 text\n"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda data: data["blocks"][0]["segments"][0].update(target=5), "segment 'target' is JSON number, not text"),
        (lambda data: data.pop("source"), "no 'source'"),
        (lambda data: data.update(source=None), "no 'source'"),
        (lambda data: data["source"].update(colour="red"), "source has an unknown field 'colour'"),
    ],
)
def test_a_reference_that_is_not_an_article_record_is_one_line_in_plain_words(rundir, tmp_path, change, reason):
    refs = tmp_path / "refs"
    refs.mkdir()
    shutil.copy(rundir / "teletravail-pme-enquete.json", refs)
    data = json.loads((rundir / "microsoft-hires-meta-ai-veteran.json").read_text(encoding="utf-8"))
    change(data)
    (refs / "microsoft-hires-meta-ai-veteran.json").write_text(json.dumps(data), encoding="utf-8")
    result = score_cli(rundir, refs)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"microsoft-hires-meta-ai-veteran.json: not an article record ({reason})" in result.stderr
    with pytest.raises(PairingError, match="not an article record"):
        score_run(rundir, refs, partial=True)


def test_a_byte_order_mark_on_a_text_file_is_not_part_of_the_first_segment(tmp_path):
    lines = "The cat sat on the mat.\nMicrosoft hired a veteran.\n"
    (tmp_path / "h.txt").write_text(lines, encoding="utf-8")
    (tmp_path / "r.txt").write_text(lines, encoding="utf-8-sig")
    assert score_paths(tmp_path / "h.txt", tmp_path / "r.txt").corpus.bleu == 100.0


def test_reference_segments_without_english_are_left_out_and_counted(rundir, tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    shutil.copy(rundir / "teletravail-pme-enquete.json", refs)
    data = json.loads((rundir / "microsoft-hires-meta-ai-veteran.json").read_text(encoding="utf-8"))
    segments = [s for b in data["blocks"] for s in b["segments"]]
    for i, segment in enumerate(segments):  # null, missing and "": no reference, never ""
        segment["target"] = None if i % 3 == 0 else ""
        if i % 3 == 1:
            del segment["target"]
    (refs / "microsoft-hires-meta-ai-veteran.json").write_text(json.dumps(data), encoding="utf-8")
    report = score_run(rundir, refs)
    assert list(report.articles) == ["teletravail-pme-enquete"] and report.corpus.chrf == 100.0
    assert report.without_reference == {"microsoft-hires-meta-ai-veteran": len(segments)}
    assert report.to_dict()["without_reference"] == report.without_reference
    result = score_cli(rundir, refs)
    assert f"left out: {len(segments)} segments without a reference" in result.stdout
    (refs / "teletravail-pme-enquete.json").unlink()
    with pytest.raises(PairingError, match="every reference segment is empty"):
        score_run(rundir, refs, partial=True)
