//! Why the index cannot do what was asked, in words a user can act on: tantivy's errors
//! mapped to a locked, full, read-only, damaged or foreign index.

use std::path::{Path, PathBuf};

use tantivy::directory::error::{LockError, OpenReadError};
use tantivy::TantivyError;

/// Where the index was looked for, and how to make one there or point elsewhere.
fn missing_index(dir: &Path) -> String {
    let shown = dir.display().to_string();
    let absolute = std::path::absolute(dir)
        .ok()
        .filter(|absolute| absolute.as_path() != dir)
        .map(|absolute| format!(" ({})", absolute.display()))
        .unwrap_or_default();
    format!(
        "no index at {shown}{absolute}: build one there with `bantin --index {shown} ingest \
         FILE...`, or point --index (or BANTIN_INDEX) at an existing one"
    )
}

/// Failures callers tell apart.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}", missing_index(.0))]
    Missing(PathBuf),
    #[error("{0} is not a bantin index (its schema lacks bantin's fields)")]
    Foreign(PathBuf),
    #[error("index {0} is a file, not a directory")]
    NotADirectory(PathBuf),
    #[error(
        "index {} holds other files ({example}) and no bantin index: pass --index with a new \
         or empty directory",
        path.display()
    )]
    NotEmpty { path: PathBuf, example: String },
    #[error("index {0} is locked: another `bantin ingest` is writing to it")]
    Locked(PathBuf),
    #[error(
        "index {} cannot be written: {reason}; search it where it is, or copy it to a \
         writable directory and ingest into the copy",
        path.display()
    )]
    NotWritable { path: PathBuf, reason: String },
    #[error(
        "index {}: no space left on device; the index keeps every bulletin its last commit \
         wrote: free some space and run the same ingest again to add the rest",
        path.display()
    )]
    NoSpace { path: PathBuf },
    #[error(
        "index {} was written by a newer bantin: its field `{field}` uses the analyzer \
         `{analyzer}`, which this version lacks; search it, or upgrade bantin to write to it",
        path.display()
    )]
    Newer {
        path: PathBuf,
        field: String,
        analyzer: String,
    },
    /// Tantivy's message already holds its causes (some twice): it is printed once, and
    /// not offered again as a source.
    #[error("index {}: {error}", path.display())]
    Tantivy { path: PathBuf, error: TantivyError },
    #[error("index {} looks damaged: {detail}; {REBUILD_ADVICE}", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("index {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What to do about a damaged index.
pub const REBUILD_ADVICE: &str =
    "rebuild it with `bantin ingest` from the original files into a new --index directory";

/// Maps tantivy's lock error to [`IndexError::Locked`], a full disk to
/// [`IndexError::NoSpace`], a directory this user may not write to
/// [`IndexError::NotWritable`], corrupt data to [`IndexError::Damaged`], anything else to
/// `Tantivy`.
pub fn tantivy_error(path: &Path, source: TantivyError) -> IndexError {
    if let Some(kind) = io_cause_kind(&source) {
        use std::io::ErrorKind;
        let not_writable = |reason: &str| IndexError::NotWritable {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        match kind {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                return IndexError::NoSpace {
                    path: path.to_owned(),
                }
            }
            ErrorKind::ReadOnlyFilesystem => return not_writable("its file system is read-only"),
            ErrorKind::PermissionDenied if is_write(&source) => {
                return not_writable("this user may not write to it")
            }
            _ => {}
        }
    }
    match source {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(path.to_owned()),
        TantivyError::DataCorruption(corruption) => IndexError::Damaged {
            path: path.to_owned(),
            // DataCorruption implements only Debug, which reads as a sentence.
            detail: format!("{corruption:?}"),
        },
        TantivyError::IoError(io) if is_bad_data(&io) => IndexError::Damaged {
            path: path.to_owned(),
            detail: io.to_string(),
        },
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if is_bad_data(&io_error) =>
        {
            IndexError::Damaged {
                path: path.to_owned(),
                detail: format!("{}: {io_error}", filepath.display()),
            }
        }
        // A stored document that does not read back (bytes that are not UTF-8, a field code
        // the schema lacks): the store's bytes are not what was written.
        TantivyError::DeserializeError(error) => IndexError::Damaged {
            path: path.to_owned(),
            detail: format!("a stored bulletin does not read back: {error}"),
        },
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => IndexError::Damaged {
            path: path.to_owned(),
            detail: format!("{} is missing", file.display()),
        },
        // bantin asks only for the fast fields its schema declares: one a segment cannot
        // find is in bytes that are not what was written (its file's list of columns).
        TantivyError::SchemaError(message)
            if missing_fast_field(&message).is_some_and(is_a_fast_field) =>
        {
            IndexError::Damaged {
                path: path.to_owned(),
                detail: format!(
                    "a segment cannot find its column of the fast field `{}`",
                    missing_fast_field(&message).unwrap_or_default()
                ),
            }
        }
        error => IndexError::Tantivy {
            path: path.to_owned(),
            error,
        },
    }
}

/// The field named by tantivy's errors for a fast field a segment does not hold: "Field
/// `date` is missing or is not configured as a fast field." and "Fast field not available:
/// '"date"'".
fn missing_fast_field(message: &str) -> Option<&str> {
    if let Some(rest) = message.strip_prefix("Field `") {
        let (name, tail) = rest.split_once('`')?;
        return tail
            .contains("is not configured as a fast field")
            .then_some(name);
    }
    let quoted = message.strip_prefix("Fast field not available: '\"")?;
    quoted.strip_suffix("\"'")
}

/// Whether bantin's schema declares `name` a fast field.
fn is_a_fast_field(name: &str) -> bool {
    let schema = super::build_schema();
    schema
        .get_field(name)
        .is_ok_and(|field| schema.get_field_entry(field).is_fast())
}

/// The kind of the operating system's error under a tantivy error, where it keeps one.
///
/// Tantivy's segment writers turn the I/O errors of their last steps into text
/// (`InternalError("No space left on device (os error 28)")`); the error code is read back
/// from the standard library's way of writing it.
fn io_cause_kind(error: &TantivyError) -> Option<std::io::ErrorKind> {
    use tantivy::directory::error::OpenWriteError;
    match error {
        TantivyError::IoError(io) => Some(io.kind()),
        TantivyError::LockFailure(LockError::IoError(io), _) => Some(io.kind()),
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => {
            Some(io_error.kind())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => {
            Some(io_error.kind())
        }
        TantivyError::InternalError(text) => {
            os_error_code(text).map(|code| std::io::Error::from_raw_os_error(code).kind())
        }
        _ => None,
    }
}

/// The code in a message that ends like an `std::io::Error` of the operating system:
/// `... (os error 28)`.
fn os_error_code(text: &str) -> Option<i32> {
    let (_, tail) = text.rsplit_once("(os error ")?;
    let digits = tail.split(')').next()?;
    digits.parse().ok()
}

/// Whether the error comes from taking the writer's lock or creating a file: a denied
/// permission there means the directory cannot be written, not that it cannot be read.
fn is_write(error: &TantivyError) -> bool {
    matches!(
        error,
        TantivyError::LockFailure(..) | TantivyError::OpenWriteError(_)
    )
}

/// Tantivy reports unreadable bytes in a segment file as I/O errors of these kinds; denied
/// access or a full disk are not damage.
fn is_bad_data(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::InvalidData
            | ErrorKind::UnexpectedEof
            | ErrorKind::InvalidInput
            | ErrorKind::Other
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::Arc;
    use tantivy::directory::error::OpenWriteError;

    fn mapped(error: TantivyError) -> IndexError {
        tantivy_error(Path::new("/idx"), error)
    }

    #[test]
    fn a_full_disk_is_named_however_tantivy_wraps_it() {
        let full = || io::Error::from_raw_os_error(28);
        for error in [
            TantivyError::IoError(Arc::new(full())),
            TantivyError::OpenWriteError(OpenWriteError::IoError {
                io_error: Arc::new(full()),
                filepath: PathBuf::from("x.store"),
            }),
            // What a segment writer's last steps report.
            TantivyError::InternalError(full().to_string()),
        ] {
            let mapped = mapped(error);
            assert!(matches!(mapped, IndexError::NoSpace { .. }), "{mapped:?}");
            assert!(mapped.to_string().contains("no space left on device"));
        }
    }

    /// What a store with flipped bytes gives when a bulletin is read back.
    #[test]
    fn a_stored_bulletin_that_does_not_read_back_is_damage() {
        use tantivy::schema::document::DeserializeError;
        let not_utf8 = io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8");
        let error =
            TantivyError::DeserializeError(DeserializeError::CorruptedValue(Arc::new(not_utf8)));
        let mapped = mapped(error);
        assert!(matches!(mapped, IndexError::Damaged { .. }), "{mapped:?}");
        assert!(mapped.to_string().contains(REBUILD_ADVICE), "{mapped}");
    }

    /// What a fast-field file whose list of columns has flipped bytes gives.
    #[test]
    fn a_fast_field_a_segment_cannot_find_is_damage() {
        for message in [
            "Field `date` is missing or is not configured as a fast field.",
            "Fast field not available: '\"story\"'",
        ] {
            let mapped = mapped(TantivyError::SchemaError(message.to_owned()));
            assert!(matches!(mapped, IndexError::Damaged { .. }), "{mapped:?}");
            let shown = mapped.to_string();
            assert!(shown.contains(REBUILD_ADVICE), "{shown}");
            assert!(shown.contains("fast field `"), "{shown}");
        }
        // A field bantin's schema lacks, or holds without a column, is not damage.
        for message in [
            "Field `colour` is missing or is not configured as a fast field.",
            "Field `body` is missing or is not configured as a fast field.",
            "Fast field not available: '\"title\"'",
            "Field `date` has another type",
        ] {
            let mapped = mapped(TantivyError::SchemaError(message.to_owned()));
            assert!(matches!(mapped, IndexError::Tantivy { .. }), "{mapped:?}");
        }
    }

    #[test]
    fn a_lock_that_cannot_be_created_is_not_another_writer() {
        let lock = |code| {
            TantivyError::LockFailure(
                LockError::IoError(Arc::new(io::Error::from_raw_os_error(code))),
                Some("Failed to acquire index lock.".to_owned()),
            )
        };
        let read_only = mapped(lock(30)).to_string();
        assert!(
            read_only.contains("file system is read-only"),
            "{read_only}"
        );
        let denied = mapped(lock(13)).to_string();
        assert!(denied.contains("may not write to it"), "{denied}");
        assert!(matches!(
            mapped(TantivyError::LockFailure(LockError::LockBusy, None)),
            IndexError::Locked(_)
        ));
    }

    #[test]
    fn denied_reading_is_not_called_unwritable() {
        let denied = TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(13)));
        assert!(matches!(mapped(denied), IndexError::Tantivy { .. }));
    }

    #[test]
    fn os_error_codes_are_read_from_their_text_only() {
        assert_eq!(
            os_error_code("No space left on device (os error 28)"),
            Some(28)
        );
        assert_eq!(os_error_code("bitwidth (os error x)"), None);
        assert_eq!(os_error_code("no code here"), None);
    }
}
