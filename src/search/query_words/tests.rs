//! Joining a query's free words into the words they form, with and without an index to ask.

use super::*;
use crate::search::parse::parse_query;

/// The clauses as text: joined words in brackets with their term.
fn shown(clauses: &[Clause]) -> Vec<String> {
    clauses
        .iter()
        .map(|c| match &c.node {
            Node::Word(w) => w.clone(),
            Node::Joined { words, term } => format!("[{}]={term}", words.join(" ")),
            Node::Phrase(p) => format!("\"{p}\""),
            Node::Any(inner) => format!("any({})", shown(inner).join(" ")),
            Node::Group(inner) => format!("({})", shown(inner).join(" ")),
        })
        .collect()
}

fn joined(query: &str) -> Vec<String> {
    shown(&join_words(
        &parse_query(query).expect("valid"),
        &DictionaryOnly,
    ))
}

#[test]
fn free_words_join_into_the_words_they_form() {
    assert_eq!(joined("ma tuy"), ["[ma tuy]=ma_tuy"]);
    assert_eq!(joined("ma túy"), ["[ma túy]=ma_tuy"]);
    assert_eq!(
        joined("bắt giữ ma tuý thanh hoá"),
        [
            "[bắt giữ]=bat_giu",
            "[ma tuý]=ma_tuy",
            "[thanh hoá]=thanh_hoa"
        ]
    );
    assert_eq!(joined("cháy"), ["cháy"]);
}

#[test]
fn explicit_syntax_keeps_its_meaning() {
    assert_eq!(joined("\"ma tuy\""), ["\"ma tuy\""]);
    assert_eq!(joined("+ma +tuy"), ["ma", "tuy"]);
    assert_eq!(joined("ma -tuy"), ["ma", "tuy"]);
    assert_eq!(joined("title:ma title:tuy"), ["ma", "tuy"]);
    assert_eq!(
        joined("(ma tuy) OR heroin"),
        ["any(([ma tuy]=ma_tuy) heroin)"]
    );
    // Alternatives are no run of words.
    assert_eq!(joined("cháy OR hỏa OR hoạn"), ["any(cháy hỏa hoạn)"]);
}

#[test]
fn capitalized_names_join_only_where_the_index_holds_them() {
    let clauses = parse_query("Trần Văn Thuấn").expect("valid");
    let holds = Holds(&["tran_van_thuan"]);
    assert_eq!(
        shown(&join_words(&clauses, &holds)),
        ["[Trần Văn Thuấn]=tran_van_thuan"]
    );
    // Written as a name, a dictionary word joins too where the index holds it so.
    let clauses = parse_query("Thanh Hoá").expect("valid");
    assert_eq!(
        shown(&join_words(&clauses, &Holds(&["thanh_hoa"]))),
        ["[Thanh Hoá]=thanh_hoa"]
    );
    // Two countries, which the index does not hold as one name.
    assert_eq!(joined("Mỹ Triều"), ["Mỹ", "Triều"]);
    assert_eq!(
        shown(&join_words(
            &parse_query("Mỹ Triều").expect("valid"),
            &Holds(&[])
        )),
        ["Mỹ", "Triều"]
    );
}

#[test]
fn a_word_must_start_and_end_on_typed_words() {
    // `x-ma` ends in `ma`, but `ma tuy` would take half of a typed word.
    let found = joined("x-ma tuy");
    assert_eq!(found, ["x-ma", "tuy"]);
}

struct Holds(&'static [&'static str]);

impl HeldTogether for Holds {
    fn held_together(&self, term: &str, _standing: &[String]) -> bool {
        self.0.contains(&term)
    }
}

#[test]
fn syllables_the_index_holds_together_join_the_longest_first() {
    let holds = Holds(&["tran_van", "tran_van_thuan", "xyz_qwv"]);
    let clauses = parse_query("bắt tran van thuan xyz qwv").expect("valid");
    assert_eq!(
        shown(&join_words(&clauses, &holds)),
        [
            "bắt",
            "[tran van thuan]=tran_van_thuan",
            "[xyz qwv]=xyz_qwv"
        ]
    );
    assert_eq!(joined("xyz qwv"), ["xyz", "qwv"]);
}

#[test]
fn a_police_term_joins_the_words_it_spans() {
    assert_eq!(
        joined("buôn bán hàng giả"),
        ["[buôn bán hàng giả]=buon_ban_hang_gia"]
    );
    assert_eq!(joined("hang gia"), ["[hang gia]=hang_gia"]);
}

#[test]
fn joined_terms_skip_excluded_clauses() {
    let clauses = join_words(
        &parse_query("ma tuy -(an ninh)").expect("valid"),
        &DictionaryOnly,
    );
    assert_eq!(joined_terms(&clauses), ["ma_tuy"]);
}
