"""The pandas + numpy part of the peer recipes (benches/compare/peer_*.py).

What people write today to find voting blocs in Python: read the votes with pandas, pivot them to
a member × motion matrix, compute the agreement index of every pair with numpy, build a
similarity graph and hand it to a community-detection library. Everything here is that recipe,
written the efficient way (matrix products, not a loop over pairs), so that the comparison with
votebloc is against a competent peer, not a strawman.

Choices made to match `votebloc analyze` defaults, so that the partitions can be compared:
- agreement index (Lijphart; Voeten): yes = 1, abstain = 0.5, no = 0; similarity of two members =
  mean of 1 − |a − b| over the motions both voted on (yes/no/abstain); no common vote → no
  similarity;
- graph: each member's 30 most similar members (ties: smaller row first), the union of those
  pairs, weight = similarity (votebloc's default `k-nearest:30`);
- members ordered by their code (sorted), motions as they come.
"""

import csv
import sys

import numpy as np
import pandas as pd

VOTE_WORDS = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
# Voteview cast codes: 1-3 yea, 4-6 nay, 7-8 present (abstain); 0 and 9 are not votes.
VOTEVIEW_CODES = {1: 1.0, 2: 1.0, 3: 1.0, 4: 0.0, 5: 0.0, 6: 0.0, 7: 0.5, 8: 0.5}


def detect(path):
    """The input format from its header: unvotes, voteview or long."""
    with open(path, newline="", encoding="utf-8") as f:
        header = [h.strip().lstrip("\ufeff").lower() for h in next(csv.reader(f))]
    if {"rcid", "country", "vote"} <= set(header):
        return "unvotes"
    if {"rollnumber", "icpsr", "cast_code"} <= set(header):
        return "voteview"
    if {"motion", "member", "vote"} <= set(header):
        return "long"
    sys.exit(f"{path}: unknown header {header}")


def load(path):
    """The votes as a DataFrame `motion, member, value` (value 1 / 0.5 / 0), non-votes dropped."""
    kind = detect(path)
    if kind == "unvotes":
        df = pd.read_csv(path, usecols=["rcid", "country", "vote"])
        df = df.rename(columns={"rcid": "motion", "country": "member"})
        df["value"] = df["vote"].map(VOTE_WORDS)
    elif kind == "voteview":
        df = pd.read_csv(path, usecols=["rollnumber", "icpsr", "cast_code"])
        df["member"] = df["icpsr"].astype("int64").astype(str)
        df = df.rename(columns={"rollnumber": "motion"})
        df["value"] = df["cast_code"].map(VOTEVIEW_CODES)
    else:
        df = pd.read_csv(path, usecols=["motion", "member", "vote"])
        df["value"] = df["vote"].str.lower().map(VOTE_WORDS)
    return df.dropna(subset=["value"])[["motion", "member", "value"]]


def vote_matrix(df):
    """Member × motion matrix of values (NaN: no vote), members sorted by code."""
    return df.pivot(index="member", columns="motion", values="value").sort_index()


def agreement(matrix):
    """Agreement index of every pair of rows: (n × n float64, NaN where no common vote).

    The 0/1 indicator products are exact in float32 (counts below 2^24), so the result equals the
    pairwise definition; float64 only for the final division.
    """
    v = matrix.to_numpy(dtype=np.float32)
    yes = (v == 1.0).astype(np.float32)
    no = (v == 0.0).astype(np.float32)
    abstain = (v == 0.5).astype(np.float32)
    cast = yes + no + abstain
    common = (cast @ cast.T).astype(np.float64)
    yes_no = yes @ no.T
    abstain_other = abstain @ (yes + no).T
    disagreement = (yes_no + yes_no.T).astype(np.float64) + 0.5 * (
        abstain_other + abstain_other.T
    ).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        similarity = 1.0 - disagreement / common
    similarity[common == 0] = np.nan
    return similarity


def knn_edges(similarity, k=30):
    """Edges (i, j, weight), i < j: the union of each member's k most similar members."""
    n = similarity.shape[0]
    k = min(k, n - 1)
    scores = similarity.copy()
    np.fill_diagonal(scores, -np.inf)
    scores[np.isnan(scores)] = -np.inf
    nearest = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    rows = np.repeat(np.arange(n), k)
    cols = nearest.ravel()
    keep = np.isfinite(scores[rows, cols])
    rows, cols = rows[keep], cols[keep]
    pairs = np.unique(np.minimum(rows, cols) * n + np.maximum(rows, cols))
    i, j = pairs // n, pairs % n
    return i, j, similarity[i, j]


def numbered_by_size(membership):
    """Relabels blocs 1, 2, … by decreasing size (ties: first member first)."""
    membership = np.asarray(membership)
    labels, first, counts = np.unique(membership, return_index=True, return_counts=True)
    order = sorted(range(len(labels)), key=lambda b: (-counts[b], first[b]))
    rename = {labels[b]: rank + 1 for rank, b in enumerate(order)}
    return [rename[b] for b in membership]


def run(argv, find_blocs, description):
    """Command line shared by the peers: INPUT -o OUT [--sessions ROLL_CALLS] [--seed S]."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("input")
    parser.add_argument("-o", "--output", required=True, help="blocs CSV to write")
    parser.add_argument(
        "--sessions",
        metavar="ROLL_CALLS",
        help="unvotes roll-call table: one analysis per session (period,member,bloc)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--knn", type=int, default=30)
    args = parser.parse_args(argv)

    df = load(args.input)
    if args.sessions:
        sessions = pd.read_csv(args.sessions, usecols=["rcid", "session"])
        df = df.merge(sessions, left_on="motion", right_on="rcid")
        groups = df.groupby("session", sort=True)
    else:
        groups = [(None, df)]
    with open(args.output, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["period", "member", "bloc"] if args.sessions else ["member", "bloc"])
        for period, part in groups:
            matrix = vote_matrix(part)
            if matrix.shape[0] < 2:
                continue
            similarity = agreement(matrix)
            i, j, w = knn_edges(similarity, args.knn)
            blocs = numbered_by_size(find_blocs(matrix.shape[0], i, j, w, args.seed))
            for member, bloc in zip(matrix.index, blocs):
                out.writerow([period, member, bloc] if args.sessions else [member, bloc])
