//! Consensus over seeded runs.
