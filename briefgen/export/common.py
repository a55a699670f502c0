"""What the STIX and MISP exports share: deterministic ids, dates, plain text, archive hashes and
the mapping of the brief's scales onto the platforms' vocabularies.

Ids are UUIDv5 of the brief's id and the item's id under briefgen's own namespace, so exporting
the same brief twice gives the same bundle, and a new version of the brief updates the same
objects rather than adding new ones. Dates come from the brief, never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from briefgen.brief.models import Brief
from briefgen.brief.scales import SCALES
from briefgen.check.context import BriefContext
from briefgen.errors import BriefgenError
from briefgen.load.archives import MAX_ARCHIVE_BYTES, archive_path
from briefgen.load.document import FileProblem, read_file

# briefgen's namespace for UUIDv5 ids (a fixed random UUID: never change it, or every platform
# that imported a brief gets a second copy of it).
NAMESPACE = uuid.UUID("6b0f2f4e-5a55-4c3e-9a61-2f7d1c9b8e20")

# STIX 2.1's "High, Medium, Low" confidence scale (appendix A): the value at the middle of each band.
CONFIDENCE = {"low": 15, "moderate": 50, "high": 85}

# The seven rungs of a likelihood ladder, as MISP's estimative-language taxonomy names them (ICD 203's
# first row); PHIA's seven ranges fall on the same rungs, least likely first.
RUNGS = (
    "almost-no-chance",
    "very-unlikely",
    "unlikely",
    "roughly-even-chance",
    "likely",
    "very-likely",
    "almost-certain",
)


def item_uuid(brief: Brief, *parts: str) -> str:
    """The same UUID for the same brief and item, in every export of every version."""
    return str(uuid.uuid5(NAMESPACE, "/".join(("briefgen", brief.id, *parts))))


def day(value: dt.date) -> dt.datetime:
    """A date as midnight UTC."""
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def plain(markdown: str) -> str:
    """Prose as the reader sees it, without markup or inline citations (the exports carry the
    sources as references of their own)."""
    from briefgen.render.markdown import Prose

    return Prose({}, {}).plain(markdown)


@dataclass(frozen=True)
class Likelihood:
    """A likelihood term on its scale, with its range and the rung it stands on."""

    term: str
    scale: str
    low: int
    high: int
    rung: str
    probability: int | None


def likelihood(brief: Brief, term: str, probability: int | None) -> Likelihood:
    scale = SCALES[brief.likelihood_scale]
    found = scale.find(term)
    rank = scale.rank(term)
    if found is None or rank is None:
        raise BriefgenError(f"likelihood {term!r} is not on the {scale.name} scale", "run `briefgen validate`")
    return Likelihood(term, scale.name, found.low, found.high, RUNGS[rank], probability)


def archive_sha256(ctx: BriefContext, archive: str) -> str | None:
    """The SHA-256 of an archived file's bytes (as validation read it: a regular file in the folder)."""
    target = archive_path(ctx.directory, archive)
    if not isinstance(target, Path):
        return None
    raw = read_file(target, MAX_ARCHIVE_BYTES)
    return None if isinstance(raw, FileProblem) else hashlib.sha256(raw).hexdigest()


def first_date(path: Path, brief: Brief) -> dt.date:
    """The date of the brief's first version in git (STIX's `created` may not change from one
    version to the next); the brief's own date outside git or before its first commit."""
    from briefgen.versions.git import repo_root
    from briefgen.versions.history import history_of
    from briefgen.versions.revisions import Repository

    root = repo_root(path.parent.absolute())
    if root is None:
        return brief.date
    try:
        versions = history_of(Repository(root), path.absolute().relative_to(root).as_posix()).versions
    except BriefgenError:
        return brief.date
    dates = [version.brief.date for version in versions if version.brief is not None]
    return min(dates, default=brief.date)
