//! Tagging of passages: region, axis and themes from an editable taxonomy; evaluation against gold quotes.
//!
//! - [`detect_region`] / [`canonical_region`]: which of the 18 regions a document is about.
//! - [`Taxonomy`]: the themes of the national plan with their cues, read from
//!   `taxonomy/themes.toml` at run time (national staff edit it).
//! - [`tag`]: axis and ranked themes (with scores and evidence) for each passage.
//! - [`eval`]: theme recall / axis accuracy against gold quotes.

pub mod eval;
mod region;
mod tagger;
mod taxonomy;

pub use region::{canonical_region, detect_region, RegionGuess, REGIONS};
pub use tagger::{axis_from_headings, axis_named_by, tag, HeadingAxis};
pub use taxonomy::{Cue, Settings, Taxonomy, Theme, DEFAULT_TAXONOMY_PATH, LINKS};

use std::path::PathBuf;

/// Errors of the tagging stage.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: invalid taxonomy: {msg}")]
    Taxonomy { path: PathBuf, msg: String },
    #[error("{path}:{line}: invalid gold quote: {msg}")]
    Gold {
        path: PathBuf,
        line: usize,
        msg: String,
    },
    #[error("{file}: region unclear ({candidates}); pass --region")]
    UnclearRegion { file: String, candidates: String },
}
