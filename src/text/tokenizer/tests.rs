//! Tests of `tokenizer`.

use super::*;

/// (position, from, to, exact, folded) for every syllable of `text`, checking that an
/// exact token follows its folded one only when the forms differ, at the same place.
fn syllables(text: &str) -> Vec<(usize, usize, usize, String, String)> {
    let mut tokenizer = VietnameseTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    let mut out: Vec<(usize, usize, usize, String, String)> = Vec::new();
    while stream.advance() {
        let token = stream.token();
        match token.text.strip_prefix(EXACT_MARK) {
            Some(exact) => {
                let last = out
                    .last_mut()
                    .expect("an exact token follows its folded one");
                assert_eq!(
                    (last.0, last.1, last.2),
                    (token.position, token.offset_from, token.offset_to)
                );
                assert_ne!(last.4, exact, "exact token equal to the folded one");
                last.3 = exact.to_owned();
            }
            None => out.push((
                token.position,
                token.offset_from,
                token.offset_to,
                token.text.clone(),
                token.text.clone(),
            )),
        }
    }
    out
}

/// Every token of `text` as (position, from, to, text), through the fast path or UAX #29.
fn all_tokens(text: &str, uax29_everywhere: bool) -> Vec<(usize, usize, usize, String)> {
    let mut tokenizer = VietnameseTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    stream.uax29_everywhere = uax29_everywhere;
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
    }
    out
}

fn assert_fast_path_agrees(text: &str) {
    let fast = all_tokens(text, false);
    let reference = all_tokens(text, true);
    if fast != reference {
        let at = fast
            .iter()
            .zip(&reference)
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let from = fast.get(at).or(reference.get(at)).map_or(0, |t| t.1);
        let context: String = text[from..].chars().take(40).collect();
        panic!(
            "fast path differs from UAX #29 at token {at}: {:?} vs {:?} in {context:?}",
            fast.get(at),
            reference.get(at)
        );
    }
}

#[test]
fn fast_path_agrees_with_uax29_on_tricky_text() {
    for text in [
        "1.799 đối tượng, 80,38% và 1..2 hoặc 1,2,3 a1.2 1.a",
        "TP.HCM, Q.1 (TP. Hồ Chí Minh); email a.b@c.vn #tag",
        "“đột xuất”, ‘bất ngờ’ – ... 12-NQ/TW 06/CP 27/3/2024",
        "Thanh Hoá\u{00a0}ma tuý · naïve café Ñoño l’ANTT",
    ] {
        assert_fast_path_agrees(text);
    }
}

#[test]
#[ignore = "needs ../shared/corpus; .ci/run runs it where the corpus exists"]
fn fast_path_agrees_with_uax29_on_the_corpus() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/vietnews.jsonl.xz");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = std::io::BufReader::new(xz2::read::XzDecoder::new(file));
    for line in std::io::BufRead::lines(reader).take(3000) {
        let line = line.expect("corpus decompresses");
        let value: serde_json::Value = serde_json::from_str(&line).expect("corpus line is JSON");
        assert_fast_path_agrees(value["body"].as_str().unwrap_or_default());
    }
}

fn texts(text: &str) -> Vec<String> {
    syllables(text).into_iter().map(|s| s.3).collect()
}

#[test]
fn positions_and_offsets_of_a_seed_phrase() {
    // seed 000: "Tội phạm về ma túy đã được đấu tranh"
    let text = "Tội phạm về ma túy";
    assert_eq!(&text[6..12], "phạm");
    assert_eq!(
        syllables(text),
        vec![
            (0, 0, 5, "tội".into(), "toi".into()),
            (1, 6, 12, "phạm".into(), "pham".into()),
            (2, 13, 17, "về".into(), "ve".into()),
            (3, 18, 20, "ma".into(), "ma".into()),
            (4, 21, 25, "túy".into(), "tuy".into()),
        ]
    );
}

#[test]
fn offsets_point_into_decomposed_original() {
    let text: String = unicode_normalization::UnicodeNormalization::nfd("ma túy").collect();
    let tokens = syllables(&text);
    assert_eq!(tokens[1].3, "túy");
    assert_eq!(
        &text[tokens[1].1..tokens[1].2],
        unicode_normalization::UnicodeNormalization::nfd("túy").collect::<String>()
    );
}

#[test]
fn numbers_with_separators_stay_whole() {
    // seed 000: "(80,38%)", seed 001: "1.113 vụ, 5.021 đối tượng"
    assert_eq!(
        texts("đạt tỷ lệ cao (80,38%)"),
        ["đạt", "tỷ", "lệ", "cao", "80,38"]
    );
    assert_eq!(
        texts("1.113 vụ, 5.021 đối tượng"),
        ["1.113", "vụ", "5.021", "đối", "tượng"]
    );
}

#[test]
fn dates_split_into_day_and_month() {
    // seed 000: "Sáng 11/7," seed 001: "Ngày 28/9/2023,"
    assert_eq!(texts("Sáng 11/7,"), ["sáng", "11", "7"]);
    assert_eq!(texts("Ngày 28/9/2023,"), ["ngày", "28", "9", "2023"]);
}

#[test]
fn document_codes_become_consecutive_tokens() {
    // seed 000: "Nghị quyết số 12-NQ/TW", "Đề án 06"
    let tokens = syllables("Nghị quyết số 12-NQ/TW của");
    let code: Vec<_> = tokens[3..6].iter().map(|t| (t.0, t.3.as_str())).collect();
    assert_eq!(code, [(3, "12"), (4, "nq"), (5, "tw")]);
    assert_eq!(texts("Đề án 06/CP"), ["đề", "án", "06", "cp"]);
}

#[test]
fn dotted_abbreviations_split() {
    assert_eq!(texts("TP.HCM"), ["tp", "hcm"]);
    assert_eq!(
        texts("Công an TP. Hưng Yên"),
        ["công", "an", "tp", "hưng", "yên"]
    );
}

#[test]
fn quotes_and_apostrophes_do_not_stick() {
    // seed 004: "phong trào thi đua 'Vì an ninh Tổ quốc'"
    assert_eq!(
        texts("'Vì an ninh Tổ quốc'"),
        ["vì", "an", "ninh", "tổ", "quốc"]
    );
    assert_eq!(texts("“đột xuất”"), ["đột", "xuất"]);
}

#[test]
fn both_tone_placements_give_one_token() {
    // seed 000 writes "Thanh Hóa", seed 004 "Thanh Hóa" and "Thanh Hoá" elsewhere
    assert_eq!(texts("Thanh Hoá"), texts("Thanh Hóa"));
    assert_eq!(texts("Uỷ viên"), texts("Ủy viên"));
}

#[test]
fn uppercase_d_with_stroke() {
    assert_eq!(syllables("ĐOÀN")[0].3, "đoàn");
    assert_eq!(syllables("ĐOÀN")[0].4, "doan");
}

#[test]
fn punctuation_only_text_has_no_tokens() {
    assert!(syllables(" ... – “” \u{0301} ").is_empty());
    assert!(syllables("").is_empty());
}

#[test]
fn overlong_token_is_dropped_without_gap() {
    let long = "a".repeat(MAX_TOKEN_BYTES + 1);
    let tokens = syllables(&format!("ma {long} túy"));
    assert_eq!(
        tokens
            .iter()
            .map(|t| (t.0, t.3.as_str()))
            .collect::<Vec<_>>(),
        [(0, "ma"), (1, "túy")]
    );
}

#[test]
fn one_megabyte_word_is_dropped_in_linear_time() {
    let word = "đ".repeat(1 << 19);
    assert_eq!(texts(&format!("ma {word} túy")), ["ma", "túy"]);
}

#[test]
fn emoji_and_cjk_do_not_break_the_stream() {
    assert_eq!(texts("ma 😀 túy 公安"), ["ma", "túy", "公", "安"]);
}
