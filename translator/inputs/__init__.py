"""What a run reads: files, folders, globs, stdin, http(s) URLs and records files, each turned into
bytes and a stable, unique output name.

Resolution (`resolve_inputs`) is cheap and happens up front so the run knows its size; reading and
fetching (`read_input`) happen later, in the worker that prepares the article, so that one
unreadable input only fails itself. Every size limit is enforced while reading.
"""

from translator.inputs.fetch import HTML_CONTENT_TYPES, USER_AGENT, fetch_url, parse_url, redact_url
from translator.inputs.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_RECORDS_BYTES,
    DEFAULT_TIMEOUT,
    InputItem,
    Limits,
    RecordFields,
    Resolution,
)
from translator.inputs.names import RESERVED_NAMES, safe_name, stem_of
from translator.inputs.read import read_input, read_stream
from translator.inputs.records import PARQUET_HINT, RECORDS_SUFFIXES
from translator.inputs.resolve import PAGE_SUFFIXES, is_run_folder, resolve_inputs

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_RECORDS_BYTES",
    "DEFAULT_TIMEOUT",
    "HTML_CONTENT_TYPES",
    "PAGE_SUFFIXES",
    "PARQUET_HINT",
    "RECORDS_SUFFIXES",
    "RESERVED_NAMES",
    "USER_AGENT",
    "InputItem",
    "Limits",
    "RecordFields",
    "Resolution",
    "fetch_url",
    "is_run_folder",
    "parse_url",
    "read_input",
    "read_stream",
    "redact_url",
    "resolve_inputs",
    "safe_name",
    "stem_of",
]
