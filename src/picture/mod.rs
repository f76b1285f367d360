//! Pictures on cards: reading SVG and PNG files, drawing them in the terminal, and what is
//! drawn over them for image-occlusion items.

mod background;
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

/// A region named `id` (its label too), for the drawing tests.
#[cfg(test)]
fn test_region(id: &str, shape: crate::deck::model::Shape) -> crate::deck::model::Region {
    crate::deck::model::Region {
        id: id.to_string(),
        label: id.to_string(),
        alternatives: Vec::new(),
        hint: None,
        shape,
    }
}
