//! How well words are found, against text segmented by hand or by another tool.
//!
//! The reference marks a word's syllables joined by `_` (`Công_an tỉnh Hưng_Yên`), with
//! punctuation split off by spaces; articles are separated by a line `=====`. Scoring:
//!
//! - Each line is turned back into plain text (`_` becomes a space) and cut into syllables
//!   by the index's own syllable tokenizer. Punctuation is not a syllable, so it is neither
//!   a word nor a boundary: only syllables are scored.
//! - A reference word is the run of syllables its token gives, split where punctuation
//!   stands inside it (`X.Phú`, `22/6` are two words each: punctuation ends every run the
//!   segmenter sees, as it does in the index); a found word is one word of [`super::words::segment_tokens`], without the
//!   words inside long words.
//! - A found word is correct when a reference word starts at its first syllable and ends at
//!   its last: both its boundaries are right. Precision is correct / found, recall is
//!   correct / reference, F1 their harmonic mean (the word-boundary F1 of word segmentation
//!   evaluations). Single-syllable words count like the others.

use std::io::BufRead;

use super::analyze;
use super::words::{joins_syllables, segment_tokens, Segmenter};

/// Counts from scoring a segmentation against a reference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SegmentationScore {
    pub articles: usize,
    pub syllables: usize,
    pub reference_words: usize,
    pub found_words: usize,
    pub correct_words: usize,
}

impl SegmentationScore {
    pub fn precision(&self) -> f64 {
        ratio(self.correct_words, self.found_words)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct_words, self.reference_words)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Scores one line of reference text.
    pub fn add_line(&mut self, line: &str, segmenter: &mut Segmenter) {
        let mut reference: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        for token in line.split_whitespace() {
            let token = token.replace('_', " ");
            let syllables = analyze(&token);
            // Punctuation inside a reference word (`X.Phú`, `22/6`) splits it, as it
            // splits every run the segmenter sees.
            let mut start = 0;
            for end in 1..=syllables.len() {
                let joined = end < syllables.len()
                    && joins_syllables(&token[syllables[end - 1].end..syllables[end].start]);
                if !joined {
                    reference.push((at + start, at + end));
                    start = end;
                }
            }
            at += syllables.len();
        }
        let text = line.replace('_', " ");
        let tokens = analyze(&text);
        if tokens.len() != at {
            // The line's syllables differ when read whole (never seen; counted as misses).
            self.reference_words += reference.len();
            return;
        }
        let found = segment_tokens(&text, &tokens, segmenter, false);
        self.syllables += tokens.len();
        self.reference_words += reference.len();
        self.found_words += found.len();
        self.correct_words += count_common(&reference, &found);
    }

    /// Scores a whole reference file (articles separated by `=====` lines).
    pub fn from_reader(
        reader: impl BufRead,
        segmenter: &mut Segmenter,
    ) -> std::io::Result<SegmentationScore> {
        let mut score = SegmentationScore::default();
        let mut article_has_text = false;
        for line in reader.lines() {
            let line = line?;
            if line.trim() == "=====" {
                article_has_text = false;
                continue;
            }
            if !article_has_text && !line.trim().is_empty() {
                score.articles += 1;
                article_has_text = true;
            }
            score.add_line(&line, segmenter);
        }
        Ok(score)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// How many spans two sorted lists share.
fn count_common(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::WordDictionary;

    #[test]
    fn a_perfect_line_scores_one() {
        let mut segmenter = Segmenter::new(WordDictionary::embedded());
        let mut score = SegmentationScore::default();
        score.add_line("Công_an tỉnh bắt đối_tượng .", &mut segmenter);
        assert_eq!(
            (
                score.reference_words,
                score.found_words,
                score.correct_words
            ),
            (4, 4, 4)
        );
        assert_eq!(score.f1(), 1.0);
    }

    #[test]
    fn a_wrong_join_costs_precision_and_recall() {
        let mut segmenter = Segmenter::new(WordDictionary::embedded());
        let mut score = SegmentationScore::default();
        // The reference splits `công an` (a wrong reference): one found word matches
        // neither of its two reference words.
        score.add_line("công an tỉnh", &mut segmenter);
        assert_eq!(
            (
                score.reference_words,
                score.found_words,
                score.correct_words
            ),
            (3, 2, 1)
        );
        assert!((score.precision() - 0.5).abs() < 1e-9);
        assert!((score.recall() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn articles_are_counted_and_punctuation_is_not_scored() {
        let mut segmenter = Segmenter::new(WordDictionary::embedded());
        let text = "Công_an , tỉnh\n=====\n( đối_tượng )\n";
        let score = SegmentationScore::from_reader(text.as_bytes(), &mut segmenter)
            .expect("reads from memory");
        assert_eq!(score.articles, 2);
        assert_eq!(score.syllables, 5);
        assert_eq!(score.correct_words, 3);
    }
}
