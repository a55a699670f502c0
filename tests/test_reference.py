"""The generated reference docs: current with the code (a test fails when they are stale), and
complete — every field, every code, every command and option."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from briefgen.brief.models import Brief
from briefgen.cli import build_parser, main
from briefgen.codes import CODES
from briefgen.reference import cli_reference, format_reference

REPOSITORY = Path(__file__).parent.parent
DOCS = REPOSITORY / "docs"


def test_committed_reference_docs_are_current(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPOSITORY)
    code = main(["reference", "--check"])
    assert capsys.readouterr().out == "docs/format.md is up to date\ndocs/cli.md is up to date\n", (
        "run `make docs` (briefgen reference) and commit docs/format.md and docs/cli.md"
    )
    assert code == 0


def test_check_names_each_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'format.md'}\nwrote {tmp_path / 'cli.md'}\n"
    assert main(["reference", "--check", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    stale = tmp_path / "format.md"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Title of the brief.", "Title."), encoding="utf-8")
    (tmp_path / "cli.md").unlink()
    assert main(["reference", "--check", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        f"{tmp_path / 'format.md'} is out of date with the models\n"
        f"{tmp_path / 'cli.md'} is missing\n"
        "run `briefgen reference` (or `make docs`) and commit the result\n"
    )


def _models(annotation: object) -> dict[str, type]:
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found: dict[str, type] = {annotation.__name__: annotation}
        for info in annotation.model_fields.values():
            found |= _models(info.annotation)
        return found
    return {name: model for arg in typing.get_args(annotation) for name, model in _models(arg).items()}


def test_format_reference_documents_every_field_and_code() -> None:
    text = format_reference()
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    for name, model in _models(Brief).items():
        heading = re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), name)
        (section,) = [s for s in sections if s.startswith(heading + "\n")]
        for field, info in model.model_fields.items():
            row = re.search(
                rf"^\| `{field}` \|[^\n]*\| {re.escape(' '.join(info.description.split()))} \|$", section, re.MULTILINE
            )
            assert row, f"{name}.{field} is not documented with its description"
    for code in CODES.values():
        assert f"| {code.code} | {code.name} | {code.severity} |" in text


def test_format_reference_types() -> None:
    text = format_reference()
    assert "| `evidence` | list of [Citation](#citation), at least 1 | required |" in text
    assert "| `likelihood_scale` | one of `ICD-203`, `PHIA` | optional (default `ICD-203`) |" in text
    assert "| `probability` | whole number 0–100 or null | optional |" in text
    assert "| `date` | date (YYYY-MM-DD) | required |" in text
    assert "| `likelihood` | a term of the brief's [likelihood scale](#likelihood-scales) | required |" in text
    assert r"(-(0[1-9]\|1[0-2])" in text  # a `|` inside a table cell is escaped
    assert "| roughly even chance | 45–55% | likelihood |" in text


def test_cli_reference_of_a_parser() -> None:
    parser = argparse.ArgumentParser(prog="tool", description="A tool.")
    parser.add_argument("--level", type=int, default=3, help="how deep (default: %(default)s)")
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser(
        "run", help="run things", description="Run the things.", epilog="examples:\n  tool run a b\n\nMore words.\n"
    )
    run.add_argument("things", nargs="+", metavar="THING", help="what to run")
    run.add_argument("--since", nargs="?", const="HEAD", metavar="REV", help="only what changed")
    run.add_argument("--fast", action="store_true", help="go fast")
    commands.add_parser("show", help="show", description="Show.", usage="%(prog)s [WHAT] [--all]")
    text = cli_reference(parser)
    assert "## tool show\n\nShow.\n\n```text\ntool show [WHAT] [--all]\n```" in text
    assert "`tool [--level LEVEL] COMMAND …`" in text
    assert "| `--level LEVEL` | how deep (default: 3) |" in text
    assert "| [`run`](#tool-run) | run things |" in text
    assert "## tool run\n\nRun the things.\n\n```text\ntool run THING [THING ...] [--since [REV]] [--fast]\n```" in text
    assert "| `--since [REV]` | only what changed |" in text
    assert "Examples:\n\n```sh\ntool run a b\n```\n\nMore words.\n\n## tool show" in text


def test_cli_reference_covers_every_command_and_option() -> None:
    text = cli_reference(build_parser())
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in action.choices.items():
        assert f"\n## briefgen {name}\n" in text
        for option in command._actions:
            for string in option.option_strings:
                if string not in ("-h", "--help"):
                    assert f"`{string}" in text or f", {string}" in text, (name, string)
