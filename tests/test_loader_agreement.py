"""The loader's two YAML builders agree: on every document the fast one (`_plain_data`, no
positions) accepts, the located one (`_Builder`, which reports every problem with its place)
finds no problem and builds the same data and the same line map (which, for such a document,
`_plain_positions` makes from the trail `_plain_data` leaves, without parsing it again).

The fast path exists for speed (most briefs are plain mappings, lists and scalars); this
property, on generated YAML that mixes every scalar style, flow and block collections, comments,
the core schema's look-alikes (`no`, `~`, `0x1F`, `1_000`, dates) and things only the located
builder accepts or refuses (anchors, aliases, tags, duplicate keys, escapes of control
characters, syntax errors), is what lets the two stand side by side.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.load.document import LineMap, _Builder, _plain_data, load_text

# Words a plain scalar may be, the core schema's look-alikes among them, and a few that are no
# plain scalar at all (a syntax error for both builders, or text with a colon).
_TOKENS = st.sampled_from(
    [
        "Tartus", "a b", "é à", "no", "yes", "on", "Off", "true", "False", "null", "Null", "~", "",
        "0", "-1", "+7", "0x1F", "0o17", "017", "1_000", "3.5", ".inf", "-.INF", ".nan", "1e3",
        "2026-01-02", "2026-1-2", "12:30", "x: y", "a #b", "-", "?", "@x", "%", "'q'", '"q"',
        "[1]", "{a}", "a]", "very likely", "S1", "KJ1",
    ]
)  # fmt: skip
_TEXT = st.text(
    alphabet=st.sampled_from(list("abc é'\"\\:#-[]{},&*!|>%@`\t") + ["\u00a0", "\u2019", "\x07"]), max_size=12
)
_ESCAPES = st.sampled_from(["\\t", "\\n", "\\u00e9", "\\x41", "\\0", "\\e", '\\"', "\\\\", "\\ ", "\\N"])
_KEYS = st.one_of(
    st.sampled_from(["id", "title", "no", "1", "key_judgments", "a b", "x"]),
    _TOKENS.filter(lambda token: token not in ("", "?", "-") and ":" not in token and "#" not in token),
)


def _single(text: str) -> str:
    return "'" + text.replace("'", "''").replace("\n", " ") + "'"


def _double(parts: list[str]) -> str:
    return '"' + "".join(parts) + '"'


@st.composite
def _scalar(draw: st.DrawFn, indent: int) -> str:
    """A scalar in one of YAML's styles, as written after `key: ` or `- ` at `indent`."""
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "literal", "folded", "lines"]))
    if style == "plain":
        return draw(_TOKENS)
    if style == "lines":  # a plain or quoted scalar that goes on over the next lines
        words = draw(st.lists(st.sampled_from(["Tartus", "a b", "é à", "S1", "no"]), min_size=2, max_size=3))
        joined = ("\n" + " " * (indent + 2)).join(words)
        return draw(st.sampled_from([joined, f"'{joined}'", f'"{joined}"']))
    if style == "single":
        return _single(draw(_TEXT))
    if style == "double":
        parts = draw(st.lists(st.one_of(_TEXT.map(lambda t: t.replace("\\", "").replace('"', "")), _ESCAPES)))
        return _double(parts)
    chomp = draw(st.sampled_from(["", "-", "+"]))
    lines = draw(st.lists(_TEXT.map(lambda t: t.replace("\t", " ").rstrip()), min_size=1, max_size=3))
    pad = " " * (indent + 2)
    return ("|" if style == "literal" else ">") + chomp + "\n" + "\n".join(pad + line for line in lines)


_FLOW_SCALAR = st.one_of(
    _TOKENS.filter(lambda t: not any(c in t for c in ",[]{}#:")),
    _TEXT.map(_single),
)
_FLOW = st.recursive(
    _FLOW_SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_KEYS, inner), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
        ),
    ),
    max_leaves=6,
)
_EXTRA = st.sampled_from(["", "", "", "  # a comment", " &anchor", " !!str", " *anchor", " !custom"])


@st.composite
def _block(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A block mapping at `indent`, whose values are scalars, flow collections or nested blocks."""
    pad = " " * indent
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(_KEYS)
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "map", "list"] if depth < 3 else ["scalar", "flow"]))
        extra = draw(_EXTRA)
        if kind == "scalar":
            lines.append(f"{pad}{key}: {draw(_scalar(indent))}{extra if extra.startswith('  #') else ''}")
        elif kind == "flow":
            lines.append(f"{pad}{key}: {draw(_FLOW)}{extra}")
        elif kind == "map":
            lines.append(f"{pad}{key}:{extra if extra.startswith(' &') or extra.startswith('  #') else ''}")
            lines.append(draw(_block(indent + 2, depth + 1)))
        else:
            lines.append(f"{pad}{key}:")
            for _ in range(draw(st.integers(0, 3))):
                if draw(st.booleans()):
                    lines.append(f"{pad}  - {draw(_scalar(indent + 2))}")
                else:
                    nested = draw(_block(indent + 4, depth + 1))
                    lines.append(f"{pad}  - " + nested[indent + 4 :])
    return "\n".join(lines)


_DOCUMENTS = st.tuples(
    st.sampled_from(["", "", "%YAML 1.2\n---\n", "---\n", "# a brief\n"]),
    _block(),
    st.sampled_from(["\n", "\n", "", "\n...\n", "\n---\nb: 1\n", "\n\n# end\n"]),
    st.sampled_from(["\n", "\n", "\r\n"]),  # the line breaks: LF, or Windows' CR LF
).map(lambda parts: "".join(parts[:3]).replace("\n", parts[3]))


def _line_map(lines: LineMap) -> tuple[object, ...]:
    return (lines.values, lines.keys, lines.texts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_DOCUMENTS)
@example("a: 1\nb: [x, y]\nc: {d: no}\n")
@example("a: &x 1\nb: *x\n")  # an alias: the located builder's
@example("a: 1\na: 2\n")  # a duplicate key: the located builder reports it
@example('a: "\\0"\n')  # a control character written as an escape
def test_the_fast_builder_agrees_with_the_located_one(text: str) -> None:
    located = _Builder(text, "brief.yaml").build()
    fast = _plain_data(text)
    if fast is None:  # left to the located builder, which is what load_text returns
        loaded = load_text(text.encode("utf-8"), "brief.yaml")
        assert (loaded.data, loaded.diagnostics) == (located.data, located.diagnostics)
        return
    assert located.diagnostics == [], text
    assert fast[0] == located.data, text
    # The line map of a text the fast builder took, from the trail it left of it.
    assert _line_map(LineMap.of_text(text, fast[2])) == _line_map(located.lines), text
    assert _line_map(load_text(text.encode("utf-8"), "brief.yaml").lines) == _line_map(located.lines), text


def test_the_generator_reaches_both_builders() -> None:
    """Both outcomes occur in what the property is given (else it would prove little)."""
    seen = set()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_DOCUMENTS)
    def look(text: str) -> None:
        fast = _plain_data(text)
        seen.add("fast" if fast is not None else "located")

    look()
    assert seen == {"fast", "located"}
