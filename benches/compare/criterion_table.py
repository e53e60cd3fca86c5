"""Markdown table of the latest `cargo bench --bench pipeline` results (criterion's
target/criterion/pipeline_*/…/new/estimates.json): the median time per stage and size, and the
ingest throughput in MB/s of CSV text.

    python3 benches/compare/criterion_table.py [target/criterion]
"""

import json
import sys
from pathlib import Path

STAGES = [
    "ingest", "matrix", "similarity", "graph", "consensus", "swing", "cohesion", "export",
    "analysis", "end_to_end", "core",
]


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    rows = {}
    sizes = []
    for stage in STAGES:
        folder = root / f"pipeline_{stage}"
        if not folder.is_dir():
            continue
        for case in sorted(folder.iterdir()):
            estimates = case / "new" / "estimates.json"
            if not estimates.exists():
                continue
            e = json.loads(estimates.read_text())
            median = e["median"]
            rows.setdefault(stage, {})[case.name] = (
                median["point_estimate"],
                median["confidence_interval"]["lower_bound"],
                median["confidence_interval"]["upper_bound"],
            )
            if case.name not in sizes:
                sizes.append(case.name)
            info = case / "new" / "benchmark.json"
            throughput = json.loads(info.read_text()).get("throughput") if info.exists() else None
            if stage == "ingest" and throughput and "Bytes" in throughput:
                rows.setdefault("ingest (MB/s)", {})[case.name] = (
                    throughput["Bytes"] / median["point_estimate"] * 1e3,
                )

    def size_key(name):
        parts = name.split("x")
        return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (10**9,)

    sizes.sort(key=size_key)
    print("| stage | " + " | ".join(s.replace("x", " × ") for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for stage in [STAGES[0], "ingest (MB/s)", *STAGES[1:]]:
        if stage not in rows:
            continue
        cells = []
        for size in sizes:
            value = rows[stage].get(size)
            if value is None:
                cells.append("")
            elif stage == "ingest (MB/s)":
                cells.append(f"{value[0]:.0f}")
            else:
                cells.append(human(value[0]))
        print(f"| {stage} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
