//! The snippets and highlights of queries in small texts.

use super::fragments::window;
use super::*;
use crate::search::parse::parse_query;

#[test]
fn utf16_ranges_count_what_javascript_counts() {
    // `ma túy`: `ú` is two bytes and one UTF-16 unit; `🚓` four bytes and two units.
    let text = "🚓 ma túy ở đây";
    let ma = text.find("ma").expect("ma");
    let tuy = text.find("túy").expect("túy");
    let ranges = [[ma, ma + 2], [tuy, tuy + "túy".len()]];
    assert_eq!(utf16_ranges(text, &ranges), [[3, 5], [6, 9]]);
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&units[6..9]), "túy");
    // Ranges inside a character, backwards or past the end are left out.
    assert_eq!(
        utf16_ranges(text, &[[1, 2], [5, 3], [0, 999]]),
        Vec::<[usize; 2]>::new()
    );
}

fn marked(query: &str, text: &str) -> Vec<String> {
    let accented = crate::text::has_diacritics(query);
    let highlighter = Highlighter::from_clauses(&parse_query(query).expect("valid"), accented);
    let lone_words = highlighter.marks_lone_words(text, "");
    highlighter
        .highlights(text, lone_words)
        .iter()
        .map(|[s, e]| text[*s..*e].to_owned())
        .collect()
}

#[test]
fn a_huge_body_is_read_for_its_first_megabyte_only() {
    let paragraph = "Công an huyện tuần tra kiểm soát giao thông trên quốc lộ.\n";
    let filler = paragraph.repeat(SCANNED_BYTES / paragraph.len() + 10);
    let early = format!("Bắt đối tượng tàng trữ ma túy.\n{filler}");
    let late = format!("{filler}Bắt đối tượng tàng trữ ma túy.\n");
    let highlighter = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false);
    let marked_in = |body: &str| -> Vec<String> {
        let (_, snippets) = highlighter.bulletin("Tin", body, 1);
        assert_eq!(snippets.len(), 1);
        let snippet = &snippets[0];
        snippet
            .highlights
            .iter()
            .map(|[s, e]| snippet.text[*s..*e].to_owned())
            .collect()
    };
    assert_eq!(marked_in(&early), ["ma túy"]);
    assert!(marked_in(&late).is_empty(), "read past the first megabyte");
}

#[test]
fn scanned_text_ends_at_a_line_or_a_character() {
    assert_eq!(scanned("ngắn"), "ngắn");
    let lines = "dòng một\n".repeat(SCANNED_BYTES / 8);
    let head = scanned(&lines);
    assert!(head.len() <= SCANNED_BYTES && head.len() > SCANNED_BYTES - 20);
    assert!(head.ends_with("dòng một"), "{:?}", &head[head.len() - 20..]);
    let one_line = "đ".repeat(SCANNED_BYTES);
    let head = scanned(&one_line);
    assert!(head.len() == SCANNED_BYTES && head.chars().all(|c| c == 'đ'));
}

#[test]
fn unaccented_query_highlights_every_spelling() {
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("ma túy").collect();
    let text = format!("ma túy, ma tuý và {nfd}");
    assert_eq!(marked("ma tuy", &text), ["ma túy", "ma tuý", nfd.as_str()]);
}

#[test]
fn phrases_highlight_only_whole() {
    let text = "Công an tỉnh bảo đảm an ninh trật tự. Từ nay";
    assert_eq!(marked("\"an ninh trật tự\"", text), ["an ninh trật tự"]);
    assert_eq!(
        marked("ANTT", "bảo đảm ANTT và an ninh trật tự; Từ đó"),
        ["ANTT", "an ninh trật tự"]
    );
}

#[test]
fn accented_query_highlights_exact_forms_and_falls_back_to_folded() {
    // From the corpus: "đường dây ma túy" highlighted "Đây" before exact matching.
    assert_eq!(
        marked("đường dây", "Đây là đường dây tội phạm"),
        ["đường dây"]
    );
    assert_eq!(marked("đường", "tỉnh Bình Dương"), ["Dương"]);
    assert_eq!(marked("Thanh Hoá", "ở Thanh Hóa"), ["Thanh Hóa"]);
}

#[test]
fn free_words_together_highlight_as_a_phrase() {
    // From the seeds: `an ninh trat tu` marked every `an` of `Công an`.
    let text = "Bộ Công an kiểm tra mô hình về an ninh trật tự";
    assert_eq!(marked("an ninh trat tu", text), ["an ninh trật tự"]);
    // Where some of them stand together, a lone `an` is not what matched.
    assert_eq!(
        marked("an ninh trat tu", "Công an bảo đảm trật tự"),
        ["trật tự"]
    );
    assert_eq!(marked("an ninh trat tu", "Công an bảo đảm ANTT"), ["ANTT"]);
}

#[test]
fn a_lone_word_of_a_long_query_does_not_light_up_look_alikes() {
    let text = "Nhóm lừa đảo chiếm đoạt tài sản của nhiều người, sau đó gửi quà.";
    assert_eq!(
        marked("lua dao chiem doat tai san qua mang", text),
        ["lừa đảo chiếm đoạt tài sản"]
    );
    assert_eq!(
        marked(
            "tai san qua mang",
            "Tài sản bị chiếm qua mạng xã hội; quà tặng"
        ),
        ["Tài sản", "qua mạng"]
    );
}

#[test]
fn words_apart_light_up_only_in_a_bulletin_where_they_never_stand_together() {
    assert_eq!(
        marked("ma tuy", "Mã số 5. Tuy nhiên chưa rõ."),
        ["Mã", "Tuy"]
    );
    let body = "Tuy nhiên, mã vụ việc còn phức tạp.\nBắt giữ đối tượng mua bán ma túy.";
    let highlighter = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false);
    let snippets = highlighter.bulletin("", body, 2).1;
    assert_eq!(snippets.len(), 1, "{snippets:?}");
    assert_eq!(snippets[0].text, "Bắt giữ đối tượng mua bán ma túy.");
    let marked: Vec<&str> = snippets[0]
        .highlights
        .iter()
        .map(|[s, e]| &snippets[0].text[*s..*e])
        .collect();
    assert_eq!(marked, ["ma túy"]);
}

#[test]
fn excluded_words_are_not_highlighted() {
    assert_eq!(marked("ma -túy", "ma túy"), ["ma"]);
}

#[test]
fn snippets_prefer_the_paragraph_with_most_matches() {
    let body = "Mở đầu không liên quan.\n\nMột lần ma túy.\n\nMa túy và ma túy đá.";
    let highlighter = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false);
    let snippets = highlighter.bulletin("", body, 2).1;
    assert_eq!(snippets[0].text, "Ma túy và ma túy đá.");
    assert!(body[snippets[0].offset..].starts_with("Ma túy và"));
    assert_eq!(snippets[0].highlights, [[0, 7], [12, 19]]);
    assert_eq!(snippets[1].text, "Một lần ma túy.");
}

#[test]
fn window_keeps_context_and_cuts_at_spaces() {
    let paragraph = format!("{} ma túy {}", "chữ ".repeat(50), "sau ".repeat(80));
    let highlights = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false)
        .highlights(&paragraph, true);
    let snippet = window(&paragraph, 0, &highlights);
    assert!(snippet.text.starts_with("chữ") && snippet.text.contains("ma túy"));
    assert!(snippet.text.chars().count() <= SNIPPET_CHARS);
    let [s, e] = snippet.highlights[0];
    assert_eq!(&snippet.text[s..e], "ma túy");
}

#[test]
fn snippets_prefer_the_paragraph_where_the_words_stand_together() {
    let body = "an ninh, an toàn, trật tự, an cư, trật tự.\n\nBảo đảm an ninh trật tự.";
    let highlighter =
        Highlighter::from_clauses(&parse_query("an ninh trat tu").expect("valid"), false);
    assert_eq!(
        highlighter.bulletin("", body, 1).1[0].text,
        "Bảo đảm an ninh trật tự."
    );
}

#[test]
fn filter_only_search_shows_the_opening() {
    let snippets = Highlighter::default()
        .bulletin("", "Dòng đầu.\nDòng hai.", 1)
        .1;
    assert_eq!(snippets[0].text, "Dòng đầu.");
    assert!(snippets[0].highlights.is_empty());
}
