"""The command line: parse options, call a command, and be the one place that turns
exceptions into messages and exit codes (0 ok, 1 problems in the briefs, 2 usage or I/O)."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from typing import Sequence

from briefgen import __version__
from briefgen.errors import BriefgenError

# Each name is a module of briefgen.commands with `add_parser(subparsers)`.
COMMANDS = ("validate", "build", "schema", "new", "diff", "history", "reference")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 through the CLI's boundary."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise BriefgenError(message, f"see `{self.prog} --help`")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefgen",
        description="Validate and render structured intelligence briefs written in YAML.",
        epilog="Run `briefgen COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when briefgen fails")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"briefgen.commands.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(sys.stderr)
            return 2
        return int(args.run(args))
    except BriefgenError as error:
        if debug:
            traceback.print_exc()
        print(f"briefgen: error: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"  hint: {error.hint}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("briefgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the one boundary: never a bare traceback for users
        if debug:
            traceback.print_exc()
        print(f"briefgen: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("  hint: this is a bug in briefgen; rerun with --debug and report the traceback", file=sys.stderr)
        return 2
