"""`briefgen new`: a skeleton with every section that validates with placeholder warnings only."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import typing
from pathlib import Path

import jsonschema
import pytest
from pydantic import BaseModel

from briefgen.brief.models import Brief
from briefgen.brief.scaffold import skeleton
from briefgen.cli import main
from briefgen.load.document import load_text

SCHEMA = Path(__file__).parent.parent / "schemas" / "brief.schema.json"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_new_creates_brief_and_empty_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["new", "turkey-kurds"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == [
        "created briefs/turkey-kurds/brief.yaml and briefs/turkey-kurds/sources/",
        "next:",
        "  1. archive each source: briefgen source add briefs/turkey-kurds FILE   (a saved web page, a PDF or a text file)",
        '  2. replace the "<…>" placeholders in briefs/turkey-kurds/brief.yaml and choose the values marked "choose"',
        "  3. briefgen validate briefs/turkey-kurds    (each placeholder left is a BG901 warning)",
    ]
    folder = tmp_path / "briefs" / "turkey-kurds"
    assert list((folder / "sources").iterdir()) == []
    text = (folder / "brief.yaml").read_text(encoding="utf-8")
    assert text == skeleton("turkey-kurds", None, dt.date.today())
    assert "\nid: turkey-kurds  #" in text


def test_skeleton_validates_with_placeholder_warnings_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["new", "draft"], capsys)[0] == 0
    code, out, _ = run(["validate", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0
    assert report["summary"] == {"briefs": 1, "errors": 0, "warnings": 30}
    assert {d["code"] for d in report["diagnostics"]} == {"BG901"}
    assert run(["validate", "--strict"], capsys)[0] == 1


def test_skeleton_matches_the_json_schema() -> None:
    loaded = load_text(skeleton("draft", "../../schemas/brief.schema.json", dt.date(2026, 3, 1)).encode(), "x")
    assert loaded.diagnostics == []
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(loaded.data)] == []


def _fields(annotation: object) -> set[str]:
    """Every field name of a model and of the models inside it."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        names = set(annotation.model_fields)
        for info in annotation.model_fields.values():
            names |= _fields(info.annotation)
        return names
    return {name for arg in typing.get_args(annotation) for name in _fields(arg)}


def test_skeleton_names_every_field_of_the_format() -> None:
    text = skeleton("draft", None, dt.date(2026, 3, 1))
    written = set(re.findall(r"^[ #-]*([a-z_]+):", text, re.MULTILINE))
    written |= set(re.findall(r"[{,] ?([a-z_]+):", text))
    assert _fields(Brief) - written == set()


def test_schema_line_points_at_the_repository_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "brief.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert run(["new", "a-b", "--out", ".."], capsys)[0] == 0
    assert run(["new", "c", "--out", str(tmp_path / "teams" / "east")], capsys)[0] == 0
    first = (tmp_path / "briefs" / "a-b" / "brief.yaml").read_text(encoding="utf-8").splitlines()[0]
    second = (tmp_path / "teams" / "east" / "briefs" / "c" / "brief.yaml").read_text(encoding="utf-8")
    assert first == "# yaml-language-server: $schema=../../schemas/brief.schema.json"
    assert second.splitlines()[0] == "# yaml-language-server: $schema=../../../../schemas/brief.schema.json"


def test_new_finds_the_schema_that_briefgen_schema_wrote_in_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path / "mono")], check=True)
    (tmp_path / "mono" / "assessments").mkdir()
    monkeypatch.chdir(tmp_path / "mono" / "assessments")
    code, out, _ = run(["new", "before"], capsys)
    assert out.splitlines()[-1] == (
        "note: no schemas/brief.schema.json in this repository, so the brief has no editor schema line; "
        "`briefgen schema`, run once at the top of the repository, writes one (see the comment at the top of "
        "the brief)"
    )
    assert run(["schema"], capsys) == (0, "wrote schemas/brief.schema.json\n", "")
    assert run(["new", "east"], capsys)[1].splitlines()[-1].startswith("  3. briefgen validate")
    # The nearest schema wins, looking up from --out to the repository's top, never above it.
    (tmp_path / "mono" / "assessments" / "team").mkdir()
    assert run(["new", "west", "--out", "team"], capsys)[0] == 0
    lines = [
        (tmp_path / "mono" / "assessments" / folder / "brief.yaml").read_text("utf-8").splitlines()[0]
        for folder in ("briefs/east", "team/briefs/west")
    ]
    assert lines == [
        "# yaml-language-server: $schema=../../schemas/brief.schema.json",
        "# yaml-language-server: $schema=../../../schemas/brief.schema.json",
    ]
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "brief.schema.json").write_text("{}", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path / "other")], check=True)
    assert (
        "note: no schemas/brief.schema.json in this repository"
        in run(["new", "x", "--out", str(tmp_path / "other")], capsys)[1]
    )


def test_without_a_schema_file_a_comment_explains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["new", "a"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == (
        "note: no schemas/brief.schema.json here, so the brief has no editor schema line; "
        "`briefgen schema`, run once at the top of the repository, writes one (see the comment at the top of "
        "the brief)"
    )
    head = (tmp_path / "briefs" / "a" / "brief.yaml").read_text(encoding="utf-8").splitlines()[:3]
    assert head == [
        "# Editor completion: no schemas/brief.schema.json was found in this repository. Write it with",
        "# `briefgen schema` at the repository's top, then replace this comment with the line",
        "# `# yaml-language-server: $schema=<path of schemas/brief.schema.json relative to this file>`.",
    ]


def test_new_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    brief = tmp_path / "briefs" / "kept" / "brief.yaml"
    brief.parent.mkdir(parents=True)
    brief.write_text("title: mine\n", encoding="utf-8")
    code, out, err = run(["new", "kept"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "briefgen: error: briefs/kept/brief.yaml already exists; briefgen new never overwrites a brief\n"
        "  hint: choose another slug, or edit the brief that is there\n"
    )
    assert brief.read_text(encoding="utf-8") == "title: mine\n"


def test_new_keeps_sources_archived_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "briefs" / "early" / "sources" / "s1.txt"
    source.parent.mkdir(parents=True)
    source.write_text("archived first\n", encoding="utf-8")
    assert run(["new", "early"], capsys)[0] == 0
    assert source.read_text(encoding="utf-8") == "archived first\n"
    assert (source.parent.parent / "brief.yaml").is_file()


@pytest.mark.parametrize(
    ("slug", "suggestion"),
    [
        ("Russia Syria", "; e.g. `briefgen new russia-syria`"),
        ("../escape", "; e.g. `briefgen new escape`"),
        ("a--b", "; e.g. `briefgen new a-b`"),
        ("x" * 81, "; e.g. `briefgen new " + "x" * 80 + "`"),
        ("---", ""),
    ],
)
def test_new_refuses_a_bad_slug(
    slug: str, suggestion: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["new", "--", slug], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"briefgen: error: '{slug}' is not a valid slug\n"
        "  hint: a slug is lower-case letters and digits in words joined by '-', at most 80 characters"
        f"{suggestion}\n"
    )
    assert list(tmp_path.iterdir()) == []
