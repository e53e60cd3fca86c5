//! Bloc cohesion: Rice index and the Hix–Noury–Roland Agreement Index.
