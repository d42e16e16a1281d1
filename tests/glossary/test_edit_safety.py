"""Hostile edits (second round): a file the editor cannot parse is never rewritten, symlinks and
modes survive an edit, no folder is created, terms compare in NFC, over-long terms are refused."""

import time

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.errors import GlossaryError
from translator.glossary import load_glossaries
from translator.glossary.inflect import word_forms


def run(*args: str):
    return CliRunner().invoke(main, ["glossary", *args])


@pytest.mark.parametrize(
    "text",
    [
        "chat\tcat\nchien\tdog\noiseau\tbird\n",
        "french\tenglish\nchat\tcat\n",
        "fr,en\nchat,cat\n",
        "# comment\nchat\tcat",
    ],
    ids=["no-header", "unknown-header", "csv-as-tsv", "comment-then-rows"],
)
def test_add_import_and_remove_leave_a_file_without_a_recognised_header_untouched(tmp_path, text):
    path = tmp_path / "g.tsv"
    path.write_bytes(text.encode())
    source = tmp_path / "new.tsv"
    source.write_text("fr\ten\nlapin\trabbit\n", encoding="utf-8")
    for args in (
        ("add", str(path), "lapin", "rabbit"),
        ("import", str(source), str(path)),
        ("remove", str(path), "chat"),
    ):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "no recognised header" in result.output and "fr, en" in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert path.read_bytes() == text.encode()


def test_import_of_a_headerless_tsv_is_refused(tmp_path):
    source = tmp_path / "source.tsv"
    source.write_text("chat\tcat\n", encoding="utf-8")
    result = run("import", str(source), str(tmp_path / "g.tsv"))
    assert result.exit_code == 1
    assert "no recognised header" in result.output
    assert not (tmp_path / "g.tsv").exists()


@pytest.mark.parametrize("text", ["", "# team terms\n", "# no newline"])
def test_add_to_a_file_without_rows_writes_the_header_first(tmp_path, text):
    path = tmp_path / "g.tsv"
    path.write_text(text, encoding="utf-8")
    assert run("add", str(path), "lapin", "rabbit").exit_code == 0
    comment = text if text.endswith("\n") or not text else text + "\n"
    assert path.read_text(encoding="utf-8") == comment + "fr\ten\tflags\tnote\nlapin\trabbit\n"
    assert run("check", str(path)).exit_code == 0


def test_add_through_a_symlink_edits_its_target_and_keeps_the_mode(tmp_path):
    private = tmp_path / "priv.tsv"
    private.write_text("fr\ten\nchat\tcat\n", encoding="utf-8")
    private.chmod(0o600)
    link = tmp_path / "link.tsv"
    link.symlink_to("priv.tsv")
    assert run("add", str(link), "souris", "mouse").exit_code == 0
    assert link.is_symlink()
    assert private.read_text(encoding="utf-8") == "fr\ten\nchat\tcat\nsouris\tmouse\n"
    assert private.stat().st_mode & 0o777 == 0o600


def test_no_folder_is_created_for_a_new_glossary(tmp_path):
    source = tmp_path / "g.tsv"
    source.write_text("fr\ten\nchat\tcat\n", encoding="utf-8")
    missing = tmp_path / "missing" / "dir"
    for target, args in (
        (missing / "x.tsv", ("add", str(missing / "x.tsv"), "lapin", "rabbit")),
        (missing / "x.tsv", ("import", str(source), str(missing / "x.tsv"))),
        (missing / "x.csv", ("export", str(source), str(missing / "x.csv"))),
    ):
        result = run(*args)
        assert result.exit_code == 1
        assert result.output.strip() == f"Error: cannot create {target}: the folder {missing} does not exist"
        assert not (tmp_path / "missing").exists()
    assert run("add", str(tmp_path / "new.tsv"), "lapin", "rabbit").exit_code == 0


NFC, NFD = "café", "cafe\u0301"


def test_check_reports_an_nfc_and_an_nfd_spelling_of_one_term(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(f"fr\ten\n{NFC}\tcoffee\n{NFD}\tbrew\n{NFD}ine\tcaffeine\n{NFC}ine\tcaffeine\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:3: '{NFC}' -> 'brew' conflicts with" in result.output
    assert f"{path}:5:" in result.output and "duplicate" in result.output


@pytest.mark.parametrize(("written", "text"), [(NFC, NFD), (NFD, NFC), (NFC, NFC), (NFD, NFD)])
def test_terms_match_whatever_the_normalisation_with_spans_on_the_original_text(tmp_path, written, text):
    path = tmp_path / "g.tsv"
    path.write_text(f"fr\ten\n{written}\tcoffee\n", encoding="utf-8")
    sentence = f"Un {text} noir et deux {text}s."
    hits = load_glossaries([path], use_default=False).find(sentence)
    assert [(hit.rendering, sentence[hit.start : hit.end], hit.source) for hit in hits] == [
        ("coffee", text, text),
        ("coffees", f"{text}s", f"{text}s"),
    ]


def test_add_sees_an_nfd_term_as_the_nfc_one(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(f"fr\ten\n{NFC}\tcoffee\n", encoding="utf-8")
    result = run("add", str(path), NFD, "brew")
    assert result.exit_code == 1 and "already exists" in result.output


LONG_TERMS = [" ".join(["mot"] * 31), "a" * 201, " ".join(["mot"] * 5000), "a" * 100_000]


@pytest.mark.parametrize("term", LONG_TERMS, ids=["31-words", "201-chars", "5000-words", "100k-chars"])
def test_an_over_long_term_is_refused_at_once_by_add_import_check_and_load(tmp_path, term):
    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\nchat\tcat\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"fr\ten\n{term}\tlong\n", encoding="utf-8")
    started = time.monotonic()
    result = run("add", str(path), term, "long")
    assert result.exit_code == 1 and "is too long" in result.output and len(result.output) < 300
    result = run("import", str(bad), str(path))
    assert result.exit_code == 1 and f"{bad}:2: fr term" in result.output
    result = run("check", str(bad))
    assert result.exit_code == 1 and "is too long" in result.output and "[long]" in result.output
    with pytest.raises(GlossaryError, match="is too long"):
        load_glossaries([bad], use_default=False)
    assert time.monotonic() - started < 10
    assert path.read_text(encoding="utf-8") == "fr\ten\nchat\tcat\n"


def test_terms_up_to_the_limits_are_accepted(tmp_path):
    path = tmp_path / "g.tsv"
    assert run("add", str(path), " ".join(["mot"] * 30), "long").exit_code == 0
    assert run("add", str(path), "a" * 200, "long").exit_code == 0
    assert run("check", str(path)).exit_code == 0


def test_inflecting_a_long_word_costs_linear_time():
    started = time.monotonic()
    forms = word_forms("a" * 100_000, feminine=True, plural=True)
    assert time.monotonic() - started < 0.5
    assert forms == ["a" * 100_000 + "es"]


def test_simultaneous_adds_from_threads_all_land(tmp_path):
    """The review app adds from several threads at once: each read-modify-write is serialised."""
    import threading

    from translator.glossary.edit import add, read_entries
    from translator.glossary.model import Entry

    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\n", encoding="utf-8")
    start = threading.Barrier(8)

    def one(i: int) -> None:
        start.wait()
        for k in range(5):
            add(path, Entry(f"terme{i}x{k}", f"term{i}x{k}", "term"))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(read_entries(path)) == 40


def test_an_edit_waits_for_another_process_holding_the_glossary_folder(tmp_path):
    """`translator glossary add` in a terminal while the app (or another app) edits the same file."""
    import fcntl
    import os
    import subprocess
    import sys

    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\n", encoding="utf-8")
    holder = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        editor = subprocess.Popen([sys.executable, "-m", "translator", "glossary", "add", str(path), "chat", "cat"])
        time.sleep(1.5)
        assert editor.poll() is None, "the edit went ahead while another process held the lock"
    finally:
        os.close(holder)
    assert editor.wait(timeout=60) == 0
    assert "chat\tcat" in path.read_text(encoding="utf-8")


def test_an_edit_clears_only_its_own_stale_temp_files(tmp_path):
    from translator.glossary.edit import add
    from translator.glossary.model import Entry

    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\n", encoding="utf-8")
    stale = tmp_path / ".g.tsv.translator-k1ll3d.tmp"
    kept = [tmp_path / ".other.tsv.translator-x.tmp", tmp_path / ".g.tsv.mine.tmp", tmp_path / "g.tsv.translator-x.tmp"]
    for leftover in (stale, *kept):
        leftover.write_text("half", encoding="utf-8")
    add(path, Entry("chat", "cat", "term"))
    assert not stale.exists()
    assert all(p.exists() for p in kept)


@pytest.mark.parametrize("term", ["#MeToo", " #hashtag"])
def test_a_french_term_starting_with_a_hash_is_refused_not_read_back_as_a_comment(tmp_path, term):
    path = tmp_path / "g.tsv"
    path.write_text("fr\ten\n", encoding="utf-8")
    result = run("add", str(path), term, "x")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {term!r} -> 'x': a French term cannot start with '#' (the row would be a comment)"
    ]
    assert path.read_text(encoding="utf-8") == "fr\ten\n"
