//! The `bantin` binary: runs the command line and prints an error once.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match bantin::cli::run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Once, and not a panic when stderr is already closed (`2>&1 | head -c 5`).
            let _ = writeln!(std::io::stderr(), "bantin: error: {err:#}");
            ExitCode::from(bantin::cli::EXIT_ERROR)
        }
    }
}

/// A reader that closed the pipe (`bantin ... | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
