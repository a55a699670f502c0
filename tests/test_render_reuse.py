"""Work a render reuses from the one before (a process that renders a brief again after each save,
as `serve` does): it must give the very bytes a fresh render gives, and be done again whenever
what it is made of changes: the archived source pages, the page rendered once with its fonts,
the stylesheets, the committed versions of the history."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from briefgen.build.pipeline import render_validated
from briefgen.check.pipeline import validate_brief
from briefgen.render import compose, html, kept, parts, sources, uses
from briefgen.render.webfonts import characters
from briefgen.versions import history, matching
from support import FIXTURES, REFERENCE_BRIEF


@given(st.text())
def test_the_characters_of_a_text_are_its_set(text: str) -> None:
    assert characters(text) == frozenset(text)


def _uses(templates: dict[str, str], name: str = "page") -> uses.Analysis:
    return uses.analyse(Environment(loader=DictLoader(templates)), name)


def test_the_built_in_source_page_reads_four_fields_of_the_brief() -> None:
    found = uses.analyse(html.environment(None), "source.html.j2")
    assert found.parts("brief") == {"title", "generator", "stamp", "marking"}
    assert {template.name for template in found.templates} == {"source.html.j2", "_macros.html.j2"}


def test_parts_read_by_a_fixed_name_are_found_through_includes() -> None:
    found = _uses({"page": "{{ brief.title }}{% include 'part' %}", "part": "{{ brief['date'] }}"})
    assert found.parts("brief") == {"title", "date"}


@pytest.mark.parametrize(
    "source",
    [
        "{{ brief }}",  # written whole
        "{% for key in brief %}{{ key }}{% endfor %}",  # iterated
        "{{ brief.items() }}",  # a method of dict's, not a key
        "{{ m(brief) }}",  # passed on
        "{% set b = brief %}{{ b.title }}",  # under another name
        "{{ brief|tojson }}",  # filtered
    ],
)
def test_a_variable_used_whole_has_no_parts(source: str) -> None:
    assert _uses({"page": source}).parts("brief") is None


@pytest.mark.parametrize(
    "source",
    [
        "{% include name %}",  # a template named by an expression
        "{% autoescape false %}{{ csp }}{% endautoescape %}",
    ],
)
def test_a_template_that_cannot_be_read_ahead_is_not(source: str) -> None:
    assert _uses({"page": source}).uses is None


WRITTEN = '<style>{% if css.fonts is defined %}{{ css.fonts }}{% endif %}</style><meta content="{{ csp }}">'


@pytest.mark.parametrize(
    ("source", "once"),
    [
        (WRITTEN, True),
        ("{{ css.fonts|length }}" + WRITTEN, False),
        ("{{ csp|upper }}" + WRITTEN, False),
        ("{% macro f() %}{{ csp }}{% endmacro %}{{ f()|upper }}" + WRITTEN, False),
        ("{% filter upper %}" + WRITTEN + "{% endfilter %}", False),
        ("{% set kept %}{{ css.fonts }}{% endset %}" + WRITTEN, False),
        ("{% for name in css %}{{ name }}{% endfor %}" + WRITTEN, False),
    ],
)
def test_a_page_is_rendered_once_only_when_it_writes_the_fonts_and_policy_as_they_are(source: str, once: bool) -> None:
    env = Environment(loader=DictLoader({"page.html.j2": source}), autoescape=True)
    assert html._written_as_they_are(env, "page.html.j2") is once


def test_the_built_in_pages_are_rendered_once() -> None:
    env = html.environment(None)
    assert html._written_as_they_are(env, "brief.html.j2")
    assert html._written_as_they_are(env, "source.html.j2")


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "brief")
    return tmp_path / "brief" / "brief.yaml"


def _fresh(path: Path, templates: Path | None = None) -> dict[str, bytes]:
    """The brief's HTML files rendered with nothing kept from a render before."""
    kept.forget()
    sources._PAGES.clear()
    html._STYLESHEETS.clear()
    html.environment.cache_clear()
    return render_validated(validate_brief(path), templates, ("html",)).files


def _again(path: Path, templates: Path | None = None) -> dict[str, bytes]:
    return render_validated(validate_brief(path), templates, ("html",)).files


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_save_renders_the_source_pages_again_only_when_they_change(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    first = _fresh(path)
    pages = len(sources._PAGES)
    assert pages == sum(1 for name in first if name.startswith("sources/"))
    _edit(path, "Russia will very likely still operate", "Russia will very likely still (edited) operate")
    edited = _again(path)
    assert len(sources._PAGES) == pages  # each source page reused: a judgment is not on them
    assert edited == _fresh(path)
    assert edited["index.html"] != first["index.html"]
    _edit(path, "title: ", "title: Edited ")  # the brief's title is on every source page
    retitled = _again(path)
    assert len(sources._PAGES) == 2 * pages
    assert retitled == _fresh(path)
    assert all(b"Edited " in data for name, data in retitled.items() if name.startswith("sources/"))


def test_a_source_page_override_that_reads_more_of_the_brief_is_rendered_again(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    own = (html.BUILTIN_TEMPLATES / "source.html.j2").read_text(encoding="utf-8")
    (templates / "source.html.j2").write_text(
        own.replace("</header>", "<p>{{ brief.key_judgments[0].statement }}</p></header>"), encoding="utf-8"
    )
    _fresh(path, templates)
    _edit(path, "Russia will very likely still operate", "Russia will very likely still (edited) operate")
    edited = _again(path, templates)
    assert b"(edited)" in edited["sources/S1.html"]
    assert edited == _fresh(path, templates)


def test_an_override_that_uses_the_policy_otherwise_is_rendered_twice_and_the_same(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    own = (html.BUILTIN_TEMPLATES / "brief.html.j2").read_text(encoding="utf-8")
    (templates / "brief.html.j2").write_text(own.replace("</body>", "{{ csp|length }}</body>"), encoding="utf-8")
    assert not html._written_as_they_are(html.environment(templates), "brief.html.j2")
    page = _fresh(path, templates)["index.html"].decode("utf-8")
    (policy,) = [part for part in page.split('"') if part.startswith("default-src")]
    assert f"{len(policy.replace('&#39;', chr(39)))}</body>" in page
    assert "font-src data:" in policy


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=b", "-c", "user.email=b@example.invalid"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)


def test_the_committed_versions_kept_give_the_history_a_fresh_read_gives(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "minimal")
    path = tmp_path / "minimal" / "brief.yaml"
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "one")
    _edit(path, 'version: "', 'version: "2')
    _git(tmp_path, "commit", "-q", "-am", "two")
    repo = history.Repository(tmp_path)

    def read(current: bool) -> history.History:
        brief = validate_brief(path).context
        assert brief is not None
        return history.history_of(repo, "minimal/brief.yaml", current=brief.brief if current else None)

    history._COMMITTED.clear()
    before = read(False)
    _edit(path, "likelihood: likely", "likelihood: very likely")
    kept = read(True)  # from the committed versions kept, and the working tree's copy
    again = read(True)  # the kept ones were not changed by going on from them
    history._COMMITTED.clear()
    assert kept == again == read(True)
    assert len(kept.versions) == len(before.versions) + 1


# An edit of each kind of item, renames of items nothing refers to, and of one an assumption
# refers to (its content in the committed versions is then matched in the new terms).
EDITS = [
    ("title: Russia's return", "title: Edited Russia's return"),
    ("Russia will very likely still operate", "Russia will very likely still (edited) operate"),
    ("title: Limited return anchored at the bases", "title: Limited return anchored at both bases"),
    ("Damascus gets army maintenance", "Damascus gets army upkeep"),
    ("title: Russian military police posts in the south", "title: Russian military police in the south"),
    ("Keeping Tartus and Hmeimim is Russia's overriding aim", "Keeping Tartus and Hmeimim is Russia's main aim"),
    ("The terms under review for the Russian bases", "The terms under review of the Russian bases"),
    ("title: Russia Revives Military Patrols in Syria", "title: Russia Revives Patrols in Syria"),
    ("  - id: G4\n", "  - id: G9\n"),
    ("  - id: IM5\n", "  - id: IM9\n"),
    ("IND16", "IND17"),
    ("  - id: A5\n", "  - id: A9\n"),  # the assumption that refers to IND16, now IND17
]


def test_the_changes_after_each_edit_are_those_a_fresh_render_finds(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _git(tmp_path, "init", "-q")
    _edit(path, "Russia will very likely still", "Russia will likely still")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "one")
    _edit(path, "Russia will likely still", "Russia will very likely still")
    _git(tmp_path, "commit", "-q", "-am", "two")

    def fresh() -> dict[str, bytes]:
        history._COMMITTED.clear()
        return _fresh(path)

    before = fresh()
    for old, new in EDITS:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        edited = _again(path)
        assert edited["index.html"] != before["index.html"], old
        assert edited == fresh(), old
        before = edited
    page = before["index.html"].decode("utf-8")
    assert "G9" in page and "IM9" in page and "IND17" in page
    assert (
        '<strong class="item-id-gone">IND16</strong> is now <a class="item-link" href="#item-IND17">IND17</a>.' in page
    )
    assert '<strong class="item-id-gone">A5</strong> is now <a class="item-link" href="#item-A9">A9</a>.' in page


def test_the_characters_of_a_brief_counted_item_by_item_are_those_of_a_walk(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    for old, new in [("", ""), *EDITS]:
        _edit(path, old, new)
        context = validate_brief(path).context
        assert context is not None
        data = matching.plain(context.brief)
        assert matching.plain_characters(data) == matching.characters(data) > 10_000, old


def test_a_link_to_an_item_is_worked_out_once_and_a_new_object_each_time() -> None:
    context = validate_brief(REFERENCE_BRIEF / "brief.yaml").context
    assert context is not None
    first, again = compose.item_link(context, "KJ1"), compose.item_link(context, "KJ1")
    assert first == again == compose._item_link(context, "KJ1") and first is not again
    assert first["href"] == "#item-KJ1"


def test_the_content_of_a_committed_item_is_kept_for_the_renames_it_was_read_in() -> None:
    item = {"id": "A5", "statement": "Russia keeps its bases.", "rating": "solid", "indicators": ["IND16"]}
    empty: dict[str, dict[str, matching.Plain]] = {"assumptions": {}}
    renamed = matching.Matching(empty, empty, renames={"IND16": "IND17"})
    assert '"IND16"' in matching._mapped_content("assumptions", item, matching.Matching(empty, empty))
    found = matching._mapped_content("assumptions", item, renamed)
    assert found == matching._content(matching.mapped("assumptions", item, renamed))
    assert '"IND17"' in found


def test_what_matching_keeps_of_an_earlier_version_goes_with_it() -> None:
    # `history` reads its versions one after another: what matching keeps of one must not
    # outlive it, or memory grows with the number of versions.
    import gc
    import weakref

    def brief() -> Any:
        context = validate_brief(FIXTURES / "rich" / "brief.yaml").context
        assert context is not None
        return context.brief

    before, after = brief(), brief()
    found = matching.match_items(before, after)
    # (With no rename, matching compares the items' own contents; in a rename's terms it keeps them.)
    item = next(iter(found.before["key_judgments"].values()))
    matching._mapped_content("key_judgments", item, found)
    assert found.kept and found.kept is matching._kept(before)
    kept = weakref.ref(before)
    del before, found
    gc.collect()
    assert kept() is None


@given(st.text(), st.text(), st.booleans())
def test_the_characters_of_a_page_rendered_once_are_those_of_the_page_made(
    before: str, after: str, policy: bool
) -> None:
    pieces = [before, html._POLICY if policy else "", str(html._FONTS), after]
    written = parts.written(pieces)
    csp = "default-src 'none'; style-src 'sha256-x'"
    assert html._characters(written, csp) == characters(html._put(written, Markup(""), csp))
    assert html._characters(parts.Unjoined(pieces), csp) == html._characters(written, csp)  # not joined


@given(st.lists(st.text() | st.sampled_from(["policy", "fonts"]), max_size=6), st.text(), st.integers(0, 6))
def test_a_page_in_parts_put_together_piece_by_piece_is_the_page_made_then_encoded(
    pieces: list[str], fonts: str, cut: int
) -> None:
    """The stand-ins in the page's own pieces or in a part's, each part's UTF-8 made before."""
    stand_ins = {"policy": html._POLICY, "fonts": str(html._FONTS)}
    made = [stand_ins.get(piece, piece) for piece in pieces]
    part = parts.written(made[:cut])
    part.utf8()
    page = parts.written([part, *made[cut:]])
    csp = "default-src 'none'; style-src 'sha256-x' <&>"
    encoded = html._put(page, Markup(fonts), csp).encode("utf-8")
    assert html._put_encoded(page, Markup(fonts), csp) == encoded
    assert html._put_encoded(parts.Unjoined([part, *made[cut:]]), Markup(fonts), csp) == encoded  # not joined


@given(st.text(), st.text(), st.text(), st.booleans(), st.booleans())
def test_a_page_put_together_in_utf8_is_the_page_made_then_encoded(
    before: str, after: str, fonts: str, policy: bool, twice: bool
) -> None:
    stand_ins = [html._POLICY if policy else "", str(html._FONTS)] * (2 if twice else 1)
    page = before + "".join(stand_ins) + after
    csp = "default-src 'none'; style-src 'sha256-x' <&>"
    assert html._put_encoded(page, Markup(fonts), csp) == html._put(page, Markup(fonts), csp).encode("utf-8")
