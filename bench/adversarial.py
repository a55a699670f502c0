"""Adversarial briefs: inputs within every documented limit, each built to make one mechanism of
briefgen do more work than reading the brief. Each class is a `Case` in `CASES`.

The budget (README, "Limits"): validating any brief within the limits takes at most `BUDGET`
times what its floor takes, the least work any validator must do on it: parsing its YAML with
PyYAML's C loader and reading (and decoding) its archived sources. Each repetition runs each
side once, each in a child process of its own with an empty cache folder, so that every repetition
is cold: nothing an earlier one (or the other side) left in memory (our caches, `re`'s, freed
pages) or on disk makes it cheaper than a CI run's. A case whose children run past `TIMEOUT` seconds in all is stopped and FAILs, so
that a case that regresses to hours cannot hang the bench.

To add a class: write a function that writes the brief into the folder it is given (a
`brief.yaml`, and `sources/` when it needs archives) and register it with `@case("what it is")`.
`adversarial_brief()` gives a valid brief to start from. Cases whose command is not `validate`
(history) give their own `measure` function instead.

`python -m bench.adversarial [REPS] [--case SUBSTRING]` runs the group alone (or only the cases
whose name holds SUBSTRING); `python -m bench.adversarial measure FOLDER SIDE` is the child (SIDE
`ours` or `floor`): it prints that side's time as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.measure import ROOT, Result

OUT = ROOT / "bench" / "out" / "adversarial"
# How many times its floor validating an adversarial brief may take (README, "Limits").
BUDGET = 5.0
TIMEOUT = 300.0
# Validated first in each child, so that no case is timed paying imports (`_child`).
REFERENCE = ROOT / "briefs" / "russia-syria-security"


@dataclass(frozen=True)
class Case:
    """One class of adversarial input: `write` makes the brief in the folder it is given."""

    name: str
    write: Callable[[Path], None]
    note: str = ""
    # For a class not measured by validating one brief (history): returns its own Result.
    measure: Callable[[int], Result] | None = None


CASES: list[Case] = []


def case(name: str, note: str = "") -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Register the decorated writer of an adversarial brief as a case of the group."""

    def register(write: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(Case(name, write, note))
        return write

    return register


def measured(name: str, note: str = "") -> Callable[[Callable[[int], Result]], Callable[[int], Result]]:
    """Register a case that measures itself (given the repetitions, it returns its Result)."""

    def register(measure: Callable[[int], Result]) -> Callable[[int], Result]:
        CASES.append(Case(name, lambda folder: None, note, measure))
        return measure

    return register


ARCHIVE = "Officials said the patrols resumed along the M4 highway on Tuesday.\n"


def adversarial_brief(
    *, bottom_line: str = "The patrols will likely continue.", extra: str = "", archive: str = ARCHIVE
) -> tuple[str, str]:
    """A small valid brief (its YAML and its one archive's text) with the given bottom line (written
    as a YAML double-quoted string) and `extra` YAML lines appended to its top level."""
    text = f"""schema_version: 1
id: adversarial
title: An adversarial brief
version: "1.0"
date: 2026-02-02
information_cutoff: 2026-01-31
authors: ["bench"]
marking: TLP:CLEAR
likelihood_scale: ICD-203
bottom_line: {json.dumps(bottom_line)}
scope_note: Patrols in the north-east.
key_judgments:
  - id: KJ1
    statement: Patrols will likely continue.
    likelihood: likely
    confidence: moderate
    rationale: The reporting agrees.
    evidence:
      - source: S1
        quote: "the patrols resumed along the M4 highway"
sources:
  - id: S1
    title: A report
    published: 2026-01-10
    kind: news_report
    archive: sources/s1.txt
    reliability: B
    reliability_note: A wire service with a good record.
{extra}"""
    return text, archive


def write(folder: Path, brief: str, archives: dict[str, str]) -> None:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for name, text in archives.items():
        (folder / "sources" / name).write_text(text, encoding="utf-8")
    (folder / "brief.yaml").write_text(brief, encoding="utf-8")


# --- The classes -----------------------------------------------------------------------------


@case("an unclosed inline citation `[@S1  @S1  … x` (150 bytes) in the bottom line")
def _unclosed_citation(folder: Path) -> None:
    brief, archive = adversarial_brief(bottom_line="Patrols [" + "@S1  " * 28 + "x")
    write(folder, brief, {"s1.txt": archive})


@case("a 50,000-character field of dots (sentence splitting)")
def _dots(folder: Path) -> None:
    brief, archive = adversarial_brief(bottom_line="We are confident it will likely rain " + "." * 49_900)
    write(folder, brief, {"s1.txt": archive})


@case("a 50,000-character field of `. a` (a sentence end every 3 characters)")
def _sentence_ends(folder: Path) -> None:
    brief, archive = adversarial_brief(bottom_line="We are confident it will likely rain" + ". a" * 16_650)
    write(folder, brief, {"s1.txt": archive})


@case("99,000 misspelt keys (1.9 MB): did-you-mean")
def _misspelt_keys(folder: Path) -> None:
    brief, archive = adversarial_brief(extra="".join(f"bottom_lin{n:05d}: x\n" for n in range(99_000)))
    write(folder, brief, {"s1.txt": archive})


def _big_archive(size: int) -> tuple[str, list[str]]:
    """About `size` bytes of prose-like text in paragraphs of 120 words, from a vocabulary of
    5,000 made-up words (so that most words are rare, as in real text), and that vocabulary."""
    import random

    rng = random.Random(7)
    letters = "abcdefghijklmnoprstuvw"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(5_000)]
    common = ["the", "of", "and", "to", "in", "a", "said", "that"]
    words = rng.choices(vocabulary + common * 300, k=size // 6)
    paragraphs = [" ".join(words[n : n + 120]) + "." for n in range(0, len(words), 120)]
    return "\n\n".join(paragraphs) + "\n", vocabulary


_EVIDENCE = '      - source: S1\n        quote: "the patrols resumed along the M4 highway"\n'


def _evidence(quotes: list[str]) -> str:
    return "".join(f"      - source: S1\n        quote: {json.dumps(quote)}\n" for quote in quotes)


@case("for reference: one quote found in a 19 MB archive (normalising the archive)")
def _one_quote_big_archive(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    brief, _ = adversarial_brief()
    brief = brief.replace(_EVIDENCE, _evidence([" ".join(text.split()[1000:1010])]))
    write(folder, brief, {"s1.txt": text})


@case("a quote of 300 `...` parts that each cut words, against a 20 MB archive")
def _many_cut_parts(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    words = text[:200_000].split()
    # Each part is the inside of two words of the archive (`eta gam` of `beta gamma`): found only
    # where it cuts words, so every part used to be searched for as whole words to the end.
    parts = [
        f"{words[n][1:]} {words[n + 1][:-1]}" for n in range(0, 600, 2) if len(words[n]) > 2 and len(words[n + 1]) > 2
    ]
    brief, _ = adversarial_brief()
    brief = brief.replace(_EVIDENCE, _evidence([" ... ".join(parts)]))
    write(folder, brief, {"s1.txt": text})


def _cutting(words: list[str], first: int, count: int, cut: str = "both") -> list[str]:
    """`count` parts, each the inside of two neighbouring words of `words` from `first` on (`eta
    gam` of `beta gamma`), cut at the start, the end or both (`cut`: "start", "end", "both", or
    "mixed" for each in turn): each is found only where it cuts words."""
    parts: list[str] = []
    n = first
    while len(parts) < count and n + 1 < len(words):
        left, right = words[n], words[n + 1]
        n += 2
        if len(left) < 3 or len(right) < 3 or not left.isalpha() or not right.isalpha():
            continue
        how = ("start", "end", "both")[len(parts) % 3] if cut == "mixed" else cut
        parts.append(f"{left[1:] if how != 'end' else left} {right[:-1] if how != 'start' else right}")
    return parts


def _one_quote(folder: Path, text: str, quote: str) -> None:
    brief, _ = adversarial_brief()
    write(folder, brief.replace(_EVIDENCE, _evidence([quote])), {"s1.txt": text})


@case("a quote of 300 `...` parts cutting words at the start, the end or both in turn, 20 MB archive")
def _mixed_cut_parts(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    _one_quote(folder, text, " ... ".join(_cutting(text[:200_000].split(), 0, 300, "mixed")))


@case("a quote of 300 `...` parts that each cut words, found only in the last 200 KB of a 20 MB archive")
def _late_cut_parts(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    _one_quote(folder, text, " ... ".join(_cutting(text[-200_000:].split(), 1, 300)))


@case("a quote of 300 whole-word `...` parts found only in the last 200 KB of a 20 MB archive")
def _late_whole_parts(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    words = text[-200_000:].split()
    _one_quote(folder, text, " ... ".join(" ".join(words[n : n + 2]).rstrip(".") for n in range(1, 1201, 4)))


@case(
    "a quote of 300 parts, each cutting a word where first found and standing whole only at the end of a 20 MB archive"
)
def _whole_only_at_end(folder: Path) -> None:
    text, vocabulary = _big_archive(19_000_000)
    # Made-up words that are not in the archive, each written inside a longer word near its start
    # (where it cuts) and as a word of its own in its last paragraph.
    fresh = [f"qx{n:03d}zq".replace("0", "o").replace("1", "l") for n in range(300)]
    head = " ".join(f"a{word}b" for word in fresh)
    tail = " ".join(fresh)
    _one_quote(folder, head + "\n\n" + text + "\n\n" + tail + "\n", " ... ".join(fresh))


@case("a quote of 300 `...` parts each found many times, cutting words, 20 MB archive")
def _common_cut_parts(folder: Path) -> None:
    # `he` in every `the`, `aid` in every `said`: each part stands many times, always cutting.
    text, _ = _big_archive(19_000_000)
    _one_quote(folder, text, " ... ".join(["he", "aid", "ha", "nd"] * 75))


@case("a quote of 300 `...` parts, each with a bracketed insertion, cutting words, 20 MB archive")
def _insertion_cut_parts(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    words = text[:300_000].split()
    parts: list[str] = []
    for n in range(0, 3000, 4):
        a, b, c = words[n : n + 3]
        if len(parts) < 300 and len(a) > 2 and len(c) > 2 and a.isalpha() and c.isalpha():
            parts.append(f"{a[1:]} [the thing] {c[:-1]}")
    _one_quote(folder, text, " ... ".join(parts))


@case("a quote of tiny `...` parts (2 letters inside words) at the 20,000-character limit, 20 MB archive")
def _tiny_parts(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    inside = [word[1:3] for word in text[:100_000].split() if len(word) > 4 and word.isalpha()]
    parts = inside[: (20_000 + 5) // 7]  # `xy ... ` is 7 characters a part
    _one_quote(folder, text, " ... ".join(parts))


@case("200 quotes, each of one part that cuts words, against a 20 MB archive")
def _many_cut_quotes(folder: Path) -> None:
    # Each quote's part is looked for whole through the rest of the archive on its own.
    text, _ = _big_archive(19_000_000)
    brief, _ = adversarial_brief()
    quotes = _cutting(text[:200_000].split(), 0, 200)
    write(folder, brief.replace(_EVIDENCE, _evidence(quotes)), {"s1.txt": text})


@case("200 quotes not found (each a real passage with one word changed), against a 19 MB archive")
def _unfound_quotes(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    brief, _ = adversarial_brief()
    write(folder, brief.replace(_EVIDENCE, _evidence(_one_word_changed(text, 200))), {"s1.txt": text})


def _one_word_changed(text: str, count: int, swapped: bool = False) -> list[str]:
    """`count` passages of 12 words spread through `text`, each with its seventh word changed (or,
    `swapped`, changed places with the sixth: a passage made only of the text's words)."""
    words = text.split()
    step = len(words) // count
    quotes = []
    for n in range(count):
        passage = words[n * step : n * step + 12]
        if swapped:
            passage[5], passage[6] = passage[6], passage[5]
        else:
            passage[6] = "zzyzx"
        quotes.append(" ".join(passage))
    return quotes


def _unfound_brief(quotes: list[str]) -> str:
    """The adversarial brief citing S1 for each quote, a key judgment for each 1,000 (a list's limit)."""
    brief, _ = adversarial_brief()
    brief = brief.replace(_EVIDENCE, _evidence(quotes[:1000]))
    judgment = brief[brief.index("  - id: KJ1") : brief.index("sources:")]
    more = "".join(
        judgment.split("    evidence:\n")[0].replace("KJ1", f"KJ{n // 1000 + 1}")
        + "    evidence:\n"
        + _evidence(quotes[n : n + 1000])
        for n in range(1000, len(quotes), 1000)
    )
    return brief.replace("sources:\n", more + "sources:\n", 1)


@case("5,000 quotes not found (the citation limit), each a real passage with one word changed, 19 MB archive")
def _many_unfound_quotes(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    write(folder, _unfound_brief(_one_word_changed(text, 5_000)), {"s1.txt": text})


@case("5,000 quotes not found made only of the archive's words (a word swapped for the next one), 19 MB archive")
def _unfound_archive_words(folder: Path) -> None:
    text, _ = _big_archive(19_000_000)
    write(folder, _unfound_brief(_one_word_changed(text, 5_000, swapped=True)), {"s1.txt": text})


# --- Measuring -------------------------------------------------------------------------------


def _floor(folder: Path) -> None:
    """Parse the brief with the C loader and read and decode every archived source."""
    import yaml

    yaml.load((folder / "brief.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    sources = folder / "sources"
    for path in sorted(sources.rglob("*")) if sources.is_dir() else ():
        if path.is_file():
            path.read_bytes().decode("utf-8", "replace")


def _child(folder: Path, side: str) -> None:
    """One side of one repetition of a case, cold, in a process of its own: the example brief is
    validated first (its imports and one-time set-up are what a CI run pays once for all its
    briefs; it shares no text or path with any case), then the case (`ours`) or its floor once.
    The two sides never share a process: a side timed after the other would find the other's
    freed memory ready for its own 20 MB texts, and reading an archive into fresh memory costs up
    to seven times reading it into reused memory (3 against 24 ms for 20 MB here), so the floor
    of one process would depend on which side ran first."""
    from briefgen.check.pipeline import validate_brief
    from briefgen.check.settings import Config

    brief, config = folder / "brief.yaml", Config()
    validate_brief(REFERENCE / "brief.yaml", config)
    _floor(REFERENCE)
    sides = {"ours": lambda: validate_brief(brief, config), "floor": lambda: _floor(folder)}
    started = time.perf_counter()
    sides[side]()
    print(json.dumps({side: time.perf_counter() - started}))


def _validate_case(item: Case, reps: int) -> Result:
    """The medians of `reps` repetitions of the case, each in a fresh child process with an empty
    cache folder: nothing any repetition left in memory or in the cache helps the next, so the
    figures are what a CI run pays for the brief. (Clearing caches between repetitions in one
    process would rely on every cache, ours and the standard library's such as `re`'s, being
    registered for clearing; a process of its own relies on nothing.)"""
    folder = OUT / _slug(item.name)
    shutil.rmtree(folder, ignore_errors=True)  # written afresh: a case's writer may have changed
    item.write(folder)
    started = time.perf_counter()
    times: dict[str, list[float]] = {"ours": [], "floor": []}
    for rep in range(reps):
        for side in ("floor", "ours") if rep % 2 else ("ours", "floor"):
            left = TIMEOUT - (time.perf_counter() - started)
            if not _run_side(item.name, folder, side, left, times):
                elapsed = time.perf_counter() - started
                return Result(item.name, elapsed, 0.0, BUDGET, note=f"stopped after {TIMEOUT:.0f} s")
    ours, floor = statistics.median(times["ours"]), statistics.median(times["floor"])
    return Result(item.name, ours, floor, BUDGET, note=item.note)


def _run_side(name: str, folder: Path, side: str, left: float, times: dict[str, list[float]]) -> bool:
    """Time one side of a case in a child of its own with an empty cache folder, into `times`;
    False when the child ran past the `left` seconds of the case's time."""
    with tempfile.TemporaryDirectory(prefix="briefgen-cache-") as cache:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "bench.adversarial", "measure", str(folder), side],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=max(left, 0.0),
                check=False,
                env={**os.environ, "BRIEFGEN_CACHE": cache},
            )
        except subprocess.TimeoutExpired:
            return False
    if done.returncode != 0:
        raise SystemExit(f"bench: adversarial case {name!r} failed:\n{done.stderr[-2000:]}")
    for which, figure in json.loads(done.stdout.splitlines()[-1]).items():
        times[which].append(figure)
    return True


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:60]


def measure(reps: int, only: str = "") -> list[Result]:
    """Every registered class (or those whose name holds `only`), each against its floor in the
    same child processes, cold."""
    chosen = [item for item in CASES if only in item.name]
    return [item.measure(reps) if item.measure else _validate_case(item, reps) for item in chosen]


# --- history: many versions of a large brief -----------------------------------------------------


def _history_repo(versions: int) -> Path:
    """A repository whose brief (100 key judgments, about 250 KB) has `versions` versions, KJ1's
    likelihood moving at each (made once)."""
    from bench import versions as v

    repo = OUT.parent / f"adversarial-history-{versions}"
    if (repo / ".git").is_dir():
        return repo
    v._init(repo)
    block = v.BASE[v.BASE.index("  - id: KJ1") : v.BASE.index("scenarios:")]
    padding = "One source says so, and the reporting agrees. " * 50
    judgments = "".join(
        block.replace("KJ1", f"KJ{n + 1}").replace("One source says so.", padding + str(n)) if n else block
        for n in range(100)
    )
    for n in range(versions):
        text = v.BASE.replace(block, judgments).replace('version: "1.0"', f'version: "1.{n}"')
        text = text.replace(
            "    likelihood: likely\n    confidence", f"    likelihood: {v.TERMS[n % 4]}\n    confidence", 1
        )
        (repo / v.PATH).write_text(text, encoding="utf-8")
        v._git(repo, "add", "-A")
        v._git(repo, "commit", "-q", "-m", f"Version 1.{n}", date=f"2026-02-01T{n // 60:02d}:{n % 60:02d}:00+00:00")
    return repo


def _peak_rss(*argv: str | Path, cwd: Path) -> float:
    """The peak resident set of one command, in MiB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *map(str, argv)], cwd=cwd, capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1]) / 1024


@measured("history time")
def _history_time(reps: int) -> Result:
    from bench import versions as v
    from bench.measure import briefgen, paired, python

    repo = _history_repo(40)
    ours, base = paired(
        briefgen("history", v.PATH, "--format", "json", cwd=repo),
        python("-m", "bench.versions", "floor", repo, v.PATH, "log", cwd=ROOT),
        reps,
    )
    return Result("`history` of 40 versions of a 250 KB brief vs git + YAML alone", ours, base, BUDGET)


@measured("history memory")
def _history_memory(reps: int) -> Result:
    from bench import versions as v
    from bench.measure import BIN

    few = _peak_rss(BIN / "briefgen", "history", v.PATH, cwd=_history_repo(10))
    many = _peak_rss(BIN / "briefgen", "history", v.PATH, cwd=_history_repo(40))
    return Result("peak RSS of `history`, 40 versions vs 10 of a 250 KB brief", many, few, 1.2, unit="MiB")


# --- diff: word diffs of fields of one word repeated ---------------------------------------------


def _diff_repo(name: str, before: str, after: str) -> Path:
    """A repository whose brief has two versions, tagged `before` and `after` (made once)."""
    from bench import versions as v

    repo = OUT.parent / f"adversarial-diff-{name}"
    if (repo / ".git").is_dir():
        return repo
    v._init(repo)
    for tag, text in (("before", before), ("after", after)):
        (repo / v.PATH).write_text(text, encoding="utf-8")
        v._git(repo, "add", "-A")
        v._git(repo, "commit", "-q", "-m", tag)
        v._git(repo, "tag", tag)
    return repo


def _diff_ratio(name: str, repo: Path, reps: int) -> Result:
    from bench import versions as v
    from bench.measure import briefgen, paired, python

    ours, base = paired(
        briefgen("diff", "before", "after", "--format", "json", cwd=repo),
        python("-m", "bench.versions", "floor", repo, v.PATH, "before", "after", cwd=ROOT),
        reps,
    )
    return Result(name, ours, base, BUDGET)


@measured("`diff` of a 50,000-character field of one word repeated, one word changed in its middle")
def _diff_one_word(reps: int) -> Result:
    from bench import versions as v

    words = 9_999
    field = "spam " * words
    line = next(line for line in v.BASE.splitlines() if line.startswith("bottom_line:"))
    old = v.BASE.replace(line, f"bottom_line: {field.strip()}")
    new = v.BASE.replace(line, f"bottom_line: {field[: words // 2 * 5]}eggs {field[words // 2 * 5 + 5 :].strip()}")
    repo = _diff_repo("one-word", old, new)
    return _diff_ratio(
        "`diff` of a 50,000-character field of one word repeated, one word changed in its middle", repo, reps
    )


@measured("`diff` of 500 judgments, each a rationale of 1,000 words of one word, one changed")
def _diff_many_fields(reps: int) -> Result:
    from bench import versions as v

    block = v.BASE[v.BASE.index("  - id: KJ1") : v.BASE.index("scenarios:")]
    line = next(line for line in block.splitlines() if line.startswith("    rationale:"))

    def rationale(n: int, changed: bool) -> str:
        # Each a different pair of texts (the word changed moves), so that no diff is remembered.
        words = ["spam"] * 1_000
        if changed:
            words[250 + n] = "eggs"
        return " ".join(words)

    def judgments(changed: bool) -> str:
        return "".join(
            block.replace("KJ1", f"KJ{n + 1}").replace(line, f"    rationale: {rationale(n, changed)}")
            for n in range(500)
        )

    old, new = v.BASE.replace(block, judgments(False)), v.BASE.replace(block, judgments(True))
    repo = _diff_repo("many-fields", old, new)
    return _diff_ratio("`diff` of 500 judgments, each a rationale of 1,000 words of one word, one changed", repo, reps)


def _many(section: str, field: str, count: int, text: Callable[[int, bool], str]) -> tuple[str, str]:
    """The fixture brief with `count` items of `section` (copies of its first), the `field` of
    item n being `text(n, False)` in the earlier version and `text(n, True)` in the later."""
    from bench import versions as v

    first, following = {"key_judgments": ("KJ1", "scenarios:"), "indicators": ("IND1", "sources:")}[section]
    block = v.BASE[v.BASE.index(f"  - id: {first}") : v.BASE.index(following)]
    line = next(line for line in block.splitlines() if line.startswith(f"    {field}:"))

    def items(changed: bool) -> str:
        return "".join(
            block.replace(f"id: {first}", f"id: {first[:-1]}{n + 1}").replace(line, f"    {field}: {text(n, changed)}")
            for n in range(count)
        )

    return v.BASE.replace(block, items(False)), v.BASE.replace(block, items(True))


def _one_word(words: int, changed_at: tuple[int, ...]) -> str:
    found = ["spam"] * words
    for position in changed_at:
        found[position] = "eggs"
    return " ".join(found)


@measured("`diff` of 500 judgments, each a rationale of 1,000 words of one word, two changed far apart")
def _diff_far_apart(reps: int) -> Result:
    # The common start and end of each rationale leave 800 words between its two changes.
    old, new = _many("key_judgments", "rationale", 500, lambda n, c: _one_word(1_000, (100 + n // 5, 900 - n // 5) * c))
    name = "`diff` of 500 judgments, each a rationale of 1,000 words of one word, two changed far apart"
    return _diff_ratio(name, _diff_repo("far-apart", old, new), reps)


@measured("`diff` of 1,000 judgments, statement and rationale each 100 words of one word, one or two changed")
def _diff_many_small(reps: int) -> Result:
    # Each field's alignment is within a field's own least budget (50,000 steps): only a budget
    # shared by the comparison's fields bounds the 2,000 of them together.
    # Two words changed in each rationale, at places that differ from judgment to judgment, so
    # that no diff is remembered; and the statements, all alike, remembered and charged.
    old, new = _many("key_judgments", "rationale", 1_000, lambda n, c: _one_word(100, (n % 50 + 2, 60 + n // 50) * c))
    old, new = (
        text.replace("statement: Russian patrols will continue.", f"statement: {_one_word(100, (50,) * c)}")
        for text, c in ((old, False), (new, True))
    )
    name = "`diff` of 1,000 judgments, statement and rationale each 100 words of one word, one or two changed"
    return _diff_ratio(name, _diff_repo("many-small", old, new), reps)


@measured("`diff` of 1,000 indicators, each a description of 500 words of one word, one changed")
def _diff_indicators(reps: int) -> Result:
    old, new = _many("indicators", "description", 1_000, lambda n, c: _one_word(500, (n % 400 + 50,) * c))
    name = "`diff` of 1,000 indicators, each a description of 500 words of one word, one changed"
    return _diff_ratio(name, _diff_repo("indicators", old, new), reps)


@measured(
    "`history` of 10 versions of 500 judgments, each a rationale of 1,000 words of one word, all reworded each time"
)
def _history_reworded(reps: int) -> Result:
    # history follows items without diffing their words: it must not cost more for many reworded
    # fields than reading the versions does (it matches each version's items with the last's).
    from bench import versions as v
    from bench.measure import briefgen, paired, python

    repo = OUT.parent / "adversarial-history-reworded"
    if not (repo / ".git").is_dir():
        v._init(repo)
        for n in range(10):
            text, _ = _many(
                "key_judgments", "rationale", 500, lambda k, c, n=n: _one_word(1_000, ((k + 37 * n) % 1_000,))
            )
            (repo / v.PATH).write_text(text.replace('version: "1.0"', f'version: "1.{n}"'), encoding="utf-8")
            v._git(repo, "add", "-A")
            v._git(repo, "commit", "-q", "-m", f"Version 1.{n}", date=f"2026-02-01T10:{n:02d}:00+00:00")
    ours, base = paired(
        briefgen("history", v.PATH, "--format", "json", cwd=repo),
        python("-m", "bench.versions", "floor", repo, v.PATH, "log", cwd=ROOT),
        reps,
    )
    name = (
        "`history` of 10 versions of 500 judgments, each a rationale of 1,000 words of one word, all reworded each time"
    )
    return Result(name, ours, base, BUDGET)


# Last, so that every case of the module is registered before the group runs.
if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        _child(Path(sys.argv[2]), sys.argv[3])
    else:
        import argparse

        from bench.measure import table

        parser = argparse.ArgumentParser(prog="python -m bench.adversarial")
        parser.add_argument("reps", nargs="?", type=int, default=3, help="cold repetitions of each case")
        parser.add_argument("--case", default="", metavar="SUBSTRING", help="only the cases whose name holds this")
        args = parser.parse_args()
        print(table(measure(args.reps, args.case)))
