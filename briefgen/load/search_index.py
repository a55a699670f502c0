"""The search index of a big archive, kept in the user's cache, so that `briefgen find` need not
read and lower 100 MB of archives for every query (that alone takes longer than `grep`).

An archive is indexed the first time it is searched, in one SQLite file of its own (the
standard library's `sqlite3`, with FTS5). The index holds where the archive's chunks start, in
bytes and characters (a chunk is a paragraph; an ASCII paragraph longer than `_CHUNK` bytes is
cut at white space), where its paragraphs start, and the distinct words (runs of letters, digits
and `_`) of each chunk in the form `briefgen.text.search` looks for them: the lowered bytes of
an ASCII text, the normalised text of any other (also with its line-break hyphens taken out).
Every distinct word is also kept once, in the vocabulary.

A query's word is looked for in the vocabulary as a part of a word, as the search finds it
(`port` stands in `transport`); only the chunks that hold a word found are read, from the
archive's own file, in order, and searched for it as the search would search the whole text, so
that the places found, and so the hits, are those of reading the whole archive (tests compare
them). A word that stands in more than `_MOST_TERMS` words of the vocabulary is looked for chunk
by chunk, in order, until the search has the places it takes. Looking for a query as written, a
window around those places is read only when the chunks it overlaps hold each of the query's
other words (or, in an ASCII text, a hyphen at a line break, across which a word may be matched):
no other window can hold an exact hit (`ArchiveIndex.holding`). A text beyond ASCII whose link
residue (`[text](url)`) runs across a blank line, or that is not UTF-8, is not indexed: its
chunks would not normalise as the whole text does, and it is read whole, as before.

Trust, as git trusts its index: an index is the archive's while the archive's resolved path,
device, inode, size, modification and change times, and the modules that make the index, are
those it was made from. It is written to a temporary file and renamed into place, so that a
reader sees a whole index or none, and two writers at once leave one whole index. It is opened
read-only, with a schema that cannot run code (`trusted_schema` off); an index that cannot be
read, is corrupt, foreign or of another format, or disagrees with the archive, is not used: the
archive is read whole and indexed again. The cache folder must be the user's own and writable by
no one else, or there is no index. The index gives only places: text is always read through the
file descriptor opened, with every check, on the archive the brief names.

Where: the user's cache for briefgen (`briefgen.load.cache`), never the repository or the brief's
folder.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefgen.load.cache import kept_file, own_folder, owned, stat_key, tidy, used, writing
from briefgen.text import normal, quotes
from briefgen.text.many import characters
from briefgen.text.normal import LINK, plain_folded_utf8, translate
from briefgen.text.quotes import NormalisedText, paragraph_starts, word_places

# Archives smaller than this are read whole: that is faster than opening an index.
INDEXED_FROM = 1 << 20
# Bump when what an index holds, or how it is read, changes.
FORMAT = 2
_APPLICATION_ID = 0x62676669  # "bgfi"
# The longest chunk of an ASCII text, in bytes (up to the next white space).
_CHUNK = 1 << 16
# A word that stands in more words of the vocabulary than this is looked for chunk by chunk.
_MOST_TERMS = 64
# Windows few enough that `ArchiveIndex.holding` leaves them to the search; with more, it reads
# which chunks hold a word, unless they are more than this many a window.
_FEW_WINDOWS = 8
# Chunks whose words' places are looked for together, at most (`ArchiveIndex._plain_places`).
_BATCH = 256
_ROWS_A_WINDOW = 16
_WORD = re.compile(r"\w+")
# A hyphen at a line break in ASCII text, across which `briefgen.text.search` matches a word.
_LINE_HYPHEN_ASCII = re.compile(rb"-[ \t]*[\r\n]")
_SCHEMA = (
    "CREATE TABLE about (key TEXT PRIMARY KEY, value) WITHOUT ROWID",
    # One row a chunk (its rowid is its number from 1): its words, joined by spaces.
    "CREATE VIRTUAL TABLE words USING fts5(terms, content='', detail='none', tokenize=\"ascii tokenchars '_'\")",
)


class IndexStale(Exception):
    """The index, or the archive read through it, is not as the index says: read it whole."""


class NotIndexed:
    """An archive that is not indexed, and never will be as it is (see the module docstring)."""


NOT_INDEXED = NotIndexed()
# The modules an index depends on beside the archive: those that find words and normalise text.
_CODE = (str(normal.__file__), str(quotes.__file__), __file__)


def _key(path: Path, status: os.stat_result) -> str:
    return stat_key(path, status, _CODE, FORMAT)


def lookup(path: Path, fd: int, status: os.stat_result, cache: Path) -> ArchiveIndex | NotIndexed | None:
    """The index of the archive at `path` (its real path), open on `fd` with `status`, when the
    cache holds one made from it as it is; NOT_INDEXED when the archive is not to be indexed; None
    when there is no index to use (none yet, or it is stale, corrupt or foreign)."""
    folder = own_folder(cache, create=False) if hasattr(os, "pread") else None  # (read through os.pread)
    if folder is None:
        return None
    file = kept_file(folder, path, ".sqlite")
    try:
        found = os.lstat(file)
        if not stat.S_ISREG(found.st_mode) or not owned(found):
            return None
        uri = str(file).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        db = sqlite3.connect(f"file:{uri}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        if db.execute("PRAGMA application_id").fetchone() != (_APPLICATION_ID,):
            raise IndexStale("a foreign file")
        if db.execute("PRAGMA user_version").fetchone() != (FORMAT,):
            raise IndexStale("another format")
        # (Where paragraphs start is read only for the hits: `ArchiveIndex.paragraphs`.)
        about = dict(db.execute("SELECT key, value FROM about WHERE key != 'paragraphs'"))
        if about.get("key") != _key(path, status):
            raise IndexStale("made from another archive, or from this one as it was")
        used(file, found)
        if about.get("indexed") == 0:
            db.close()
            return NOT_INDEXED
        return ArchiveIndex(db, fd, about)
    except (sqlite3.Error, IndexStale, KeyError, TypeError, ValueError, OverflowError):
        db.close()
        return None


def store(path: Path, status: os.stat_result, raw: bytes, cache: Path) -> None:
    """Index the archive at `path` (its real path), whose bytes are `raw` and status `status`, in
    the cache; when the cache cannot be written, nothing is stored (the archive is read whole)."""
    import tempfile

    folder = own_folder(cache, create=True) if hasattr(os, "pread") else None
    if folder is None:
        return
    tidy(folder)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    writing(handle)  # (until it is closed, once the index is in place or given up)
    try:
        db = sqlite3.connect(temporary)
        try:
            # A file of its own, thrown away if the run fails: no journal, no waiting on the disk,
            # no lock taken and given back for each write, and room for the table's pages.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
            db.execute("PRAGMA temp_store = MEMORY")
            db.execute("PRAGMA cache_size = -65536")
            db.execute("PRAGMA page_size = 65536")  # (the offsets are read in a few pages, not hundreds)
            db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {FORMAT}")
            for statement in _SCHEMA:
                db.execute(statement)
            about: dict[str, object] = {"key": _key(path, status)}
            about.update(_made(raw, db))
            db.executemany("INSERT INTO about VALUES (?, ?)", about.items())
            db.commit()
        finally:
            db.close()
        os.replace(temporary, kept_file(folder, path, ".sqlite"))
    except (OSError, sqlite3.Error):
        try:
            os.unlink(temporary)
        except OSError:
            pass
    finally:
        os.close(handle)


def _made(raw: bytes, db: sqlite3.Connection) -> dict[str, object]:
    """Index `raw` into `db`'s word table; what goes into its `about` table."""
    ascii_text = raw.isascii()
    if ascii_text:
        paragraphs = paragraph_starts(raw)
        bounds = _cut(raw, paragraphs)
        # Each chunk as it is: the table's tokenizer (ASCII, with "_") finds in it the words that
        # `\w+` finds in it lowered, under re.ASCII (runs of letters, digits and "_", lowered).
        text = raw.decode("ascii")
        rows: Iterable[str] = (text[start:end] for start, end in zip(bounds, bounds[1:], strict=False))
        byte_bounds, joins = bounds, False
        hyphens = _hyphened(raw, bounds)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return {"indexed": 0}
        if _links_across_paragraphs(text):
            return {"indexed": 0}
        paragraphs = paragraph_starts(text)
        bounds = sorted({*paragraphs, len(text)})
        byte_bounds = [0]
        for start, end in zip(bounds, bounds[1:], strict=False):
            byte_bounds.append(byte_bounds[-1] + len(text[start:end].encode("utf-8")))
        chunks = [NormalisedText(text[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)]
        joins = any(chunk.hyphenated for chunk in chunks)
        hyphens = []  # (the words of a chunk's joined text are in its row)
        # Its distinct words, each of which the tokenizer reads as one (it reads every character
        # beyond ASCII as part of a word).
        rows = (
            " ".join(
                set(_WORD.findall(chunk.normal)) | (set(_WORD.findall(chunk.joined)) if chunk.hyphenated else set())
            )
            for chunk in chunks
        )
    db.executemany("INSERT INTO words (rowid, terms) VALUES (?, ?)", enumerate(rows, 1))
    # Every distinct word, in order, as the table holds them (read through a table of the
    # connection's own, which the index file does not keep).
    db.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, words, row)")
    vocabulary = [term for (term,) in db.execute("SELECT term FROM temp.vocabulary")]
    return {
        "indexed": 1,
        "ascii": int(ascii_text),
        "joins": int(joins),
        "bytes": array("q", byte_bounds).tobytes(),
        "chars": array("q", bounds).tobytes(),
        "paragraphs": array("q", paragraphs).tobytes(),
        "hyphens": array("q", hyphens).tobytes(),
        "vocabulary": "\n" + "\n".join(vocabulary) + "\n",
    }


def _cut(raw: bytes, paragraphs: list[int]) -> list[int]:
    """The bounds of an ASCII text's chunks: its paragraphs, each cut at white space into pieces
    of about `_CHUNK` bytes (a word never stands across white space)."""
    bounds: list[int] = []
    for start, end in zip(paragraphs, [*paragraphs[1:], len(raw)], strict=True):
        bounds.append(start)
        at = start + _CHUNK
        while at < end:
            space = min((p for p in (raw.find(b" ", at, end), raw.find(b"\n", at, end)) if p >= 0), default=-1)
            if space < 0:
                break
            bounds.append(space + 1)
            at = space + 1 + _CHUNK
    return sorted({*bounds, len(raw)})


def _hyphened(raw: bytes, bounds: list[int]) -> list[int]:
    """The chunks (from 0) of an ASCII text that hold, or share, a hyphen at a line break."""
    chunks: set[int] = set()
    for found in _LINE_HYPHEN_ASCII.finditer(raw):
        first, last = bisect_right(bounds, found.start()) - 1, bisect_right(bounds, found.end() - 1) - 1
        chunks.update(range(first, last + 1))
    return sorted(chunks)


def _links_across_paragraphs(text: str) -> bool:
    """Whether link residue may run across a blank line of `text` (a blank line translates to two
    spaces or more: a link's text with two spaces together may hold one)."""
    translated = translate(text)
    return any("  " in link.group(1) for link in LINK.finditer(translated))


class _ArchiveText:
    """The archive's text, read chunk by chunk from its file and decoded as asked for (a
    `briefgen.text.search.TextView`)."""

    def __init__(self, fd: int, byte_bounds: array[int], char_bounds: array[int]):
        self._fd = fd
        self._bytes = byte_bounds
        self._chars = char_bounds
        self.count = len(char_bounds) - 1
        self._pieces: dict[int, tuple[int, int, str]] = {}
        self._low = self._high = 0
        self._text = ""

    def __len__(self) -> int:
        return self._chars[-1]

    def start(self, number: int) -> int:
        return self._chars[number]

    def chunks_over(self, start: int, end: int) -> tuple[int, int]:
        """The first and last chunk (from 0) that text[start:end] overlaps (start < end)."""
        return bisect_right(self._chars, start) - 1, bisect_right(self._chars, end - 1) - 1

    def chunks_bytes(self, numbers: list[int]) -> list[bytes]:
        """The UTF-8 of each chunk `numbers` (from 0), each read from the archive alone (the
        places of a word are looked for in many chunks, most far apart)."""
        chars = 0
        try:
            raws = [os.pread(self._fd, self._bytes[n + 1] - self._bytes[n], self._bytes[n]) for n in numbers]
            whole = b"".join(raws)
            size = len(whole) if whole.isascii() else len(whole.decode("utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise IndexStale(str(error)) from error
        for number in numbers:
            chars += self._chars[number + 1] - self._chars[number]
        if size != chars:
            raise IndexStale("the archive is not as it was indexed")
        return raws

    def chunk(self, number: int) -> str:
        """The text of chunk `number` (from 0), read from the archive."""
        low, _, text = self._read(number)
        return text[self._chars[number] - low : self._chars[number + 1] - low]

    def _read(self, number: int) -> tuple[int, int, str]:
        """A piece of the text that holds chunk `number` and those on either side (a window
        around a place in one chunk mostly stands in it): where it starts and ends, and its text."""
        found = self._pieces.get(number)
        if found is None:
            first, last = max(number - 1, 0), min(number + 2, self.count)
            start, end = self._bytes[first], self._bytes[last]
            try:
                text = os.pread(self._fd, end - start, start).decode("utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise IndexStale(str(error)) from error
            if len(text) != self._chars[last] - self._chars[first]:
                raise IndexStale("the archive is not as it was indexed")
            found = (self._chars[first], self._chars[last], text)
            for each in range(first, last):
                self._pieces.setdefault(each, found)
        return found

    def _piece(self, index: int) -> tuple[int, str]:
        """Where a piece of the text that holds the character at `index` (0 <= index < len)
        starts, and its text (the last one is kept at hand: windows are asked for in order)."""
        if not self._low <= index < self._high:
            self._low, self._high, self._text = self._read(bisect_right(self._chars, index) - 1)
        return self._low, self._text

    def __getitem__(self, key: slice, /) -> str:
        start, stop, _ = key.indices(len(self))
        pieces = []
        while start < stop:
            offset, text = self._piece(start)
            pieces.append(text[start - offset : stop - offset])
            start = self._high
        return "".join(pieces)

    def space_after(self, at: int) -> int:
        """Just after the first space or line break from `at` on (just after the end without one)."""
        while 0 <= at < len(self):
            offset, text = self._piece(at)
            space, line = text.find(" ", at - offset), text.find("\n", at - offset)
            if space >= 0 or line >= 0:
                return offset + min(found for found in (space, line) if found >= 0) + 1
            at = self._high
        return len(self) + 1

    def space_before(self, at: int) -> int:
        """The last space or line break before `at` (0 without one)."""
        at = min(at, len(self))
        while at > 0:
            offset, text = self._piece(at - 1)
            found = max(text.rfind(" ", 0, at - offset), text.rfind("\n", 0, at - offset))
            if found >= 0:
                return max(offset + found, 0)
            at = offset
        return 0


class ArchiveIndex:
    """An archive's index, open (a `briefgen.text.search.Indexed`): the places of a word as the
    search would find them reading the whole text, read from the chunks that hold it."""

    def __init__(self, db: sqlite3.Connection, fd: int, about: dict[str, object]):
        self._db = db
        self._ascii = about["ascii"] == 1
        self._joins = about["joins"] == 1
        byte_bounds, char_bounds = (_numbers(about[name]) for name in ("bytes", "chars"))
        size = os.fstat(fd).st_size
        if byte_bounds[0] != 0 or byte_bounds[-1] != size or len(byte_bounds) != len(char_bounds):
            raise IndexStale("the index does not fit the archive")
        self._text = _ArchiveText(fd, byte_bounds, char_bounds)
        self._paragraphs: array[int] | None = None
        self._hyphens = list(_numbers(about["hyphens"]))
        vocabulary = about["vocabulary"]
        if not isinstance(vocabulary, str):
            raise IndexStale("no vocabulary")
        self._vocabulary = vocabulary
        self._normalised: dict[int, NormalisedText] = {}

    @property
    def ascii(self) -> bool:
        return self._ascii

    @property
    def text(self) -> _ArchiveText:
        return self._text

    def close(self) -> None:
        self._db.close()

    def paragraphs(self, offsets: list[int]) -> list[int]:
        """The paragraph (from 1) of each offset, which is not white space."""
        if self._paragraphs is None and offsets:
            try:
                found = self._db.execute("SELECT value FROM about WHERE key = 'paragraphs'").fetchone()
            except sqlite3.Error as error:
                raise IndexStale(str(error)) from error
            self._paragraphs = _numbers(None if found is None else found[0])
        return [bisect_right(self._paragraphs or (), offset) for offset in offsets]

    def places(self, word: str, most: int) -> list[int]:
        """Where the search, reading the whole text, finds `word` (normalised letters and digits):
        in the lowered bytes of an ASCII text, in the normalised text of another (places in the
        original text), the first `most` of them."""
        try:
            chunks = self._chunks_with(word)
            if self.ascii:
                return self._ascii_places(word, most, chunks) if word.isascii() else []
            return self._normal_places(word, most, list(chunks))
        except sqlite3.Error as error:
            raise IndexStale(str(error)) from error

    def holding(self, windows: list[tuple[int, int]], words: Iterable[str]) -> list[tuple[int, int]]:
        """The windows ([start, end) in the text) that may hold each of `words` (normalised
        letters and digits) where the search looks for it in a window: a chunk they overlap holds
        a word of the vocabulary that has it, or, in an ASCII text, a hyphen at a line break
        (across which the search lets a word be matched). The longest words, most likely the
        rarest, are looked for first, and only while the windows left are more than a few (the
        search reads a few faster than the index tells them apart); a word that too many words
        of the vocabulary have, or too many chunks, rules out no window."""
        kept = windows
        try:
            for word in sorted(set(words), key=lambda word: (-len(word), word)):
                if len(kept) <= _FEW_WINDOWS:
                    break
                terms = self._terms(word)
                if terms is None:
                    continue
                most = _ROWS_A_WINDOW * len(kept)
                rows = list(self._rows(terms, most))
                if len(rows) < most:
                    chunks = sorted({*rows, *self._hyphens})
                    kept = [window for window in kept if _any_within(chunks, *self.text.chunks_over(*window))]
        except sqlite3.Error as error:
            raise IndexStale(str(error)) from error
        return kept

    def _ascii_places(self, word: str, most: int, chunks: Iterable[int]) -> list[int]:
        found: list[int] = []
        plain: dict[int, list[int] | None] = {}
        numbers = list(chunks)
        for at, number in enumerate(numbers):
            if number not in plain:
                self._plain_places(numbers[at : at + _BATCH], word.encode("ascii"), plain)
            found += plain[number] or ()
            if len(found) >= most:
                return found[:most]
        return found

    def _normal_places(self, word: str, most: int, chunks: list[int]) -> list[int]:
        """As `NormalisedText.places` finds them in the whole text: the first `most` places as
        written; then, in a text with words hyphenated at line breaks, as many more as `most`
        allows in the text with those hyphens taken out."""
        plain: dict[int, list[int] | None] = {}
        written: list[int] = []
        for at, number in enumerate(chunks):
            if number not in plain:
                self._plain_places(chunks[at : at + _BATCH], word.encode("utf-8"), plain)
            written += self._chunk_places(number, word, most - len(written), plain[number], joined=False)
            if len(written) >= most:
                return written
        joined: list[int] = []
        if self._joins:
            for number in chunks:
                left = most - len(written) - len(joined)
                if left <= 0:
                    break
                joined += self._chunk_places(number, word, left, plain[number], joined=True)
        return written + joined

    def _chunk_places(self, number: int, word: str, most: int, plain: list[int] | None, joined: bool) -> list[int]:
        """The first `most` places of `word` in chunk `number`'s normalised text (with its
        line-break hyphens taken out when `joined`), as places in the text: `plain`, those of a
        chunk whose words normalising leaves as they are (`_plain_places`); else looked for in
        the chunk normalised."""
        if plain is not None:  # (no hyphen at a line break: joined, it is the same text)
            return plain[:most]
        start = self.text.start(number)
        chunk = self._chunk(number)
        found = chunk.places_joined(word, most) if joined else chunk.places_as_written(word, most)
        return [start + chunk.origin(at) for at in found]

    def _plain_places(self, numbers: list[int], word: bytes, found: dict[int, list[int] | None]) -> None:
        """Into `found`, for each of the chunks `numbers` (in order), every place of `word` (its
        UTF-8), as a place in the text, in the chunk's lowered bytes (an ASCII text) or, in
        another text, in its `plain_folded` form; None for a chunk that has none (normalising
        changes its words). The chunks are read, folded and searched together, as one piece of
        bytes with NUL between them (which no word holds, and folding leaves), so that a chunk
        costs a few steps at C speed; when one of them has no `plain_folded` form, each half of
        them is tried so (most paragraphs of prose with typographic quotes and dashes have one)."""
        raws = self.text.chunks_bytes(numbers)
        joined = b"\0".join(raws)
        folded = joined.lower() if self.ascii else plain_folded_utf8(joined)
        pieces = None if folded is None else folded.split(b"\0")
        if pieces is None or len(pieces) != len(numbers):
            if len(numbers) == 1:  # (a chunk of its own, which may hold a NUL)
                if folded is None:
                    found[numbers[0]] = None
                    return
                pieces = [folded]
            else:
                half = len(numbers) // 2
                self._plain_places(numbers[:half], word, found)
                self._plain_places(numbers[half:], word, found)
                return
        for number, piece in zip(numbers, pieces, strict=True):
            start = self.text.start(number)
            found[number] = [start + at for at in characters(piece, word_places(piece, word, len(piece)))]

    def _chunk(self, number: int) -> NormalisedText:
        found = self._normalised.get(number)
        if found is None:
            found = self._normalised[number] = NormalisedText(self.text.chunk(number))
        return found

    def _chunks_with(self, word: str) -> Iterable[int]:
        """The chunks (from 0, in order) that may hold `word`: those holding a word of the
        vocabulary that has it; every chunk when too many words have it."""
        terms = self._terms(word)
        return range(self.text.count) if terms is None else self._rows(terms)

    def _rows(self, terms: list[str], most: int = -1) -> Iterator[int]:
        """The chunks (from 0, in order) that hold one of `terms` (words of the vocabulary): the
        first `most` of them (all when -1)."""
        if not terms:
            return iter(())
        rows = self._db.execute(
            "SELECT rowid FROM words WHERE words MATCH ? ORDER BY rowid LIMIT ?", (_match(terms), most)
        )
        return (rowid - 1 for (rowid,) in rows)

    def _terms(self, word: str) -> list[str] | None:
        """The words of the vocabulary that have `word` in them; None when more than `_MOST_TERMS`."""
        vocabulary, terms = self._vocabulary, []
        at = vocabulary.find(word)
        while at >= 0:
            start, end = vocabulary.rfind("\n", 0, at) + 1, vocabulary.find("\n", at)
            if end < 0:
                raise IndexStale("a vocabulary without its last line break")
            terms.append(vocabulary[start:end])
            if len(terms) > _MOST_TERMS:
                return None
            at = vocabulary.find(word, end)
        return terms


def _match(terms: list[str]) -> str:
    """An FTS query for the chunks that hold one of `terms` (words of the vocabulary)."""
    return " OR ".join(f'"{term}"' for term in terms)


def _any_within(chunks: list[int], first: int, last: int) -> bool:
    """Whether the sorted `chunks` hold one from `first` to `last`."""
    at = bisect_left(chunks, first)
    return at < len(chunks) and chunks[at] <= last


def _numbers(value: object) -> array[int]:
    if not isinstance(value, bytes):
        raise IndexStale("no offsets")
    numbers = array("q")
    numbers.frombytes(value)
    return numbers
