"""`briefgen schema`: write the JSON Schema of the brief format, or check it is current."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT = Path("schemas/brief.schema.json")
EXAMPLE = """examples:
  briefgen schema                 # (re)write schemas/brief.schema.json
  briefgen schema --check         # exit 1 if the committed schema is out of date
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schema of the brief format (for editors)",
        description="Write the JSON Schema exported from briefgen's models, which editors with the YAML "
        "language server use for completion and live validation.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        help=f"where to write (default: {DEFAULT} beside the briefs/ folder, from any folder of the repository)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file differs from the models, 0 if current"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.brief.schema import schema_text
    from briefgen.build.atomic import write_atomic
    from briefgen.generated import staleness
    from briefgen.workspace import find_workspace

    if args.output is None:
        args.output = find_workspace().top / DEFAULT
    text = schema_text()
    if args.check:
        state = staleness(args.output, text, "the models")
        if state is None:
            print(f"{args.output} is up to date")
            return 0
        print(f"{args.output} {state}; run `briefgen schema` and commit the result")
        return 1
    write_atomic(args.output, text.encode("utf-8"))
    print(f"wrote {args.output}")
    return 0
