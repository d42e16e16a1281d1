"""The Python API refuses arguments of the wrong shape in one line naming the argument, before any
work: a lone string where a list is expected would otherwise be taken character by character."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator import Pipeline, load_settings
from translator.errors import InputError


@pytest.fixture
def pipeline(test_model_dir) -> Pipeline:
    return Pipeline(load_settings(given={"model.path": test_model_dir, "model.offline": True, "model.cache": False}))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: p.translate("Bonjour le monde."), r"^texts must be a list of str \(or an Article\), not str$"),
        (lambda p: p.translate(None), r"^texts must be a list of str \(or an Article\), not NoneType$"),
        (lambda p: p.translate(["a", None]), r"^texts\[1\] must be a str, not NoneType$"),
        (lambda p: p.translate_articles("x"), r"^articles must be a list of Article, not str$"),
        (lambda p: p.translate_articles(["x"]), r"^articles\[0\] must be an Article, not str$"),
        (lambda p: p.resolve("qqq"), r"^specs must be a list of str or paths, not str$"),
        (lambda p: p.resolve(Path("qqq")), r"^specs must be a list of str or paths, not PosixPath$"),
        (lambda p: p.resolve([None]), r"^specs\[0\] must be a str or a path, not NoneType$"),
        (lambda p: p.run("qqq", "out"), r"^inputs must be a list of str or paths, not str$"),
        (lambda p: p.clean(None), r"^page must be bytes or str, not NoneType$"),
        (lambda p: p.prepare(42), r"^page must be bytes or str, not int$"),
    ],
)
def test_wrong_argument_types_are_one_line_type_errors(pipeline, call, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # "qqq": a lone string taken character by character finds nothing here
    with pytest.raises(TypeError, match=message):
        call(pipeline)


def test_a_lone_surrogate_is_an_input_error_naming_the_argument(pipeline):
    with pytest.raises(InputError, match=r"^texts\[1\]: not valid Unicode \(a lone surrogate at character 3\)$"):
        pipeline.translate(["le chat", "le \udc80chat"])
    with pytest.raises(InputError, match=r"^page: not valid Unicode"):
        pipeline.clean("<p>le \ud800</p>")


def test_inputs_may_be_paths_and_texts_any_iterable(pipeline, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Le chat mange.\n", encoding="utf-8")
    assert [item.label for item in pipeline.resolve([page]).items] == [str(page)]
    assert len(pipeline.translate(text for text in ["le chat", "la maison"])) == 2
