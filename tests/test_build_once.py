"""`build` does each brief's work once: validated in the parent only (the worker renders from that
validation), its version stamp computed once, its inputs hashed from what validation read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen.build import pipeline
from briefgen.check import pipeline as validation
from briefgen.versions import stamp
from support import FIXTURES


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file that every process of the build (the workers are forked from this one) appends a
    line to for each brief validated and each stamp computed."""
    log = tmp_path / "calls.log"
    validate, stamp_for = validation.validate_brief, stamp.stamp_for

    def record(what: str) -> None:
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"{what} {'parent' if os.getpid() == parent else 'worker'}\n")

    def counted_validate(*args, **kwargs):  # type: ignore[no-untyped-def]
        record("validate")
        return validate(*args, **kwargs)

    def counted_stamp(*args, **kwargs):  # type: ignore[no-untyped-def]
        record("stamp")
        return stamp_for(*args, **kwargs)

    parent = os.getpid()
    monkeypatch.setattr(pipeline, "validate_brief", counted_validate)
    monkeypatch.setattr(stamp, "stamp_for", counted_stamp)
    return log


def _briefs(tmp_path: Path) -> list[Path]:
    for name in ("minimal", "rich"):
        shutil.copytree(FIXTURES / name, tmp_path / "briefs" / name)
    return [tmp_path / "briefs" / name / "brief.yaml" for name in ("minimal", "rich")]


def _built(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the count crosses into forked workers only")
def test_each_brief_is_validated_and_stamped_once(tmp_path: Path, calls: Path) -> None:
    options = pipeline.BuildOptions(out=tmp_path / "out", formats=("html",), jobs=2)
    report = pipeline.build(_briefs(tmp_path), options)
    assert len(report.built) == 2 and not report.failed
    assert sorted(calls.read_text(encoding="utf-8").splitlines()) == ["stamp parent"] * 2 + ["validate parent"] * 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the count crosses into forked workers only")
def test_past_what_the_parent_keeps_a_worker_validates_its_brief_and_renders_the_same(
    tmp_path: Path, calls: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefs = _briefs(tmp_path)
    kept = pipeline.BuildOptions(out=tmp_path / "kept", formats=("html",))
    pipeline.build(briefs, kept)
    monkeypatch.setattr(pipeline, "_KEPT_BYTES", 0)
    calls.unlink()
    again = pipeline.BuildOptions(out=tmp_path / "again", formats=("html",))
    report = pipeline.build(briefs, again)
    assert len(report.built) == 2
    assert sorted(calls.read_text(encoding="utf-8").splitlines()) == (
        ["stamp parent"] * 2 + ["validate parent"] * 2 + ["validate worker"] * 2
    )
    made, remade = _built(tmp_path / "kept"), _built(tmp_path / "again")
    manifest = ".briefgen-manifest.json"
    assert {name: data for name, data in made.items() if name != manifest} == {
        name: data for name, data in remade.items() if name != manifest
    }


def test_the_inputs_hash_reads_no_file_validation_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.build.inputs import inputs_hash

    (brief,) = _briefs(tmp_path)[:1]
    (tmp_path / "briefgen.toml").write_text('[severity]\nBG305 = "off"\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the top of the repository: the settings are found there
    result = validation.validate_brief(brief)
    assert result.context is not None and result.context.config.file == tmp_path / "briefgen.toml"
    stamped = stamp.Stamp("1.0", in_repo=False)
    before = inputs_hash(result, stamped, ("html",), None, None)
    read: list[Path] = []
    original = Path.read_bytes

    def reading(path: Path) -> bytes:
        read.append(path)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", reading)
    assert inputs_hash(result, stamped, ("html",), None, None) == before
    assert [path for path in read if tmp_path in path.parents] == []
    # What was read is what is hashed: another setting or another archive text is another hash.
    (tmp_path / "briefgen.toml").write_text('[severity]\nBG305 = "error"\n', encoding="utf-8")
    assert inputs_hash(validation.validate_brief(brief), stamped, ("html",), None, None) != before
