"""The command line: parse options, call a command, and be the one place that turns
exceptions into messages and exit codes (0 ok, 1 problems in the briefs, 2 usage or I/O)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from briefgen import __version__
from briefgen.errors import BriefgenError, OutputClosed, OutputError

# Each name is a module of briefgen.commands with `add_parser(subparsers)`.
COMMANDS = ("validate", "build", "serve", "schema", "new", "source", "find", "export", "diff", "history", "reference")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 through the CLI's boundary. A command
    made with `intermixed=True` takes its options anywhere among its positional arguments
    (argparse's intermixed parsing: `find PATH --source S1 WORDS`)."""

    def __init__(self, *args: Any, intermixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._intermixed = intermixed

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if not self._intermixed:
            return super().parse_known_args(args, namespace)
        # The intermixed parse calls parse_known_args itself (twice): those calls parse as usual.
        self._intermixed = False
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixed = True

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise BriefgenError(message, f"see `{self.prog} --help`")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with a known `command`, that command's alone among the
    subcommands (all a run of it needs: building every command's options costs a few ms of each
    run). The help lists every command, and so does an unknown one's error."""
    parser = _Parser(
        prog="briefgen",
        description="Validate and render structured intelligence briefs written in YAML.",
        epilog="Run `briefgen COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when briefgen fails")
    # What a command that documents the whole command line calls (`reference`): handed down, so
    # that no command imports this module, which imports every command.
    parser.set_defaults(command_line=build_parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in (command,) if command in COMMANDS else COMMANDS:
        importlib.import_module(f"briefgen.commands.{name}").add_parser(subparsers)
    return parser


class _Output:
    """Standard output whose write failures (other than a closed pipe) are OutputErrors."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        written: int = self._guarded(self._stream.write, text)
        return written

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    @staticmethod
    def _guarded(call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(
                f"cannot write the output: {error.strerror or error}",
                "check the disk or the device standard output is sent to",
            ) from error


def _discard_output() -> None:
    """Send what is left in standard output's buffer nowhere, so that Python's own flush at
    exit does not fail again on the closed pipe or full disk and change the exit code."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a file (captured in tests)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    words = list(argv if argv is not None else sys.argv[1:])
    debug = "--debug" in words
    stdout, sys.stdout = sys.stdout, _Output(sys.stdout)
    code: int | None = None
    try:
        parser = build_parser(next((word for word in words if not word.startswith("-")), None))
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(sys.stderr)
            return 2
        code = int(args.run(args))
        sys.stdout.flush()
        return code
    except OutputClosed as error:
        _discard_output()
        return error.exit_code
    except OutputError as error:
        _discard_output()
        _print_error(error)
        return error.exit_code
    except BriefgenError as error:
        if debug:
            _print_traceback()
        _print_error(error)
        return error.exit_code
    except KeyboardInterrupt:
        print("briefgen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`| head`) before the command knew its exit code (OutputClosed
        # carries it when known): 1, so that a pipeline with pipefail does not pass for a success.
        _discard_output()
        return 1 if code is None else code
    except Exception as error:  # the one boundary: never a bare traceback for users
        if debug:
            _print_traceback()
        print(f"briefgen: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("  hint: this is a bug in briefgen; rerun with --debug and report the traceback", file=sys.stderr)
        return 2
    finally:
        sys.stdout = stdout


def _print_traceback() -> None:
    import traceback  # only `--debug` shows one

    traceback.print_exc()


def _print_error(error: BriefgenError) -> None:
    """An error that stops the run, its paths and quoted values escaped as every report's are."""
    from briefgen.report import printable

    print(f"briefgen: error: {printable(error.message)}", file=sys.stderr)
    if error.hint:
        print(f"  hint: {printable(error.hint)}", file=sys.stderr)
