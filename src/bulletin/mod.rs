//! Bulletins: reading them from files, and the metadata extracted from their text.
//!
//! - [`read`]: files and directories, encodings, plain text and JSON Lines (also `.xz`, `.gz`).
//! - [`extract`]: title, date, provinces and unit from the text.
//! - [`date`], [`gazetteer`], [`unit`]: dates with precision, the provinces across the 2025
//!   merger, and the police units, as data with their matchers.

pub mod date;
pub mod extract;
pub mod gazetteer;
pub mod read;
pub mod unit;

use serde::Deserialize;

pub use date::{BulletinDate, Precision};
pub use gazetteer::{Province, ProvinceGazetteer};

/// One bulletin, ready for the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bulletin {
    /// Stable identity: the explicit id, else the url, else a hash of the normalized text.
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    pub body: String,
    pub date: Option<BulletinDate>,
    /// The issuing force's province.
    pub province: Option<Province>,
    /// Every province the bulletin names, the main one first.
    pub provinces: Vec<Province>,
    /// The unit's facet path, e.g. `["Công an tỉnh Thanh Hóa", "Phòng Cảnh sát giao thông"]`.
    pub unit: Option<Vec<String>>,
    /// Where it was read from: a path, or `path:line` for a JSON record. Never an identity
    /// for a record: a feed that gains records at the top moves every line.
    pub source: String,
    /// True for a whole plain-text file: one file is one bulletin, so other content found at
    /// the same path later is an edit that replaces it.
    pub whole_file: bool,
    /// The publisher a record names (its `source` or `publisher` field): metadata only.
    pub publisher: Option<String>,
    /// Hash of everything stored, to tell an edited bulletin from an unchanged one.
    pub content_hash: u64,
}

/// One line of JSON Lines input. Only `body` is required; explicit fields win over
/// extraction. Unknown fields are ignored, so a scraper may add its own.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct BulletinRecord {
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub province: Option<String>,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub body: String,
}

/// A record field that is present but wrong.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("`date` {0:?} is not YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
    #[error("`province` {name:?} is not a province (did you mean {suggestions}?)")]
    UnknownProvince { name: String, suggestions: String },
    #[error("`body` is empty")]
    EmptyBody,
}

impl Bulletin {
    /// A plain-text bulletin as scraped (see [`extract::split_plain_text`]).
    pub fn from_plain_text(text: &str, source: String) -> Bulletin {
        let parts = extract::split_plain_text(text);
        let evidence = extract::DateEvidence {
            explicit: None,
            posted: parts.posted,
            header: parts.header,
        };
        let facts = TextFacts::read(evidence, &parts.title, &parts.body);
        let mut bulletin = Bulletin::assemble(None, None, parts.title, parts.body, facts, source);
        bulletin.whole_file = true;
        bulletin
    }

    /// A JSON record; `source` is where it was read (`path:line`).
    pub fn from_record(record: BulletinRecord, source: String) -> Result<Bulletin, RecordError> {
        if record.body.trim().is_empty() {
            return Err(RecordError::EmptyBody);
        }
        let explicit_date = match record
            .date
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(text) => Some(
                BulletinDate::parse_iso(text)
                    .ok_or_else(|| RecordError::BadDate(text.to_owned()))?,
            ),
            None => None,
        };
        let (title, body) = match record.title {
            Some(title) => (title.trim().to_owned(), record.body),
            None => {
                let parts = extract::split_plain_text(&record.body);
                (parts.title, parts.body)
            }
        };
        let evidence = extract::DateEvidence {
            explicit: explicit_date,
            ..Default::default()
        };
        let mut facts = TextFacts::read(evidence, &title, &body);
        let whereabouts = &mut facts.whereabouts;
        if let Some(name) = record.province.as_deref().filter(|p| !p.trim().is_empty()) {
            let province = explicit_province(name)?;
            whereabouts.provinces.retain(|p| *p != province);
            whereabouts.provinces.insert(0, province);
            whereabouts.province = Some(province);
        }
        if let Some(unit) = record.unit.as_deref().filter(|u| !u.trim().is_empty()) {
            whereabouts.unit = Some(explicit_unit(unit, whereabouts.province));
        }
        let id = record.id.filter(|id| !id.trim().is_empty());
        let url = record.url.filter(|url| !url.trim().is_empty());
        let mut bulletin = Bulletin::assemble(id, url, title, body, facts, source);
        bulletin.publisher = record
            .source
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        Ok(bulletin)
    }

    fn assemble(
        id: Option<String>,
        url: Option<String>,
        title: String,
        body: String,
        facts: TextFacts,
        source: String,
    ) -> Bulletin {
        let text_hash = facts.text_hash;
        let id = id
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("h{text_hash:016x}"));
        let mut bulletin = Bulletin {
            id,
            url,
            title,
            body,
            date: facts.date,
            province: facts.whereabouts.province,
            provinces: facts.whereabouts.provinces,
            unit: facts.whereabouts.unit,
            source,
            whole_file: false,
            publisher: None,
            content_hash: 0,
        };
        bulletin.content_hash = bulletin.hash_content(text_hash);
        bulletin
    }

    /// Hash of text and metadata (not the source path: the same bulletin moved is unchanged).
    fn hash_content(&self, text_hash: u64) -> u64 {
        let mut hash = Fnv64::new();
        hash.write(&text_hash.to_le_bytes());
        hash.write(self.url.as_deref().unwrap_or_default().as_bytes());
        hash.write(
            self.date
                .map(|d| d.to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        for province in &self.provinces {
            hash.write(province.then.as_bytes());
        }
        for part in self.unit.iter().flatten() {
            hash.write(part.as_bytes());
        }
        hash.finish()
    }
}

fn explicit_province(name: &str) -> Result<Province, RecordError> {
    let gazetteer = ProvinceGazetteer::get();
    let path = gazetteer
        .resolve_filter(name)
        .ok_or_else(|| RecordError::UnknownProvince {
            name: name.to_owned(),
            suggestions: gazetteer.suggestions(name).join(", "),
        })?;
    let then = *path.last().unwrap_or(&path[0]);
    gazetteer::all_provinces()
        .find(|p| p.then == then)
        .ok_or_else(|| RecordError::UnknownProvince {
            name: name.to_owned(),
            suggestions: String::new(),
        })
}

/// A unit given explicitly: its canonical path when the matcher knows the whole name, else
/// the name as given (split at `/` for a sub-unit).
fn explicit_unit(name: &str, province: Option<Province>) -> Vec<String> {
    let name = name.trim();
    let mentions = unit::UnitMatcher::get().find_all(name);
    if let [only] = mentions.as_slice() {
        if only.start == 0 && only.end == name.len() {
            if let Some(path) = only.facet_path(province) {
                return path;
            }
        }
    }
    name.split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What the text of a bulletin says: its date, where it comes from, and the hash of its
/// normalized text.
struct TextFacts {
    date: Option<BulletinDate>,
    whereabouts: extract::Whereabouts,
    text_hash: u64,
}

impl TextFacts {
    /// One NFC pass serves extraction and hashing (text already in NFC, nearly all of it, is
    /// not copied).
    fn read(evidence: extract::DateEvidence, title: &str, body: &str) -> TextFacts {
        let title = extract::to_nfc(title);
        let body = extract::to_nfc(body);
        TextFacts {
            date: extract::resolve_date(evidence, &title, &body),
            whereabouts: extract::whereabouts(&title, &body),
            text_hash: hash_normalized_text(&title, &body),
        }
    }
}

/// Hash of NFC title and body with whitespace collapsed: the same bulletin scraped twice with
/// different spacing or normalization is one document.
fn hash_normalized_text(title: &str, body: &str) -> u64 {
    let mut hash = Fnv64::new();
    hash_words(&mut hash, title);
    hash.write(b"\n");
    hash_words(&mut hash, body);
    hash.finish()
}

/// Hashes the words of `text` with one space between them, whatever the whitespace was.
fn hash_words(hash: &mut Fnv64, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hash.write(b" ");
        }
        hash.write(word.as_bytes());
    }
}

/// A hash of `text` that never changes across versions, machines or runs.
pub fn stable_hash(text: &str) -> u64 {
    let mut hash = Fnv64::new();
    hash.write(text.as_bytes());
    hash.finish()
}

/// FNV-1a, 64 bits (over words, see [`Fnv64::write`]): stable across Rust versions and
/// machines, unlike `DefaultHasher`, so ids made from it stay the same for the life of an
/// index.
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    /// FNV-1a over 8-byte little-endian words, then the remaining bytes one by one: the
    /// same mixing with an eighth of the multiplications.
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            self.0 ^= u64::from_le_bytes(le);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        for byte in words.remainder() {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &str) -> BulletinRecord {
        BulletinRecord {
            body: body.to_owned(),
            ..Default::default()
        }
    }

    #[test]
    fn explicit_fields_win_over_extraction() {
        let mut r = record("Sáng 11/7, Công an tỉnh Thanh Hóa tổ chức hội nghị.");
        r.title = Some("Hội nghị".into());
        r.date = Some("2024-07".into());
        r.province = Some("nghe an".into());
        r.unit = Some("Phòng CSGT".into());
        let b = Bulletin::from_record(r, "x.jsonl:1".into()).expect("valid record");
        assert_eq!(b.date.map(|d| d.to_string()), Some("2024-07".into()));
        assert_eq!(b.province.map(|p| p.then), Some("Nghệ An"));
        assert_eq!(
            b.provinces.iter().map(|p| p.then).collect::<Vec<_>>(),
            ["Nghệ An", "Thanh Hóa"]
        );
        assert_eq!(
            b.unit,
            Some(vec![
                "Công an tỉnh Nghệ An".to_owned(),
                "Phòng Cảnh sát giao thông".to_owned()
            ])
        );
    }

    #[test]
    fn bad_fields_are_errors() {
        let mut r = record("text");
        r.date = Some("11/7/2024".into());
        assert_eq!(
            Bulletin::from_record(r, String::new()),
            Err(RecordError::BadDate("11/7/2024".into()))
        );
        let mut r = record("text");
        r.province = Some("Atlantis".into());
        assert!(matches!(
            Bulletin::from_record(r, String::new()),
            Err(RecordError::UnknownProvince { .. })
        ));
        assert_eq!(
            Bulletin::from_record(record("  "), String::new()),
            Err(RecordError::EmptyBody)
        );
    }

    #[test]
    fn stable_hash_is_pinned() {
        // Ids of existing indexes depend on these values: they must never change.
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("vietnews/000001"), 0xf8f5_6e1f_1731_b595);
        assert_eq!(stable_hash("ma túy"), 0xdda9_28ea_fa41_d259);
    }

    #[test]
    fn same_text_differently_spaced_or_normalized_has_one_id() {
        let a = Bulletin::from_plain_text("Tiêu đề\n\nma túy  ở Thanh Hóa", "a.txt".into());
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Tiêu đề\nma túy ở Thanh Hóa")
                .collect();
        let b = Bulletin::from_plain_text(&nfd, "b.txt".into());
        assert_eq!(a.id, b.id);
        assert_eq!(a.content_hash, b.content_hash);
    }

    #[test]
    fn title_and_body_boundary_is_part_of_the_hash() {
        assert_ne!(
            hash_normalized_text("a b", "c"),
            hash_normalized_text("a", "b c")
        );
    }

    #[test]
    fn url_is_the_id_when_no_id_is_given() {
        let mut r = record("body");
        r.url = Some("https://example.vn/a".into());
        let b = Bulletin::from_record(r, String::new()).expect("valid");
        assert_eq!(b.id, "https://example.vn/a");
    }
}
