//! Pictures on cards: reading SVG and PNG files, drawing them in the terminal, and what is
//! drawn over them for image-occlusion items.

pub mod overlay;
pub mod probe;
pub mod source;

pub use overlay::Overlay;
pub use probe::{Format, ImageError, Info};
