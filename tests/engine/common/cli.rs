//! Running the built `mesa` binary on the files of `tests/data` and on temporary files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The path of `tests/data/<name>`.
pub fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Writes `text` into the file `name` of the test target's temporary directory: its path.
pub fn temp_file(name: &str, text: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("write a temporary file");
    path.to_string_lossy().into_owned()
}

/// How a run of `mesa` ended: its exit code (-1 if killed) and what it wrote.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `mesa` with `args`, failing the test if it panicked or reported an internal error.
pub fn mesa(args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_mesa"))
        .args(args)
        .output()
        .expect("run mesa");
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "mesa panicked: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("internal error"),
        "mesa failed: {}",
        run.stderr
    );
    run
}
