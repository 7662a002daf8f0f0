//! Near-duplicate signatures: MinHash over shingles of folded syllables, so two copies of
//! one bulletin (another lead sentence, another dateline, a paragraph dropped, accents lost)
//! are found similar without comparing their texts.
//!
//! A shingle is [`SHINGLE_SYLLABLES`] consecutive syllables, lowercase and without
//! diacritics; the title and the first [`SHINGLED_BYTES`] of the body are shingled as one
//! text. Each shingle is hashed once (one-permutation hashing): its top bits pick one of
//! the [`HASHES`] values, which keeps the smallest of its low bits. The share of equal
//! values in two signatures estimates the Jaccard similarity of their shingle sets. Band
//! keys find candidates (locality-sensitive hashing): [`BANDS`] keys of [`BAND_ROWS`]
//! values each, and two texts of similarity `s` share one with probability
//! `1 - (1 - s^BAND_ROWS)^BANDS`.
//!
//! Near-duplicates are not always one story: a trial reported on the 2nd and again when it
//! resumes on the 8th shares most background paragraphs. The day the lead names
//! ([`lead_day`]: `Ngày 2-1`, `Sáng 16-2`, `chiều 30/11`) tells them apart: two texts whose
//! leads name days more than [`LEAD_DAYS_APART`] apart are never one story, and how alike
//! two texts must be depends on their leads ([`Thresholds`]). A copy rewritten sentence by
//! sentence from the same text keeps a third of its shingles, as much as another
//! development of a case keeps from the first report; but the copy keeps the day of its
//! lead, and the development has a day of its own. So a text whose lead dates the news
//! adds to its [`BANDS`] keys of [`BAND_ROWS`] values [`DAY_BANDS`] keys of one value
//! salted with the day (`1 - (1 - s)^DAY_BANDS`: 0.73 at `s` = 0.35), found among the texts
//! whose leads name a day near it.
//!
//! Every hash here is written out, not taken from a library: the band keys are stored in the
//! index, so they must stay the same across versions, machines and runs.

use std::ops::RangeInclusive;

use super::normalize::{folded_letter, is_combining_mark};

/// Values in a signature: the similarity estimate's standard error is at most
/// `0.5 / sqrt(HASHES)`, 0.031.
pub const HASHES: usize = 1 << HASH_BITS;
const HASH_BITS: u32 = 8;
/// Values hashed together into one band key.
pub const BAND_ROWS: usize = 3;
/// Band keys of [`BAND_ROWS`] values per text: candidates for a text are the texts sharing
/// one of them.
pub const BANDS: usize = 4;
/// Band keys of one value salted with the lead's day, for a text whose lead dates the news:
/// they find its copies dated alike.
pub const DAY_BANDS: usize = 3;
/// How much of the body is shingled: the lead and first paragraphs are where a copy and
/// another development of the same case differ (the background paragraphs further down are
/// what they share), and a long body would cost ingest time for nothing.
pub const SHINGLED_BYTES: usize = 1_500;
/// Syllables per shingle.
pub const SHINGLE_SYLLABLES: usize = 3;

/// Places between the values of two keys of one value: side by side, values a short text
/// left empty are filled alike (`densify`), and would meet or miss together.
const DAY_STRIDE: usize = HASHES / DAY_BANDS;

/// Low bits of a key salted with a day that hold the day's number (at most 12 × 31 + 31).
const DAY_BITS: u32 = 9;
const DAY_MASK: u64 = (1 << DAY_BITS) - 1;

const _: () =
    assert!(BANDS * BAND_ROWS + (DAY_BANDS - 1) * DAY_STRIDE < HASHES && BANDS + DAY_BANDS < 256);

/// Leads naming days further apart than this report different news. Leads a day or two
/// apart may be a copy republished later under a new dateline, or another development of
/// a case reported from a new lead (held on the 7th, charged on the 9th; a sentence
/// proposed on the 29th, the verdict on the 30th): only a copy plainly republished, alike
/// at [`Thresholds::near_day`], is one story.
pub const LEAD_DAYS_APART: u16 = 2;

/// How alike two texts must be to be one story.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// When both leads date the news to the same day: a copy reworded sentence by sentence
    /// keeps a third of its shingles.
    pub same_day: f64,
    /// When the leads date the news to days at most [`LEAD_DAYS_APART`] apart: only a copy
    /// plainly republished under a new dateline.
    pub near_day: f64,
    /// When a lead names no day: the text alone must tell.
    pub otherwise: f64,
}

/// Bulletins dated to the day further apart than this report different news: copies of one
/// story are republished within days, while a force's bulletins written from one template
/// (`Công an huyện X bắt quả tang đối tượng vận chuyển N gói ma túy`) recur for months.
pub const DATES_APART: u32 = 7;

/// How much of the body is the lead, where the day of the news is named.
const LEAD_BYTES: usize = 600;

/// The MinHash signature of one text, and the day its lead names.
///
/// Compared by the low 16 bits of each value: two values that differ agree there once in
/// 65,536 times, which moves an estimate by less than 0.002 on average, and halves what a
/// signature kept in memory costs (a batch of uncommitted bulletins keeps one each). The
/// band keys are made from the whole values, when the signature is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    values: [u16; HASHES],
    /// Empty for a text without a syllable.
    bands: Vec<u64>,
    /// `month * 32 + day` of the first day the lead names.
    lead_day: Option<u16>,
    /// The bulletin's date, when known to the day: days since 1970-01-01.
    date: Option<i64>,
}

impl Signature {
    /// The signature of a bulletin's title and body.
    pub fn of(title: &str, body: &str) -> Signature {
        let mut shingler = Shingler::default();
        shingler.text(title);
        shingler.text(super::head(body, SHINGLED_BYTES));
        let mins = shingler.finish();
        let lead_day = lead_day(body);
        let empty = mins.iter().all(|&v| v == u32::MAX);
        Signature {
            values: mins.map(|v| v as u16),
            bands: if empty {
                Vec::new()
            } else {
                band_keys(&mins, lead_day)
            },
            lead_day,
            date: None,
        }
    }

    /// This signature for a bulletin dated `day` (days since 1970-01-01), when its date is
    /// known to the day.
    pub fn dated(self, day: Option<i64>) -> Signature {
        Signature { date: day, ..self }
    }

    /// True when the two texts are near-duplicates: leads that do not date the news to days
    /// apart, and an estimated similarity at least the threshold for what the leads say.
    pub fn same_story(&self, other: &Signature, thresholds: Thresholds) -> bool {
        if self.days_apart(other) {
            return false;
        }
        let needed = match (self.lead_day, other.lead_day) {
            (Some(a), Some(b)) if a == b => thresholds.same_day,
            (Some(_), Some(_)) => thresholds.near_day,
            _ => thresholds.otherwise,
        };
        self.similarity(other) >= needed
    }

    /// The day the lead dates the news to, as `month * 32 + day`.
    pub fn lead_day(&self) -> Option<u16> {
        self.lead_day
    }

    /// True when both leads date the news to one day.
    pub fn same_lead_day(&self, other: &Signature) -> bool {
        self.lead_day.is_some() && self.lead_day == other.lead_day
    }

    /// True when both leads name a day and the days are more than [`LEAD_DAYS_APART`]
    /// apart, or both bulletins are dated to the day more than [`DATES_APART`] apart.
    pub fn days_apart(&self, other: &Signature) -> bool {
        let leads = match (self.lead_day, other.lead_day) {
            (Some(a), Some(b)) => day_number(a).abs_diff(day_number(b)) > LEAD_DAYS_APART,
            _ => false,
        };
        leads || self.dated_apart(other.date)
    }

    /// True when this bulletin and one dated `day` (days since 1970-01-01, when its date is
    /// known to the day) are both dated to the day more than [`DATES_APART`] apart.
    pub fn dated_apart(&self, day: Option<i64>) -> bool {
        match (self.date, day) {
            (Some(a), Some(b)) => a.abs_diff(b) > u64::from(DATES_APART),
            _ => false,
        }
    }

    /// True for a text without a syllable: it resembles nothing.
    pub fn is_empty(&self) -> bool {
        self.bands.is_empty()
    }

    /// The estimated Jaccard similarity of the two texts' shingles, 0 to 1.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let equal = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / HASHES as f64
    }

    /// The band keys, each with its band's number in the top byte so that equal values in
    /// different bands never meet: [`BANDS`] of [`BAND_ROWS`] values, and for a text whose
    /// lead dates the news [`DAY_BANDS`] more of one value salted with the day. Empty for an
    /// empty text.
    ///
    /// A copy reworded sentence by sentence keeps a third of its shingles and the day of
    /// its lead: one value in a band finds it, where three in a band would not, and the day
    /// keeps out the thousands of bulletins that share a set phrase. Every text looks up
    /// the keys it stores, so two texts meet whichever comes first.
    pub fn bands(&self) -> &[u64] {
        &self.bands
    }

    /// The band keys to look up to find this text's candidates, as ranges: each of
    /// [`Signature::bands`], and for a key salted with the lead's day, the same key salted
    /// with every day up to [`LEAD_DAYS_APART`] away (the day is its low bits). Two texts
    /// find each other whichever comes first.
    pub fn band_lookups(&self) -> Vec<RangeInclusive<u64>> {
        self.bands
            .iter()
            .map(|&key| {
                if key >> 56 < BANDS as u64 {
                    return key..=key;
                }
                let day = key & DAY_MASK;
                let base = key - day;
                let first = day.saturating_sub(u64::from(LEAD_DAYS_APART));
                let last = (day + u64::from(LEAD_DAYS_APART)).min(DAY_MASK);
                base | first..=base | last
            })
            .collect()
    }
}

/// The keys of [`Signature::bands`] for `mins`: the keys of [`BANDS`] bands of
/// [`BAND_ROWS`] values side by side, then, when the lead names a day, [`DAY_BANDS`] keys of
/// one value salted with it.
///
/// Values side by side are filled alike where a short text left them empty (`densify`): a
/// band of them is met more often than three independent values would be, which finds
/// more copies of short texts (a candidate is compared before it is joined).
fn band_keys(mins: &[u32; HASHES], lead_day: Option<u16>) -> Vec<u64> {
    let mut keys: Vec<u64> = mins
        .chunks_exact(BAND_ROWS)
        .take(BANDS)
        .enumerate()
        .map(|(band, rows)| {
            let mut key = band as u64;
            for &row in rows {
                key = mix64(key.rotate_left(29) ^ u64::from(row));
            }
            ((band as u64) << 56) | (key >> 8)
        })
        .collect();
    if let Some(day) = lead_day {
        let rows = (0..DAY_BANDS).map(|at| mins[BANDS * BAND_ROWS + at * DAY_STRIDE]);
        keys.extend(rows.enumerate().map(|(at, row)| {
            let band = (BANDS + at) as u64;
            let key = mix64(band.rotate_left(29) ^ u64::from(row));
            (band << 56) | (key >> 8 >> DAY_BITS << DAY_BITS) | u64::from(day_number(day))
        }));
    }
    keys
}

/// Cuts text into folded syllables and keeps the minimum of every hash function over the
/// shingles seen.
struct Shingler {
    mins: [u32; HASHES],
    /// The last syllables' hashes, newest last.
    recent: [u64; SHINGLE_SYLLABLES],
    syllables: usize,
}

impl Default for Shingler {
    fn default() -> Self {
        Shingler {
            mins: [u32::MAX; HASHES],
            recent: [0; SHINGLE_SYLLABLES],
            syllables: 0,
        }
    }
}

impl Shingler {
    /// Reads `text` byte by byte: ASCII (most of any Vietnamese text) is never decoded
    /// into chars, and the syllable being read stays in registers.
    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let (mut word, mut word_len) = (0u64, 0u32);
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            let folded = if byte.is_ascii() {
                at += 1;
                byte.is_ascii_alphanumeric()
                    .then(|| byte.to_ascii_lowercase())
            } else {
                let (code, len) = decode(&bytes[at..]);
                at += len;
                let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
                if is_combining_mark(c) {
                    // A decomposed tone or vowel mark: folded away, the syllable goes on.
                    continue;
                }
                match folded_letter(c) {
                    Some(letter) => Some(letter),
                    None if c.is_alphanumeric() => {
                        word = word.rotate_left(32) ^ u64::from(code);
                        word_len += 1;
                        continue;
                    }
                    None => None,
                }
            };
            match folded {
                Some(letter) => {
                    word = word.rotate_left(8) ^ u64::from(letter);
                    word_len += 1;
                }
                None if word_len > 0 => {
                    self.end_word(word, word_len);
                    (word, word_len) = (0, 0);
                }
                None => {}
            }
        }
        if word_len > 0 {
            self.end_word(word, word_len);
        }
    }

    /// A syllable's bytes (packed: a syllable is rarely longer than 8) end: mixed once, and
    /// the shingle it ends is hashed.
    fn end_word(&mut self, word: u64, len: u32) {
        let [_, second, third] = self.recent;
        self.recent = [second, third, mix64(word ^ (u64::from(len) << 56))];
        self.syllables += 1;
        if self.syllables >= SHINGLE_SYLLABLES {
            let recent = self.recent;
            self.shingle(&recent);
        }
    }

    /// One-permutation hashing: one hash per shingle, its top bits choose the value it may
    /// lower. As good an estimate as a hash function per value, for a sixty-fourth of the
    /// work.
    fn shingle(&mut self, syllables: &[u64]) {
        let mut key = 0u64;
        for &syllable in syllables {
            key = key.rotate_left(23) ^ syllable;
        }
        let key = mix64(key);
        let slot = (key >> (64 - HASH_BITS)) as usize;
        self.mins[slot] = self.mins[slot].min(key as u32);
    }

    fn finish(mut self) -> [u32; HASHES] {
        // A text shorter than a shingle is one shingle of what it has.
        if (1..SHINGLE_SYLLABLES).contains(&self.syllables) {
            let recent = self.recent;
            self.shingle(&recent[SHINGLE_SYLLABLES - self.syllables..]);
        }
        densify(self.mins)
    }
}

/// The day and month the lead of `body` names after a word that dates the news (`Ngày
/// 27-8`, `Sáng 13/3`, `chiều 30-11`, `hôm 14/2`), as `month * 32 + day`: the first that
/// opens a sentence (`Chiều 16-2, lãnh đạo ...`), else the first anywhere (`xét xử từ ngày
/// 2-1`). A summary sentence before the dateline may name an earlier day.
pub fn lead_day(body: &str) -> Option<u16> {
    let lead = super::head(body, LEAD_BYTES);
    let bytes = lead.as_bytes();
    let mut first = None;
    // Only a digit opening a word can start a date: the words before it are read then.
    for at in 1..bytes.len() {
        if !bytes[at].is_ascii_digit() || !matches!(bytes[at - 1], b' ' | b'(') {
            continue;
        }
        let date_end = lead[at..]
            .find(char::is_whitespace)
            .map_or(lead.len(), |e| at + e);
        let before = lead[..at].trim_end_matches('(').trim_end();
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        if !is_day_word(&before[word_start..]) {
            continue;
        }
        let Some(day) = day_month(&lead[at..date_end]) else {
            continue;
        };
        let opens_sentence = before[..word_start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':'));
        if opens_sentence {
            return Some(day);
        }
        first = first.or(Some(day));
    }
    first
}

/// Words that put a day of the month after them.
fn is_day_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() || word.len() > 8 {
        return false;
    }
    matches!(
        super::fold_diacritics(word).as_str(),
        "ngay" | "sang" | "chieu" | "toi" | "trua" | "dem" | "hom" | "rang" | "khuya" | "nay"
    )
}

/// `27-8`, `13/3`, `30-11,` or `4/8/2019` as `month * 32 + day`.
fn day_month(word: &str) -> Option<u16> {
    let mut parts = word.split(['-', '/']);
    let number = |part: Option<&str>| -> Option<u16> {
        let digits: &str = part?
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .filter(|d| (1..=2).contains(&d.len()))?;
        digits.parse().ok()
    };
    let day = number(parts.next())?;
    let month = number(parts.next())?;
    ((1..=31).contains(&day) && (1..=12).contains(&month)).then_some(month * 32 + day)
}

/// Days since the start of a year, near enough to compare two days of news.
fn day_number(day: u16) -> u16 {
    (day / 32) * 31 + day % 32
}

/// The code point starting `bytes` (valid UTF-8, not ASCII) and its length in bytes.
fn decode(bytes: &[u8]) -> (u32, usize) {
    let continuation = |at: usize| bytes.get(at).map_or(0, |b| u32::from(b & 0x3f));
    let lead = u32::from(bytes[0]);
    if lead < 0xe0 {
        ((lead & 0x1f) << 6 | continuation(1), 2)
    } else if lead < 0xf0 {
        (
            (lead & 0x0f) << 12 | continuation(1) << 6 | continuation(2),
            3,
        )
    } else {
        let code = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6;
        (code | continuation(3), 4)
    }
}

/// The splitmix64 finalizer: every input bit moves every output bit.
const fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Fills each value no shingle reached (a short text leaves some) from the next one that
/// was, to the right and around, plus a step per place moved: two texts with the same
/// shingles fill alike, and a filled value never equals a value its neighbour holds.
fn densify(mins: [u32; HASHES]) -> [u32; HASHES] {
    if mins.iter().all(|&v| v == u32::MAX) {
        return mins;
    }
    let mut filled = mins;
    for (at, value) in filled.iter_mut().enumerate() {
        if *value != u32::MAX {
            continue;
        }
        let (distance, from) = (1..HASHES)
            .map(|d| (d, mins[(at + d) % HASHES]))
            .find(|(_, v)| *v != u32::MAX)
            .unwrap_or((0, 0));
        *value = from.wrapping_add(0x9e37_79b9u32.wrapping_mul(distance as u32));
    }
    filled
}

#[cfg(test)]
mod tests;
