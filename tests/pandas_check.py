#!/usr/bin/env python3
"""Loads every CSV file of a `votebloc analyze -o DIR` folder with pandas, with the column types
documented in notebooks-data/README.md, and checks it against the documentation: the exact
columns in order, each column parsed as its documented type (text stays text, integers are
integers), the codes, the value ranges, and the links between files (same members, every pair
listed once, every motion of a swing table in motions.csv).

Usage:
    cargo run --release -- analyze -o /tmp/votebloc-out
    python3 tests/pandas_check.py /tmp/votebloc-out

Exits with status 0 when everything holds, 1 with one line per problem otherwise. Needs pandas.
"""

import json
import re
import sys
from pathlib import Path

import pandas as pd

README = Path(__file__).resolve().parent.parent / "notebooks-data" / "README.md"

# The files of an `analyze -o` folder, each documented under a `### NAME` heading.
FILES = [
    "votes.csv", "motions.csv", "members.csv", "notes.csv", "blocs.csv", "similarity.csv",
    "swing.csv", "split_votes.csv", "defections.csv", "cohesion.csv", "cohesion_summary.csv",
    "ideal.csv", "ideal_motions.csv",
]

# The documented types (first word of the README's type column) and how pandas reads each.
DTYPES = {"text": str, "code": str, "date": str, "integer": "Int64", "number": "float64",
          "share": "float64", "boolean": "boolean"}

VOTES = {"yes", "no", "abstain", "absent", "not_member"}
CAST = {"yes", "no", "abstain"}
PART = re.compile(r"^(whole|other|preambular:\d+|operative:\d+|amendment:.+)$")
KINDS = ["split", "defection", "bridge", "unstable"]

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def documented():
    """{file: [(column, type)]} from the README: the first table of each file's section,
    rows `| `a`, `b` | type | meaning |` giving one entry per column named."""
    text = README.read_text(encoding="utf-8")
    found = {}
    for name in FILES:
        match = re.search(r"^### " + re.escape(name) + r"\b.*?(?=^### |^## |\Z)", text, re.M | re.S)
        if match is None:
            problems.append(f"README: no section for {name}")
            continue
        columns = []
        lines = match.group(0).splitlines()
        start = next((i for i, l in enumerate(lines) if l.startswith("| column | type |")), None)
        if start is None:
            problems.append(f"README: {name}: no table of columns")
            continue
        table = []
        for line in lines[start + 2:]:
            if not line.startswith("|"):
                break
            table.append(line)
        for line in table:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            kind = cells[1].split()[0] if cells[1] else ""
            if kind not in DTYPES:
                problems.append(f"README: {name}: unknown type {cells[1]!r} of {cells[0]}")
                continue
            for column in re.findall(r"`([^`]+)`", cells[0]):
                columns.append((column, kind))
        found[name] = columns
    return found


def load(folder, name, columns):
    path = folder / name
    if not path.exists():
        problems.append(f"{name}: missing")
        return None
    names = [c for c, _ in columns]
    header = list(pd.read_csv(path, nrows=0).columns)
    if header != names:
        # The value checks below need the documented columns: stop at this problem.
        problems.append(f"{name}: columns {header}, documented {names}")
        return None
    dtype = {c: DTYPES[kind] for c, kind in columns}
    try:
        frame = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""])
    except (ValueError, TypeError) as error:
        problems.append(f"{name}: does not load with the documented types: {error}")
        return None
    for column, kind in columns:
        values = frame[column].dropna()
        if DTYPES[kind] is str:
            check(values.map(lambda v: isinstance(v, str)).all(), f"{name}: {column} not text")
        if kind == "date":
            check(values.map(lambda d: bool(re.match(r"^\d{4}-\d{2}-\d{2}$", d))).all(),
                  f"{name}: {column} not an ISO date")
    return frame


def in_range(series, low, high):
    values = series.dropna()
    return bool(((values >= low) & (values <= high)).all())


def check_dataset(t):
    votes, motions, members, notes = t["votes.csv"], t["motions.csv"], t["members.csv"], t["notes.csv"]
    check(set(votes["vote"]) <= VOTES, f"votes.csv: unknown votes {set(votes['vote']) - VOTES}")
    check(not votes.duplicated(["motion", "member"]).any(), "votes.csv: a (motion, member) twice")
    check(set(votes["motion"]) <= set(motions["motion"]), "votes.csv: motion not in motions.csv")
    check(set(votes["member"]) <= set(members["member"]), "votes.csv: member not in members.csv")

    check(motions["motion"].is_unique, "motions.csv: motion ids repeat")
    check(motions["part"].map(lambda p: bool(PART.match(p))).all(), "motions.csv: bad part")
    check(set(motions["whole"].dropna()) <= set(motions["motion"]), "motions.csv: whole names an unknown motion")
    check(set(motions["majority"]) <= {"simple", "two-thirds", "three-fifths"}, "motions.csv: bad majority")
    outcomes = {"adopted", "rejected", "adopted_tie_break", "tied"}
    check(set(motions["counted_outcome"].dropna()) <= outcomes, "motions.csv: bad counted_outcome")
    # The counted tally is votes.csv's.
    counted = votes[votes["vote"].isin(CAST)].groupby(["motion", "vote"]).size().unstack(fill_value=0)
    for vote in ["yes", "no", "abstain"]:
        expected = counted[vote] if vote in counted else pd.Series(dtype="int64")
        column = motions.set_index("motion")[f"counted_{vote}"].dropna()
        check((column == expected.reindex(column.index).fillna(0)).all(),
              f"motions.csv: counted_{vote} differs from votes.csv")

    check(members["member"].is_unique, "members.csv: member codes repeat")
    counts = members[["yes", "no", "abstain", "absent", "not_member"]]
    check((counts >= 0).all().all(), "members.csv: negative count")
    check((counts.sum(axis=1) <= len(motions)).all(), "members.csv: more votes than motions")
    per_member = votes.groupby("member").size()
    check((counts.sum(axis=1).values == per_member.reindex(members["member"]).fillna(0).values).all(),
          "members.csv: counts differ from votes.csv")
    check(set(notes["intended"].dropna()) <= VOTES, "notes.csv: unknown intended vote")


def check_blocs(t):
    blocs, similarity, motions = t["blocs.csv"], t["similarity.csv"], t["motions.csv"]
    n = len(blocs)
    check(list(blocs["member"]) == list(t["members.csv"]["member"]), "blocs.csv: not the members of members.csv")
    check((blocs["bloc"] >= 1).all(), "blocs.csv: bloc below 1")
    sizes = blocs["bloc"].value_counts().sort_index()
    check(list(sizes.index) == list(range(1, len(sizes) + 1)), "blocs.csv: blocs not numbered 1..k")
    check(list(sizes) == sorted(sizes, reverse=True), "blocs.csv: blocs not numbered by size")
    check(in_range(blocs["stability"], 0, 1), "blocs.csv: stability outside 0..1")
    check((blocs["votes_cast"] <= len(motions)).all(), "blocs.csv: more cast votes than motions")

    check(len(similarity) == n * (n - 1) // 2, f"similarity.csv: {len(similarity)} rows for {n} members")
    check((similarity["member_a"] < similarity["member_b"]).all(), "similarity.csv: member_a >= member_b")
    check(not similarity.duplicated(["member_a", "member_b"]).any(), "similarity.csv: pair twice")
    check(in_range(similarity["similarity"], -1, 1), "similarity.csv: similarity outside -1..1")
    check(((similarity["common"] >= 0) & (similarity["common"] <= len(motions))).all(),
          "similarity.csv: common outside 0..motions")
    return sizes


def check_swing(t):
    swing, split, defections, motions = t["swing.csv"], t["split_votes.csv"], t["defections.csv"], t["motions.csv"]
    analysed = set(t["blocs.csv"]["member"])
    check(set(swing["kind"]) <= set(KINDS), f"swing.csv: unknown kind {set(swing['kind']) - set(KINDS)}")
    order = list(zip(swing["rank"], swing["kind"].map(KINDS.index)))
    check(order == sorted(order), "swing.csv: rows not ordered by rank, then kind")
    check(not swing.duplicated(["member", "kind"]).any(), "swing.csv: a member and kind twice")
    check(set(swing["member"]) <= analysed, "swing.csv: member not analysed")
    check(swing["reason"].notna().all(), "swing.csv: a row without its reason")
    check(in_range(swing["share"], 0, 1), "swing.csv: share outside 0..1")
    counted = swing[swing["kind"].isin(["split", "defection"])]
    check(((counted["count"] >= 1) & (counted["count"] <= counted["total"])).all(),
          "swing.csv: count outside 1..total")
    check(swing[swing["kind"] == "bridge"]["ratio"].notna().all(), "swing.csv: bridge without ratio")

    check(set(split["member"]) == set(swing[swing["kind"] == "split"]["member"]),
          "split_votes.csv: not the split members of swing.csv")
    check(set(split["whole_vote"]) <= CAST, "split_votes.csv: bad whole_vote")
    check(set(split["vote"]) <= CAST | {"absent"}, "split_votes.csv: bad vote")
    check((split["vote"] != split["whole_vote"]).all(), "split_votes.csv: a part voted like the whole")
    check(set(split["whole"]) | set(split["motion"]) <= set(motions["motion"]), "split_votes.csv: unknown motion")
    check(split["part"].map(lambda p: bool(PART.match(p))).all(), "split_votes.csv: bad part")

    flagged = swing[swing["kind"] == "defection"].set_index("member")["count"]
    per_member = defections.groupby("member").size()
    check(per_member.reindex(flagged.index).fillna(0).astype(int).tolist() == flagged.astype(int).tolist(),
          "defections.csv: not one row per motion counted in swing.csv")
    check(set(defections["motion"]) <= set(motions["motion"]), "defections.csv: unknown motion")
    check((defections["vote"] != defections["majority"]).all(), "defections.csv: a vote with the majority")


def check_cohesion(t, sizes):
    cohesion, summary, motions = t["cohesion.csv"], t["cohesion_summary.csv"], t["motions.csv"]
    check(in_range(cohesion["rice"], 0, 1), "cohesion.csv: rice outside 0..1")
    check(in_range(cohesion["agreement_index"], 0, 1), "cohesion.csv: agreement_index outside 0..1")
    check(len(cohesion) == len(sizes) * len(motions), "cohesion.csv: not blocs × motions rows")
    check(list(summary["bloc"]) == list(sizes.index), "cohesion_summary.csv: not one row per bloc")
    check(list(summary["size"]) == list(sizes), "cohesion_summary.csv: sizes differ from blocs.csv")
    for column in ["yes", "no", "abstain"]:
        sums = cohesion.groupby("bloc")[column].sum()
        check(list(sums) == list(summary[column]), f"cohesion_summary.csv: {column} not the sum of cohesion.csv")


def check_summary(folder, sizes, members):
    path = folder / "summary.json"
    if not path.exists():
        problems.append("summary.json: missing")
        return
    summary = json.loads(path.read_text(encoding="utf-8"))
    for key in ["votebloc_version", "inputs", "parameters", "dataset", "quality", "blocs", "swing", "pivots"]:
        check(key in summary, f"summary.json: no {key}")
    check(summary.get("dataset", {}).get("members_analysed") == members, "summary.json: members_analysed")
    check([b["size"] for b in summary.get("blocs", [])] == list(sizes), "summary.json: bloc sizes")
    check(all(len(i.get("sha256", "")) == 64 for i in summary.get("inputs", [])), "summary.json: input digest")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    folder = Path(sys.argv[1])
    if not README.exists():
        problems.append(f"{README}: missing")
        return report()
    columns = documented()
    tables = {name: load(folder, name, columns[name]) for name in FILES if name in columns}
    if len(tables) != len(FILES) or any(t is None for t in tables.values()):
        return report()
    check_dataset(tables)
    sizes = check_blocs(tables)
    check_swing(tables)
    check_cohesion(tables, sizes)
    check_summary(folder, sizes, len(tables["blocs.csv"]))
    for name in ["graph.graphml", "graph.gexf", "graph.dot", "heatmap.svg", "network.svg", "map.svg", "report.html"]:
        check((folder / name).exists(), f"{name}: missing")
    return report()


def report():
    if problems:
        for problem in problems:
            print(f"pandas_check: {problem}")
        return 1
    print(f"pandas_check: {len(FILES)} CSV files load with the documented columns and types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
