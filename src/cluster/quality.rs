//! Partition quality and agreement scores.
