//! Helpers shared by the integration tests: paths to the repository, the corpus, the test
//! data, and the built `pactes` binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Root of the repository (the workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `corpus/` of the repository.
pub fn corpus_dir() -> PathBuf {
    repo_root().join("corpus")
}

/// `tests/data/` of the repository.
pub fn data_dir() -> PathBuf {
    repo_root().join("tests").join("data")
}

/// `../shared/<sub>` next to the repository, when it exists (CI and developers' machines).
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let p = repo_root().join("..").join("shared").join(sub);
    p.is_dir().then_some(p)
}

/// The four bundled Pacte PDFs, sorted by name.
pub fn corpus_pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The `pactes` binary of the same profile as this test binary, built on first use with
/// `cargo build --bin pactes` (a no-op when it is up to date).
pub fn pactes_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // The test binary lives in target/<profile>/deps/.
        let exe = std::env::current_exe().expect("current_exe");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>")
            .to_path_buf();
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(repo_root())
            .args(["build", "--quiet", "-p", "pactes-cli", "--bin", "pactes"]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("run cargo build for the pactes binary");
        assert!(status.success(), "cargo build --bin pactes failed");
        let bin = profile_dir.join(format!("pactes{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} not found after build", bin.display());
        bin
    })
    .clone()
}

pub mod score;
