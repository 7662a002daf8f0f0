//! The words an index holds most often: its word terms (`ma_tuy`) by how many bulletins
//! hold them, for `bantin stats --words`.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use tantivy::termdict::TermStreamer;

use super::{tantivy_error, BantinIndex, IndexError};
use crate::text::fold_words;
use crate::text::words::{WordDictionary, WORD_JOINER};

/// Words too common in any news text to say what a set of bulletins is about: function
/// words, reporting verbs and the boilerplate of news writing. Reviewed by hand from the
/// words most VietNews articles hold; words of crime and policing stay out of it even when
/// common (`đối tượng`, `điều tra`): in an archive of bulletins they are what sets differ
/// by. Written as published; compared folded.
const STOP_WORDS: &[&str] = &[
    "ban đầu",
    "bao giờ",
    "bao gồm",
    "bày tỏ",
    "bản thân",
    "bất kỳ",
    "bất ngờ",
    "bắt đầu",
    "bên cạnh",
    "bình thường",
    "cảm thấy",
    "cần thiết",
    "chia sẻ",
    "cho biết",
    "cho hay",
    "cho rằng",
    "chủ yếu",
    "chúng ta",
    "chúng tôi",
    "chú ý",
    "chính thức",
    "có mặt",
    "có thể",
    "cố gắng",
    "cụ thể",
    "cuối cùng",
    "cùng với",
    "do đó",
    "đặc biệt",
    "đầu tiên",
    "đầy đủ",
    "đến nay",
    "đồng thời",
    "đồng ý",
    "đối với",
    "đưa tin",
    "hàng loạt",
    "hiện nay",
    "hiện tại",
    "hình ảnh",
    "hoàn toàn",
    "hôm nay",
    "hơn nữa",
    "ít nhất",
    "khả năng",
    "khẳng định",
    "không chỉ",
    "không thể",
    "kết quả",
    "lập tức",
    "lên tiếng",
    "liên quan",
    "liên tục",
    "lý do",
    "mặc dù",
    "mạnh mẽ",
    "mới đây",
    "mong muốn",
    "một cách",
    "một số",
    "ngày càng",
    "ngoài ra",
    "nguồn tin",
    "nguyên văn",
    "người dân",
    "người ta",
    "nhanh chóng",
    "nhằm mục đích",
    "nhấn mạnh",
    "nhận định",
    "nhất là",
    "như thế",
    "như vậy",
    "những người",
    "phù hợp",
    "quá trình",
    "quan điểm",
    "quan trọng",
    "rõ ràng",
    "sau khi",
    "sẵn sàng",
    "tại đây",
    "tất cả",
    "thậm chí",
    "theo đó",
    "theo như",
    "thế nào",
    "thể hiện",
    "thời điểm",
    "thời gian",
    "thông qua",
    "thông tin",
    "thứ hai",
    "thừa nhận",
    "thực sự",
    "thực tế",
    "tiếp tục",
    "tiết lộ",
    "toàn bộ",
    "tổng cộng",
    "tổng hợp",
    "trả lời",
    "trao đổi",
    "trở lại",
    "trở thành",
    "trong khi",
    "trước đây",
    "trước đó",
    "trước khi",
    "trường hợp",
    "từ đó",
    "tuổi trẻ",
    "tuổi trẻ online",
    "tương tự",
    "tuy nhiên",
    "vào khoảng",
    "vấn đề",
    "vì vậy",
    "vô cùng",
    "vừa qua",
    "xác nhận",
    "xuất hiện",
];

/// [`STOP_WORDS`] as the index's word terms (`cho_biet`).
fn stop_terms() -> &'static FxHashSet<String> {
    static TERMS: OnceLock<FxHashSet<String>> = OnceLock::new();
    TERMS.get_or_init(|| STOP_WORDS.iter().map(|word| word_term(word)).collect())
}

/// The index's term for a word typed with or without accents: `Cho biết` → `cho_biet`.
pub fn word_term(word: &str) -> String {
    fold_words(word).replace(' ', &WORD_JOINER.to_string())
}

/// Whether `term` (folded, `cho_biet`) is a word too common in any news text to say what
/// a set of bulletins is about.
pub fn is_stop_word(term: &str) -> bool {
    stop_terms().contains(term)
}

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
        .filter(|(term, _)| !is_stop_word(term))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_distinct_words_of_two_syllables_or_more() {
        let terms = stop_terms();
        assert_eq!(terms.len(), STOP_WORDS.len(), "a stop word is listed twice");
        for term in terms {
            assert!(term.contains(WORD_JOINER), "{term:?} is one syllable");
        }
    }

    #[test]
    fn stop_words_match_folded_terms() {
        assert!(is_stop_word("cho_biet"));
        assert!(is_stop_word("tuy_nhien"));
        assert!(is_stop_word("dong_thoi"));
        assert!(!is_stop_word("ma_tuy"));
        assert!(!is_stop_word("doi_tuong"));
        assert!(!is_stop_word("cho biết"));
    }
}
