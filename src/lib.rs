//! somadeck: spaced-repetition drills for the anatomy behind craniosacral therapy courses.
//!
//! The core (`deck`) knows no terminal and reads no clock; the edges (`commands`, `main`) do.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod deck;
pub mod paths;
