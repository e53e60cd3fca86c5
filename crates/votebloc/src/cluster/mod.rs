//! Community detection and clustering: Leiden (one folder), consensus, linfa-based methods on
//! an embedding (one folder), quality scores and the separation of pairs of blocs; one [`Method`] enum names them and one
//! [`canonical_membership`] numbers their groups.

pub mod consensus;
pub mod csr;
pub mod embedding;
pub mod leiden;
mod membership;
mod method;
pub mod quality;
pub mod scan;
pub mod separation;

pub use membership::canonical_membership;
pub use method::Method;
