"""Output names: stable whatever the input order, unique without regard to case, never a run's own file."""

from __future__ import annotations

import itertools

from translator.inputs import RESERVED_NAMES, resolve_inputs, safe_name, stem_of


def _names(specs: list[str]) -> dict[str, str]:
    return {item.label: item.name for item in resolve_inputs(specs).items}


def test_same_file_names_in_two_folders_keep_their_names_in_either_order(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.html").write_text("x")
    forward = _names([str(tmp_path / "a" / "x.html"), str(tmp_path / "b" / "x.html")])
    backward = _names([str(tmp_path / "b" / "x.html"), str(tmp_path / "a" / "x.html")])
    assert forward == backward
    assert forward == {str(tmp_path / "a" / "x.html"): "a-x", str(tmp_path / "b" / "x.html"): "b-x"}


def test_names_are_the_same_for_every_order_of_many_colliding_inputs(tmp_path):
    specs = []
    for folder, filename in [("p/a", "x.html"), ("q/a", "x.html"), ("r", "X.htm"), ("r", "a-x.txt"), ("s", "x.txt")]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / filename).write_text("x")
        specs.append(str(tmp_path / folder / filename))
    results = {tuple(sorted(_names(list(order)).items())) for order in itertools.permutations(specs)}
    assert len(results) == 1
    names = [name for _, name in next(iter(results))]
    assert len({name.casefold() for name in names}) == len(names)


def test_inputs_named_like_run_files_never_take_their_names(tmp_path):
    for stem in ("manifest", "INDEX", "articles"):
        (tmp_path / f"{stem}.html").write_text("x")
    names = _names([str(tmp_path / "manifest.html"), str(tmp_path / "INDEX.html"), str(tmp_path / "articles.html")])
    assert sorted(names.values()) == ["INDEX-article", "articles-article", "manifest-article"]
    url_names = _names(["http://127.0.0.1:9/news/manifest", "http://127.0.0.1:9/index.html"])
    assert all(name.casefold() not in RESERVED_NAMES for name in url_names.values()), url_names


def test_names_are_safe_file_names():
    assert safe_name(".hidden") == "hidden"
    assert safe_name("a/b\\c\x00d\né") == "a-b-c-d-é"
    assert safe_name("con") == "con-article" and safe_name("NUL.tar") == "NUL.tar-article"
    assert safe_name("...") == "article"


def test_long_names_are_shortened_with_a_hash_not_refused(tmp_path):
    long_a, long_b = "é" * 200 + "a", "é" * 200 + "b"
    names = [safe_name(long_a), safe_name(long_b)]
    assert all(len(name.encode()) <= 100 for name in names) and names[0] != names[1]
    assert safe_name(long_a) == names[0]  # stable
    page = tmp_path / ("x" * 250 + ".html")
    page.write_text("x")
    (item,) = resolve_inputs([str(page)]).items
    assert len(item.name.encode()) <= 100 and item.name.startswith("xxxx")


def test_the_same_url_twice_is_one_input_and_urls_sharing_a_stem_get_their_folders(tmp_path):
    names = _names(["http://127.0.0.1:9/a/article", "http://127.0.0.1:9/b/article", "http://127.0.0.1:9/a/article"])
    assert names == {"http://127.0.0.1:9/a/article": "a-article", "http://127.0.0.1:9/b/article": "b-article"}
    # identical stems and folders (only the query differs) fall back to a hash of each URL
    query = _names(["http://127.0.0.1:9/p.php?id=1", "http://127.0.0.1:9/p.php?id=2"])
    assert len(set(query.values())) == 2 and all(name.startswith("p.php-") for name in query.values())


def test_output_stem_drops_page_and_records_extensions():
    assert stem_of("article.html.gz") == "article"
    assert stem_of("article.HTM") == "article"
    assert stem_of("dump.txt") == "dump"
    assert stem_of("report.v2.html") == "report.v2"
