//! Helpers shared by the integration tests: paths to the repository, the corpus, the test
//! data, and the built `pactes` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

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
/// `cargo build --bin pactes` (a no-op when it is up to date). `PACTES_BIN=/path/to/pactes`
/// uses that binary instead (benchmarks of an installed build).
pub fn pactes_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("PACTES_BIN") {
            return PathBuf::from(bin);
        }
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
        cmd.current_dir(repo_root()).args([
            "build",
            "--quiet",
            "-p",
            "pactes-cli",
            "--bin",
            "pactes",
        ]);
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

/// The result of one real `pactes build` of the bundled corpus, shared by every test of the
/// integration binary (built once, on first use, in a temporary folder).
pub struct Built {
    /// Folder holding `index/` and `out/`.
    pub dir: PathBuf,
    pub index: PathBuf,
    pub out: PathBuf,
    /// The run summary printed by `--json`.
    pub summary: serde_json::Value,
    pub exit_code: Option<i32>,
    pub stderr: String,
}

static BUILT: OnceLock<Built> = OnceLock::new();

/// Removes the shared build's folder when the test process exits (a static is never
/// dropped, so without this every run of the suite left its build in the temp folder).
extern "C" fn remove_built_corpus() {
    if let Some(b) = BUILT.get() {
        let _ = std::fs::remove_dir_all(&b.dir);
    }
}

/// Runs `pactes build --json` on `corpus/` into a temporary folder, once per test process;
/// the folder is removed when the process exits.
pub fn built_corpus() -> &'static Built {
    BUILT.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("pactes-tests-build")
            .tempdir()
            .expect("temp dir")
            .keep();
        // SAFETY: registers a plain `extern "C"` function taking nothing; it only reads a
        // `OnceLock` that is set by then and removes a folder.
        unsafe {
            libc::atexit(remove_built_corpus);
        }
        let index = dir.join("index");
        let out = dir.join("out");
        let o = Command::new(pactes_bin())
            .current_dir(repo_root())
            .args(["build", "--json", "--index"])
            .arg(&index)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run pactes build");
        Built {
            dir,
            index,
            out,
            summary: serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null),
            exit_code: o.status.code(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    })
}

/// The bytes of a PDF up to its first font dictionary (`/Type /Font`, or `/Type/Font` as
/// LibreOffice writes it): what is left of a file cut short whose producer writes its fonts
/// last.
pub fn cut_before_first_font(bytes: &[u8]) -> Option<&[u8]> {
    [&b"/Type /Font"[..], b"/Type/Font"]
        .iter()
        .filter_map(|m| bytes.windows(m.len()).position(|w| w == *m))
        .min()
        .map(|at| &bytes[..at])
}

/// Where the objects holding page dictionaries (`/Type /Page`, not `/Pages`) start (their
/// `N G obj` line), in file order.
pub fn page_object_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts: Vec<usize> = [&b"/Type /Page"[..], b"/Type/Page"]
        .iter()
        .flat_map(|m| {
            bytes
                .windows(m.len() + 1)
                .enumerate()
                .filter(|(_, w)| w.starts_with(m) && !w[m.len()].is_ascii_alphanumeric())
                .map(|(at, _)| at)
        })
        .filter_map(|at| {
            let header = bytes[..at].windows(3).rposition(|w| w == b"obj")?;
            Some(
                bytes[..header]
                    .iter()
                    .rposition(|&b| b == b'\n' || b == b'\r')
                    .map_or(0, |i| i + 1),
            )
        })
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The bytes of a PDF before the object holding its first page dictionary: what a file cut
/// short keeps when its producer writes content streams before pages. `None` when no page
/// dictionary is found.
pub fn cut_before_first_page(bytes: &[u8]) -> Option<&[u8]> {
    page_object_starts(bytes).first().map(|&at| &bytes[..at])
}

/// A minimal valid PDF (Helvetica, WinAnsi) with one page per entry of `pages`, each line of
/// a page drawn from the top; `(`, `)` and `\` are escaped. For tests that need a PDF with
/// chosen text (hostile content, small Pactes) without a PDF library.
pub fn minimal_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let contents: Vec<String> = pages
        .iter()
        .map(|lines| {
            let mut content = String::from("BT /F1 11 Tf 14 TL 56 780 Td\n");
            for l in lines.iter() {
                content.push_str(&format!("({}) Tj T*\n", pdf_escape(l)));
            }
            content.push_str("ET\n");
            content
        })
        .collect();
    pdf_of_pages("Helvetica", &contents)
}

/// A PDF with one A4 page per content stream in `contents`, whose font `/F1` is the standard
/// font `font` (WinAnsi).
fn pdf_of_pages(font: &str, contents: &[String]) -> Vec<u8> {
    // 1: catalog, 2: pages, 3: font, then (content, page) pairs.
    let kids: Vec<String> = (0..contents.len())
        .map(|i| format!("{} 0 R", 5 + 2 * i))
        .collect();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            contents.len()
        ),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"),
    ];
    for (i, content) in contents.iter().enumerate() {
        objects.push(format!(
            "<< /Length {} >>\nstream\n{}endstream",
            latin1(content).len(),
            content
        ));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            4 + 2 * i
        ));
    }
    let objects: Vec<Vec<u8>> = objects.iter().map(|o| latin1(o)).collect();
    pdf_from_objects(&objects)
}

/// `(`, `)` and `\\` escaped for a PDF literal string.
fn pdf_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '(' | ')' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// A one-page PDF (Helvetica 10 pt, WinAnsi) drawing each `(x, y, text)` at its place, in the
/// order given: the same page drawn in another order looks the same.
pub fn placed_pdf(items: &[(f32, f32, &str)]) -> Vec<u8> {
    placed_pdf_in("Helvetica", items)
}

/// `placed_pdf` in another standard font (`Courier`: every glyph is 0.6 em wide, so a test can
/// place each word of a line itself).
pub fn placed_pdf_in(font: &str, items: &[(f32, f32, &str)]) -> Vec<u8> {
    let mut content = String::new();
    for (x, y, t) in items {
        content.push_str(&format!(
            "BT /F1 10 Tf {x} {y} Td ({}) Tj ET\n",
            pdf_escape(t)
        ));
    }
    pdf_of_pages(font, &[content])
}

/// A PDF file of the given objects (numbered from 1; object 1 is the catalog), with its
/// cross-reference table and trailer.
pub fn pdf_from_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// Latin-1 bytes of a string (characters beyond U+00FF become `?`): WinAnsi covers French.
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
        .collect()
}

/// Runs chromium headless (with a throw-away profile) under a 90 s deadline; `None` if it is
/// not installed.
pub fn chromium(args: &[&str], profile: &Path) -> Option<std::process::Output> {
    let bin = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|b| Path::new(b).exists())?;
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().ok()?;
    wait_within(&mut child, Duration::from_secs(90));
    child.wait_with_output().ok()
}

/// Waits for `child` at most `limit`; kills it past that. Its exit status, or `None` when it
/// was killed (or could not be waited for).
pub fn wait_within(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}
