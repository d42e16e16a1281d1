"""What the reviewer decides about one run folder, kept in the folder: reviewed marks, rules turned off.

- `RUNDIR/review/workspace.json`: the articles and segments marked reviewed.
- `RUNDIR/review/postedit.toml`: a `[postedit]` table whose `disable` list the next
  `translator run -o RUNDIR` adds to its own settings (`with_review_settings`), so the rule stays
  off for this run folder and no other.

Both are rewritten whole and atomically under a lock, so a crash leaves the old or the new file.
One app at a time reviews a folder (`claim`: a second one would overwrite the first's marks with
its own), and a write first checks the folder is still a run folder, so a folder moved or deleted
while the app runs is reported, not recreated at the old path.
"""

from __future__ import annotations

import json
import os
import re
import threading
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translator.errors import InputError
from translator.fileio import LockHeld, atomic_write_text, hold_lock

if TYPE_CHECKING:
    from translator.settings import Settings

MARKS_FILE = "review/workspace.json"
POSTEDIT_FILE = "review/postedit.toml"
# In the run's own state folder (`translator.run.folder.STATE`, not imported: the run imports this
# module), beside the lock a run takes: a review and a run may share the folder, two reviews may not.
REVIEW_LOCK = ".run/review.lock"
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,80}")


def holds_articles(folder: Path) -> bool:
    """Whether a folder is a run the review can open: it holds article records (NAME.json).

    Not `translator.inputs.is_run_folder`, which asks whether a folder has a run's manifest or lock
    (to keep a run from reading another run's outputs as its inputs)."""
    return folder.is_dir() and any(p.name != "manifest.json" for p in folder.glob("*.json"))


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
        self._claim: Any = None

    def claim(self) -> None:
        """Hold the folder for this app until `release`; a second app is refused in one line naming the first."""
        try:
            handle = hold_lock(self.rundir / REVIEW_LOCK, f"translator review (process {os.getpid()})")
        except LockHeld as held:
            raise InputError(
                f"{self.rundir}: already being reviewed by {held.holder}; use that one or stop it first"
            ) from None
        except OSError as error:
            raise InputError(f"{self.rundir}: cannot lock the folder for review ({error.strerror or error})") from None
        self._claim = handle

    def release(self) -> None:
        if self._claim is not None:
            self._claim.close()
            self._claim = None

    def _write(self, name: str, text: str) -> None:
        """Write a state file, unless the run folder is gone (moved or deleted): never recreate it."""
        if not holds_articles(self.rundir):
            raise InputError(f"{self.rundir}: the run folder is gone (moved or deleted); nothing was saved")
        atomic_write_text(self.rundir / name, text)

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
            self._write(MARKS_FILE, json.dumps({"reviewed": marks}, ensure_ascii=False, indent=1))
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
            self._write(POSTEDIT_FILE, "\n".join(lines) + "\n")
            return rules
