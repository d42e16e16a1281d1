"""Records files: JSON Lines, CSV and Parquet files holding one article a record."""

from __future__ import annotations

import csv
import gzip
import json
import sys

import pytest

from translator.inputs import Limits, RecordFields, read_input, resolve_inputs

PAGE = "<html><head><meta charset='windows-1252'></head><body><p>Élection à Paris : « résultats ».</p></body></html>"


def _records(count: int) -> list[dict]:
    return [
        {"id": f"a{n}", "html": PAGE.replace("Paris", f"Paris {n}"), "url": f"https://x.fr/{n}"} for n in range(count)
    ]


def test_a_thousand_jsonl_records_with_one_bad_line_give_999_articles_and_one_failure(tmp_path):
    lines = [json.dumps(record) for record in _records(1000)]
    lines[499] = '{"id": "broken", "html": "<p>unterminated'
    (tmp_path / "news.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    resolution = resolve_inputs([str(tmp_path / "news.jsonl")])
    assert len(resolution.items) == 999
    assert resolution.failures == [(f"{tmp_path / 'news.jsonl'}:500", "not valid JSON")]
    first = resolution.items[0]
    assert first.name == "a0" and first.label == f"{tmp_path / 'news.jsonl'}:1"
    assert first.origin == {"file": str(tmp_path / "news.jsonl"), "line": 1, "id": "a0", "url": "https://x.fr/0"}
    assert first.filename == "a0.html" and first.url is None and first.path is None
    assert len({item.name.casefold() for item in resolution.items}) == 999
    # the page's text arrives exactly, whatever charset the page itself declares
    assert read_input(first, Limits()).decode("utf-8-sig") == PAGE.replace("Paris", "Paris 0")


def test_csv_with_one_bad_record_fails_that_record_alone(tmp_path):
    path = tmp_path / "feed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "text", "url"])
        for n in range(1000):
            body = "" if n == 700 else f"Premier paragraphe {n}.\nSecond paragraphe, sur deux\nlignes."
            writer.writerow([f"r{n}", f"  Titre {n} ", body, ""])
    resolution = resolve_inputs([str(path)])
    assert len(resolution.items) == 999
    # a record spans three lines: the 701st record starts on line 2 + 700 * 3
    assert resolution.failures == [(f"{path}:2102", "empty 'html' and 'text' fields")]
    item = resolution.items[1]
    assert (item.name, item.title, item.filename) == ("r1", "Titre 1", "r1.txt")
    assert item.origin == {"file": str(path), "line": 5, "id": "r1"}
    assert read_input(item, Limits()).decode("utf-8-sig").startswith("Premier paragraphe 1.\nSecond")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"id": 3}', "no 'html' or 'text' field"),
        ('{"html": "  ", "text": null}', "empty 'html' and 'text' fields"),
        ('{"html": 12}', "the 'html' field is not text"),
        ("[" * 100_000, "not valid JSON"),
        (b'{"text": "caf\xe9"}', "not valid UTF-8"),
        ('{"text": "' + "x" * 2000 + '"}', "over the 1,000-byte input limit"),
    ],
)
def test_each_kind_of_bad_record_is_one_failure_naming_file_and_line(tmp_path, line, reason):
    path = tmp_path / "r.jsonl"
    bad = line if isinstance(line, bytes) else line.encode()
    path.write_bytes(b'{"text": "Bonjour."}\n' + bad + b'\n{"text": "Au revoir."}\n')
    resolution = resolve_inputs([str(path)], limits=Limits(max_bytes=1000))
    assert resolution.failures == [(f"{path}:2", reason)]
    assert len(resolution.items) == 2


def test_records_without_id_are_named_by_a_stable_hash_of_their_content(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.ndjson"
    one.write_text('{"text": "Premier."}\n{"text": "Second."}\n')
    two.write_text('{"text": "Second."}\n{"text": "Premier."}\n')
    names_one = [item.name for item in resolve_inputs([str(one)]).items]
    names_two = [item.name for item in resolve_inputs([str(two)]).items]
    assert names_one == names_two[::-1] and len(set(names_one)) == 2
    assert all(len(name) == 12 for name in names_one)


def test_field_names_are_settable_and_html_wins_over_text(tmp_path):
    path = tmp_path / "scrape.jsonl"
    path.write_text(json.dumps({"raw_html": "<p>Page</p>", "body": "texte", "doc": 42, "headline": "Titre"}) + "\n")
    fields = RecordFields(html="raw_html", text="body", id="doc", title="headline")
    (item,) = resolve_inputs([str(path)], fields=fields).items
    assert (item.name, item.title, item.record_format) == ("42", "Titre", "html")


def test_gzipped_records_files_are_read_and_capped_as_inflated(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(json.dumps(r) for r in _records(50)) + "\n").encode()))
    assert len(resolve_inputs([str(path)]).items) == 50
    small = resolve_inputs([str(path)], limits=Limits(max_records_bytes=5000))
    assert small.items == [] and small.failures == [(str(path), "decompressed file is over the 5,000-byte limit")]


def test_ids_that_are_not_safe_file_names_are_sanitised(tmp_path):
    path = tmp_path / "r.jsonl"
    records = [{"id": "../../etc/passwd", "text": "a"}, {"id": "manifest", "text": "b"}]
    records.append({"id": "Manifest", "text": "c"})
    path.write_text("\n".join(json.dumps(r) for r in records))
    names = [item.name for item in resolve_inputs([str(path)]).items]
    assert names[0] == "etc-passwd"
    assert all(name.casefold() != "manifest" for name in names) and len({n.casefold() for n in names}) == 3


def test_a_folder_picks_up_records_files_and_skips_a_csv_of_something_else(tmp_path):
    (tmp_path / "news.jsonl").write_text('{"id": "x", "text": "Bonjour."}\n')
    (tmp_path / "glossary.csv").write_text("fr,en\nvétéran,veteran\n")
    (tmp_path / "page.html").write_text("<p>Bonjour.</p>")
    resolution = resolve_inputs([str(tmp_path)])
    assert [item.name for item in resolution.items] == ["x", "page"]
    assert resolution.skipped == [(str(tmp_path / "glossary.csv"), "records file with no 'html' or 'text' field")]
    assert resolution.failures == []
    explicit = resolve_inputs([str(tmp_path / "glossary.csv")])
    assert explicit.failures == [(str(tmp_path / "glossary.csv"), "records file with no 'html' or 'text' field")]


def test_csv_that_is_not_utf8_fails_per_record_with_a_hint(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("id,text\n1,Élection\n2,Bonjour\n".encode("cp1252"))
    resolution = resolve_inputs([str(path)])
    assert resolution.failures == [(f"{path}:2", "not valid UTF-8 (save the file as UTF-8)")]
    assert [item.name for item in resolution.items] == ["2"]


def test_parquet_records_are_read_with_pyarrow(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = _records(300)
    records[10]["html"] = None
    table = pa.table({"id": [r["id"] for r in records], "html": [r["html"] for r in records]})
    pq.write_table(table, tmp_path / "pages.parquet", row_group_size=100)
    resolution = resolve_inputs([str(tmp_path / "pages.parquet")])
    assert len(resolution.items) == 299
    assert resolution.failures == [(f"{tmp_path / 'pages.parquet'}:11", "no 'html' or 'text' field")]
    assert resolution.items[0].origin == {"file": str(tmp_path / "pages.parquet"), "row": 1, "id": "a0"}


def test_parquet_without_pyarrow_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "pages.parquet").write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    resolution = resolve_inputs([str(tmp_path / "pages.parquet")])
    assert resolution.failures == [
        (str(tmp_path / "pages.parquet"), "reading Parquet needs pyarrow: pip install 'translator[parquet]'")
    ]


def test_a_damaged_parquet_file_is_one_failure(tmp_path):
    (tmp_path / "pages.parquet").write_bytes(b"PAR1 not really")
    resolution = resolve_inputs([str(tmp_path / "pages.parquet")])
    assert resolution.failures == [(str(tmp_path / "pages.parquet"), "not a readable Parquet file")]


def test_a_records_file_of_junk_says_why_its_first_line_could_not_be_read(tmp_path):
    junk = tmp_path / "dump.jsonl"
    junk.write_bytes(b"\xff\xfe garbage \x00\x01\n")
    (failure,) = resolve_inputs([str(junk)]).failures
    assert failure == (str(junk), "records file with no 'html' or 'text' field (line 1: not valid JSON)")
