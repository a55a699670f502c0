"""Output safety (issue 5): `briefgen build` writes only into a folder of its own, apart from the
briefs, replaces or removes only files it wrote, leaves no partial file, and a failure part-way
leaves what was built before intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.build.manifest import MANIFEST, Manifest
from briefgen.render.html import BUILTIN_TEMPLATES
from support import FIXTURES, run_cli


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A working folder with briefs/base and briefs/second, two small valid briefs."""
    shutil.copytree(FIXTURES / "base", tmp_path / "briefs" / "base")
    shutil.copytree(FIXTURES / "base", tmp_path / "briefs" / "second")
    second = tmp_path / "briefs" / "second" / "brief.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("id: base", "id: second", 1), encoding="utf-8")
    return tmp_path


def build(work: Path, *args: str) -> tuple[int, str, str]:
    done = run_cli(["build", "briefs", "--format", "html", *args], work, timeout=300)
    return done.returncode, done.stdout, done.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("out", ["briefs", "briefs/base", "briefs/base/build", "."])
def test_the_output_folder_may_not_be_in_or_hold_a_briefs_folder(work: Path, out: str) -> None:
    before = files(work)
    code, _, err = build(work, "--out", out)
    assert code == 2
    assert err.startswith(
        f"briefgen: error: refusing to write into {out}: the briefs and their sources would be "
        "mixed with the outputs (the brief briefs/"
    )
    assert "  hint: give an output folder of its own with --out, e.g. build/" in err
    assert files(work) == before


def test_a_page_briefgen_did_not_write_is_refused_before_anything_is_rendered(work: Path) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "index.html").write_text("<p>hand-written</p>", encoding="utf-8")
    code, out, err = build(work, "--out", "docs")
    assert code == 2
    assert err == (
        f"briefgen: error: refusing to replace {Path('docs/index.html')}: briefgen did not write it\n"
        "  hint: move it away, or give an output folder of its own with --out, e.g. build/\n"
    )
    assert "built" not in out
    assert files(work / "docs") == {"index.html": b"<p>hand-written</p>"}


def test_other_files_in_the_output_folder_are_left_alone(work: Path) -> None:
    (work / "build" / "lib").mkdir(parents=True)  # as setuptools leaves it
    (work / "build" / "lib" / "module.py").write_text("x = 1\n", encoding="utf-8")
    assert build(work, "--out", "build")[0] == 0
    assert build(work, "--out", "build")[0] == 0
    assert (work / "build" / "lib" / "module.py").read_text(encoding="utf-8") == "x = 1\n"
    assert "lib/module.py" not in Manifest.read(work / "build").files


def test_a_new_or_empty_folder_is_built_into_with_a_manifest_of_every_file(work: Path) -> None:
    (work / "site").mkdir()
    code, out, _ = build(work, "--out", "site")
    assert code == 0, out
    written = files(work / "site")
    manifest = Manifest.read(work / "site")
    assert sorted(manifest.files) == sorted(name for name in written if name != MANIFEST)
    assert all(manifest.intact(name) for name in manifest.files)


def test_a_file_briefgen_did_not_write_is_never_replaced(work: Path) -> None:
    assert build(work, "--out", "site")[0] == 0
    brief = work / "briefs" / "base" / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A small brief", "A changed brief"), encoding="utf-8")
    planted = work / "site" / "base" / "index.html"
    planted.unlink()
    manifest = Manifest.read(work / "site")
    manifest.forget("base/index.html")  # as if someone else had put the file there
    manifest.write()
    planted.write_text("someone else's page", encoding="utf-8")
    code, _, err = build(work, "--out", "site")
    assert code == 2
    assert err.startswith(
        f"briefgen: error: refusing to replace {Path('site/base/index.html')}: briefgen did not write it\n"
    )
    assert planted.read_text(encoding="utf-8") == "someone else's page"


def test_files_briefgen_did_not_write_are_never_removed(work: Path) -> None:
    assert build(work, "--out", "site")[0] == 0
    notes = work / "site" / "base" / "sources" / "notes.html"
    notes.write_text("my notes", encoding="utf-8")
    brief = work / "briefs" / "base" / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A small brief", "A changed brief"), encoding="utf-8")
    assert build(work, "--out", "site")[0] == 0
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_a_link_that_would_take_outputs_elsewhere_is_refused(work: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    assert build(work, "--out", "site")[0] == 0
    shutil.rmtree(work / "site" / "second")
    (work / "site" / "second").symlink_to(elsewhere, target_is_directory=True)
    code, _, err = build(work, "--out", "site")
    assert code == 2 and "a link leads it out of the output folder" in err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("make", ["file", "under-a-file"])
def test_an_output_folder_that_cannot_be_written_is_a_clear_error(work: Path, make: str) -> None:
    (work / "taken").write_text("a file", encoding="utf-8")
    out = "taken" if make == "file" else "taken/site"
    code, _, err = build(work, "--out", out)
    assert code == 2
    assert err.startswith("briefgen: error: cannot write to taken")
    assert "Traceback" not in err


def test_a_failure_part_way_leaves_what_was_built_intact_and_no_partial_file(work: Path) -> None:
    assert build(work, "--out", "site")[0] == 0
    before = files(work / "site")
    templates = work / "templates"
    templates.mkdir()
    # An override that breaks the page of the second brief only.
    cover = (BUILTIN_TEMPLATES / "_cover.html.j2").read_text(encoding="utf-8")
    (templates / "_cover.html.j2").write_text(
        "{% if id == 'second' %}{{ no_such_value }}{% endif %}" + cover, encoding="utf-8"
    )
    code, out, err = build(work, "--out", "site", "--templates", str(templates))
    assert code == 2 and "'no_such_value' is undefined" in err
    after = files(work / "site")
    assert [name for name in after if name.endswith(".tmp") or "/." in name] == []
    assert {name: data for name, data in after.items() if name.startswith("second/")} == {
        name: data for name, data in before.items() if name.startswith("second/")
    }
    manifest = Manifest.read(work / "site")
    assert all(manifest.intact(name) for name in manifest.files)


@pytest.mark.parametrize("out", ["briefs/second/sources", "briefs/second", "briefs/second/sources/new"])
def test_no_output_goes_into_the_folder_of_a_brief_not_being_built(work: Path, out: str) -> None:
    before = files(work)
    done = run_cli(["build", "briefs/base", "--format", "html", "--out", out], work, timeout=300)
    assert done.returncode == 2
    assert done.stderr == (
        f"briefgen: error: refusing to write into {out}: it lies in the folder of the brief briefs/second/brief.yaml\n"
        "  hint: give an output folder of its own with --out, e.g. build/\n"
    )
    assert files(work) == before


def test_no_output_goes_into_a_brief_folder_inside_the_output_folder(work: Path) -> None:
    """A brief's folder under the output folder, where a brief's outputs would go (`site/base/`)."""
    shutil.copytree(work / "briefs" / "base", work / "site" / "base")
    before = files(work)
    done = run_cli(["build", "briefs/base", "--format", "html", "--out", "site"], work, timeout=300)
    assert done.returncode == 2
    assert f"refusing to write {Path('site/base/index.html')}: {Path('site/base')} is a brief's folder" in done.stderr
    assert files(work) == before
