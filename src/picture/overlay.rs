//! What is drawn over a picture for one review item: which regions are covered, which are
//! outlined, which carry a marker, and the legend beside the picture. Decided by the study
//! core (`study::present`), drawn by `picture::widget`; no terminal knowledge here.

/// Over the picture, for one item at one moment (question or answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    /// Region indexes covered by a solid box with a `?`.
    pub covered: Vec<usize>,
    /// Region indexes outlined (the answer's region).
    pub outlined: Vec<usize>,
    /// Markers: a region index and the short text placed at its centre (`"1"`, `"2"`, ...).
    pub marks: Vec<(usize, String)>,
    /// Lines shown beside or under the picture: `"1 frontal bone"`.
    pub legend: Vec<String>,
}
