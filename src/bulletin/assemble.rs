//! Record assembly: a plain-text file or a JSON record made one [`Bulletin`]. Fields a record
//! gives explicitly win (a province or unit as given is resolved against the gazetteer), the
//! facts of the text fill the gaps, and a stable hash of the normalized text tells an edited
//! bulletin from an unchanged one.

use super::read::{Record, Role};
use super::{date_field, facts, gazetteer};
use super::{BulletinDate, DateWindow, Precision, Province, ProvinceGazetteer};
use crate::text::normalize::to_nfc;
use crate::text::signature::Signature;

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
    /// What near-duplicates of it share ([`crate::text::signature`]): made with the rest,
    /// on whichever thread extracts the facts.
    pub signature: Signature,
}

/// A record that cannot be a bulletin. Bad values of other fields are warnings, never
/// errors: the bulletin is kept and its text fills the gap.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("no body: none of the fields `body`, `content`, `text`, `description` (map another with --field body=NAME){}", present_fields(.0))]
    NoBody(Vec<String>),
    #[error("`{name}` is {kind}, not text")]
    UnusableBody { name: String, kind: &'static str },
    #[error("`{0}` is empty")]
    EmptyBody(String),
}

fn present_fields(ignored: &[String]) -> String {
    if ignored.is_empty() {
        return String::new();
    }
    format!("; the record has {}", ignored.join(", "))
}

/// A title on one line: a record's title may carry newlines that would break every list of
/// results. (The content hash collapses whitespace, so ids and hashes do not change.)
fn one_line(title: String) -> String {
    if !title.contains(char::is_control) {
        return title;
    }
    title
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value quoted for a message, cut short when long.
fn quote_short(value: &str) -> String {
    const MAX_CHARS: usize = 80;
    match value.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => format!("{:?}…", &value[..end]),
        None => format!("{value:?}"),
    }
}

impl Bulletin {
    /// A plain-text bulletin as scraped (see [`facts::split_plain_text`]), read from the
    /// path `source` (which may carry its date).
    pub fn from_plain_text(text: &str, source: String) -> Bulletin {
        Bulletin::from_plain_text_in(text, source, &DateWindow::current())
    }

    /// [`Bulletin::from_plain_text`] with the dates of `window` only.
    pub fn from_plain_text_in(text: &str, source: String, window: &DateWindow) -> Bulletin {
        let parts = facts::split_plain_text(text);
        let evidence = facts::DateEvidence {
            explicit: None,
            posted: parts.posted,
            path: facts::date_in_path(&source),
            header: parts.header,
        };
        let (title, body) = cap_title(parts.title, parts.body);
        let facts = TextFacts::read(evidence, &title, &body, window);
        let mut bulletin = Bulletin::assemble(None, None, title, body, facts, source);
        bulletin.whole_file = true;
        bulletin
    }

    /// A JSON record; `source` is where it was read (`path:line`). Returns the bulletin
    /// with a warning for each field that was present but could not be used.
    pub fn from_record(
        record: Record,
        source: String,
    ) -> Result<(Bulletin, Vec<String>), RecordError> {
        Bulletin::from_record_in(record, source, &DateWindow::current())
    }

    /// [`Bulletin::from_record`] with the dates of `window` only: an explicit date outside it
    /// is dropped with a warning, and the text's date used instead.
    pub fn from_record_in(
        mut record: Record,
        source: String,
        window: &DateWindow,
    ) -> Result<(Bulletin, Vec<String>), RecordError> {
        let Some(body) = record.take(Role::Body) else {
            return Err(RecordError::NoBody(std::mem::take(&mut record.ignored)));
        };
        let body_name = body.name.to_owned();
        let body = body.into_text().map_err(|kind| RecordError::UnusableBody {
            name: body_name.clone(),
            kind,
        })?;
        if body.trim().is_empty() {
            return Err(RecordError::EmptyBody(body_name));
        }
        let mut warnings = Vec::new();
        let mut text_of = |role: Role| -> Option<(String, String)> {
            let field = record.take(role)?;
            let name = field.name.to_owned();
            match field.into_text() {
                Ok(text) if text.trim().is_empty() => None,
                Ok(text) => Some((name, text.trim().to_owned())),
                Err(kind) => {
                    warnings.push(format!("`{name}` is {kind}, not text; ignored"));
                    None
                }
            }
        };
        let id = text_of(Role::Id).map(|(_, id)| id);
        let url = text_of(Role::Url).map(|(_, url)| url);
        let title = text_of(Role::Title).map(|(_, title)| one_line(title));
        let date = text_of(Role::Date);
        let province = text_of(Role::Province);
        let unit = text_of(Role::Unit);
        let publisher = text_of(Role::Publisher).map(|(_, publisher)| publisher);

        let explicit_date = date.and_then(|(name, text)| {
            let date = date_field::parse_date_field(&text);
            if date.is_none() {
                warnings.push(format!(
                    "`{name}` {} is not a date bantin can read; using the date in the text",
                    quote_short(&text)
                ));
            }
            date
        });
        let explicit_date = explicit_date.filter(|date| {
            let plausible = window.contains(date);
            if !plausible {
                warnings.push(implausible_date_warning(date, window));
            }
            plausible
        });
        let (title, body, posted) = match title {
            Some(title) => {
                let (body, posted) = facts::strip_leading_timestamp(body);
                let (title, body) = cap_title(title, body);
                (title, body, posted)
            }
            None => {
                let parts = facts::split_plain_text(&body);
                let (title, body) = cap_title(parts.title, parts.body);
                (title, body, parts.posted)
            }
        };
        let evidence = facts::DateEvidence {
            explicit: explicit_date,
            posted,
            ..Default::default()
        };
        let mut facts = TextFacts::read(evidence, &title, &body, window);
        let whereabouts = &mut facts.whereabouts;
        if let Some((name, value)) = province {
            match explicit_province(&value) {
                Some(province) => {
                    whereabouts.provinces.retain(|p| *p != province);
                    whereabouts.provinces.insert(0, province);
                    whereabouts.province = Some(province);
                }
                None => warnings.push(format!(
                    "`{name}` {} names no province{}; using the provinces in the text",
                    quote_short(&value),
                    province_suggestions(&value)
                )),
            }
        }
        if let Some((name, value)) = unit {
            match explicit_unit(&value, whereabouts.province) {
                Some(unit) => whereabouts.unit = Some(unit),
                None => warnings.push(format!(
                    "`{name}` {} names no police unit bantin knows; using the unit in the text",
                    quote_short(&value)
                )),
            }
        }
        let mut bulletin = Bulletin::assemble(id, url, title, body, facts, source);
        bulletin.publisher = publisher;
        Ok((bulletin, warnings))
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
            .map(cap_id)
            .unwrap_or_else(|| format!("h{text_hash:016x}"));
        let day = facts
            .date
            .filter(|d| d.precision == Precision::Day)
            .map(|d| d.unix_seconds().div_euclid(86_400));
        let signature = Signature::of(&title, &body).dated(day);
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
            signature,
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

/// Titles longer than this many characters are cut (a file of one 31 MB line is not a
/// title, and every search would print it).
pub const MAX_TITLE_CHARS: usize = 300;

/// Ids longer than this many bytes are shortened (see [`cap_id`]).
pub const MAX_ID_BYTES: usize = 512;

/// Cuts a title longer than [`MAX_TITLE_CHARS`] at the last word boundary before the limit
/// (marked `…`); what is cut off begins the body, so no text is lost.
fn cap_title(title: String, body: String) -> (String, String) {
    let Some((limit, _)) = title.char_indices().nth(MAX_TITLE_CHARS) else {
        return (title, body);
    };
    let head = &title[..limit];
    // A word boundary in the last third, else the limit itself (one endless "word").
    let cut = match head.rfind(char::is_whitespace) {
        Some(space) if space >= limit / 3 => space,
        _ => limit,
    };
    let rest = title[cut..].trim();
    let mut new_body = String::with_capacity(rest.len() + 2 + body.len());
    new_body.push_str(rest);
    if !body.is_empty() {
        new_body.push_str("\n\n");
        new_body.push_str(&body);
    }
    (format!("{}…", title[..cut].trim_end()), new_body)
}

/// An id over [`MAX_ID_BYTES`] keeps its first 400 bytes and gains the hash of the whole
/// id: still stable and unique, and short enough to index and print.
fn cap_id(id: String) -> String {
    if id.len() <= MAX_ID_BYTES {
        return id;
    }
    format!("{}…#{:016x}", crate::text::head(&id, 400), stable_hash(&id))
}

fn implausible_date_warning(date: &BulletinDate, window: &DateWindow) -> String {
    let reason = if date.year < window.min_year {
        format!("before {} (--min-year)", window.min_year)
    } else {
        format!("after {}", window.latest)
    };
    format!("`date` {date} is {reason}: ignored, the date comes from the text")
}

fn explicit_province(name: &str) -> Option<Province> {
    let Some(path) = ProvinceGazetteer::get().resolve_filter(name) else {
        return province_within(name);
    };
    // `[today]` or `[today, then]`; today's name alone may not be an old one (Huế, formerly
    // Thừa Thiên Huế): then it is the first province it was made of.
    let then = *path.last()?;
    gazetteer::all_provinces()
        .find(|p| p.then == then)
        .or_else(|| gazetteer::all_provinces().find(|p| p.today == then))
}

/// The one province a longer value names as a place: an address (`huyện Quỳnh Lưu, Nghệ
/// An`, `Hà Nội, Việt Nam`), a force (`Công an tỉnh Nghệ An`), `Quảng Nam province`. `None`
/// when it names none, or several.
fn province_within(value: &str) -> Option<Province> {
    let places = facts::find_places(value);
    let first = places.first()?.province;
    places
        .iter()
        .all(|place| place.province == first)
        .then_some(first)
}

fn province_suggestions(name: &str) -> String {
    let suggestions = ProvinceGazetteer::get().suggestions(name);
    if suggestions.is_empty() {
        return String::new();
    }
    format!(" (did you mean {}?)", suggestions.join(", "))
}

/// A unit given explicitly: its canonical path when the matcher knows the whole name, else
/// the name as given (split at `/` for a sub-unit); `None` when it names no unit at all.
fn explicit_unit(name: &str, province: Option<Province>) -> Option<Vec<String>> {
    let name = name.trim();
    let mentions = gazetteer::UnitMatcher::get().find_all(name);
    if let [only] = mentions.as_slice() {
        if only.start == 0 && only.end == name.len() {
            if let Some(path) = only.facet_path(province) {
                return Some(path);
            }
        }
    }
    if mentions.is_empty() {
        return None;
    }
    Some(
        name.split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// What the text of a bulletin says: its date, where it comes from, and the hash of its
/// normalized text.
struct TextFacts {
    date: Option<BulletinDate>,
    whereabouts: facts::Whereabouts,
    text_hash: u64,
}

impl TextFacts {
    /// One NFC pass serves extraction and hashing (text already in NFC, nearly all of it, is
    /// not copied).
    fn read(
        evidence: facts::DateEvidence,
        title: &str,
        body: &str,
        window: &DateWindow,
    ) -> TextFacts {
        let title = to_nfc(title);
        let body = to_nfc(body);
        TextFacts {
            date: facts::resolve_date(evidence, &title, &body, window),
            whereabouts: facts::whereabouts(&title, &body),
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
    for (i, word) in crate::text::scan::split_whitespace(text).enumerate() {
        if i > 0 {
            hash.write(b" ");
        }
        hash.write(word.as_bytes());
    }
}

/// A hash of `text` that never changes across versions, machines or runs.
pub fn stable_hash(text: impl AsRef<[u8]>) -> u64 {
    let mut hash = Fnv64::new();
    hash.write(text.as_ref());
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
mod tests;
