"""Force-mention extraction on dense text: seconds for 5,000 and 20,000 repetitions of a
three-mention clause (175 kB and 700 kB) and their ratio (linear ≈ 4, quadratic ≈ 16).
Prints a JSON line; asserts nothing."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def seconds(text: str) -> tuple[float, int]:
    from dashboard.extract import find_forces

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        n = len(find_forces(text))
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), n


def main() -> None:
    unit = "4,000 troops, warships and drones; "
    small, n_small = seconds(unit * 5_000)
    large, n_large = seconds(unit * 20_000)
    print(json.dumps({"bench": "forces_dense", "mentions": [n_small, n_large], "small_s": round(small, 3),
                      "large_s": round(large, 3), "ratio_for_4x_input": round(large / small, 1),
                      "linear_would_be": 4, "quadratic_would_be": 16}), flush=True)


if __name__ == "__main__":
    main()
