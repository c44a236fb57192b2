//! End-to-end tests of the `pactes` binary: exit codes, messages, the main job.

use pactes_tests::pactes_bin;
use std::process::Command;

#[test]
fn help_and_usage_errors() {
    let out = Command::new(pactes_bin()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let out = Command::new(pactes_bin()).arg("no-such-command").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "usage error exits 2");
}
