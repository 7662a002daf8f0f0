//! The files of an index directory: tantivy's list of the files it manages, which segment
//! a file belongs to, and the directory's size.

use std::path::Path;

/// Tantivy's list of the files it wrote in an index directory: only the files it lists are
/// ever removed when a merge or a replacement leaves them unused.
pub const FILE_LIST: &str = ".managed.json";

/// Whether `dir` holds an index that has lost its [`FILE_LIST`]: without it, no file of a
/// replaced or merged segment is ever removed again, and the index grows with every ingest.
pub fn lost_file_list(dir: &Path) -> bool {
    dir.join("meta.json").exists() && !dir.join(FILE_LIST).exists()
}

/// The segment a file belongs to, by its name: tantivy names a segment's files by the
/// segment's 32 hex digits and an extension (`....store`, `....7.del`).
pub(super) fn segment_of_file(name: &str) -> Option<&str> {
    let (segment, _extension) = name.split_at_checked(32)?;
    let is_segment = segment.bytes().all(|b| b.is_ascii_hexdigit())
        && name.as_bytes().get(32) == Some(&b'.')
        && name.len() > 33;
    is_segment.then_some(segment)
}

/// Writes [`FILE_LIST`] anew when it is lost: `meta.json` and every segment file in `dir`
/// (named by a segment's 32 hex digits), so that the next commit removes those no segment
/// uses.
pub fn restore_file_list(dir: &Path) -> std::io::Result<()> {
    if !lost_file_list(dir) {
        return Ok(());
    }
    let mut files = vec!["meta.json".to_owned()];
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if segment_of_file(&name).is_some() {
            files.push(name);
        }
    }
    files.sort();
    let json = serde_json::to_string(&files).map_err(std::io::Error::other)?;
    let temporary = dir.join(".managed.json.restoring");
    std::fs::write(&temporary, json)?;
    std::fs::rename(&temporary, dir.join(FILE_LIST))
}

/// Bytes of all files below `dir`.
pub fn directory_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => directory_size(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_files_are_told_by_name() {
        let id = "34d05cb7280746f591391552e66ff237";
        assert_eq!(segment_of_file(&format!("{id}.store")), Some(id));
        assert_eq!(segment_of_file(&format!("{id}.7.del")), Some(id));
        for other in ["meta.json", ".managed.json", &format!("{id}."), id, "ư"] {
            assert_eq!(segment_of_file(other), None, "{other}");
        }
    }
}
