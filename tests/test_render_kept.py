"""Sections of a brief's view kept from one render to the next (`briefgen.render.kept`): a page
rendered after edits, reusing what the renders before kept, is byte for byte the page a fresh
render of the same brief makes; and a page whose templates may change the view forgets them."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.build.pipeline import render_validated
from briefgen.check.pipeline import validate_brief
from briefgen.render import html, kept, parts, sources
from support import REFERENCE_BRIEF

# Edits a writer makes, each what a section of the view reads (its items' prose, a title other
# sections link by, a source's title the citations name, a citation in prose a source's
# `cited_by` lists, a passage's locator, the brief's own prose), each undone when made again.
EDITS = [
    ("at the end of 2026, under terms", "at the end of 2026 (edited), under terms"),  # KJ1's statement
    ("the coolest point of the", "the coolest (edited) point of the"),  # KJ1's rationale
    ("Limited return anchored at the bases", "Limited return anchored at both bases"),  # SC1's title
    ("Russian military police posts in the south", "Russian military police posts in the far south"),
    ("set up standing patrols or fixed posts", "set up standing (edited) patrols or fixed posts"),  # IND1
    ("overriding aim in Syria.", "overriding aim in Syria [@S4]."),  # A1 cites another source
    ("None of the sources gives", "None of the sources (edited) gives"),  # G1's statement
    ("Most analysis comes from Dmitry", "Most of the analysis comes from Dmitry"),  # S1's summary
    ("Russia Revives Military Patrols in Syria", "Russia Revives Its Military Patrols in Syria"),  # S1's title
    ("locator: paragraph 8 of the body", "locator: paragraph 9 of the body"),  # a passage of KJ1
    ("Damascus gets army maintenance", "Damascus gets (edited) army maintenance"),  # IM1's statement
    ("but not yet as a security actor", "but not yet as a (edited) security actor"),  # the bottom line
]


def _forget_all() -> None:
    kept.forget()
    parts._PARTS.clear()
    sources._PAGES.clear()
    html._STYLESHEETS.clear()


def _render(path: Path) -> dict[str, bytes]:
    return render_validated(validate_brief(path), None, ("html",)).files


def _text(original: str, made: set[int]) -> str:
    for number in sorted(made):
        old, new = EDITS[number]
        assert old in original
        original = original.replace(old, new, 1)
    return original


@settings(deadline=None, max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, len(EDITS) - 1), min_size=1, max_size=5))
def test_a_page_rendered_after_edits_reusing_what_was_kept_is_the_fresh_page(tmp_path: Path, edits: list[int]) -> None:
    folder = tmp_path / "brief"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(REFERENCE_BRIEF, folder)
    path = folder / "brief.yaml"
    original = path.read_text(encoding="utf-8")
    _forget_all()
    _render(path)
    made: set[int] = set()
    states, warm = [], []
    for number in edits:
        made ^= {number}
        states.append(_text(original, made))
        path.write_text(states[-1], encoding="utf-8")
        warm.append(_render(path))
    for text, files in zip(states, warm, strict=True):
        path.write_text(text, encoding="utf-8")
        _forget_all()
        assert files == _render(path)


def test_an_edit_of_a_judgment_builds_again_only_the_judgments(tmp_path: Path) -> None:
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "brief")
    path = tmp_path / "brief" / "brief.yaml"
    _forget_all()
    _render(path)
    before = set(kept._BUILT)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(*EDITS[0], 1), encoding="utf-8")
    _render(path)
    assert sorted(key[0] for key in set(kept._BUILT) - before) == ["key_judgments"]  # type: ignore[index]


def test_a_kept_value_is_known_by_its_serial_and_its_mappings_with_it() -> None:
    kept.forget()
    matrix = kept.kept(("test", 1), lambda: {"rows": [1], "scenarios": []})
    assert kept.kept(("test", 1), lambda: {"rows": [2], "scenarios": []}) is matrix  # not built again
    marks = [kept.marked(value) for value in (matrix, matrix["rows"], matrix["scenarios"])]
    assert all(isinstance(mark, kept.Kept) for mark in marks)
    assert len({mark.serial for mark in marks if isinstance(mark, kept.Kept)}) == 3
    assert kept.marked([1]) == [1]  # an equal list, not kept: known by its content
    kept.forget()
    assert kept.marked(matrix) is matrix


def test_a_kept_value_is_pickled_once_as_pickle_pickles_it() -> None:
    kept.forget()
    source = kept.kept(("test", 2), lambda: [{"id": "S1", "passages": []}])[0]
    first = kept.pickled(source)
    assert first == pickle.dumps({"id": "S1", "passages": []}, protocol=pickle.HIGHEST_PROTOCOL)
    assert kept.pickled(source) is first  # made once
    assert kept.pickled({"id": "S1", "passages": []}) == first  # an equal value, not kept: pickled
    assert kept.pickled({"id": "S1", "passages": []}) is not first
    kept.forget()
    assert kept.pickled(source) is not first


def test_a_page_whose_templates_may_change_the_view_forgets_what_was_kept(tmp_path: Path) -> None:
    """A template that calls a method of the view (`append`) could change a kept section, which
    the next render would reuse changed: rendering it first forgets every kept value."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_tradecraft.html.j2").write_text("{% set _ = gaps.append(gaps[0]) %}", encoding="utf-8")
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "brief")
    path = tmp_path / "brief" / "brief.yaml"
    _forget_all()
    _render(path)
    assert kept._BUILT
    render_validated(validate_brief(path), templates, ("html",))  # a gap added to the view's
    assert not kept._BUILT
    after = _render(path)
    _forget_all()
    assert after == _render(path)


def test_the_built_in_pages_leave_the_view_as_it_is() -> None:
    env = html.environment(None)
    for name in ("brief.html.j2", "source.html.j2", "listing.html.j2"):
        template = env.get_template(name)
        assert env._leaves_as_they_are(template, template.new_context({"titles": {"changelog": ""}}).get_all())


# Edits of an archive while its brief stays as it is: a paragraph put in before the quoted ones
# (every later paragraph's number moves), a word changed outside any quote, a paragraph added at
# the end. Each changes a page, and no quote stops being found.
ARCHIVE_EDITS = [
    (b"Partnership\n\n\n", b"Partnership\n\n\nA paragraph put in before all the others.\n\n"),
    (b"Enab Baladi detailed the developments", b"Enab Baladi described the developments"),
    (b"", b"\nA paragraph added at the end.\n"),
]


@settings(deadline=None, max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, len(ARCHIVE_EDITS) - 1), min_size=1, max_size=4))
def test_a_page_rendered_after_an_archive_changed_under_an_unchanged_brief_is_the_fresh_page(
    tmp_path: Path, edits: list[int]
) -> None:
    folder = tmp_path / "brief"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(REFERENCE_BRIEF, folder)
    path, archive = folder / "brief.yaml", folder / "sources" / "s1-enab-baladi-relay-patrols.txt"
    original = archive.read_bytes()
    _forget_all()
    first = _render(path)
    made: set[int] = set()
    for number in edits:
        made ^= {number}
        text = original
        for old, new in (ARCHIVE_EDITS[n] for n in sorted(made)):
            text = text + new if not old else text.replace(old, new, 1)
        archive.write_bytes(text)
        warm = _render(path)
        assert (warm == first) == (not made)  # (each edit shows on a page: the comparison can fail)
        _forget_all()
        assert warm == _render(path)
