"""The corrections store: versions and conflicts, crash-safe writes, TMX round trip, and the next run using them."""

from __future__ import annotations

import shutil

import pytest
from review_helpers import SEEDS, record, run_cli, translate_run

from translator.diff import diff_runs
from translator.document import Article, Block, Segment, Source
from translator.errors import InputError
from translator.review.corrections import CorrectionStore, apply_corrections, settings_key
from translator.review.tmx import export_tmx, import_tmx, read_tmx


def test_last_write_wins_and_a_stale_write_reports_what_it_overwrote(tmp_path):
    store = CorrectionStore(tmp_path / "c.sqlite3")
    first, conflict = store.put("k", "Bonjour.", "Hello.", expected_version=0)
    assert (first.version, conflict) == (1, None)
    second, conflict = store.put("k", "Bonjour.", "Hi.", expected_version=1)  # tab A, up to date
    assert second.version == 2 and conflict is None
    third, conflict = store.put("k", "Bonjour.", "Good day.", expected_version=1)  # tab B, stale
    assert third.version == 3 and conflict is not None and conflict.target == "Hi."
    store.close()
    reopened = CorrectionStore(tmp_path / "c.sqlite3")  # every write committed on its own
    assert reopened.get("k", ["Bonjour.", "Autre."])["Bonjour."].target == "Good day."
    assert reopened.get("other-settings", ["Bonjour."]) == {}
    with pytest.raises(InputError):
        reopened.put("k", "Bonjour.", "   ")


def test_fingerprint_changes_with_every_correction_under_its_key(tmp_path):
    store = CorrectionStore(tmp_path / "c.sqlite3")
    empty = store.fingerprint("k")
    store.put("k", "a", "b")
    once = store.fingerprint("k")
    store.put("k", "a", "c")
    assert len({empty, once, store.fingerprint("k")}) == 3
    store.put("other", "a", "z")
    assert store.fingerprint("k") == store.fingerprint("k")


def test_apply_corrections_replaces_the_english_and_marks_the_segment(tmp_path):
    store = CorrectionStore(tmp_path / "c.sqlite3")
    store.put("k", "Il pleut.", "It is raining.")
    segments = [Segment("b000.s00", "Il pleut.", target="It rains."), Segment("b000.s01", "Oui.", target="Yes.")]
    article = Article(Source(name="a"), [Block("paragraph", "Il pleut. Oui.", segments=segments)])
    assert apply_corrections([article], store, "k") == 1
    assert [(s.target, s.corrected) for s in article.segments()] == [("It is raining.", True), ("Yes.", False)]
    again = Article.from_json(article.to_json())
    assert again.segments()[0].corrected and not again.segments()[1].corrected


def test_a_stored_correction_with_control_characters_is_cleaned_before_a_run_uses_it(tmp_path):
    store = CorrectionStore(tmp_path / "c.sqlite3")
    store.put("k", "Il pleut.", "placeholder")
    store.put("k", "Oui.", "placeholder")
    with store._lock, store._transaction() as connection:  # as an older version or a hand edit left them
        connection.execute(
            "UPDATE corrections SET target = ? WHERE source = ?", ("It is\x1b[31m raining.\ufffe", "Il pleut.")
        )
        connection.execute("UPDATE corrections SET target = ? WHERE source = ?", ("\x00\x07", "Oui."))
    segments = [Segment("b000.s00", "Il pleut.", target="It rains."), Segment("b000.s01", "Oui.", target="Yes.")]
    article = Article(Source(name="a"), [Block("paragraph", "Il pleut. Oui.", segments=segments)])
    assert apply_corrections([article], store, "k") == 1
    assert [(s.target, s.corrected) for s in article.segments()] == [("It is[31m raining.", True), ("Yes.", False)]
    article.to_json().encode("utf-8")  # nothing left that UTF-8 cannot hold


def test_tmx_round_trip_keeps_text_and_key(tmp_path):
    store = CorrectionStore(tmp_path / "a.sqlite3")
    store.put("k1", "« L'IA » & <b>co</b>", "“AI” & <b>co</b>")
    store.put("k2", "Deux lignes\net un\u202fespace.", "Two lines\nand a\u202fspace.")
    assert export_tmx(store, tmp_path / "c.tmx") == 2
    other = CorrectionStore(tmp_path / "b.sqlite3")
    assert import_tmx(other, tmp_path / "c.tmx") == (2, 0)
    assert import_tmx(other, tmp_path / "c.tmx") == (0, 2)
    assert [(c.key, c.source, c.target) for c in other.all()] == [(c.key, c.source, c.target) for c in store.all()]


def test_hostile_or_keyless_tmx_is_refused_in_one_line(tmp_path):
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx><body/></tmx>')
    with pytest.raises(InputError, match="DOCTYPE"):
        read_tmx(bomb)
    keyless = tmp_path / "other-tool.tmx"
    keyless.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr-FR"><seg>Oui.</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>Yes.</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(InputError, match="settings key"):
        read_tmx(keyless)
    assert [(c.key, c.source, c.target) for c in read_tmx(keyless, "k")] == [("k", "Oui.", "Yes.")]
    (tmp_path / "x.tmx").write_text("<tmx><body><tu>")
    with pytest.raises(InputError, match="not a TMX"):
        read_tmx(tmp_path / "x.tmx")


def test_next_run_uses_the_correction_untouched_and_diff_names_it(tmp_path, test_model_dir):
    page = tmp_path / "in" / "teletravail.html"
    page.parent.mkdir()
    shutil.copy(SEEDS / "teletravail-pme-enquete.html", page)
    translate_run([page], tmp_path / "a", test_model_dir)
    before = record(tmp_path / "a", "teletravail")
    target = before.segments()[1]
    correction = "The reviewer's own sentence , with a space before the comma."  # a rule would fix that space
    store = CorrectionStore()
    store.put(settings_key(before.provenance), target.source, correction)
    store.close()
    translate_run([page], tmp_path / "a", test_model_dir)  # the same folder: the new correction redoes it
    after = record(tmp_path / "a", "teletravail")
    fixed = next(s for s in after.segments() if s.id == target.id)
    assert (fixed.target, fixed.corrected, fixed.edits, fixed.flags) == (correction, True, [], [])
    assert sum(s.corrected for s in after.segments()) == 1
    translate_run([page], tmp_path / "b", test_model_dir, "--no-cache")
    assert record(tmp_path / "b", "teletravail").segments()[1].target == correction
    shutil.rmtree(tmp_path / "a")
    translate_run([page], tmp_path / "a", test_model_dir)
    CorrectionStore().delete(settings_key(before.provenance), target.source)
    translate_run([page], tmp_path / "c", test_model_dir)
    diff = diff_runs(tmp_path / "c", tmp_path / "a")
    areas = {a.area: a for a in diff.attributions}
    assert areas["corrections"].explains == [f"teletravail#{target.id}"]
    assert areas["corrections"].change == "+reviewer corrections applied"
    shown = run_cli("diff", str(tmp_path / "c"), str(tmp_path / "a"))
    assert "corrections: +reviewer corrections applied explains 1 of" in shown.stdout, shown.stdout


def test_no_store_or_an_empty_one_leaves_the_run_key_alone_and_a_damaged_one_warns(tmp_path):
    from translator.review.corrections import corrections_for, default_path

    assert corrections_for({"cache_key": "k"}) is None  # no store yet
    CorrectionStore().close()
    assert corrections_for({"cache_key": "k"}) is None  # a store with nothing for this engine
    default_path().write_bytes(b"not a database at all" * 100)
    with pytest.warns(UserWarning, match="corrections not applied: .*corrections"):
        assert corrections_for({"cache_key": "other"}) is None
    with pytest.raises(InputError, match="cannot open the corrections store"):
        CorrectionStore()


@pytest.mark.parametrize("odd", ["\x00", "\x1b[31m", "\x0b", "\x7f", "\t", "\r", "\x85", "\udc80", "\uffff"])
def test_a_correction_with_a_control_character_is_refused(tmp_path, odd):
    store = CorrectionStore(tmp_path / "c.sqlite3")
    with pytest.raises(InputError, match="no control character"):
        store.put("k", "Bonjour.", f"Hel{odd}lo.")
    assert store.all() == []
    assert store.put("k", "Deux\nlignes.", "Two\nlines.")[0].target == "Two\nlines."  # a <br> in the sentence


def test_a_correction_far_longer_than_its_french_is_refused(tmp_path):
    store = CorrectionStore(tmp_path / "c.sqlite3")
    source = "Bonjour."
    store.put("k", source, "x" * (4 * len(source) + 1000))
    with pytest.raises(InputError, match="at most 1,032 characters"):
        store.put("k", source, "x" * 250_000)


def test_export_writes_well_formed_tmx_even_for_corrections_stored_before_the_checks(tmp_path):
    store = CorrectionStore(tmp_path / "a.sqlite3")
    store._connection.execute(
        "INSERT INTO corrections (key, source, target, version, updated) VALUES (?, ?, ?, 1, 0)",
        ("k", "Bonjour.", "Hel\x00lo\x1b[0m \x0bworld\x7f."),
    )
    assert export_tmx(store, tmp_path / "c.tmx") == 1
    other = CorrectionStore(tmp_path / "b.sqlite3")
    assert import_tmx(other, tmp_path / "c.tmx") == (1, 0)
    assert other.all()[0].target == "Hello[0m world."
