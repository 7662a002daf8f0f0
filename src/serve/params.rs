//! The search state as it travels in a URL (`?q=ma+tuy&province=Nghệ+An&year=2024`), its
//! bounds, and its conversion into a [`SearchRequest`]. The API and the page read the same
//! parameters, so a page URL and an API URL for the same search differ only in their path.

use crate::search::parse::MAX_QUERY_CHARS;
use crate::search::{FilterSpec, Matching, SearchRequest, SortOrder, MAX_HITS};

/// What one request may ask for. A request beyond them gets a 400 naming the parameter.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Characters of `q`: as many as `bantin search` accepts.
    pub query_chars: usize,
    /// Bytes of a bulletin id in `/api/bulletins/{id}`; a longer one is a 404 unsearched.
    pub id_bytes: usize,
    /// Hits per request.
    pub limit: usize,
    /// How deep results go: `offset + limit` at most (deep paging costs as much as asking
    /// for every hit above the page). The same depth as `bantin search`'s.
    pub depth: usize,
    /// Snippets per hit.
    pub snippets: usize,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            query_chars: MAX_QUERY_CHARS,
            id_bytes: 1_000,
            limit: 100,
            depth: MAX_HITS,
            snippets: 5,
        }
    }
}

/// Hits per request when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 10;

/// The query string of `/` and `/api/search`, as typed: every value is text so that a bad
/// one gets a message naming it, and an empty one (an empty form field) counts as absent.
/// `province`, `unit` and their exclusions may be given several times (either of the
/// values; none of the excluded ones), every other parameter once. [`URL_PARAMS`] says
/// how each is spelled in a URL.
#[derive(Clone, Debug, Default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub province: Vec<String>,
    /// Also read as `-province`.
    pub not_province: Vec<String>,
    pub unit: Vec<String>,
    /// Also read as `-unit`.
    pub not_unit: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<String>,
    /// `true`: undated bulletins too (see [`FilterSpec::undated`]).
    pub undated: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub snippets: Option<String>,
    pub facets: Option<String>,
    /// `true`: the query's syllables match anywhere, not only as words.
    pub syllables: Option<String>,
    /// Page number (from 1), used by the page instead of `offset`.
    pub page: Option<String>,
    /// `false`: every copy of a story, not one hit per story.
    pub collapse: Option<String>,
}

/// One parameter of a search as it is spelled in a URL.
pub struct UrlParam {
    pub name: &'static str,
    /// Other spellings read as this parameter.
    pub aliases: &'static [&'static str],
    /// Where its value is kept: one value, or several for a parameter that repeats.
    pub field: Field,
    pub role: Role,
    /// What the page calls the control behind it, in its messages.
    pub control: &'static str,
}

/// Where [`SearchParams`] keeps a parameter's values.
#[derive(Clone, Copy)]
pub enum Field {
    One(
        fn(&SearchParams) -> &Option<String>,
        fn(&mut SearchParams) -> &mut Option<String>,
    ),
    Many(
        fn(&SearchParams) -> &Vec<String>,
        fn(&mut SearchParams) -> &mut Vec<String>,
    ),
}

/// What a parameter does to a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The words searched for.
    Query,
    /// Which bulletins may match; a chip each on the page.
    Filter,
    /// How the matches are counted, grouped and ordered.
    Reading,
    /// Which page of hits, and what comes with them; an export or a feed has none.
    Presentation,
}

macro_rules! one {
    ($field:ident) => {
        Field::One(|p| &p.$field, |p| &mut p.$field)
    };
}

macro_rules! many {
    ($field:ident) => {
        Field::Many(|p| &p.$field, |p| &mut p.$field)
    };
}

/// Every parameter of a search, in the order a query string is written.
pub const URL_PARAMS: &[UrlParam] = &[
    UrlParam {
        name: "q",
        aliases: &[],
        field: one!(q),
        role: Role::Query,
        control: "Ô tìm kiếm",
    },
    UrlParam {
        name: "province",
        aliases: &[],
        field: many!(province),
        role: Role::Filter,
        control: "Tỉnh/thành",
    },
    UrlParam {
        name: "not_province",
        aliases: &["-province"],
        field: many!(not_province),
        role: Role::Filter,
        control: "Tỉnh/thành",
    },
    UrlParam {
        name: "unit",
        aliases: &[],
        field: many!(unit),
        role: Role::Filter,
        control: "Đơn vị",
    },
    UrlParam {
        name: "not_unit",
        aliases: &["-unit"],
        field: many!(not_unit),
        role: Role::Filter,
        control: "Đơn vị",
    },
    UrlParam {
        name: "from",
        aliases: &[],
        field: one!(from),
        role: Role::Filter,
        control: "Từ ngày",
    },
    UrlParam {
        name: "to",
        aliases: &[],
        field: one!(to),
        role: Role::Filter,
        control: "Đến ngày",
    },
    UrlParam {
        name: "year",
        aliases: &[],
        field: one!(year),
        role: Role::Filter,
        control: "Năm",
    },
    UrlParam {
        name: "undated",
        aliases: &[],
        field: one!(undated),
        role: Role::Filter,
        control: "Bản tin không rõ ngày",
    },
    UrlParam {
        name: "sort",
        aliases: &[],
        field: one!(sort),
        role: Role::Reading,
        control: "Sắp xếp",
    },
    UrlParam {
        name: "limit",
        aliases: &[],
        field: one!(limit),
        role: Role::Presentation,
        control: "Số kết quả mỗi trang",
    },
    UrlParam {
        name: "offset",
        aliases: &[],
        field: one!(offset),
        role: Role::Presentation,
        control: "Vị trí bắt đầu",
    },
    UrlParam {
        name: "snippets",
        aliases: &[],
        field: one!(snippets),
        role: Role::Presentation,
        control: "Số đoạn trích",
    },
    UrlParam {
        name: "facets",
        aliases: &[],
        field: one!(facets),
        role: Role::Presentation,
        control: "Bộ lọc",
    },
    UrlParam {
        name: "syllables",
        aliases: &[],
        field: one!(syllables),
        role: Role::Reading,
        control: "Tính âm tiết đứng rời",
    },
    UrlParam {
        name: "page",
        aliases: &[],
        field: one!(page),
        role: Role::Presentation,
        control: "Số trang",
    },
    UrlParam {
        name: "collapse",
        aliases: &[],
        field: one!(collapse),
        role: Role::Reading,
        // The page has no control of its own for it.
        control: UNNAMED_CONTROL,
    },
];

/// How the page speaks of a parameter it has no control for.
const UNNAMED_CONTROL: &str = "Một tham số";

impl UrlParam {
    /// The parameter spelled `name`, by its name or an alias.
    pub fn named(name: &str) -> Option<&'static UrlParam> {
        URL_PARAMS
            .iter()
            .find(|param| param.name == name || param.aliases.contains(&name))
    }

    /// Whether the parameter may be given several times.
    pub fn repeats(&self) -> bool {
        matches!(self.field, Field::Many(..))
    }

    /// Its values in `params`, empty ones left out.
    pub fn values<'a>(&self, params: &'a SearchParams) -> Vec<&'a str> {
        match self.field {
            Field::One(value, _) => present(value(params)).into_iter().collect(),
            Field::Many(values, _) => values(params).iter().map(String::as_str).collect(),
        }
    }

    fn clear(&self, params: &mut SearchParams) {
        match self.field {
            Field::One(_, value) => *value(params) = None,
            Field::Many(_, values) => values(params).clear(),
        }
    }
}

/// A parameter that cannot be used; the message names it and says what would do: in
/// English for the API, as the CLI speaks (`.0`), and in Vietnamese for the page, naming
/// its controls rather than the parameter (`.1`).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct BadParam(pub String, pub String);

/// What the page calls the control behind parameter `name`.
fn control(name: &str) -> &'static str {
    UrlParam::named(name).map_or(UNNAMED_CONTROL, |param| param.control)
}

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

    /// The values of the parameter `name` when it may be given several times.
    pub fn values_mut(&mut self, name: &str) -> Option<&mut Vec<String>> {
        match UrlParam::named(name)?.field {
            Field::Many(_, values) => Some(values(self)),
            Field::One(..) => None,
        }
    }

    /// Sets the parameter `name` when it is given once; `None` leaves it out.
    pub fn set(&mut self, name: &str, value: Option<String>) {
        if let Some(Field::One(_, slot)) = UrlParam::named(name).map(|param| param.field) {
            *slot(self) = value;
        }
    }

    /// Leaves out every parameter of `role`.
    pub fn clear(&mut self, role: Role) {
        for param in URL_PARAMS.iter().filter(|param| param.role == role) {
            param.clear(self);
        }
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
fn bad_escape(text: &str) -> Option<String> {
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

/// `Some(trimmed)` for a non-empty value.
pub fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl SearchParams {
    /// The search these parameters ask for. `default_snippets` and `default_facets` differ
    /// between the API (as `bantin search`) and the page (which always shows both).
    pub fn to_request(
        &self,
        bounds: &Bounds,
        default_snippets: usize,
        default_facets: bool,
    ) -> Result<SearchRequest, BadParam> {
        let query = present(&self.q).unwrap_or("").to_owned();
        let chars = query.chars().count();
        if chars > bounds.query_chars {
            return Err(BadParam(
                format!(
                    "q is {chars} characters long; at most {} are accepted",
                    bounds.query_chars
                ),
                format!(
                    "Truy vấn dài {chars} ký tự; tối đa {} ký tự.",
                    bounds.query_chars
                ),
            ));
        }
        let limit = number("limit", &self.limit, DEFAULT_LIMIT, bounds.limit)?;
        let offset = match present(&self.page) {
            Some(_) if present(&self.offset).is_some() => {
                return Err(BadParam(
                    "give page or offset, not both".to_owned(),
                    "Địa chỉ có cả số trang và vị trí bắt đầu; hãy giữ một.".to_owned(),
                ))
            }
            Some(_) => {
                let page = number("page", &self.page, 1, usize::MAX)?;
                if page == 0 {
                    return Err(BadParam(
                        "page counts from 1".to_owned(),
                        "Số trang bắt đầu từ 1.".to_owned(),
                    ));
                }
                let offset = (page - 1).saturating_mul(limit);
                if offset.saturating_add(limit) > bounds.depth {
                    let last = bounds.depth / limit.max(1);
                    return Err(BadParam(
                        format!("page {page} is beyond the last page that can be shown ({last})"),
                        format!(
                            "Trang {page} vượt quá trang cuối có thể xem ({last}); hãy thu hẹp \
                             tìm kiếm bằng thêm từ hoặc bộ lọc."
                        ),
                    ));
                }
                offset
            }
            None => {
                let offset = number("offset", &self.offset, 0, bounds.depth)?;
                if offset + limit > bounds.depth {
                    return Err(BadParam(
                        format!(
                            "offset {offset} with limit {limit} reaches past hit {}: results \
                             go {} hits deep; narrow the search with more words or filters",
                            bounds.depth, bounds.depth
                        ),
                        format!(
                            "Kết quả chỉ xem được tới bản tin thứ {}; hãy thu hẹp tìm kiếm bằng \
                             thêm từ hoặc bộ lọc.",
                            bounds.depth
                        ),
                    ));
                }
                offset
            }
        };
        Ok(SearchRequest {
            query,
            matching: self.matching()?,
            filters: self.filters()?,
            sort: self.sort_order()?,
            limit,
            offset,
            snippets: number(
                "snippets",
                &self.snippets,
                default_snippets,
                bounds.snippets,
            )?,
            facets: flag("facets", &self.facets, default_facets)?,
            collapse: flag("collapse", &self.collapse, true)?,
        })
    }

    /// How the query's words match: as words, unless `syllables` asks for them anywhere.
    pub fn matching(&self) -> Result<Matching, BadParam> {
        Ok(if flag("syllables", &self.syllables, false)? {
            Matching::Syllables
        } else {
            Matching::Words
        })
    }

    pub fn filters(&self) -> Result<FilterSpec, BadParam> {
        let owned = |value: &Option<String>| present(value).map(str::to_owned);
        Ok(FilterSpec {
            province: self.province.clone(),
            not_province: self.not_province.clone(),
            unit: self.unit.clone(),
            not_unit: self.not_unit.clone(),
            from: owned(&self.from),
            to: owned(&self.to),
            year: owned(&self.year),
            undated: flag("undated", &self.undated, false)?,
            new_since: None,
        })
    }

    fn sort_order(&self) -> Result<Option<SortOrder>, BadParam> {
        match present(&self.sort) {
            None => Ok(None),
            Some("relevance") => Ok(Some(SortOrder::Relevance)),
            Some("newest") => Ok(Some(SortOrder::Newest)),
            Some("oldest") => Ok(Some(SortOrder::Oldest)),
            Some(other) => Err(BadParam(
                format!("sort {other:?} is not an order: use relevance, newest or oldest"),
                format!("Không có thứ tự “{other}”: chọn Liên quan nhất, Mới nhất hoặc Cũ nhất."),
            )),
        }
    }

    /// The search without what pages it or dresses its hits (`limit`, `offset`, `page`,
    /// `snippets`, `facets`): what it matches, as an export or a feed takes it.
    pub fn matches_only(&self) -> SearchParams {
        let mut only = self.clone();
        only.clear(Role::Presentation);
        only
    }

    /// Whether anything narrows the search (a query or a filter).
    pub fn is_search(&self) -> bool {
        URL_PARAMS
            .iter()
            .filter(|param| matches!(param.role, Role::Query | Role::Filter))
            .any(|param| !param.values(self).is_empty())
    }

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

/// A whole number in `0..=max`, or `default` when absent.
fn number(
    name: &str,
    value: &Option<String>,
    default: usize,
    max: usize,
) -> Result<usize, BadParam> {
    let Some(text) = present(value) else {
        return Ok(default);
    };
    let n: usize = text.parse().map_err(|_| {
        BadParam(
            format!("{name} {text:?} is not a whole number from 0 to {max}"),
            format!(
                "{} “{text}” không phải số nguyên từ 0 đến {max}.",
                control(name)
            ),
        )
    })?;
    if n > max {
        return Err(BadParam(
            format!("{name} {n} is too large; at most {max}"),
            format!("{} {n} quá lớn; tối đa {max}.", control(name)),
        ));
    }
    Ok(n)
}

fn flag(name: &str, value: &Option<String>, default: bool) -> Result<bool, BadParam> {
    let lower = present(value).map(str::to_ascii_lowercase);
    match lower.as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(BadParam(
            format!("{name} {other:?} is not true or false"),
            format!("{} “{other}” phải là true hoặc false.", control(name)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        serde_urlencoded_parse(&query)
    }

    fn serde_urlencoded_parse(query: &str) -> SearchParams {
        SearchParams::from_query(query).expect("test parameters")
    }

    #[test]
    fn a_parameter_given_twice_or_not_utf8_is_refused_by_name() {
        let twice = SearchParams::from_query("q=ma&year=2024&q=tuy").unwrap_err();
        assert_eq!(twice.0, "q is given more than once; give it once");
        let latin = SearchParams::from_query("q=ma&unit=C%F4ng+an").unwrap_err();
        assert_eq!(latin.0, "unit is not UTF-8 percent-encoded text");
        let fine = SearchParams::from_query("utm=%FF&x=1&x=2&&q=ma+t%C3%BAy%2B&year=").unwrap();
        assert_eq!(fine.q.as_deref(), Some("ma túy+"));
        assert_eq!(fine.year.as_deref(), Some(""));
        assert!(SearchParams::from_query("").is_ok());
    }

    #[test]
    fn a_percent_that_starts_no_escape_is_refused_by_name() {
        let bad = SearchParams::from_query("q=%zz").unwrap_err();
        assert_eq!(
            bad.0,
            "q is not UTF-8 percent-encoded text: \"%zz\" is not % and two hex digits \
             (a % itself is written %25)"
        );
        for (query, escape) in [
            ("q=50%", "%"),
            ("q=ma&year=20%2", "%2"),
            ("province=%%41", "%%4"),
            ("unit=%\u{e9}t\u{e9}", "%\u{e9}t"),
            ("q=%C3%BA%g1", "%g1"),
        ] {
            let error = SearchParams::from_query(query).unwrap_err().0;
            assert!(
                error.contains(&format!("{escape:?} is not %")),
                "{query}: {error}"
            );
        }
        assert_eq!(bad_escape("100%25 ma t%C3%BAy"), None);
        // An unknown parameter is not read, so its escapes do not matter.
        assert!(SearchParams::from_query("utm=%zz&q=ma").is_ok());
    }

    fn request(pairs: &[(&str, &str)]) -> Result<SearchRequest, BadParam> {
        params(pairs).to_request(&Bounds::default(), 1, false)
    }

    #[test]
    fn empty_form_fields_count_as_absent() {
        let r = request(&[("q", "ma tuy"), ("province", ""), ("limit", " ")]).unwrap();
        assert_eq!(r.query, "ma tuy");
        assert!(r.filters.province.is_empty());
        assert_eq!(r.limit, DEFAULT_LIMIT);
    }

    #[test]
    fn page_becomes_an_offset() {
        let r = request(&[("page", "3"), ("limit", "20")]).unwrap();
        assert_eq!((r.offset, r.limit), (40, 20));
        assert_eq!(
            request(&[("page", "0")]).unwrap_err().0,
            "page counts from 1"
        );
        assert!(request(&[("page", "2"), ("offset", "5")]).is_err());
    }

    #[test]
    fn bounds_name_the_parameter() {
        let long = "ab".repeat(600);
        assert!(request(&[("q", &long)])
            .unwrap_err()
            .0
            .starts_with("q is 1200 characters"));
        assert_eq!(
            request(&[("limit", "101")]).unwrap_err().0,
            "limit 101 is too large; at most 100"
        );
        assert_eq!(
            request(&[("offset", "-1")]).unwrap_err().0,
            "offset \"-1\" is not a whole number from 0 to 10000"
        );
        assert!(request(&[("offset", "10001")]).is_err());
        assert!(request(&[("offset", "9990"), ("limit", "10")]).is_ok());
        assert!(request(&[("offset", "9991"), ("limit", "10")])
            .unwrap_err()
            .0
            .starts_with("offset 9991 with limit 10 reaches past hit 10000"));
        assert!(request(&[("page", "1000")]).is_ok());
        assert!(request(&[("page", "1001")]).is_err());
        assert!(request(&[("page", "100000")])
            .unwrap_err()
            .0
            .contains("beyond the last page"));
        assert!(request(&[("page", "99999999999999999999999")]).is_err());
        assert!(request(&[("snippets", "6")]).is_err());
        assert!(request(&[("facets", "maybe")]).is_err());
        // Spelled in any case, as forms and scripts write them.
        assert!(request(&[("facets", "TRUE")]).is_ok_and(|r| r.facets));
        assert!(request(&[("undated", "False")]).is_ok_and(|r| !r.filters.undated));
        assert!(request(&[("sort", "best")])
            .unwrap_err()
            .0
            .contains("relevance, newest or oldest"));
    }

    #[test]
    fn a_vietnamese_query_the_cli_accepts_is_not_refused_for_its_bytes() {
        // 900 characters, 1,500 bytes: within what `bantin search` accepts.
        let long = "đường ".repeat(150);
        assert!(long.len() > MAX_QUERY_CHARS);
        let r = request(&[("q", &long)]).expect("as long as the search accepts");
        assert_eq!(r.query, long.trim());
        let too_long = "túy".repeat(MAX_QUERY_CHARS / 3 + 1);
        assert_eq!(
            request(&[("q", &too_long)]).unwrap_err().0,
            format!("q is 1002 characters long; at most {MAX_QUERY_CHARS} are accepted")
        );
    }

    #[test]
    fn query_string_round_trips_and_drops_blanks() {
        let p = params(&[("q", "ma túy & co"), ("year", "2024"), ("unit", "")]);
        let text = p.to_query_string();
        assert_eq!(text, "q=ma+t%C3%BAy+%26+co&year=2024");
        let back = serde_urlencoded_parse(&text);
        assert_eq!(back.q.as_deref(), Some("ma túy & co"));
        assert_eq!(back.year.as_deref(), Some("2024"));
        assert!(p.is_search());
        assert!(!SearchParams::default().is_search());
    }
}
