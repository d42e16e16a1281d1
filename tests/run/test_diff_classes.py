"""Word-level diff classes and run comparison on records built by hand."""

import json

import pytest

from translator.diff import classify, diff_runs, word_diff
from translator.document import Article, Block, GlossaryHit, Segment, Source
from translator.errors import InputError


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("  ", " ", "whitespace"),
        ("Paris", "paris", "case"),
        (",", ";", "punctuation"),
        ("1,234", "1 234", "number"),
        ("supercalcul", "supercomputing", "glossary term"),
        ("house", "home", "other"),
    ],
)
def test_classify(before, after, kind):
    assert classify(before, after, {"supercomputing"}) == kind


def test_word_diff_keeps_all_text_and_marks_changes():
    pieces = word_diff("The cat sat.", "The dog sat!")
    assert "".join(p.before for p in pieces) == "The cat sat."
    assert "".join(p.after for p in pieces) == "The dog sat!"
    assert [(p.before, p.after, p.kind) for p in pieces if p.op != "equal"] == [
        ("cat", "dog", "other"),
        (".", "!", "punctuation"),
    ]


def _write_run(folder, targets, glossary_hash):
    folder.mkdir()
    segments = [
        Segment(
            f"b000.s{i:02d}",
            f"fr {i}",
            target=t,
            glossary=[GlossaryHit("supercalcul", "supercalcul", "supercomputing", "term", 0, 11)]
            if "supercomputing" in t
            else [],
        )
        for i, t in enumerate(targets)
    ]
    article = Article(source=Source(name="a"), blocks=[Block("paragraph", "x", segments=segments)])
    (folder / "a.json").write_text(article.to_json())
    manifest = {"articles": {"a": {"status": "ok"}}, "glossary": {"sha256": glossary_hash}, "options": {"beam": 2}}
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_attribution_counts_segments_explained_by_a_glossary_entry(tmp_path):
    _write_run(tmp_path / "a", ["The supercalcul.", "Hello.", "One."], "without")
    _write_run(tmp_path / "b", ["The supercomputing.", "Hello!", "One."], "with supercalcul")
    result = diff_runs(tmp_path / "a", tmp_path / "b")
    assert not result.identical
    assert [c.id for c in result.changes] == ["b000.s00", "b000.s01"]
    [attribution] = result.attributions
    assert (
        attribution.sentence(len(result.changes))
        == "glossary: +'supercalcul→supercomputing' explains 1 of 2 changed segments"
    )
    assert result.unexplained() == 1
    assert result.chrf < 100 and result.ter > 0


def test_identical_runs_and_unreadable_folders(tmp_path):
    _write_run(tmp_path / "a", ["Same."], "same")
    result = diff_runs(tmp_path / "a", tmp_path / "a")
    assert result.identical and result.chrf == 100.0 and result.ter == 0.0
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article records"):
        diff_runs(tmp_path / "a", tmp_path / "empty")


def test_post_edit_rules_and_options_are_attributed(tmp_path):
    from translator.document import Edit

    for name, target, edits, rules, beam in (
        ("a", "He said «yes».", [], ["typo-spaces"], 2),
        ("b", "He said “yes”.", [Edit("typo-guillemets", "«yes»", "“yes”", 8)], ["typo-spaces", "typo-guillemets"], 4),
    ):
        folder = tmp_path / name
        folder.mkdir()
        segments = [Segment("b000.s00", "Il a dit « oui ».", target=target, edits=edits), Segment("b000.s01", "x", "x")]
        article = Article(source=Source(name="a"), blocks=[Block("paragraph", "x", segments=segments)])
        (folder / "a.json").write_text(article.to_json())
        manifest = {"articles": {"a": {"status": "ok"}}, "postedit": {"ids": rules}, "options": {"beam": beam}}
        (folder / "manifest.json").write_text(json.dumps(manifest))
    result = diff_runs(tmp_path / "a", tmp_path / "b")
    sentences = [a.sentence(1) for a in result.attributions]
    assert sentences == [
        "postedit: +typo-guillemets explains 1 of 1 changed segments",
        "options: beam 2 → 4 explains 1 of 1 changed segments",
    ]
    assert result.changes[0].classes == ["punctuation"]


def test_boilerplate_rules_explain_added_segments_and_model_paths_do_not_count(tmp_path):
    from translator.document import RemovedBlock

    for name, count, removed, rules, path in (
        ("a", 1, [RemovedBlock("Partagez sur X", "share", "share-x", 1)], ["share-x"], "/one/model"),
        ("b", 2, [], [], "/two/model"),
    ):
        folder = tmp_path / name
        folder.mkdir()
        segments = [Segment(f"b000.s{i:02d}", f"fr {i}", target=f"en {i}") for i in range(count)]
        article = Article(source=Source(name="a"), blocks=[Block("paragraph", "x", segments=segments)], removed=removed)
        (folder / "a.json").write_text(article.to_json())
        manifest = {
            "articles": {"a": {"status": "ok"}},
            "rules": {"ids": rules},
            "model": {"model_hash": "same", "path": path},
        }
        (folder / "manifest.json").write_text(json.dumps(manifest))
    result = diff_runs(tmp_path / "a", tmp_path / "b")
    assert [(c.id, c.status) for c in result.changes] == [("b000.s01", "added")]
    assert [a.sentence(1) for a in result.attributions] == ["rules: -share-x explains 1 of 1 changed segments"]


def test_html_page_inside_either_run_is_refused_and_nothing_written(tmp_path):
    from click.testing import CliRunner

    from translator.cli import main

    _write_run(tmp_path / "a", ["Same."], "same")
    _write_run(tmp_path / "b", ["Other."], "same")
    (tmp_path / "link").symlink_to(tmp_path / "b")
    record = (tmp_path / "a" / "a.json").read_bytes()
    for page in (tmp_path / "a" / "a.json", tmp_path / "b" / "index.html", tmp_path / "link" / "manifest.json"):
        before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
        result = CliRunner().invoke(main, ["diff", str(tmp_path / "a"), str(tmp_path / "b"), "--html", str(page)])
        assert result.exit_code == 2 and result.output.count("\n") == 1 and "inside run folder" in result.output
        assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert (tmp_path / "a" / "a.json").read_bytes() == record
    result = CliRunner().invoke(
        main, ["diff", str(tmp_path / "a"), str(tmp_path / "b"), "--html", str(tmp_path / "d.html")]
    )
    assert result.exit_code == 1 and "<ins" in (tmp_path / "d.html").read_text()


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("model", "x", "unreadable manifest ('model' is 'x', not an object)"),
        ("model", None, "unreadable manifest ('model' is None, not an object)"),
        ("glossary", [], "unreadable manifest ('glossary' is [], not an object)"),
        ("rules", {"ids": None}, "unreadable manifest ('rules.ids' is None, not a list of rule ids)"),
        ("postedit", {"ids": 5}, "unreadable manifest ('postedit.ids' is 5, not a list of rule ids)"),
        ("options", None, "unreadable manifest ('options' is None, not an object)"),
        ("format", 99, "written by a newer translator (format 99, this one reads up to 1)"),
        ("format", "1", "unreadable manifest ('format' is '1', not a number)"),
    ],
)
def test_diff_of_an_edited_or_newer_manifest_is_one_line_exit_2(tmp_path, key, value, reason):
    from click.testing import CliRunner

    from translator.cli import main

    _write_run(tmp_path / "a", ["Same."], "same")
    _write_run(tmp_path / "b", ["Same."], "same")
    manifest = tmp_path / "b" / "manifest.json"
    data = json.loads(manifest.read_text())
    base = {"format": 1, "model": {"model_hash": "m"}, "rules": {"ids": ["r"]}, "postedit": {"ids": ["p"]}}
    manifest.write_text(json.dumps({**data, **base, key: value}))
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert f"manifest.json: {reason}" in result.output
