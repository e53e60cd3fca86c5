//! Community detection and clustering: Leiden (one folder), consensus, linfa-based methods on
//! an embedding (one folder), and quality scores.

pub mod consensus;
pub mod csr;
pub mod embedding;
pub mod leiden;
pub mod quality;
