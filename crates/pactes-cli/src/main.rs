//! The `pactes` binary: parses arguments and dispatches to the library crates.
//!
//! Exit codes: 0 ok, 1 some inputs failed, 2 usage or fatal error. Logs go to stderr, results
//! to stdout (`--json` for machine output).

mod args;
mod cmd;

use clap::Parser;

/// mimalloc: the pipeline allocates many small strings (glyphs, words, tokens).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    // The isolated extraction worker: spawned by pactes-pdf, never typed by people.
    if argv.get(1).map(String::as_str) == Some("__extract-worker") {
        std::process::exit(pactes_pdf::worker_main(&argv[2..]));
    }
    let cli = args::Cli::parse();
    let code = match cmd::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
