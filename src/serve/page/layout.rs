//! The frame every page shares: the head, the search form with the active filters riding
//! along as hidden fields, the footer, the error page, and the headers of an HTML answer.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::chips::chips;
use super::links::{first_page, page_href};
use crate::serve::params::{present, Role, URL_PARAMS};
use crate::serve::{ApiError, SearchParams};

/// Only this server's own files may run or load: an escaping mistake still cannot run
/// a script. Inline `style` attributes draw the date bars.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(super) fn html_response(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

/// The frame of every page: head, the search form, then `content`.
pub(super) fn layout(title: &str, params: &SearchParams, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/bantin.css";
                @if params.is_search() {
                    link rel="alternate" type="application/atom+xml"
                        title={ "Bản tin mới: " (present(&params.q).unwrap_or("bộ lọc")) }
                        href=(crate::serve::feed::feed_href(params));
                }
                script src="/static/bantin.js" defer {}
            }
            body {
                a.skip href="#results" { "Bỏ qua đến kết quả" }
                header.top {
                    a.brand href="/" { "bantin" span.tagline { " · tìm kiếm bản tin công an" } }
                    (search_form(params))
                }
                (content)
                footer {
                    "Dữ liệu dạng JSON: "
                    // A search needs words or a filter: the page without one links the API's
                    // description instead.
                    @if params.is_search() {
                        a href={ "/api/search?" (params.to_query_string()) } { "/api/search" }
                    } @else {
                        a href="/api/openapi.json" { "/api/openapi.json" }
                    }
                    " · "
                    a href="/api/stats" { "/api/stats" }
                }
            }
        }
    }
}

/// The search box. Active filters ride along as hidden fields: a new query keeps them, and
/// their chips remove them.
fn search_form(params: &SearchParams) -> Markup {
    let sort = present(&params.sort).unwrap_or("");
    // The dates have fields of their own; the other filters and the page size ride along.
    let hidden = URL_PARAMS.iter().filter(|param| {
        let dates = ["from", "to"].contains(&param.name);
        (param.role == Role::Filter && !dates) || param.name == "limit"
    });
    let dates_open = present(&params.from).is_some() || present(&params.to).is_some();
    html! {
        form.search role="search" method="get" action="/" {
            label for="q" { "Tìm kiếm" }
            div.search-row {
                input #q type="search" name="q" value=(present(&params.q).unwrap_or(""))
                    placeholder="ma túy, ANTT, \"an ninh trật tự\"…" autocomplete="off";
                label.visually-hidden for="sort" { "Sắp xếp" }
                select #sort name="sort" {
                    @for (value, label) in sort_options(present(&params.q).is_some()) {
                        option value=(value) selected[sort == *value] { (label) }
                    }
                }
                button type="submit" { "Tìm" }
            }
            details.dates open[dates_open] {
                summary { "Khoảng thời gian" }
                div.date-row {
                    label for="from" { "Từ ngày" }
                    input #from type="text" name="from" inputmode="numeric" size="10"
                        value=(present(&params.from).unwrap_or("")) placeholder="12/3/2019";
                    label for="to" { "đến ngày" }
                    input #to type="text" name="to" inputmode="numeric" size="10"
                        value=(present(&params.to).unwrap_or("")) placeholder="2024-06";
                }
            }
            @for param in hidden {
                @for value in param.values(params) {
                    input type="hidden" name=(param.name) value=(value);
                }
            }
        }
    }
}

/// The orders to choose from. The default (no `sort`) is relevance with a query and newest
/// first without one, and is labelled as what it does.
fn sort_options(has_query: bool) -> &'static [(&'static str, &'static str)] {
    if has_query {
        &[
            ("", "Liên quan nhất"),
            ("newest", "Mới nhất"),
            ("oldest", "Cũ nhất"),
        ]
    } else {
        &[("", "Mới nhất"), ("oldest", "Cũ nhất")]
    }
}

pub(super) fn error_page(params: &SearchParams, error: &ApiError) -> Markup {
    let heading = match error.status {
        StatusCode::NOT_FOUND => "Không tìm thấy",
        StatusCode::SERVICE_UNAVAILABLE => "Máy chủ đang bận",
        status if status.is_client_error() => "Yêu cầu không hợp lệ",
        _ => "Lỗi máy chủ",
    };
    let suggestions: Vec<(String, String)> = error
        .page_message
        .iter()
        .flat_map(|message| &message.suggestions)
        .map(|suggestion| {
            let mut fixed = params.clone();
            if let Some(values) = fixed.values_mut(suggestion.param) {
                values.retain(|v| v != &suggestion.wrong);
                values.push(suggestion.name.clone());
            }
            first_page(&mut fixed);
            (suggestion.name.clone(), page_href(&fixed))
        })
        .collect();
    let text = error
        .page_message
        .as_ref()
        .map_or(error.message.as_str(), |message| message.text.as_str());
    let content = html! {
        main #results .error tabindex="-1" {
            (chips(params))
            div.alert role="alert" {
                h1 { (heading) }
                p { (text) }
                @if !suggestions.is_empty() {
                    p.suggestions {
                        "Có phải bạn muốn chọn: "
                        @for (at, (name, href)) in suggestions.iter().enumerate() {
                            @if at > 0 { ", " }
                            a href=(href) { (name) }
                        }
                        "?"
                    }
                }
            }
            p { a href="/" { "‹ Trang tìm kiếm" } }
        }
    };
    layout(&format!("{heading} – bantin"), params, content)
}
