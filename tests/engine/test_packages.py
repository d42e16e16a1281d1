"""Package discovery, installation from files and from an index, removal, and offline errors."""

import json
import shutil
import zipfile

import pytest

from translator.engine import load_engine
from translator.engine.packages import (
    find_installed,
    install_from_file,
    install_from_index,
    installed_packages,
    open_model,
    remove_package,
    resolve_package,
)
from translator.errors import ModelError
from translator.testing import package_model


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """An empty ARGOS_PACKAGES_DIR and translator cache for one test."""
    root = tmp_path / "argos-packages"
    root.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(root))
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))
    return root


@pytest.fixture
def archive(test_model_dir, tmp_path):
    return package_model(test_model_dir, tmp_path / "translate-fr_en-test.argosmodel")


def test_installed_archive_is_discovered_and_translates(packages, archive):
    assert find_installed() is None
    package = install_from_file(archive)
    assert package.path.parent == packages.resolve()
    assert [p.path for p in installed_packages()] == [package.path]
    assert find_installed("fr", "en") == package
    engine = load_engine(offline=True, cache=False)
    assert engine.translate_texts(["le chat"]) == ["the cat"]


def test_package_installed_by_another_tool_is_used_as_is(packages, test_model_dir):
    shutil.copytree(test_model_dir, packages / "translate-fr_en-1_9")
    (packages / "not-a-package").mkdir()  # stray folders are ignored
    assert resolve_package(offline=True).path == (packages / "translate-fr_en-1_9").resolve()


def test_model_option_accepts_archive_and_reuses_its_unpacked_copy(packages, archive):
    first = open_model(archive)
    second = open_model(archive)
    assert first.path == second.path
    assert first.path.parent.parent.name == "cache"
    assert installed_packages() == []  # --model never installs


def test_remove_by_argospm_name(packages, archive):
    package = install_from_file(archive)
    removed = remove_package("translate-fr_en")
    assert removed.package.path == package.path and not removed.link and not package.path.exists()
    with pytest.raises(ModelError, match="no installed package"):
        remove_package("translate-fr_en")


def test_reinstall_replaces_the_old_copy(packages, archive):
    first = install_from_file(archive)
    (first.path / "marker").write_text("old")
    second = install_from_file(archive)
    assert second.path == first.path and not (second.path / "marker").exists()
    assert not [p for p in packages.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil/metadata.json": "{}"}, "unsafe path"),
        ({"a/readme.txt": "x", "b/readme.txt": "x"}, "not an argos package"),
        ({"pkg/metadata.json": "{}"}, "no model/model.bin"),
    ],
)
def test_broken_archives_are_refused_and_leave_nothing(packages, tmp_path, members, message):
    bad = tmp_path / "bad.argosmodel"
    with zipfile.ZipFile(bad, "w") as bundle:
        for name, text in members.items():
            bundle.writestr(name, text)
    with pytest.raises(ModelError, match=message):
        install_from_file(bad)
    assert list(packages.iterdir()) == []


def test_not_a_zip_is_refused(packages, tmp_path):
    bad = tmp_path / "model.argosmodel"
    bad.write_text("not a zip")
    with pytest.raises(ModelError, match="not a zip"):
        install_from_file(bad)


def test_offline_without_package_says_how_to_install_from_a_file(packages):
    with pytest.raises(ModelError) as error:
        load_engine(offline=True)
    message = str(error.value)
    assert "\n" not in message
    assert "translator models install FILE.argosmodel" in message and "--model PATH" in message


def test_unreachable_index_stops_before_work_with_the_same_steps(packages, monkeypatch):
    notices = []
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "https://index.invalid/")
    with pytest.raises(ModelError) as error:
        load_engine(notice=notices.append)
    assert "cannot reach https://index.invalid/index.json" in str(error.value)
    assert "translator models install FILE.argosmodel" in str(error.value)
    assert notices and "installing translate-fr_en" in notices[0]


def test_first_use_installs_from_the_index(packages, archive, tmp_path, monkeypatch):
    """The index and the download are file:// URLs here, so no network is needed."""
    index = tmp_path / "index"
    index.mkdir()
    entry = {"type": "translate", "from_code": "fr", "to_code": "en", "package_version": "0.1"}
    entries = [
        {**entry, "package_version": "0.0.9", "links": ["file:///nonexistent.argosmodel"]},
        {**entry, "links": ["file:///nonexistent.argosmodel", archive.as_uri()]},
        {**entry, "from_code": "de", "links": []},
    ]
    (index / "index.json").write_text(json.dumps(entries))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    seen = []
    package = install_from_index(progress=lambda done, total: seen.append((done, total)))
    assert package.version == "0.1" and find_installed() == package
    assert seen[-1] == (archive.stat().st_size, archive.stat().st_size)
    assert not list((tmp_path / "cache" / "downloads").iterdir())  # the download is not kept


def test_load_engine_installs_on_first_use_then_uses_the_installed_package(packages, archive, tmp_path, monkeypatch):
    index = tmp_path / "index"
    index.mkdir()
    entry = {"type": "translate", "from_code": "fr", "to_code": "en", "package_version": "0.1"}
    (index / "index.json").write_text(json.dumps([{**entry, "links": [archive.as_uri()]}]))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    notices = []
    engine = load_engine(notice=notices.append, cache=False)
    assert engine.translate_texts(["le chat"]) == ["the cat"]
    assert len(notices) == 1
    (index / "index.json").unlink()  # a second load needs no index
    assert load_engine(notice=notices.append, cache=False).model == engine.model
    assert len(notices) == 1


def test_damaged_unpacked_copy_is_unpacked_again(packages, archive):
    first = open_model(archive)
    shutil.rmtree(first.path / "model")
    again = open_model(archive)
    assert again.path == first.path and (again.path / "model" / "model.bin").is_file()


def test_copy_unpacked_by_another_process_first_is_kept_not_replaced(packages, archive, tmp_path):
    from translator.engine.packages import _extract, _move_into_place

    destination = open_model(archive).path
    (destination / "in-use").write_text("another process is reading this copy")
    staging, unpacked = _extract(archive, destination.parent)  # this process lost the race
    kept = _move_into_place(staging, unpacked, destination, replace=False)
    assert kept.path == destination and (destination / "in-use").is_file()
    assert not staging.exists()


def _repacked(test_model_dir, tmp_path, change) -> object:
    """The test package with `change(folder)` applied, as an .argosmodel of the same name."""
    folder = tmp_path / "changed" / "translate-fr_en-test"
    shutil.copytree(test_model_dir, folder)
    change(folder)
    return package_model(folder, tmp_path / "changed" / "translate-fr_en-test.argosmodel")


def test_package_whose_model_does_not_load_never_replaces_the_installed_one(
    packages, archive, test_model_dir, tmp_path
):
    installed = install_from_file(archive)
    broken = _repacked(test_model_dir, tmp_path, lambda folder: (folder / "model" / "model.bin").write_bytes(b"x" * 64))
    with pytest.raises(ModelError, match=r"cannot load the model.*nothing was installed"):
        install_from_file(broken)
    assert [p.path for p in installed_packages()] == [installed.path]
    assert not [p for p in packages.iterdir() if p.name.startswith(".")]
    assert load_engine(offline=True, cache=False).translate_texts(["le chat"]) == ["the cat"]


def test_package_whose_languages_are_not_codes_is_refused(packages, test_model_dir, tmp_path):
    def number_as_language(folder):
        metadata = json.loads((folder / "metadata.json").read_text())
        (folder / "metadata.json").write_text(json.dumps({**metadata, "from_code": 5}))

    with pytest.raises(ModelError, match="from_code is not a language code"):
        install_from_file(_repacked(test_model_dir, tmp_path, number_as_language))
    assert list(packages.iterdir()) == []
