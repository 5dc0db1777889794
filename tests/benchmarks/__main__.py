"""Run every benchmark: ``python3 -m tests.benchmarks`` (or name some: ``... ui sheet``).

Each ``bench_*.py`` module has a ``main()`` that measures its subject against a
baseline taken in the same run, and prints a table with the ratio. Benchmarks are
not part of the test run: timings on a shared two-core machine are not pass/fail.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [n for n in names if not argv or any(a in n for a in argv)]
    if not wanted:
        print(f"no benchmark matches {argv}; have: {', '.join(names)}")
        return 2
    from tests.support import keyring_file

    # The workspaces made here keep their keys in a keyring of their own, never the user's.
    keys = keyring_file.install()
    try:
        for name in wanted:
            print(f"\n== {name} ==", flush=True)
            importlib.import_module(f"tests.benchmarks.{name}").main()
    finally:
        keyring_file.remove(keys)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
