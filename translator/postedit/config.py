"""Post-editor settings: which rules run, extra user rule files, house style, QA thresholds.

The `[postedit]` table of `translator.toml` (read by `translator.settings`):

    [postedit]
    disable = ["dates-capitalise", "model-retranslate"]   # rule ids to switch off
    enable = ["typo-apostrophe"]        # default-off rules to switch on
    rule_files = ["my-rules.tsv"]       # user pattern rules (TSV or TOML), relative to the toml
    honorifics = "american"             # "british" (Mr, Ms) or "american" (Mr., Ms.)
    length_ratio = [0.45, 1.9]          # English/French length outside this range is flagged
    regex_timeout = 0.25                # seconds a user pattern may take on one text
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translator.schema import check, setting

HONORIFIC_STYLES = ("british", "american")


@dataclass(frozen=True)
class PosteditConfig:
    disable: frozenset[str] = setting(frozenset(), help="Post-edit rule id to switch off.", flag="--disable-rule")
    enable: frozenset[str] = setting(
        frozenset(), help="Default-off post-edit rule id to switch on.", flag="--enable-rule"
    )
    rule_files: tuple[Path, ...] = setting(
        (), help="User post-edit pattern rules (TSV or TOML).", flag="--postedit-rules"
    )
    honorifics: str = setting("british", help="Mr, Ms (british) or Mr., Ms. (american).", choices=HONORIFIC_STYLES)
    length_ratio: tuple[float, float] = setting(
        (0.45, 1.9), help="English/French length range outside which a segment is flagged."
    )
    regex_timeout: float = setting(0.25, help="Seconds a user pattern may take on one text.", low=0.001, high=60)

    def __post_init__(self) -> None:
        check(self, "postedit")
        low, high = self.length_ratio
        if not 0 < low < high:
            raise ValueError("length_ratio must be two numbers, 0 < low < high")
