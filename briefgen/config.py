"""Per-repository settings: severities of diagnostic codes (`off`, `warning` or `error`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Setting = Literal["off", "warning", "error"]


@dataclass(frozen=True)
class Config:
    """Settings that shape what validation reports."""

    severities: dict[str, Setting] = field(default_factory=dict)
