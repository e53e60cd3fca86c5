#!/usr/bin/env bash
# Side-by-side comparison of votebloc with the Python and R peers, end to end, one command:
#
#   benches/compare/run.sh [--rounds 5] [--large-rounds 3] [--only NAME…] [--no-r] [--data DIR]
#
# Needs: python3 with numpy pandas igraph leidenalg networkx scikit-learn
#   (pip install numpy pandas igraph leidenalg networkx scikit-learn);
# optionally R with igraph and data.table
#   (apt-get install -y r-base-core r-cran-igraph r-cran-data.table; the R peer is skipped
#   with a note otherwise; libopenblas0-pthread makes R's matrix products use OpenBLAS).
# Writes target/compare/results.md and results.json; prints the markdown tables.
set -euo pipefail
cd "$(dirname "$0")/../.."

python3 -c 'import numpy, pandas, igraph, leidenalg, networkx, sklearn' || {
    echo "missing Python packages: pip install numpy pandas igraph leidenalg networkx scikit-learn" >&2
    exit 1
}

# The release binary and the planted-data writer, rebuilt right before measuring.
cargo build --release --bin votebloc --example write_planted
mkdir -p target/compare
rustc -O --edition 2021 benches/compare/floor.rs -o target/compare/floor

exec python3 benches/compare/compare.py "$@"
