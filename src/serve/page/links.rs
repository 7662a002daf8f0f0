//! Links that change the search: a filter set, chosen, excluded or dropped, always back to
//! the first page; and the link to a bulletin, which carries the search it was opened from.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::search::filters::same_value;
use crate::serve::params::UrlParam;
use crate::serve::SearchParams;

/// Every change of filter goes back to the first page.
pub(super) fn first_page(params: &mut SearchParams) {
    params.page = None;
    params.offset = None;
}

/// Sets one single-valued filter.
pub(super) fn set_param(params: &mut SearchParams, name: &str, value: Option<String>) {
    params.set(name, value);
    first_page(params);
}

pub(super) fn page_href(params: &SearchParams) -> String {
    let query = params.to_query_string();
    if query.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{query}")
    }
}

pub(super) fn with_filter(params: &SearchParams, name: &str, value: &str) -> String {
    let mut params = params.clone();
    set_param(&mut params, name, Some(value.to_owned()));
    page_href(&params)
}

/// How a value of a facet (`province` or `unit`) stands in the search.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Choice {
    Open,
    Chosen,
    Excluded,
}

pub(super) fn choice(params: &SearchParams, name: &str, value: &str) -> Choice {
    let holds = |list: &str| {
        UrlParam::named(list)
            .filter(|list| list.repeats())
            .is_some_and(|list| {
                let values = list.values(params);
                values.iter().any(|v| same_value(name, v, value))
            })
    };
    if holds(name) {
        Choice::Chosen
    } else if holds(&format!("not_{name}")) {
        Choice::Excluded
    } else {
        Choice::Open
    }
}

/// The search with `value` of facet `name` chosen besides the others already chosen, or,
/// chosen already, no longer chosen.
pub(super) fn toggled(params: &SearchParams, name: &str, value: &str) -> String {
    flipped(params, value, name, &format!("not_{name}"))
}

/// The search with `value` of facet `name` excluded, or, excluded already, no longer.
pub(super) fn excluding(params: &SearchParams, name: &str, value: &str) -> String {
    flipped(params, value, &format!("not_{name}"), name)
}

/// The search with `value` put in the list `into` (and out of `out_of`), or taken out of
/// `into` when it is there already; back to the first page.
fn flipped(params: &SearchParams, value: &str, into: &str, out_of: &str) -> String {
    let mut params = params.clone();
    if let Some(list) = params.values_mut(out_of) {
        list.retain(|v| !same_value(out_of, v, value));
    }
    if let Some(list) = params.values_mut(into) {
        if list.iter().any(|v| same_value(into, v, value)) {
            list.retain(|v| !same_value(into, v, value));
        } else {
            list.push(value.to_owned());
        }
    }
    first_page(&mut params);
    page_href(&params)
}

/// A period of the time chart filters as a range of itself (a year or a month), undated
/// bulletins left out.
pub(super) fn period_href(params: &SearchParams, period: &str) -> String {
    let mut params = params.clone();
    set_param(&mut params, "undated", None);
    month_href(&params, period)
}

/// A month filters as a range of one month (and replaces a year filter).
pub(super) fn month_href(params: &SearchParams, month: &str) -> String {
    let mut params = params.clone();
    set_param(&mut params, "year", None);
    set_param(&mut params, "from", Some(month.to_owned()));
    set_param(&mut params, "to", Some(month.to_owned()));
    page_href(&params)
}

/// Path segments keep letters, digits and `-._~`; everything else is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub(in crate::serve) fn bulletin_href(id: &str, params: &SearchParams) -> String {
    let path = format!("/bulletins/{}", utf8_percent_encode(id, PATH_SEGMENT));
    let query = params.to_query_string();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Only `http` and `https` addresses become links (never `javascript:`).
pub(in crate::serve) fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_address("https://congan.vn/a"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address(" JAVASCRIPT:alert(1)"));
    }

    #[test]
    fn bulletin_links_encode_the_id_and_keep_the_search() {
        let params = SearchParams {
            q: Some("ma túy".into()),
            ..Default::default()
        };
        assert_eq!(
            bulletin_href("a/b c", &params),
            "/bulletins/a%2Fb%20c?q=ma+t%C3%BAy"
        );
        assert_eq!(
            bulletin_href("x-1", &SearchParams::default()),
            "/bulletins/x-1"
        );
    }
    #[test]
    fn changing_a_filter_returns_to_the_first_page() {
        let params = SearchParams {
            q: Some("cháy".into()),
            page: Some("3".into()),
            ..Default::default()
        };
        assert_eq!(
            toggled(&params, "province", "Nghệ An"),
            "/?q=ch%C3%A1y&province=Ngh%E1%BB%87+An"
        );
        assert_eq!(
            with_filter(&params, "year", "2024"),
            "/?q=ch%C3%A1y&year=2024"
        );
        assert_eq!(
            month_href(
                &SearchParams {
                    year: Some("2024".into()),
                    ..Default::default()
                },
                "2024-07"
            ),
            "/?from=2024-07&to=2024-07"
        );
    }
}
