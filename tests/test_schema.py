"""The committed JSON Schema: current with the models, checkable with `schema --check`, and true
to the format (what validates, an editor accepts)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from briefgen.brief.schema import SCHEMA_ID, schema_text
from briefgen.cli import main
from briefgen.load.document import load_brief

REPOSITORY = Path(__file__).parent.parent
COMMITTED = REPOSITORY / "schemas" / "brief.schema.json"
FIXTURE = Path(__file__).parent / "fixtures" / "minimal" / "brief.yaml"


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), "run `briefgen schema` and commit the result"


def test_check_passes_on_the_repository(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPOSITORY)
    assert main(["schema", "--check"]) == 0
    assert capsys.readouterr().out == "schemas/brief.schema.json is up to date\n"


def test_check_fails_on_a_drifted_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drifted = json.loads(schema_text())
    del drifted["properties"]["likelihood_scale"]
    copy = tmp_path / "brief.schema.json"
    copy.write_text(json.dumps(drifted, indent=2) + "\n", encoding="utf-8")
    assert main(["schema", "--check", "--output", str(copy)]) == 1
    assert capsys.readouterr().out == (
        f"{copy} is out of date with the models; run `briefgen schema` and commit the result\n"
    )
    # Even a difference of white space is drift: the file is compared byte for byte.
    copy.write_text(schema_text().rstrip("\n"), encoding="utf-8")
    assert main(["schema", "--check", "-o", str(copy)]) == 1


def test_check_fails_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "schemas" / "brief.schema.json"
    assert main(["schema", "--check", "--output", str(missing)]) == 1
    assert capsys.readouterr().out == f"{missing} is missing; run `briefgen schema` and commit the result\n"
    assert not missing.exists()


def test_check_of_an_unreadable_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--check", "--output", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"briefgen: error: cannot read {tmp_path}: ")


def test_schema_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "brief.schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--check", "--output", str(target)]) == 0


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID
    assert schema["additionalProperties"] is False


def test_a_valid_brief_is_valid_for_the_editor_too() -> None:
    loaded = load_brief(FIXTURE)
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()), format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(loaded.data)] == []
    loaded.data["key_judgments"][0]["likelyhood"] = "likely"
    assert [error.message for error in validator.iter_errors(loaded.data)] == [
        "Additional properties are not allowed ('likelyhood' was unexpected)"
    ]


def test_the_schema_works_for_a_draft_7_validator() -> None:
    # The YAML language server in editors implements JSON Schema draft 7: the exported schema
    # uses no keyword that draft 7 lacks, so the editor checks what briefgen checks.
    schema = json.loads(schema_text())
    validator = jsonschema.Draft7Validator(schema)
    data = load_brief(FIXTURE).data
    assert [error.message for error in validator.iter_errors(data)] == []
    data["sources"][0]["reliability"] = "G"
    del data["title"]
    assert sorted(error.message for error in validator.iter_errors(data)) == [
        "'G' is not one of ['A', 'B', 'C', 'D', 'E', 'F']",
        "'title' is a required property",
    ]
    draft_2019_onwards = {
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "dependentRequired",
        "dependentSchemas",
        "prefixItems",
        "unevaluatedItems",
        "unevaluatedProperties",
        "minContains",
        "maxContains",
    }
    assert draft_2019_onwards.isdisjoint(_keys(schema))


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()
