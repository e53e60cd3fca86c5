//! Swing members: split votes, defection, bridging, instability, pivots.
