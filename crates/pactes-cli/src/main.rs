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
            pactes_batch::log_line(format_args!("error: {}", chain(&e)));
            2
        }
    };
    std::process::exit(code);
}

/// An error and its causes on one line, `: `-separated, leaving out a cause whose text the
/// line holds already (library errors often say their source's message themselves).
fn chain(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !line.contains(&c) {
            line.push_str(": ");
            line.push_str(&c);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::chain;
    use anyhow::Context;

    #[test]
    fn an_error_line_says_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        // a cause that the message above it already says is not repeated …
        let said = anyhow::Error::new(io).context("g.jsonl: cannot read: No such file");
        assert_eq!(chain(&said), "g.jsonl: cannot read: No such file");
        // … one it does not say is
        let e: anyhow::Result<()> = Err(anyhow::anyhow!("No such file"));
        let e = e.context("reading g.jsonl").unwrap_err();
        assert_eq!(chain(&e), "reading g.jsonl: No such file");
    }
}
