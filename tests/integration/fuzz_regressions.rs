//! Replays the inputs the fuzzer produced (`tests/data/fuzz-regressions/`: mutated PDFs that
//! reach each error path: damaged, unparsable xref, no page, encrypted, no text layer, not a
//! PDF, and some that still give text) through `pactes extract` and its worker process: each
//! gives text or one line naming the file and a known cause, never a crash or a hang.

use pactes_tests::{data_dir, pactes_bin};
use std::process::Command;

#[test]
fn fuzzer_inputs_give_text_or_a_clean_error() {
    let dir = data_dir().join("fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/fuzz-regressions")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "regression inputs missing");
    let out_dir = tempfile::tempdir().unwrap();
    let o = Command::new(pactes_bin())
        .args(["extract", "--timeout", "30", "-o"])
        .arg(out_dir.path())
        .args(&files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0) | Some(1)), "{stderr}");
    let known = [
        "damaged PDF",
        "encrypted PDF",
        "no text layer",
        "not a PDF",
        "empty file",
    ];
    let mut errors = 0;
    for line in stderr.lines() {
        assert!(
            line.starts_with("error: "),
            "unexpected stderr line: {line}"
        );
        assert!(
            files.iter().any(|f| line.contains(&*f.to_string_lossy())),
            "error line names its file: {line}"
        );
        assert!(
            known.iter().any(|k| line.contains(k)),
            "error with an unexpected cause (crash, timeout?): {line}"
        );
        errors += 1;
    }
    let texts = std::fs::read_dir(out_dir.path()).unwrap().count();
    assert_eq!(
        texts + errors,
        files.len(),
        "every input accounted for: {stderr}"
    );
    assert!(texts >= 1 && errors >= 10, "{texts} texts, {errors} errors");
}
