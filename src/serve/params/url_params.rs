//! The table of URL parameters, [`URL_PARAMS`]: how each parameter of a search is
//! spelled, whether it repeats, what it does and what the page calls it. The query-string
//! parser and writer, and the page's links and forms, all read it.

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
    /// `true`: undated bulletins too (see [`FilterSpec::undated`](crate::search::FilterSpec::undated)).
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

// The two accessors of a field of `SearchParams`, by its name: `one!(q)`, `many!(unit)`.
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

/// Every parameter of a search, in the order a query string is written: its name, the
/// other spellings read as it, where its values are kept (`many!` for one that repeats),
/// what it does, and what the page calls its control.
#[rustfmt::skip]
pub const URL_PARAMS: &[UrlParam] = &[
    row("q",            &[],            one!(q),             Role::Query,        "Ô tìm kiếm"),
    row("province",     &[],            many!(province),     Role::Filter,       "Tỉnh/thành"),
    row("not_province", &["-province"], many!(not_province), Role::Filter,       "Tỉnh/thành"),
    row("unit",         &[],            many!(unit),         Role::Filter,       "Đơn vị"),
    row("not_unit",     &["-unit"],     many!(not_unit),     Role::Filter,       "Đơn vị"),
    row("from",         &[],            one!(from),          Role::Filter,       "Từ ngày"),
    row("to",           &[],            one!(to),            Role::Filter,       "Đến ngày"),
    row("year",         &[],            one!(year),          Role::Filter,       "Năm"),
    row("undated",      &[],            one!(undated),       Role::Filter,       "Bản tin không rõ ngày"),
    row("sort",         &[],            one!(sort),          Role::Reading,      "Sắp xếp"),
    row("limit",        &[],            one!(limit),         Role::Presentation, "Số kết quả mỗi trang"),
    row("offset",       &[],            one!(offset),        Role::Presentation, "Vị trí bắt đầu"),
    row("snippets",     &[],            one!(snippets),      Role::Presentation, "Số đoạn trích"),
    row("facets",       &[],            one!(facets),        Role::Presentation, "Bộ lọc"),
    row("syllables",    &[],            one!(syllables),     Role::Reading,      "Tính âm tiết đứng rời"),
    row("page",         &[],            one!(page),          Role::Presentation, "Số trang"),
    row("collapse",     &[],            one!(collapse),      Role::Reading,      UNNAMED_CONTROL),
];

const fn row(
    name: &'static str,
    aliases: &'static [&'static str],
    field: Field,
    role: Role,
    control: &'static str,
) -> UrlParam {
    UrlParam {
        name,
        aliases,
        field,
        role,
        control,
    }
}

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
pub(super) fn control(name: &str) -> &'static str {
    UrlParam::named(name).map_or(UNNAMED_CONTROL, |param| param.control)
}

impl SearchParams {
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
}

/// `Some(trimmed)` for a non-empty value.
pub fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_names_one_parameter() {
        let mut spellings: Vec<&str> = URL_PARAMS
            .iter()
            .flat_map(|param| std::iter::once(&param.name).chain(param.aliases))
            .copied()
            .collect();
        let count = spellings.len();
        spellings.sort_unstable();
        spellings.dedup();
        assert_eq!(spellings.len(), count, "{spellings:?}");
    }

    #[test]
    fn every_parameter_is_kept_in_its_own_field_and_written_back() {
        for param in URL_PARAMS {
            let mut params = SearchParams::default();
            match param.field {
                Field::One(_, value) => *value(&mut params) = Some("7".to_owned()),
                Field::Many(_, values) => values(&mut params).push("7".to_owned()),
            }
            assert_eq!(params.to_query_string(), format!("{}=7", param.name));
            for alias in param.aliases {
                let read = SearchParams::from_query(&format!("{alias}=7")).expect("readable");
                assert_eq!(read.to_query_string(), format!("{}=7", param.name));
            }
        }
    }
}
