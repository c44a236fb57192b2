//! One function per subcommand: turn arguments into library calls, print results.

mod batch;
mod eval;
mod extract;
mod search;
mod serve;

use crate::args::{Cli, Command};

/// Runs the subcommand; returns the process exit code (errors are fatal: exit 2).
pub fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Build(a) => batch::build(a),
        Command::Ingest(a) => batch::ingest(a),
        Command::Search(a) => search::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Serve(a) => serve::run(a),
    }
}
