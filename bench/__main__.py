"""`python -m bench`: measure briefgen against its floors and print the table of ratios.

Exit status 1 when a ratio misses its target. The corpora are generated once into bench/out/
(git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench import adversarial, build, find, serve, tagging, validate, versions
from bench.measure import Result, compile_bytecode, table


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000, help="briefs in the validate corpus (default 1000)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each side of a comparison")
    parser.add_argument(
        "--only",
        choices=("validate", "quotes", "build", "tagging", "versions", "adversarial", "find", "serve"),
        action="append",
        help="run only these groups (repeatable)",
    )
    parser.add_argument("--edits", type=int, default=500, help="edits in serve's memory measure (default 500)")
    args = parser.parse_args()
    groups = args.only or ["validate", "quotes", "build", "tagging", "versions", "adversarial", "find", "serve"]
    results: list[Result] = []
    compile_bytecode()
    started = time.perf_counter()
    if "validate" in groups:
        results.extend(validate.validate_folder(args.briefs, max(3, args.reps // 2)))
        results.extend(validate.validate_one(args.reps * 3))
    if "quotes" in groups:
        results.extend(validate.quote_scaling(args.reps))
    if "build" in groups:
        results.extend(build.measure(args.reps))
    if "tagging" in groups:
        results.extend(tagging.measure(args.reps))
    if "versions" in groups:
        results.extend(versions.measure(args.reps))
    if "find" in groups:
        results.extend(find.measure(args.reps))
    if "adversarial" in groups:
        results.extend(adversarial.measure(max(3, args.reps // 2)))
    if "serve" in groups:
        results.extend(serve.measure(args.reps, args.edits))
    print(table(results))
    print(f"\n{len(results)} measures in {time.perf_counter() - started:.0f} s")
    return 1 if any(not r.passed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
