"""`python -m translator.testing build-model DIR [--dictionary FILE.tsv]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from translator.testing.builder import build_model, package_model


def _read_dictionary(path: Path) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, _, target = line.partition("\t")
            pairs[source.strip()] = target.strip()
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translator.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-model", help="write a word-for-word test package at DIR and DIR.argosmodel")
    build.add_argument("directory", type=Path)
    build.add_argument("--dictionary", type=Path, help="extra french<TAB>english pairs (override the word list)")
    arguments = parser.parse_args(argv)
    dictionary = _read_dictionary(arguments.dictionary) if arguments.dictionary else None
    directory = build_model(arguments.directory, dictionary)
    archive = package_model(directory)
    print(f"{directory}\n{archive}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
