//! TEMP: replaced by the tui branch.
pub fn set_current(_text: &str) {}
