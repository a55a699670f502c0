"""A build stopped part-way (killed at each step, out of disk), two builds into one folder at once,
and a deleted manifest: the next build always recovers, through the real command line, and never
replaces a file briefgen did not write; a killed build's workers die with it."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from briefgen.build.manifest import MANIFEST, Manifest
from support import FIXTURES, run_cli

STEPS = ("rendering", "journal", "first-file", "files", "listing")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "base", tmp_path / "briefs" / "base")
    return tmp_path


def build(work: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(["build", "briefs", "--format", "html", "--out", "site", *args], work, timeout=300, env=env)


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def retitle(work: Path, title: str) -> None:
    brief = work / "briefs" / "base" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("title: A small brief", f"title: {title}", 1), encoding="utf-8")


def clean_build(work: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build of the briefs as they are now writes into a folder of its own."""
    fresh = tmp_path / "fresh"
    shutil.copytree(work / "briefs", fresh / "briefs")
    assert build(fresh).returncode == 0
    return files(fresh / "site")


def processes_with(token: str) -> list[int]:
    """The processes whose environment holds `token` (the build's own and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if token.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_at_any_step_is_recovered_by_the_next(work: Path, tmp_path: Path, step: str) -> None:
    assert build(work).returncode == 0
    retitle(work, "A retitled brief")
    token = uuid.uuid4().hex
    killed = build(work, env={"BRIEFGEN_TEST_KILL_AT": step, "BRIEFGEN_TEST_TOKEN": token})
    assert killed.returncode == -9, killed.stdout + killed.stderr
    # Its workers die with it, rather than wait on their pipe forever (bounded wait, not timed).
    for _ in range(200):
        if not processes_with(token):
            break
        time.sleep(0.05)
    assert processes_with(token) == []
    again = build(work)
    assert again.returncode == 0, again.stdout + again.stderr
    site = files(work / "site")
    assert {name: data for name, data in site.items() if name != MANIFEST} == {
        name: data for name, data in clean_build(work, tmp_path).items() if name != MANIFEST
    }
    manifest = Manifest.read(work / "site")
    assert all(manifest.intact(name) for name in manifest.files)
    assert "up to date" in build(work).stdout


def test_a_build_killed_before_the_first_ever_manifest_is_recovered(work: Path) -> None:
    assert build(work, env={"BRIEFGEN_TEST_KILL_AT": "first-file"}).returncode == -9
    again = build(work)
    assert again.returncode == 0, again.stderr
    assert not [name for name in files(work / "site") if ".briefgen-partial." in name]


def test_a_deleted_manifest_costs_a_full_build_and_nothing_else(work: Path) -> None:
    assert build(work).returncode == 0
    before = files(work / "site")
    (work / "site" / MANIFEST).unlink()
    again = build(work)
    assert again.returncode == 0, again.stderr
    assert "built briefs/base/brief.yaml" in again.stdout
    assert files(work / "site") == before


def test_after_a_deleted_manifest_a_changed_output_is_still_not_replaced(work: Path) -> None:
    """Taking back outputs is only for those that hold what briefgen writes: others are refused."""
    assert build(work).returncode == 0
    (work / "site" / MANIFEST).unlink()
    retitle(work, "A retitled brief")
    before = files(work / "site")
    again = build(work)
    assert again.returncode == 2
    assert f"refusing to replace {Path('site/base/index.html')}: briefgen did not write it" in again.stderr
    assert files(work / "site") == before


def test_a_second_build_into_the_same_folder_waits_for_the_first(work: Path) -> None:
    (work / "site").mkdir()
    holder = os.open(work / "site", os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a build in progress holds it
    try:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        command = [sys.executable, "-m", "briefgen", "build", "briefs", "--format", "html", "--out", "site"]
        waiting = subprocess.Popen(
            command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert waiting.stderr is not None
        assert waiting.stderr.readline() == "waiting for another build into site to finish\n"
        assert not (work / "site" / MANIFEST).exists()
    finally:
        os.close(holder)
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "built briefs/base/brief.yaml" in out


def test_two_builds_at_once_into_one_folder_both_succeed(work: Path, tmp_path: Path) -> None:
    shutil.copytree(work / "briefs" / "base", work / "briefs" / "second")
    second = work / "briefs" / "second" / "brief.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("id: base", "id: second", 1), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "briefgen", "build", path, "--format", "html", "--out", "site"],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in ("briefs/base", "briefs/second")
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    manifest = Manifest.read(work / "site")
    assert set(manifest.briefs) == {"base", "second"}
    assert all(manifest.intact(name) for name in manifest.files)
    assert build(work).stdout.count("up to date briefs/") == 2


@pytest.mark.parametrize("kind", ["link to /dev/zero", "fifo", "link outside"])
def test_a_listed_output_is_read_only_as_a_regular_file(work: Path, tmp_path: Path, kind: str) -> None:
    """An output the manifest lists, replaced by a link to an endless device, a pipe or a file
    outside: the up-to-date check does not read it (no hang, no 2 GB read); the page is written again."""
    assert build(work).returncode == 0
    page = work / "site" / "base" / "index.html"
    page.unlink()
    if kind == "fifo":
        os.mkfifo(page)
    else:
        outside = tmp_path / "outside.html"
        outside.write_text("outside", encoding="utf-8")
        page.symlink_to("/dev/zero" if kind == "link to /dev/zero" else outside)
    again = build(work)
    assert again.returncode == 0, again.stderr
    assert "built briefs/base/brief.yaml" in again.stdout
    assert page.is_file() and not page.is_symlink()
    if kind == "link outside":
        assert (tmp_path / "outside.html").read_text(encoding="utf-8") == "outside"


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 2 MB tmpfs (root only; skipped where mounting is not allowed)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_stops_the_build_and_the_next_one_recovers(work: Path, tmp_path: Path, small_disk: Path) -> None:
    shutil.copytree(work / "briefs", small_disk / "briefs")
    assert build(small_disk).returncode == 0
    retitle(small_disk, "A retitled brief")
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    # Room for the manifest (two pages of memory), not for the brief's page: the disk fills up
    # once the build has begun writing.
    filler.write_bytes(b"x" * max(0, free - 8192))
    full = build(small_disk)
    assert full.returncode == 2, full.stdout + full.stderr
    assert "No space left on device" in full.stderr
    assert "Traceback" not in full.stderr
    assert not [name for name in files(small_disk / "site") if ".briefgen-partial." in name]
    filler.unlink()
    again = build(small_disk)
    assert again.returncode == 0, again.stderr
    assert files(small_disk / "site") == {name: data for name, data in clean_build(small_disk, tmp_path).items()} | {
        MANIFEST: (small_disk / "site" / MANIFEST).read_bytes()
    }
