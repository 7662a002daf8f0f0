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
use crate::search::export::ExportFormat;
use crate::search::filters::same_value;
use crate::search::snippets::Highlighter;
use crate::search::{
    search as run_search, Counted, Facets, Hit, Matching, SearchResults, SignificantWord,
    SortOrder, UNKNOWN,
};

/// Snippets per hit on the page.
const PAGE_SNIPPETS: usize = 2;
/// Facet values shown before "Xem thêm" (more).
const FACET_SHOWN: usize = 12;
/// Sub-units of a unit shown before "Xem thêm".
const SUBUNITS_SHOWN: usize = 4;
/// Related bulletins listed under a bulletin.
const RELATED_SHOWN: usize = 5;

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
    let relaxed = match &outcome {
        Ok(results) if results.total == 0 => relaxed_counts(&state, &params).await,
        _ => Vec::new(),
    };
    match outcome {
        Ok(results) => {
            let view = ResultsView {
                params: &params,
                results: &results,
                relaxed: &relaxed,
                limit,
                depth: state.limits.bounds.depth,
            };
            html_response(StatusCode::OK, view.render())
        }
        Err(error) => html_response(error.status, error_page(&params, &error)),
    }
}

/// A search that found nothing, with one filter value left out: what the reader would find.
struct Relaxed {
    /// The value left out (`Nghệ An`, `năm 2018`).
    left_out: String,
    href: String,
    total: usize,
}

/// For a search that found nothing: how many each of its filter values, left out alone,
/// would find; those that find something.
async fn relaxed_counts(state: &Arc<AppState>, params: &SearchParams) -> Vec<Relaxed> {
    let bounds = state.limits.bounds;
    let searches: Vec<(String, String, crate::search::SearchRequest)> = active_filters(params)
        .into_iter()
        .filter(|chip| chip.without.is_search())
        .filter_map(|chip| {
            let mut request = chip.without.to_request(&bounds, 0, false).ok()?;
            (request.limit, request.offset) = (0, 0);
            let left_out = match chip.label {
                "Tỉnh/thành" | "Đơn vị" => chip.value.clone(),
                label => format!("{} {}", label.to_lowercase(), chip.value),
            };
            Some((left_out, page_href(&chip.without), request))
        })
        .collect();
    if searches.is_empty() {
        return Vec::new();
    }
    let counted = state
        .run(move |index| {
            Ok(searches
                .into_iter()
                .filter_map(|(left_out, href, request)| {
                    let total = run_search(index, &request).ok()?.total;
                    (total > 0).then_some(Relaxed {
                        left_out,
                        href,
                        total,
                    })
                })
                .collect())
        })
        .await;
    counted.unwrap_or_default()
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
    let like = bulletin.clone();
    // The bulletin is shown even when its related ones cannot be found.
    let related = state
        .run(move |index| {
            Ok(crate::search::related::related(
                index,
                &like,
                RELATED_SHOWN,
            )?)
        })
        .await
        .unwrap_or_default();
    html_response(
        StatusCode::OK,
        bulletin_view(&bulletin, &params, highlighter.as_ref(), &related),
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
                @if params.is_search() {
                    link rel="alternate" type="application/atom+xml"
                        title={ "Bản tin mới: " (present(&params.q).unwrap_or("bộ lọc")) }
                        href=(super::feed::feed_href(params));
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
    let hidden_lists = [
        ("province", &params.province),
        ("not_province", &params.not_province),
        ("unit", &params.unit),
        ("not_unit", &params.not_unit),
    ];
    let hidden = [
        ("year", &params.year),
        ("undated", &params.undated),
        ("limit", &params.limit),
    ];
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
            @for (name, values) in hidden_lists {
                @for value in values {
                    input type="hidden" name=(name) value=(value);
                }
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
    /// With no results: what leaving out each filter value would find.
    relaxed: &'a [Relaxed],
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
                    @if self.results.facets.is_some() {
                        a.filters-jump href="#facets" { "Bộ lọc" }
                    }
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
                    @if self.relaxed.is_empty() && self.params.is_search() { " Thử bỏ bớt bộ lọc hoặc gõ không dấu." }
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
                    " · "
                    a.export href=(super::export::export_href(self.params, ExportFormat::Csv))
                        download { "Tải CSV" }
                }
            }
            (self.undated_note())
            @if let Some(facets) = &self.results.facets {
                @let counted = if facets.counts == Counted::Stories { "sự việc" } else { "bản tin" };
                (super::time_chart::chart(&super::time_chart::periods(&facets.timeline), counted, |period| {
                    period_href(self.params, &period.value)
                }))
            }
            @if total == 0 && !self.relaxed.is_empty() {
                ul.relaxed aria-label="Thử bỏ bớt bộ lọc" {
                    @for relaxed in self.relaxed {
                        li {
                            a href=(relaxed.href) {
                                (thousands(relaxed.total)) " kết quả nếu bỏ lọc " (relaxed.left_out)
                            }
                        }
                    }
                }
            }
        }
    }

    /// With a date range: how many matches it leaves out for having no date, and a link
    /// that brings them in.
    fn undated_note(&self) -> Markup {
        let Some(undated) = self.results.undated.filter(|&n| n > 0) else {
            return html! {};
        };
        let mut with_undated = self.params.clone();
        with_undated.undated = Some("true".to_owned());
        first_page(&mut with_undated);
        html! {
            p.undated {
                (thousands(undated)) " bản tin khác khớp nhưng không rõ ngày nên nằm ngoài khoảng thời gian. "
                a href=(page_href(&with_undated)) { "Tính cả các bản tin không rõ ngày" }
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

/// One removable chip per active filter value, and one to remove them all.
fn chips(params: &SearchParams) -> Markup {
    let active = active_filters(params);
    if active.is_empty() {
        return html! {};
    }
    let mut none = params.clone();
    for name in ["province", "not_province", "unit", "not_unit"] {
        if let Some(list) = list_mut(&mut none, name) {
            list.clear();
        }
    }
    for name in ["year", "from", "to", "undated"] {
        set_param(&mut none, name, None);
    }
    html! {
        div.chips aria-label="Bộ lọc đang dùng" {
            @for chip in &active {
                a.chip href=(page_href(&chip.without)) title=(format!("Bỏ lọc {}: {}", chip.label, chip.value)) {
                    span.chip-label { (chip.label) ": " } (chip.value) span.chip-x aria-hidden="true" { " ×" }
                    span.visually-hidden { " (bỏ lọc)" }
                }
            }
            @if active.len() > 1 {
                a.chip.clear href=(page_href(&none)) { "Xóa tất cả bộ lọc" }
            }
        }
    }
}

/// A filter value in use, and the search without it.
struct Chip {
    label: &'static str,
    value: String,
    without: SearchParams,
}

/// Each filter value in use, with its Vietnamese label.
fn active_filters(params: &SearchParams) -> Vec<Chip> {
    let mut chips = Vec::new();
    let lists = [
        ("province", "Tỉnh/thành", &params.province),
        ("not_province", "Trừ tỉnh/thành", &params.not_province),
        ("unit", "Đơn vị", &params.unit),
        ("not_unit", "Trừ đơn vị", &params.not_unit),
    ];
    for (name, label, values) in lists {
        for value in values {
            let mut without = params.clone();
            if let Some(list) = list_mut(&mut without, name) {
                list.retain(|v| v != value);
            }
            first_page(&mut without);
            chips.push(Chip {
                label,
                value: value.clone(),
                without,
            });
        }
    }
    let singles = [
        ("year", "Năm", &params.year),
        ("from", "Từ", &params.from),
        ("to", "Đến", &params.to),
    ];
    for (name, label, value) in singles {
        if let Some(value) = present(value) {
            let mut without = params.clone();
            set_param(&mut without, name, None);
            chips.push(Chip {
                label,
                value: value.to_owned(),
                without,
            });
        }
    }
    if present(&params.undated).is_some() {
        let mut without = params.clone();
        set_param(&mut without, "undated", None);
        chips.push(Chip {
            label: "Ngày",
            value: "cả bản tin không rõ ngày".to_owned(),
            without,
        });
    }
    chips
}

/// The values of a filter that may be given several times.
fn list_mut<'a>(params: &'a mut SearchParams, name: &str) -> Option<&'a mut Vec<String>> {
    match name {
        "province" => Some(&mut params.province),
        "not_province" => Some(&mut params.not_province),
        "unit" => Some(&mut params.unit),
        "not_unit" => Some(&mut params.not_unit),
        _ => None,
    }
}

/// Every change of filter goes back to the first page.
fn first_page(params: &mut SearchParams) {
    params.page = None;
    params.offset = None;
}

/// Sets one single-valued filter.
fn set_param(params: &mut SearchParams, name: &str, value: Option<String>) {
    match name {
        "year" => params.year = value,
        "from" => params.from = value,
        "to" => params.to = value,
        "undated" => params.undated = value,
        _ => {}
    }
    first_page(params);
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

/// How a value of a facet (`province` or `unit`) stands in the search.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Open,
    Chosen,
    Excluded,
}

fn choice(params: &SearchParams, name: &str, value: &str) -> Choice {
    let mut params = params.clone();
    let excluded = format!("not_{name}");
    let holds = |list: Option<&mut Vec<String>>| {
        list.is_some_and(|list| list.iter().any(|v| same_value(name, v, value)))
    };
    if holds(list_mut(&mut params, name)) {
        Choice::Chosen
    } else if holds(list_mut(&mut params, &excluded)) {
        Choice::Excluded
    } else {
        Choice::Open
    }
}

/// The search with `value` of facet `name` chosen besides the others already chosen, or,
/// chosen already, no longer chosen.
fn toggled(params: &SearchParams, name: &str, value: &str) -> String {
    flipped(params, value, name, &format!("not_{name}"))
}

/// The search with `value` of facet `name` excluded, or, excluded already, no longer.
fn excluding(params: &SearchParams, name: &str, value: &str) -> String {
    flipped(params, value, &format!("not_{name}"), name)
}

/// The search with `value` put in the list `into` (and out of `out_of`), or taken out of
/// `into` when it is there already; back to the first page.
fn flipped(params: &SearchParams, value: &str, into: &str, out_of: &str) -> String {
    let mut params = params.clone();
    if let Some(list) = list_mut(&mut params, out_of) {
        list.retain(|v| !same_value(out_of, v, value));
    }
    if let Some(list) = list_mut(&mut params, into) {
        if list.iter().any(|v| same_value(into, v, value)) {
            list.retain(|v| !same_value(into, v, value));
        } else {
            list.push(value.to_owned());
        }
    }
    first_page(&mut params);
    page_href(&params)
}

fn facet_sidebar(params: &SearchParams, facets: &Facets) -> Markup {
    html! {
        aside.facets #facets aria-label="Lọc kết quả" {
            @if facets.counts == Counted::Stories {
                p.facets-note {
                    "Đếm theo sự việc: các bản tin trùng nhau tính một lần."
                }
            }
            section aria-labelledby="facet-province" {
                h2 #facet-province { "Tỉnh/thành" }
                (province_tree(params, &facets.province, facets.unknown.province))
            }
            section aria-labelledby="facet-unit" {
                h2 #facet-unit { "Đơn vị" }
                (unit_tree(params, &facets.unit, facets.unknown.unit))
            }
            section aria-labelledby="facet-date" {
                h2 #facet-date { "Thời gian" }
                (date_bars(params, &facets.date, facets.unknown.date))
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

/// One value of a facet that may hold several: a link that chooses it besides the others
/// chosen (or lets it go), and one that excludes it. `value` is what the filter is given,
/// `label` what the reader sees.
fn facet_choice(params: &SearchParams, name: &str, value: &str, label: &str, count: u64) -> Markup {
    let state = choice(params, name, value);
    let chosen = state == Choice::Chosen;
    let excluded = state == Choice::Excluded;
    let count = thousands(count as usize);
    html! {
        span.choice {
            a.facet.selected[chosen].excluded[excluded] href=(toggled(params, name, value))
                role="checkbox" aria-checked=(if chosen { "true" } else { "false" }) {
                span.check aria-hidden="true" { @if chosen { "☑" } @else { "☐" } }
                span.name { (label) }
                @if excluded { span.visually-hidden { " (đang loại trừ)" } }
                span.count { (count) }
            }
            @if !chosen {
                a.exclude href=(excluding(params, name, value))
                    title=(if excluded { format!("Thôi loại trừ {label}") } else { format!("Loại trừ {label}") }) {
                    span aria-hidden="true" { @if excluded { "↺" } @else { "−" } }
                    span.visually-hidden { @if excluded { "Thôi loại trừ " } @else { "Loại trừ " } (label) }
                }
            }
        }
    }
}

/// The entry of the matches with no value in a facet, when there are any.
fn unknown_choice(params: &SearchParams, name: &str, count: u64) -> Option<Markup> {
    let shown = count > 0 || choice(params, name, UNKNOWN) != Choice::Open;
    shown.then(|| html! { li.unknown { (facet_choice(params, name, UNKNOWN, UNKNOWN, count)) } })
}

/// Today's provinces, each with the provinces as named then that it took in, and the
/// matches with no province.
fn province_tree(params: &SearchParams, counts: &[FacetCount], unknown: u64) -> Markup {
    let mut items: Vec<Markup> = two_levels(counts)
        .into_iter()
        .map(|(today, then)| {
            let name = leaf(&today.path);
            let older: Vec<&FacetCount> = then
                .into_iter()
                .filter(|c| leaf(&c.path) != name)
                .collect();
            html! {
                li {
                    (facet_choice(params, "province", name, name, today.count))
                    @if !older.is_empty() {
                        ul {
                            @for old in older {
                                li { (facet_choice(params, "province", leaf(&old.path), leaf(&old.path), old.count)) }
                            }
                        }
                    }
                }
            }
        })
        .collect();
    items.extend(unknown_choice(params, "province", unknown));
    capped_list(items)
}

/// Units with their sub-units (a sub-unit filters by its whole path), and the matches
/// with no unit. A long list of sub-units opens with "Xem thêm".
fn unit_tree(params: &SearchParams, counts: &[FacetCount], unknown: u64) -> Markup {
    let mut items: Vec<Markup> = two_levels(counts)
        .into_iter()
        .map(|(unit, subunits)| {
            let name = leaf(&unit.path);
            let subunits: Vec<Markup> = subunits
                .into_iter()
                .map(|sub| {
                    let path = sub.path.join("/");
                    html! { li { (facet_choice(params, "unit", &path, leaf(&sub.path), sub.count)) } }
                })
                .collect();
            html! {
                li {
                    (facet_choice(params, "unit", name, name, unit.count))
                    @if !subunits.is_empty() {
                        (capped_sublist(subunits))
                    }
                }
            }
        })
        .collect();
    items.extend(unknown_choice(params, "unit", unknown));
    capped_list(items)
}

/// Sub-units: the first few open, the rest behind "Xem thêm".
fn capped_sublist(items: Vec<Markup>) -> Markup {
    let rest = items.len().saturating_sub(SUBUNITS_SHOWN);
    let mut items = items.into_iter();
    let shown: Vec<Markup> = items.by_ref().take(SUBUNITS_SHOWN).collect();
    html! {
        ul { @for item in shown { (item) } }
        @if rest > 0 {
            details.more {
                summary { "Xem thêm " (rest) }
                ul { @for item in items { (item) } }
            }
        }
    }
}

/// Years as bars to click; the months of the year being looked at as bars too.
fn date_bars(params: &SearchParams, counts: &[FacetCount], undated: u64) -> Markup {
    let years = two_levels(counts);
    let only_undated = present(&params.undated).is_some()
        && [&params.year, &params.from, &params.to]
            .iter()
            .all(|v| present(v).is_none());
    let undated_entry = (undated > 0 || only_undated).then(|| {
        let mut toggled = params.clone();
        if only_undated {
            set_param(&mut toggled, "undated", None);
        } else {
            for name in ["year", "from", "to"] {
                set_param(&mut toggled, name, None);
            }
            set_param(&mut toggled, "undated", Some("true".to_owned()));
        }
        html! {
            p.undated-entry {
                (facet_link(page_href(&toggled), "Không rõ ngày", undated, only_undated))
                @if only_undated {
                    " " a href=(page_href(&toggled)) { "bỏ chọn" }
                }
            }
        }
    });
    if years.is_empty() {
        return html! {
            @if let Some(entry) = undated_entry { (entry) } @else { p.empty { "Không rõ ngày" } }
        };
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
            let href = if selected {
                let mut without = params.clone();
                set_param(&mut without, "year", None);
                page_href(&without)
            } else {
                with_filter(params, "year", y)
            };
            bar(
                href,
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
        @if let Some(entry) = undated_entry { (entry) }
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

/// A period of the time chart filters as a range of itself (a year or a month), undated
/// bulletins left out.
fn period_href(params: &SearchParams, period: &str) -> String {
    let mut params = params.clone();
    set_param(&mut params, "undated", None);
    month_href(&params, period)
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
    related: &[crate::search::related::Related],
) -> Markup {
    let filter_link = |name: &str, value: &str| {
        let mut only = SearchParams::default();
        if let Some(values) = list_mut(&mut only, name) {
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
    let suggestions: Vec<(String, String)> = error
        .page_message
        .iter()
        .flat_map(|message| &message.suggestions)
        .map(|suggestion| {
            let mut fixed = params.clone();
            if let Some(values) = list_mut(&mut fixed, suggestion.param) {
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

pub(super) fn bulletin_href(id: &str, params: &SearchParams) -> String {
    let path = format!("/bulletins/{}", utf8_percent_encode(id, PATH_SEGMENT));
    let query = params.to_query_string();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Only `http` and `https` addresses become links (never `javascript:`).
pub(super) fn is_web_address(url: &str) -> bool {
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
        let html = date_bars(&SearchParams::default(), &years, 0).into_string();
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

    #[test]
    fn a_facet_value_is_chosen_besides_others_and_excluded_apart() {
        let params = SearchParams {
            q: Some("cháy".into()),
            province: vec!["Nghệ An".into()],
            page: Some("2".into()),
            ..Default::default()
        };
        // Another value joins the first; a chosen one, typed without accents, is let go.
        assert_eq!(
            toggled(&params, "province", "Hà Tĩnh"),
            "/?q=ch%C3%A1y&province=Ngh%E1%BB%87+An&province=H%C3%A0+T%C4%A9nh"
        );
        let typed = SearchParams {
            province: vec!["nghe an".into()],
            ..params.clone()
        };
        assert_eq!(toggled(&typed, "province", "Nghệ An"), "/?q=ch%C3%A1y");
        // Excluding a chosen value moves it to the exclusions, and back.
        let excluded = "/?q=ch%C3%A1y&not_province=Ngh%E1%BB%87+An";
        assert_eq!(excluding(&params, "province", "Nghệ An"), excluded);
        let back = SearchParams::from_query(&excluded[2..]).expect("parameters");
        assert!(choice(&back, "province", "nghe an") == Choice::Excluded);
        assert_eq!(excluding(&back, "province", "Nghệ An"), "/?q=ch%C3%A1y");
        let html = facet_choice(&back, "province", "Nghệ An", "Nghệ An", 7).into_string();
        assert!(
            html.contains("đang loại trừ") && html.contains("Thôi loại trừ"),
            "{html}"
        );
    }
}
