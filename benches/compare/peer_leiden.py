"""Peer recipe: pandas + numpy agreement index, igraph similarity graph, leidenalg (modularity).

    python3 peer_leiden.py INPUT -o blocs.csv [--sessions un_roll_calls.csv] [--seed 42]

One leidenalg run (n_iterations=-1: until no improvement), seeded; see peer_common.py for the
shared steps.
"""

import sys

# No __pycache__ next to the scripts.
sys.dont_write_bytecode = True

import igraph as ig
import leidenalg

from peer_common import run


def leiden_blocs(n, i, j, w, seed):
    graph = ig.Graph(n=n, edges=list(zip(i.tolist(), j.tolist())))
    graph.es["weight"] = w.tolist()
    partition = leidenalg.find_partition(
        graph, leidenalg.ModularityVertexPartition, weights="weight", n_iterations=-1, seed=seed
    )
    return partition.membership


if __name__ == "__main__":
    run(sys.argv[1:], leiden_blocs, __doc__)
