//! The results column: what the index holds before anything is asked, then the summary of
//! a search (corrections, how words matched, undated matches, filters worth dropping), the
//! hits and the pager.

use maud::{html, Markup};

use super::chips::chips;
use super::facets::facet_sidebar;
use super::format::{marked, province_label, sort_label, thousands, vi_date};
use super::layout::layout;
use super::links::{bulletin_href, first_page, page_href, period_href};
use crate::index::stats::IndexStats;
use crate::search::export::ExportFormat;
use crate::search::{Counted, Facets, Hit, Matching, SearchResults, SortOrder};
use crate::serve::params::present;
use crate::serve::SearchParams;

/// A search that found nothing, with one filter value left out: what the reader would find.
pub(super) struct Relaxed {
    /// The value left out (`Nghệ An`, `năm 2018`).
    pub(super) left_out: String,
    pub(super) href: String,
    pub(super) total: usize,
}

pub(super) fn landing_view(params: &SearchParams, stats: IndexStats) -> Markup {
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

pub(super) struct ResultsView<'a> {
    pub(super) params: &'a SearchParams,
    pub(super) results: &'a SearchResults,
    /// With no results: what leaving out each filter value would find.
    pub(super) relaxed: &'a [Relaxed],
    pub(super) limit: usize,
    pub(super) depth: usize,
}

impl ResultsView<'_> {
    pub(super) fn render(&self) -> Markup {
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
                    a.export href=(crate::serve::export::export_href(self.params, ExportFormat::Csv))
                        download { "Tải CSV" }
                }
            }
            (self.undated_note())
            @if let Some(facets) = &self.results.facets {
                @let counted = if facets.counts == Counted::Stories { "sự việc" } else { "bản tin" };
                (crate::serve::time_chart::chart(&crate::serve::time_chart::periods(&facets.timeline), counted, |period| {
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
