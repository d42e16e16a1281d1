"""URLs, e-mail addresses and @handles in running text: one definition for every stage.

The segmenter must not split inside them, the glossary must neither match nor translate inside
them, and the post-editor must neither rewrite them nor lose them. French and English quotes
(« » “ ”) and a closing punctuation mark never belong to a link.
"""

from __future__ import annotations

import regex

URL = r"(?:https?://|www\.)[^\s<>«»\"“”]+[^\s<>«»\"“”.,;:!?)\]’']"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
HANDLE = r"(?<![\w@.])@\w{2,}"

LINK = regex.compile(f"{URL}|{EMAIL}|{HANDLE}")
