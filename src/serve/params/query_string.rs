//! Reading and writing a URL query string: one parser for every parameter of
//! [`URL_PARAMS`], which refuses by name a value it cannot read rather than guess at it.

use super::url_params::{control, BadParam, Field, SearchParams, UrlParam, URL_PARAMS};

impl SearchParams {
    /// The parameters of a URL query string. Unknown ones are left alone (a form may carry
    /// its own); one given twice, or not percent-encoded UTF-8, is refused by name rather
    /// than guessed at: `q=a&q=b` has no one meaning, a query sent in another encoding
    /// would otherwise search for replacement characters, and `%zz` for itself.
    pub fn from_query(query: &str) -> Result<SearchParams, BadParam> {
        let mut params = SearchParams::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name).unwrap_or_default();
            let Some(param) = UrlParam::named(&name) else {
                continue;
            };
            let value = decode(value).map_err(|undecodable| undecodable.refusal(&name))?;
            match param.field {
                Field::Many(_, values) => add_value(values(&mut params), &name, value.trim()),
                Field::One(_, slot) => {
                    if slot(&mut params).replace(value).is_some() {
                        return Err(BadParam(
                            format!("{name} is given more than once; give it once"),
                            format!(
                                "{} có hai giá trị trong địa chỉ; hãy giữ một.",
                                control(&name)
                            ),
                        ));
                    }
                }
            }
        }
        Ok(params)
    }
}

/// Adds a value of a parameter that repeats (`name` as spelled), unless it is empty or
/// given already. One value however spelled: `Nghệ An` and `nghe an` are one chip, one
/// checkbox, and letting go of it lets go of the filter.
fn add_value(values: &mut Vec<String>, name: &str, value: &str) {
    let given = values
        .iter()
        .any(|given| crate::search::filters::same_value(name, given, value));
    if !value.is_empty() && !given {
        values.push(value.to_owned());
    }
}

/// Why a value of a query string cannot be read.
#[derive(Debug, PartialEq, Eq)]
enum Undecodable {
    /// A `%` not followed by two hex digits (the text from it, at most three characters).
    Escape(String),
    /// Escapes that make bytes which are not UTF-8.
    NotUtf8,
}

impl Undecodable {
    /// The refusal of parameter `name` for this reason.
    fn refusal(&self, name: &str) -> BadParam {
        let english = match self {
            Undecodable::Escape(escape) => format!(
                "{name} is not UTF-8 percent-encoded text: {escape:?} is not % and two hex \
                 digits (a % itself is written %25)"
            ),
            Undecodable::NotUtf8 => format!("{name} is not UTF-8 percent-encoded text"),
        };
        BadParam(
            english,
            format!(
                "{} trong địa chỉ không đọc được: địa chỉ bị mã hóa sai.",
                control(name)
            ),
        )
    }
}

/// One name or value of a query string: `+` is a space, `%XX` a byte. A `%` that starts no
/// escape is refused rather than read as itself, as browsers never send one.
fn decode(text: &str) -> Result<String, Undecodable> {
    if let Some(escape) = bad_escape(text) {
        return Err(Undecodable::Escape(escape));
    }
    let spaced = text.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| Undecodable::NotUtf8)
}

/// The first `%` of `text` not followed by two hex digits, with what follows it.
pub(super) fn bad_escape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let at = memchr::memchr_iter(b'%', bytes).find(|&at| {
        !matches!(bytes.get(at + 1..at + 3), Some([a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit())
    })?;
    Some(text[at..].chars().take(3).collect())
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SearchParams {
    type Rejection = BadParam;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        SearchParams::from_query(parts.uri.query().unwrap_or(""))
    }
}

impl SearchParams {
    /// These parameters as a URL query string (`q=ma+tuy&year=2024`), empty ones left out.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for param in URL_PARAMS {
            for value in param.values(self) {
                out.append_pair(param.name, value);
            }
        }
        out.finish()
    }
}
