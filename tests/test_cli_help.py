"""Every command's `--help` is complete and shows an example; `briefgen --version` works."""

from __future__ import annotations

import argparse
import re

import pytest

from briefgen import __version__
from briefgen.cli import COMMANDS, build_parser, main


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_registered_command_has_a_parser() -> None:
    assert sorted(subcommands()) == sorted(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_complete_with_an_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = subcommands()[name]
    assert parser.description, f"`briefgen {name}` has no description"
    undocumented = [
        action.dest
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction) and not (action.help and action.help.strip())
    ]
    assert undocumented == [], f"`briefgen {name}` options without help: {undocumented}"
    lines = (parser.epilog or "").splitlines()
    headers = [i for i, line in enumerate(lines) if re.match(r"examples?:$", line.strip(), re.IGNORECASE)]
    assert headers, f"`briefgen {name} --help` has no examples section"
    examples = [line.strip() for line in lines[headers[0] + 1 :] if line.startswith(" ")]
    assert any(line.startswith(f"briefgen {name}") for line in examples), f"no `briefgen {name} …` example"
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"usage: briefgen {name}")
    assert examples[0] in shown


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    for name in subcommands():
        assert re.search(rf"^    {name}\b", shown, re.MULTILINE), name
    assert "Run `briefgen COMMAND --help` for a command's options and an example." in shown


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"briefgen {__version__}\n"


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("usage: briefgen")
