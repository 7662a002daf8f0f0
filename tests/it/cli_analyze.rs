//! `bantin analyze` as users run it.

use unicode_normalization::UnicodeNormalization;

use crate::common::bantin;

fn analyze_json(args: &[&str], stdin: Option<&str>) -> Vec<(String, String, usize, usize)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = bantin(dir.path(), args, stdin).expect_code(0);
    run.stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            (
                v["exact"].as_str().unwrap_or_default().to_owned(),
                v["folded"].as_str().unwrap_or_default().to_owned(),
                v["start"].as_u64().unwrap_or_default() as usize,
                v["end"].as_u64().unwrap_or_default() as usize,
            )
        })
        .collect()
}

fn forms(tokens: &[(String, String, usize, usize)]) -> Vec<(&str, &str)> {
    tokens
        .iter()
        .map(|t| (t.0.as_str(), t.1.as_str()))
        .collect()
}

#[test]
fn decomposed_input_shows_composed_forms_and_original_offsets() {
    let text: String = "Đường ma túy".nfd().collect();
    let tokens = analyze_json(&["analyze", "--json", &text], None);
    assert_eq!(
        forms(&tokens),
        [("đường", "duong"), ("ma", "ma"), ("túy", "tuy")]
    );
    let last = &tokens[2];
    assert_eq!(text[last.2..last.3].nfc().collect::<String>(), "túy");
}

#[test]
fn both_tone_placements_show_one_form() {
    let tokens = analyze_json(
        &["analyze", "--json", "Thanh Hoá Thanh Hóa thuỷ thủy"],
        None,
    );
    assert_eq!(
        forms(&tokens),
        [
            ("thanh", "thanh"),
            ("hóa", "hoa"),
            ("thanh", "thanh"),
            ("hóa", "hoa"),
            ("thủy", "thuy"),
            ("thủy", "thuy")
        ]
    );
}

#[test]
fn numbers_and_document_codes() {
    let tokens = analyze_json(
        &[
            "analyze",
            "--json",
            "1.799 đối tượng, 80,38%, Nghị quyết 12-NQ/TW",
        ],
        None,
    );
    let exact: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(
        exact,
        ["1.799", "đối", "tượng", "80,38", "nghị", "quyết", "12", "nq", "tw"]
    );
}

#[test]
fn reads_standard_input_with_dash() {
    let tokens = analyze_json(&["analyze", "--json", "-"], Some("ĐOÀN công tác\n"));
    assert_eq!(
        forms(&tokens),
        [("đoàn", "doan"), ("công", "cong"), ("tác", "tac")]
    );
}

#[test]
fn human_output_is_a_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    bantin(dir.path(), &["analyze", "Ma Tuý"], None)
        .expect_code(0)
        .expect_stdout_contains(" pos  bytes        exact  folded\n")
        .expect_stdout_contains("   0  0..2         ma     ma\n")
        .expect_stdout_contains("   1  3..7         túy    tuy\n");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    bantin(dir.path(), &["analyse", "x"], None)
        .expect_code(2)
        .expect_stderr_contains("unrecognized subcommand");
}
