"""Peer recipe: pandas + numpy agreement index, networkx graph, Louvain (networkx).

    python3 peer_networkx.py INPUT -o blocs.csv [--sessions un_roll_calls.csv] [--seed 42]

`networkx.community.louvain_communities` (modularity, resolution 1), seeded; see peer_common.py
for the shared steps.
"""

import sys

# No __pycache__ next to the scripts.
sys.dont_write_bytecode = True

import networkx as nx

from peer_common import run


def louvain_blocs(n, i, j, w, seed):
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(zip(i.tolist(), j.tolist(), w.tolist()))
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    membership = [0] * n
    for bloc, members in enumerate(communities):
        for member in members:
            membership[member] = bloc
    return membership


if __name__ == "__main__":
    run(sys.argv[1:], louvain_blocs, __doc__)
