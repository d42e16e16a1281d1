"""Markdown and plain-text renderers, in French and (from segment targets) in English."""

from translator.document import Article, Block, Segment, Source
from translator.outputs.markdown import escape, render_markdown
from translator.outputs.text import render_text


def _article() -> Article:
    return Article(
        source=Source(name="a"),
        blocks=[
            Block("title", "Titre de l'article"),
            Block("standfirst", "Le chapeau résume *tout*."),
            Block("heading", "Un intertitre"),
            Block("paragraph", "Premier paragraphe."),
            Block("list_item", "Point un"),
            Block("list_item", "Point deux"),
            Block("quote", "« Une citation »"),
            Block("caption", "Une légende"),
            Block("paragraph", "# pas un titre"),
        ],
    )


def test_text_is_title_then_blocks_separated_by_blank_lines():
    text = render_text(_article())
    assert text.split("\n\n")[:3] == ["Titre de l'article", "Le chapeau résume *tout*.", "Un intertitre"]
    assert text.count("\n\n") == 8 and text.endswith("\n")


def test_markdown_keeps_the_structure():
    md = render_markdown(_article())
    assert md.startswith("# Titre de l'article\n\n*Le chapeau résume \\*tout\\*.*\n\n## Un intertitre\n\n")
    assert "- Point un\n- Point deux" in md
    assert "> « Une citation »" in md and "*Une légende*" in md
    assert "\\# pas un titre" in md


def test_escape_neutralises_markdown_syntax():
    assert escape("a_b [lien](x) <b>") == "a\\_b \\[lien\\](x) \\<b\\>"
    assert escape("1. premier") == "1\\. premier"


def test_english_uses_segment_targets_and_falls_back_to_french():
    article = _article()
    article.blocks[0].segments = [Segment("b000.s00", "Titre de l'article", target="Title of the article")]
    article.blocks[3].segments = [Segment("b003.s00", "Premier paragraphe.", target=None)]
    text = render_text(article, english=True)
    assert text.startswith("Title of the article\n\n")
    assert "Premier paragraphe." in text
    assert render_markdown(article, english=True).startswith("# Title of the article")
