//! Compressed sparse row copy of a weighted undirected graph.
