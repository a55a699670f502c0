"""What a source file says: its text, paragraph by paragraph, and the metadata it carries.

Three kinds of file, as analysts have them: a web page saved from the browser (trafilatura takes
the article out of the navigation, menus and "Skip to main content", and reads the title, author,
site and date from its metadata), a PDF (pdfminer.six reads its text layer, one text box a
paragraph), or text (UTF-8, or an encoding charset-normalizer can name with confidence). Nothing
here touches the network: the libraries are given bytes, never a URL.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError

EXTRA = "sources"
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass(frozen=True)
class Extracted:
    """A source's text (paragraphs separated by a blank line) and what its file says about it."""

    kind: str  # "html", "pdf" or "text"
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None
    note: str | None = None  # how the text was read, when that is worth saying (an encoding)

    @property
    def paragraphs(self) -> int:
        return self.text.count("\n\n") + 1 if self.text else 0


def extract(file: Path, raw: bytes) -> Extracted:
    """The text and metadata of `raw`, the bytes of `file`; a BriefgenError says why it cannot be read."""
    if raw.startswith(b"%PDF-"):
        return _pdf(file, raw)
    suffix = file.suffix.lower()
    if suffix in _HTML_SUFFIXES or _HTML_START.match(raw[:4096]):
        return _html(file, raw)
    if b"\x00" not in raw[:8192] or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _text(file, raw)
    raise BriefgenError(
        f"{file} is none of the kinds of file briefgen archives",
        "give a web page saved from the browser (.html), a PDF, or a text file",
    )


def _missing(library: str, error: ImportError) -> BriefgenError:
    return BriefgenError(
        f"`briefgen source add` needs {library}, which cannot be imported ({error})",
        f"install briefgen's '{EXTRA}' extra: pip install 'briefgen[{EXTRA}]'",
    )


def _html(file: Path, raw: bytes) -> Extracted:
    try:
        import trafilatura
    except ImportError as error:
        raise _missing("trafilatura", error) from error
    found: Any = trafilatura.bare_extraction(  # a Document, or None (a dict only when asked for one)
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = _paragraphs((found.text or "").split("\n")) if found is not None else ""
    if not text:
        raise BriefgenError(
            f"{file} holds no article text that could be told from the page around it",
            "save the page again as 'Webpage, complete' or copy the article's text into a .txt file",
        )
    saved = _SAVED_FROM.search(raw[:4096])
    url = found.url or (saved.group(1).decode("ascii", "replace") if saved else None)
    return Extracted(
        "html",
        text,
        title=_clean(found.title),
        author=_clean(found.author),
        publisher=_publisher(found.sitename, found.hostname),
        published=_date(found.date),
        url=url if url and re.fullmatch(r"https?://\S+", url) else None,
    )


def _pdf(file: Path, raw: bytes) -> Extracted:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextContainer
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    except ImportError as error:
        raise _missing("pdfminer.six", error) from error
    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
        info = document.info[0] if document.info else {}
        blocks = [
            element.get_text()
            for page in extract_pages(io.BytesIO(raw), laparams=LAParams())
            for element in page
            if isinstance(element, LTTextContainer)
        ]
        pages = sum(1 for _ in PDFPage.create_pages(document))
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise BriefgenError(f"{file} is an encrypted PDF", "save it again without a password") from error
    except (PDFSyntaxError, Exception) as error:  # pdfminer raises many kinds on a damaged file
        raise BriefgenError(f"{file} cannot be read as a PDF ({error})", "check that the file is whole") from error
    # A box with no letter or digit (a column of bullets, a rule) is layout, not text.
    paragraphs = (_join_lines(block) for block in blocks)
    text = "\n\n".join(paragraph for paragraph in paragraphs if any(char.isalnum() for char in paragraph))
    if not text.strip():
        raise BriefgenError(
            f"{file} has no text layer: "
            + ("its page is an image of text" if pages == 1 else f"its {pages} pages are images of text"),
            "it needs OCR first (for instance `ocrmypdf in.pdf out.pdf`); then add the result",
        )
    return Extracted(
        "pdf",
        text,
        title=_clean(_pdf_string(info.get("Title"))),
        author=_clean(_pdf_string(info.get("Author"))),
    )


def _text(file: Path, raw: bytes) -> Extracted:
    from briefgen.text.encoding import decode_guessed

    note = None
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        found = decode_guessed(raw)
        if found is None:
            raise BriefgenError(
                f"{file} is not text: it reads as no known encoding",
                "give a web page saved from the browser (.html), a PDF, or a text file",
            ) from None
        if not isinstance(found, tuple):
            raise BriefgenError(
                f"{file} is not UTF-8, and its encoding cannot be told with confidence: most likely {found.described}",
                f"convert it to UTF-8 with the right encoding, e.g. `iconv -f {found.name} -t UTF-8 {file} -o "
                f"{file.stem}.utf8{file.suffix}`, check the accents, and add that file",
            ) from None
        text, guess = found
        note = f"read as {guess.name} and written as UTF-8"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "\n".join(line.rstrip() for line in lines).strip("\n")
    if not body.strip():
        raise BriefgenError(f"{file} is empty", "give the file that holds the source's text")
    heading = re.match(r"#{1,2} +(\S.*)", body) if file.suffix.lower() in (".md", ".markdown") else None
    return Extracted("text", body, title=_clean(heading.group(1)) if heading else None, note=note)


def _paragraphs(lines: list[str]) -> str:
    """Lines that are paragraphs, each once, separated by blank lines."""
    return "\n\n".join(line.strip() for line in lines if line.strip())


def _join_lines(block: str) -> str:
    """A PDF text box's lines as one paragraph. A line that ends in a hyphen keeps its line break:
    whether `sur-`/`charge` is one word or `well-`/`known` two is the reader's call (and quote
    matching accepts either)."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith(("-", "\u2010", "\u00ad")) and out[-2:-1].isalpha():
            out += "\n" + line
        else:
            out += " " + line
    return out


def _pdf_string(value: object) -> str | None:
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    if hasattr(value, "resolve"):
        value = value.resolve()
    if isinstance(value, bytes):
        decoded: str = decode_text(value)
        return decoded
    if isinstance(value, PSLiteral):
        return str(value.name)
    return value if isinstance(value, str) else None


def _publisher(sitename: str | None, hostname: str | None) -> str | None:
    """The site's name as the page states it; trafilatura falls back on the host's name (from the
    canonical URL), which the page does not say, so that stays null."""
    name = _clean(sitename)
    if name is None or (hostname and name.lower().removeprefix("www.") == hostname.lower().removeprefix("www.")):
        return None
    return None if re.fullmatch(r"[\w.-]+\.[A-Za-z]{2,}(:\d+)?|[\d.]+(:\d+)?", name) else name


def _clean(value: str | None) -> str | None:
    """Metadata as one line of printable text: no control, format or private-use characters (a
    title could carry terminal escapes, or characters YAML refuses)."""
    if not value:
        return None
    printable = "".join(char for char in value if unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cs"))
    text = " ".join(printable.split())
    return text[:500] or None


def _date(value: str | None) -> str | None:
    """A date the page carries, as YYYY-MM-DD, if it is a real calendar date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
