"""Plain text: the article alone, title first, then every block, separated by blank lines."""

from __future__ import annotations

from translator.document import Article, Block


def block_text(block: Block, english: bool) -> str:
    """The block's English when asked for and translated, else its French."""
    if english and block.translation is not None:
        return block.translation
    return block.text


def render_text(article: Article, english: bool = False) -> str:
    """Title, then blocks, one per paragraph; no markup, so it diffs and counts cleanly."""
    texts = [block_text(block, english).strip() for block in article.blocks]
    return "\n\n".join(text for text in texts if text) + "\n"
