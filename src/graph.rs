//! Similarity graph construction.
