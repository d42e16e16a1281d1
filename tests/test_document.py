"""The pipeline record survives a JSON round trip exactly and rejects what it cannot hold."""

import pytest

from translator.document import Article, Block, Edit, Flag, GlossaryHit, RemovedBlock, Segment, Source


def full_article() -> Article:
    segment = Segment(
        id="b001.s00",
        source="L'IA de « Microsoft » coûte 100 milliards de dollars.",
        target="Microsoft's AI costs $100 billion.",
        glossary=[GlossaryHit("IA", "IA", "AI", "term", 2, 4, "masked")],
        edits=[Edit("money-scale", "100 billion dollars", "$100 billion", 20)],
        flags=[Flag("length-ratio", "info", "target is short")],
        cached=True,
    )
    return Article(
        source=Source(name="seed", path="seeds/seed.txt", format="text", sha256="ab" * 32, language="fr"),
        blocks=[Block("title", "Titre"), Block("paragraph", segment.source, [segment])],
        removed=[RemovedBlock("Icône d'info-bulle", "icon", "icon.tooltip", 3)],
        flags=[Flag("no-standfirst", "warning", "no standfirst found")],
        provenance={"model": {"name": "test", "sha256": "00"}, "options": {"beam": 2}},
    )


def test_json_round_trip_is_lossless():
    article = full_article()
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_json() == article.to_json()


def test_accessors_follow_the_blocks():
    article = full_article()
    assert article.title == "Titre"
    assert [s.id for s in article.segments()] == ["b001.s00"]
    assert article.blocks[1].translation == "Microsoft's AI costs $100 billion."
    assert article.blocks[0].translation is None


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Block("sidebar", "x"), "unknown block kind"),
        (lambda: Flag("x", "fatal", "y"), "unknown severity"),
    ],
)
def test_invalid_values_are_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_newer_record_version_is_refused():
    data = full_article().to_dict()
    data["version"] = 99
    with pytest.raises(ValueError, match="newer than this tool"):
        Article.from_dict(data)


@pytest.mark.parametrize("text", ["[]", "null", '"str"', "5"])
def test_json_that_is_not_an_object_is_a_value_error(text):
    with pytest.raises(ValueError, match="not an object"):
        Article.from_json(text)


def test_a_record_with_a_version_that_is_not_a_number_is_a_plain_value_error():
    with pytest.raises(ValueError, match="'version' is JSON string, not a number"):
        Article.from_dict({"source": {"name": "x"}, "version": "1"})
