"""The collector's settings: `rarer_collections` raises the thresholds for a while and restores them."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.check.pipeline import Validated, validate_brief
from briefgen.check.settings import Config
from briefgen.collector import _THRESHOLD, rarer_collections

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_and_restored() -> None:
    gc.set_threshold(700, 10, 10)
    with rarer_collections():
        assert gc.get_threshold() == _THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_is_not_lowered() -> None:
    gc.set_threshold(50_000, 5, 20)
    with rarer_collections():
        assert gc.get_threshold() == (50_000, 10, 20)
    assert gc.get_threshold() == (50_000, 5, 20)


def test_nested_only_the_outermost_restores() -> None:
    gc.set_threshold(700, 10, 10)
    with rarer_collections():
        with rarer_collections():
            pass
        assert gc.get_threshold() == _THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_when_the_work_raises() -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(ValueError), rarer_collections():
        raise ValueError
    assert gc.get_threshold() == (700, 10, 10)


def test_threads_overlapping_restore_what_the_first_found() -> None:
    # A enters, B enters, A exits (B still inside: raised), B exits (restored).
    gc.set_threshold(700, 10, 10)
    entered, exit_a, exited_a = threading.Event(), threading.Event(), threading.Event()
    seen: list[tuple[int, int, int]] = []

    def first() -> None:
        with rarer_collections():
            entered.set()
            exit_a.wait()
        exited_a.set()

    thread = threading.Thread(target=first)
    thread.start()
    entered.wait()
    with rarer_collections():
        exit_a.set()
        exited_a.wait()
        seen.append(gc.get_threshold())
    thread.join()
    assert seen == [_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)


def test_a_brief_is_validated_with_the_thresholds_raised_then_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.check import pipeline

    gc.set_threshold(700, 10, 10)
    seen: list[tuple[int, int, int]] = []
    validate = pipeline._validate

    def watched(path: Path, config: Config) -> Validated:
        seen.append(gc.get_threshold())
        return validate(path, config)

    monkeypatch.setattr(pipeline, "_validate", watched)
    validated = validate_brief(ROOT / "briefs" / "russia-syria-security" / "brief.yaml")
    assert validated.context is not None
    assert seen == [_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)
