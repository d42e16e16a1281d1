"""The post-editor: named rules that fix machine-translation artefacts, each edit logged, and QA
flags for what no rule can fix. See `apply.py` for where it sits in the pipeline and
`docs/postedit.md` for every rule."""

from translator.postedit.apply import fix_source, postedit_article
from translator.postedit.config import PosteditConfig
from translator.postedit.qa import summarise_flags
from translator.postedit.registry import BUILTIN, rule_set

__all__ = ["BUILTIN", "PosteditConfig", "fix_source", "postedit_article", "rule_set", "summarise_flags"]
