//! The `bantin` binary: runs the command line and prints an error once.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    return_freed_memory();
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

/// Asks glibc to map blocks of 128 KB and more on their own, and to give freed memory back
/// from 128 KB on. By default it raises its mapping threshold as large blocks are freed (up
/// to 32 MB) so that later ones come from its heaps, which it keeps: in an ingest, whose
/// segment writers and merges free blocks of megabytes all the time, that kept about 60 MB
/// more resident than was in use. Other C libraries need nothing.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets two of glibc's tunables, before any other thread exists;
    // every value is valid for them.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 10);
    }
}
