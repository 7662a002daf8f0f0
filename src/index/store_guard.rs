//! A check of each segment's stored-documents file before tantivy opens it.
//!
//! Opening a segment's store, tantivy reads from the file how many layers its skip index
//! has and sets aside room for that many at once. Damaged bytes there can ask for petabytes:
//! the allocation fails and the process aborts, which is not a panic, so no error reaches
//! the user and nothing can be caught. The count is checked here against the bytes that
//! follow it, so a damaged store is reported like any other damaged file.
//!
//! The layout read (tantivy 0.2x, doc store versions 1 and 2): the file ends with a footer
//! of 28 bytes (the version as a little-endian `u32`, the skip index's offset as a `u64`,
//! the compressor, 15 reserved bytes); at that offset, the number of layers and the end of
//! each, as variable-length integers (7 bits a byte, the high bit set on the last byte),
//! then the layers. A footer of another version is left to tantivy.

use std::ops::RangeInclusive;
use std::path::PathBuf;

use tantivy::error::DataCorruption;
use tantivy::index::SegmentComponent;
use tantivy::{Index, TantivyError};

const FOOTER_BYTES: usize = 28;
const KNOWN_VERSIONS: RangeInclusive<u32> = 1..=2;

/// An error for the first searchable segment whose store file is damaged where tantivy
/// would abort reading it.
pub(super) fn check_stores(index: &Index) -> tantivy::Result<()> {
    for segment in index.searchable_segments()? {
        let bytes = segment.open_read(SegmentComponent::Store)?.read_bytes()?;
        if let Err(detail) = check_store(bytes.as_slice()) {
            let file = segment.meta().relative_path(SegmentComponent::Store);
            return Err(TantivyError::DataCorruption(DataCorruption::new(
                PathBuf::from(&file),
                format!("the stored documents' {detail}"),
            )));
        }
    }
    Ok(())
}

/// Whether the skip index of a store file (`bytes`, without tantivy's file footer) holds
/// as many layer ends as it says, each within the bytes that follow them.
fn check_store(bytes: &[u8]) -> Result<(), String> {
    let Some(footer_at) = bytes.len().checked_sub(FOOTER_BYTES) else {
        // Too short for a footer: tantivy says so itself.
        return Ok(());
    };
    let footer = &bytes[footer_at..];
    let version = u32::from_le_bytes([footer[0], footer[1], footer[2], footer[3]]);
    if !KNOWN_VERSIONS.contains(&version) {
        return Ok(());
    }
    let mut offset = [0u8; 8];
    offset.copy_from_slice(&footer[4..12]);
    let offset = u64::from_le_bytes(offset);
    let mut rest = usize::try_from(offset)
        .ok()
        .and_then(|at| bytes[..footer_at].get(at..))
        .ok_or_else(|| format!("skip index starts at byte {offset}, past the end"))?;
    let layers = read_vint(&mut rest).ok_or("skip index is cut short")?;
    if layers > rest.len() as u64 {
        return Err(format!(
            "skip index says {layers} layers in {} bytes",
            rest.len()
        ));
    }
    let mut ends = Vec::with_capacity(layers as usize);
    for _ in 0..layers {
        ends.push(read_vint(&mut rest).ok_or("skip index is cut short")?);
    }
    let mut start = 0;
    for end in ends {
        if end < start || end > rest.len() as u64 {
            return Err(format!(
                "skip index has a layer ending at byte {end} of {}",
                rest.len()
            ));
        }
        start = end;
    }
    Ok(())
}

/// A variable-length integer at the start of `bytes`, which it then starts after.
fn read_vint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 != 0 {
            *bytes = &bytes[i + 1..];
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{check_store, read_vint, FOOTER_BYTES};

    /// A store file's tail: `skip` (the skip index) at `offset`, then the footer.
    fn store(data: &[u8], skip: &[u8], version: u32) -> Vec<u8> {
        let mut bytes = data.to_vec();
        let offset = bytes.len() as u64;
        bytes.extend_from_slice(skip);
        bytes.extend_from_slice(&version.to_le_bytes());
        bytes.extend_from_slice(&offset.to_le_bytes());
        bytes.push(1);
        bytes.extend_from_slice(&[0; 15]);
        assert_eq!(bytes.len(), data.len() + skip.len() + FOOTER_BYTES);
        bytes
    }

    #[test]
    fn a_sound_skip_index_passes() {
        // One layer of 3 bytes.
        assert_eq!(
            check_store(&store(b"docs", &[0x81, 0x83, 1, 2, 3], 2)),
            Ok(())
        );
        // No layer at all (an empty segment).
        assert_eq!(check_store(&store(b"", &[0x80], 1)), Ok(()));
    }

    #[test]
    fn a_damaged_layer_count_or_end_is_an_error() {
        // Billions of layers in 3 bytes: what made tantivy abort.
        let huge = [0x7f, 0x7f, 0x7f, 0x7f, 0x8f, 1, 2, 3];
        let error = check_store(&store(b"docs", &huge, 2)).expect_err("damaged");
        assert!(error.contains("layers in 3 bytes"), "{error}");
        // A layer ending past the bytes there are.
        let past = [0x81, 0x89, 1, 2, 3];
        assert!(check_store(&store(b"docs", &past, 2)).is_err());
        // An offset past the end.
        let mut bytes = store(b"docs", &[0x80], 2);
        let at = bytes.len() - FOOTER_BYTES + 4;
        bytes[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(check_store(&bytes).is_err());
        // Cut short inside the count.
        assert!(check_store(&store(b"docs", &[0x01], 2)).is_err());
    }

    #[test]
    fn another_version_or_a_short_file_is_left_to_tantivy() {
        let huge = [0x7f, 0x7f, 0x7f, 0x7f, 0x8f];
        assert_eq!(check_store(&store(b"docs", &huge, 3)), Ok(()));
        assert_eq!(check_store(b"short"), Ok(()));
    }

    /// Every store tantivy writes passes, here one of a segment of three bulletins.
    #[test]
    fn the_stores_tantivy_writes_pass() {
        let index = crate::index::BantinIndex::create_in_ram();
        let mut writer: tantivy::IndexWriter = index
            .index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for id in ["a", "b", "c"] {
            let doc = tantivy::doc!(index.fields.id => id, index.fields.body => "Nội dung");
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        assert_eq!(
            index.index.searchable_segments().expect("segments").len(),
            1
        );
        super::check_stores(&index.index).expect("sound");
    }

    #[test]
    fn variable_length_integers_read_as_tantivy_writes_them() {
        let mut bytes: &[u8] = &[0x05, 0x81, 0xff];
        assert_eq!(read_vint(&mut bytes), Some(5 | 1 << 7));
        assert_eq!(read_vint(&mut bytes), Some(0x7f));
        assert_eq!(read_vint(&mut bytes), None);
    }
}
