//! The bulletin page's view: the whole text with the search's words marked, its metadata
//! as links to filter by, the other copies of its story and related bulletins.

use maud::{html, Markup};

use super::facets::leaf;
use super::format::{marked, province_label, vi_date};
use super::layout::layout;
use super::links::{bulletin_href, is_web_address, page_href};
use crate::index::document::StoredBulletin;
use crate::search::snippets::Highlighter;
use crate::serve::SearchParams;

pub(super) fn bulletin_view(
    bulletin: &StoredBulletin,
    params: &SearchParams,
    highlighter: Option<&Highlighter>,
    related: &[crate::search::related::Related],
) -> Markup {
    let filter_link = |name: &str, value: &str| {
        let mut only = SearchParams::default();
        if let Some(values) = only.values_mut(name) {
            values.push(value.to_owned());
        }
        page_href(&only)
    };
    let back = page_href(&{
        let mut p = params.clone();
        p.offset = None;
        p
    });
    let older: Vec<&str> = bulletin.provinces.iter().map(|p| leaf(p)).collect();
    let lone_words =
        highlighter.is_some_and(|h| h.marks_lone_words(&bulletin.title, &bulletin.body));
    // Marks go as far as snippets read: a body of megabytes is not analyzed whole.
    let scanned_end = crate::search::snippets::scanned(&bulletin.body).len();
    let body_start = bulletin.body.as_ptr() as usize;
    let in_scanned = |paragraph: &str| paragraph.as_ptr() as usize - body_start < scanned_end;
    let mark = |text: &str| match highlighter {
        Some(h) => marked(text, &h.highlights(text, lone_words)),
        None => html! { (text) },
    };
    let content = html! {
        main #results .bulletin tabindex="-1" {
            p.back {
                a href=(back) { "‹ " @if params.is_search() { "Quay lại kết quả" } @else { "Trang tìm kiếm" } }
            }
            article {
                h1 { (mark(&bulletin.title)) }
                dl.meta {
                    dt { "Ngày" } dd { (bulletin.date.as_deref().map_or("Không rõ".to_owned(), vi_date)) }
                    dt { "Tỉnh/thành" }
                    dd {
                        @match bulletin.province.as_deref() {
                            Some(path @ [today, ..]) => {
                                a href=(filter_link("province", today)) title=(format!("Các bản tin của {today}")) { (province_label(path)) }
                            }
                            _ => { "Không rõ" }
                        }
                    }
                    @if older.len() > 1 {
                        dt { "Các tỉnh được nhắc đến" } dd { (older.join(", ")) }
                    }
                    dt { "Đơn vị" }
                    dd {
                        @match &bulletin.unit {
                            Some(unit) => {
                                @for (at, name) in unit.iter().enumerate() {
                                    @if at > 0 { " / " }
                                    a href=(filter_link("unit", &unit[..=at].join("/"))) { (name) }
                                }
                            }
                            None => { "Không rõ" }
                        }
                    }
                    @if let Some(publisher) = &bulletin.publisher {
                        dt { "Nơi đăng" } dd { (publisher) }
                    }
                    @if let Some(url) = &bulletin.url {
                        dt { "Nguồn" }
                        dd {
                            @if is_web_address(url) { a href=(url) rel="noopener noreferrer nofollow" { (url) } }
                            @else { (url) }
                        }
                    }
                    dt { "Mã bản tin" } dd { code { (bulletin.id) } }
                }
                div.body {
                    @for paragraph in bulletin.body.lines().map(str::trim).filter(|l| !l.is_empty()) {
                        @if in_scanned(paragraph) { p { (mark(paragraph)) } } @else { p { (paragraph) } }
                    }
                }
                (story_copies(bulletin, params))
            }
            @if !related.is_empty() {
                section.related aria-labelledby="related" {
                    h2 #related { "Bản tin liên quan" }
                    ul {
                        @for other in related {
                            li {
                                a href=(bulletin_href(&other.id, params)) { (other.title) }
                                span.meta {
                                    " · " (other.date.as_deref().map_or("Không rõ ngày".to_owned(), vi_date))
                                    @if let Some(province) = &other.province { " · " (province_label(province)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(&format!("{} – bantin", bulletin.title), params, content)
}

/// The other bulletins of the story: publisher, date, link to each.
fn story_copies(bulletin: &StoredBulletin, params: &SearchParams) -> Markup {
    if bulletin.copies.is_empty() {
        return html! {};
    }
    html! {
        section #copies .copies {
            h2 { (bulletin.copies.len()) " bản tương tự" }
            ul {
                @for copy in &bulletin.copies {
                    li {
                        a href=(bulletin_href(&copy.id, params)) { (copy.title) }
                        " · " (copy.publisher.as_deref().unwrap_or(&copy.source))
                        " · " (copy.date.as_deref().map_or("Không rõ ngày".to_owned(), vi_date))
                        @if let Some(url) = copy.url.as_deref().filter(|u| is_web_address(u)) {
                            " · " a href=(url) rel="noopener noreferrer nofollow" { "nguồn" }
                        }
                    }
                }
            }
        }
    }
}
