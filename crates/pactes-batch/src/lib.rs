//! Orchestration of `pactes build` and `pactes ingest`: documents keyed by sha256, extracted
//! and tagged in parallel, streamed into one index commit, then `outputs/` regenerated from
//! the committed index.
//!
//! Invariants:
//! - a document whose sha256 is already indexed under the same file name is never re-extracted;
//! - a failing document never stops the batch: it is reported in the summary and the index keeps
//!   its previous passages for that file (nothing is deleted for a file that failed);
//! - the index moves by exactly one commit per run (or none when nothing changed);
//! - `outputs/` is written from the committed index, each file replaced atomically (temp + rename).

pub mod outputs;
pub mod progress;
mod run;

pub use progress::log_line;
pub use run::{build, ingest, pipeline_fingerprint, BatchError, BuildConfig, Failure, RunSummary};
