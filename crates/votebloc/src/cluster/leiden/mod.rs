//! Leiden community detection (Traag, Waltman & van Eck 2019, "From Louvain to Leiden:
//! guaranteeing well-connected communities", Sci. Rep. 9:5233) on a
//! [`CsrGraph`](crate::cluster::csr::CsrGraph), maximising modularity, CPM or signed modularity.
//!
//! - [`leiden`] runs the algorithm with [`LeidenParams`] and returns a [`Partition`].
//! - [`Objective`] names the quality function; [`Objective::quality`] scores any partition.
//! - [`disconnected_communities`] helps check results; communities are numbered by
//!   [`canonical_membership`](crate::cluster::canonical_membership).

mod algorithm;
mod params;
mod partition;
mod quality;

pub(crate) use algorithm::derive_seed;
pub use algorithm::leiden;
pub(crate) use algorithm::leiden_cpm_sized;
pub use params::{DEFAULT_THETA, LeidenError, LeidenParams, LeidenValidParams, Objective};
pub(crate) use partition::split_disconnected;
pub use partition::{Partition, disconnected_communities};

#[cfg(test)]
pub(crate) mod test_graphs;
#[cfg(test)]
mod tests;
