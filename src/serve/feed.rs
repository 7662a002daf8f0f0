//! `GET /feed.atom?<the parameters of the page>`: a search as an Atom feed (RFC 4287), to
//! watch it in a feed reader: its newest matches by date, an undated bulletin by when it was
//! ingested ([`crate::search::newest`]). The page links the feed of its search.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::params::{present, BadParam};
use super::{ApiError, AppState, SearchParams};
use crate::bulletin::date::rfc3339;
use crate::search::newest::{newest, NewBulletin, Newest};

/// Entries of a feed unless `limit` asks for fewer or more (up to the API's bound).
pub const FEED_ENTRIES: usize = 50;
/// Characters of a bulletin's body in its entry's summary.
const SUMMARY_CHARS: usize = 400;

/// `GET /feed.atom`.
pub async fn feed(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    params: Result<SearchParams, BadParam>,
) -> Result<Response, ApiError> {
    let params = params?;
    // A feed has no pages: a page or offset a copied URL carries does not apply.
    let unpaged = SearchParams {
        page: None,
        offset: None,
        ..params.clone()
    };
    let request = unpaged.to_request(&state.limits.bounds, 0, false)?;
    let entries = match present(&params.limit) {
        Some(_) => request.limit,
        None => FEED_ENTRIES,
    };
    let found = state
        .run(move |index| Ok(newest(index, &request, entries)?))
        .await?;
    let base = base_url(&headers);
    let body = atom(&base, &params, &found);
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}

/// The link to the feed of the search `params` ask for: its query, filters and matching.
pub fn feed_href(params: &SearchParams) -> String {
    link(&watched(params))
}

fn link(feed: &SearchParams) -> String {
    let query = feed.to_query_string();
    if query.is_empty() {
        "/feed.atom".to_owned()
    } else {
        format!("/feed.atom?{query}")
    }
}

/// The link to this very feed: what it watches, and how many entries it was asked for.
fn self_href(params: &SearchParams) -> String {
    link(&SearchParams {
        limit: params.limit.clone(),
        ..watched(params)
    })
}

/// What a feed watches of a search: not its order, page or snippets.
fn watched(params: &SearchParams) -> SearchParams {
    SearchParams {
        sort: None,
        ..params.matches_only()
    }
}

/// `http://HOST` as the client named this server: feed readers need absolute links.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The feed document.
fn atom(base: &str, params: &SearchParams, found: &Newest) -> String {
    let watched = watched(params);
    let query_string = watched.to_query_string();
    let self_href = format!("{base}{}", self_href(params));
    let page_href = format!("{base}/?{query_string}");
    let title = feed_title(&watched);
    let updated = found
        .bulletins
        .iter()
        .filter_map(|b| b.ingested.or(b.date))
        .max()
        .unwrap_or(0);
    let mut xml = String::with_capacity(4096 + found.bulletins.len() * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    let _ = writeln!(xml, "  <title>{}</title>", escape(&title));
    let _ = writeln!(
        xml,
        "  <subtitle>{} bản tin khớp; mới nhất theo ngày đăng, bản tin không rõ ngày theo lúc nạp</subtitle>",
        found.total
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape(&self_href));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_href)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&page_href)
    );
    let _ = writeln!(xml, "  <updated>{}</updated>", rfc3339(updated));
    xml.push_str("  <author><name>bantin</name></author>\n");
    xml.push_str("  <generator>bantin</generator>\n");
    for entry in &found.bulletins {
        write_entry(&mut xml, base, &watched, entry);
    }
    xml.push_str("</feed>\n");
    xml
}

fn write_entry(xml: &mut String, base: &str, params: &SearchParams, entry: &NewBulletin) {
    let bulletin = &entry.bulletin;
    let href = format!("{base}{}", super::page::bulletin_href(&bulletin.id, params));
    let id = format!(
        "{base}{}",
        super::page::bulletin_href(&bulletin.id, &SearchParams::default())
    );
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", escape(&bulletin.title));
    let _ = writeln!(xml, "    <id>{}</id>", escape(&id));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&href)
    );
    if let Some(url) = bulletin
        .url
        .as_deref()
        .filter(|u| super::page::is_web_address(u))
    {
        let _ = writeln!(
            xml,
            "    <link rel=\"via\" href=\"{}\"/>",
            escape(url.trim())
        );
    }
    let updated = entry.ingested.or(entry.date).unwrap_or(0);
    let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(updated));
    if let (Some(date), Some("day")) = (entry.date, bulletin.date_precision) {
        let _ = writeln!(xml, "    <published>{}</published>", rfc3339(date));
    }
    if let Some(publisher) = &bulletin.publisher {
        let _ = writeln!(
            xml,
            "    <author><name>{}</name></author>",
            escape(publisher)
        );
    }
    if let Some([today, ..]) = bulletin.province.as_deref() {
        let _ = writeln!(
            xml,
            "    <category term=\"{}\" scheme=\"{base}/?province=\"/>",
            escape(today)
        );
    }
    let summary: String = bulletin.body.chars().take(SUMMARY_CHARS).collect();
    let ellipsis = if bulletin.body.chars().nth(SUMMARY_CHARS).is_some() {
        " …"
    } else {
        ""
    };
    let _ = writeln!(
        xml,
        "    <summary type=\"text\">{}{ellipsis}</summary>",
        escape(summary.trim())
    );
    xml.push_str("  </entry>\n");
}

/// `bantin: ma tuy · Nghệ An · 2024`.
fn feed_title(params: &SearchParams) -> String {
    let excluded = |values: &[String]| values.iter().map(|v| format!("-{v}")).collect::<Vec<_>>();
    let parts: Vec<String> = present(&params.q)
        .map(str::to_owned)
        .into_iter()
        .chain(params.province.iter().cloned())
        .chain(excluded(&params.not_province))
        .chain(params.unit.iter().cloned())
        .chain(excluded(&params.not_unit))
        .chain(
            [&params.year, &params.from, &params.to]
                .into_iter()
                .filter_map(present)
                .map(str::to_owned),
        )
        .collect();
    format!("bantin: {}", parts.join(" · "))
}

/// `text` as XML character data or an attribute value. Characters XML 1.0 forbids
/// (controls other than tab and line ends) become U+FFFD: a parser would refuse the whole
/// feed for one of them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_what_xml_forbids_is_replaced() {
        assert_eq!(
            escape("<b>\"Tú\" & 'Lan'</b>\u{1}\n"),
            "&lt;b&gt;&quot;Tú&quot; &amp; &apos;Lan&apos;&lt;/b&gt;\u{FFFD}\n"
        );
    }

    #[test]
    fn the_feed_watches_the_search_not_its_page() {
        let params = SearchParams {
            q: Some("ma tuy".to_owned()),
            province: vec!["Nghệ An".to_owned()],
            sort: Some("oldest".to_owned()),
            page: Some("2".to_owned()),
            ..SearchParams::default()
        };
        assert_eq!(
            feed_href(&params),
            "/feed.atom?q=ma+tuy&province=Ngh%E1%BB%87+An"
        );
        assert_eq!(feed_title(&params), "bantin: ma tuy · Nghệ An");
    }

    /// A feed asked for 5 entries names itself with its limit, so a reader that follows
    /// the link gets the same feed.
    #[test]
    fn the_feed_names_itself_with_its_limit() {
        let params = SearchParams {
            q: Some("ma tuy".to_owned()),
            limit: Some("5".to_owned()),
            page: Some("2".to_owned()),
            ..SearchParams::default()
        };
        assert_eq!(self_href(&params), "/feed.atom?q=ma+tuy&limit=5");
        assert_eq!(feed_href(&params), "/feed.atom?q=ma+tuy");
        let without = SearchParams {
            limit: None,
            ..params
        };
        assert_eq!(self_href(&without), "/feed.atom?q=ma+tuy");
    }

    #[test]
    fn a_host_header_that_is_no_host_is_not_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:7700"));
        assert_eq!(base_url(&headers), "http://127.0.0.1:7700");
        headers.insert(header::HOST, HeaderValue::from_static("a\"><x"));
        assert_eq!(base_url(&headers), "http://localhost");
    }
}
