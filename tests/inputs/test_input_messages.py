"""Input errors are one line in plain words naming the input: no exception names, no errno codes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from translator.errors import InputError
from translator.inputs import InputItem, Limits, read_input, resolve_inputs

_TECHNICAL = re.compile(r"Errno|ENAMETOOLONG|Error\b|Exception|Traceback|\\n|\n")


def test_a_name_too_long_for_the_file_system_is_a_plain_failure():
    spec = "x" * 5000 + ".html"
    (failure,) = resolve_inputs([spec]).failures
    assert failure == (spec, "the file name is too long")


def test_a_path_through_a_file_is_a_plain_failure(tmp_path):
    (tmp_path / "page.html").write_text("x")
    spec = str(tmp_path / "page.html" / "other.html")
    assert resolve_inputs([spec]).failures == [(spec, "a part of the path is not a folder")]


def test_an_input_gone_between_resolution_and_reading_fails_in_plain_words(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("x")
    (item,) = resolve_inputs([str(page)]).items
    page.unlink()
    with pytest.raises(InputError) as caught:
        read_input(item, Limits())
    assert str(caught.value) == f"{page}: cannot read (no such file or folder)"


@pytest.mark.parametrize(
    "item",
    [
        InputItem("d", "a folder", path="/"),
        InputItem("m", "missing.html", path="/nonexistent/missing.html"),
        InputItem("big", "-", data=b"x" * 2000),
    ],
)
def test_read_errors_carry_no_technical_words(item):
    with pytest.raises(InputError) as caught:
        read_input(item, Limits(max_bytes=1000))
    message = str(caught.value)
    assert message.startswith(f"{item.label}: ") and not _TECHNICAL.search(message), message


def test_a_subfolder_that_cannot_be_read_is_said_and_the_rest_still_found(tmp_path, monkeypatch):
    # as root nothing is unreadable: the refusals a user without the permission gets are simulated
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "page.html").write_text("<p>Bonjour.</p>")
    locked = tmp_path / "in" / "locked"
    real_scandir, real_is_file = os.scandir, Path.is_file

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def is_file(self):
        if locked in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "is_file", is_file)
    resolution = resolve_inputs([str(tmp_path / "in")])
    assert [item.name for item in resolution.items] == ["page"]
    assert resolution.skipped == [(str(locked), "permission denied")]
