//! Terminal output: whether to use colour, and how highlighted text looks with and without.

use std::io::{IsTerminal, Write};

use super::ColorArg;

/// Whether output carries ANSI colour, resolved once from `--color` and the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Color,
    Plain,
}

impl ColorChoice {
    /// `auto` colours only when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub fn resolve(arg: ColorArg) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self::from_parts(arg, std::io::stdout().is_terminal(), no_color)
    }

    fn from_parts(arg: ColorArg, stdout_is_terminal: bool, no_color: bool) -> Self {
        let colored = match arg {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout_is_terminal && !no_color,
        };
        if colored {
            ColorChoice::Color
        } else {
            ColorChoice::Plain
        }
    }
}

/// Styles pieces of text for the chosen [`ColorChoice`].
#[derive(Clone, Copy, Debug)]
pub struct Painter {
    color: ColorChoice,
}

/// The code that ends every style this painter starts.
const RESET: &str = "\x1b[0m";

impl Painter {
    pub fn new(color: ColorChoice) -> Self {
        Painter { color }
    }

    /// Matched words in snippets: bold yellow on a terminal, `**word**` otherwise.
    pub fn highlight(&self, text: &str) -> String {
        match self.color {
            ColorChoice::Color => format!("\x1b[1;33m{text}\x1b[0m"),
            ColorChoice::Plain => format!("**{text}**"),
        }
    }

    /// Titles and headings: bold on a terminal, unchanged otherwise.
    pub fn strong(&self, text: &str) -> String {
        match self.color {
            // A highlight inside (a title's matched words) ends with a reset: bold again after it.
            ColorChoice::Color => {
                format!("\x1b[1m{}\x1b[0m", text.replace(RESET, "\x1b[0m\x1b[1m"))
            }
            ColorChoice::Plain => text.to_owned(),
        }
    }

    /// Secondary details (scores, byte ranges): dim on a terminal, unchanged otherwise.
    pub fn dim(&self, text: &str) -> String {
        match self.color {
            ColorChoice::Color => format!("\x1b[2m{text}\x1b[0m"),
            ColorChoice::Plain => text.to_owned(),
        }
    }
}

/// `text` with control characters (a newline in an id) escaped as Rust writes them, so one
/// value stays on one line of output.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            escaped.extend(c.escape_default());
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// `text` with the escapes [`escape_controls`] writes turned back into the characters
/// they stand for (`\n`, `\t`, `\r`, `\0`, `\\`, `\'`, `\"`, `\u{1b}`), so that an id
/// copied from the output finds its bulletin; `None` when `text` holds no such escape.
pub fn unescape_controls(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return None;
    }
    let mut plain = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        plain.push_str(&rest[..at]);
        let escape = &rest[at + 1..];
        let (c, used) = match escape.chars().next() {
            Some('n') => ('\n', 1),
            Some('t') => ('\t', 1),
            Some('r') => ('\r', 1),
            Some('0') => ('\0', 1),
            Some(c @ ('\\' | '\'' | '"')) => (c, 1),
            Some('u') => unicode_escape(escape).unwrap_or(('\\', 0)),
            _ => ('\\', 0),
        };
        changed |= used > 0;
        plain.push(c);
        rest = &escape[used..];
    }
    plain.push_str(rest);
    changed.then_some(plain)
}

/// The character of `u{HEX}` at the start of `escape`, and the bytes it takes.
fn unicode_escape(escape: &str) -> Option<(char, usize)> {
    let digits = escape.strip_prefix("u{")?;
    let end = digits.find('}')?;
    let code = u32::from_str_radix(digits.get(..end)?, 16).ok()?;
    Some((char::from_u32(code)?, 2 + end + 1))
}

/// Prints `value` to stdout as one line of JSON when `json`, else through `human`.
pub fn print_json_or<T: serde::Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce(&mut std::io::StdoutLock<'static>, &T) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        // As an I/O error, a closed pipe is recognised as such (and ends quietly).
        serde_json::to_writer(&mut out, value).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        human(&mut out, value)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_stays_bold_after_its_highlighted_words() {
        let painter = Painter::new(ColorChoice::Color);
        let title = format!("Bắt {} tại Vinh", painter.highlight("ma túy"));
        let shown = painter.strong(&title);
        let after = shown.split("ma túy").nth(1).expect("the highlight");
        let (reset, rest) = after.split_once(" tại").expect("the rest of the title");
        assert!(reset.ends_with("\x1b[1m"), "{shown:?}");
        assert!(rest.ends_with("\x1b[0m"), "{shown:?}");
    }

    #[test]
    fn escaped_controls_read_back() {
        for text in ["tin\n42", "a\tb\r\0c", "x\u{1b}y\u{7f}", "đ\u{85}ư"] {
            let escaped = escape_controls(text);
            assert_ne!(escaped, text);
            assert_eq!(
                unescape_controls(&escaped).as_deref(),
                Some(text),
                "{escaped}"
            );
        }
        assert_eq!(unescape_controls("C:\\\\tin").as_deref(), Some("C:\\tin"));
        for unchanged in ["plain", "ends\\", "\\q", "\\u{zz}", "\\u{110000}", "\\u{41"] {
            assert_eq!(unescape_controls(unchanged), None, "{unchanged}");
        }
    }

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert_eq!(
            ColorChoice::from_parts(ColorArg::Auto, true, false),
            ColorChoice::Color
        );
        assert_eq!(
            ColorChoice::from_parts(ColorArg::Auto, true, true),
            ColorChoice::Plain
        );
        assert_eq!(
            ColorChoice::from_parts(ColorArg::Auto, false, false),
            ColorChoice::Plain
        );
    }

    #[test]
    fn explicit_choice_wins() {
        assert_eq!(
            ColorChoice::from_parts(ColorArg::Always, false, true),
            ColorChoice::Color
        );
        assert_eq!(
            ColorChoice::from_parts(ColorArg::Never, true, false),
            ColorChoice::Plain
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\nb\t\u{1b}c"), "a\\nb\\t\\u{1b}c");
        assert!(matches!(
            escape_controls("vietnews/000001 ma túy"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn plain_highlight_uses_markers() {
        assert_eq!(
            Painter::new(ColorChoice::Plain).highlight("ma túy"),
            "**ma túy**"
        );
    }
}
