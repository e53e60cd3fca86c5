#!/usr/bin/env bash
# Runs the same commands with two builds of votebloc and compares every output byte for byte:
# the seed report, the UNGA history, one session, the Senate 117, the timeline and the report,
# and the ideal points (ideal.csv and ideal_motions.csv of each `analyze -o`, and of `votebloc
# ideal` on session 70 with bootstrap bounds and on the Senate 117).
#
#   benches/byte_identical.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# Exit 0 when every stdout and every file written is identical, 1 with the differences
# otherwise. Run from the project root (the inputs are the committed notebooks-data files).
set -euo pipefail
old=${1:?usage: byte_identical.sh OLD_BINARY NEW_BINARY [WORK_DIR]}
new=${2:?usage: byte_identical.sh OLD_BINARY NEW_BINARY [WORK_DIR]}
work=${3:-$(mktemp -d)}
nd=notebooks-data
votes=$nd/unvotes/un_votes.csv.gz
rolls=$nd/unvotes/un_roll_calls.csv.gz
senate=$nd/voteview/S117_votes.csv.gz
members=$nd/voteview/S117_members.csv

run_all() {
  local bin=$1 out=$2
  rm -rf "$out"
  mkdir -p "$out"
  (
    cd "$out"
    "$bin" analyze -o seed >seed.stdout 2>seed.stderr
    "$bin" report -o seed.html >report.stdout 2>report.stderr
    "$bin" analyze "$OLDPWD/$votes" --roll-calls "$OLDPWD/$rolls" --lenient -o unga >unga.stdout 2>unga.stderr
    "$bin" analyze "$OLDPWD/$votes" --roll-calls "$OLDPWD/$rolls" --lenient --session 70 -o s70 >s70.stdout 2>s70.stderr
    "$bin" analyze "$OLDPWD/$senate" --members "$OLDPWD/$members" --min-votes 10 --min-minority 0.025 -o senate >senate.stdout 2>senate.stderr
    "$bin" timeline "$OLDPWD/$votes" --roll-calls "$OLDPWD/$rolls" --lenient --by session -o timeline >timeline.stdout 2>timeline.stderr
    "$bin" ideal "$OLDPWD/$votes" --roll-calls "$OLDPWD/$rolls" --lenient --session 70 --bootstrap 10 -o ideal_s70 >ideal_s70.stdout 2>ideal_s70.stderr
    "$bin" ideal "$OLDPWD/$senate" --members "$OLDPWD/$members" --bootstrap 0 -o ideal_senate >ideal_senate.stdout 2>ideal_senate.stderr
    "$bin" swing --format csv >swing.stdout 2>swing.stderr
    "$bin" ingest "$OLDPWD/$nd/seed_A-C.1-77-L.56_fr.txt" -o ingest >ingest.stdout 2>ingest.stderr
  )
}

run_all "$(realpath "$old")" "$work/old"
run_all "$(realpath "$new")" "$work/new"
if diff -r "$work/old" "$work/new"; then
  echo "byte-identical: every output of $new equals $old ($(find "$work/new" -type f | wc -l) files)"
else
  echo "outputs differ (see above; both sets are in $work)" >&2
  exit 1
fi
