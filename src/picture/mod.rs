//! Pictures on cards: reading SVG and PNG files, drawing them in the terminal, and what is
//! drawn over them for image-occlusion items.

pub mod cache;
pub mod draw;
pub mod graphics;
pub mod layout;
pub mod overlay;
pub mod probe;
pub mod raster;
pub mod source;
pub mod widget;

pub use graphics::{Graphics, Mode};
pub use overlay::Overlay;
pub use probe::{Format, ImageError, Info};
pub use widget::{PictureView, Pictures};
