//! The words an index holds most often: its word terms (`ma_tuy`) by how many bulletins
//! hold them, for `bantin stats --words`.

use std::collections::HashMap;

use tantivy::termdict::TermStreamer;

use super::{tantivy_error, BantinIndex, IndexError};
use crate::text::words::{WordDictionary, WORD_JOINER};

/// Words too common in any news text to say what an archive is about.
const STOP_WORDS: &[&str] = &[
    "cho_biet",
    "tuy_nhien",
    "sau_khi",
    "trong_khi",
    "theo_do",
    "ben_canh",
    "hien_nay",
    "den_nay",
    "ngoai_ra",
    "vi_vay",
    "do_do",
    "truoc_do",
    "dong_thoi",
    "cung_voi",
    "doi_voi",
    "thong_qua",
    "nhu_vay",
    "khong_chi",
    "vua_qua",
    "tai_day",
    "cu_the",
    "truoc_khi",
    "nham_muc_dich",
    "tu_do",
    "mot_so",
    "nhung_nguoi",
    "theo_nhu",
    "nguoi_dan",
    "thoi_gian",
];

/// One word and how many bulletins hold it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct WordCount {
    /// The usual spelling (`ma túy`), or the syllables of the term when the dictionary
    /// lacks it (a name).
    pub word: String,
    pub bulletins: u64,
}

/// The `limit` words held by the most bulletins (title or text), stop words left out.
pub fn frequent_words(index: &BantinIndex, limit: usize) -> Result<Vec<WordCount>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(index.fields.text).map_err(err)?;
        let mut stream: TermStreamer = inverted.terms().stream().map_err(|e| err(e.into()))?;
        while stream.advance() {
            let key = stream.key();
            if key.first() == Some(&b'~') || !key.contains(&(WORD_JOINER as u8)) {
                continue;
            }
            *counts.entry(key.to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut words: Vec<(String, u64)> = counts
        .into_iter()
        .filter_map(|(key, n)| Some((String::from_utf8(key).ok()?, n)))
        .filter(|(term, _)| !STOP_WORDS.contains(&term.as_str()))
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let dictionary = WordDictionary::embedded();
    Ok(words
        .into_iter()
        .take(limit)
        .map(|(term, bulletins)| WordCount {
            word: dictionary
                .spelling(&term)
                .map_or_else(|| term.replace(WORD_JOINER, " "), str::to_owned),
            bulletins,
        })
        .collect())
}
