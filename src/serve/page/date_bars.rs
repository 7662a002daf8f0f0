//! The date facet: years as bars to click, the months of the year looked at, and the
//! matches with no date.

use maud::{html, Markup};

use super::facets::{capped_list_of, facet_link, leaf, two_levels};
use super::format::thousands;
use super::links::{month_href, page_href, set_param, with_filter};
use crate::index::stats::FacetCount;
use crate::serve::params::present;
use crate::serve::SearchParams;

/// Years as bars to click; the months of the year being looked at as bars too.
pub(super) fn date_bars(params: &SearchParams, counts: &[FacetCount], undated: u64) -> Markup {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
