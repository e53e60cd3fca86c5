//! Members × motions vote matrix and its bit-plane form.
