"""`briefgen reference`: write the reference docs generated from the code, or check they are current."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT = Path("docs")
EXAMPLE = """examples:
  briefgen reference              # (re)write docs/format.md and docs/cli.md
  briefgen reference --check      # exit 1 if either is out of date (a test runs this)
  briefgen reference --out site/reference
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reference",
        help="write the format and command-line reference docs, generated from the code",
        description="Write format.md (every field of the brief format, from the models' descriptions; "
        "the vocabularies; every diagnostic code) and cli.md (every command and option, from the "
        "command line's own definitions), so that the reference cannot drift from the program.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT, metavar="DIR", help=f"the folder to write them to (default: {DEFAULT})"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a file differs from what the code generates, 0 if current",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.build.atomic import write_atomic
    from briefgen.generated import staleness
    from briefgen.reference import cli_reference, format_reference

    files = {
        args.out / "format.md": (format_reference(), "the models"),
        args.out / "cli.md": (cli_reference(args.command_line()), "the command line"),
    }
    if not args.check:
        for path, (text, _) in files.items():
            write_atomic(path, text.encode("utf-8"))
            print(f"wrote {path}")
        return 0
    stale = 0
    for path, (text, origin) in files.items():
        state = staleness(path, text, origin)
        stale += state is not None
        print(f"{path} {state or 'is up to date'}")
    if stale:
        print("run `briefgen reference` (or `make docs`) and commit the result")
    return 1 if stale else 0
