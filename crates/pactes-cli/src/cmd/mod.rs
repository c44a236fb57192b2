//! One function per subcommand: turn arguments into library calls, print results.

mod extract;

use crate::args::{Cli, Command};

/// Runs the subcommand; returns the process exit code (errors are fatal: exit 2).
pub fn dispatch(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        _ => anyhow::bail!("not built yet"),
    }
}
