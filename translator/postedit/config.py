"""Post-editor settings: which rules run, extra user rule files, house style, QA thresholds.

`PosteditConfig.from_mapping` reads the `[postedit]` table of a `translator.toml`:

    [postedit]
    disable = ["dates-capitalise"]      # rule ids to switch off
    enable = ["typo-apostrophe"]        # default-off rules to switch on
    rules = ["my-rules.tsv"]            # user pattern rules (TSV or TOML), relative to the toml
    honorifics = "american"             # "british" (Mr, Ms) or "american" (Mr., Ms.)
    length_ratio = [0.45, 1.9]          # English/French length outside this range is flagged
    regex_timeout = 0.25                # seconds a user pattern may take on one text
    retranslate = true                  # re-translate loops/truncations when an engine is given
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from translator.errors import RulesError

HONORIFIC_STYLES = ("british", "american")


@dataclass(frozen=True)
class PosteditConfig:
    disabled: frozenset[str] = frozenset()
    enabled: frozenset[str] = frozenset()
    rule_files: tuple[Path, ...] = ()
    honorifics: str = "british"
    length_ratio: tuple[float, float] = (0.45, 1.9)
    regex_timeout: float = 0.25
    retranslate: bool = True

    def __post_init__(self) -> None:
        if self.honorifics not in HONORIFIC_STYLES:
            raise RulesError(f"postedit: honorifics must be one of {', '.join(HONORIFIC_STYLES)}")
        low, high = self.length_ratio
        if not 0 < low < high:
            raise RulesError("postedit: length_ratio must be two numbers, 0 < low < high")
        if self.regex_timeout <= 0:
            raise RulesError("postedit: regex_timeout must be positive")

    def with_disabled(self, rule_ids: Iterable[str]) -> PosteditConfig:
        """A copy with more rules switched off (for Python callers; `run --disable-rule` goes through the table)."""
        return replace(self, disabled=self.disabled | frozenset(rule_ids))

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any], base_dir: Path | None = None) -> PosteditConfig:
        """Build from a `[postedit]` table; rule file paths are relative to `base_dir`."""
        known = {"disable", "enable", "rules", "honorifics", "length_ratio", "regex_timeout", "retranslate"}
        unknown = set(table) - known
        if unknown:
            raise RulesError(f"postedit: unknown setting(s) {', '.join(sorted(unknown))}")
        base = base_dir or Path()
        try:
            return cls(
                disabled=frozenset(_strings(table.get("disable", []), "disable")),
                enabled=frozenset(_strings(table.get("enable", []), "enable")),
                rule_files=tuple(base / p for p in _strings(table.get("rules", []), "rules")),
                honorifics=str(table.get("honorifics", "british")),
                length_ratio=tuple(float(x) for x in table.get("length_ratio", (0.45, 1.9)))[:2],
                regex_timeout=float(table.get("regex_timeout", 0.25)),
                retranslate=bool(table.get("retranslate", True)),
            )
        except (TypeError, ValueError) as error:
            raise RulesError(f"postedit: bad setting: {error}") from None


def _strings(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"postedit: {name} must be a list of strings")
    return value
