//! What one request may ask for ([`Bounds`]), and the parameters read as a
//! [`SearchRequest`]: numbers, flags and orders checked, each refusal naming its parameter.

use super::url_params::{control, present, BadParam, SearchParams};
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
    use super::super::query_string::bad_escape;
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
