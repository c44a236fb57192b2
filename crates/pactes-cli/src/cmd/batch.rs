//! `pactes build` and `pactes ingest`: fill a `BuildConfig` and print the run summary.

use crate::args::{BuildArgs, IndexPaths, IngestArgs, RunFlags};
use pactes_batch::progress::Verbosity as Level;
use pactes_batch::{BatchError, BuildConfig, RunSummary};
use std::time::Duration;

fn config(paths: &IndexPaths, run: RunFlags) -> (BuildConfig, bool) {
    let v = &run.verbosity;
    let cfg = BuildConfig {
        corpus: paths.corpus.clone(),
        out: paths.out.clone(),
        index: paths.index.clone(),
        taxonomy: paths.taxonomy.clone(),
        region: run.region,
        password: run.password,
        timeout: Duration::from_secs(run.timeout.max(1)),
        verbosity: if v.quiet {
            Level::Quiet
        } else if v.verbose {
            Level::Verbose
        } else {
            Level::Normal
        },
        ..BuildConfig::new()
    };
    (cfg, run.json)
}

pub fn build(a: BuildArgs) -> anyhow::Result<i32> {
    let (mut cfg, json) = config(&a.paths, a.run);
    cfg.force = a.force;
    report(pactes_batch::build(&cfg), json)
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let (cfg, json) = config(&a.paths, a.run);
    report(pactes_batch::ingest(&cfg, &a.files, &a.replace), json)
}

fn report(r: Result<RunSummary, BatchError>, json: bool) -> anyhow::Result<i32> {
    let summary = r?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&summary)?);
    }
    errln!("{}", summary.human());
    Ok(summary.exit_code())
}
