//! The reference segmentation by jieba-rs.

use super::WordDictionary;

/// The same segmentation computed by jieba-rs over interned syllables: the reference the
/// lattice is checked against, and the engine `bantin segment --engine jieba` uses.
pub struct JiebaSegmenter {
    dictionary: &'static WordDictionary,
    interned: String,
}

impl JiebaSegmenter {
    pub fn new(dictionary: &'static WordDictionary) -> JiebaSegmenter {
        JiebaSegmenter {
            dictionary,
            interned: String::new(),
        }
    }

    /// The words of one run of folded syllables (no name joining, no sub-words).
    pub fn segment<'s>(
        &mut self,
        syllables: impl Iterator<Item = &'s str>,
        words: &mut Vec<(usize, usize)>,
    ) {
        let (jieba, code_points) = self.dictionary.jieba();
        words.clear();
        self.interned.clear();
        for syllable in syllables {
            let id = self.dictionary.id(syllable);
            // Unknown syllables share one code point no word contains.
            self.interned
                .push(code_points.get(id as usize).copied().unwrap_or('\u{4E00}'));
        }
        words.extend(
            jieba
                .cut(&self.interned, false)
                .iter()
                .map(|token| (token.start, token.end)),
        );
    }
}
