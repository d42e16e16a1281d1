"""User pattern rules, read from TSV or TOML files and compiled with `regex` under a timeout.

TSV: one rule a line, tab-separated `id, pattern, replacement, side, description` (a header
line starting with `id` and `#` comments are skipped). TOML: `[[rule]]` tables with the same
keys. Patterns use `regex` syntax; replacements may use `\\1` or `\\g<name>`. A pattern that
is invalid, can match empty text, or refers to a group it lacks is refused with its file and
line; one that runs past the timeout on some text is skipped there and on every later text
(each segment flagged), so a catastrophic pattern costs one timeout, not one per segment.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import regex

from translator.errors import RulesError
from translator.postedit.rules import SIDES, Change, Context, Rule

_ID = regex.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_REFERENCE = regex.compile(r"\\(\d+)|\\g<([^>]*)>")
FIELDS = ("id", "pattern", "replacement", "side", "description")


def _compile(where: str, fields: dict[str, str], taken: set[str]) -> Rule:
    rule_id = fields.get("id", "")
    if not _ID.fullmatch(rule_id):
        raise RulesError(f"{where}: rule id {rule_id!r} must be lowercase letters, digits, '-', '.', '_'")
    if rule_id in taken:
        raise RulesError(f"{where}: rule id {rule_id!r} is already used")
    side = fields.get("side", "target") or "target"
    if side not in SIDES:
        raise RulesError(f"{where}: side must be 'source' or 'target', not {side!r}")
    try:
        pattern = regex.compile(fields.get("pattern", ""), regex.V1)
    except regex.error as error:
        raise RulesError(f"{where}: bad pattern for {rule_id}: {error}") from None
    if pattern.search("") is not None:
        raise RulesError(f"{where}: pattern for {rule_id} can match empty text")
    replacement = fields.get("replacement", "")
    for number, name in _REFERENCE.findall(replacement):
        if (number and int(number) > pattern.groups) or (
            name and name not in pattern.groupindex and not (name.isdigit() and int(name) <= pattern.groups)
        ):
            raise RulesError(f"{where}: replacement for {rule_id} refers to a group the pattern lacks")
    return Rule(
        id=rule_id,
        description=fields.get("description", "") or f"user pattern {pattern.pattern!r}",
        category="user",
        side=side,
        find=_finder(rule_id, pattern, replacement),
        doc=f"User rule from {where}.",
    )


def _finder(rule_id: str, pattern: regex.Pattern, replacement: str):
    # A pattern that timed out once is skipped on every later text too: on a catastrophic pattern
    # every segment would cost a full timeout, and a batch of thousands would never end.
    timed_out: list[bool] = []

    def find(text: str, context: Context):
        if timed_out:
            context.problems.append(f"user rule {rule_id} timed out and was skipped")
            return
        try:
            for match in pattern.finditer(text, timeout=context.config.regex_timeout):
                yield Change(match.start(), match.end(), match.expand(replacement))
        except TimeoutError:
            timed_out.append(True)
            context.problems.append(f"user rule {rule_id} timed out and was skipped")

    return find


def _rows_tsv(path: Path, text: str) -> list[tuple[str, dict[str, str]]]:
    rows = []
    for number, cells in enumerate(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        if not cells or not "".join(cells).strip() or cells[0].startswith("#") or (number == 1 and cells[0] == "id"):
            continue
        if len(cells) < 2 or len(cells) > len(FIELDS):
            raise RulesError(f"{path}:{number}: expected {', '.join(FIELDS)} separated by tabs")
        rows.append((f"{path}:{number}", dict(zip(FIELDS, cells, strict=False))))
    return rows


def _rows_toml(path: Path, text: str) -> list[tuple[str, dict[str, str]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{path}: {error}") from None
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RulesError(f"{path}: expected [[rule]] tables")
    rows = []
    for index, entry in enumerate(entries, 1):
        unknown = set(entry) - set(FIELDS)
        if unknown or not all(isinstance(v, str) for v in entry.values()):
            raise RulesError(f"{path}: rule #{index}: keys must be {', '.join(FIELDS)}, all strings")
        rows.append((f"{path} rule #{index}", entry))
    return rows


def load_user_rules(paths, taken: set[str]) -> list[Rule]:
    """Compile the rules of every file, in file order; ids must not clash with `taken`."""
    rules: list[Rule] = []
    used = set(taken)
    for path in map(Path, paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(f"{path}: cannot read rule file: {error}") from None
        reader = _rows_toml if path.suffix.lower() == ".toml" else _rows_tsv
        for where, fields in reader(path, text):
            compiled = _compile(where, fields, used)
            used.add(compiled.id)
            rules.append(compiled)
    return rules
