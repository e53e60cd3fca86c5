#!/usr/bin/env python3
"""Loads every CSV file of a `votebloc analyze -o DIR` folder with pandas and checks it against
the documentation (notebooks-data/README.md): the exact columns in order, the codes, the value
ranges, and the links between files (same members, every pair listed once).

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

# The documented columns of each file, in order.
COLUMNS = {
    "votes.csv": ["motion", "member", "name", "vote", "source_code"],
    "motions.csv": [
        "motion", "document", "part", "date", "session", "title",
        "yes", "no", "abstain", "outcome", "whole", "issues",
    ],
    "members.csv": ["member", "name", "group", "yes", "no", "abstain", "absent", "not_member"],
    "notes.csv": ["motion", "member", "intended", "line", "text"],
    "blocs.csv": ["member", "name", "group", "bloc", "stability", "votes_cast"],
    "similarity.csv": ["member_a", "member_b", "similarity", "common"],
    "swing.csv": ["member", "name", "bloc", "kind", "motion", "whole_vote", "part_votes", "score"],
    "cohesion.csv": [
        "bloc", "motion", "rice", "agreement_index", "yes", "no", "abstain", "absent",
    ],
}

# Columns that hold codes or free text: read as text so that codes such as ICPSR numbers or
# "NA" are not turned into numbers or NaN.
TEXT = {
    "motion", "member", "name", "group", "vote", "source_code", "document", "part", "date",
    "title", "outcome", "whole", "issues", "intended", "text", "member_a", "member_b", "kind",
    "whole_vote", "part_votes",
}

VOTES = {"yes", "no", "abstain", "absent", "not_member"}
PART = re.compile(r"^(whole|other|preambular:\d+|operative:\d+|amendment:.+)$")
KINDS = ["split", "defection", "bridge", "unstable"]

# The ideal-point stage's files (their header only when the votes place nobody: the seed).
COLUMNS["ideal.csv"] = [
    "member", "name", "group", "period", "ideal", "ideal_lo", "ideal_hi", "votes",
]
COLUMNS["ideal_motions.csv"] = ["motion", "period", "discrimination", "cut_1", "cut_2", "bridge"]
TEXT |= {"bridge"}
README = Path(__file__).resolve().parent.parent / "notebooks-data" / "README.md"

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def load(folder, name):
    path = folder / name
    if not path.exists():
        problems.append(f"{name}: missing")
        return None
    text_columns = {c: str for c in COLUMNS[name] if c in TEXT}
    frame = pd.read_csv(path, dtype=text_columns, keep_default_na=False, na_values=[""])
    if list(frame.columns) != COLUMNS[name]:
        # The value checks below need the documented columns: stop at this problem.
        problems.append(f"{name}: columns {list(frame.columns)}, documented {COLUMNS[name]}")
        return None
    return frame


def in_range(series, low, high):
    values = series.dropna()
    return bool(((values >= low) & (values <= high)).all())


def documented_in_readme():
    """Every column of every file is named in backticks in the README section of that file."""
    if not README.exists():
        problems.append(f"{README}: missing")
        return
    text = README.read_text(encoding="utf-8")
    for name, columns in COLUMNS.items():
        match = re.search(r"^### " + re.escape(name) + r".*?(?=^### |^## |\Z)", text, re.M | re.S)
        if match is None:
            problems.append(f"README: no section for {name}")
            continue
        for column in columns:
            check(f"`{column}`" in match.group(0), f"README: {name} does not document `{column}`")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    folder = Path(sys.argv[1])
    tables = {name: load(folder, name) for name in COLUMNS}
    documented_in_readme()
    if any(t is None for t in tables.values()):
        return report()

    votes, motions, members = tables["votes.csv"], tables["motions.csv"], tables["members.csv"]
    notes, blocs, similarity = tables["notes.csv"], tables["blocs.csv"], tables["similarity.csv"]
    swing, cohesion = tables["swing.csv"], tables["cohesion.csv"]

    # votes.csv
    check(set(votes["vote"]) <= VOTES, f"votes.csv: unknown votes {set(votes['vote']) - VOTES}")
    check(not votes.duplicated(["motion", "member"]).any(), "votes.csv: a (motion, member) twice")
    check(set(votes["motion"]) <= set(motions["motion"]), "votes.csv: motion not in motions.csv")
    check(set(votes["member"]) <= set(members["member"]), "votes.csv: member not in members.csv")

    # motions.csv
    check(motions["motion"].is_unique, "motions.csv: motion ids repeat")
    check(motions["part"].map(lambda p: bool(PART.match(p))).all(), "motions.csv: bad part")
    for column in ["yes", "no", "abstain", "session"]:
        check(pd.api.types.is_numeric_dtype(motions[column]), f"motions.csv: {column} not numeric")
    linked = motions["whole"].dropna()
    check(set(linked) <= set(motions["motion"]), "motions.csv: whole names an unknown motion")
    dates = motions["date"].dropna()
    check(dates.map(lambda d: bool(re.match(r"^\d{4}-\d{2}-\d{2}$", d))).all(), "motions.csv: date not ISO")

    # members.csv: counts add up to one vote per motion at most
    check(members["member"].is_unique, "members.csv: member codes repeat")
    counts = members[["yes", "no", "abstain", "absent", "not_member"]]
    check((counts >= 0).all().all(), "members.csv: negative count")
    check((counts.sum(axis=1) <= len(motions)).all(), "members.csv: more votes than motions")
    per_member = votes.groupby("member").size()
    check(
        (counts.sum(axis=1).values == per_member.reindex(members["member"]).fillna(0).values).all(),
        "members.csv: counts differ from votes.csv",
    )

    # notes.csv
    check(set(notes["intended"].dropna()) <= VOTES, "notes.csv: unknown intended vote")

    # blocs.csv
    n = len(blocs)
    check(list(blocs["member"]) == list(members["member"]), "blocs.csv: not the members of members.csv")
    check(pd.api.types.is_integer_dtype(blocs["bloc"]), "blocs.csv: bloc not an integer")
    check((blocs["bloc"] >= 1).all(), "blocs.csv: bloc below 1")
    sizes = blocs["bloc"].value_counts().sort_index()
    check(list(sizes.index) == list(range(1, len(sizes) + 1)), "blocs.csv: blocs not numbered 1..k")
    check(list(sizes) == sorted(sizes, reverse=True), "blocs.csv: blocs not numbered by size")
    check(in_range(blocs["stability"], 0, 1), "blocs.csv: stability outside 0..1")
    check((blocs["votes_cast"] <= len(motions)).all(), "blocs.csv: more cast votes than motions")

    # similarity.csv: every pair once, a < b
    check(len(similarity) == n * (n - 1) // 2, f"similarity.csv: {len(similarity)} rows for {n} members")
    check((similarity["member_a"] < similarity["member_b"]).all(), "similarity.csv: member_a >= member_b")
    check(not similarity.duplicated(["member_a", "member_b"]).any(), "similarity.csv: pair twice")
    check(in_range(similarity["similarity"], -1, 1), "similarity.csv: similarity outside -1..1")
    check((similarity["common"] >= 0).all(), "similarity.csv: negative common")
    check((similarity["common"] <= len(motions)).all(), "similarity.csv: common above motions")

    # swing.csv
    check(set(swing["kind"]) <= set(KINDS), f"swing.csv: unknown kind {set(swing['kind']) - set(KINDS)}")
    order = swing["kind"].map(KINDS.index)
    check(order.is_monotonic_increasing, "swing.csv: rows not ordered by kind")
    check(set(swing["member"]) <= set(blocs["member"]), "swing.csv: member not analysed")
    splits = swing[swing["kind"] == "split"]
    check(set(splits["whole_vote"]) <= {"yes", "no", "abstain"}, "swing.csv: bad whole_vote")
    check(set(splits["motion"]) <= set(motions["motion"]), "swing.csv: split on unknown motion")
    check((splits["score"] >= 1).all(), "swing.csv: split with no differing part")
    shares = swing[swing["kind"].isin(["defection", "unstable"])]["score"]
    check(in_range(shares, 0, 1), "swing.csv: share outside 0..1")

    # cohesion.csv
    check(in_range(cohesion["rice"], 0, 1), "cohesion.csv: rice outside 0..1")
    check(in_range(cohesion["agreement_index"], 0, 1), "cohesion.csv: agreement_index outside 0..1")
    summary_rows = cohesion[cohesion["motion"] == "all"]
    check(list(summary_rows["bloc"]) == list(sizes.index), "cohesion.csv: not one `all` row per bloc")
    check(len(cohesion) == len(sizes) * (len(motions) + 1), "cohesion.csv: not blocs × (motions + 1) rows")

    # summary.json
    summary_path = folder / "summary.json"
    if summary_path.exists():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        for key in ["votebloc_version", "inputs", "parameters", "dataset", "quality", "blocs", "swing", "pivots"]:
            check(key in summary, f"summary.json: no {key}")
        check(summary.get("dataset", {}).get("members_analysed") == n, "summary.json: members_analysed")
        check([b["size"] for b in summary.get("blocs", [])] == list(sizes), "summary.json: bloc sizes")
    else:
        problems.append("summary.json: missing")

    for name in ["graph.graphml", "graph.gexf", "graph.dot", "heatmap.svg", "network.svg", "map.svg", "report.html"]:
        check((folder / name).exists(), f"{name}: missing")
    return report()


def report():
    if problems:
        for problem in problems:
            print(f"pandas_check: {problem}")
        return 1
    print(f"pandas_check: {len(COLUMNS)} CSV files match the documented columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
