//! `pactes build` and `pactes ingest`: fill a `BuildConfig` and print the run summary.

use crate::args::{BuildArgs, IndexPaths, IngestArgs, Verbosity};
use pactes_batch::progress::Verbosity as Level;
use pactes_batch::{BatchError, BuildConfig, RunSummary};
use std::time::Duration;

fn config(paths: &IndexPaths, v: &Verbosity, timeout: u64) -> BuildConfig {
    BuildConfig {
        corpus: paths.corpus.clone(),
        out: paths.out.clone(),
        index: paths.index.clone(),
        taxonomy: paths.taxonomy.clone(),
        timeout: Duration::from_secs(timeout.max(1)),
        verbosity: if v.quiet {
            Level::Quiet
        } else if v.verbose {
            Level::Verbose
        } else {
            Level::Normal
        },
        ..BuildConfig::new()
    }
}

pub fn build(a: BuildArgs) -> anyhow::Result<i32> {
    let mut cfg = config(&a.paths, &a.verbosity, a.timeout);
    cfg.region = a.region;
    cfg.password = a.password;
    cfg.force = a.force;
    report(pactes_batch::build(&cfg), a.json)
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let mut cfg = config(&a.paths, &a.verbosity, a.timeout);
    cfg.region = a.region;
    cfg.password = a.password;
    report(pactes_batch::ingest(&cfg, &a.files, &a.replace), a.json)
}

fn report(r: Result<RunSummary, BatchError>, json: bool) -> anyhow::Result<i32> {
    let summary = r?;
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    }
    eprintln!("{}", summary.human());
    Ok(summary.exit_code())
}
