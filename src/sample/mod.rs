//! Built-in sample bulletins, written for bantin in Vietnamese: the demo's data, the
//! benchmark fixture when no corpus is at hand, and the vocabulary of `bantin gen`.
//!
//! They cover provinces before and after the 2025 merger, 2021 to 2025, ministry and
//! provincial units, the common abbreviations and both tone placements. One bulletin is
//! marked `"form": "nfd"` and is handed out decomposed, as some scrapers deliver text.

pub mod generate;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

const BULLETINS_JSONL: &str = include_str!("bulletins.jsonl");

/// One sample bulletin, in the shape a scraper's JSON Lines carry.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
pub struct SampleBulletin {
    pub id: String,
    pub date: String,
    pub title: String,
    pub body: String,
    /// `nfd` for the bulletin delivered decomposed; not part of the JSONL input format.
    #[serde(default, skip_serializing)]
    pub form: Option<String>,
}

/// All sample bulletins, the decomposed one already decomposed.
pub fn sample_bulletins() -> Vec<SampleBulletin> {
    BULLETINS_JSONL
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut bulletin: SampleBulletin =
                serde_json::from_str(line).expect("built-in sample bulletins are valid JSON");
            if bulletin.form.as_deref() == Some("nfd") {
                bulletin.title = bulletin.title.nfd().collect();
                bulletin.body = bulletin.body.nfd().collect();
            }
            bulletin
        })
        .collect()
}

/// Titles and bodies of all samples, one after another.
pub fn sample_text() -> String {
    let mut text = String::new();
    for bulletin in sample_bulletins() {
        text.push_str(&bulletin.title);
        text.push('\n');
        text.push_str(&bulletin.body);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_parse_and_ids_are_unique() {
        let samples = sample_bulletins();
        assert!(samples.len() >= 40, "{} samples", samples.len());
        let mut ids: Vec<_> = samples.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), samples.len());
    }

    #[test]
    fn exactly_one_sample_is_decomposed() {
        let decomposed: Vec<_> = sample_bulletins()
            .into_iter()
            .filter(|s| !unicode_normalization::is_nfc(&s.body))
            .collect();
        assert_eq!(decomposed.len(), 1);
    }

    #[test]
    fn samples_use_both_tone_placements() {
        let text = sample_text();
        assert!(text.contains("ma tuý") && text.contains("ma túy"));
        assert!(text.contains("Thanh Hoá") && text.contains("Thanh Hóa"));
    }
}
