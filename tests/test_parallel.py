"""Work on several cores: `briefgen validate -j N` reports what one process does, in the same
order; `briefgen build` replaces its workers between rounds and still renders every brief."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.check.settings import CONFIG_FILE
from support import FIXTURES, run_cli


def folder_of_briefs(root: Path, count: int) -> Path:
    """`count` copies of the minimal brief, every third with a quote that is not in its source."""
    folder = root / "briefs"
    for number in range(count):
        target = folder / f"b{number:02d}"
        shutil.copytree(FIXTURES / "minimal", target)
        brief = target / "brief.yaml"
        text = brief.read_text(encoding="utf-8").replace("id: minimal", f"id: b{number:02d}", 1)
        if number % 3 == 0:
            text = text.replace("on 3 August", "on 4 August", 1)
        brief.write_text(text, encoding="utf-8")
    return folder


def test_several_processes_report_exactly_what_one_does(tmp_path: Path) -> None:
    folder_of_briefs(tmp_path, 40)
    one = run_cli(["validate", "briefs", "--format", "json"], tmp_path)
    two = run_cli(["validate", "briefs", "--format", "json", "-j", "2"], tmp_path)
    assert one.returncode == two.returncode == 1
    assert two.stdout == one.stdout
    assert '"briefs": 40' in one.stdout and one.stdout.count('"code": "BG401"') == 14


def test_by_default_a_folder_of_many_briefs_is_shared_between_the_cpus_with_the_same_report(
    tmp_path: Path,
) -> None:
    folder_of_briefs(tmp_path, 70)
    one = run_cli(["validate", "briefs", "--format", "json", "-j", "1"], tmp_path)
    default = run_cli(["validate", "briefs", "--format", "json"], tmp_path)
    auto = run_cli(["validate", "briefs", "--format", "json", "-j", "auto"], tmp_path)
    assert default.returncode == auto.returncode == one.returncode == 1
    assert default.stdout == auto.stdout == one.stdout and '"briefs": 70' in one.stdout


@pytest.mark.parametrize(
    ("briefs", "jobs", "pool"),
    [
        (1, None, None),
        (63, None, None),
        (64, None, 2),
        (200, None, 4),
        (200, 3, 3),
        (200, 1, None),
        (20, 2, 2),
    ],
)
def test_how_many_processes_validate(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    briefs: int,
    jobs: int | None,
    pool: int | None,
) -> None:
    import concurrent.futures

    from briefgen.check import parallel

    sizes: list[int] = []

    class Pool:  # runs the batches here, recording how many workers were asked for
        def __init__(self, max_workers: int, mp_context: object, **_: object) -> None:
            sizes.append(max_workers)

        def __enter__(self) -> Pool:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def map(self, work, batches):  # type: ignore[no-untyped-def]
            return map(work, batches)

    monkeypatch.setattr(parallel, "usable_cpus", lambda: 4)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    paths = [tmp_path / f"b{number}" / "brief.yaml" for number in range(briefs)]
    found = parallel.validate_many(paths, jobs)
    assert len(found) == briefs and all(d[0].code == "BG111" for d in found)
    assert sizes == ([] if pool is None else [pool])


def test_a_failure_in_a_worker_stops_with_its_message_and_hint(tmp_path: Path) -> None:
    folder_of_briefs(tmp_path, 40)
    (tmp_path / CONFIG_FILE).write_text("[severity\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    one = run_cli(["validate", "briefs"], tmp_path)
    two = run_cli(["validate", "briefs", "-j", "2"], tmp_path)
    assert two.returncode == one.returncode == 2
    assert two.stdout == one.stdout and "hint: fix the TOML syntax" in two.stdout


def test_jobs_must_be_a_positive_whole_number(tmp_path: Path) -> None:
    done = run_cli(["validate", "briefs", "-j", "0"], tmp_path)
    assert done.returncode == 2
    assert "argument --jobs/-j: must be a whole number of 1 or more, or auto, not '0'" in done.stderr


def test_build_renders_every_brief_when_workers_are_replaced_between_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.build import pipeline

    folder = folder_of_briefs(tmp_path, 5)
    for number in range(0, 5, 3):  # all valid: put back the quote that folder_of_briefs broke
        brief = folder / f"b{number:02d}" / "brief.yaml"
        brief.write_text(brief.read_text(encoding="utf-8").replace("on 4 August", "on 3 August"), encoding="utf-8")
    monkeypatch.setattr(pipeline, "_BRIEFS_PER_WORKER", 1)
    paths = sorted(folder.glob("*/brief.yaml"))
    options = pipeline.BuildOptions(out=tmp_path / "out", formats=("html",), jobs=2)
    report = pipeline.build(paths, options)
    assert sorted(built.folder.name for built in report.built) == [f"b{n:02d}" for n in range(5)]
    assert not report.diagnostics


def test_garbage_of_earlier_work_is_reclaimed_before_the_next_is_set_aside() -> None:
    import gc
    import weakref

    from briefgen.collector import fewer_collections

    class Node:
        pass

    with fewer_collections():
        node = Node()
        node.cycle = node  # type: ignore[attr-defined]
        left = weakref.ref(node)
        del node
    assert left() is not None  # garbage of a cycle, not yet collected
    with fewer_collections():
        assert left() is None
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
