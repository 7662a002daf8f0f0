//! How well the set a search counts agrees with what readers say: for a word, the share
//! of counted matches that hold it (precision) and the share of bulletins holding it that
//! are counted (recall).
//!
//! A bulletin can hold a word only where its syllables stand together. Those bulletins
//! (the word's candidates) fall into two strata, told apart by the word list alone (see
//! `dev/matches/sample.py`): **clean**, where some place is crossed by no dictionary word,
//! and **ambiguous**, where every place is. Readers labelled a sample of each stratum
//! ([`WordLabel`]). Each stratum splits again into the candidates the search counts and
//! those it does not, whose sizes are known exactly ([`Candidates`]); the labels of each
//! part give its share of bulletins holding the word, which its size weighs (stratified
//! estimation, with post-strata by whether the search counts a bulletin). A counted
//! bulletin that is no candidate at all (syllables anywhere) does not hold the word.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// The two strata of a word's candidates.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Stratum {
    Clean,
    Ambiguous,
}

impl Stratum {
    const BOTH: [Stratum; 2] = [Stratum::Clean, Stratum::Ambiguous];
}

/// One labelled candidate: whether bulletin `id` holds `word`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct WordLabel {
    pub word: String,
    pub id: String,
    pub stratum: Stratum,
    pub holds: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// `uncounted`: drawn from the candidates the default search did not count, rather
    /// than from the whole stratum (see `dev/matches/RULES.md`).
    #[serde(default)]
    pub sample: Option<String>,
}

impl WordLabel {
    /// Drawn from a whole stratum, whatever any search counts: a random sample of every
    /// part of it.
    pub fn from_whole_stratum(&self) -> bool {
        self.sample.is_none()
    }
}

/// Every candidate of one word, by stratum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Candidates {
    pub word: String,
    pub clean: HashSet<String>,
    pub ambiguous: HashSet<String>,
}

impl Candidates {
    fn of(&self, stratum: Stratum) -> &HashSet<String> {
        match stratum {
            Stratum::Clean => &self.clean,
            Stratum::Ambiguous => &self.ambiguous,
        }
    }
}

/// Up to `n` candidates of each stratum that the search does not count, in an order fixed
/// by their ids and the word (the same sample every run): the ones to read next, to
/// measure what it misses.
pub fn uncounted_sample(
    candidates: &Candidates,
    counted: &HashSet<String>,
    n: usize,
) -> Vec<String> {
    let mut sample = Vec::new();
    for stratum in Stratum::BOTH {
        let mut uncounted: Vec<(u64, &String)> = candidates
            .of(stratum)
            .iter()
            .filter(|id| !counted.contains(*id))
            .map(|id| {
                let key = format!("{}:{id}", candidates.word);
                (crate::bulletin::stable_hash(&key), id)
            })
            .collect();
        uncounted.sort();
        sample.extend(uncounted.into_iter().take(n).map(|(_, id)| id.clone()));
    }
    sample
}

/// The candidates of every word in the lines of `candidates.tsv` (`word<TAB>stratum<TAB>ids`,
/// ids as `vietnews/` and six digits, each written as its difference from the one before;
/// lines starting with `#` are comments): word → candidates, in the order first seen.
pub fn parse_candidates(text: &str) -> Result<Vec<Candidates>, LabelError> {
    let mut words: Vec<Candidates> = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = |why: &str| LabelError(format!("line {}: {why}", at + 1));
        let mut fields = line.split('\t');
        let (Some(word), Some(stratum), Some(ids)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad("expected word, stratum and ids"));
        };
        let stratum = match stratum {
            "clean" => Stratum::Clean,
            "ambiguous" => Stratum::Ambiguous,
            other => return Err(bad(&format!("{other:?} is not a stratum"))),
        };
        let mut number: u64 = 0;
        let mut set = HashSet::new();
        for delta in ids.split_whitespace() {
            let delta: u64 = delta
                .parse()
                .map_err(|_| bad(&format!("{delta:?} is not a number")))?;
            number = number
                .checked_add(delta)
                .ok_or_else(|| bad("an id overflows"))?;
            set.insert(format!("vietnews/{number:06}"));
        }
        let at = match words.iter().position(|c| c.word == word) {
            Some(at) => at,
            None => {
                words.push(Candidates {
                    word: word.to_owned(),
                    ..Candidates::default()
                });
                words.len() - 1
            }
        };
        match stratum {
            Stratum::Clean => words[at].clean = set,
            Stratum::Ambiguous => words[at].ambiguous = set,
        }
    }
    Ok(words)
}

/// A label or candidates line that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct LabelError(String);

impl WordLabel {
    pub fn parse(line: &str) -> Result<WordLabel, LabelError> {
        serde_json::from_str(line).map_err(|err| LabelError(format!("not a label line: {err}")))
    }
}

/// One word's match set, estimated against its labels.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct WordFigures {
    /// Bulletins the search counts, among those the labels can be about.
    pub counted: u64,
    /// Of those, how many are no candidate (the word's syllables never stand together).
    pub counted_elsewhere: u64,
    /// Candidates, and those the search does not count.
    pub candidates: u64,
    pub uncounted_candidates: u64,
    /// Estimated: candidates holding the word, and counted candidates holding it.
    pub holding: f64,
    pub counted_holding: f64,
    pub labelled: usize,
}

impl WordFigures {
    /// Share of the counted matches that hold the word.
    pub fn precision(&self) -> f64 {
        ratio(self.counted_holding, self.counted as f64)
    }

    /// Share of the bulletins holding the word that are counted.
    pub fn recall(&self) -> f64 {
        ratio(self.counted_holding, self.holding)
    }

    /// The sum of two words' figures (for figures over every word).
    pub fn add(&mut self, other: &WordFigures) {
        self.counted += other.counted;
        self.counted_elsewhere += other.counted_elsewhere;
        self.candidates += other.candidates;
        self.uncounted_candidates += other.uncounted_candidates;
        self.holding += other.holding;
        self.counted_holding += other.counted_holding;
        self.labelled += other.labelled;
    }
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).min(1.0)
    } else {
        1.0
    }
}

/// The figures of one word's match set: `counted` are the ids the search counts (among
/// the bulletins labels can be about), `labels` that word's labels (any order).
pub fn estimate(
    candidates: &Candidates,
    labels: &[&WordLabel],
    counted: &HashSet<String>,
) -> WordFigures {
    // Per stratum and counted or not: labelled, and of those holding the word.
    let mut labelled: HashMap<(Stratum, bool), (usize, usize)> = HashMap::new();
    for label in labels {
        let part = labelled
            .entry((label.stratum, counted.contains(&label.id)))
            .or_default();
        part.0 += 1;
        part.1 += usize::from(label.holds);
    }
    let mut figures = WordFigures {
        counted: counted.len() as u64,
        labelled: labels.len(),
        ..WordFigures::default()
    };
    let mut counted_candidates = 0;
    for stratum in Stratum::BOTH {
        let all = candidates.of(stratum);
        let in_set = all.iter().filter(|id| counted.contains(*id)).count();
        counted_candidates += in_set;
        figures.candidates += all.len() as u64;
        figures.uncounted_candidates += (all.len() - in_set) as u64;
        // A part without labels takes the share of its whole stratum.
        let share_of = |part: Option<&(usize, usize)>| -> f64 {
            let whole = labelled
                .iter()
                .filter(|((s, _), _)| *s == stratum)
                .fold((0, 0), |acc, (_, &(n, h))| (acc.0 + n, acc.1 + h));
            let (n, holds) = part.copied().filter(|&(n, _)| n > 0).unwrap_or(whole);
            if n == 0 {
                1.0
            } else {
                holds as f64 / n as f64
            }
        };
        let counted_share = share_of(labelled.get(&(stratum, true)));
        let missed_share = share_of(labelled.get(&(stratum, false)));
        figures.counted_holding += in_set as f64 * counted_share;
        figures.holding +=
            in_set as f64 * counted_share + (all.len() - in_set) as f64 * missed_share;
    }
    figures.counted_elsewhere = (counted.len() - counted_candidates) as u64;
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(id: &str, stratum: Stratum, holds: bool) -> WordLabel {
        WordLabel {
            word: "an ninh".into(),
            id: id.into(),
            stratum,
            holds,
            note: None,
            sample: None,
        }
    }

    fn ids(prefix: &str, n: usize) -> HashSet<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    #[test]
    fn each_part_of_a_stratum_weighs_by_its_size() {
        // 1000 clean candidates, all counted; 100 ambiguous, 40 of them counted.
        let candidates = Candidates {
            word: "an ninh".into(),
            clean: ids("c", 1000),
            ambiguous: ids("a", 100),
        };
        let labels = [
            label("c1", Stratum::Clean, true),
            label("c2", Stratum::Clean, true),
            // Counted ambiguous: one of two holds the word.
            label("a1", Stratum::Ambiguous, true),
            label("a2", Stratum::Ambiguous, false),
            // Not counted ambiguous: one of four holds it.
            label("a50", Stratum::Ambiguous, true),
            label("a51", Stratum::Ambiguous, false),
            label("a52", Stratum::Ambiguous, false),
            label("a53", Stratum::Ambiguous, false),
        ];
        let refs: Vec<&WordLabel> = labels.iter().collect();
        let mut counted = ids("c", 1000);
        counted.extend(ids("a", 40));
        let figures = estimate(&candidates, &refs, &counted);
        assert_eq!(figures.counted, 1040);
        assert_eq!(figures.counted_elsewhere, 0);
        assert_eq!(figures.counted_holding, 1000.0 + 20.0);
        assert_eq!(figures.holding, 1000.0 + 20.0 + 15.0);
        assert!((figures.precision() - 1020.0 / 1040.0).abs() < 1e-9);
        assert!((figures.recall() - 1020.0 / 1035.0).abs() < 1e-9);
    }

    #[test]
    fn matches_that_are_no_candidate_lower_precision() {
        let candidates = Candidates {
            word: "ma túy".into(),
            clean: ids("c", 10),
            ambiguous: HashSet::new(),
        };
        let labels = [label("c1", Stratum::Clean, true)];
        let refs: Vec<&WordLabel> = labels.iter().collect();
        let mut counted = ids("x", 40);
        counted.extend(ids("c", 10));
        let figures = estimate(&candidates, &refs, &counted);
        assert_eq!(figures.counted, 50);
        assert_eq!(figures.counted_elsewhere, 40);
        assert!((figures.precision() - 10.0 / 50.0).abs() < 1e-9);
        assert_eq!(figures.recall(), 1.0);
    }

    #[test]
    fn candidates_are_read_from_differences() {
        let text = "# comment\nma túy\tclean\t4 2 100\nma túy\tambiguous\t7\n";
        let words = parse_candidates(text).expect("valid");
        assert_eq!(words.len(), 1);
        let mut clean: Vec<&String> = words[0].clean.iter().collect();
        clean.sort();
        assert_eq!(
            clean,
            ["vietnews/000004", "vietnews/000006", "vietnews/000106"]
        );
        assert!(words[0].ambiguous.contains("vietnews/000007"));
        let err = parse_candidates("ma túy\tsomewhere\t1\n").expect_err("bad stratum");
        assert_eq!(err.to_string(), "line 1: \"somewhere\" is not a stratum");
    }

    #[test]
    fn label_lines_parse_or_say_why_not() {
        let line =
            r#"{"word":"ma túy","id":"v/1","stratum":"ambiguous","holds":false,"note":"mà tuỳ"}"#;
        let parsed = WordLabel::parse(line).expect("valid");
        assert_eq!(parsed.stratum, Stratum::Ambiguous);
        assert!(!parsed.holds);
        assert!(WordLabel::parse(r#"{"word":"x"}"#).is_err());
    }
}
