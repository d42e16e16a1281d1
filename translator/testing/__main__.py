"""`python -m translator.testing build-model DIR [--family argos|marian|nllb|m2m] [--dictionary FILE.tsv]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from translator.testing.builder import build_model, package_model
from translator.testing.layouts import LAYOUTS


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
    build = commands.add_parser(
        "build-model", help="write a word-for-word test model at DIR (and DIR.argosmodel for an argos package)"
    )
    build.add_argument("directory", type=Path)
    build.add_argument("--family", choices=sorted(LAYOUTS), default="argos", help="the folder shape to write")
    build.add_argument("--dictionary", type=Path, help="extra french<TAB>english pairs (override the word list)")
    build.add_argument("--separate-vocabularies", action="store_true", help="marian: source and target vocabularies")
    build.add_argument("--missing-characters", default="", help="characters the tokenizer must not know")
    arguments = parser.parse_args(argv)
    dictionary = _read_dictionary(arguments.dictionary) if arguments.dictionary else None
    directory = build_model(
        arguments.directory,
        dictionary,
        family=arguments.family,
        separate_vocabularies=arguments.separate_vocabularies,
        missing_characters=arguments.missing_characters,
    )
    print(directory)
    if arguments.family == "argos":
        print(package_model(directory))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
