//! Progress reporting: an indicatif bar on a terminal, plain log lines on stderr otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// How much the run says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors and the final summary only.
    Quiet,
    /// A progress bar on a terminal, one line per document otherwise.
    #[default]
    Normal,
    /// Also the unchanged documents and the time of each stage.
    Verbose,
}

/// Reports documents as they are processed.
pub struct Progress {
    bar: Option<ProgressBar>,
    verbosity: Verbosity,
    start: Instant,
    total: u64,
    pages: std::sync::atomic::AtomicU64,
}

impl Progress {
    /// A bar when stderr is a terminal and the run is not quiet; log lines otherwise.
    pub fn new(total: u64, verbosity: Verbosity) -> Progress {
        let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal() && total > 0)
            .then(|| {
                let b = ProgressBar::new(total);
                let style = ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} documents, {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                b.set_style(style);
                b
            });
        Progress {
            bar,
            verbosity,
            start: Instant::now(),
            total,
            pages: Default::default(),
        }
    }

    /// A line of information (shown unless quiet).
    pub fn info(&self, msg: &str) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        match &self.bar {
            Some(b) => b.println(msg),
            None => log_line(format_args!("{msg}")),
        }
    }

    /// A line shown only with --verbose.
    pub fn detail(&self, msg: &str) {
        if self.verbosity == Verbosity::Verbose {
            self.info(msg);
        }
    }

    /// An error line: always shown.
    pub fn error(&self, msg: &str) {
        match &self.bar {
            Some(b) => b.println(msg),
            None => log_line(format_args!("{msg}")),
        }
    }

    /// One document done, with its page count.
    pub fn document_done(&self, file: &str, pages: u64) {
        use std::sync::atomic::Ordering;
        let total_pages = self.pages.fetch_add(pages, Ordering::Relaxed) + pages;
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        match &self.bar {
            Some(b) => {
                b.inc(1);
                b.set_message(format!(
                    "{total_pages} pages, {:.0} pages/s",
                    total_pages as f64 / secs
                ));
            }
            None => {
                // Not a terminal: one plain log line per document (unless quiet).
                if self.verbosity != Verbosity::Quiet {
                    log_line(format_args!(
                        "done {file}: {pages} pages ({total_pages} pages in {secs:.1}s, {:.0} pages/s)",
                        total_pages as f64 / secs
                    ));
                }
            }
        }
        let _ = self.total;
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Writes a log line to stderr. A stderr that cannot be written (a closed pipe: `pactes build
/// 2>&1 | head`) loses the line, not the run: `eprintln!` would panic there.
pub fn log_line(msg: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}
