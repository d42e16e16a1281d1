"""The built-in rules in their fixed order, and the rule set a configuration selects.

Order matters and is fixed: on the French, interface text goes first (so a reading time is
removed before its "Icône" is), then spacing, then sentence joins. On the English, typography
first (so later rules see plain spaces), then model artefacts, numbers, dates and titles, then
the user's pattern rules, and last the glossary check, which repairs what anything before
it may have damaged. `model-retranslate` is a step, not a text rule: with an engine, it
re-translates looping or truncated segments before the target rules run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from translator.errors import RulesError
from translator.postedit.artefacts import ARTEFACT_RULES
from translator.postedit.config import PosteditConfig
from translator.postedit.dates import DATE_RULES
from translator.postedit.glossary_check import restore
from translator.postedit.number_rules import NUMBER_RULES
from translator.postedit.retranslate import RETRANSLATE
from translator.postedit.rules import Rule
from translator.postedit.source_rules import SOURCE_RULES
from translator.postedit.typography import TYPOGRAPHY_RULES
from translator.postedit.userrules import load_user_rules

SOURCE = SOURCE_RULES
TARGET = (*TYPOGRAPHY_RULES, *ARTEFACT_RULES, *NUMBER_RULES, *DATE_RULES)
FINAL = (restore,)
BUILTIN: tuple[Rule, ...] = (*SOURCE, RETRANSLATE, *TARGET, *FINAL)


@dataclass(frozen=True)
class RuleSet:
    source: tuple[Rule, ...]
    target: tuple[Rule, ...]
    retranslate: bool  # the `model-retranslate` step, run before `target` when an engine is given

    @property
    def ids(self) -> list[str]:
        steps = (RETRANSLATE,) if self.retranslate else ()
        return [r.id for r in (*self.source, *steps, *self.target)]


@lru_cache(maxsize=16)
def rule_set(config: PosteditConfig) -> RuleSet:
    """The rules `config` turns on, in run order; unknown rule ids are an error."""
    builtin_ids = {r.id for r in BUILTIN}
    user = load_user_rules(config.rule_files, builtin_ids)
    known = builtin_ids | {r.id for r in user}
    unknown = (config.disable | config.enable) - known
    if unknown:
        raise RulesError(
            f"unknown post-edit rule id(s): {', '.join(sorted(unknown))}; valid ids: {', '.join(sorted(known))}"
        )

    def active(rule: Rule) -> bool:
        return rule.id not in config.disable and (rule.default or rule.id in config.enable)

    user_source = tuple(r for r in user if r.side == "source")
    user_target = tuple(r for r in user if r.side == "target")
    return RuleSet(
        source=tuple(filter(active, (*SOURCE, *user_source))),
        target=tuple(filter(active, (*TARGET, *user_target, *FINAL))),
        retranslate=active(RETRANSLATE),
    )
