#!/usr/bin/env bash
# Fills corpus/TARGET/ with seed inputs for each fuzz target: small slices of the committed real
# data (and of /work/shared/data when present). Run from anywhere; rerun to reset the seeds
# (a corpus grown by `cargo fuzz` stays, the seeds are overwritten).
#   fuzz/seed_corpus.sh [VOTEBLOC_BINARY]   # the binary writes the long CSV seeds (default:
#                                           # target/release/votebloc of the project)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${1:-$root/target/release/votebloc}
nd=$root/notebooks-data
fx=$root/tests/fixtures
shared=/work/shared/data
c=$here/corpus
# The first lines of a gzipped file (head closing the pipe early is no error).
head_gz() { zcat "$1" | head -"$2" || true; }
for t in unvotes unvotes_roll_calls voeten voteview voteview_members undl long_csv un_text un_pdf \
  detect; do mkdir -p "$c/$t"; done

head_gz "$nd/unvotes/un_votes.csv.gz" 200 >"$c/unvotes/seed_head200.csv"
cp "$fx/datasets/unvotes_votes.csv" "$c/unvotes/seed_fixture.csv"
head_gz "$nd/unvotes/un_roll_calls.csv.gz" 40 >"$c/unvotes_roll_calls/seed_head40.csv"
cp "$fx/datasets/unvotes_roll_calls.csv" "$c/unvotes_roll_calls/seed_fixture.csv"
head_gz "$nd/voeten2017/votes.csv.gz" 200 >"$c/voeten/seed_head200.csv"
head -120 "$fx/datasets/voteview_S117_votes.csv" >"$c/voteview/seed_head120.csv"
cp "$fx/datasets/voteview_S117_members.csv" "$c/voteview_members/seed_S117.csv"
cp "$fx/datasets/undl_A-RES-ES-11-3.csv" "$c/undl/seed_A-RES-ES-11-3.csv"
if [ -x "$bin" ]; then
  tmp=$(mktemp -d)
  "$bin" ingest "$nd/seed_A-C.1-77-L.56_fr.txt" -o "$tmp/seed" 2>/dev/null
  head -300 "$tmp/seed/votes.csv" >"$c/long_csv/seed_from_seed_report.csv"
  "$bin" ingest "$fx/datasets/voteview_S117_votes.csv" --members \
    "$fx/datasets/voteview_S117_members.csv" -o "$tmp/senate" 2>/dev/null
  head -300 "$tmp/senate/votes.csv" >"$c/long_csv/seed_from_senate.csv"
  rm -rf "$tmp"
else
  printf 'motion,member,name,vote\nA/1,USA,"United States, of",yes\nA/1,FRA,France,absent\n' \
    >"$c/long_csv/seed_minimal.csv"
fi
cp "$nd/seed_A-C.1-77-L.56_fr.txt" "$c/un_text/seed_fr.txt"
for f in "$fx"/un/*.txt; do cp "$f" "$c/un_text/seed_$(basename "$f")"; done
zcat "$fx/un/A-79-PV.29.txt.gz" >"$c/un_text/seed_A-79-PV.29.txt"
cp "$fx/un/pdf/tiny_vote.pdf" "$c/un_pdf/seed_tiny_vote.pdf"
zcat "$fx/un/pdf/S-PV.3756.pdf.gz" >"$c/un_pdf/seed_S-PV.3756.pdf"
if [ -d "$shared/un_pdfs" ]; then
  cp "$shared/un_pdfs/S-PV.10100.pdf" "$c/un_pdf/seed_S-PV.10100.pdf"
fi
for t in unvotes voeten voteview undl long_csv; do
  for f in "$c/$t"/seed_*; do cp "$f" "$c/detect/seed_${t}_$(basename "$f" | sed s/^seed_//)"; done
done
cp "$c/un_text/seed_fr.txt" "$c/un_pdf/seed_tiny_vote.pdf" "$c/detect/"
echo "seeds in $c: $(find "$c" -type f -name 'seed_*' | wc -l) files"
