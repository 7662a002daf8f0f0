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
//! `AND` may be written and means the default. `+` and `-` apply to a whole alternative
//! set, not inside it: `cướp OR -xe` is an error (write `cướp -xe`, or `(cướp OR trộm) -xe`).
//! A `word:` other than `title:` and `body:` is text (`http://...`, `10:30`).
//!
//! Queries are bounded before any work: at most [`MAX_QUERY_CHARS`] characters and
//! [`MAX_DEPTH`] nested parentheses. Errors name the column (1-based, in characters) of
//! the problem.

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
    /// Free words typed one after the other that form one word of two syllables or more
    /// (`ma tuy`): never made by parsing, only by [`super::query_words::join_words`].
    /// `term` is the index's word term (`ma_tuy`).
    Joined {
        words: Vec<String>,
        term: String,
    },
}

impl Node {
    /// The words typed in a clause of free words: the one of [`Node::Word`], those of
    /// [`Node::Joined`]; none for the others.
    pub fn typed_words(&self) -> &[String] {
        match self {
            Node::Word(word) => std::slice::from_ref(word),
            Node::Joined { words, .. } => words,
            _ => &[],
        }
    }
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

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Deepest nesting of parentheses.
pub const MAX_DEPTH: usize = 20;

/// Parses a whole query into its top-level clauses (empty for an empty query).
pub fn parse_query(query: &str) -> Result<Vec<Clause>, ParseError> {
    if query.chars().nth(MAX_QUERY_CHARS).is_some() {
        return Err(error(
            MAX_QUERY_CHARS + 1,
            format!("query longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    let tokens = lex(query)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
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
            match field_prefix(&word) {
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

/// `title:...` or `body:...`; any other `word:` is text (a pasted `http://...`, `10:30`).
fn field_prefix(word: &str) -> Option<(Scope, &str)> {
    let (name, rest) = word.split_once(':')?;
    match name {
        "title" => Some((Scope::Title, rest)),
        "body" => Some((Scope::Body, rest)),
        _ => None,
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// Parentheses open around the current clause.
    depth: usize,
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
                    let right_column = self.column();
                    let right = self.clause()?;
                    if left.modifier != Modifier::Default {
                        return Err(modifier_in_or(column));
                    }
                    if right.modifier != Modifier::Default {
                        return Err(modifier_in_or(right_column));
                    }
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
                    if self.depth >= MAX_DEPTH {
                        return Err(error(
                            column,
                            format!("parentheses nested deeper than {MAX_DEPTH} levels"),
                        ));
                    }
                    self.depth += 1;
                    let inner = self.sequence();
                    self.depth -= 1;
                    let inner = inner?;
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

/// `cướp OR -xe` has no meaning that users agree on: say how to write what they mean.
fn modifier_in_or(column: usize) -> ParseError {
    error(
        column,
        "`+` or `-` cannot mark one alternative of OR: put it outside, as in `cướp -xe` \
         or `(cướp OR trộm) -xe`",
    )
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
mod tests;
