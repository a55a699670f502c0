"""Incremental builds: a brief is rendered again only when something it is made from changed,
or when its outputs are no longer as written; the manifest records what was written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefgen.build.manifest import MANIFEST, Manifest
from support import FIXTURES, run_cli


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """A folder of two small valid briefs, `minimal` and `second`."""
    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURES / "minimal", folder / "minimal")
    shutil.copytree(FIXTURES / "minimal", folder / "second")
    brief = folder / "second" / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("id: minimal", "id: second", 1), encoding="utf-8")
    return folder


def build(folder: Path) -> list[str]:
    done = run_cli(["build", "briefs", "--out", "out", "--format", "html"], folder.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def test_a_second_build_with_nothing_changed_renders_nothing(two: Path) -> None:
    assert build(two)[-1] == "2 briefs: 2 built"
    listing = (two.parent / "out" / "index.html").stat().st_mtime_ns
    assert build(two) == [
        "up to date briefs/minimal/brief.yaml → out/minimal/ (nothing it is made from has changed) [1/2]",
        "up to date briefs/second/brief.yaml → out/second/ (nothing it is made from has changed) [2/2]",
        "2 briefs: 0 built, 2 up to date",
    ]
    assert (two.parent / "out" / "index.html").stat().st_mtime_ns == listing


def test_changing_one_brief_rebuilds_only_that_brief(two: Path) -> None:
    build(two)
    brief = two / "second" / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A minimal brief", "A second brief"), encoding="utf-8")
    lines = build(two)
    assert lines[0] == "up to date briefs/minimal/brief.yaml → out/minimal/ (nothing it is made from has changed) [1/2]"
    assert lines[1].startswith("built briefs/second/brief.yaml → out/second/ (html, ")
    assert lines[-1] == "2 briefs: 1 built, 1 up to date"
    assert "A second brief" in (two.parent / "out" / "index.html").read_text(encoding="utf-8")


def test_a_changed_archive_or_template_rebuilds(two: Path, tmp_path: Path) -> None:
    build(two)
    archive = two / "minimal" / "sources" / "s1.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "\nA later paragraph.\n", encoding="utf-8")
    assert build(two)[-1] == "2 briefs: 1 built, 1 up to date"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "unused.html.j2").write_text("{# an override folder #}\n", encoding="utf-8")
    done = run_cli(["build", "briefs", "--out", "out", "--format", "html", "--templates", str(templates)], two.parent)
    assert done.stdout.splitlines()[-1] == "2 briefs: 2 built"


def test_a_deleted_or_edited_output_is_written_again(two: Path) -> None:
    build(two)
    out = two.parent / "out"
    (out / "minimal" / "sources" / "S1.html").unlink()
    (out / "second" / "index.html").write_text("edited by hand", encoding="utf-8")
    lines = build(two)
    assert lines[-1] == "2 briefs: 2 built"
    assert (out / "minimal" / "sources" / "S1.html").is_file()
    assert (out / "second" / "index.html").read_text(encoding="utf-8") != "edited by hand"


def test_the_manifest_lists_every_file_written_with_its_hash(two: Path) -> None:
    build(two)
    out = two.parent / "out"
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    assert sorted(data["files"]) == written
    manifest = Manifest.read(out)
    assert all(manifest.intact(name) for name in written)
    assert manifest.briefs["second"].files == ["second/index.html", "second/sources/S1.html", "second/sources/S2.html"]


@pytest.mark.parametrize("text", ["", "not json", '{"format": 99}', '{"format": 1, "files": []}'])
def test_an_unreadable_manifest_counts_as_empty(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    manifest = Manifest.read(tmp_path)
    assert manifest.files == {} and manifest.briefs == {}


def test_briefgen_code_is_an_input_so_an_upgrade_under_the_same_version_renders_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefgen.build import inputs
    from briefgen.check.pipeline import validate_brief
    from briefgen.versions.stamp import Stamp

    result = validate_brief(FIXTURES / "minimal" / "brief.yaml")
    stamp = Stamp("1.0", in_repo=False)
    before = inputs.inputs_hash(result, stamp, ("html",), None, None)
    monkeypatch.setattr(inputs, "_code_hash", lambda: "another build of briefgen 0.1.0")
    assert inputs.inputs_hash(result, stamp, ("html",), None, None) != before


def test_the_code_hash_follows_every_module_and_ignores_bytecode(tmp_path: Path) -> None:
    import hashlib

    from briefgen.build.inputs import _add_files

    def digest() -> str:
        found = hashlib.sha256()
        _add_files(found, tmp_path, "*.py")
        return found.hexdigest()

    (tmp_path / "render").mkdir()
    (tmp_path / "render" / "context.py").write_text("LABEL = 'unknown'\n", encoding="utf-8")
    first = digest()
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "stale.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not code\n", encoding="utf-8")
    assert digest() == first
    (tmp_path / "render" / "context.py").write_text("LABEL = 'not named'\n", encoding="utf-8")
    assert digest() != first
