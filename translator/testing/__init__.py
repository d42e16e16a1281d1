"""A tiny word-for-word French→English argos package, for offline tests and integrations.

`build_model(directory, dictionary=None)` writes a real package (CTranslate2 model +
SentencePiece) in well under a second; `package_model(directory)` zips it as `.argosmodel`.
From the shell: `python -m translator.testing build-model DIR` writes DIR and DIR.argosmodel.

The dictionary: keys are French words or phrases, values their English output, merged over the
shipped word list (`fr_en.tsv`). Each key is one piece, translated in place; a value of `""`
makes the word vanish; a value with spaces is one multi-word output; unknown text is copied.
See `translator.testing.builder.build_model` for the details.
"""

from translator.testing.builder import build_model, expand_dictionary, load_word_list, package_model

__all__ = ["build_model", "expand_dictionary", "load_word_list", "package_model"]
