"""Records files: JSON Lines, CSV and Parquet files where each record is one article.

A record has an `html` or a `text` field (the html wins when both are given), and optionally
`url`, `id` and `title`; `RecordFields` renames them. Records are read when the inputs are
resolved, the file within `Limits.max_records_bytes` and each record within `Limits.max_bytes`.
A bad record (invalid JSON, neither field, empty, too large) is one failure named FILE:LINE
(FILE:ROW for Parquet); the others go on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from translator.errors import InputError
from translator.inputs.fetch import redact_url
from translator.inputs.model import Limits, RecordFields
from translator.inputs.read import open_capped, open_regular

RECORDS_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet", ".jsonl.gz", ".ndjson.gz", ".csv.gz")
PARQUET_HINT = "reading Parquet needs pyarrow: pip install 'translator[parquet]'"
# a record's text is Unicode already: the BOM keeps a page's <meta charset> from overriding it
UTF8_BOM = b"\xef\xbb\xbf"
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ESCAPED_BYTES = re.compile(r"[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8
_JSON_LINE_SLACK = 1 << 20


@dataclass
class Record:
    """One article read from a records file."""

    position: int  # line (JSON Lines, CSV: where the record starts) or row (Parquet), from 1
    data: bytes
    record_format: str  # "html" or "text"
    id: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass
class RecordsFile:
    records: list[Record] = field(default_factory=list)
    failures: list[tuple[int, str]] = field(default_factory=list)  # (position, reason)
    has_fields: bool = False  # whether the file has an html or text field at all
    position_key: str = "line"


def is_records_file(name: str) -> bool:
    return name.lower().endswith(RECORDS_SUFFIXES)


def read_records(path: str | Path, label: str, fields: RecordFields, limits: Limits) -> RecordsFile:
    """Every record of the file; raises InputError only when the file as a whole cannot be read."""
    lowered = str(path).lower().removesuffix(".gz")
    reader = _READERS[Path(lowered).suffix]
    result = RecordsFile(position_key="row" if lowered.endswith(".parquet") else "line")
    total = 0
    for position, values in reader(path, label, fields, limits, result):
        outcome = _record(values, fields, limits.max_bytes)
        if isinstance(outcome, str):
            result.failures.append((position, outcome))
            continue
        total += len(outcome.data)
        if total > limits.max_records_bytes:
            raise InputError(f"{label}: its records are over the {limits.max_records_bytes:,}-byte limit in all")
        outcome.position = position
        result.records.append(outcome)
    return result


Rows = Iterator[tuple[int, Mapping | str]]  # (position, field values, or the reason the record is unreadable)


def _json_lines(path, label: str, fields: RecordFields, limits: Limits, result: RecordsFile) -> Rows:
    line_cap = 8 * limits.max_bytes + _JSON_LINE_SLACK  # escapes (\u00e9) make a record's line longer than its page
    with open_capped(path, limits.max_records_bytes, label) as stream:
        number = 0
        while line := stream.readline(line_cap):
            number += 1
            if not line.endswith(b"\n") and len(line) >= line_cap:
                while (rest := stream.readline(line_cap)) and not rest.endswith(b"\n"):
                    pass
                yield number, f"over the {limits.max_bytes:,}-byte input limit"
                continue
            if number == 1:
                line = line.removeprefix(UTF8_BOM)
            if not line.strip():
                continue
            try:
                values = json.loads(line)
            except UnicodeDecodeError:
                yield number, "not valid UTF-8"
                continue
            except (ValueError, RecursionError):
                yield number, "not valid JSON"
                continue
            if not isinstance(values, dict):
                yield number, "not a JSON object"
                continue
            result.has_fields = result.has_fields or fields.html in values or fields.text in values
            yield number, values


def _csv_rows(path, label: str, fields: RecordFields, limits: Limits, result: RecordsFile) -> Rows:
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_records_bytes))  # sizes are checked per record
    with open_capped(path, limits.max_records_bytes, label) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        rows = csv.reader(text)
        try:
            header = next(rows)
        except StopIteration:
            return
        except csv.Error:
            raise InputError(f"{label}: its header line is not valid CSV") from None
        header = [name.strip() for name in header]
        result.has_fields = fields.html in header or fields.text in header
        if not result.has_fields:
            return
        end = rows.line_num
        while True:
            start = end + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error:
                end = rows.line_num
                yield start, "not valid CSV"
                continue
            end = rows.line_num
            if any(_ESCAPED_BYTES.search(cell) for cell in row):
                yield start, "not valid UTF-8 (save the file as UTF-8)"
            elif any(cell.strip() for cell in row):
                yield start, dict(zip(header, row, strict=False))


def _parquet_rows(path, label: str, fields: RecordFields, limits: Limits, result: RecordsFile) -> Rows:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise InputError(f"{label}: {PARQUET_HINT}") from None
    with open_regular(path, label) as handle:
        size = handle.seek(0, io.SEEK_END)
        if size > limits.max_records_bytes:
            raise InputError(f"{label}: file is over the {limits.max_records_bytes:,}-byte limit")
        handle.seek(0)
        try:
            table = parquet.ParquetFile(handle)
            names = set(table.schema_arrow.names)
            wanted = [name for name in (fields.html, fields.text, fields.url, fields.id, fields.title) if name in names]
            result.has_fields = fields.html in names or fields.text in names
            if not result.has_fields:
                return
            row = 0
            for batch in table.iter_batches(batch_size=256, columns=wanted):
                for values in batch.to_pylist():
                    row += 1
                    yield row, values
        except InputError:
            raise
        except Exception as error:  # pyarrow's errors have no common base worth naming
            raise InputError(f"{label}: not a readable Parquet file") from error


_READERS: dict[str, Callable[..., Rows]] = {
    ".jsonl": _json_lines,
    ".ndjson": _json_lines,
    ".csv": _csv_rows,
    ".parquet": _parquet_rows,
}


def _record(values: Mapping | str, fields: RecordFields, cap: int) -> Record | str:
    """The record's article, or the reason it has none."""
    if isinstance(values, str):
        return values
    chosen = None
    for key, kind in ((fields.html, "html"), (fields.text, "text")):
        value = values.get(key)
        if value is not None and not isinstance(value, str | bytes):
            return f"the '{key}' field is not text"
        if value and (value.strip() if isinstance(value, str) else value.strip(b" \t\r\n")):
            chosen = chosen or (value, kind)
    if chosen is None:
        if values.get(fields.html) is None and values.get(fields.text) is None:
            return f"no '{fields.html}' or '{fields.text}' field"
        return f"empty '{fields.html}' and '{fields.text}' fields"
    value, kind = chosen
    # str: JSON's lone "\ud800" escapes become U+FFFD; bytes (Parquet binary): a page as it was fetched
    data = UTF8_BOM + _SURROGATES.sub("\ufffd", value).encode("utf-8") if isinstance(value, str) else value
    if len(data) > cap:
        return f"over the {cap:,}-byte input limit"
    identity, title, url = values.get(fields.id), values.get(fields.title), values.get(fields.url)
    return Record(0, data, kind, _text_of(identity), _title(title), _url(url))


def _text_of(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None


def _title(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _url(value) -> str | None:
    return redact_url(value.strip()) if isinstance(value, str) and value.strip() else None
