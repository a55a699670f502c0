"""No brief makes `validate` read a file outside the brief's folder (issue 5).

The hostile scenarios are run through the real command line with every file the process
opens logged (Python's audit hook, tests/audit/sitecustomize.py): archive paths that are
absolute, `~`, `..`, URLs, links to a secret, to a device, to the folder above, and a
brief.yaml that is itself a link to a secret. Apart from what any Python program reads, the
run may read only inside the brief's folder, and never the secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import audited, reads_outside, run_cli, settings_files
from test_scenarios import SCENARIOS, Case


@pytest.mark.parametrize(
    "name, brief_folder",
    [
        ("hostile-archive-paths", "."),
        ("hostile-brief-link", "briefs/evil"),
        ("archive-dotdot", "."),
        ("archive-absolute", "."),
        ("archive-symlink-out", "."),
    ],
)
def test_validate_reads_nothing_outside_the_briefs_folder(tmp_path: Path, name: str, brief_folder: str) -> None:
    case = Case.read(SCENARIOS / name)
    work = tmp_path / "case"
    case.prepare(work)
    log = tmp_path / "opened.log"
    done = run_cli(case.args, work, env=audited(log))
    assert done.returncode == case.exit, done.stdout + done.stderr
    opened = log.read_text(encoding="utf-8")
    assert str(work / brief_folder / "brief.yaml") in opened or name == "hostile-brief-link"
    assert reads_outside(log, [work / brief_folder, *settings_files(work)]) == []
    for secret in tmp_path.glob("secret*"):
        assert str(secret) not in opened
        assert secret.read_text(encoding="utf-8").strip() not in done.stdout + done.stderr


def test_the_audit_sees_a_read_outside(tmp_path: Path) -> None:
    """The check itself: a brief whose archive is read from outside its folder is caught."""
    case = Case.read(SCENARIOS / "clean-minimal")
    work = tmp_path / "case"
    case.prepare(work)
    log = tmp_path / "opened.log"
    assert run_cli(case.args, work, env=audited(log)).returncode == 0
    assert reads_outside(log, [work]) == []
    assert reads_outside(log, [work / "sources", *settings_files(work)]) == [str(work / "brief.yaml")]
