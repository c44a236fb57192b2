//! One function per subcommand: turn arguments into library calls, print results.

/// `println!` for results: writes a line to stdout, and a reader that went away (`pactes
/// search … | head`) is not an error (see `out`).
macro_rules! outln {
    ($($t:tt)*) => {
        $crate::cmd::out(format_args!($($t)*))?
    };
}

/// `eprintln!` for logs and errors, without its panic when stderr is closed
/// (`pactes_batch::log_line`).
macro_rules! errln {
    ($($t:tt)*) => {
        pactes_batch::log_line(format_args!($($t)*))
    };
}

mod batch;
mod eval;
mod extract;
mod search;
mod serve;

use crate::args::{Cli, Command};
use anyhow::Context;
use std::io::Write;

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

/// Writes `s` and a newline to stdout. When the reader has gone (a closed pipe: `pactes search
/// … | head`), what it did not read was not wanted: the line is dropped, not a panic nor an
/// error, and the command ends with its own exit code.
pub(crate) fn out(s: std::fmt::Arguments) -> anyhow::Result<()> {
    write_out(format!("{s}\n").as_bytes())
}

/// Writes bytes to stdout, a closed pipe being the end of what is wanted (see `out`).
pub(crate) fn write_out(bytes: &[u8]) -> anyhow::Result<()> {
    let mut o = std::io::stdout().lock();
    match o.write_all(bytes).and_then(|()| o.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to stdout"),
    }
}
