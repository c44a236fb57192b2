//! Command-line arguments (clap derive). Defaults match the README.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "pactes",
    version,
    about = "Read, index and synthesise the regional Pactes (PRIC)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract the body text of PDFs (pages separated by form feeds), or their blocks with --json.
    Extract(ExtractArgs),
    /// Extract, tag and index every PDF of the corpus; write outputs/ (the main job).
    Build(BuildArgs),
    /// Add or replace Pactes in an existing index and refresh outputs/.
    Ingest(IngestArgs),
    /// Full-text search over the indexed passages.
    Search(SearchArgs),
    /// Compare passages (outputs/sections.jsonl) or the synthesis with gold quotes.
    Eval(EvalArgs),
    /// Serve the search, synthesis, matrix and document pages on a local web server.
    Serve(ServeArgs),
}

#[derive(Args, Debug)]
pub struct Verbosity {
    /// Only errors and the final summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also the unchanged documents and the time of each stage.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// PDF files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output file (one input) or folder (several inputs); stdout when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the blocks with their metadata as JSON.
    #[arg(long)]
    pub json: bool,
    /// Password of an encrypted PDF.
    #[arg(long)]
    pub password: Option<String>,
    /// Time limit per file, in seconds.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
}

#[derive(Args, Debug)]
pub struct IndexPaths {
    /// Folder of the tantivy index.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Folder of the generated outputs.
    #[arg(long, default_value = "outputs")]
    pub out: PathBuf,
    /// Folder of the source PDFs.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Theme taxonomy (TOML).
    #[arg(long, default_value = "taxonomy/themes.toml")]
    pub taxonomy: PathBuf,
}

/// Flags shared by `build` and `ingest`.
#[derive(Args, Debug)]
pub struct RunFlags {
    /// Region of the processed documents, instead of detecting it (any spelling: "ile-de-france").
    #[arg(long)]
    pub region: Option<String>,
    /// Password for encrypted PDFs.
    #[arg(long)]
    pub password: Option<String>,
    /// Time limit per document, in seconds.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Print the run summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub verbosity: Verbosity,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub paths: IndexPaths,
    /// Re-extract every document, even those whose content is already indexed.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub run: RunFlags,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// New or amended Pacte PDFs.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub paths: IndexPaths,
    /// Indexed document (file name) that the new file replaces; repeatable.
    #[arg(long)]
    pub replace: Vec<String>,
    #[command(flatten)]
    pub run: RunFlags,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Query in tantivy's syntax: words, "phrases", AND/OR/-, "phrase"~N.
    pub query: String,
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    #[arg(long)]
    pub region: Option<String>,
    /// Axis: 1, 2 or 3 (transverse).
    #[arg(long)]
    pub axis: Option<String>,
    /// Theme id, e.g. 2.5.
    #[arg(long)]
    pub theme: Option<String>,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold quotes (JSON lines: theme, axis, region, text).
    #[arg(long)]
    pub gold: PathBuf,
    /// Passages to evaluate.
    #[arg(long, default_value = "outputs/sections.jsonl")]
    pub sections: PathBuf,
    /// Sources list written by build (regions, pages, dates), for the synthesis fidelity.
    #[arg(long, default_value = "outputs/sources.json")]
    pub sources: PathBuf,
    /// Theme taxonomy (TOML).
    #[arg(long, default_value = "taxonomy/themes.toml")]
    pub taxonomy: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind (127.0.0.1 unless said otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    #[arg(long, default_value = "outputs")]
    pub out: PathBuf,
}
