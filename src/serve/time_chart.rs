//! The matches of a search over time, drawn on the results page: one bar per month (per
//! year over a span of more than ten years) as inline SVG, each a link that filters to its
//! period, with its count in its title, and the same counts as a table for screen readers
//! and for reading exact numbers. No script: the page draws it as HTML.

use maud::{html, Markup};

use crate::index::stats::FacetCount;

/// Months drawn one bar each; a longer span is drawn by year.
const MAX_MONTH_BARS: usize = 120;
/// The drawing's size in its own units; it scales to the page's width.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;
/// Room under the bars for the year labels.
const AXIS: f64 = 16.0;

/// One period of the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// `2024` or `2024-07`: what a date filter takes.
    pub value: String,
    /// How the reader reads it: `2024`, `7/2024`.
    pub label: String,
    pub count: u64,
}

/// The periods of a date facet (years, each followed by its months), from the first to
/// the last, months without matches included as zero; by year when the months span more
/// than [`MAX_MONTH_BARS`] or the dates have no months.
pub fn periods(counts: &[FacetCount]) -> Vec<Period> {
    let mut years: Vec<(i32, u64)> = Vec::new();
    let mut months: Vec<(i32, u32, u64)> = Vec::new();
    for count in counts {
        match count.path.as_slice() {
            [year] => {
                if let Ok(year) = year.parse() {
                    years.push((year, count.count));
                }
            }
            [year, month] => {
                if let (Ok(year), Ok(month)) = (year.parse(), month.parse()) {
                    months.push((year, month, count.count));
                }
            }
            _ => {}
        }
    }
    years.sort_unstable();
    months.sort_unstable();
    let by_month = match (months.first(), months.last()) {
        (Some(first), Some(last)) => {
            let span = (last.0 - first.0) as usize * 12 + last.1 as usize - first.1 as usize + 1;
            let dated_to_the_year: u64 =
                years.iter().map(|y| y.1).sum::<u64>() - months.iter().map(|m| m.2).sum::<u64>();
            (span <= MAX_MONTH_BARS && dated_to_the_year == 0).then_some((*first, span))
        }
        _ => None,
    };
    if let Some(((year, month, _), span)) = by_month {
        return (0..span)
            .map(|step| {
                let at = (month - 1) as usize + step;
                let (y, m) = (year + (at / 12) as i32, at % 12 + 1);
                let count = months
                    .iter()
                    .find(|(yy, mm, _)| *yy == y && *mm as usize == m)
                    .map_or(0, |found| found.2);
                Period {
                    value: format!("{y}-{m:02}"),
                    label: format!("{m}/{y}"),
                    count,
                }
            })
            .collect();
    }
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return Vec::new();
    };
    (first.0..=last.0)
        .map(|y| Period {
            value: y.to_string(),
            label: y.to_string(),
            count: years.iter().find(|found| found.0 == y).map_or(0, |f| f.1),
        })
        .collect()
}

/// The chart of `periods`, each bar linking to `href(period)`, their counts of `what`
/// (`sự việc`, stories, or `bản tin`, bulletins); nothing for fewer than two periods.
pub fn chart(periods: &[Period], what: &str, href: impl Fn(&Period) -> String) -> Markup {
    if periods.len() < 2 {
        return html! {};
    }
    let max = periods.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let slot = WIDTH / periods.len() as f64;
    let bar = (slot * 0.8).max(0.5);
    let plot = HEIGHT - AXIS;
    let total: u64 = periods.iter().map(|p| p.count).sum();
    let monthly = periods[0].value.contains('-');
    html! {
        figure.time-chart {
            figcaption {
                "Số " (what) " theo " (if monthly { "tháng" } else { "năm" })
                " (cao nhất " (max) ", tổng " (total) ")"
            }
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img"
                aria-label=(format!("Biểu đồ số {what} từ {} đến {}", periods[0].label, periods[periods.len() - 1].label))
                preserveAspectRatio="none" {
                line x1="0" y1=(plot) x2=(WIDTH) y2=(plot) class="axis" {}
                @for (at, period) in periods.iter().enumerate() {
                    @let height = period.count as f64 / max as f64 * (plot - 4.0);
                    @let x = at as f64 * slot + (slot - bar) / 2.0;
                    a href=(href(period)) {
                        title { (period.label) ": " (period.count) " " (what) }
                        rect x=(format!("{x:.2}")) y=(format!("{:.2}", plot - height)) width=(format!("{bar:.2}"))
                            height=(format!("{height:.2}")) class="bar" {}
                    }
                    @if !monthly || period.value.ends_with("-01") || at == 0 {
                        text x=(format!("{:.2}", at as f64 * slot)) y=(HEIGHT - 3.0) class="tick" {
                            (period.label.rsplit('/').next().unwrap_or(&period.label))
                        }
                    }
                }
            }
            details {
                summary { "Xem bảng số liệu" }
                table {
                    thead { tr { th scope="col" { (if monthly { "Tháng" } else { "Năm" }) } th scope="col" { "Số " (what) } } }
                    tbody {
                        @for period in periods {
                            tr { td { a href=(href(period)) { (period.label) } } td { (period.count) } }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(path: &[&str], count: u64) -> FacetCount {
        FacetCount {
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            count,
        }
    }

    #[test]
    fn months_run_from_the_first_to_the_last_with_empty_months_as_zero() {
        let counts = [
            count(&["2024"], 3),
            count(&["2024", "02"], 3),
            count(&["2023"], 2),
            count(&["2023", "11"], 2),
        ];
        let periods = periods(&counts);
        let shown: Vec<(&str, u64)> = periods
            .iter()
            .map(|p| (p.value.as_str(), p.count))
            .collect();
        assert_eq!(
            shown,
            [
                ("2023-11", 2),
                ("2023-12", 0),
                ("2024-01", 0),
                ("2024-02", 3)
            ]
        );
        assert_eq!(periods[3].label, "2/2024");
    }

    #[test]
    fn long_spans_and_dates_to_the_year_go_by_year() {
        let long = [
            count(&["2000"], 1),
            count(&["2000", "01"], 1),
            count(&["2015"], 1),
            count(&["2015", "01"], 1),
        ];
        assert_eq!(periods(&long).len(), 16);
        assert_eq!(periods(&long)[0].value, "2000");
        // 2019 has one bulletin dated to the year only: its months cannot hold it.
        let yearly = [
            count(&["2019"], 2),
            count(&["2019", "05"], 1),
            count(&["2018"], 1),
            count(&["2018", "05"], 1),
        ];
        let values: Vec<String> = periods(&yearly).into_iter().map(|p| p.value).collect();
        assert_eq!(values, ["2018", "2019"]);
    }

    #[test]
    fn the_chart_links_every_bar_and_repeats_its_counts_in_a_table() {
        let periods = periods(&[
            count(&["2024"], 5),
            count(&["2024", "01"], 2),
            count(&["2024", "03"], 3),
        ]);
        let html = chart(&periods, "bản tin", |p| format!("/?from={}", p.value)).into_string();
        for expected in [
            "<title>1/2024: 2 bản tin</title>",
            "<title>2/2024: 0 bản tin</title>",
            "href=\"/?from=2024-03\"",
            "<td>3</td>",
            "Số bản tin theo tháng",
        ] {
            assert!(html.contains(expected), "{expected}: {html}");
        }
        assert_eq!(
            chart(&periods[..1], "bản tin", |_| String::new()).into_string(),
            ""
        );
    }

    #[test]
    fn the_chart_says_what_it_counts() {
        let periods = periods(&[count(&["2024"], 2), count(&["2023"], 1)]);
        let html = chart(&periods, "sự việc", |p| format!("/?from={}", p.value)).into_string();
        for expected in [
            "<title>2024: 2 sự việc</title>",
            "Số sự việc theo năm",
            "<th scope=\"col\">Số sự việc</th>",
        ] {
            assert!(html.contains(expected), "{expected}: {html}");
        }
        assert!(!html.contains("bản tin"), "{html}");
    }
}
