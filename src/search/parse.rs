//! The query language: what users type, parsed into a tree before any index is touched.
//!
//! ```text
//! ma tuy thanh hoa          all words (AND is the default)
//! "an ninh trật tự"          a phrase
//! +ma -cần                   required / excluded
//! cướp OR trộm               either (OR binds tighter than the implicit AND)
//! title:ma title:"ma túy"    the title only (body: is the whole text, the default)
//! (cướp OR trộm) -xe         groups
//! ```
//!
//! `AND` may be written and means the default. Errors name the column (1-based, in
//! characters) of the problem.

use std::fmt;

/// Which text fields a clause searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Title,
    Body,
}

/// `+`, `-` or nothing in front of a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modifier {
    Default,
    Required,
    Excluded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Word(String),
    Phrase(String),
    /// Clauses joined by OR.
    Any(Vec<Clause>),
    /// A parenthesized sequence.
    Group(Vec<Clause>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub modifier: Modifier,
    pub scope: Scope,
    pub node: Node,
}

/// A query that cannot be parsed, with the 1-based column of the problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (column {})", self.message, self.column)
    }
}

/// Parses a whole query into its top-level clauses (empty for an empty query).
pub fn parse_query(query: &str) -> Result<Vec<Clause>, ParseError> {
    let tokens = lex(query)?;
    let mut parser = Parser { tokens, at: 0 };
    let clauses = parser.sequence()?;
    if let Some(token) = parser.tokens.get(parser.at) {
        return Err(error(token.column, "`)` without a matching `(`"));
    }
    Ok(clauses)
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lexeme {
    Word(String),
    Quoted(String),
    Open,
    Close,
    Or,
    And,
    Plus,
    Minus,
    Field(Scope),
}

#[derive(Clone, Debug)]
struct Token {
    lexeme: Lexeme,
    column: usize,
}

fn error(column: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        column,
        message: message.into(),
    }
}

fn lex(query: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let column = at + 1;
        let push = |tokens: &mut Vec<Token>, lexeme| tokens.push(Token { lexeme, column });
        if c.is_whitespace() {
            at += 1;
        } else if c == '"' {
            let end = chars[at + 1..]
                .iter()
                .position(|&c| c == '"')
                .ok_or_else(|| error(column, "quote `\"` is never closed"))?;
            push(
                &mut tokens,
                Lexeme::Quoted(chars[at + 1..at + 1 + end].iter().collect()),
            );
            at += end + 2;
        } else if c == '(' || c == ')' {
            push(
                &mut tokens,
                if c == '(' {
                    Lexeme::Open
                } else {
                    Lexeme::Close
                },
            );
            at += 1;
        } else if c == '+' || c == '-' {
            // A modifier when glued to what follows (`-xe`); alone it is punctuation, as in
            // `Bà Rịa - Vũng Tàu`.
            if chars.get(at + 1).is_some_and(|next| !next.is_whitespace()) {
                push(
                    &mut tokens,
                    if c == '+' {
                        Lexeme::Plus
                    } else {
                        Lexeme::Minus
                    },
                );
            }
            at += 1;
        } else {
            let end = chars[at..]
                .iter()
                .position(|&c| c.is_whitespace() || c == '"' || c == '(' || c == ')')
                .map_or(chars.len(), |n| at + n);
            let word: String = chars[at..end].iter().collect();
            at = end;
            match field_prefix(&word, column)? {
                Some((scope, rest)) => {
                    push(&mut tokens, Lexeme::Field(scope));
                    if !rest.is_empty() {
                        tokens.push(Token {
                            lexeme: Lexeme::Word(rest.to_owned()),
                            column: column + word.chars().count() - rest.chars().count(),
                        });
                    }
                }
                None if word == "OR" => push(&mut tokens, Lexeme::Or),
                None if word == "AND" => push(&mut tokens, Lexeme::And),
                None => push(&mut tokens, Lexeme::Word(word)),
            }
        }
    }
    Ok(tokens)
}

/// `title:...` or `body:...`; another `word:` that looks like a field is an error, while
/// text such as `10:30` stays a word.
fn field_prefix(word: &str, column: usize) -> Result<Option<(Scope, &str)>, ParseError> {
    let Some((name, rest)) = word.split_once(':') else {
        return Ok(None);
    };
    match name {
        "title" => Ok(Some((Scope::Title, rest))),
        "body" => Ok(Some((Scope::Body, rest))),
        _ if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()) => Err(error(
            column,
            format!("unknown field `{name}:` (fields: title, body)"),
        )),
        _ => Ok(None),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.tokens.get(self.at).map(|t| &t.lexeme)
    }

    fn column(&self) -> usize {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(1, |t| t.column)
    }

    /// Clauses until `)` or the end; OR chains fold into [`Node::Any`].
    fn sequence(&mut self) -> Result<Vec<Clause>, ParseError> {
        let mut clauses: Vec<Clause> = Vec::new();
        loop {
            match self.peek() {
                None | Some(Lexeme::Close) => return Ok(clauses),
                Some(Lexeme::And) => {
                    if clauses.is_empty() {
                        return Err(error(self.column(), "`AND` needs a word before it"));
                    }
                    self.at += 1;
                }
                Some(Lexeme::Or) => {
                    let column = self.column();
                    let left = clauses
                        .pop()
                        .ok_or_else(|| error(column, "`OR` needs a word before it"))?;
                    self.at += 1;
                    if matches!(
                        self.peek(),
                        None | Some(Lexeme::Close | Lexeme::Or | Lexeme::And)
                    ) {
                        return Err(error(column, "`OR` needs a word after it"));
                    }
                    let right = self.clause()?;
                    clauses.push(join_or(left, right));
                }
                Some(_) => {
                    let clause = self.clause()?;
                    clauses.push(clause);
                }
            }
        }
    }

    fn clause(&mut self) -> Result<Clause, ParseError> {
        let mut modifier = Modifier::Default;
        let mut scope = Scope::All;
        loop {
            let column = self.column();
            let lexeme = self.peek().cloned();
            self.at += 1;
            match lexeme {
                Some(Lexeme::Plus) => modifier = Modifier::Required,
                Some(Lexeme::Minus) => modifier = Modifier::Excluded,
                Some(Lexeme::Field(field)) => scope = field,
                Some(Lexeme::Word(word)) => {
                    return Ok(Clause {
                        modifier,
                        scope,
                        node: Node::Word(word),
                    })
                }
                Some(Lexeme::Quoted(text)) => {
                    return Ok(Clause {
                        modifier,
                        scope,
                        node: Node::Phrase(text),
                    })
                }
                Some(Lexeme::Open) => {
                    let inner = self.sequence()?;
                    if self.peek() != Some(&Lexeme::Close) {
                        return Err(error(column, "`(` is never closed"));
                    }
                    self.at += 1;
                    if inner.is_empty() {
                        return Err(error(column, "empty `()`"));
                    }
                    return Ok(Clause {
                        modifier,
                        scope,
                        node: Node::Group(inner),
                    });
                }
                _ => {
                    return Err(error(
                        column,
                        "`+`, `-` or a field name must be followed by a word or phrase",
                    ))
                }
            }
        }
    }
}

fn join_or(left: Clause, right: Clause) -> Clause {
    match left {
        Clause {
            node: Node::Any(mut alternatives),
            modifier: Modifier::Default,
            scope: Scope::All,
        } => {
            alternatives.push(right);
            Clause {
                modifier: Modifier::Default,
                scope: Scope::All,
                node: Node::Any(alternatives),
            }
        }
        left => Clause {
            modifier: Modifier::Default,
            scope: Scope::All,
            node: Node::Any(vec![left, right]),
        },
    }
}

#[cfg(test)]
mod tests {
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
            message("tittle:ma"),
            "unknown field `tittle:` (fields: title, body) (column 1)"
        );
        assert_eq!(
            message("ma title:"),
            "`+`, `-` or a field name must be followed by a word or phrase (column 4)"
        );
        assert_eq!(message("()"), "empty `()` (column 1)");
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
}
