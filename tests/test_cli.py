"""The command line as the one boundary: exit codes 0/1/2, errors as messages, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import cli
from briefgen.errors import BriefgenError
from support import FIXTURES, REFERENCE_BRIEF, REPOSITORY, run_cli


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the base brief in briefs/base/ of a working folder (the current one)."""
    shutil.copytree(FIXTURES / "base", tmp_path / "briefs" / "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "briefs" / "base" / "brief.yaml"


def test_a_valid_brief_exits_0(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(base), "--strict"]) == 0
    assert capsys.readouterr() == ("1 brief valid\n", "")


def test_validate_defaults_to_the_briefs_folder(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate"]) == 0
    assert capsys.readouterr().out == "1 brief valid\n"


def test_problems_in_a_brief_exit_1(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base.write_text(
        base.read_text(encoding="utf-8").replace("follows_from: [KJ1]", "follows_from: [KJ9]"), encoding="utf-8"
    )
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("briefs/base/brief.yaml:") and "error BG302 unresolved-reference" in out
    assert out.endswith("1 brief checked: 1 error, 0 warnings\n")


def test_warnings_exit_0_and_1_with_strict(base: Path) -> None:
    base.write_text(base.read_text(encoding="utf-8").replace("[@S1; @S2]", "[@S1]"), encoding="utf-8")
    assert cli.main(["validate"]) == 0
    assert cli.main(["validate", "--strict"]) == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["validate", "--format", "xml"],
            "briefgen: error: argument --format: invalid choice: 'xml' (choose from 'text', 'json', 'github')\n",
        ),
        (["frobnicate"], "briefgen: error: argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    base: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert capsys.readouterr().err.startswith("usage: briefgen")


def test_a_briefgen_error_is_a_message_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(paths: list[Path]) -> tuple[list[Path], list[object]]:
        raise BriefgenError("cannot read briefs/", "check the permissions")

    monkeypatch.setattr("briefgen.load.paths.locate_briefs", fail)
    assert cli.main(["validate"]) == 2
    assert capsys.readouterr().err == "briefgen: error: cannot read briefs/\n  hint: check the permissions\n"


def test_a_bug_is_reported_as_an_internal_error_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(paths: list[Path]) -> tuple[list[Path], list[object]]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("briefgen.load.paths.locate_briefs", crash)
    assert cli.main(["validate"]) == 2
    assert capsys.readouterr().err == (
        "briefgen: internal error: ZeroDivisionError: division by zero\n"
        "  hint: this is a bug in briefgen; rerun with --debug and report the traceback\n"
    )
    assert cli.main(["--debug", "validate"]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_an_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(paths: list[Path]) -> tuple[list[Path], list[object]]:
        raise KeyboardInterrupt

    monkeypatch.setattr("briefgen.load.paths.locate_briefs", interrupt)
    assert cli.main(["validate"]) == 130
    assert capsys.readouterr().err == "briefgen: interrupted\n"


def test_validate_does_not_import_weasyprint(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "base", tmp_path / "base")
    probe = (
        "import sys\nfrom briefgen.cli import main\ncode = main(['validate', 'base'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf', 'fontTools'))\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


def test_the_reference_brief_validates_clean_with_strict() -> None:
    if not (REFERENCE_BRIEF / "brief.yaml").is_file():
        pytest.skip("the reference brief is not in this checkout")
    done = run_cli(["validate", "briefs/russia-syria-security", "--strict"], REPOSITORY)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1 brief valid\n", "")


def test_python_dash_m_briefgen_runs_the_cli(tmp_path: Path) -> None:
    done = run_cli(["--version"], tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("briefgen ")


def _validate_into_closed_pipe(cwd: Path, unbuffered: str) -> int:
    """Exit code of `python -m briefgen validate` whose reader has gone (`| head -0`)."""
    import os

    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "briefgen", "validate"],
            cwd=cwd,
            env=env,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.stderr == ""  # no "Exception ignored … BrokenPipeError" either
    return done.returncode


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_closed_pipe_keeps_the_exit_code_of_the_run(base: Path, unbuffered: str) -> None:
    assert _validate_into_closed_pipe(base.parents[2], unbuffered) == 0
    base.write_text(
        base.read_text(encoding="utf-8").replace("likelihood: likely", "likelihood: sure", 1), encoding="utf-8"
    )
    assert _validate_into_closed_pipe(base.parents[2], unbuffered) == 1  # pipefail sees the failure


def test_a_closed_pipe_before_the_exit_code_is_known_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "build_parser", lambda command=None: _parser_running(closed))
    assert cli.main(["validate"]) == 1


def _parser_running(run: object) -> object:
    parser = cli._Parser(prog="briefgen")
    parser.add_argument("command")
    parser.set_defaults(run=run)
    return parser


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_io_error(base: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "briefgen", "validate"],
            cwd=base.parents[2],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (
        2,
        (
            "briefgen: error: cannot write the output: No space left on device\n"
            "  hint: check the disk or the device standard output is sent to\n"
        ),
    )


def test_a_path_that_names_no_brief_is_shown_as_given(base: Path) -> None:
    top = base.parents[2]
    for command in ("validate", "build"):
        done = run_cli([command, "nope/", "./gone"], top)
        assert done.returncode == 2
        assert done.stdout.splitlines()[0:3:2] == [
            "nope/: error BG116 no-brief-at-path: no such file or folder",
            "./gone: error BG116 no-brief-at-path: no such file or folder",
        ]


def test_a_path_that_names_no_brief_is_reported_and_the_others_still_checked(base: Path) -> None:
    top = base.parents[2]
    (top / "empty").mkdir()
    (top / "notes.txt").write_text("not a brief\n", encoding="utf-8")
    broken = top / "briefs" / "broken" / "brief.yaml"
    shutil.copytree(base.parent, broken.parent)
    broken.write_text(base.read_text(encoding="utf-8").replace("follows_from: [KJ1]", "follows_from: [KJ9]"), "utf-8")
    done = run_cli(["validate", "nope", "briefs/base", "empty/", "notes.txt", "briefs/broken"], top)
    assert done.returncode == 2  # usage or I/O, though the briefs themselves were checked
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[:6] == [
        "nope: error BG116 no-brief-at-path: no such file or folder",
        "    hint: give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder",
        "empty/: error BG116 no-brief-at-path: no brief.yaml in this folder or under it",  # as given
        "    hint: give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder",
        "notes.txt: error BG116 no-brief-at-path: not a brief: not a YAML file, and in no brief's folder",
        "    hint: give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder",
    ]
    assert lines[6].startswith("briefs/broken/brief.yaml:") and "error BG302 unresolved-reference" in lines[6]
    assert lines[-1] == "2 briefs checked: 4 errors, 0 warnings"
    import json

    done = run_cli(["validate", "nope", "briefs/base", "--format", "json"], top)
    report = json.loads(done.stdout)
    assert (done.returncode, report["summary"]) == (2, {"briefs": 1, "errors": 1, "warnings": 0})
    assert report["diagnostics"] == [
        {
            "code": "BG116",
            "name": "no-brief-at-path",
            "severity": "error",
            "message": "no such file or folder",
            "file": "nope",
            "line": None,
            "column": None,
            "hint": "give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder",
        }
    ]
    done = run_cli(["validate", "nope", "--format", "github"], top)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "::error file=nope,title=BG116 no-brief-at-path::no such file or folder%0Ahint: give a brief file, a folder "
        "of briefs (each as <slug>/brief.yaml), or a file in a brief's folder\n",
        "0 briefs checked: 1 error, 0 warnings\n",
    )


def test_a_yaml_file_beside_a_brief_is_validated_as_itself(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (base.parent / "other.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    assert cli.main(["validate", "briefs/base/other.yaml"]) == 1
    out = capsys.readouterr().out
    assert "briefs/base/other.yaml:1:1: error BG202" in out and out.endswith("1 brief checked: 11 errors, 0 warnings\n")
    (base.parent / "sources" / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    assert cli.main(["validate", "briefs/base/sources/notes.yaml"]) == 0  # an archived source stands for its brief
    assert capsys.readouterr().out == "1 brief valid\n"


@pytest.mark.parametrize(
    "words",
    [
        ["validate", "briefs", "-j", "2", "--strict", "--format", "json"],
        ["--debug", "build", "b", "--format", "pdf"],
        ["diff", "HEAD~1"],
        ["history", "briefs/x"],
        ["schema"],
        ["new", "slug"],
        ["reference"],
    ],
)
def test_a_run_parses_with_its_command_alone_as_with_every_command(words: list[str]) -> None:
    command = next(word for word in words if not word.startswith("-"))
    assert vars(cli.build_parser(command).parse_args(words)) == vars(cli.build_parser().parse_args(words))


def test_every_command_works_from_any_folder_of_the_repository(tmp_path: Path) -> None:
    """Like git: inside a brief's folder a command works on that brief, elsewhere in the repository
    on its briefs/; outputs (build/, schemas/, a new brief) go to the repository's top."""
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    shutil.copytree(FIXTURES / "base", tmp_path / "briefs" / "base")
    (tmp_path / "docs").mkdir()
    inside = tmp_path / "briefs" / "base" / "sources"
    built = run_cli(["build", "--format", "html"], inside)
    assert (built.returncode, built.stderr) == (0, "")
    assert built.stdout.startswith("built ../brief.yaml → ../../../build/base/ (html, ")
    assert (tmp_path / "build" / "base" / "index.html").is_file()
    schema = run_cli(["schema"], tmp_path / "docs")
    assert (schema.returncode, schema.stdout) == (0, "wrote ../schemas/brief.schema.json\n")
    new = run_cli(["new", "second-brief"], tmp_path / "briefs" / "base")
    assert new.returncode == 0 and (tmp_path / "briefs" / "second-brief" / "brief.yaml").is_file()
    validated = run_cli(["validate"], tmp_path / "docs")
    assert "../briefs/second-brief/brief.yaml" in validated.stdout and "2 briefs checked" in validated.stdout
    diffed = run_cli(["diff"], tmp_path / "briefs" / "base", env=env)
    assert (diffed.returncode, diffed.stdout) == (2, "")
    assert diffed.stderr.startswith("briefgen: error: the repository has no commits yet")
