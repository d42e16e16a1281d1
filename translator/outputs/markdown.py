"""Markdown: the article with its structure (title, standfirst, headings, lists, quotes, captions)."""

from __future__ import annotations

import re

from translator.document import Article
from translator.outputs.text import block_text

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(#|>|[-+] )")
_NUMBERED = re.compile(r"^(\d+)([.)] )")


def escape(text: str) -> str:
    """Backslash what Markdown would read as markup, so the text renders as written."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    text = _LINE_START.sub(lambda m: "\\" + m.group(1), text)
    return _NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


_FORMATS = {
    "title": "# {}",
    "standfirst": "*{}*",
    "heading": "## {}",
    "paragraph": "{}",
    "list_item": "- {}",
    "quote": "> {}",
    "caption": "*{}*",
}


def render_markdown(article: Article, english: bool = False) -> str:
    """One Markdown block per article block; consecutive list items form one list."""
    parts: list[str] = []
    previous = None
    for block in article.blocks:
        text = block_text(block, english)
        if not text.strip():
            continue
        line = _FORMATS[block.kind].format(escape(text))
        if block.kind == "list_item" and previous == "list_item":
            parts[-1] += "\n" + line
        else:
            parts.append(line)
        previous = block.kind
    return "\n\n".join(parts) + "\n"
