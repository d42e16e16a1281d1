"""A readable edit log: an article record's edits grouped by rule, then its flags.

`translator explain OUTPUT.json` prints this; it reads the record only, so it works on any
run's JSON output without a model.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from translator.document import Article, Edit, Flag
from translator.errors import InputError
from translator.postedit.registry import BUILTIN

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_DESCRIPTIONS = {r.id: r.description for r in BUILTIN}
_ORDER = {r.id: index for index, r in enumerate(BUILTIN)}


def load_record(path: str | Path) -> Article:
    """An article record from a run's JSON output; a bad file is a one-line InputError."""
    try:
        return Article.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({getattr(error, 'strerror', None) or error})") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise InputError(f"{path}: not an article record ({error})") from None


def _show(text: str) -> str:
    """Quoted, with invisible characters named so a no-break space edit is visible."""
    shown = json.dumps(text, ensure_ascii=False)
    return shown.replace("\u00a0", "\\u00a0").replace("\u202f", "\\u202f")


def explain(article: Article, rules: set[str] | None = None, flags: bool = True) -> str:
    """The edits grouped by rule (in the order the rules run; user rules after), then the flags by severity."""
    grouped: dict[str, list[tuple[str, Edit]]] = defaultdict(list)
    for segment in article.segments():
        for edit in segment.edits:
            if rules is None or edit.rule in rules:
                grouped[edit.rule].append((segment.id, edit))
    lines = [f"{article.source.name}: {sum(map(len, grouped.values()))} edit(s) by {len(grouped)} rule(s)"]
    for rule_id, edits in sorted(grouped.items(), key=lambda item: (_ORDER.get(item[0], len(_ORDER)), item[0])):
        description = _DESCRIPTIONS.get(rule_id, "user rule")
        lines.append("")
        lines.append(f"{rule_id} ({len(edits)}): {description}")
        for segment_id, edit in edits:
            lines.append(f"  {segment_id} [{edit.side} @{edit.position}] {_show(edit.before)} → {_show(edit.after)}")
    if flags:
        found: list[tuple[str, Flag]] = [("article", f) for f in article.flags]
        found += [(s.id, f) for s in article.segments() for f in s.flags]
        found.sort(key=lambda item: SEVERITY_ORDER.get(item[1].severity, 3))
        lines.append("")
        lines.append(f"flags ({len(found)})")
        lines.extend(f"  {where} {flag.severity} {flag.code}: {flag.message}" for where, flag in found)
    return "\n".join(lines) + "\n"
