#!/usr/bin/env bash
# Peak memory (resident set, /usr/bin/time -v) and time of `votebloc analyze -o` on planted
# data (examples/write_planted.rs: 6 blocs, 50 motions, seed 7) of 1,000, 5,000, 10,000 and
# 100,000 members, for one or two builds, with the memory estimate the analysis checks
# (printed by refusing it: --max-memory 1). The table in BENCHMARKS.md ("Memory") is its
# output. 100,000 members take several minutes per build on 2 cores.
#
#   benches/memory.sh NEW_BINARY [OLD_BINARY] [WORK_DIR]
#
# Run from the project root; needs GNU time (/usr/bin/time).
set -euo pipefail
new=$(realpath "${1:?usage: memory.sh NEW_BINARY [OLD_BINARY] [WORK_DIR]}")
old=${2:+$(realpath "$2")}
work=${3:-$(mktemp -d)}
sizes=${SIZES:-1000 5000 10000 100000}
cargo build --release --quiet --example write_planted
mkdir -p "$work"
echo "| build | members | votes | peak RSS (MB) | per member (KB) | per vote (B) | wall (s) | user (s) | estimate | exit |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in $sizes; do
  votes=$work/planted$n.csv
  [ -f "$votes" ] || target/release/examples/write_planted --members "$n" --motions 50 \
    --blocs 6 --seed 7 --votes "$votes" --truth "$work/truth$n.csv" 2>/dev/null
  records=$(($(wc -l <"$votes") - 1))
  for build in new old; do
    bin=${!build}
    [ -n "$bin" ] || continue
    rm -rf "$work/out"
    status=0
    /usr/bin/time -v "$bin" analyze "$votes" -o "$work/out" >/dev/null 2>"$work/time.txt" || status=$?
    estimate=$("$bin" analyze "$votes" --max-memory 1 2>&1 | grep -o 'needs about [0-9.]* GiB' |
      sed 's/needs about //' || true)
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" |
      awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
    awk -v b="$build" -v n="$n" -v v="$records" -v kb="$kb" -v w="$wall" -v u="$user" \
      -v e="${estimate:-–}" -v s="$status" 'BEGIN {
        printf "| %s | %d | %d | %.0f | %.1f | %.0f | %.1f | %.1f | %s | %s |\n",
          b, n, v, kb / 1024, kb / n, kb * 1024 / v, w, u, e, s }'
  done
done
