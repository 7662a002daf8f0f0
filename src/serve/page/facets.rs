//! The facet sidebar: provinces and units as trees of values to choose or exclude, the
//! date bars, and the words and names that stand out in the matches.

use maud::{html, Markup};

use super::date_bars::date_bars;
use super::format::thousands;
use super::links::{choice, excluding, page_href, toggled, Choice};
use crate::index::stats::FacetCount;
use crate::search::{Counted, Facets, SignificantWord, UNKNOWN};
use crate::serve::params::present;
use crate::serve::SearchParams;

/// Facet values shown before "Xem thêm" (more).
const FACET_SHOWN: usize = 12;
/// Sub-units of a unit shown before "Xem thêm".
const SUBUNITS_SHOWN: usize = 4;

pub(super) fn facet_sidebar(params: &SearchParams, facets: &Facets) -> Markup {
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
pub(super) fn two_levels(counts: &[FacetCount]) -> Vec<(&FacetCount, Vec<&FacetCount>)> {
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

pub(super) fn leaf(path: &[String]) -> &str {
    path.last().map_or("", String::as_str)
}

/// A facet list, its first [`FACET_SHOWN`] entries open and the rest behind "Xem thêm".
fn capped_list(items: Vec<Markup>) -> Markup {
    capped_list_of("tree", items)
}

/// [`capped_list`] with the list's CSS class.
pub(super) fn capped_list_of(class: &str, items: Vec<Markup>) -> Markup {
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

pub(super) fn facet_link(href: String, label: &str, count: u64, selected: bool) -> Markup {
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

#[cfg(test)]
mod tests {
    use super::*;

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
