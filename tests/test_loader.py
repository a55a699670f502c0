"""The loader: plain YAML values with their positions, and every way a file can fail to load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.load.document import MAX_BYTES, MAX_DEPTH, MAX_NODES, LineMap, load_brief, load_text


def load(text: str | bytes):
    return load_text(text.encode("utf-8") if isinstance(text, str) else text, "brief.yaml")


def only(text: str | bytes) -> tuple[str, str, int | None, int | None]:
    """The one diagnostic a file that fails to load gets: code, message, line, column."""
    loaded = load(text)
    assert loaded.data is None
    [found] = loaded.diagnostics
    assert found.file == "brief.yaml" and found.hint
    return found.code, found.message, found.line, found.column


# Values: the YAML 1.2 core schema, nothing constructed.


def test_values_follow_the_yaml_1_2_core_schema() -> None:
    loaded = load(
        "a: no\nb: yes\nc: on\nd: 012\ne: 0o17\nf: 0x1F\ng: 1e3\nh: ~\ni: 2026-01-31\nj: true\nk: .inf\n"
        "l: -7\nm: '12'\nn:\n"
    )
    assert loaded.diagnostics == []
    assert loaded.data == {
        "a": "no",
        "b": "yes",
        "c": "on",
        "d": 12,
        "e": 15,
        "f": 31,
        "g": 1000.0,
        "h": None,
        "i": "2026-01-31",
        "j": True,
        "k": float("inf"),
        "l": -7,
        "m": "12",
        "n": None,
    }


def test_standard_tags_are_honoured() -> None:
    loaded = load(
        'a: !!str 12\nb: !!int "12"\nc: !!float "1.5"\nd: !!bool "true"\ne: !!null ""\n'
        "f: !!map {x: 1}\ng: !!seq [1]\nh: !!timestamp 2026-01-31\n"
    )
    assert loaded.data == {
        "a": "12",
        "b": 12,
        "c": 1.5,
        "d": True,
        "e": None,
        "f": {"x": 1},
        "g": [1],
        "h": "2026-01-31",
    }


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a: !!python/object/apply:os.system [echo pwned]\n", "'!!python/object/apply:os.system'"),
        ("a: !!python/name:os.system\n", "'!!python/name:os.system'"),
        ("a: !!set {x: null}\n", "'!!set'"),
        ("a: !!binary aGk=\n", "'!!binary'"),
        ("a: !!omap [x: 1]\n", "'!!omap'"),
        ("a: !custom x\n", "'!custom'"),
        ("a: !<%1b%5b2J> x\n", "'\\x1b[2J'"),
    ],
)
def test_non_standard_tags_are_refused_before_anything_is_built(text: str, shown: str) -> None:
    assert only(text) == ("BG105", f"tag {shown} is not allowed in a brief", 1, 4)


def test_a_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    assert only(f"a: !!python/object/apply:os.system ['touch {marker}']\n")[0] == "BG105"
    assert not marker.exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: !!bool maybe\n", "'maybe' is not a valid !!bool"),
        ("a: !!int twelve\n", "'twelve' is not a valid !!int"),
        ("a: !!float x\n", "'x' is not a valid !!float"),
        ("a: !!null nothing\n", "'nothing' is not a valid !!null"),
    ],
)
def test_a_standard_tag_on_a_value_it_cannot_describe_is_refused(text: str, message: str) -> None:
    assert only(text) == ("BG105", message, 1, 4)


# Positions.


def test_every_value_and_key_has_its_line_and_column() -> None:
    loaded = load("a: 1\nlist:\n  - id: X\n    deep: {k: v}\n  - plain\n")
    lines = loaded.lines
    assert lines.value(("a",)) == (1, 4)
    assert lines.key(("list",)) == (2, 1)
    assert lines.value(("list", 0)) == (3, 5)
    assert lines.key(("list", 0, "id")) == (3, 5)
    assert lines.value(("list", 0, "id")) == (3, 9)
    assert lines.value(("list", 0, "deep", "k")) == (4, 15)
    assert lines.value(("list", 1)) == (5, 5)


def test_an_unknown_path_falls_back_to_its_nearest_located_ancestor() -> None:
    lines = load("a:\n  b: 1\n").lines
    assert lines.value(("a", "b", "c", 3)) == (2, 6)
    assert lines.key(("a", "missing")) == (2, 3)
    assert lines.value(("nowhere",)) == (1, 1)


def test_positions_are_right_with_windows_line_endings() -> None:
    loaded = load("a: 1\r\nb:\r\n  - x\r\n")
    assert loaded.data == {"a": 1, "b": ["x"]}
    assert loaded.lines.value(("b", 0)) == (3, 5)


def test_columns_count_characters_not_bytes() -> None:
    assert load("é: [ü, x]\n").lines.value(("é", 1)) == (1, 8)


@pytest.mark.parametrize(
    "text, position",
    [
        ("k: see [@S9] here\n", (1, 9)),  # plain, one line
        ("k: 'see [@S9] here'\n", (1, 10)),  # single-quoted
        ('k: "see [@S9] here"\n', (1, 10)),  # double-quoted, no escapes
        ("k: é [@S9]\n", (1, 7)),  # after a non-ASCII character
        ("k: |\n  first\n   second [@S9]\n\n  x\n", (3, 12)),  # literal block, second line
        ("k: |\n  first [@S9]\n", (2, 10)),
    ],
)
def test_a_character_of_a_verbatim_text_has_its_own_position(text: str, position: tuple) -> None:
    loaded = load(text)
    assert loaded.lines.char(("k",), loaded.data["k"].index("@S9")) == position


@pytest.mark.parametrize(
    "text",
    [
        'k: "see \\u0041 [@S9]"\n',  # an escape: offsets no longer match columns
        "k: 'it''s [@S9]'\n",  # a doubled quote
        "k: >\n  folded\n  text [@S9]\n",  # folded block: line breaks became spaces
        "k: plain\n  continued [@S9]\n",  # multi-line plain scalar, folded too
    ],
)
def test_a_text_not_written_verbatim_is_located_at_its_start(text: str) -> None:
    loaded = load(text)
    offset = loaded.data["k"].index("@S9")
    assert loaded.lines.char(("k",), offset) == loaded.lines.value(("k",))


# Duplicate keys, aliases, nesting, documents.


def test_a_duplicate_key_names_where_the_first_one_is() -> None:
    assert only("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\n") == (
        "BG104",
        "duplicate key 'x' (first at line 3, column 3)",
        5,
        3,
    )


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert load("a: {x: 1}\nb: {x: 2}\n").data == {"a": {"x": 1}, "b": {"x": 2}}


def test_a_duplicate_key_with_invisible_characters_is_shown_escaped() -> None:
    code, message, _, _ = only('"a\\nb\\u202e": 1\n"a\\nb\\u202e": 2\n')
    assert (code, message) == ("BG104", "duplicate key 'a\\nb\\u202e' (first at line 1, column 1)")


@pytest.mark.parametrize(
    "text, code_point, column",
    [
        ('title: "Russia\\e[2J"\n', "001B", 8),
        ('title: "a\\0b"\n', "0000", 8),
        ('"key\\x01": 1\n', "0001", 1),
        ('a: [x, "\\N"]\n', "0085", 8),
    ],
)
def test_a_control_character_written_as_an_escape_is_refused(text: str, code_point: str, column: int) -> None:
    assert only(text) == (
        "BG114",
        f"text holds the control character U+{code_point}, written as an escape such as \\0 or \\e",
        1,
        column,
    )


def test_tabs_and_line_breaks_written_as_escapes_are_text() -> None:
    assert load('a: "one\\ttwo\\nthree\\r"\n').data == {"a": "one\ttwo\nthree\r"}


def test_small_aliases_are_expanded() -> None:
    assert load("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_an_alias_bomb_is_stopped_at_the_value_limit() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for this, before in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{before}"] * 10) + "]")
    code, message, line, _ = only("\n".join(lines) + "\n")
    assert (code, message, line) == ("BG106", f"the document expands to more than {MAX_NODES:,} values", 6)


@pytest.mark.parametrize(
    "text, message, position",
    [
        ("a: *nowhere\n", "alias *nowhere refers to no anchor defined before it", (1, 4)),
        ("a: &x 1\n*x : 2\n", "an alias cannot be used as a mapping key", (2, 1)),
        ("? [a]\n: b\n", "mapping keys must be plain text, not lists or mappings", (1, 3)),
    ],
)
def test_aliases_and_keys_that_cannot_be_plain_data(text: str, message: str, position: tuple) -> None:
    assert only(text) == ("BG103", message, *position)


def test_nesting_up_to_the_limit_is_fine_and_beyond_it_is_refused() -> None:
    assert load("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n").diagnostics == []
    code, message, line, column = only("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert (code, message, line, column) == (
        "BG107",
        f"mappings and lists nest more than {MAX_DEPTH} levels deep",
        1,
        4 + MAX_DEPTH - 1,
    )


def test_deep_block_nesting_is_refused_too() -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH + 2))
    assert only(text)[0] == "BG107"


def test_a_second_document_is_refused() -> None:
    assert only("a: 1\n---\nb: 2\n") == ("BG110", "the file holds more than one YAML document", 2, 1)


# Empty files and documents that are not a mapping.


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("\n  \n", "the file is empty"),
        ("# yaml-language-server: $schema=x\n# nothing else\n", "the file holds only comments"),
        ("---\n", "the document is empty (null)"),
        ("~\n", "the document is empty (null)"),
    ],
)
def test_an_empty_file(text: str, message: str) -> None:
    assert only(text) == ("BG109", message, 1, 1)


@pytest.mark.parametrize(
    "text, what",
    [
        ("- schema_version: 1\n", "a list"),
        ("just words\n", "a single value"),
        ("42\n", "a single value"),
    ],
)
def test_a_document_that_is_not_a_mapping(text: str, what: str) -> None:
    assert only(text) == ("BG108", f"a brief must be a mapping of fields, but the document is {what}", 1, 1)


# Syntax errors.


def test_a_syntax_error_says_where_the_unfinished_construct_starts() -> None:
    assert only("a: [1, 2\nb: 3\n") == (
        "BG103",
        "did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1, column 4)",
        2,
        2,
    )


def test_a_colon_inside_a_plain_value_gets_a_hint_about_quoting() -> None:
    loaded = load("title: Russia: back\n")
    [found] = loaded.diagnostics
    assert (found.code, found.message, found.line, found.column) == (
        "BG103",
        "mapping values are not allowed in this context",
        1,
        14,
    )
    assert found.hint == "a value that contains ': ' must be quoted, or written as a block with `|`"


@pytest.mark.parametrize(
    ("text", "column", "hint"),
    [
        (
            'a: "é, then \\ud800 alone"\n',
            13,
            "\\ud800 is a lone surrogate (half of a UTF-16 pair), not a character: write the character itself, "
            "or its code point as \\U and 8 hex digits (\\U0001F600 for U+1F600)",
        ),
        (
            'a: "smile \\ud83d\\ude00"\n',
            11,
            "\\ud83d\\ude00 is a UTF-16 surrogate pair, which YAML does not read as one character: write "
            "\\U0001F600 (or the character itself)",
        ),
        (
            'a: "\\U00110000"\n',
            5,
            "\\U00110000 is past the last Unicode character, U+10FFFF: write a character's code point",
        ),
    ],
)
def test_an_escape_that_names_no_character_says_why_at_its_backslash(text: str, column: int, hint: str) -> None:
    [found] = load(text).diagnostics
    assert (found.code, found.message, found.line, found.column) == (
        "BG103",
        "found invalid Unicode character escape code (while parsing a quoted scalar)",
        1,
        column,
    )
    assert found.hint == hint


def test_tab_indentation_gets_a_hint_about_tabs() -> None:
    [found] = load("a:\n\tb: 1\n").diagnostics
    assert (found.code, found.line, found.column) == ("BG103", 2, 1)
    assert found.hint == "YAML does not allow tabs for indentation; indent with spaces"


def test_a_control_character_in_the_file_is_located() -> None:
    assert only("a: 1\né: éé\x07\n") == (
        "BG103",
        "character U+0007 is not allowed in YAML (control characters are not allowed)",
        2,
        6,
    )


# Encodings.


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert load(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_recognised_by_its_byte_order_mark(bom: bytes) -> None:
    assert only(bom + "a: 1\n".encode("utf-16-le")) == (
        "BG102",
        "file is UTF-16 (it starts with a UTF-16 byte-order mark)",
        1,
        1,
    )


@pytest.mark.parametrize(
    "raw", [b"\xff\xfe\x00\x00" + "a: 1\n".encode("utf-32-le"), b"\x00\x00\xfe\xff" + "a: 1\n".encode("utf-32-be")]
)
def test_utf32_is_recognised_by_its_byte_order_mark(raw: bytes) -> None:
    assert only(raw) == ("BG102", "file is UTF-32 (it starts with a UTF-32 byte-order mark)", 1, 1)


@pytest.mark.parametrize(
    "raw, position, offset",
    [
        ("a: 1\n".encode("utf-16-be"), (1, 1), 0),  # UTF-16 without a byte-order mark
        (b"a: 1\nb: x\x00y\n", (2, 5), 9),  # a NUL byte in a text
    ],
)
def test_a_nul_byte_means_binary_or_utf16_or_utf32(raw: bytes, position: tuple, offset: int) -> None:
    assert only(raw) == (
        "BG102",
        f"byte 0x00 at offset {offset} is a NUL byte: the file is binary, or UTF-16 or UTF-32",
        *position,
    )


def test_a_byte_that_is_not_utf8_is_located_in_characters() -> None:
    raw = "a: 1\ntitle: café ".encode() + b"r\xe9sum\xe9\n"
    assert only(raw) == ("BG102", "byte 0xe9 at offset 19 is not valid UTF-8", 2, 14)


def test_the_offset_of_a_bad_byte_counts_the_byte_order_mark() -> None:
    assert only(b"\xef\xbb\xbfa: \xff\n")[1] == "byte 0xff at offset 6 is not valid UTF-8"


# Files.


def test_load_brief_reads_a_file_and_names_it_as_displayed(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    loaded = load_brief(path, "shown/brief.yaml")
    assert (loaded.file, loaded.data, loaded.diagnostics) == ("shown/brief.yaml", {"a": 1}, [])


def test_a_file_above_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    with path.open("wb") as stream:
        stream.truncate(60 * 1024 * 1024)  # sparse: nothing is written, nothing need be read
    [found] = load_brief(path, "brief.yaml").diagnostics
    assert (found.code, found.message, found.line) == (
        "BG101",
        f"file is 62,914,560 bytes; briefs are limited to {MAX_BYTES:,} bytes",
        1,
    )


@pytest.mark.parametrize(
    "make, message",
    [
        ("nothing", "the file does not exist"),
        ("folder", "the file is a folder"),
        ("fifo", "the file is not a regular file (a device or a pipe)"),  # would block a plain open
        ("device", "the file is not a regular file (a device or a pipe)"),  # endless
        ("link", "the file is a symbolic link: briefgen reads a brief only from a regular file, never through a link"),
    ],
)
def test_only_a_regular_file_is_read(tmp_path: Path, make: str, message: str) -> None:
    path = tmp_path / "brief.yaml"
    if make == "folder":
        path.mkdir()
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "link":
        (tmp_path / "secret.yaml").write_text("password: hunter2\n", encoding="utf-8")
        path.symlink_to("secret.yaml")
    found = load_brief(Path("/dev/zero") if make == "device" else path, "brief.yaml").diagnostics
    assert [(d.code, d.message, d.line, d.hint) for d in found] == [
        ("BG111", message, None, "a brief is a regular, readable file named brief.yaml")
    ]


@pytest.mark.parametrize("folder", ["base", "minimal", "real-text", "rich", "versioned"])
def test_a_brief_without_problems_loads_as_the_located_builder_loads_it(folder: str) -> None:
    from briefgen.load.document import _Builder

    for path in sorted((Path(__file__).parent / "fixtures" / folder).rglob("brief.yaml")):
        text = path.read_text(encoding="utf-8")
        fast, located = load_text(text.encode("utf-8"), "brief.yaml"), _Builder(text, "brief.yaml").build()
        assert located.diagnostics == [] and fast.data == located.data
        assert (fast.lines.values, fast.lines.keys, fast.lines.texts) == (
            located.lines.values,
            located.lines.keys,
            located.lines.texts,
        )


def test_a_brief_is_located_from_the_trail_its_loading_left_as_by_the_located_builder() -> None:
    from briefgen.load.document import _Builder

    # A 50,000-character field among few values, and a text written with escapes (not verbatim).
    text = 'title: "x"\nbottom_line: "' + "." * 50_000 + '"\nitems:\n  - a\n  - {b: "c\\td"}\n'
    loaded = load_text(text.encode(), "brief.yaml")
    assert loaded.lines._trail is not None
    assert LineMap.of_text(text) == loaded.lines == _Builder(text, "brief.yaml").build().lines
    assert loaded.lines.value(("items", 1, "b")) == (5, 9)
    assert loaded.lines.texts[("bottom_line",)] == ((2, 15), "." * 50_000)
    assert ("items", 1, "b") not in loaded.lines.texts
    assert loaded.lines._trail is None  # dropped once the map is made
