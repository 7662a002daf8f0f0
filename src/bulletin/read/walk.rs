//! The command line's paths as inputs: directories walked, links followed once, system
//! directories and indexes refused, and each file's reader told by its name.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Item;

/// An input as given on the command line, after walking directories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Plain(PathBuf),
    JsonLines(PathBuf),
    /// A `.json` file: an array of records, one record, or JSON Lines.
    Json(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::Plain(path) | Input::JsonLines(path) | Input::Json(path) => {
                path.display().to_string()
            }
        }
    }
}

/// A command-line path that cannot be ingested at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    #[error(
        "{} is a system directory{}: it holds no bulletins, and walking it would read the \
         whole machine; name the folders of your bulletins (or pass --system-dirs)",
        path.display(),
        if path == real { String::new() } else { format!(" ({})", real.display()) }
    )]
    SystemDir { path: PathBuf, real: PathBuf },
}

/// Directories of the system rather than of files: the root, and the kernel's and
/// devices' pseudo file systems, whose walk never ends (`/proc/kcore`, `/dev/zero`) or reads
/// everything on the machine. A named stream in them (`/dev/stdin`, `/dev/fd/63`) is a file,
/// not a directory, and stays readable; `/dev/shm` is a scratch file system like `/tmp`.
fn is_system_dir(real: &Path) -> bool {
    let scratch = real.starts_with("/dev/shm");
    real == Path::new("/")
        || (["/proc", "/sys", "/dev"]
            .iter()
            .any(|root| real.starts_with(root))
            && !scratch)
}

/// Expands the command line's paths into inputs. A path that does not exist, or a system
/// directory (`/`, `/proc`, ...) unless `system_dirs`, is an error (before any work);
/// problems found while walking directories go to `problems`.
pub fn collect_inputs(
    paths: &[PathBuf],
    problems: &mut Vec<Item>,
    system_dirs: bool,
) -> Result<Vec<Input>, InputError> {
    if let Some(missing) = paths
        .iter()
        .find(|p| p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err())
    {
        return Err(InputError::Missing(missing.clone()));
    }
    for path in paths.iter().filter(|p| !system_dirs && p.is_dir()) {
        if let Ok(real) = std::fs::canonicalize(path) {
            if is_system_dir(&real) {
                return Err(InputError::SystemDir {
                    path: path.clone(),
                    real,
                });
            }
        }
    }
    let mut walk = Walk {
        inputs: Vec::new(),
        problems,
        seen_files: HashSet::new(),
        seen_dirs: HashSet::new(),
        open_dirs: Vec::new(),
        system_dirs,
    };
    for path in paths {
        if path.as_os_str() == "-" {
            walk.inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk.dir(path);
        } else {
            walk.file(path.clone(), true);
        }
    }
    Ok(walk.inputs)
}

/// Whether `dir` holds a tantivy index (bantin's own included): its files are segments and
/// metadata, never bulletins, and the index being written may be among them.
fn is_index_dir(dir: &Path) -> bool {
    dir.join("meta.json").is_file() && dir.join(".managed.json").is_file()
}

/// A walk through directories that follows symbolic links and reads each real file once.
struct Walk<'a> {
    inputs: Vec<Input>,
    problems: &'a mut Vec<Item>,
    seen_files: HashSet<PathBuf>,
    seen_dirs: HashSet<PathBuf>,
    /// Real paths of the directories being walked, outermost first.
    open_dirs: Vec<PathBuf>,
    /// Whether a symbolic link to a system directory is followed.
    system_dirs: bool,
}

impl Walk<'_> {
    fn skip(&mut self, path: &Path, reason: String) {
        self.problems.push(Item::Skipped {
            location: path.display().to_string(),
            reason,
        });
    }

    fn dir(&mut self, dir: &Path) {
        let real = match std::fs::canonicalize(dir) {
            Ok(real) => real,
            Err(err) => return self.skip(dir, format!("cannot read directory: {err}")),
        };
        if self.open_dirs.contains(&real) {
            self.problems.push(Item::Warning {
                location: dir.display().to_string(),
                message: format!(
                    "symbolic link loop back to {}; not followed",
                    real.display()
                ),
            });
            return;
        }
        if !self.seen_dirs.insert(real.clone()) {
            return;
        }
        if !self.system_dirs && is_system_dir(&real) {
            self.problems.push(Item::Warning {
                location: dir.display().to_string(),
                message: format!(
                    "leads to the system directory {}; not walked",
                    real.display()
                ),
            });
            return;
        }
        if is_index_dir(&real) {
            self.problems.push(Item::Warning {
                location: dir.display().to_string(),
                message: "a search index, not bulletins; not read".to_owned(),
            });
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => return self.skip(dir, format!("cannot read directory: {err}")),
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        self.open_dirs.push(real);
        for path in paths {
            if path.is_dir() {
                self.dir(&path);
            } else {
                self.file(path, false);
            }
        }
        self.open_dirs.pop();
    }

    /// A file named on the command line may be anything readable (a pipe from `<(...)`);
    /// one found in a directory must be a regular file (a FIFO there would hang the run).
    fn file(&mut self, path: PathBuf, named: bool) {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => return self.skip(&path, format!("cannot read: {err}")),
        };
        if !named && !meta.is_file() {
            return self.skip(&path, "not a regular file".to_owned());
        }
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if meta.is_file() && !self.seen_files.insert(real) {
            return;
        }
        self.inputs.push(classify(path));
    }
}

fn classify(path: PathBuf) -> Input {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = [".xz", ".gz"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(&name);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Input::JsonLines(path)
    } else if name.ends_with(".json") {
        Input::Json(path)
    } else {
        Input::Plain(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_directories_are_the_root_and_pseudo_file_systems() {
        for system in ["/", "/proc", "/proc/1", "/sys/kernel", "/dev", "/dev/fd"] {
            assert!(is_system_dir(Path::new(system)), "{system}");
        }
        for other in [
            "/home/an",
            "/tmp/proc",
            "/devices",
            "/system",
            "/dev/shm/tin",
        ] {
            assert!(!is_system_dir(Path::new(other)), "{other}");
        }
    }

    #[test]
    fn extensions_choose_the_reader() {
        for (name, expected) in [
            ("a.jsonl", "lines"),
            ("a.NDJSON", "lines"),
            ("a.ndjson.gz", "lines"),
            ("a.jsonl.xz", "lines"),
            ("a.json", "document"),
            ("a.json.gz", "document"),
            ("a.txt", "plain"),
            ("json", "plain"),
        ] {
            let kind = match classify(PathBuf::from(name)) {
                Input::JsonLines(_) => "lines",
                Input::Json(_) => "document",
                _ => "plain",
            };
            assert_eq!(kind, expected, "{name}");
        }
    }
}
