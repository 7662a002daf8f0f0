//! The query language: what each query parses to, what is refused.

use super::*;

fn word(text: &str) -> Clause {
    Clause {
        modifier: Modifier::Default,
        scope: Scope::All,
        node: Node::Word(text.into()),
    }
}

#[test]
fn words_phrases_and_modifiers() {
    let parsed = parse_query("ma +túy -\"cần sa\" title:Thanh").expect("valid");
    assert_eq!(parsed[0], word("ma"));
    assert_eq!(parsed[1].modifier, Modifier::Required);
    assert_eq!(
        parsed[2],
        Clause {
            modifier: Modifier::Excluded,
            scope: Scope::All,
            node: Node::Phrase("cần sa".into())
        }
    );
    assert_eq!(
        parsed[3],
        Clause {
            modifier: Modifier::Default,
            scope: Scope::Title,
            node: Node::Word("Thanh".into())
        }
    );
}

#[test]
fn inner_hyphens_and_times_stay_in_words() {
    assert_eq!(
        parse_query("12-NQ/TW 10:30").expect("valid"),
        [word("12-NQ/TW"), word("10:30")]
    );
}

#[test]
fn or_binds_tighter_than_and() {
    let parsed = parse_query("a b OR c OR d e").expect("valid");
    assert_eq!(parsed.len(), 3);
    assert_eq!(
        parsed[1].node,
        Node::Any(vec![word("b"), word("c"), word("d")])
    );
    assert_eq!(
        parse_query("a AND b").expect("valid"),
        [word("a"), word("b")]
    );
}

#[test]
fn groups_nest() {
    let parsed = parse_query("(cướp OR trộm) -xe").expect("valid");
    assert_eq!(
        parsed[0].node,
        Node::Group(vec![Clause {
            modifier: Modifier::Default,
            scope: Scope::All,
            node: Node::Any(vec![word("cướp"), word("trộm")])
        }])
    );
    assert_eq!(parsed[1].modifier, Modifier::Excluded);
}

#[test]
fn errors_point_at_the_problem() {
    let message = |q: &str| parse_query(q).expect_err(q).to_string();
    assert_eq!(message("ma \"túy"), "quote `\"` is never closed (column 4)");
    assert_eq!(message("(ma túy"), "`(` is never closed (column 1)");
    assert_eq!(message("ma túy)"), "`)` without a matching `(` (column 7)");
    assert_eq!(message("OR ma"), "`OR` needs a word before it (column 1)");
    assert_eq!(message("ma OR"), "`OR` needs a word after it (column 4)");
    assert_eq!(
        message("ma title:"),
        "`+`, `-` or a field name must be followed by a word or phrase (column 4)"
    );
    assert_eq!(message("()"), "empty `()` (column 1)");
}

#[test]
fn a_pasted_url_is_text_not_a_field() {
    assert_eq!(
        parse_query("http://congan.vn/tin tittle:ma").expect("valid"),
        [word("http://congan.vn/tin"), word("tittle:ma")]
    );
}

#[test]
fn a_modifier_inside_or_is_an_error_naming_its_column() {
    let message = |q: &str| parse_query(q).expect_err(q).to_string();
    assert!(message("cướp OR -xe").ends_with("(column 9)"));
    assert!(message("-xe OR cướp").ends_with("(column 5)"));
    assert!(message("a OR b OR +c").contains("cannot mark one alternative of OR"));
    assert!(parse_query("(cướp OR trộm) -xe").is_ok());
    assert!(parse_query("(cướp -xe) OR trộm").is_ok());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let nested = |depth: usize| format!("{}ma{}", "(".repeat(depth), ")".repeat(depth));
    assert!(parse_query(&nested(MAX_DEPTH)).is_ok());
    assert_eq!(
        parse_query(&nested(MAX_DEPTH + 1))
            .expect_err("too deep")
            .to_string(),
        format!(
            "parentheses nested deeper than {MAX_DEPTH} levels (column {})",
            MAX_DEPTH + 1
        )
    );
    let huge: String = "(".repeat(MAX_QUERY_CHARS / 2) + &")".repeat(MAX_QUERY_CHARS / 2);
    assert!(parse_query(&huge).is_err());
}

#[test]
fn overlong_queries_are_refused_before_parsing() {
    let long = "ma ".repeat(MAX_QUERY_CHARS);
    let refused = parse_query(&long).expect_err("too long").to_string();
    assert!(
        refused.starts_with("query longer than 1000 characters"),
        "{refused}"
    );
    assert!(parse_query(&"a".repeat(MAX_QUERY_CHARS)).is_ok());
}

#[test]
fn a_lone_dash_is_punctuation() {
    assert_eq!(
        parse_query("Bà Rịa - Vũng Tàu").expect("valid"),
        [word("Bà"), word("Rịa"), word("Vũng"), word("Tàu")]
    );
}

#[test]
fn empty_query_has_no_clauses() {
    assert_eq!(parse_query("   ").expect("valid"), []);
}
