"""What a brief's outputs are made from, as one hash: when it is unchanged, so are the outputs.

The hash covers the brief file, its archived sources, the repository's briefgen settings, the
templates (built-in and overrides), the formats and the PDF variant, the revision changes are listed since (and the
commit it names now), the repository's tags (they choose the previous version), the version
stamp (commit, date, uncommitted changes), briefgen's version and the hash of its modules, and the
versions of the packages that shape the output (WeasyPrint, Jinja2, markdown-it-py, the fonts).
The brief, its archives and its settings are hashed as validation read them, not read again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from briefgen import __version__
from briefgen.check.pipeline import Validated
from briefgen.render.pdf import DEFAULT_PDF_VARIANT
from briefgen.versions.git import repo_root, resolve, tags
from briefgen.versions.stamp import Stamp

_PACKAGES = ("weasyprint", "pydyf", "Jinja2", "markdown-it-py", "font-source-serif-pro", "font-source-sans-pro")


def inputs_hash(
    result: Validated,
    stamp: Stamp,
    formats: tuple[str, ...],
    templates: Path | None,
    since: str | None,
    pdf_variant: str = DEFAULT_PDF_VARIANT,
    review: bool = False,
) -> str:
    """The hash of everything the outputs of a valid brief are made from (`stamp`: its version
    stamp, computed once for the hash and the render)."""
    ctx = result.context
    assert ctx is not None and result.digest is not None
    brief = ctx.brief
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("briefgen", f"{__version__} {_code_hash()} {_package_versions()}".encode())
    add("options", repr((formats, since, pdf_variant, review)).encode())
    add("templates", _templates_hash(templates).encode())
    add("stamp", repr(stamp).encode())
    add("versions", _changes_key(result.path, since).encode())
    add("brief", result.digest.encode())
    # What validation made of the settings file: what the outputs can depend on.
    config = ctx.config
    settings = (sorted(config.severities.items()), config.indicator_review_days, config.file and config.file.name)
    add("settings", repr(settings).encode())
    for source in brief.sources:
        text = ctx.text(source.id)
        add(f"archive {source.id}", text.text.encode("utf-8") if text is not None else b"")
    return digest.hexdigest()


def _changes_key(path: Path, since: str | None) -> str:
    """What the changes section depends on besides the brief, its path and HEAD (which the stamp
    names): the tags, which choose the previous version, and the commit `since` names now."""
    root = repo_root(path.absolute())
    if root is None:
        return ""
    target = resolve(root, since) if since else None
    tagged = sorted((commit, name) for commit, names in tags(root).items() for name in names)
    return repr((since, target.hash if target else None, tagged))


@cache
def _package_versions() -> str:
    found = []
    for name in _PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return " ".join(found)


@cache
def _code_hash() -> str:
    """The hash of briefgen's own modules: a build after an upgrade that kept the version number
    (an install from git, an editable install) renders again rather than keep the old outputs."""
    digest = hashlib.sha256()
    _add_files(digest, Path(__file__).resolve().parent.parent, "*.py")
    return digest.hexdigest()


@cache
def _templates_hash(templates: Path | None) -> str:
    """The hash of every template file, built-in and override, by name."""
    digest = hashlib.sha256()
    folders = [Path(str(resources.files("briefgen.templates")))] + ([templates] if templates else [])
    for number, folder in enumerate(folders):
        _add_files(digest, folder, "*", tag=str(number))
    return digest.hexdigest()


def _add_files(digest: hashlib._Hash, folder: Path, pattern: str, tag: str = "") -> None:
    """Add each file under `folder` that matches `pattern` to `digest`, with its name in the folder."""
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        digest.update(f"{tag}\0{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
