//! Agreement indices between members.
