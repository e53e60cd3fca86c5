//! Leiden community detection.
