"""A page rendered in parts (`briefgen.render.parts`): a part is written again only while its
templates and every input it reads are the same, and the page is the one Jinja renders whole."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, FileSystemLoader, StrictUndefined

from briefgen.build.pipeline import render_validated
from briefgen.check.pipeline import validate_brief
from briefgen.render import html, kept, parts, sources
from support import REFERENCE_BRIEF

PAGE = "{% import 'macros' as m %}<h1>{{ data.title }}</h1>{% include 'part' %}<p>{{ data.note }}</p>"
MACROS = "{% macro shout(text) %}{{ text|upper }}!{% endmacro %}"


def _pair(part: str, page: str = PAGE) -> tuple[parts.PartsEnvironment, Environment]:
    """The same templates in an environment that renders in parts and in Jinja's own."""
    templates = {"page": page, "part": part, "macros": MACROS}
    options: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined}
    return parts.PartsEnvironment(loader=DictLoader(templates), **options), Environment(
        loader=DictLoader(templates), **options
    )


def _render(env: Environment, **context: Any) -> str:
    return env.get_template("page").render(context)


# No deadline: the first example pays Jinja's compiling of the templates, which a loaded machine
# can stretch past hypothesis's 200 ms (seen once); the property is about the pages, not their time.
@settings(deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"title": st.text(max_size=5), "note": st.text(max_size=5), "items": st.lists(st.text(max_size=3))}
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_page_in_parts_is_the_page_jinja_renders(datas: list[dict[str, Any]]) -> None:
    part = "{% for item in data['items'] %}{{ m.shout(item) }}{{ loop.index }}{% endfor %}{{ data.title.split(' ')|length }}"
    in_parts, whole = _pair(part)
    for data in datas:
        assert _render(in_parts, data=data) == _render(whole, data=data)


pieces = st.recursive(st.text(max_size=8), lambda inner: st.lists(inner, max_size=4).map(parts.written), max_leaves=12)


@given(st.lists(pieces, max_size=6))
def test_what_is_written_counts_its_characters_those_of_parts_once(written: list[str]) -> None:
    page = parts.written(written)
    assert page == "".join(written)
    assert page.characters == frozenset(page)
    unjoined = parts.Unjoined(written)
    assert (unjoined.text(), unjoined.characters) == (page, page.characters)
    assert b"".join(unjoined.utf8_pieces()) == page.encode("utf-8")


@given(st.lists(pieces, max_size=6))
def test_the_characters_of_long_pieces_kept_by_their_text_are_those_of_the_page(written: list[str]) -> None:
    """With every piece of four characters or more long (as a page's stylesheets are), whose
    characters are kept by its text, the page's characters are still its own."""
    long, parts._LONG = parts._LONG, 4
    try:
        page = parts.written(written)
        again = parts.written(written)
    finally:
        parts._LONG = long
    assert page.characters == again.characters == frozenset(page)


@given(st.lists(pieces, max_size=6), st.booleans())
def test_what_is_written_in_utf8_is_its_text_encoded(written: list[str], parts_first: bool) -> None:
    """Each part encoded once, before the page or with it, the page's bytes are its text's."""
    if parts_first:
        for piece in written:
            if isinstance(piece, parts.Written):
                piece.utf8()
    page = parts.written(written)
    assert page.utf8() == page.encode("utf-8")
    assert page.utf8() == page.encode("utf-8")  # kept, the same


def test_a_page_in_parts_counts_the_characters_jinja_writes() -> None:
    in_parts, whole = _pair("{{ data.title }}é")
    parts._PARTS.clear()
    for title in ("a", "b", "a"):
        page = in_parts.render_written(in_parts.get_template("page"), {"data": {"title": title, "note": "ü"}})
        assert page == _render(whole, data={"title": title, "note": "ü"})
        assert page.characters == frozenset(page)


def test_a_part_is_written_again_while_what_it_reads_is_the_same() -> None:
    in_parts, _ = _pair("{{ data.title }}|{{ m.shout(data.title) }}")
    parts._PARTS.clear()
    assert _render(in_parts, data={"title": "a", "note": "1"}) == "<h1>a</h1>a|A!<p>1</p>"
    assert _render(in_parts, data={"title": "a", "note": "2"}) == "<h1>a</h1>a|A!<p>2</p>"
    assert len(parts._PARTS) == 1  # the note is not read by the part
    assert _render(in_parts, data={"title": "b", "note": "2"}) == "<h1>b</h1>b|B!<p>2</p>"
    assert len(parts._PARTS) == 2


def test_parts_are_told_apart_by_content_not_identity() -> None:
    in_parts, _ = _pair("{% for item in data['items'] %}{{ item }}{% endfor %}")
    data = {"title": "t", "note": "n", "items": ["x"]}
    assert _render(in_parts, data=data) == "<h1>t</h1>x<p>n</p>"
    data["items"].append("y")  # the same object, changed
    assert _render(in_parts, data=data) == "<h1>t</h1>xy<p>n</p>"


@pytest.mark.parametrize(
    "part",
    [
        "{{ data['items'].pop() }}",  # a method of the view's: it may change it
        "{{ data.get('title') }}{{ data['items'].pop() }}",
        "{{ (data['items']|attr('pop'))() }}",  # a call of something computed
    ],
)
def test_a_part_that_may_change_its_inputs_is_rendered_every_time(part: str) -> None:
    in_parts, whole = _pair(part)
    parts._PARTS.clear()
    data, same = {"title": "t", "note": "n", "items": ["a", "b"]}, {"title": "t", "note": "n", "items": ["a", "b"]}
    for _ in range(2):
        assert _render(in_parts, data=data) == _render(whole, data=same)
    assert not parts._PARTS


def test_a_part_that_changes_a_namespace_of_the_page_is_rendered_every_time() -> None:
    page = "{% set ns = namespace(count=0) %}{% include 'part' %}{% include 'part' %}{{ ns.count }}"
    in_parts, whole = _pair("{% set ns.count = ns.count + 1 %}.", page)
    for _ in range(2):
        assert _render(in_parts) == _render(whole) == "..2"


def test_a_part_whose_template_changes_on_disk_is_rendered_again(tmp_path: Path) -> None:
    (tmp_path / "page").write_text("{% include 'part' %}", encoding="utf-8")
    part = tmp_path / "part"
    part.write_text("one {{ word }}", encoding="utf-8")
    env = parts.PartsEnvironment(loader=FileSystemLoader(str(tmp_path)))
    assert env.get_template("page").render(word="w") == "one w"
    part.write_text("two {{ word }}", encoding="utf-8")
    os.utime(part, (1, 1))  # another modification time, however fast the test runs
    assert env.get_template("page").render(word="w") == "two w"


def test_a_page_loads_each_template_once_and_the_next_page_sees_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page").write_text("{% include 'part' %}{% include 'part' %}", encoding="utf-8")
    part = tmp_path / "part"
    part.write_text("one {{ word }}", encoding="utf-8")
    env = parts.PartsEnvironment(loader=FileSystemLoader(str(tmp_path)))
    loads: list[str] = []
    load = Environment.get_template

    def counted(self: Environment, name: Any, *args: Any) -> Any:
        loads.append(name)
        return load(self, name, *args)

    monkeypatch.setattr(Environment, "get_template", counted)
    assert env.render_written(env.get_template("page"), {"word": "w"}) == "one wone w"
    assert loads == ["page", "part"]  # the part's two includes and its analyses: one load
    part.write_text("two {{ word }}", encoding="utf-8")
    os.utime(part, (1, 1))  # another modification time, however fast the test runs
    assert env.render_written(env.get_template("page"), {"word": "w"}) == "two wtwo w"
    assert env._page is None


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "brief")
    return tmp_path / "brief" / "brief.yaml"


def _render_brief(path: Path, templates: Path | None = None, fresh: bool = False) -> dict[str, bytes]:
    if fresh:
        kept.forget()
        parts._PARTS.clear()
        sources._PAGES.clear()
        html._STYLESHEETS.clear()
        html.environment.cache_clear()
    return render_validated(validate_brief(path), templates, ("html",)).files


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_of_a_judgment_renders_again_only_the_parts_that_show_it(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _render_brief(path, fresh=True)
    before = set(parts._PARTS)
    _edit(path, "Russia will very likely still operate", "Russia will very likely still (edited) operate")
    edited = _render_brief(path)
    again = sorted(key[0][0].name for key in set(parts._PARTS) - before)
    assert again == ["_discussion.html.j2", "_judgment.html.j2", "_summary.html.j2"]  # the judgment's alone
    assert edited == _render_brief(path, fresh=True)
    assert b"still (edited) operate" in edited["index.html"]


def test_an_override_of_a_part_that_reads_more_is_rendered_again_when_that_changes(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    own = (html.BUILTIN_TEMPLATES / "_annex.html.j2").read_text(encoding="utf-8")
    (templates / "_annex.html.j2").write_text(
        own.replace("</h2>", "</h2><p>{{ key_judgments[0].statement }}</p>", 1), encoding="utf-8"
    )
    _render_brief(path, templates, fresh=True)
    _edit(path, "Russia will very likely still operate", "Russia will very likely still (edited) operate")
    edited = _render_brief(path, templates)
    assert edited["index.html"].count(b"still (edited) operate") == 3  # the summary, the discussion, the annex
    assert edited == _render_brief(path, templates, fresh=True)


@pytest.mark.parametrize("reference", ["{% include 'leaf' %}", "{% import 'leaf' as other %}{{ other }}"])
def test_a_part_calling_a_macro_that_reaches_another_template_sees_that_template_as_it_is(reference: str) -> None:
    """A macros template kept as it was may include or import one that changed: a part calling
    its macros is then rendered every time, so it writes what that other template holds now."""
    templates = {
        "page": "{% import 'macros' as m %}{% include 'part' %}",
        "macros": "{% macro f() %}" + reference + "{% endmacro %}",
        "part": "{{ m.f() }}",
        "leaf": "A",
    }
    in_parts, whole = parts.PartsEnvironment(loader=DictLoader(templates)), Environment(loader=DictLoader(templates))
    parts._PARTS.clear()
    first = _render(in_parts)
    templates["leaf"] = "B"
    assert (first, _render(in_parts)) == (_render(whole).replace("B", "A"), _render(whole))
    assert {key[0][0].name for key in parts._PARTS} <= {"leaf"}  # (the leaf is a part of its own)
