"""The PDF's fonts for the self-contained HTML page: each face cut down to the characters the
page uses (HarfBuzz's subsetter, the one WeasyPrint uses for the PDF: some 10 ms a face where
fontTools takes a second), packed as WOFF and embedded as `data:` URIs, which the page's
Content-Security-Policy allows for fonts and nothing else.

Without libharfbuzz-subset the page carries no fonts and names the families with system
fallbacks, as it did before.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from briefgen.render.assets import FONT_FACES, FontFace, asset_path

_DECLARATIONS = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""


@dataclass(frozen=True)
class WebFace:
    """A face of the page's fonts: its family, weight and style, and its subset as a data: URI."""

    family: str
    weight: int
    style: str
    url: str


@cache
def _harfbuzz() -> tuple[Any, Any, Any] | None:
    try:
        from cffi import FFI  # type: ignore[import-untyped]  # WeasyPrint's own binding library

        ffi = FFI()
        ffi.cdef(_DECLARATIONS)
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except (ImportError, OSError):
        return None


def faces_for(chars: frozenset[str]) -> list[WebFace]:
    """Every packaged face cut to `chars`, or none without HarfBuzz."""
    return list(_faces(chars))


_ASCII = tuple(chr(code) for code in range(128))
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def characters(text: str) -> frozenset[str]:
    """The characters of `text` (`frozenset(text)`, some six times faster on a page: each ASCII
    character looked for by a search of the text, the others from what is left without them)."""
    return frozenset(_ASCII_RUNS.sub("", text)) | frozenset(char for char in _ASCII if char in text)


# By the set of characters alone: a page rendered again after a save (serve) almost always uses
# the same characters, and cutting and packing the ten faces is most of rendering the page.
@lru_cache(maxsize=8)
def _faces(characters: frozenset[str]) -> tuple[WebFace, ...]:
    found = _harfbuzz()
    if found is None:
        return ()
    codepoints = sorted(ord(char) for char in characters)
    faces = []
    for face in FONT_FACES:
        data = _subset(found, face, codepoints)
        if data:
            url = "data:font/woff;base64," + base64.b64encode(_woff(data)).decode("ascii")
            faces.append(WebFace(face.family, face.weight, face.style, url))
    return tuple(faces)


def _subset(harfbuzz: tuple[Any, Any, Any], face: FontFace, codepoints: list[int]) -> bytes:
    ffi, hb, subset = harfbuzz
    blob = hb.hb_blob_create_from_file_or_fail(str(asset_path(face.url)).encode())
    if blob == ffi.NULL:
        return b""
    source = hb.hb_face_create(blob, 0)
    request = subset.hb_subset_input_create_or_fail()
    try:
        wanted = subset.hb_subset_input_unicode_set(request)
        for codepoint in codepoints:
            hb.hb_set_add(wanted, codepoint)
        cut = subset.hb_subset_or_fail(source, request)
        if cut == ffi.NULL:
            return b""
        out = hb.hb_face_reference_blob(cut)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(hb.hb_blob_get_data(out, length), length[0]))
        hb.hb_blob_destroy(out)
        hb.hb_face_destroy(cut)
        return data
    finally:
        subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(source)
        hb.hb_blob_destroy(blob)


def _woff(font: bytes) -> bytes:
    """The TrueType font as WOFF (its tables compressed, copied rather than parsed)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    parsed = TTFont(io.BytesIO(font), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    parsed.flavor = "woff"
    out = io.BytesIO()
    parsed.save(out, reorderTables=False)
    return out.getvalue()
