"""`briefgen diff`: how the assessment changed between two versions in git, in plain words."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    from briefgen.versions.revisions import Repository

FORMATS = ("text", "markdown", "json")
SHOWN_PROBLEMS = 5

EXAMPLE = """examples:
  briefgen diff                           # HEAD against the working tree, every brief under briefs/
  briefgen diff main                      # on a branch: what it changes since it left main
  briefgen diff main --format markdown    # the same, for a pull-request comment
  briefgen diff v1.1 v1.2 briefs/russia-syria-security
  briefgen diff HEAD~3 HEAD --format json

A revision is anything git accepts: a tag, a branch, a commit, HEAD~3. With one revision, the
working tree is compared with the point where HEAD's history left that revision's (the heading
names this branch point), so that changes made on main after the branch left it are not shown as
the branch's; for a revision HEAD descends from (a tag, HEAD~3), that is the revision itself.
Two revisions, or `A..B`, are compared as given; `A...B` compares B with the point where its
history left A's. Revisions come before paths; a name that is both a revision and a path is
refused: write the path as ./name. Briefs are read from git without checking anything out, and
matched by their id, also when paths limit the briefs compared (a moved brief is still found).
Exit 0 when compared, 1 when a brief is not valid at one of the revisions (the other briefs are
still compared, and its problems listed), 2 for usage errors (an unknown revision, a path
outside the repository or holding no brief at either revision).
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        usage="%(prog)s [REV_A [REV_B]] [PATH ...] [--format {text,markdown,json}]",
        help="how the assessment changed between two versions in git",
        description="Compare the briefs at two revisions item by item: judgments added, removed or "
        "renamed, wording, likelihood and confidence moves, indicator status, evidence and sources.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "items",
        nargs="*",
        metavar="[REV_A [REV_B]] [PATH ...]",
        help="up to two revisions (default HEAD and the working tree), then brief files "
        "or folders (default: the brief whose folder you are in, else the repository's briefs/, "
        "from any folder of it)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, markdown for a pull-request comment, json for programs",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefgen.report import format_text as format_problems
    from briefgen.versions.change_report import format_json, format_markdown, format_text
    from briefgen.versions.comparison import compare_revisions
    from briefgen.versions.revisions import Repository

    existing = [Path(item) for item in args.items if Path(item).exists()]
    repo = Repository.holding(Path(".") if _in_repository() or not existing else existing[0])
    names, paths = _split(repo, args.items)
    before, after = repo.compared(names)
    if not paths:
        from briefgen.workspace import find_workspace

        paths = list(find_workspace().briefs)
    comparison = compare_revisions(repo, before, after, [repo.relative(path) for path in paths])
    if comparison.diffs or not comparison.invalid:
        formatter = {"text": format_text, "markdown": format_markdown, "json": format_json}[args.format]
        print(formatter(comparison), flush=True)
    for version in comparison.invalid:
        shown = version.diagnostics[:SHOWN_PROBLEMS]
        where = "in the working tree" if version.revision.commit is None else f"at {version.revision.label}"
        from briefgen.report import printable

        said = f"briefgen: {version.path} is not a valid brief {where}, so it cannot be compared:"
        print(printable(said), file=sys.stderr)
        print(format_problems(shown), file=sys.stderr)
        if len(version.diagnostics) > len(shown):
            print(f"… and {len(version.diagnostics) - len(shown)} more problems", file=sys.stderr)
    return 1 if comparison.invalid else 0


def _in_repository() -> bool:
    from briefgen.versions.git import repo_root

    return repo_root(Path(".").absolute()) is not None


def _split(repo: Repository, items: list[str]) -> tuple[list[str], list[Path]]:
    """Leading revisions (at most two), then paths; like git, refuse a name that could be either."""
    names: list[str] = []
    paths: list[Path] = []
    for item in items:
        if paths or len(names) == 2:
            paths.append(Path(item))
            continue
        is_path = Path(item).exists()
        # `A..B` is a range even when a side is unknown: say which, rather than "no such path".
        is_revision = repo.is_revision(item) or not is_path and _range(item)
        if is_revision and is_path:
            raise BriefgenError(
                f"'{item}' is both a revision and a path", f"write the path as ./{item}, or the revision as {item}^0"
            )
        if is_revision:
            names.append(item)
        else:
            paths.append(Path(item))
    if len(names) == 2 and any(".." in name for name in names):
        raise BriefgenError("give either two revisions or one range A..B, not both")
    return names, paths


def _range(item: str) -> bool:
    return ".." in item and not item.startswith(".") and "/.." not in item and "../" not in item
