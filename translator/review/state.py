"""What the reviewer decides about one run folder, kept in the folder: reviewed marks, rules turned off.

- `RUNDIR/review/workspace.json`: the articles and segments marked reviewed.
- `RUNDIR/review/postedit.toml`: a `[postedit]` table whose `disable` list the next
  `translator run -o RUNDIR` adds to its own settings (`with_review_settings`), so the rule stays
  off for this run folder and no other.

Both are rewritten whole and atomically under a lock, so a crash leaves the old or the new file.
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translator.errors import InputError
from translator.fileio import atomic_write_text

if TYPE_CHECKING:
    from translator.settings import Settings

MARKS_FILE = "review/workspace.json"
POSTEDIT_FILE = "review/postedit.toml"
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,80}")


def disabled_rules(rundir: str | Path) -> list[str]:
    """The post-edit rules the reviewer turned off for this run folder."""
    path = Path(rundir) / POSTEDIT_FILE
    if not path.is_file():
        return []
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("postedit", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from error
    rules = table.get("disable", [])
    if not isinstance(rules, list) or not all(isinstance(r, str) and _RULE_ID.fullmatch(r) for r in rules):
        raise InputError(f"{path}: [postedit] disable must be a list of rule ids")
    return rules


def with_review_settings(rundir: str | Path, settings: Settings) -> Settings:
    """A run's settings with the post-edit rules the reviewer turned off for this folder added."""
    extra = frozenset(disabled_rules(rundir)) - settings.postedit.disable
    if not extra:
        return settings
    postedit = replace(settings.postedit, disable=settings.postedit.disable | extra)
    origins = {**settings.origins, "postedit.disable": f"file:{Path(rundir) / POSTEDIT_FILE}"}
    return replace(settings, postedit=postedit, origins=origins)


class RunState:
    """Reviewed marks and disabled rules of one run folder, safe across the app's threads."""

    def __init__(self, rundir: str | Path) -> None:
        self.rundir = Path(rundir)
        self._lock = threading.Lock()

    def marks(self) -> dict[str, dict[str, Any]]:
        """{article: {"article": bool, "segments": [ids]}}"""
        path = self.rundir / MARKS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: cannot read the reviewed marks ({error})") from error
        return data.get("reviewed", {}) if isinstance(data, dict) else {}

    def mark(self, article: str, segment: str | None, reviewed: bool) -> dict[str, Any]:
        """Mark an article (segment None) or one of its segments reviewed, or not; returns the article's marks."""
        with self._lock:
            marks = self.marks()
            entry = marks.setdefault(article, {"article": False, "segments": []})
            if segment is None:
                entry["article"] = reviewed
            else:
                segments = set(entry["segments"])
                if reviewed:
                    segments.add(segment)
                else:
                    segments.discard(segment)
                entry["segments"] = sorted(segments)
            if not entry["article"] and not entry["segments"]:
                del marks[article]
            atomic_write_text(self.rundir / MARKS_FILE, json.dumps({"reviewed": marks}, ensure_ascii=False, indent=1))
            return marks.get(article, {"article": False, "segments": []})

    def set_rule(self, rule: str, disabled: bool) -> list[str]:
        """Turn a post-edit rule off (or back on) for the next run into this folder; returns the list."""
        if not _RULE_ID.fullmatch(rule):
            raise InputError(f"not a rule id: {rule!r}")
        with self._lock:
            rules = [r for r in disabled_rules(self.rundir) if r != rule] + ([rule] if disabled else [])
            lines = [
                "# Written by `translator review`: post-edit rules turned off for this run folder.",
                "# The next `translator run -o` into this folder adds them to its [postedit] disable list.",
                "[postedit]",
                f"disable = [{', '.join(json.dumps(r) for r in rules)}]",
            ]
            atomic_write_text(self.rundir / POSTEDIT_FILE, "\n".join(lines) + "\n")
            return rules
