"""The catalogue of diagnostic codes (briefgen.codes): complete, and the same in every command."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import briefgen
from briefgen.check.settings import read_config
from briefgen.codes import CODES, IMPOSSIBLE, TRADECRAFT, WAIVABLE, resolve_code, why_fixed
from briefgen.errors import BriefgenError
from support import run_cli, settings_report

PACKAGE = Path(briefgen.__file__).parent
_CODE = re.compile(r"BG\d{3}")


def _named_in_package() -> set[str]:
    """Every code written as a whole string literal in briefgen's modules, the catalogue aside."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "codes.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.fullmatch(node.value):
                found.add(node.value)
    return found


def test_every_code_reported_is_catalogued_and_every_catalogued_code_is_reported() -> None:
    named = _named_in_package()
    assert named - set(CODES) == set()
    # BG901 is reported through codes.PLACEHOLDER; every other code is named where it is reported.
    assert set(CODES) - named == {"BG901"}


def test_the_catalogue_is_consistent() -> None:
    assert list(CODES) == sorted(CODES)
    assert len({code.name for code in CODES.values()}) == len(CODES)
    for code in CODES.values():
        assert code.code == _CODE.fullmatch(code.code).group()  # type: ignore[union-attr]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.name), code.name
        assert code.summary.endswith(".") and code.summary[0].isupper(), code.code
        assert not (code.waivable and not code.configurable), code.code
    assert set(WAIVABLE) <= set(TRADECRAFT)
    assert set(IMPOSSIBLE) <= set(TRADECRAFT) - set(WAIVABLE)
    assert WAIVABLE[0] == "BG304" and all(code.startswith("BG5") for code in WAIVABLE[1:])
    # Loading, shape and build problems, and the checks that make evidence trustworthy, are fixed.
    evidence = {"BG301", "BG302", "BG303", "BG310", "BG311", "BG312", "BG313", "BG314", "BG401", "BG402"}
    assert [code for code in CODES if not CODES[code].configurable] == [
        code for code in CODES if code.startswith(("BG1", "BG2", "BG6")) or code in evidence
    ]


def test_resolve_code_takes_a_code_or_its_name_in_any_case() -> None:
    assert resolve_code("bg603") == "BG603"
    assert resolve_code("Archive-Not-Rendered") == "BG603"
    assert resolve_code("placeholder") == "BG901"
    assert resolve_code("BG999") is None


@pytest.mark.parametrize("code", sorted(CODES))
def test_settings_accept_exactly_the_configurable_codes(tmp_path: Path, code: str) -> None:
    settings = tmp_path / "briefgen.toml"
    settings.write_text(f'[severity]\n{code} = "warning"\n', encoding="utf-8")
    if CODES[code].configurable:
        assert read_config(settings).severities == {code: "warning"}
        return
    with pytest.raises(BriefgenError) as refused:
        read_config(settings)
    assert refused.value.message.endswith(
        f"briefgen.toml:2:1: BG121 settings-invalid: {code} ({CODES[code].name}) cannot be configured"
    )
    assert refused.value.hint == why_fixed(code)


def _draft(tmp_path: Path, settings: str) -> Path:
    """A repository holding one `briefgen new` draft and a settings file."""
    assert run_cli(["new", "draft"], cwd=tmp_path).returncode == 0
    (tmp_path / "briefgen.toml").write_text(settings, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("setting", "hint"),
    [
        ('BG603 = "warning"', "build (BG6xx) problems stop a brief from being built: fix the brief instead"),
        ('archive-not-rendered = "off"', "build (BG6xx) problems stop a brief from being built: fix the brief instead"),
        ('BG601 = "off"', "build (BG6xx) problems stop a brief from being built: fix the brief instead"),
    ],
)
def test_a_build_code_cannot_be_configured_in_any_command(tmp_path: Path, setting: str, hint: str) -> None:
    repo = _draft(tmp_path, f"[severity]\n{setting}\n")
    code = resolve_code(setting.split(" ")[0])
    assert code is not None
    found = f"briefgen.toml:2:1: BG121 settings-invalid: {code} ({CODES[code].name}) cannot be configured"
    for command in (["validate", "briefs"], ["build", "briefs", "--out", "out"]):
        done = run_cli(command, cwd=repo)
        expected = settings_report(found, hint, command[0])
        assert (done.returncode, done.stdout, done.stderr) == (2, expected, ""), command
    assert not (repo / "out").exists()


def test_a_configurable_code_is_set_alike_in_validate_and_build(tmp_path: Path) -> None:
    repo = _draft(tmp_path, '[severity]\nplaceholder = "error"\n')
    validated = run_cli(["validate", "briefs"], cwd=repo)
    built = run_cli(["build", "briefs", "--out", "out"], cwd=repo)
    assert validated.returncode == built.returncode == 1
    placeholders = [line for line in validated.stdout.splitlines() if "BG901" in line]
    assert placeholders and all(" error BG901 placeholder: " in line for line in placeholders)
    assert [line for line in built.stdout.splitlines() if "BG901" in line] == placeholders

    (repo / "briefgen.toml").write_text('[severity]\nBG901 = "off"\n', encoding="utf-8")
    validated = run_cli(["validate", "briefs"], cwd=repo)
    built = run_cli(["build", "briefs", "--out", "out"], cwd=repo)
    assert (validated.returncode, validated.stderr) == (0, "")
    assert "BG901" not in validated.stdout and "BG901" not in built.stdout
    # The archive is still a placeholder: build refuses the draft whatever the settings say.
    assert built.returncode == 1
    assert [line.split(": ", 1)[1] for line in built.stdout.splitlines() if "BG603" in line] == [
        "error BG603 archive-not-rendered: source S1 has no archived text to render"
    ]
