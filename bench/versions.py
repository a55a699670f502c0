"""Benchmarks of versions in git: `briefgen history` and `briefgen diff` against git and YAML alone.

`python -m bench.versions [REPS]`: measure and print the table (the repositories are made once
into bench/out/). `python -m bench.versions floor REPO PATH REV...`: the floor, as its own
process: ask git for
the brief at each revision (REV `log` stands for every commit that changed PATH) in one
`git cat-file --batch`, and parse each with PyYAML's C loader, in a process that imports
pydantic (the least that reading and checking the versions must do).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.measure import ROOT, Result, briefgen, paired, python

OUT = ROOT / "bench" / "out"
BASE = (ROOT / "tests" / "fixtures" / "versioned" / "brief.yaml").read_text(encoding="utf-8")
TERMS = ("likely", "very likely", "roughly even chance", "unlikely")
_GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
PATH = "briefs/versioned/brief.yaml"


def _git(repo: Path, *args: str, date: str = "2026-02-01T10:00:00+00:00", stdin: bytes | None = None) -> bytes:
    env = {**_GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=repo, env=env, input=stdin, capture_output=True, check=True).stdout


def _judgments(count: int, first: int, edited: int = 0) -> str:
    """`count` key judgments numbered from `first`; every `edited`-th has a new statement."""
    block = BASE[BASE.index("  - id: KJ1") : BASE.index("scenarios:")]
    return "".join(
        block.replace("KJ1", f"KJ{first + n}").replace(
            "Russian patrols will continue.",
            f"Patrols {n} will continue{' and expand' if edited and n % edited == 0 else ''}.",
        )
        for n in range(count)
    )


def _init(repo: Path) -> None:
    """A new repository at `repo` holding the brief's archived source, nothing committed yet."""
    shutil.rmtree(repo, ignore_errors=True)
    (repo / "briefs" / "versioned" / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "versioned" / "sources" / "s1.txt", repo / "briefs/versioned/sources")
    _git(repo, "init", "-q", "-b", "main")


def history_repo(commits: int) -> Path:
    """A repository whose one brief has `commits` versions, a likelihood moving at each (made once)."""
    repo = OUT / f"versions-history-{commits}"
    if (repo / ".git").is_dir():
        return repo
    _init(repo)
    for n in range(commits):
        text = BASE.replace('version: "1.0"', f'version: "1.{n}"').replace(
            "    likelihood: likely\n    confidence", f"    likelihood: {TERMS[n % 4]}\n    confidence"
        )
        (repo / PATH).write_text(text, encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"Version 1.{n}", date=f"2026-02-01T{n // 60:02d}:{n % 60:02d}:00+00:00")
    return repo


def renumbered_repo(items: int) -> Path:
    """A brief of `items` key judgments, then the same with the first removed, the others renumbered
    down by one and every tenth reworded: tags `before` and `after`."""
    repo = OUT / f"versions-renumbered-{items}"
    if (repo / ".git").is_dir():
        return repo
    _init(repo)
    block = BASE[BASE.index("  - id: KJ1") : BASE.index("scenarios:")]
    for tag, judgments in (("before", _judgments(items, 1)), ("after", _judgments(items - 1, 1, edited=10))):
        (repo / PATH).write_text(BASE.replace(block, judgments), encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", tag)
        _git(repo, "tag", tag)
    return repo


def floor(repo: Path, path: str, revisions: list[str]) -> None:
    import pydantic  # noqa: F401  (the floor of a checking process imports it)
    import yaml

    if revisions == ["log"]:
        revisions = _git(repo, "log", "--follow", "--format=%H", "--", path).decode().split()
    requests = "".join(f"{revision}:{path}\n" for revision in revisions).encode()
    out = _git(repo, "cat-file", "--batch", stdin=requests)
    position = 0
    for _ in revisions:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].rsplit(b" ", 1)[1])
        yaml.load(out[header_end + 1 : header_end + 1 + size], Loader=yaml.CSafeLoader)
        position = header_end + size + 2


def measure(reps: int) -> list[Result]:
    history = history_repo(100)
    renumbered = renumbered_repo(800)
    ours, base = paired(
        briefgen("history", PATH, "--format", "json", cwd=history),
        python("-m", "bench.versions", "floor", history, PATH, "log", cwd=ROOT),
        reps,
    )
    # Most of the difference is fixed: building the models and reading each version with its
    # line map, which the floor does not do.
    results = [Result("`history` of a brief with 100 versions vs git + YAML alone", ours, base, 3.0)]
    ours, base = paired(
        briefgen("diff", "before", "after", "--format", "json", cwd=renumbered),
        python("-m", "bench.versions", "floor", renumbered, PATH, "before", "after", cwd=ROOT),
        reps,
    )
    results.append(Result("`diff` of 800 judgments renumbered vs git + YAML alone", ours, base, 4.0))
    results.append(word_diff_speed(reps))
    return results


def word_diff_speed(reps: int) -> Result:
    """The word diff of two 2,000-word texts (a source's words, every 50th replaced) beside
    difflib's SequenceMatcher on the same tokens, which it computed before (the same alignment)."""
    from difflib import SequenceMatcher

    from briefgen.versions.changes import _TOKEN, diffed

    source = ROOT / "briefs" / "russia-syria-security" / "sources" / "s2-insight-2077-poroskoun.txt"
    words = source.read_text(encoding="utf-8").split()[:2000]
    before = " ".join(words)
    after = " ".join(word if n % 50 else "changed" for n, word in enumerate(words))
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    ours, base = paired(
        lambda: diffed(before, after),  # not the remembered answer
        lambda: SequenceMatcher(None, old, new, autojunk=False).get_opcodes(),
        reps,
    )
    return Result("`word_diff` of two 2,000-word texts vs difflib's SequenceMatcher", ours, base, 0.25)


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "floor":
        floor(Path(sys.argv[2]), sys.argv[3], sys.argv[4:])
    else:
        from bench.measure import table

        print(table(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
