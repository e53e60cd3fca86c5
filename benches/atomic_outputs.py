#!/usr/bin/env python3
"""Wall time of `votebloc analyze` on the UNGA history with `-o DIR`, several builds run in
turn (their order rotating every round, so that the noise of a shared machine falls on all
alike); medians and quartiles. BENCHMARKS.md, "Atomic outputs".

    python3 benches/atomic_outputs.py ROUNDS [fresh] NAME=BINARY...

`fresh`: the output folder is removed before each run (else each build replaces its own
previous outputs, the common case of a re-run).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
A = ("analyze notebooks-data/unvotes/un_votes.csv.gz --roll-calls "
     "notebooks-data/unvotes/un_roll_calls.csv.gz --lenient").split()
args = sys.argv[1:]
rounds = int(args.pop(0))
fresh = bool(args) and args[0] == "fresh"
if fresh:
    args.pop(0)
bins = dict(a.split("=", 1) for a in args)
work = tempfile.mkdtemp()
times = {k: [] for k in bins}
names = list(bins)
for r in range(rounds + 2):
    order = names[r % len(names):] + names[:r % len(names)]
    for i, k in enumerate(order):
        out = os.path.join(work, str(names.index(k)))
        if fresh:
            subprocess.run(["rm", "-rf", out], check=True)
        t = time.perf_counter()
        subprocess.run([bins[k], *A, "-o", out], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        if r >= 2:  # two rounds of warm-up
            times[k].append(time.perf_counter() - t)
for k, v in times.items():
    v.sort()
    print(f"{k:24} median {statistics.median(v)*1e3:7.1f} ms  q1 {v[len(v)//4]*1e3:7.1f}"
          f"  q3 {v[3*len(v)//4]*1e3:7.1f}  n={len(v)}")
subprocess.run(["rm", "-rf", work], check=True)
