"""`briefgen validate`: check briefs and report every problem found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefgen.diagnostics import Diagnostic
from briefgen.errors import OutputClosed, UsageError
from briefgen.report import FORMATS, format_github, format_json, format_notes, format_text, summary_line

EXAMPLE = """examples:
  briefgen validate                       # every brief under briefs/
  briefgen validate briefs/russia-syria-security --strict
  briefgen validate --format github       # annotations in GitHub Actions
  briefgen validate --changed             # only briefs with uncommitted or untracked changes
  briefgen validate --changed --staged    # only briefs the next commit changes (the pre-commit hook)
  briefgen validate --changed origin/main --format github   # only briefs a pull request changes
  briefgen validate -j 1 archive/         # a folder of many briefs, in one process
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check briefs: shape, references and quoted evidence",
        description="Check each brief's shape, references and quoted evidence, and report every problem "
        "as file:line:column with a code and a hint. Exit 0 when valid, 1 when problems were found, "
        "2 for usage or I/O errors.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",  # kept as typed: a path that names no brief is shown as given (`nope/`)
        help="brief files or folders of briefs (default: the brief whose folder you are in, else the "
        "repository's briefs/, from any folder of it)",
    )
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, json for programs, github for workflow annotations",
    )
    parser.add_argument(
        "--changed",
        nargs="?",
        const="HEAD",
        metavar="REV",
        help="validate only the briefs with a changed file in their folder (brief.yaml or "
        "an archived source): changes since REV, or since the point where the current "
        "branch forked from REV, staged or not, and untracked files (default REV: HEAD, "
        "i.e. uncommitted changes); a deleted or renamed source counts as a change to its "
        "brief; without PATH, the briefs under the repository's briefs/ (or anywhere in it "
        "when it has none), wherever you run it from; needs a git repository",
    )
    parser.add_argument(
        "--staged",
        action="store_true",
        help="with --changed: only changes staged for the next commit, not unstaged or "
        "untracked files (what the pre-commit hook checks)",
    )
    from briefgen.check.settings import add_config_option

    add_config_option(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="validate with up to N processes at a time; auto (the default): one per usable "
        "CPU, when there are enough briefs to share, 32 or more a process; `-j 1`: one process",
    )
    parser.set_defaults(run=run)


def _jobs(text: str) -> int | None:
    if text == "auto":
        return None
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, or auto, not {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from briefgen.check.settings import SettingsError

    try:
        return _validate(args)
    except SettingsError as error:  # reported as every diagnostic is; exit 2: settings are no problem in a brief
        return _output(args.format, [error.diagnostic], 0, [], 2)


def _validate(args: argparse.Namespace) -> int:
    from briefgen.check.parallel import validate_many
    from briefgen.check.pipeline import stopped_early
    from briefgen.check.settings import pin_config
    from briefgen.load.paths import NO_BRIEF, locate_briefs
    from briefgen.workspace import find_workspace

    pin_config(args.config)
    targets = args.paths or list(find_workspace().briefs)
    if args.staged and args.changed is None:
        raise UsageError("--staged goes with --changed", "e.g. `briefgen validate --changed --staged`")
    unnamed: list[Diagnostic] = []  # a path that names no brief: reported, and the others checked
    if args.changed is None:
        paths, unnamed = locate_briefs(targets)
    else:
        from briefgen.versions.worktree import changed_briefs

        paths = changed_briefs([Path(path) for path in args.paths], args.changed, staged=args.staged)
        if not paths and args.format != "json":
            said = (
                "no staged change touches a brief"
                if args.staged and args.changed == "HEAD"
                else f"no brief changed since {args.changed}"
            )
            print(said, file=sys.stderr if args.format == "github" else sys.stdout)
            return 0
    results = validate_many(paths, args.jobs)
    found = unnamed + [d for diagnostics in results for d in diagnostics]
    unchecked = [diagnostics[0].file for diagnostics in results if stopped_early(diagnostics)]
    if any(d.code in ("BG111", NO_BRIEF) for d in found):
        code = 2  # a brief that cannot be read, or a path that names none, is usage or I/O, not a problem in a brief
    else:
        code = 1 if any(d.severity == "error" or args.strict for d in found) else 0
    return _output(args.format, found, len(results), unchecked, code)


def _output(form: str, found: list[Diagnostic], briefs: int, unchecked: list[str], code: int) -> int:
    """Report in `form` and return exit code `code` (which stands if the reader stops early)."""
    try:
        _report(form, found, briefs, unchecked)
        sys.stdout.flush()
    except BrokenPipeError as error:
        raise OutputClosed(code) from error
    return code


def _report(form: str, found: list[Diagnostic], briefs: int, unchecked: list[str]) -> None:
    if form == "json":
        print(format_json(found, briefs, unchecked))
    elif form == "github":
        from dataclasses import replace

        from briefgen.load.paths import from_repository_top

        if found:
            # Annotations name files from the repository's top, whatever folder validate ran in.
            tops = {file: from_repository_top(file) for file in {d.file for d in found} | set(unchecked)}
            print(format_github([replace(d, file=tops[d.file]) for d in found], [tops[file] for file in unchecked]))
        print(summary_line(briefs, found), file=sys.stderr)
    else:
        if found:
            print(format_text(found))
        if unchecked:
            print(format_notes(unchecked))
        print(summary_line(briefs, found))
