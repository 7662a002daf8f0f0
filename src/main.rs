//! The `bantin` binary: runs the command line and prints an error once.

use std::process::ExitCode;

fn main() -> ExitCode {
    match bantin::cli::run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bantin: error: {err:#}");
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
