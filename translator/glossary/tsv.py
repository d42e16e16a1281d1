"""The glossary TSV file: read it line by line, edit entries, write it back unchanged elsewhere.

A file is a header (`fr`, `en`, optional `flags`, `note`, in any order), entry rows, comment
lines (`#`) and blank lines. Reading keeps every line's raw text so that writing a file back
after an edit changes only the edited rows: comments, order and untouched rows stay byte for
byte. Reading never fails on a bad row; it records a `Problem` with the line number instead
(the checker reports them, the loader refuses files that have any).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translator.errors import GlossaryError
from translator.fileio import atomic_write_text
from translator.glossary.model import COLUMNS, KEEP, Entry, Problem, parse_flags


@dataclass
class Line:
    """One physical line of a glossary file."""

    number: int
    raw: str
    cells: dict[str, str] | None = None  # the row's cells as written, for entry rows
    entry: Entry | None = None


@dataclass
class GlossaryFile:
    """A glossary file as read: its lines in order, its column layout, and parse problems."""

    path: str
    lines: list[Line] = field(default_factory=list)
    columns: tuple[str, ...] = COLUMNS
    problems: list[Problem] = field(default_factory=list)
    newline_at_end: bool = True

    @property
    def entries(self) -> list[Entry]:
        return [line.entry for line in self.lines if line.entry is not None]

    def render_row(self, entry: Entry) -> str:
        values = {"fr": entry.fr, "en": entry.en, "flags": ",".join(entry.flags), "note": entry.note}
        return "\t".join(values[column] for column in self.columns).rstrip("\t")

    def append(self, entry: Entry) -> Entry:
        number = len(self.lines) + 1
        placed = _placed(entry, self.path, number)
        self.lines.append(Line(number, self.render_row(placed), entry=placed))
        return placed

    def replace(self, line: Line, entry: Entry) -> Entry:
        placed = _placed(entry, self.path, line.number)
        line.raw, line.entry, line.cells = self.render_row(placed), placed, None
        return placed

    def remove(self, line: Line) -> None:
        self.lines.remove(line)

    def text(self) -> str:
        body = "\n".join(line.raw for line in self.lines)
        return body + "\n" if self.newline_at_end and self.lines else body

    def save(self, path: str | Path | None = None) -> None:
        atomic_write_text(path or self.path, self.text())


def _placed(entry: Entry, origin: str, number: int) -> Entry:
    return Entry(entry.fr, entry.en, entry.kind, entry.modifiers, entry.note, origin, number)


def new_file(path: str | Path, columns: tuple[str, ...] = COLUMNS) -> GlossaryFile:
    return GlossaryFile(str(path), [Line(1, "\t".join(columns))], columns)


def entry_from_cells(cells: dict[str, str], origin: str, number: int) -> tuple[Entry, list[str]]:
    """Build an entry from a row's cells (stripped); return it with its unknown flags."""
    kind, modifiers, unknown = parse_flags(cells.get("flags", ""))
    fr, en = cells.get("fr", "").strip(), cells.get("en", "").strip()
    if kind == KEEP and en == fr:
        en = ""
    return Entry(fr, en, kind, modifiers, cells.get("note", "").strip(), origin, number), unknown


def parse(text: str, path: str) -> GlossaryFile:
    """Parse a glossary's text; problems are recorded, never raised."""
    text = text.removeprefix("\ufeff")
    document = GlossaryFile(path, newline_at_end=text.endswith("\n") or not text)
    header_seen = False
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    for number, raw in enumerate(raw_lines, start=1):
        raw = raw.removesuffix("\r")
        line = Line(number, raw)
        document.lines.append(line)
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            header_seen = True
            names = tuple(cell.strip().lower() for cell in cells)
            unknown = [name for name in names if name not in COLUMNS]
            if unknown or "fr" not in names or "en" not in names or len(set(names)) != len(names):
                document.problems.append(
                    Problem(path, number, "header", f"header must name the columns fr, en, flags, note; got {raw!r}")
                )
                return document
            document.columns = names
            continue
        if len(cells) > len(document.columns):
            document.problems.append(
                Problem(path, number, "columns", f"{len(cells)} cells but the header has {len(document.columns)}")
            )
            continue
        line.cells = dict(zip(document.columns, cells, strict=False))
        line.entry, unknown = entry_from_cells(line.cells, path, number)
        for name in unknown:
            document.problems.append(Problem(path, number, "flag", f"unknown or contradictory flag {name!r}"))
    if not header_seen:
        document.problems.append(Problem(path, 1, "header", "no header line (fr, en, flags, note)"))
    return document


def read(path: str | Path) -> GlossaryFile:
    """Read a glossary file; an unreadable file is a GlossaryError, a bad row is a Problem."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise GlossaryError(f"cannot read glossary {path}: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"glossary {path} is not UTF-8 (byte {error.start})") from error
    return parse(text, str(path))
