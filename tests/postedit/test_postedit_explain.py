"""`translator explain`: a run record's edits grouped by rule, then its flags; bad records fail in one line."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from translator.cli import main
from translator.document import Article, Block, Source
from translator.postedit import fix_source, postedit_article
from translator.segment import segment_article


def _record(tmp_path):
    article = Article(Source("budget"), [Block("paragraph", "Le conseil a voté\u00a0lundi. mardi, M. Dupont a signé.")])
    segment_article(article)
    fix_source(article)
    article.blocks[0].segments[0].target = "The council voted « Monday » Tuesday , M. Dupont signed signed."
    postedit_article(article)
    path = tmp_path / "budget.json"
    path.write_text(article.to_json(), encoding="utf-8")
    return path


def test_explain_groups_edits_by_rule_in_run_order_then_flags(tmp_path):
    result = CliRunner().invoke(main, ["explain", str(_record(tmp_path))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "budget: 7 edit(s) by 6 rule(s)"
    headers = [line.split(" (")[0] for line in lines if line and not line.startswith(" ")][1:]
    assert headers == [
        "source-nbsp-link",
        "source-broken-boundary",
        "typo-guillemets",
        "typo-space-before-punct",
        "artefact-doubled-word",
        "titles-honorifics",
        "flags",
    ]
    assert '  b000.s00 [source @17] "\\u00a0" → " "' in lines
    seen = "The council voted “Monday” Tuesday, M. Dupont signed signed."  # what the doubled-word rule saw
    assert f'  b000.s00 [target @{seen.index(" signed signed") + 7}] " signed" → ""' in lines
    flags = lines[next(i for i, line in enumerate(lines) if line.startswith("flags")) :]
    assert any("source-sentence-joined" in line for line in flags)


def test_explain_filters_by_rule(tmp_path):
    result = CliRunner().invoke(main, ["explain", "--rule", "typo-guillemets", "--no-flags", str(_record(tmp_path))])
    assert result.exit_code == 0
    assert "typo-guillemets (2)" in result.output
    assert "source-nbsp-link" not in result.output and "flags" not in result.output


def test_explain_bad_record_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(bad), str(tmp_path / "missing.json")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2 and "bad.json: not an article record" in errors[0]
    assert "Traceback" not in result.output


def test_explain_takes_a_run_folder_skips_the_manifest_and_refuses_unknown_rules(tmp_path):
    record = _record(tmp_path)
    (tmp_path / "manifest.json").write_text('{"run_key": "x", "articles": {}}', encoding="utf-8")
    shutil.copy(record, tmp_path / "second.json")
    result = CliRunner().invoke(main, ["explain", "--no-flags", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("typo-guillemets (2)") == 2  # both records, the manifest ignored
    globbed = CliRunner().invoke(main, ["explain", *map(str, sorted(tmp_path.glob("*.json")))])
    assert globbed.exit_code == 0 and "Error" not in globbed.output
    bad = CliRunner().invoke(main, ["explain", "--rule", "typo-guillemet", str(record)])
    assert bad.exit_code == 2 and "valid ids:" in bad.output and "typo-guillemets" in bad.output


def test_explain_json_that_is_not_an_object_is_one_line_naming_the_file(tmp_path):
    for name, text in {"list.json": "[]", "null.json": "null", "str.json": '"str"'}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", *(str(tmp_path / n) for n in ("list.json", "null.json", "str.json"))])
    assert result.exit_code == 1
    errors = result.output.splitlines()
    assert len(errors) == 3 and "list.json: not an article record (JSON array, not an object)" in errors[0]
    assert "null.json" in errors[1] and "str.json" in errors[2]
