"""A draft from `briefgen new` whose source archive is still a placeholder is refused by build, clearly."""

from __future__ import annotations

from pathlib import Path

from support import run_cli


def test_build_refuses_a_draft_whose_archive_is_a_placeholder(tmp_path: Path) -> None:
    assert run_cli(["new", "my-draft"], cwd=tmp_path).returncode == 0

    done = run_cli(["build", "briefs/my-draft", "--out", "out"], cwd=tmp_path)

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stdout.splitlines()
    refusal = [line for line in lines if "BG603" in line]
    assert len(refusal) == 1
    assert refusal[0].startswith("briefs/my-draft/brief.yaml:")
    assert refusal[0].endswith("error BG603 archive-not-rendered: source S1 has no archived text to render")
    assert lines[-1] == "1 brief: 0 built, 1 not built; 1 error"
    assert not (tmp_path / "out" / "my-draft").exists()
