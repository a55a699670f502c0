"""The JSON Schema of the brief format, exported from the models."""

from __future__ import annotations

import json
from typing import Any

from briefgen.brief.models import Brief

SCHEMA_ID = "https://briefgen.invalid/schemas/brief.schema.json"


def brief_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    return json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
