//! The filters in use as chips above the results, each a link to the search without it:
//! the same list tells a search that found nothing which filters to try leaving out.

use maud::{html, Markup};

use super::links::{first_page, page_href, set_param};
use crate::serve::params::{present, Role};
use crate::serve::SearchParams;

/// One removable chip per active filter value, and one to remove them all.
pub(super) fn chips(params: &SearchParams) -> Markup {
    let active = active_filters(params);
    if active.is_empty() {
        return html! {};
    }
    let mut none = params.clone();
    none.clear(Role::Filter);
    first_page(&mut none);
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
pub(super) struct Chip {
    pub(super) label: &'static str,
    pub(super) value: String,
    pub(super) without: SearchParams,
}

/// Each filter value in use, with its Vietnamese label.
pub(super) fn active_filters(params: &SearchParams) -> Vec<Chip> {
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
            if let Some(list) = without.values_mut(name) {
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
