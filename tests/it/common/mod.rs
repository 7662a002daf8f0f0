//! Running the real `bantin` binary in tests, with one place that reports failures well.

#![allow(dead_code)]

mod fixture;
pub mod server;

pub use fixture::Fixture;

use std::path::Path;

use assert_cmd::Command;

/// The outcome of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `bantin ARGS` with `--index` in `index_dir`, colour off, and `stdin` as input.
pub fn bantin(index_dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::cargo_bin("bantin").expect("bantin binary is built");
    command
        .arg("--index")
        .arg(index_dir)
        .args(args)
        .env_remove("BANTIN_INDEX")
        .env("NO_COLOR", "1");
    if let Some(input) = stdin {
        command.write_stdin(input);
    }
    let output = command.output().expect("bantin runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `bantin search --json ARGS` and parses its answer; any exit but 0 (hits) or 1 (none)
/// fails the test with stderr.
pub fn search_json(index_dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let run = bantin(index_dir, &all, None);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    serde_json::from_str(&run.stdout).expect("search --json prints JSON")
}

impl Run {
    /// Asserts the exit code, printing both streams when it differs.
    pub fn expect_code(self, expected: i32) -> Run {
        assert_eq!(
            self.code, expected,
            "exit code {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stdout contains `needle`, printing it whole when not.
    pub fn expect_stdout_contains(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts that stderr contains `needle`, printing it whole when not.
    pub fn expect_stderr_contains(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Writes `count` bulletins of `bantin gen` to `dir/gen.jsonl` and ingests them into
/// `index`; returns the file.
pub fn ingest_generated(index: &Path, dir: &Path, count: usize) -> std::path::PathBuf {
    let input = dir.join("gen.jsonl");
    let input_arg = input.to_string_lossy().into_owned();
    bantin(
        index,
        &["gen", &count.to_string(), "--out", &input_arg],
        None,
    )
    .expect_code(0);
    bantin(index, &["ingest", &input_arg], None).expect_code(0);
    input
}
