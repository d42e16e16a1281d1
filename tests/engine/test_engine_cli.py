"""`translator translate`, `translator models ...`, `translator cache ...` on the test model."""

import json
import shutil

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.document import Article, Block, Source
from translator.testing import package_model


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "packages").mkdir()
    return tmp_path


def run(*arguments):
    return CliRunner().invoke(main, [str(argument) for argument in arguments])


def test_translate_text_file_line_by_line(env, test_model_dir):
    source = env / "in.txt"
    source.write_text("Le chat de la ville.\n\nx_y la maison\n", encoding="utf-8")
    result = run("translate", source, "--model", test_model_dir, "--no-default-glossary")
    assert result.exit_code == 0, result.output
    assert result.output == "The cat of the city.\n\nx_y the house\n"


def test_translate_keeps_one_line_out_per_line_in_whatever_breaks_a_line_holds(env, test_model_dir):
    source = env / "in.txt"
    # vertical tab, form feed, NEL, U+2028, a file separator, a lone CR and a NUL inside lines; CRLF at the end
    source.write_bytes(
        "Le\x0bchat\nla\x0cmaison\nla\x85ville\nle\u2028chat\nla\x1cville\nle\rchat\nla maison\x00\r\n".encode()
    )
    result = run("translate", source, "--model", test_model_dir, "--no-default-glossary", "--no-postedit")
    assert result.exit_code == 0, result.output
    assert result.output.split("\n") == [
        "The cat",
        "the house",
        "the city",
        "the cat",
        "the city",
        "the cat",
        "the house",
        "",
    ]


def test_translate_reads_a_text_file_in_utf16_with_its_byte_order_mark(env, test_model_dir):
    source = env / "in.txt"
    source.write_bytes("Le chat de la ville.\nla maison\n".encode("utf-16"))
    result = run("translate", source, "--model", test_model_dir, "--no-default-glossary")
    assert result.exit_code == 0, result.output
    assert result.output == "The cat of the city.\nthe house\n"


def test_translate_enforces_a_user_glossary(env, test_model_dir):
    source = env / "in.txt"
    source.write_text("Le chat de la ville.\n", encoding="utf-8")
    glossary = env / "pets.tsv"
    glossary.write_text("fr\ten\tflags\tnote\nchat\tfeline\t\t\n", encoding="utf-8")
    result = run("translate", source, "--model", test_model_dir, "--glossary", glossary, "--no-default-glossary")
    assert result.exit_code == 0, result.output
    assert result.output == "The feline of the city.\n"


def test_translate_article_json_segments_and_prints_english(env, test_model_dir):
    article = Article(Source(name="a"), [Block("title", "Le vétéran"), Block("paragraph", "Le chat. La maison.")])
    path = env / "a.json"
    path.write_text(article.to_json(), encoding="utf-8")
    result = run("translate", path, "--model", test_model_dir, "--no-default-glossary", "--offline")
    assert result.exit_code == 0, result.output
    assert result.output == "The veteran\n\nThe cat. The house.\n"


def test_translate_reports_a_bad_file_and_goes_on(env, test_model_dir):
    good = env / "good.txt"
    good.write_text("le chat\n", encoding="utf-8")
    bad = env / "bad.txt"
    bad.write_bytes(b"\x80\x81bad")
    result = run("translate", bad, good, "--model", test_model_dir, "--no-default-glossary")
    assert result.exit_code == 1
    assert "bad.txt: not UTF-8 text" in result.output
    assert "==> " in result.output and "the cat\n" in result.output


def test_translate_offline_without_model_is_one_line(env):
    source = env / "in.txt"
    source.write_text("le chat\n", encoding="utf-8")
    result = run("translate", source, "--offline")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "translator models install FILE.argosmodel" in result.output


def test_models_install_list_remove(env, test_model_dir):
    archive = package_model(test_model_dir, env / "translate-fr_en-test.argosmodel")
    assert "no models in" in run("models", "list").output
    assert run("models", "install", archive).exit_code == 0
    listing = run("models", "list").output
    assert "translate-fr_en\targos\tfr→en\t0.1" in listing and str(env / "packages") in listing
    assert run("models", "install").exit_code == 2
    removed = run("models", "remove", "translate-fr_en")
    assert removed.exit_code == 0 and "removed translate-fr_en" in removed.output
    assert run("models", "remove", "translate-fr_en").exit_code == 1


def test_cache_stats_and_clear_after_translating(env, test_model_dir):
    source = env / "in.txt"
    source.write_text("le chat\nla maison\nle chat\n", encoding="utf-8")
    assert run("translate", source, "--model", test_model_dir, "--no-default-glossary").exit_code == 0
    assert run("cache", "stats").output.startswith("2 entries for 1 model/option sets")
    assert run("cache", "clear").output.startswith("cleared 2 entries")
    assert run("cache", "stats").output.startswith("0 entries")
    assert run("translate", source, "--model", test_model_dir, "--no-default-glossary", "--no-cache").exit_code == 0
    assert run("cache", "stats").output.startswith("0 entries")


def test_models_list_shows_each_family_and_refuses_a_foreign_folder(env, tmp_path):
    import json

    from translator.testing import build_model

    folders = tmp_path / "models"
    for family in ("argos", "marian", "nllb", "m2m"):
        build_model(folders / f"opus-mt-fr-en-{family}", family=family)
    listing = run("models", "list", folders)
    assert listing.exit_code == 0, listing.output
    rows = [line.split("\t") for line in listing.output.splitlines()]
    assert [(row[1], row[2]) for row in rows] == [
        ("argos", "fr→en"),
        ("m2m", "fr→en"),
        ("marian", "fr→en"),
        ("nllb", "fr→en"),
    ]
    assert all(row[4].endswith(" MB") and row[5].startswith(str(folders)) for row in rows)
    described = json.loads(run("models", "list", "--json", folders / "opus-mt-fr-en-nllb").output)
    assert described[0]["family"] == "nllb" and described[0]["bytes"] > 0
    foreign = tmp_path / "photos"
    foreign.mkdir()
    refused = run("models", "list", foreign)
    assert refused.exit_code == 1
    assert "photos: not a model folder; expected argos:" in refused.output and "Traceback" not in refused.output


def test_models_remove_of_a_linked_package_unlinks_it_and_keeps_its_folder(env, test_model_dir, tmp_path):
    elsewhere = tmp_path / "users-own-copy"
    shutil.copytree(test_model_dir, elsewhere)
    metadata = json.loads((elsewhere / "metadata.json").read_text())
    (elsewhere / "metadata.json").write_text(json.dumps({**metadata, "from_code": "es"}))
    link = env / "packages" / "translate-es_en-link"
    link.symlink_to(elsewhere)
    removed = run("models", "remove", "translate-es_en")
    assert removed.exit_code == 0 and "the link" in removed.output and "is kept" in removed.output
    assert not link.is_symlink() and (elsewhere / "model" / "model.bin").is_file()


def test_models_install_warns_in_one_line_about_a_package_that_is_not_french_to_english(env, test_model_dir, tmp_path):
    spanish = tmp_path / "translate-es_en"
    shutil.copytree(test_model_dir, spanish)
    metadata = json.loads((spanish / "metadata.json").read_text())
    (spanish / "metadata.json").write_text(json.dumps({**metadata, "from_code": "es"}))
    installed = run("models", "install", package_model(spanish))
    assert installed.exit_code == 0
    warnings = [line for line in installed.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "es→en" in warnings[0]


def test_translate_with_a_memory_that_cannot_be_written_warns_in_one_line(env, test_model_dir, monkeypatch):
    import sqlite3

    from translator.engine import cache

    connect = cache.TranslationMemory._connect

    def read_only(self, timeout):
        connect(self, timeout).close()
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)

    monkeypatch.setattr(cache.TranslationMemory, "_connect", read_only)
    result = CliRunner().invoke(main, ["translate", "--model", str(test_model_dir), "-"], input="le chat\n")
    assert result.exit_code == 0 and "the cat" in result.stdout
    assert result.stderr.startswith("warning: translation memory") and len(result.stderr.splitlines()) == 1
    cleared = run("cache", "clear")
    assert cleared.exit_code == 1 and cleared.output.count("\n") == 1 and "readonly" in cleared.output


def test_cache_commands_with_a_file_in_place_of_the_cache_folder_fail_in_one_line(env):
    (env / "cache").write_text("x")
    for action in ("stats", "clear"):
        result = run("cache", action)
        assert result.exit_code == 1 and result.output.count("\n") == 1 and "is not a folder" in result.output


def test_cache_stats_reports_a_damaged_memory_and_leaves_it(env):
    (env / "cache").mkdir()
    (env / "cache" / "translation-memory.sqlite3").write_bytes(b"not a database" * 100)
    result = run("cache", "stats")
    assert result.exit_code == 1 and "is damaged" in result.output and result.output.count("\n") == 1
    assert [p.name for p in (env / "cache").iterdir()] == ["translation-memory.sqlite3"]
