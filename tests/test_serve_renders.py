"""The preview worker's versions of the files it renders, and its staging of them: a file is
passed on to the server exactly when its bytes are not those of the server's copy (what comparing
their SHA-256 told before), whatever the worker remembers, and a spare written over holds the new
bytes alone."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.serve import renders
from briefgen.serve.renders import Served

_PAGES = [b"", b"<p>one</p>", b"<p>two</p>", b"<p>one</p>" * 3, b"<p>tw0</p>"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(range(len(_PAGES))), st.booleans(), st.booleans()), max_size=12))
def test_a_file_is_new_to_the_server_exactly_when_its_bytes_are_not_its_copys(
    steps: list[tuple[int, bool, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = folder / "brief.yaml"
        renders._RENDERED.pop(path, None)  # a fresh worker
        have: dict[str, bytes] = {}
        seen: dict[bytes, bytes] = {}  # the version given each page's bytes
        for page, shown, restarted in steps:
            if restarted:
                renders._RENDERED.pop(path, None)
            data = _PAGES[page]
            copy = (folder / "index.html").read_bytes() if have else None
            versions = renders._versions(path, {"index.html": data}, Served(folder, dict(have)))
            assert (versions["index.html"] == have.get("index.html")) == (copy == data)
            assert all(version != versions["index.html"] for other, version in seen.items() if other != data)
            seen[data] = versions["index.html"]
            if shown:  # as Briefs.apply: the server's copy, and its version
                (folder / "index.html").write_bytes(data)
                have = dict(versions)
        renders._RENDERED.pop(path, None)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000), st.booleans())
def test_a_staged_file_holds_the_bytes_rendered(data: bytes, before: bytes, spared: bool) -> None:
    with tempfile.TemporaryDirectory() as temp:
        staging = Path(temp)
        spare = staging / "spare"
        if spared:
            spare.write_bytes(before)
        staged = renders._stage(staging, data, str(spare))
        assert Path(staged).read_bytes() == data
        assert (staged == str(spare)) == spared
        assert sorted(staging.iterdir()) == [Path(staged)]
