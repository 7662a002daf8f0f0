//! The search page at `/` and the bulletin page at `/bulletins/{id}`: plain HTML forms and
//! links, in Vietnamese, that work without JavaScript. The URL holds the whole state (query,
//! filters, order, page), so a link can be shared and the back button works.
//!
//! Templates are `maud` markup: checked when compiled, and every value from a bulletin or a
//! URL is escaped unless wrapped in `PreEscaped`, which this module never does.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::params::{present, BadParam};
use super::{ApiError, AppState, SearchParams};
use crate::index::document::StoredBulletin;
use crate::index::stats::{index_stats, FacetCount, IndexStats};
use crate::search::snippets::Highlighter;
use crate::search::{
    search as run_search, Facets, Hit, Matching, SearchResults, SignificantWord, SortOrder,
};

/// Snippets per hit on the page.
const PAGE_SNIPPETS: usize = 2;
/// Facet values shown before "Xem thêm" (more).
const FACET_SHOWN: usize = 12;

const STYLE: &str = include_str!("assets/bantin.css");
const SCRIPT: &str = include_str!("assets/bantin.js");

/// Only this server's own files may run or load: an escaping mistake still cannot run
/// a script. Inline `style` attributes draw the date bars.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// `GET /`: the search form, and the results with facets when anything is asked.
pub async fn search_page(
    State(state): State<Arc<AppState>>,
    params: Result<SearchParams, BadParam>,
) -> Response {
    let params = match params {
        Ok(params) => params,
        Err(rejection) => {
            let error = ApiError::from(rejection);
            return html_response(error.status, error_page(&SearchParams::default(), &error));
        }
    };
    if !params.is_search() {
        return landing_page(&state, &params).await;
    }
    let request = match params.to_request(&state.limits.bounds, PAGE_SNIPPETS, true) {
        Ok(request) => request,
        Err(bad) => {
            let error = ApiError::from(bad);
            return html_response(error.status, error_page(&params, &error));
        }
    };
    let limit = request.limit.max(1);
    let outcome = state
        .run(move |index| Ok(run_search(index, &request)?))
        .await;
    match outcome {
        Ok(results) => {
            let view = ResultsView {
                params: &params,
                results: &results,
                limit,
                depth: state.limits.bounds.depth,
            };
            html_response(StatusCode::OK, view.render())
        }
        Err(error) => html_response(error.status, error_page(&params, &error)),
    }
}

/// `/` before anything is asked: what the index holds, as lists to start from.
async fn landing_page(state: &Arc<AppState>, params: &SearchParams) -> Response {
    match state.run(|index| Ok(index_stats(index)?)).await {
        Ok(stats) => html_response(StatusCode::OK, landing_view(params, stats)),
        Err(error) => html_response(error.status, error_page(params, &error)),
    }
}

fn landing_view(params: &SearchParams, stats: IndexStats) -> Markup {
    let mut years = stats.years;
    years.reverse();
    let facets = Facets {
        province: stats.provinces,
        unit: stats.units,
        date: years,
        ..Facets::default()
    };
    let content = html! {
        div.layout {
            main #results tabindex="-1" {
                p.summary {
                    "Chỉ mục có " strong { (thousands(stats.documents as usize)) } " bản tin"
                    @if let (Some(first), Some(last)) = (&stats.first_date, &stats.last_date) {
                        ", từ " (vi_date(first)) " đến " (vi_date(last))
                    }
                    "."
                }
                p.intro {
                    "Gõ từ cần tìm, có dấu hay không dấu (" em { "ma tuy" } ", " em { "ANTT" } ", "
                    em { "\"an ninh trật tự\"" } "), hoặc chọn một tỉnh/thành, đơn vị hay năm để xem bản tin."
                }
            }
            (facet_sidebar(params, &facets))
        }
    };
    layout("bantin – tìm kiếm bản tin", params, content)
}

/// `GET /bulletins/{id}`: the whole bulletin with its metadata; the query string carries the
/// search it was opened from, for the way back.
pub async fn bulletin_page(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    params: Result<SearchParams, BadParam>,
) -> Response {
    let params = params.unwrap_or_default();
    let found = match id {
        Ok(Path(id)) => super::api::find_bulletin(&state, id).await,
        Err(rejection) => Err(ApiError::from(rejection)),
    };
    let bulletin = match found {
        Ok(bulletin) => bulletin,
        Err(error) => return html_response(error.status, error_page(&params, &error)),
    };
    let for_query = params.clone();
    let highlighter = state
        .run(move |index| Ok(query_highlighter(index, &for_query)))
        .await
        .ok()
        .flatten();
    html_response(
        StatusCode::OK,
        bulletin_view(&bulletin, &params, highlighter.as_ref()),
    )
}

/// `GET /static/bantin.css`.
pub async fn stylesheet() -> Response {
    static_file("text/css; charset=utf-8", STYLE)
}

/// `GET /static/bantin.js`.
pub async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

/// The frame of every page: head, the search form, then `content`.
fn layout(title: &str, params: &SearchParams, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/bantin.css";
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
                    a href={ "/api/search?" (params.to_query_string()) } { "/api/search" }
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
    let hidden = [
        ("province", &params.province),
        ("unit", &params.unit),
        ("from", &params.from),
        ("to", &params.to),
        ("year", &params.year),
        ("limit", &params.limit),
    ];
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
            @for (name, value) in hidden {
                @if let Some(value) = present(value) {
                    input type="hidden" name=(name) value=(value);
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

struct ResultsView<'a> {
    params: &'a SearchParams,
    results: &'a SearchResults,
    limit: usize,
    depth: usize,
}

impl ResultsView<'_> {
    fn render(&self) -> Markup {
        let title = match present(&self.params.q) {
            Some(q) => format!("{q} – bantin"),
            None => "bantin – tìm kiếm bản tin".to_owned(),
        };
        let content = html! {
            (chips(self.params))
            div.layout {
                main #results tabindex="-1" {
                    (self.summary())
                    @if !self.results.hits.is_empty() {
                        ol.hits start=(self.results.offset + 1) {
                            @for hit in &self.results.hits { (self.hit(hit)) }
                        }
                    }
                    (self.pager())
                }
                @if let Some(facets) = &self.results.facets {
                    (facet_sidebar(self.params, facets))
                }
            }
        };
        layout(&title, self.params, content)
    }

    fn summary(&self) -> Markup {
        let total = self.results.total;
        html! {
            (self.did_you_mean())
            (self.matching_note())
            p.summary role="status" {
                @if total == 0 {
                    "Không tìm thấy bản tin nào."
                    @if self.params.is_search() { " Thử bỏ bớt bộ lọc hoặc gõ không dấu." }
                } @else {
                    "Tìm thấy " strong { (thousands(total)) } " bản tin"
                    @if self.results.stories < total {
                        " trong " strong { (thousands(self.results.stories)) } " sự việc"
                    }
                    @if self.results.hits.is_empty() {
                        " (trang này trống)"
                    } @else {
                        ", hiển thị " (self.results.offset + 1) "–"
                        (self.results.offset + self.results.hits.len())
                    }
                    " · " (format!("{:.1}", self.results.took_ms).replace('.', ",")) " ms"
                    @if self.results.sort != SortOrder::Relevance {
                        " · " (sort_label(self.results.sort))
                    }
                }
            }
        }
    }

    /// A correction of the query, as a link to its search.
    fn did_you_mean(&self) -> Markup {
        let Some(correction) = &self.results.did_you_mean else {
            return html! {};
        };
        let mut params = self.params.clone();
        params.q = Some(correction.query.clone());
        params.page = None;
        params.offset = None;
        html! {
            p.did-you-mean {
                "Có phải bạn muốn tìm: "
                a href=(page_href(&params)) { strong { (correction.query) } }
                " (" (thousands(correction.total)) " bản tin)?"
            }
        }
    }

    /// How the query's words matched, and a link to the other way: as words (the
    /// default), or their syllables anywhere.
    fn matching_note(&self) -> Markup {
        let results = self.results;
        let words = &results.words;
        if words.is_empty() {
            return html! {};
        }
        let mut other = self.params.clone();
        other.page = None;
        other.offset = None;
        let listed = html! {
            @for (at, word) in words.iter().enumerate() {
                @if at > 0 { ", " }
                em { (word) }
            }
        };
        if results.words_total == Some(0) {
            return html! {
                p.matching {
                    "Không bản tin nào có " (listed) " đứng liền nhau; "
                    "dưới đây là các bản tin có các âm tiết đứng rời."
                }
            };
        }
        if results.matching == Matching::Syllables {
            other.syllables = None;
            return html! {
                p.matching {
                    "Đang tính cả các âm tiết đứng rời. "
                    a href=(page_href(&other)) { "Chỉ tính các bản tin có " (listed) }
                }
            };
        }
        let Some(broader) = results.syllables_total else {
            return html! {};
        };
        other.syllables = Some("true".to_owned());
        html! {
            p.matching {
                (thousands(results.total)) " bản tin có " (listed) "; "
                a href=(page_href(&other)) {
                    (thousands(broader)) " nếu tính các âm tiết đứng rời"
                }
            }
        }
    }

    fn hit(&self, hit: &Hit) -> Markup {
        let href = bulletin_href(&hit.id, self.params);
        html! {
            li.hit {
                h2 { a href=(href) { (marked(&hit.title, &hit.title_highlights)) } }
                p.meta {
                    span.date { (hit.date.as_deref().map_or("Không rõ ngày".to_owned(), vi_date)) }
                    @if let Some(province) = &hit.province {
                        " · " span.province { (province_label(province)) }
                    }
                    @if let Some(unit) = &hit.unit {
                        " · " span.unit { (unit.join(" / ")) }
                    }
                    @if self.results.collapsed && hit.copies > 1 {
                        " · " a.copies href=(format!("{href}#copies")) { "+" (hit.copies - 1) " bản tương tự" }
                    }
                }
                @for snippet in &hit.snippets {
                    p.snippet {
                        @if snippet.offset > 0 { "… " }
                        (marked(&snippet.text, &snippet.highlights)) " …"
                    }
                }
            }
        }
    }

    /// Previous, a window of page numbers around this one, next.
    fn pager(&self) -> Markup {
        let reachable = self.results.total.min(self.depth);
        let pages = reachable.div_ceil(self.limit);
        if pages <= 1 {
            return html! {};
        }
        let current = self.results.offset / self.limit + 1;
        let link = |page: usize| {
            let mut params = self.params.clone();
            params.offset = None;
            params.page = (page > 1).then(|| page.to_string());
            format!("/?{}", params.to_query_string())
        };
        let mut numbers: Vec<usize> = [1, pages]
            .into_iter()
            .chain(current.saturating_sub(2).max(1)..=(current + 2).min(pages))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        html! {
            nav.pager aria-label="Phân trang" {
                @if current > 1 {
                    a rel="prev" href=(link(current - 1)) { "‹ Trang trước" }
                }
                @for (i, page) in numbers.iter().enumerate() {
                    @if i > 0 && numbers[i - 1] + 1 < *page { span.gap { "…" } }
                    @if *page == current {
                        span.current aria-current="page" { (page) }
                    } @else {
                        a href=(link(*page)) aria-label=(format!("Trang {page}")) { (page) }
                    }
                }
                @if current < pages {
                    a rel="next" href=(link(current + 1)) { "Trang sau ›" }
                }
            }
        }
    }
}

/// One removable chip per active filter, and one to remove them all.
fn chips(params: &SearchParams) -> Markup {
    let active = active_filters(params);
    if active.is_empty() {
        return html! {};
    }
    let mut none = params.clone();
    for (name, ..) in &active {
        set_param(&mut none, name, None);
    }
    html! {
        div.chips aria-label="Bộ lọc đang dùng" {
            @for (name, label, value) in &active {
                @let href = { let mut p = params.clone(); set_param(&mut p, name, None); page_href(&p) };
                a.chip href=(href) title=(format!("Bỏ lọc {label}: {value}")) {
                    span.chip-label { (label) ": " } (value) span.chip-x aria-hidden="true" { " ×" }
                    span.visually-hidden { " (bỏ lọc)" }
                }
            }
            @if active.len() > 1 {
                a.chip.clear href=(page_href(&none)) { "Xóa tất cả bộ lọc" }
            }
        }
    }
}

/// (parameter, Vietnamese label, value) of each filter in use.
fn active_filters(params: &SearchParams) -> Vec<(&'static str, &'static str, String)> {
    [
        ("province", "Tỉnh/thành", &params.province),
        ("unit", "Đơn vị", &params.unit),
        ("year", "Năm", &params.year),
        ("from", "Từ", &params.from),
        ("to", "Đến", &params.to),
    ]
    .into_iter()
    .filter_map(|(name, label, value)| present(value).map(|v| (name, label, v.to_owned())))
    .collect()
}

/// Sets one filter; every change of filter goes back to the first page.
fn set_param(params: &mut SearchParams, name: &str, value: Option<String>) {
    match name {
        "province" => params.province = value,
        "unit" => params.unit = value,
        "year" => params.year = value,
        "from" => params.from = value,
        "to" => params.to = value,
        _ => {}
    }
    params.page = None;
    params.offset = None;
}

fn page_href(params: &SearchParams) -> String {
    let query = params.to_query_string();
    if query.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{query}")
    }
}

fn with_filter(params: &SearchParams, name: &str, value: &str) -> String {
    let mut params = params.clone();
    set_param(&mut params, name, Some(value.to_owned()));
    page_href(&params)
}

fn facet_sidebar(params: &SearchParams, facets: &Facets) -> Markup {
    html! {
        aside.facets aria-label="Lọc kết quả" {
            section aria-labelledby="facet-province" {
                h2 #facet-province { "Tỉnh/thành" }
                (province_tree(params, &facets.province))
            }
            section aria-labelledby="facet-unit" {
                h2 #facet-unit { "Đơn vị" }
                (unit_tree(params, &facets.unit))
            }
            section aria-labelledby="facet-date" {
                h2 #facet-date { "Thời gian" }
                (date_bars(params, &facets.date))
            }
            @if !facets.words.is_empty() {
                section aria-labelledby="facet-words" {
                    h2 #facet-words { "Từ nổi bật" }
                    (word_list(params, &facets.words))
                    (sample_note(facets))
                }
            }
            @if !facets.names.is_empty() {
                section aria-labelledby="facet-names" {
                    h2 #facet-names { "Tên nổi bật" }
                    (word_list(params, &facets.names))
                    @if facets.words.is_empty() {
                        (sample_note(facets))
                    }
                }
            }
        }
    }
}

/// The words (or names) facet: each a link that narrows the search to bulletins holding it.
fn word_list(params: &SearchParams, words: &[SignificantWord]) -> Markup {
    let items = words
        .iter()
        .map(|word| {
            let mut narrowed = params.clone();
            let query = present(&params.q).unwrap_or("");
            narrowed.q = Some(format!("{query} \"{}\"", word.word).trim().to_owned());
            narrowed.page = None;
            narrowed.offset = None;
            html! { li { (facet_link(page_href(&narrowed), &word.word, word.matches, false)) } }
        })
        .collect();
    capped_list(items)
}

/// Says when the words were found in a sample of the matches.
fn sample_note(facets: &Facets) -> Markup {
    let sample = facets.words_sample;
    html! {
        @if sample.holding_query_words && sample.is_partial() {
            p.empty {
                "Mẫu " (thousands(sample.sampled)) " trong " (thousands(sample.matches)) " kết quả có các từ của truy vấn"
            }
        } @else if sample.holding_query_words {
            p.empty { "Trong " (thousands(sample.matches)) " kết quả có các từ của truy vấn" }
        } @else if sample.is_partial() {
            p.empty {
                "Lấy mẫu " (thousands(sample.sampled)) " trong " (thousands(sample.matches)) " kết quả"
            }
        }
    }
}

/// Counts in a two-level list grouped as (parent, children).
fn two_levels(counts: &[FacetCount]) -> Vec<(&FacetCount, Vec<&FacetCount>)> {
    let mut groups: Vec<(&FacetCount, Vec<&FacetCount>)> = Vec::new();
    for count in counts {
        match (count.path.len(), groups.last_mut()) {
            (1, _) => groups.push((count, Vec::new())),
            (_, Some((_, children))) => children.push(count),
            _ => {}
        }
    }
    groups
}

fn leaf(path: &[String]) -> &str {
    path.last().map_or("", String::as_str)
}

/// A facet list, its first [`FACET_SHOWN`] entries open and the rest behind "Xem thêm".
fn capped_list(items: Vec<Markup>) -> Markup {
    capped_list_of("tree", items)
}

/// [`capped_list`] with the list's CSS class.
fn capped_list_of(class: &str, items: Vec<Markup>) -> Markup {
    if items.is_empty() {
        return html! { p.empty { "Không có" } };
    }
    let rest = items.len().saturating_sub(FACET_SHOWN);
    let mut items = items.into_iter();
    let shown: Vec<Markup> = items.by_ref().take(FACET_SHOWN).collect();
    html! {
        ul class=(class) { @for item in shown { (item) } }
        @if rest > 0 {
            details.more {
                summary { "Xem thêm " (rest) }
                ul class=(class) { @for item in items { (item) } }
            }
        }
    }
}

fn facet_link(href: String, label: &str, count: u64, selected: bool) -> Markup {
    html! {
        @if selected {
            span.facet.selected aria-current="true" { span.name { (label) } span.count { (thousands(count as usize)) } }
        } @else {
            a.facet href=(href) { span.name { (label) } span.count { (thousands(count as usize)) } }
        }
    }
}

/// Today's provinces, each with the provinces as named then that it took in.
fn province_tree(params: &SearchParams, counts: &[FacetCount]) -> Markup {
    let selected = present(&params.province).unwrap_or("");
    let items = two_levels(counts)
        .into_iter()
        .map(|(today, then)| {
            let name = leaf(&today.path);
            let older: Vec<&FacetCount> = then
                .into_iter()
                .filter(|c| leaf(&c.path) != name)
                .collect();
            html! {
                li {
                    (facet_link(with_filter(params, "province", name), name, today.count, selected == name))
                    @if !older.is_empty() {
                        ul {
                            @for old in older {
                                li { (facet_link(with_filter(params, "province", leaf(&old.path)), leaf(&old.path), old.count, selected == leaf(&old.path))) }
                            }
                        }
                    }
                }
            }
        })
        .collect();
    capped_list(items)
}

/// Units with their sub-units; a sub-unit filters by its whole path.
fn unit_tree(params: &SearchParams, counts: &[FacetCount]) -> Markup {
    let selected = present(&params.unit).unwrap_or("");
    let items = two_levels(counts)
        .into_iter()
        .map(|(unit, subunits)| {
            let name = leaf(&unit.path);
            html! {
                li {
                    (facet_link(with_filter(params, "unit", name), name, unit.count, selected == name))
                    @if !subunits.is_empty() {
                        ul {
                            @for sub in subunits {
                                @let path = sub.path.join("/");
                                li { (facet_link(with_filter(params, "unit", &path), leaf(&sub.path), sub.count, selected == path)) }
                            }
                        }
                    }
                }
            }
        })
        .collect();
    capped_list(items)
}

/// Years as bars to click; the months of the year being looked at as bars too.
fn date_bars(params: &SearchParams, counts: &[FacetCount]) -> Markup {
    let years = two_levels(counts);
    if years.is_empty() {
        return html! { p.empty { "Không rõ ngày" } };
    }
    let max = years.iter().map(|(y, _)| y.count).max().unwrap_or(1).max(1);
    let focus = focused_year(params, &years);
    let bar = |href: String, label: String, count: u64, max: u64, selected: bool, aria: String| {
        let width = (count as f64 / max as f64 * 100.0).max(2.0);
        html! {
            li {
                a.bar.selected[selected] href=(href) aria-label=(aria) aria-current=[selected.then_some("true")] {
                    span.bar-label { (label) }
                    span.bar-track { span.bar-fill style=(format!("width:{width:.0}%")) {} }
                    span.count { (thousands(count as usize)) }
                }
            }
        }
    };
    let year_bars = years
        .iter()
        .map(|(year, _)| {
            let y = leaf(&year.path);
            let selected = present(&params.year) == Some(y);
            bar(
                with_filter(params, "year", y),
                y.to_owned(),
                year.count,
                max,
                selected,
                format!("Năm {y}: {} bản tin", year.count),
            )
        })
        .collect();
    html! {
        (capped_list_of("bars years", year_bars))
        @if let Some((year, months)) = focus {
            @let y = leaf(&year.path).to_owned();
            @let month_max = months.iter().map(|m| m.count).max().unwrap_or(1).max(1);
            h3 { "Các tháng năm " (y) }
            ul.bars.months {
                @for month in months {
                    @let m = leaf(&month.path);
                    @let value = format!("{y}-{m}");
                    @let selected = present(&params.from) == Some(value.as_str()) && present(&params.to) == Some(value.as_str());
                    (bar(month_href(params, &value), format!("Th{}", m.trim_start_matches('0')), month.count, month_max, selected,
                        format!("Tháng {}/{y}: {} bản tin", m.trim_start_matches('0'), month.count)))
                }
            }
        }
    }
}

/// The year whose months are shown: the one filtered on, or the only one in the results.
fn focused_year<'a>(
    params: &SearchParams,
    years: &[(&'a FacetCount, Vec<&'a FacetCount>)],
) -> Option<(&'a FacetCount, Vec<&'a FacetCount>)> {
    let wanted = present(&params.year)
        .map(str::to_owned)
        .or_else(|| present(&params.from).map(|f| f.chars().take(4).collect()));
    let chosen = match wanted {
        Some(y) => years.iter().find(|(year, _)| leaf(&year.path) == y),
        None if years.len() == 1 => years.first(),
        None => None,
    }?;
    (!chosen.1.is_empty()).then(|| chosen.clone())
}

/// A month filters as a range of one month (and replaces a year filter).
fn month_href(params: &SearchParams, month: &str) -> String {
    let mut params = params.clone();
    set_param(&mut params, "year", None);
    set_param(&mut params, "from", Some(month.to_owned()));
    set_param(&mut params, "to", Some(month.to_owned()));
    page_href(&params)
}

fn bulletin_view(
    bulletin: &StoredBulletin,
    params: &SearchParams,
    highlighter: Option<&Highlighter>,
) -> Markup {
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
                    dt { "Tỉnh/thành" } dd { (bulletin.province.as_deref().map_or("Không rõ".to_owned(), province_label)) }
                    @if older.len() > 1 {
                        dt { "Các tỉnh được nhắc đến" } dd { (older.join(", ")) }
                    }
                    dt { "Đơn vị" } dd { (bulletin.unit.as_ref().map_or("Không rõ".to_owned(), |u| u.join(" / "))) }
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

/// Marks the words of the search a bulletin was opened from, matched as that search
/// matched them (none for an unparsable query).
fn query_highlighter(
    index: &crate::index::BantinIndex,
    params: &SearchParams,
) -> Option<Highlighter> {
    let query = present(&params.q)?;
    let matching = params.matching().unwrap_or(Matching::Words);
    crate::search::query_highlighter(index, query, matching).ok()
}

fn error_page(params: &SearchParams, error: &ApiError) -> Markup {
    let heading = match error.status {
        StatusCode::NOT_FOUND => "Không tìm thấy",
        StatusCode::SERVICE_UNAVAILABLE => "Máy chủ đang bận",
        status if status.is_client_error() => "Yêu cầu không hợp lệ",
        _ => "Lỗi máy chủ",
    };
    let content = html! {
        main #results .error tabindex="-1" {
            (chips(params))
            div.alert role="alert" {
                h1 { (heading) }
                p { (error.message) }
            }
            p { a href="/" { "‹ Trang tìm kiếm" } }
        }
    };
    layout(&format!("{heading} – bantin"), params, content)
}

/// `text` with the byte ranges in `<mark>`; ranges that do not fall on characters in order
/// are left out rather than cut a character.
fn marked(text: &str, ranges: &[[usize; 2]]) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for &[start, end] in ranges {
        if start < at
            || start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        pieces.push((&text[at..start], false));
        pieces.push((&text[start..end], true));
        at = end;
    }
    pieces.push((&text[at..], false));
    html! {
        @for (piece, hit) in pieces {
            @if hit { mark { (piece) } } @else { (piece) }
        }
    }
}

/// Path segments keep letters, digits and `-._~`; everything else is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn bulletin_href(id: &str, params: &SearchParams) -> String {
    let path = format!("/bulletins/{}", utf8_percent_encode(id, PATH_SEGMENT));
    let query = params.to_query_string();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Only `http` and `https` addresses become links (never `javascript:`).
fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `2024-07-11` → `11/07/2024`, `2024-07` → `07/2024`, `2024` stays.
fn vi_date(date: &str) -> String {
    let mut parts: Vec<&str> = date.split('-').collect();
    parts.reverse();
    parts.join("/")
}

/// `Hưng Yên`, or `Hưng Yên (Thái Bình)` when it was named otherwise then.
fn province_label(path: &[String]) -> String {
    match path {
        [today, then] if today != then => format!("{today} ({then})"),
        [today, ..] => today.clone(),
        [] => String::new(),
    }
}

fn sort_label(sort: SortOrder) -> &'static str {
    match sort {
        SortOrder::Relevance => "liên quan nhất",
        SortOrder::Newest => "mới nhất trước",
        SortOrder::Oldest => "cũ nhất trước",
    }
}

/// `128.000`: Vietnamese groups thousands with dots.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_escapes_text_and_marks_ranges() {
        let html = marked("<b>ma túy</b>", &[[3, 5]]).into_string();
        assert_eq!(html, "&lt;b&gt;<mark>ma</mark> túy&lt;/b&gt;");
        // A range inside a character or out of order is dropped, the text kept whole.
        assert_eq!(marked("túy", &[[2, 3]]).into_string(), "túy");
        assert_eq!(marked("abc", &[[1, 9]]).into_string(), "abc");
    }

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
    fn numbers_and_dates_read_the_vietnamese_way() {
        assert_eq!(thousands(128_000), "128.000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1.000.000");
        assert_eq!(vi_date("2024-07-11"), "11/07/2024");
        assert_eq!(vi_date("2024-07"), "07/2024");
    }

    #[test]
    fn many_years_show_the_newest_and_keep_the_rest_behind_more() {
        let years: Vec<FacetCount> = (2000..2015)
            .rev()
            .map(|y| FacetCount {
                path: vec![y.to_string()],
                count: 1,
            })
            .collect();
        let html = date_bars(&SearchParams::default(), &years).into_string();
        let (shown, rest) = html.split_once("<details").expect("a Xem thêm");
        assert!(
            shown.contains("Năm 2014") && shown.contains("Năm 2003"),
            "{shown}"
        );
        assert!(!shown.contains("Năm 2002"), "{shown}");
        assert!(
            rest.contains("Xem thêm 3") && rest.contains("Năm 2000"),
            "{rest}"
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
            with_filter(&params, "province", "Nghệ An"),
            "/?q=ch%C3%A1y&province=Ngh%E1%BB%87+An"
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
