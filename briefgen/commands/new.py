"""`briefgen new`: scaffold a brief with every section, placeholders and editor completion."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from briefgen.errors import BriefgenError, UsageError

EXAMPLE = """examples:
  briefgen new russia-syria-security          # creates briefs/russia-syria-security/brief.yaml
  briefgen new turkey-kurds --out ~/assessments
  briefgen validate briefs/russia-syria-security   # placeholders left are BG901 warnings
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new",
        help="scaffold a new brief: every section, placeholders to fill in, editor completion",
        description="Create briefs/SLUG/brief.yaml with every section scaffolded, a comment on what each "
        'field wants and "<…>" placeholders to replace, plus an empty sources/ folder for the archived '
        "texts. The brief validates at once, with a BG901 warning per placeholder left (an error with "
        "--strict). An existing brief is never overwritten.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "slug", metavar="SLUG", help="the brief's id and folder name: lower-case words joined by '-', e.g. turkey-kurds"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder that holds (or will hold) briefs/ (default: the one that holds briefs/, from any "
        "folder of the repository; when there is none yet, the current folder)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from briefgen.brief.models import SLUG_PATTERN
    from briefgen.brief.scaffold import SCHEMA_FILE, skeleton
    from briefgen.build.atomic import write_atomic
    from briefgen.load.paths import BRIEF_FILE, display_path
    from briefgen.versions.git import repo_root
    from briefgen.workspace import find_workspace

    if args.out is None:
        args.out = find_workspace().top
    slug: str = args.slug
    if not re.fullmatch(SLUG_PATTERN, slug) or len(slug) > 80:
        suggestion = "-".join(re.findall(r"[a-z0-9]+", slug.lower()))[:80].strip("-")
        hint = "a slug is lower-case letters and digits in words joined by '-', at most 80 characters"
        raise UsageError(
            f"'{slug}' is not a valid slug", hint + (f"; e.g. `briefgen new {suggestion}`" if suggestion else "")
        )
    folder = args.out / "briefs" / slug
    target = folder / BRIEF_FILE
    if target.exists():
        raise BriefgenError(
            f"{display_path(target)} already exists; briefgen new never overwrites a brief",
            "choose another slug, or edit the brief that is there",
        )
    # --out may not exist yet: its repository is that of its nearest existing folder.
    existing = next(folder for folder in (args.out, *args.out.absolute().parents) if folder.is_dir())
    root = repo_root(existing)
    schema = _nearest_schema(existing.absolute(), root)
    relative = os.path.relpath(schema, folder.absolute()).replace(os.sep, "/") if schema else None
    write_atomic(target, skeleton(slug, relative, dt.date.today()).encode("utf-8"))
    sources = folder / "sources"
    try:
        sources.mkdir(exist_ok=True)
    except OSError as error:
        raise BriefgenError(f"cannot create {display_path(sources)}: {error.strerror or error}") from error
    shown, shown_sources = display_path(target), display_path(sources)
    print(f"created {shown} and {shown_sources}/")
    print("next:")
    print(
        f"  1. archive each source: briefgen source add {display_path(folder)} FILE   (a saved web page, a PDF or a text file)"
    )
    print(f'  2. replace the "<…>" placeholders in {shown} and choose the values marked "choose"')
    print(f"  3. briefgen validate {display_path(folder)}    (each placeholder left is a BG901 warning)")
    if relative is None:
        print(
            f"note: no {SCHEMA_FILE} {'in this repository' if root else 'here'}, so the brief has no editor "
            "schema line; "
            "`briefgen schema`, run once at the top of the repository, writes one (see the comment at "
            "the top of the brief)"
        )
    return 0


def _nearest_schema(start: Path, root: Path | None) -> Path | None:
    """The schemas/brief.schema.json nearest `start`, in it or a folder above up to the repository's
    top (`briefgen schema` writes it where it is run); outside a repository, only in `start`."""
    from briefgen.brief.scaffold import SCHEMA_FILE

    top = root.resolve() if root else start.resolve()
    for folder in (start, *start.parents):
        if (folder / SCHEMA_FILE).is_file():
            return folder / SCHEMA_FILE
        if folder.resolve() == top:
            break
    return None
