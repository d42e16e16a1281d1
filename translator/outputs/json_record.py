"""The full article record as written to `NAME.json`: the lossless JSON form of `Article`."""

from __future__ import annotations

from translator.document import Article


def render_json(article: Article) -> str:
    """Everything the run knows about the article, readable back with `Article.from_json`."""
    return article.to_json() + "\n"
