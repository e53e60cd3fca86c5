//! linfa-based clustering on an embedding of the similarity: classical MDS / spectral
//! embedding, then k-means, Gaussian mixture or hierarchical clustering.
