"""votebloc ideal side by side with R's pscl::ideal, MCMCpack::MCMCirt1d, wnominate and
emIRT::binIRT on one Senate (Voteview), in one run: time and correlation with votebloc, with
the members file's nominate_dim1 (DW-NOMINATE) and nokken_poole_dim1.

    python3 benches/compare/ideal_compare.py [--congress 117] [--peers pscl mcmcpack …]

Needs R with pscl and MCMCpack (Debian r-cran-pscl, r-cran-mcmcpack) and, for the other two,
wnominate and emIRT installed from ../shared/peers (R CMD INSTALL -l DIR …; emIRT needs
r-cran-rcpparmadillo), their library in VOTEBLOC_RLIB. Data: ../shared/data/voteview.
Prints a markdown table."""
import argparse, os, subprocess, tempfile, time
import numpy as np, pandas as pd

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# ../shared beside the clone (or beside the worktrees' folder).
data = next((d for d in (os.path.join(root, "..", "shared", "data", "voteview"),
                         os.path.join(root, "..", "..", "shared", "data", "voteview")) if os.path.isdir(d)),
            os.path.join(root, "..", "shared", "data", "voteview"))
binary = os.path.join(root, "target", "release", "votebloc")

def path(congress, kind):
    p = os.path.join(data, f"S{congress}_{kind}.csv")
    return p if os.path.exists(p) else p + ".gz"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--congress", type=int, default=117)
    ap.add_argument("--peers", nargs="*", default=["pscl", "mcmcpack", "wnominate", "emirt"])
    args = ap.parse_args()
    members = pd.read_csv(path(args.congress, "members"))
    members = members[members.chamber == "Senate"].copy()
    members["member"] = members.icpsr.astype(int).astype(str)
    votes = pd.read_csv(path(args.congress, "votes"))
    votes["member"] = votes.icpsr.astype(int).astype(str)
    votes = votes[votes.member.isin(members.member)]
    votes["v"] = np.select([votes.cast_code.between(1, 3), votes.cast_code.between(4, 6)], [1.0, 0.0], np.nan)
    matrix = votes.pivot_table(index="member", columns="rollnumber", values="v", aggfunc="first")
    # The rules votebloc applies: lopsided roll calls (< 2.5 %) out, then members with < 20 votes.
    yes, cast = matrix.sum(), matrix.notna().sum()
    matrix = matrix.loc[:, (np.minimum(yes, cast - yes) >= 0.025 * cast) & (cast > 0)]
    matrix = matrix[matrix.notna().sum(axis=1) >= 20]
    with tempfile.TemporaryDirectory() as tmp:
        matrix_path = os.path.join(tmp, "matrix.csv")
        matrix.to_csv(matrix_path, na_rep="")
        republican = members.set_index("member").party_code.reindex(matrix.index).eq(200).values.argmax() + 1
        results = {}
        for name, extra in [("votebloc", ["--bootstrap", "0"]), ("votebloc (50 bootstrap)", [])]:
            out = os.path.join(tmp, "vb")
            start = time.perf_counter()
            subprocess.run([binary, "ideal", path(args.congress, "votes"), "--members", path(args.congress, "members"),
                            "--model", "binary", "-o", out] + extra, check=True, capture_output=True)
            seconds = time.perf_counter() - start
            fit = pd.read_csv(os.path.join(out, "ideal.csv"), dtype={"member": str})
            results[name] = (fit.set_index("member").ideal, seconds)
        env = dict(os.environ, VOTEBLOC_ANCHOR_ROW=str(republican))
        r = subprocess.run(["Rscript", os.path.join(root, "benches", "compare", "ideal_peers.R"), matrix_path, tmp] + args.peers,
                           capture_output=True, text=True, env=env)
        for line in r.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2 and os.path.exists(os.path.join(tmp, parts[0] + ".csv")):
                fit = pd.read_csv(os.path.join(tmp, parts[0] + ".csv"), dtype={"member": str})
                results[parts[0]] = (fit.set_index("member").ideal, float(parts[1]))
            else:
                print("#", line)
        if r.returncode:
            print("# R:", r.stderr[-2000:])
    ours, ours_time = results["votebloc"]
    truth = members.set_index("member")
    print(f"Senate {args.congress}: {matrix.shape[0]} senators x {matrix.shape[1]} roll calls, one run\n")
    print("| program | time (s) | time / votebloc | r with votebloc | r with nominate_dim1 | r with nokken_poole_dim1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (x, seconds) in results.items():
        x = x.astype(float)
        common = x.index.intersection(ours.index)
        sign = np.sign(np.corrcoef(x[common], ours[common])[0, 1])
        x = x * sign
        t = truth.reindex(x.index)
        cells = [f"{seconds:.3f}", f"{seconds / ours_time:.0f}x" if name != "votebloc" else "1x",
                 f"{np.corrcoef(x[common], ours[common])[0, 1]:.4f}",
                 f"{x.corr(t.nominate_dim1):.4f}", f"{x.corr(t.nokken_poole_dim1):.4f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")

main()
