"""Side-by-side timing of votebloc and its Python and R peers, whole processes, one run.

    python3 benches/compare/compare.py [--data /work/shared/data] [--work DIR] [--rounds 5]

Usually started by `benches/compare/run.sh`, which builds the binaries first. For every input,
every tool is run `rounds` times, the order of the tools rotating from round to round (so that
noise from other processes on the machine falls on all of them alike); the median wall time and
the peak resident memory of each process (GNU time's `%M`) are reported, with the
agreement of each peer's partition with votebloc's (NMI and ARI, scikit-learn) and, for planted
data, with the truth.

votebloc is also timed with `--consensus 1`: one Leiden run instead of its default 20 runs and
consensus, the clustering work the peers do, for a like-for-like ratio next to the default one.

The floor is measured the same way: `floor.rs` (read the file once and split it into CSV records
and fields, RFC 4180 quoting, keeping nothing) and `wc -l`.
"""

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PEER_ENV_UNSET = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]
LEIDEN_PEER = "pandas + igraph/leidenalg"
# votebloc with the clustering work of the peers: one Leiden run (its default is 20 runs and a
# consensus partition, which the stability column needs). Everything else it does is unchanged.
ONE_RUN = "votebloc --consensus 1 (one Leiden run, as the peers)"


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Inputs and tools


class Input:
    def __init__(self, name, files, kind, rounds, votebloc_extra=(), roll_calls=None, truth=None):
        self.name = name
        self.files = [Path(f) for f in files]  # the votes file first
        self.kind = kind  # "analyze" or "sessions"
        self.rounds = rounds
        self.votebloc_extra = list(votebloc_extra)
        self.roll_calls = roll_calls
        self.truth = truth
        self.prepare = None  # writes the input first (planted data)

    @property
    def votes(self):
        return self.files[0]


def r_available():
    if shutil.which("Rscript") is None:
        return "Rscript not found (apt-get install -y r-base-core r-cran-igraph r-cran-data.table)"
    check = subprocess.run(
        ["Rscript", "-e", "suppressMessages({library(igraph); library(data.table)})"],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        return "R packages igraph or data.table missing: " + check.stderr.strip()[-200:]
    return None


def tools_for(inp, work, binary, floor, with_r):
    """(tool name, argv, output path) for every tool, floor included."""
    out = work / slug(inp.name)
    out.mkdir(parents=True, exist_ok=True)
    unset = ["env"] + [a for v in PEER_ENV_UNSET for a in ("-u", v)]
    python = [*unset, sys.executable]
    tools = []
    for name, folder, extra in (
        ("votebloc", "votebloc", []),
        (ONE_RUN, "votebloc_one_run", ["--consensus", "1"]),
    ):
        vb_dir = out / folder
        if inp.kind == "sessions":
            argv = [
                str(binary), "timeline", str(inp.votes), "--roll-calls", str(inp.roll_calls),
                "--lenient", "--by", "session", *extra, "-o", str(vb_dir),
            ]
            tools.append((name, argv, vb_dir / "timeline.csv"))
        else:
            argv = [
                str(binary), "analyze", str(inp.votes), *inp.votebloc_extra, *extra,
                "-o", str(vb_dir),
            ]
            tools.append((name, argv, vb_dir / "blocs.csv"))
    sessions = ["--sessions", str(inp.roll_calls)] if inp.kind == "sessions" else []
    for peer in ("peer_leiden", "peer_networkx"):
        target = out / f"{peer}.csv"
        tools.append(
            (
                {"peer_leiden": LEIDEN_PEER, "peer_networkx": "pandas + networkx louvain"}[peer],
                [*python, str(HERE / f"{peer}.py"), str(inp.votes), "-o", str(target), *sessions],
                target,
            )
        )
    if with_r:
        target = out / "peer_igraph.csv"
        extra = [str(inp.roll_calls)] if inp.kind == "sessions" else []
        tools.append(
            (
                "R data.table + igraph cluster_leiden",
                [*unset, "Rscript", str(HERE / "peer_igraph.R"), str(inp.votes), str(target), *extra],
                target,
            )
        )
    floor_files = [str(f) for f in inp.files]
    tools.append(("floor: read + tokenise (floor.rs)", [str(floor), *floor_files], None))
    tools.append(("floor: wc -l", ["wc", "-l", *floor_files], None))
    return tools


# ---------------------------------------------------------------------------------------------
# Timing


GNU_TIME = "/usr/bin/time"


def measure(argv, env, stderr_path):
    """Wall seconds and peak RSS (MiB) of one process (and its waited-for children).

    The peak comes from GNU time (`%M`): a process forked from this Python interpreter would
    count the interpreter's own pages as its peak until it execs, which inflates small tools.
    """
    rss_file = stderr_path.with_suffix(".rss")
    launcher = [GNU_TIME, "-f", "%M", "-o", str(rss_file)] if os.path.exists(GNU_TIME) else []
    with open(stderr_path, "ab") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [*launcher, *argv], stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} … exited with {process.returncode}; see {stderr_path}")
    peak_kib = usage.ru_maxrss
    if launcher:
        text = rss_file.read_text().strip().splitlines()
        peak_kib = int(text[-1]) if text and text[-1].isdigit() else peak_kib
    return wall, peak_kib / 1024.0


def time_input(inp, tools, env, work, warm_up):
    logs = work / slug(inp.name) / "stderr"
    logs.mkdir(parents=True, exist_ok=True)
    # The input in the page cache for everyone, and, for the first input, one untimed run of
    # each tool so that the interpreters' and libraries' files are cached too.
    for name, argv, _ in tools:
        if warm_up or name.startswith("floor"):
            measure(argv, env, logs / f"{slug(name)}.log")
    samples = defaultdict(list)
    for round_index in range(inp.rounds):
        shift = round_index % len(tools)
        order = tools[shift:] + tools[:shift]
        for name, argv, _ in order:
            samples[name].append(measure(argv, env, logs / f"{slug(name)}.log"))
        log(
            f"  {inp.name}: round {round_index + 1}/{inp.rounds}: "
            + ", ".join(f"{n.split(' ')[0]} {samples[n][-1][0]:.2f}s" for n, _, _ in tools)
        )
    return samples


def slug(name):
    """A file name for a tool or input name: ASCII letters and digits, `_` for the rest."""
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in name)[:40]


# ---------------------------------------------------------------------------------------------
# Agreement between partitions


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def votebloc_members(path):
    """votebloc member code → name, from members.csv next to the output."""
    return {r["member"]: r["name"] for r in read_rows(path)}


def member_mapping(peer_ids, vb_names, votes_file, vb_votes_file):
    """Maps each peer member id to a votebloc member code: same code, else same name, else the
    votebloc member whose (motion, vote) pairs overlap most (Jaccard ≥ 0.5) — for the unvotes
    country names that votebloc's registry spells differently (United States → USA)."""
    mapping = {}
    by_name = defaultdict(list)
    for code, name in vb_names.items():
        by_name[name].append(code)
    left = []
    for peer_id in peer_ids:
        if peer_id in vb_names:
            mapping[peer_id] = peer_id
        elif len(by_name.get(peer_id, [])) == 1:
            mapping[peer_id] = by_name[peer_id][0]
        else:
            left.append(peer_id)
    taken = set(mapping.values())
    free = [code for code in vb_names if code not in taken]
    if left and free and vb_votes_file is not None and vb_votes_file.exists():
        import pandas as pd

        peer_votes = pd.read_csv(votes_file, usecols=["rcid", "country", "vote"]).astype(str)
        peer_votes = peer_votes[peer_votes["country"].isin(left)]
        vb_votes = pd.read_csv(vb_votes_file, usecols=["motion", "member", "vote"]).astype(str)
        vb_votes = vb_votes[vb_votes["member"].isin(free)]
        peer_sets = {
            k: set(zip(g["rcid"], g["vote"])) for k, g in peer_votes.groupby("country")
        }
        vb_sets = {k: set(zip(g["motion"], g["vote"])) for k, g in vb_votes.groupby("member")}
        for peer_id in left:
            mine = peer_sets.get(peer_id, set())
            best, best_score = None, 0.0
            for code, theirs in vb_sets.items():
                union = len(mine | theirs)
                score = len(mine & theirs) / union if union else 0.0
                if score > best_score:
                    best, best_score = code, score
            if best is not None and best_score >= 0.5:
                mapping[peer_id] = best
    return mapping


def partitions(path, sessions, mapping=None):
    """{period: {member: bloc}} (period None without sessions), members mapped when asked."""
    result = defaultdict(dict)
    for row in read_rows(path):
        member = row["member"]
        if mapping is not None:
            member = mapping.get(member)
            if member is None:
                continue
        period = row["period"] if sessions else None
        result[period][member] = row["bloc"]
    return result


def agreement(a, b):
    """Mean NMI and ARI over the periods both have, on the members both have; the number of
    periods and members compared."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    nmis, aris, members = [], [], 0
    for period in sorted(set(a) & set(b), key=str):
        common = sorted(set(a[period]) & set(b[period]))
        if len(common) < 2:
            continue
        x = [a[period][m] for m in common]
        y = [b[period][m] for m in common]
        nmis.append(normalized_mutual_info_score(x, y))
        aris.append(adjusted_rand_score(x, y))
        members += len(common)
    if not nmis:
        return None
    return {
        "nmi": statistics.fmean(nmis),
        "ari": statistics.fmean(aris),
        "nmi_min": min(nmis),
        "periods": len(nmis),
        "members": members,
    }


def bloc_count(partition):
    counts = [len(set(p.values())) for p in partition.values()]
    if not counts:
        return ""
    if len(counts) == 1:
        return str(counts[0])
    return f"{statistics.median(counts):g} (median)"


def compare_input(inp, tools, mapping_cache):
    sessions = inp.kind == "sessions"
    vb_name, _, vb_output = tools[0]
    vb = partitions(vb_output, sessions)
    # Member names of votebloc: members.csv of analyze, or timeline.csv's name column.
    if sessions:
        vb_names = {r["member"]: r["name"] for r in read_rows(vb_output)}
        vb_votes = mapping_cache.get("unvotes_votes")
    else:
        vb_names = votebloc_members(vb_output.parent / "members.csv")
        vb_votes = vb_output.parent / "votes.csv"
        if inp.votes.name == "un_votes.csv":
            mapping_cache["unvotes_votes"] = vb_votes
    truth = partitions(inp.truth, False) if inp.truth else None
    results = {vb_name: {"blocs": bloc_count(vb)}}
    if truth:
        results[vb_name]["truth"] = agreement(vb, truth)
    for name, _, output in tools[1:]:
        if output is None:
            continue
        peer_ids = {r["member"] for r in read_rows(output)}
        key = (str(inp.votes), frozenset(peer_ids))
        if key not in mapping_cache:
            mapping_cache[key] = member_mapping(
                sorted(peer_ids), vb_names, inp.votes, vb_votes
            )
        mapping = mapping_cache[key]
        peer = partitions(output, sessions, mapping)
        results[name] = {
            "blocs": bloc_count(peer),
            "vs_votebloc": agreement(vb, peer),
            "mapped": f"{len(mapping)}/{len(peer_ids)}",
        }
        if truth:
            results[name]["truth"] = agreement(peer, truth)
    return results


# ---------------------------------------------------------------------------------------------
# Report


def fmt(value, digits=3):
    return "" if value is None else f"{value:.{digits}f}"


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "free": memory,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def source_state():
    """The commit measured and whether src/ or Cargo.* had uncommitted changes (read-only git)."""
    def git(*args):
        try:
            return subprocess.run(
                ["git", "-C", str(ROOT), *args], capture_output=True, text=True
            ).stdout.strip()
        except OSError:
            return ""

    changed = git("status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock")
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_source_files": len(changed.splitlines()) if changed else 0,
    }


def versions(with_r):
    found = {}
    for module in ("numpy", "pandas", "igraph", "leidenalg", "networkx", "sklearn"):
        try:
            mod = __import__(module)
            found[module] = getattr(mod, "__version__", "")
        except ImportError:
            found[module] = "missing"
    if with_r:
        r = subprocess.run(
            [
                "Rscript", "-e",
                'cat(R.version$major, ".", R.version$minor, " igraph ", '
                'as.character(packageVersion("igraph")), " data.table ", '
                'as.character(packageVersion("data.table")), " BLAS ", '
                "sessionInfo()$BLAS, sep='')",
            ],
            capture_output=True,
            text=True,
        )
        found["R"] = r.stdout.strip()
    return found


def report(inputs, timings, agreements):
    lines = [
        "| input | tool | median wall (s) | range (s) | peer / votebloc | peak RSS (MiB) "
        "| blocs | NMI vs votebloc | ARI vs votebloc | NMI vs truth | ARI vs truth |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    summary = [
        "| input | runs | votebloc (s) | floor: tokenise (s) | floor: wc -l (s) "
        "| votebloc / tokenise | pandas + leidenalg / votebloc | fastest peer / votebloc "
        "| votebloc, one run (s) | pandas + leidenalg / votebloc, one run "
        "| votebloc peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for inp in inputs:
        samples = timings[inp.name]
        medians = {n: statistics.median(w for w, _ in s) for n, s in samples.items()}
        rss = {n: max(m for _, m in s) for n, s in samples.items()}
        vb = medians["votebloc"]
        for name in samples:
            walls = [w for w, _ in samples[name]]
            info = agreements.get(inp.name, {}).get(name, {})
            versus = info.get("vs_votebloc") or {}
            truth = info.get("truth") or {}
            own = name.startswith("votebloc") or name.startswith("floor")
            ratio = "" if own else f"{medians[name] / vb:.1f}×"
            lines.append(
                f"| {inp.name} | {name} | {medians[name]:.3f} | {min(walls):.3f}–{max(walls):.3f} "
                f"| {ratio} | {rss[name]:.0f} | {info.get('blocs', '')} | {fmt(versus.get('nmi'))} "
                f"| {fmt(versus.get('ari'))} | {fmt(truth.get('nmi'))} | {fmt(truth.get('ari'))} |"
            )
        peers = [n for n in samples if not n.startswith("votebloc") and not n.startswith("floor")]
        fastest = min(medians[n] for n in peers) if peers else None
        tokenise = medians["floor: read + tokenise (floor.rs)"]
        leiden = medians.get(LEIDEN_PEER)
        one_run = medians.get(ONE_RUN)
        like_for_like = "" if leiden is None or one_run is None else f"{leiden / one_run:.1f}×"
        summary.append(
            f"| {inp.name} | {inp.rounds} | {vb:.3f} | {tokenise:.3f} | {medians['floor: wc -l']:.3f} "
            f"| {vb / tokenise:.1f}× | {'' if leiden is None else f'{leiden / vb:.1f}×'} "
            f"| {'' if fastest is None else f'{fastest / vb:.1f}×'} "
            f"| {'' if one_run is None else f'{one_run:.3f}'} | {like_for_like} "
            f"| {rss['votebloc']:.0f} |"
        )
    return "\n".join(lines) + "\n\n" + "\n".join(summary) + "\n"


# ---------------------------------------------------------------------------------------------


def planted_input(work, writer, name, members, motions, rounds, reuse):
    votes = work / "inputs" / f"{slug(name)}.csv"
    truth = work / "inputs" / f"{slug(name)}_truth.csv"

    def prepare():
        if reuse and votes.exists() and truth.exists():
            return
        votes.parent.mkdir(parents=True, exist_ok=True)
        log(f"writing {votes} ({members} × {motions}, 8 blocs, seed 7)")
        subprocess.run(
            [
                str(writer), "--members", str(members), "--motions", str(motions),
                "--blocs", "8", "--seed", "7", "--votes", str(votes), "--truth", str(truth),
            ],
            check=True,
        )

    planted = Input(name, [votes], "analyze", rounds, truth=truth)
    planted.prepare = prepare
    return planted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/work/shared/data", type=Path)
    parser.add_argument("--work", default=ROOT / "target" / "compare", type=Path)
    parser.add_argument("--binary", default=ROOT / "target" / "release" / "votebloc", type=Path)
    parser.add_argument(
        "--writer", default=ROOT / "target" / "release" / "examples" / "write_planted", type=Path
    )
    parser.add_argument("--floor", default=None, type=Path)
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per tool and input")
    parser.add_argument(
        "--large-rounds", type=int, default=3, help="timed runs on planted 2,000 × 20,000"
    )
    parser.add_argument("--only", nargs="*", help="input names to run (default: all)")
    parser.add_argument("--no-r", action="store_true", help="leave the R peer out")
    parser.add_argument(
        "--reuse-inputs",
        action="store_true",
        help="keep planted CSVs already written (default: write them afresh)",
    )
    args = parser.parse_args()

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    floor = args.floor or work / "floor"
    data = args.data
    r_problem = "left out (--no-r)" if args.no_r else r_available()
    with_r = r_problem is None
    if r_problem:
        log(f"R peer skipped: {r_problem}")

    unvotes = data / "unvotes"
    inputs = [
        Input("unvotes 1946–2019 (870k votes)", [unvotes / "un_votes.csv"], "analyze", args.rounds),
        Input(
            "unvotes, 74 sessions one by one",
            [unvotes / "un_votes.csv", unvotes / "un_roll_calls.csv"],
            "sessions",
            args.rounds,
            roll_calls=unvotes / "un_roll_calls.csv",
        ),
        Input(
            "Voteview Senate 117 (95k votes)",
            [data / "voteview" / "S117_votes.csv", data / "voteview" / "S117_members.csv"],
            "analyze",
            args.rounds,
            votebloc_extra=["--members", str(data / "voteview" / "S117_members.csv")],
        ),
        planted_input(
            work, args.writer, "planted 1000x1500", 1000, 1500, args.rounds, args.reuse_inputs
        ),
        planted_input(
            work, args.writer, "planted 2000x20000", 2000, 20000, args.large_rounds,
            args.reuse_inputs,
        ),
    ]
    if args.only:
        inputs = [i for i in inputs if any(o in i.name for o in args.only)]

    env = dict(os.environ)
    # The peers' bytecode caches go to the work folder, not next to the scripts.
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    started = time.time()
    timings, agreements, mapping_cache = {}, {}, {}
    for position, inp in enumerate(inputs):
        if inp.prepare is not None:
            inp.prepare()
        log(f"{inp.name}: {inp.rounds} rounds")
        tools = tools_for(inp, work, args.binary, floor, with_r)
        timings[inp.name] = time_input(inp, tools, env, work, warm_up=position == 0)
        agreements[inp.name] = compare_input(inp, tools, mapping_cache)

    table = report(inputs, timings, agreements)
    result = {
        "machine": machine(),
        "versions": versions(with_r),
        "source": source_state(),
        "r_peer": r_problem or "included",
        "command": " ".join([sys.executable, *sys.argv]),
        "seconds": time.time() - started,
        "timings": {k: {n: s for n, s in v.items()} for k, v in timings.items()},
        "agreements": agreements,
    }
    (work / "results.json").write_text(json.dumps(result, indent=2, default=str))
    (work / "results.md").write_text(table)
    print(table)
    source = result["source"]
    print(
        f"votebloc at {source['commit']} ({source['uncommitted_source_files']} uncommitted "
        f"source files); {result['seconds']:.0f} s; {json.dumps(result['machine']['cpu'])}, "
        f"{result['machine']['nproc']} cores"
    )
    if r_problem:
        print(f"R peer: {r_problem}")
    log(f"done in {result['seconds']:.0f} s; {work / 'results.md'}, {work / 'results.json'}")


if __name__ == "__main__":
    main()
