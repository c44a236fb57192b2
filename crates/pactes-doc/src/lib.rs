//! Plain data types that flow between the pipeline stages (Document → Page → Block →
//! Passage → TaggedPassage), plus the pure segmentation stage (`segment`).
//!
//! No stage below knows about PDFs or tantivy: this crate is the contract between them.

mod annex;
pub mod model;
pub mod segment;
pub mod text;

pub use model::*;
