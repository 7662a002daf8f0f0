//! Text as the page writes it: marked ranges, dates and numbers the Vietnamese way, and
//! the labels of provinces and orders.

use maud::{html, Markup};

use crate::search::SortOrder;

/// `text` with the byte ranges in `<mark>`; ranges that do not fall on characters in order
/// are left out rather than cut a character.
pub(super) fn marked(text: &str, ranges: &[[usize; 2]]) -> Markup {
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

/// `2024-07-11` → `11/07/2024`, `2024-07` → `07/2024`, `2024` stays.
pub(super) fn vi_date(date: &str) -> String {
    let mut parts: Vec<&str> = date.split('-').collect();
    parts.reverse();
    parts.join("/")
}

/// `Hưng Yên`, or `Hưng Yên (Thái Bình)` when it was named otherwise then.
pub(super) fn province_label(path: &[String]) -> String {
    match path {
        [today, then] if today != then => format!("{today} ({then})"),
        [today, ..] => today.clone(),
        [] => String::new(),
    }
}

pub(super) fn sort_label(sort: SortOrder) -> &'static str {
    match sort {
        SortOrder::Relevance => "liên quan nhất",
        SortOrder::Newest => "mới nhất trước",
        SortOrder::Oldest => "cũ nhất trước",
    }
}

/// `128.000`: Vietnamese groups thousands with dots.
pub(super) fn thousands(n: usize) -> String {
    crate::text::group_digits(n, '.')
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
    fn numbers_and_dates_read_the_vietnamese_way() {
        assert_eq!(thousands(128_000), "128.000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1.000.000");
        assert_eq!(vi_date("2024-07-11"), "11/07/2024");
        assert_eq!(vi_date("2024-07"), "07/2024");
    }
}
