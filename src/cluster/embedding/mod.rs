//! linfa-based clustering on an embedding of the similarity.
