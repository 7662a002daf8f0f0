//! `bantin search` and `bantin demo` as users run them, on the built-in sample bulletins
//! plus small bulletins written to isolate one ranking rule each.

use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::common::{bantin, search_json, Fixture};

/// An index of `lines` (JSON Lines), after the sample bulletins when `with_samples`.
fn fixture(lines: &[&str], with_samples: bool) -> Fixture {
    let build = Fixture::build();
    let build = if with_samples { build.samples() } else { build };
    build.lines(lines).ingest()
}

fn samples() -> Fixture {
    Fixture::samples()
}

fn ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .map(|h| h["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn unaccented_query_finds_every_spelling_and_highlights_it() {
    let f = samples();
    let found = ids(&search_json(&f.index, &["ma tuy", "--limit", "50"]));
    for id in ["mau-001", "mau-035", "mau-042"] {
        assert!(
            found.contains(&id.to_owned()),
            "{id} (ma túy / ma tuý / decomposed) missing: {found:?}"
        );
    }
    bantin(&f.index, &["search", "ma", "tuy", "--limit", "3"], None)
        .expect_code(0)
        .expect_stdout_contains("**ma túy**");
}

#[test]
fn accented_tone_placement_and_decomposed_queries_agree() {
    let f = samples();
    let reference = ids(&search_json(&f.index, &["ma túy", "--limit", "50"]));
    assert!(reference.len() >= 9);
    let nfd: String = "ma túy".nfd().collect();
    for typed in ["ma tuý", "MA TÚY", nfd.as_str()] {
        let mut found = ids(&search_json(&f.index, &[typed, "--limit", "50"]));
        let mut expected = reference.clone();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{typed:?}");
    }
}

#[test]
fn exact_accent_match_outranks_folded_only_match() {
    let f = fixture(
        &[
            r#"{"id": "folded-only", "title": "Tin một", "body": "Dương Dương Dương là tên một con tàu."}"#,
            r#"{"id": "exact", "title": "Tin hai", "body": "Sửa tuyến đường ven biển."}"#,
            r#"{"id": "other", "title": "Tin ba", "body": "Không liên quan."}"#,
        ],
        false,
    );
    assert_eq!(
        ids(&search_json(&f.index, &["duong"])),
        ["folded-only", "exact"],
        "without accents, term frequency decides"
    );
    assert_eq!(
        ids(&search_json(&f.index, &["đường"])),
        ["exact", "folded-only"],
        "with accents, the exact form ranks first"
    );
}

#[test]
fn phrase_outranks_scattered_terms() {
    let f = fixture(
        &[
            r#"{"id": "scattered", "title": "Tin một", "body": "Trật tự giao thông, an ninh nông thôn; trật tự đô thị và an ninh mạng."}"#,
            r#"{"id": "phrase", "title": "Tin hai", "body": "Lực lượng bảo đảm an ninh trật tự trên địa bàn tỉnh trong dịp lễ hội mùa xuân."}"#,
        ],
        false,
    );
    // Typed as words, a term of the police vocabulary matches where it stands.
    assert_eq!(
        ids(&search_json(&f.index, &["an ninh trat tu"])),
        ["phrase"]
    );
    assert_eq!(
        ids(&search_json(&f.index, &["an ninh trat tu", "--syllables"])),
        ["phrase", "scattered"]
    );
    assert_eq!(
        ids(&search_json(&f.index, &["\"an ninh trật tự\""])),
        ["phrase"]
    );
}

#[test]
fn abbreviations_expand_both_ways() {
    let f = fixture(
        &[
            r#"{"id": "abbr", "title": "Tin một", "body": "Bảo đảm TTATGT dịp lễ."}"#,
            r#"{"id": "full", "title": "Tin hai", "body": "Bảo đảm trật tự an toàn giao thông dịp lễ."}"#,
        ],
        false,
    );
    for typed in [
        "TTATGT",
        "ttatgt",
        "\"trật tự an toàn giao thông\"",
        "trat tu an toan giao thong",
    ] {
        let mut found = ids(&search_json(&f.index, &[typed]));
        found.sort();
        assert_eq!(found, ["abbr", "full"], "{typed}");
    }
}

#[test]
fn required_excluded_or_and_title_fields() {
    let f = samples();
    let with_heroin = ids(&search_json(&f.index, &["ma tuy heroin", "--limit", "50"]));
    let without = ids(&search_json(&f.index, &["ma tuy -heroin", "--limit", "50"]));
    assert!(!with_heroin.is_empty());
    assert!(with_heroin.iter().all(|id| !without.contains(id)));
    let either = ids(&search_json(&f.index, &["cướp OR trộm", "--limit", "50"]));
    assert!(
        either.contains(&"mau-012".to_owned()) && either.contains(&"mau-033".to_owned()),
        "{either:?}"
    );
    let title_only = search_json(&f.index, &["title:PCCC"]);
    assert_eq!(ids(&title_only), ["mau-029"]);
}

#[test]
fn province_filter_spans_the_merger_at_either_level() {
    let f = samples();
    let today = ids(&search_json(
        &f.index,
        &["--province", "hung yen", "--limit", "50"],
    ));
    for id in ["mau-007", "mau-008", "mau-009"] {
        assert!(
            today.contains(&id.to_owned()),
            "{id} missing from {today:?}"
        );
    }
    let then = ids(&search_json(&f.index, &["--province", "Thái Bình"]));
    assert_eq!(then, ["mau-008"]);
    let thanh_hoa = search_json(&f.index, &["--province", "thanh hoa", "--limit", "50"]);
    let thanh_hoa_hits = thanh_hoa["hits"].as_array().expect("hits");
    assert!(thanh_hoa_hits.len() >= 2, "{thanh_hoa}");
    for hit in thanh_hoa_hits {
        assert_eq!(hit["province"][0], "Thanh Hóa");
    }
    bantin(&f.index, &["search", "--province", "Thanh Hao"], None)
        .expect_code(2)
        .expect_stderr_contains("\"Thanh Hao\" is not a province; closest: Thanh Hóa");
}

#[test]
fn an_empty_filter_value_suggests_unrelated_provinces() {
    let f = samples();
    for flag in ["--province", "--unit", "--year", "--from"] {
        bantin(&f.index, &["search", "ma", flag, " "], None)
            .expect_code(2)
            .expect_stderr_contains(&format!(
                "bantin: error: {flag} is empty: give a value or leave the option out"
            ));
    }
}

#[test]
fn unit_and_date_filters() {
    let f = samples();
    let traffic = search_json(&f.index, &["--unit", "Phong CSGT", "--limit", "50"]);
    assert!(traffic["total"].as_u64() >= Some(2));
    let traffic_hits = traffic["hits"].as_array().expect("hits");
    assert!(traffic_hits.len() >= 2, "{traffic}");
    for hit in traffic_hits {
        assert_eq!(hit["unit"][1], "Phòng Cảnh sát giao thông");
    }
    let ministry = ids(&search_json(
        &f.index,
        &["--unit", "bo cong an", "--limit", "50"],
    ));
    assert!(
        ministry.contains(&"mau-043".to_owned()),
        "Cục CSGT is under the ministry: {ministry:?}"
    );
    bantin(&f.index, &["search", "--unit", "Phòng Không Có"], None)
        .expect_code(2)
        .expect_stderr_contains("matches no unit in the index; closest:");

    let late_2025 = search_json(
        &f.index,
        &["--from", "2025-07", "--to", "2025-12", "--limit", "50"],
    );
    let dates: Vec<&str> = late_2025["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(dates.len() >= 10);
    assert!(
        dates.iter().all(|d| *d >= "2025-07" && *d <= "2025-12-31"),
        "{dates:?}"
    );
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first, "filters alone sort newest first");

    let in_2023 = search_json(&f.index, &["ma tuy", "--year", "2023", "--limit", "50"]);
    let in_2023 = in_2023["hits"].as_array().expect("hits");
    assert!(!in_2023.is_empty());
    assert!(in_2023
        .iter()
        .all(|h| h["date"].as_str().is_some_and(|d| d.starts_with("2023"))));
    bantin(
        &f.index,
        &["search", "--from", "2024-05", "--to", "2024-02"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("--from 2024-05 is after --to 2024-02");
}

#[test]
fn json_output_has_snippets_with_valid_highlights() {
    let f = samples();
    let results = search_json(&f.index, &["ma tuy", "--snippets", "2", "--facets"]);
    assert!(results["total"].as_u64() > Some(0));
    assert!(results["took_ms"].as_f64().is_some());
    let hits = results["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    let mut checked = 0;
    for hit in hits {
        for snippet in hit["snippets"].as_array().expect("snippets") {
            let text = snippet["text"].as_str().expect("text");
            for range in snippet["highlights"].as_array().expect("highlights") {
                checked += 1;
                let (start, end) = (
                    range[0].as_u64().unwrap_or(0) as usize,
                    range[1].as_u64().unwrap_or(0) as usize,
                );
                let marked = bantin::text::fold_words(&text[start..end]);
                assert!(
                    marked == "ma tuy" || marked == "ma" || marked == "tuy",
                    "{marked:?}"
                );
            }
            // The same ranges in UTF-16 units mark the same text, as JavaScript slices it.
            let units: Vec<u16> = text.encode_utf16().collect();
            let bytes = snippet["highlights"].as_array().expect("highlights");
            let utf16 = snippet["highlights_utf16"].as_array().expect("utf16");
            assert_eq!(bytes.len(), utf16.len());
            for (by_byte, by_unit) in bytes.iter().zip(utf16) {
                let at = |range: &Value, i: usize| range[i].as_u64().unwrap_or(0) as usize;
                assert_eq!(
                    String::from_utf16_lossy(&units[at(by_unit, 0)..at(by_unit, 1)]),
                    text[at(by_byte, 0)..at(by_byte, 1)]
                );
            }
        }
        let title = hit["title"].as_str().expect("title");
        let units: Vec<u16> = title.encode_utf16().collect();
        for range in hit["title_highlights_utf16"].as_array().expect("utf16") {
            let at = |i: usize| range[i].as_u64().unwrap_or(0) as usize;
            let marked = String::from_utf16_lossy(&units[at(0)..at(1)]);
            assert_eq!(bantin::text::fold_words(&marked), "ma tuy", "{title}");
        }
    }
    assert!(
        checked >= hits.len(),
        "{checked} highlights in {} hits",
        hits.len()
    );
    let facets = &results["facets"];
    assert!(facets["province"].as_array().is_some_and(|p| !p.is_empty()));
    assert!(facets["date"].as_array().is_some_and(|d| d
        .iter()
        .any(|c| c["path"].as_array().is_some_and(|p| p.len() == 2))));
}

#[test]
fn paging_is_a_window_of_the_same_order_and_deterministic() {
    let f = samples();
    let all = ids(&search_json(&f.index, &["cong an", "--limit", "10"]));
    let page = ids(&search_json(
        &f.index,
        &["cong an", "--limit", "3", "--offset", "3"],
    ));
    assert_eq!(page, all[3..6]);
    assert_eq!(
        all,
        ids(&search_json(&f.index, &["cong an", "--limit", "10"]))
    );
}

/// `n` bulletins that all hold `ma túy`, some as a phrase and some scattered, in different
/// amounts, so that the boosts reorder the best matches.
fn many_matches(n: usize) -> Fixture {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            // Short texts full of `mã` and `tuy` score higher by BM25 than a long one
            // that holds `ma túy` once.
            let body = if i % 3 == 0 {
                format!(
                    "Vụ {i}: bắt giữ đối tượng mua bán ma túy. {}",
                    "Lực lượng chức năng tiếp tục điều tra mở rộng. ".repeat(8 + i % 7)
                )
            } else {
                format!(
                    "Vụ {i}: mã số, mã hồ sơ, mã vạch {}. Tuy nhiên, tuy vậy, tuy thế.",
                    "và ".repeat(i % 5)
                )
            };
            serde_json::json!({"id": format!("vu-{i:03}"), "title": format!("Tin {i}"), "body": body})
                .to_string()
        })
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    fixture(&refs, false)
}

#[test]
fn paging_past_the_rescore_window_is_one_ranking() {
    let f = many_matches(320);
    let search = |extra: &[&str]| {
        // Every bulletin: the fixture's bulletins are near-duplicates of each other.
        let args: Vec<&str> = ["ma tuy", "--syllables", "--no-collapse"]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        ids(&search_json(&f.index, &args))
    };
    let all = search(&["--limit", "320"]);
    assert_eq!(all.len(), 320);
    let mut paged = Vec::new();
    for offset in (0..320).step_by(40) {
        let offset = offset.to_string();
        paged.extend(search(&["--limit", "40", "--offset", &offset]));
    }
    assert_eq!(paged, all, "pages of 40 are slices of one ranking");
    let page_3 = search(&["--offset", "20"]);
    let page_4 = search(&["--offset", "30"]);
    assert_eq!([page_3, page_4].concat(), all[20..40]);
}

#[test]
fn words_apart_rank_below_every_bulletin_where_they_stand_together() {
    let f = many_matches(90);
    let ranked = search_json(
        &f.index,
        &["ma tuy", "--syllables", "--limit", "90", "--no-collapse"],
    );
    let hits = ranked["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 90);
    let together: Vec<bool> = hits
        .iter()
        .map(|h| {
            h["snippets"][0]["text"]
                .as_str()
                .is_some_and(|t| t.contains("ma túy"))
        })
        .collect();
    assert_eq!(together.iter().filter(|t| **t).count(), 30);
    assert!(
        together.windows(2).all(|w| w[0] || !w[1]),
        "a scattered match ranks above words standing together: {together:?}"
    );
}

#[test]
fn exit_codes_and_syntax_errors() {
    let f = samples();
    bantin(&f.index, &["search", "xyzzy"], None)
        .expect_code(1)
        .expect_stdout_contains("0 hits");
    bantin(&f.index, &["search", "ma \"túy"], None)
        .expect_code(2)
        .expect_stderr_contains(
            "bantin: error: invalid query: quote `\"` is never closed (column 4)",
        );
}

#[test]
fn limit_4294967296_is_refused_before_any_allocation() {
    let f = samples();
    for args in [
        &["search", "ma", "--limit", "4294967296"][..],
        &["search", "ma", "--limit", "18446744073709551615"],
        &[
            "search",
            "ma",
            "--offset",
            "10",
            "--limit",
            "18446744073709551615",
        ],
        &[
            "search",
            "ma",
            "--offset",
            "18446744073709551615",
            "--limit",
            "1",
        ],
        &["search", "ma", "--offset", "9995", "--limit", "10"],
        &[
            "search", "--year", "2024", "--sort", "newest", "--limit", "10001",
        ],
    ] {
        bantin(&f.index, args, None)
            .expect_code(2)
            .expect_stderr_contains("reaches past hit 10000");
    }
    bantin(
        &f.index,
        &["search", "ma", "--offset", "9990", "--limit", "10"],
        None,
    )
    .expect_code(0)
    .expect_stdout_contains("10 hits");
}

#[test]
fn parentheses_2000_deep_are_an_error_not_a_stack_overflow() {
    let f = samples();
    let deep = format!("{}ma{}", "(".repeat(2000), ")".repeat(2000));
    bantin(&f.index, &["search", &deep], None)
        .expect_code(2)
        .expect_stderr_contains("query longer than 1000 characters");
    let deep = format!("{}ma{}", "(".repeat(300), ")".repeat(300));
    bantin(&f.index, &["search", &deep], None)
        .expect_code(2)
        .expect_stderr_contains("parentheses nested deeper than 20 levels (column 21)");
}

#[test]
fn a_query_with_nothing_searchable_is_an_error_unless_filtered() {
    let f = samples();
    let long_token = "x".repeat(300);
    for query in ["🚓", "*", long_token.as_str(), "...", "! ? ;"] {
        bantin(&f.index, &["search", query], None)
            .expect_code(2)
            .expect_stderr_contains("has no searchable words");
    }
    bantin(&f.index, &["search", ""], None)
        .expect_code(2)
        .expect_stderr_contains("nothing to search");
    bantin(&f.index, &["search"], None)
        .expect_code(2)
        .expect_stderr_contains("nothing to search");
    let filtered = search_json(&f.index, &["🚓", "--year", "2024", "--limit", "50"]);
    assert!(filtered["total"].as_u64() > Some(0), "{filtered}");
    for hit in filtered["hits"].as_array().expect("hits") {
        assert!(hit["date"].as_str().is_some_and(|d| d.starts_with("2024")));
    }
}

#[test]
fn words_starting_with_a_dash_after_the_first_are_query_words() {
    let f = samples();
    let with_heroin = ids(&search_json(
        &f.index,
        &["ma", "tuy", "heroin", "--limit", "50"],
    ));
    assert!(!with_heroin.is_empty());
    let typed = ids(&search_json(
        &f.index,
        &["ma", "tuy", "-heroin", "--limit", "50"],
    ));
    let quoted = ids(&search_json(&f.index, &["ma tuy -heroin", "--limit", "50"]));
    assert!(!typed.is_empty());
    assert_eq!(typed, quoted);
    assert!(typed.iter().all(|id| !with_heroin.contains(id)));
    bantin(&f.index, &["search", "ma", "-cần", "--limit", "2"], None)
        .expect_code(0)
        .expect_stdout_contains("showing 1-2");
}

#[test]
fn an_excluded_alternative_of_or_is_an_error() {
    let f = samples();
    bantin(&f.index, &["search", "cướp OR -xe"], None)
        .expect_code(2)
        .expect_stderr_contains("cannot mark one alternative of OR")
        .expect_stderr_contains("(column 9)");
}

#[test]
fn a_pasted_url_is_searched_as_text() {
    let f = fixture(
        &[
            r#"{"id": "link", "title": "Tin một", "body": "Xem tại congan.vn/tin-tuc/ma-tuy nhé."}"#,
            r#"{"id": "other", "title": "Tin hai", "body": "Không liên quan."}"#,
        ],
        false,
    );
    assert_eq!(
        ids(&search_json(
            &f.index,
            &["https://congan.vn/tin-tuc/ma-tuy"]
        )),
        Vec::<String>::new(),
        "the scheme is a word the text lacks"
    );
    assert_eq!(
        ids(&search_json(&f.index, &["congan.vn/tin-tuc/ma-tuy"])),
        ["link"]
    );
    bantin(&f.index, &["search", "tittle:ma"], None).expect_code(1);
}

#[test]
fn seeds_are_searchable_by_phrase_and_code() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    bantin(&index, &["ingest", seeds.to_str().expect("utf-8")], None).expect_code(0);
    let phrase = search_json(&index, &["\"an ninh trật tự\""]);
    assert!(phrase["total"].as_u64() >= Some(2));
    let code = search_json(&index, &["12-NQ/TW"]);
    assert_eq!(code["total"], 1);
    assert_eq!(code["hits"][0]["date"], "2024-07-11");
}

#[test]
fn demo_dir_overwrites_files_it_did_not_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(mine.join("index")).expect("mkdir");
    std::fs::write(mine.join("index/notes.txt"), "keep").expect("notes");
    let demo = |d: &Path| {
        bantin(
            &dir.path().join("unused"),
            &["demo", "--dir", d.to_str().expect("utf-8")],
            None,
        )
    };
    demo(&mine)
        .expect_code(2)
        .expect_stderr_contains("is not the demo's index");
    assert!(
        mine.join("index/notes.txt").exists(),
        "the user's folder is kept"
    );

    let feed = dir.path().join("feed");
    std::fs::create_dir(&feed).expect("mkdir");
    std::fs::write(feed.join("bulletins.jsonl"), "{\"body\": \"mine\"}\n").expect("feed");
    demo(&feed)
        .expect_code(2)
        .expect_stderr_contains("is not the demo's samples");
    assert_eq!(
        std::fs::read_to_string(feed.join("bulletins.jsonl")).expect("feed"),
        "{\"body\": \"mine\"}\n"
    );

    // The demo's own directory is replaced on every run, also when an earlier version wrote
    // other samples there.
    let own = dir.path().join("demo");
    demo(&own).expect_code(0);
    demo(&own).expect_code(0);
    std::fs::write(
        own.join("bulletins.jsonl"),
        "{\"id\": \"mau-001\", \"body\": \"Mẫu cũ.\"}\n",
    )
    .expect("older samples");
    demo(&own).expect_code(0);
}

#[test]
fn demo_runs_on_built_in_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo_dir = dir.path().join("demo");
    bantin(
        &dir.path().join("unused"),
        &["demo", "--dir", demo_dir.to_str().expect("utf-8")],
        None,
    )
    .expect_code(0)
    .expect_stdout_contains("46 sample bulletins indexed")
    .expect_stdout_contains("**ma túy**")
    .expect_stdout_contains("Hưng Yên (Thái Bình)")
    .expect_stdout_contains("**ANTT**")
    .expect_stdout_contains("provinces (today / as named then)");
    assert!(
        demo_dir.join("index/meta.json").exists(),
        "the demo index stays for the user"
    );
}

#[test]
fn a_closed_pipe_ends_search_stats_and_show_quietly() {
    let f = samples();
    for args in [
        &[
            "search",
            "ma",
            "--limit",
            "40",
            "--snippets",
            "5",
            "--facets",
        ][..],
        &["search", "ma", "--json"],
        &["stats"],
        &["show", "mau-001"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bantin"))
            .arg("--index")
            .arg(&f.index)
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("bantin runs");
        // The reader goes away before bantin writes, as `| head -0` would.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("bantin ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn an_excluded_phrase_alone_does_not_seek_backwards() {
    // Found by the random queries: `-- 10:30` tripped tantivy's phrase scorer.
    let f = samples();
    let with = search_json(&f.index, &["\"ma túy\""])["total"].as_u64();
    assert!(with > Some(0));
    let without = search_json(&f.index, &["--", "-\"ma túy\""])["total"].as_u64();
    assert_eq!(without.zip(with).map(|(a, b)| a + b), Some(46));
    bantin(&f.index, &["search", "--", "-10:30"], None).expect_code(0);
}

#[test]
fn a_stray_word_is_not_highlighted_where_the_query_stands_together() {
    let f = fixture(
        &[
            r#"{"id": "together", "title": "Tin một", "body": "Tuy nhiên, mã vụ việc còn phức tạp.\nBắt giữ đối tượng mua bán ma túy."}"#,
            r#"{"id": "apart", "title": "Tin hai", "body": "Mã số hồ sơ là 5. Tuy nhiên chưa rõ."}"#,
        ],
        false,
    );
    // As words, only the bulletin holding the word matches.
    let run = bantin(&f.index, &["search", "ma", "tuy", "--snippets", "2"], None).expect_code(0);
    assert!(
        run.stdout.starts_with("1. ") && !run.stdout.contains("2. "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("**ma túy**"), "{}", run.stdout);
    assert!(!run.stdout.contains("**Tuy**"), "{}", run.stdout);
    // Syllables anywhere: both, the bulletin with the words together first.
    let run = bantin(
        &f.index,
        &["search", "ma", "tuy", "--syllables", "--snippets", "2"],
        None,
    )
    .expect_code(0);
    let (together, apart) = run
        .stdout
        .split_once("2. ")
        .expect("two hits, the bulletin with the words together first");
    assert!(together.contains("**ma túy**"), "{}", run.stdout);
    assert!(
        !together.contains("**Tuy**") && !together.contains("**mã**"),
        "{}",
        run.stdout
    );
    assert!(
        apart.contains("**Mã**") && apart.contains("**Tuy**"),
        "{}",
        run.stdout
    );
}

/// Date bounds past the years the index can hold are held at its edge, never wrapped
/// around: `--from 3000` finds nothing, `--to 2263` and `--from 1600` every dated bulletin.
#[test]
fn date_filters_far_in_time_do_not_wrap_around() {
    let f = samples();
    let dated = search_json(&f.index, &["--from", "1970"])["total"]
        .as_u64()
        .expect("total");
    assert!(dated > 0);
    for (flag, year, expected) in [
        ("--from", "3000", 0),
        ("--from", "9999", 0),
        ("--to", "2263", dated),
        ("--to", "9999", dated),
        ("--from", "1600", dated),
        ("--from", "1000", dated),
        ("--to", "1600", 0),
    ] {
        let results = search_json(&f.index, &[flag, year]);
        assert_eq!(results["total"].as_u64(), Some(expected), "{flag} {year}");
    }
}

/// An error printed to a stderr already closed (`2>&1 | head -c 5`) is no panic: exit 2.
#[cfg(unix)]
#[test]
fn an_error_into_a_closed_stderr_exits_2() {
    use std::process::{Command, Stdio};
    let f = samples();
    for _ in 0..5 {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("bantin"))
            .args(["--index", f.index.to_str().expect("utf-8"), "search", "*"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn search");
        drop(child.stderr.take());
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(2));
    }
}

fn total(results: &Value) -> u64 {
    results["total"].as_u64().expect("a total")
}

#[test]
fn filters_combine_within_and_across_facets_and_exclude() {
    let f = samples();
    let count = |args: &[&str]| total(&search_json(&f.index, args));
    let (thanh_hoa, hue) = (count(&["-p", "thanh hoa"]), count(&["-p", "Huế"]));
    assert!(thanh_hoa >= 2 && hue >= 1, "{thanh_hoa} {hue}");
    // Two provinces: either.
    let either = search_json(
        &f.index,
        &["--province", "thanh hoa", "-p", "Huế", "-n", "50"],
    );
    assert_eq!(total(&either), thanh_hoa + hue);
    let hits = either["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for hit in hits {
        let province = hit["province"][0].as_str().unwrap_or_default();
        assert!(["Thanh Hóa", "Huế"].contains(&province), "{hit}");
    }
    // Excluded: every bulletin but that province's.
    let everything = count(&["--from", "2000"]);
    assert_eq!(
        count(&["--from", "2000", "--not-province", "thanh hoa"]),
        everything - thanh_hoa
    );
    // Across facets, both hold.
    assert_eq!(
        count(&[
            "-p",
            "thanh hoa",
            "-p",
            "Huế",
            "--unit",
            "Công an tỉnh Thanh Hóa"
        ]),
        count(&["--unit", "Công an tỉnh Thanh Hóa"])
    );
    // The province facet of a search filtered by one province still lists the others,
    // counted as if it were not chosen, so that another can be added.
    let faceted = search_json(&f.index, &["-p", "thanh hoa", "--facets"]);
    assert_eq!(total(&faceted), thanh_hoa);
    let provinces = faceted["facets"]["province"].as_array().expect("provinces");
    let listed = |name: &str| {
        provinces
            .iter()
            .find(|c| c["path"] == serde_json::json!([name]))
            .and_then(|c| c["count"].as_u64())
    };
    assert_eq!(listed("Thanh Hóa"), Some(thanh_hoa));
    assert_eq!(listed("Huế"), Some(hue));
}

/// Two bulletins with no date, no province and no unit besides the samples.
fn samples_and_unknowns() -> Fixture {
    fixture(
        &[
            r#"{"id":"khong-1","title":"Cảnh báo thủ đoạn lừa đảo qua mạng","body":"Người dân cần cảnh giác với các cuộc gọi giả danh để lừa đảo chiếm đoạt tài sản."}"#,
            r#"{"id":"khong-2","title":"Lừa đảo bán hàng qua mạng","body":"Nhiều người bị lừa đảo khi mua hàng qua mạng xã hội rồi mất tiền."}"#,
        ],
        true,
    )
}

#[test]
fn no_province_unit_or_date_is_a_value_to_count_and_choose() {
    let f = samples_and_unknowns();
    let faceted = search_json(&f.index, &["lua dao", "--facets", "-n", "50"]);
    let unknown = &faceted["facets"]["unknown"];
    assert!(unknown["province"].as_u64() >= Some(2), "{unknown}");
    assert!(unknown["unit"].as_u64() >= Some(2), "{unknown}");
    assert_eq!(unknown["date"].as_u64(), Some(2), "{unknown}");
    for (flag, facet) in [("--province", "province"), ("--unit", "unit")] {
        let chosen = search_json(&f.index, &["lua dao", flag, "Không rõ", "-n", "50"]);
        assert_eq!(Some(total(&chosen)), unknown[facet].as_u64(), "{flag}");
        assert!(ids(&chosen).contains(&"khong-1".to_owned()), "{flag}");
        let typed = search_json(&f.index, &["lua dao", flag, "unknown"]);
        assert_eq!(total(&typed), total(&chosen), "{flag} unknown");
    }
    // The text output lists them under `Không rõ`.
    bantin(&f.index, &["search", "lua dao", "--facets"], None)
        .expect_code(0)
        .expect_stdout_contains("Không rõ");
}

#[test]
fn a_date_range_says_how_many_undated_matches_it_leaves_out() {
    let f = samples_and_unknowns();
    let dated = search_json(&f.index, &["lua dao", "--from", "2000"]);
    assert_eq!(dated["undated"], 2, "{dated}");
    bantin(&f.index, &["search", "lua dao", "--from", "2000"], None)
        .expect_stdout_contains("2 more bulletins match but have no date")
        .expect_stdout_contains("--undated");
    let with_undated = search_json(&f.index, &["lua dao", "--from", "2000", "--undated"]);
    assert_eq!(total(&with_undated), total(&dated) + 2);
    assert!(with_undated.get("undated").is_none(), "{with_undated}");
    let only_undated = search_json(&f.index, &["lua dao", "--undated"]);
    let mut found = ids(&only_undated);
    found.sort();
    assert_eq!(found, ["khong-1", "khong-2"]);
}

#[test]
fn dates_are_read_day_first_as_vietnamese_write_them() {
    let f = samples();
    let iso = search_json(
        &f.index,
        &["--from", "2023-03-12", "--to", "2025-06", "-n", "50"],
    );
    assert!(total(&iso) > 0);
    let day_first = search_json(
        &f.index,
        &["--from", "12/3/2023", "--to", "6/2025", "-n", "50"],
    );
    assert_eq!(ids(&day_first), ids(&iso));
    bantin(&f.index, &["search", "--from", "31/2/2024"], None)
        .expect_code(2)
        .expect_stderr_contains("\"31/2/2024\" is not a date")
        .expect_stderr_contains("day first");
}

#[test]
fn units_are_found_as_readers_guess_them() {
    let f = samples();
    let count = |args: &[&str]| total(&search_json(&f.index, args));
    let force = count(&["--unit", "Công an tỉnh Thanh Hóa"]);
    assert!(force > 0);
    assert_eq!(count(&["--unit", "cong an thanh hoa"]), force);
    let traffic = count(&["--unit", "Phòng CSGT"]);
    assert!(traffic > 0);
    // An abbreviation as part of a name: every traffic police department and bureau.
    assert!(count(&["--unit", "csgt"]) >= traffic);
    let csgt = search_json(&f.index, &["--unit", "csgt", "-n", "50"]);
    for hit in csgt["hits"].as_array().expect("hits") {
        let unit = hit["unit"].to_string();
        assert!(unit.contains("Cảnh sát giao thông"), "{unit}");
    }
}

#[test]
fn short_options_and_a_stray_dash_letter() {
    let f = samples();
    let three = search_json(&f.index, &["công an", "-n", "3"]);
    assert_eq!(three["hits"].as_array().map(Vec::len), Some(3));
    let run = bantin(&f.index, &["search", "công an", "-n3", "-j"], None).expect_code(0);
    let parsed: Value = serde_json::from_str(&run.stdout).expect("-j prints JSON");
    assert_eq!(parsed["hits"].as_array().map(Vec::len), Some(3));
    bantin(&f.index, &["search", "ma tuy", "-x"], None)
        .expect_code(2)
        .expect_stderr_contains("unexpected argument '-x'");
    // A word after a dash stays a word to leave out.
    let without = search_json(&f.index, &["ma tuy", "-cần"]);
    assert!(total(&without) > 0);
}

#[test]
fn a_filter_never_turns_a_word_search_into_a_syllable_search() {
    // `cong ty` is a word in one sample bulletin, not one of Thanh Hóa's: filtered by that
    // province the search finds none, rather than falling back to the syllables anywhere
    // and counting more than unfiltered.
    let f = samples();
    let all = search_json(&f.index, &["cong ty", "--no-collapse"]);
    let total = all["total"].as_u64().expect("a total");
    assert!(total >= 1, "{all}");
    assert_eq!(all["matching"], "words");
    let within = search_json(&f.index, &["cong ty", "-p", "thanh hoa", "--no-collapse"]);
    let without = search_json(
        &f.index,
        &["cong ty", "--not-province", "thanh hoa", "--no-collapse"],
    );
    assert_eq!(within["matching"], "words", "{within}");
    assert_eq!(
        within["total"].as_u64().unwrap_or(99) + without["total"].as_u64().unwrap_or(99),
        total,
        "{within}\n{without}"
    );
}
