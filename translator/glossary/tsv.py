"""The glossary TSV file: read it line by line, edit entries, write it back unchanged elsewhere.

A file is a header (`fr`, `en`, optional `flags`, `note`, in any order), entry rows, comment
lines (`#`) and blank lines. Reading keeps every line's raw text so that writing a file back
after an edit changes only the edited rows: comments, order and untouched rows stay byte for
byte. Reading never fails on a bad row; it records a `Problem` with the line number instead
(the checker reports them, the loader refuses files that have any).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from translator.errors import GlossaryError
from translator.fileio import atomic_write_text
from translator.glossary.model import BASE_COLUMNS, COLUMNS, KEEP, Entry, Problem, parse_flags

MAX_BYTES = 64 * 1024 * 1024  # a 100,000-entry glossary is about 5 MB
_CHUNK = 1024 * 1024
# What would end a cell or a row in this file or in an editor: a tab, or any line boundary.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


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
    columns: tuple[str, ...] = BASE_COLUMNS
    problems: list[Problem] = field(default_factory=list)
    newline_at_end: bool = True
    header: Line | None = None

    @property
    def entries(self) -> list[Entry]:
        return [line.entry for line in self.lines if line.entry is not None]

    def cells_of(self, entry: Entry) -> dict[str, str]:
        """The row's cells in this file's columns; refuses a cell that would split the row."""
        values = entry_cells(entry)
        for column, value in values.items():
            if unsafe_cell(value):
                raise GlossaryError(f"{entry.describe()}: the {column} cell contains a tab or a line break")
        if values["fr"].lstrip().startswith("#"):
            raise GlossaryError(f"{entry.describe()}: a French term cannot start with '#' (the row would be a comment)")
        return {column: values[column] for column in self.columns}

    def render_row(self, entry: Entry) -> str:
        return "\t".join(self.cells_of(entry).values()).rstrip("\t")

    def _make_room(self, entry: Entry) -> None:
        """Add the optional columns an entry needs (left, right) to the header."""
        missing = [column for column, value in entry_cells(entry).items() if value and column not in self.columns]
        if not missing or self.header is None:
            return
        self.columns = (*self.columns, *missing)
        self.header.raw = "\t".join(self.columns)

    def append(self, entry: Entry) -> Entry:
        self._make_room(entry)
        number = len(self.lines) + 1
        placed = _placed(entry, self.path, number)
        self.lines.append(Line(number, self.render_row(placed), self.cells_of(placed), placed))
        return placed

    def replace(self, line: Line, entry: Entry) -> Entry:
        self._make_room(entry)
        placed = _placed(entry, self.path, line.number)
        line.raw, line.entry, line.cells = self.render_row(placed), placed, self.cells_of(placed)
        return placed

    def remove(self, line: Line) -> None:
        self.lines.remove(line)

    def text(self) -> str:
        body = "\n".join(line.raw for line in self.lines)
        return body + "\n" if self.newline_at_end and self.lines else body

    def save(self, path: str | Path | None = None) -> None:
        atomic_write_text(path or self.path, self.text(), through_symlink=True)


def _placed(entry: Entry, origin: str, number: int) -> Entry:
    return replace(entry, origin=origin, line=number)


def entry_cells(entry: Entry) -> dict[str, str]:
    flags = ",".join(entry.flags)
    return {
        "fr": entry.fr,
        "en": entry.en,
        "flags": flags,
        "note": entry.note,
        "left": entry.left,
        "right": entry.right,
    }


def unsafe_cell(value: str) -> bool:
    """Whether a cell holds a tab or a line break (it would add cells or rows to the file)."""
    return any(char in value for char in "\t" + LINE_BREAKS)


def one_line(value: str) -> str:
    """A cell read from CSV or XML with its tabs and line breaks folded into single spaces."""
    return " ".join(value.split()) if unsafe_cell(value) else value


def new_file(path: str | Path, columns: tuple[str, ...] = BASE_COLUMNS) -> GlossaryFile:
    header = Line(1, "\t".join(columns))
    return GlossaryFile(str(path), [header], columns, header=header)


def with_header(document: GlossaryFile) -> GlossaryFile:
    """The document, with the base header appended if it has none (it holds only comments and blank lines)."""
    if document.header is None:
        header = Line(len(document.lines) + 1, "\t".join(BASE_COLUMNS))
        document.lines.append(header)
        document.columns, document.header = BASE_COLUMNS, header
        document.newline_at_end = True
        document.problems = [problem for problem in document.problems if problem.code != "header"]
    return document


def entry_from_cells(cells: dict[str, str], origin: str, number: int) -> tuple[Entry, list[str]]:
    """Build an entry from a row's cells (stripped, NFC: inflection rules are written in NFC);
    return it with its unknown flags."""
    kind, modifiers, unknown = parse_flags(cells.get("flags", ""))
    fr, en, left, right = (
        unicodedata.normalize("NFC", cells.get(name, "").strip()) for name in ("fr", "en", "left", "right")
    )
    if kind == KEEP and en == fr:
        en = ""
    return Entry(fr, en, kind, modifiers, cells.get("note", "").strip(), origin, number, left, right), unknown


def parse(text: str, path: str) -> GlossaryFile:
    """Parse a glossary's text; problems are recorded, never raised."""
    text = text.removeprefix("\ufeff")
    document = GlossaryFile(path, columns=COLUMNS, newline_at_end=text.endswith("\n") or not text)
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
                    Problem(
                        path,
                        number,
                        "header",
                        f"header must name the columns fr, en (and optionally flags, note, left, right); got {raw!r}",
                    )
                )
                return document
            document.columns, document.header = names, line
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


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """A glossary file's bytes, refusing more than `limit` as they are read.

    The size the file system reports is not trusted: /dev/zero, a FIFO or a file that grows
    while it is read would otherwise be read without end.
    """
    limit = MAX_BYTES if limit is None else limit
    chunks, total = [], 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise GlossaryError(f"glossary {path} is larger than {limit:,} bytes")
    except OSError as error:
        raise GlossaryError(f"cannot read glossary {path}: {error.strerror or error}") from error
    return b"".join(chunks)


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    try:
        return read_bytes(path).decode(encoding)
    except UnicodeDecodeError as error:
        raise GlossaryError(f"glossary {path} is not UTF-8 (byte {error.start})") from error


def read(path: str | Path) -> GlossaryFile:
    """Read a glossary file; an unreadable file is a GlossaryError, a bad row is a Problem."""
    return parse(read_text(path), str(path))
