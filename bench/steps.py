"""The figures measured inside one Python process, each run in a child interpreter by bench.run.

`python -m bench.steps day --runs 5` or `python -m bench.steps stats --repeats 5` prints its result as
JSON on stdout. Like the rest of the benchmark it imports the installed hipbreak, not this checkout,
unless HIPBREAK_BENCH_FROM_SOURCE=1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def prefer_installed() -> None:
    """Let `import hipbreak` find the installed package before the checkout `-m` put first on sys.path."""
    if os.environ.get("HIPBREAK_BENCH_FROM_SOURCE") == "1":
        return
    # Moved to the end rather than removed: `bench` itself lives only in the checkout.
    rest = [entry for entry in sys.path if Path(entry or ".").resolve() != REPO]
    sys.path[:] = [*rest, str(REPO)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one step and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    steps = parser.add_subparsers(dest="step", required=True)
    day = steps.add_parser("day", help="24 simulated hours through the core and the history")
    day.add_argument("--runs", type=int, default=5)
    stats = steps.add_parser(
        "stats", help="statistics report time against history size (bench/stats_bench.py)"
    )
    stats.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    stats.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    prefer_installed()
    import hipbreak

    result: dict[str, object] = {"hipbreak": hipbreak.__file__}
    if args.step == "day":
        from bench import day_sim

        result.update(day_sim.run(args.runs))
    else:
        from bench import stats_bench

        # Its table goes to stderr, which the runner keeps in its log.
        result["rows"] = stats_bench.run(args.sizes, repeats=args.repeats, out=sys.stderr)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
