//! Words in search, as users meet them through `bantin search`: a query's words found as
//! words rank above the same syllables standing apart, on bulletins written like real ones.

use std::path::Path;

use serde_json::Value;

use crate::common::{self, bantin, Fixture};

fn fixture(lines: &[String]) -> Fixture {
    Fixture::build().lines(lines).ingest()
}

fn bulletin(id: &str, date: &str, province: &str, title: &str, body: &str) -> String {
    serde_json::json!({
        "id": id, "date": date, "province": province, "title": title, "body": body
    })
    .to_string()
}

/// Searches with room for every bulletin of the fixtures.
fn search_json(index: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--limit", "50"];
    all.extend_from_slice(args);
    common::search_json(index, &all)
}

fn ids(results: &Value) -> Vec<String> {
    let hits = results["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "no hits: {results}");
    hits.iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Bulletins of Hà Nội in 2017: two hold `ma túy`, many hold `mã` and `Tuy nhiên` (and
/// `ma` and `túy` apart), with the syllables more often than the word bulletins.
fn ma_tuy_fixture() -> Fixture {
    // The word once, in long bulletins: a low BM25 score for `ma` and `tuy`.
    let filler = "Các lực lượng chức năng tiếp tục tuần tra, kiểm soát địa bàn, bảo đảm trật tự. "
        .repeat(15);
    let mut lines = vec![
        bulletin(
            "word-1", "2017-03-02", "Hà Nội",
            "Bắt đối tượng tàng trữ hàng cấm",
            &format!("Sáng 2/3, Công an quận Hoàng Mai bắt quả tang Nguyễn Văn H. đang cất giấu 3 gói ma túy trong xe máy. {filler}"),
        ),
        bulletin(
            "word-2", "2017-05-20", "Hà Nội",
            "Triệt phá đường dây mua bán hàng cấm",
            &format!("{filler} Phòng Cảnh sát điều tra tội phạm về ma tuý Công an thành phố Hà Nội đã triệt phá đường dây."),
        ),
    ];
    for n in 0..12 {
        lines.push(bulletin(
            &format!("noise-{n}"),
            "2017-06-01",
            "Hà Nội",
            "Xử lý vi phạm đăng ký xe",
            "Kiểm tra mã số thuế, mã vạch, mã hồ sơ. Tuy nhiên, nhiều cơ sở chưa chấp hành. \
             Tuy nhiên, ma trận camera đã lắp; anh Túy, chủ cơ sở, tuy vậy chưa khắc phục.",
        ));
    }
    lines.push(bulletin(
        "other-year",
        "2016-01-05",
        "Hà Nội",
        "Bắt giữ đối tượng",
        "Thu giữ 1 bánh ma túy tại Gia Lâm.",
    ));
    fixture(&lines)
}

#[test]
fn ma_tuy_in_ha_noi_2017_counts_the_bulletins_holding_the_word() {
    let f = ma_tuy_fixture();
    for query in ["ma tuy", "ma túy", "ma tuý", "MA TUY"] {
        let args = [query, "--province", "ha noi", "--year", "2017"];
        let results = search_json(&f.index, &args);
        let mut ids = ids(&results);
        ids.sort_unstable();
        assert_eq!(ids, ["word-1", "word-2"], "{query}: {results}");
        assert_eq!(results["total"], 2, "{query}");
        assert_eq!(results["matching"], "words", "{query}");
        assert_eq!(results["syllables_total"], 14, "{query}");
        // Its syllables anywhere: the twelve tax bulletins too, below the word.
        let args = [
            query,
            "--syllables",
            "--province",
            "ha noi",
            "--year",
            "2017",
        ];
        let results = search_json(&f.index, &args);
        let ids = self::ids(&results);
        assert_eq!(results["total"], 14, "{query}: {ids:?}");
        assert_eq!(results["matching"], "syllables", "{query}");
        let mut top: Vec<&str> = ids[..2].iter().map(String::as_str).collect();
        top.sort_unstable();
        assert_eq!(top, ["word-1", "word-2"], "{query}: {ids:?}");
    }
}

/// The 14 hits of `ma tuy --syllables --province "ha noi" --year 2017` on
/// [`ma_tuy_fixture`], as JSON: every copy (the fixture's bulletins are near-duplicates).
fn ma_tuy_in_ha_noi_2017_hits(f: &Fixture) -> Vec<Value> {
    let results = search_json(
        &f.index,
        &[
            "ma tuy",
            "--syllables",
            "--province",
            "ha noi",
            "--year",
            "2017",
            "--no-collapse",
        ],
    );
    let hits = results["hits"].as_array().expect("hits").clone();
    assert_eq!(hits.len(), 14, "{results}");
    hits
}

/// The word puts a bulletin first without touching its score: the score a user reads is
/// its relevance (BM25 and boosts), not a rank offset of a thousand per word, and a word
/// bulletin may rank first with a lower score than the noise below it.
#[test]
fn scores_shown_are_relevance_not_a_word_offset() {
    let f = ma_tuy_fixture();
    let hits = ma_tuy_in_ha_noi_2017_hits(&f);
    let scores: Vec<f64> = hits
        .iter()
        .map(|h| h["score"].as_f64().expect("a score"))
        .collect();
    assert!(
        scores.iter().all(|&s| s > 0.0 && s < 100.0),
        "scores {scores:?}"
    );
    let best_noise = scores[2..].iter().copied().fold(f64::MIN, f64::max);
    assert!(scores[0] < best_noise, "scores {scores:?}");
}

/// A hit ranked above a higher score says why in `--json`: the word bulletins hold the
/// query's word (`query_words` 1) and their syllables stand together; the noise holds
/// `ma` and `túy` apart.
#[test]
fn json_hits_say_what_ranks_them_before_their_score() {
    let f = ma_tuy_fixture();
    let hits = ma_tuy_in_ha_noi_2017_hits(&f);
    for (at, hit) in hits.iter().enumerate() {
        let expected = if at < 2 {
            serde_json::json!({"together": true, "query_words": 1})
        } else {
            serde_json::json!({"together": false, "query_words": 0})
        };
        assert_eq!(hit["ranking"], expected, "hit {at}: {hit}");
    }
    // Sorted by date, nothing ranks the hits but their dates.
    let by_date = search_json(
        &f.index,
        &[
            "ma tuy",
            "--syllables",
            "--province",
            "ha noi",
            "--sort",
            "newest",
        ],
    );
    let hits = by_date["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "{by_date}");
    assert!(hits.iter().all(|h| h.get("ranking").is_none()), "{by_date}");
}

/// `Công an Ninh Bình` (Ninh Bình police) holds the syllables `an ninh` side by side, not
/// the word `an ninh` (security).
fn an_ninh_fixture() -> Fixture {
    let mut lines = Vec::new();
    for n in 0..5 {
        lines.push(bulletin(
            &format!("ninh-binh-{n}"),
            "2024-02-01",
            "Ninh Bình",
            "Công an Ninh Bình tổng kết công tác năm",
            "Công an Ninh Bình phối hợp Công an Ninh Bình và Công an Ninh Thuận tổ chức hội nghị. \
             Lãnh đạo Công an Ninh Bình phát biểu.",
        ));
    }
    lines.push(bulletin(
        "security",
        "2024-02-02",
        "Thanh Hóa",
        "Hội nghị giao ban",
        "Công an tỉnh Thanh Hóa tổ chức hội nghị bàn giải pháp bảo đảm an ninh trật tự dịp Tết.",
    ));
    fixture(&lines)
}

#[test]
fn an_ninh_as_a_phrase_still_matches_syllables_and_ranks_the_word_first() {
    let f = an_ninh_fixture();
    for query in ["\"an ninh\"", "\"an ninh\" hội nghị"] {
        let results = search_json(&f.index, &[query]);
        let ids = ids(&results);
        assert_eq!(results["total"], 6, "{query}: {ids:?}");
        assert_eq!(ids[0], "security", "{query}: {ids:?}");
    }
}

/// Typed as words, `an ninh` matches only where it is a word, never across `Công an`
/// and `Ninh Bình`; its syllables anywhere still find the five.
#[test]
fn an_ninh_typed_as_words_is_not_found_across_a_word_boundary() {
    let f = an_ninh_fixture();
    let results = search_json(&f.index, &["an ninh"]);
    assert_eq!(ids(&results), ["security"], "{results}");
    assert_eq!(results["syllables_total"], 6, "{results}");
    let broader = search_json(&f.index, &["an ninh", "--syllables"]);
    assert_eq!(broader["total"], 6, "{broader}");
    assert_eq!(ids(&broader)[0], "security", "{broader}");
}

#[test]
fn a_query_word_as_scattered_syllables_ranks_below_every_bulletin_with_the_word() {
    let mut lines = Vec::new();
    for n in 0..4 {
        // The word once, in a long body: low BM25.
        lines.push(bulletin(
            &format!("word-{n}"),
            "2023-09-01",
            "Nghệ An",
            "Tin tổng hợp",
            &format!(
                "{} Lực lượng biên phòng phát hiện vụ vận chuyển hàng cấm qua biên giới.",
                "Các đơn vị tổ chức tuần tra, kiểm soát địa bàn. ".repeat(8 + n)
            ),
        ));
    }
    for n in 0..6 {
        // `biên` and `giới` apart, several times, in short bodies: high BM25.
        lines.push(bulletin(
            &format!("scattered-{n}"),
            "2023-09-02",
            "Nghệ An",
            "Biên bản",
            "Lập biên bản vi phạm; giới thiệu việc làm. Biên bản gửi giới chức địa phương.",
        ));
    }
    let f = fixture(&lines);
    // Every copy: the fixture's bulletins are near-duplicates of each other.
    let words = ids(&search_json(&f.index, &["biên giới", "--no-collapse"]));
    assert_eq!(words.len(), 4, "{words:?}");
    assert!(words.iter().all(|id| id.starts_with("word-")), "{words:?}");
    let ids = ids(&search_json(
        &f.index,
        &["biên giới", "--syllables", "--no-collapse"],
    ));
    assert_eq!(ids.len(), 10, "{ids:?}");
    assert!(ids[..4].iter().all(|id| id.starts_with("word-")), "{ids:?}");
}

#[test]
fn syllable_queries_phrases_and_highlights_are_unchanged_by_words() {
    let f = an_ninh_fixture();
    // A single syllable still finds every bulletin holding it, word or not.
    let results = search_json(&f.index, &["ninh"]);
    assert_eq!(results["total"], 6);
    // A phrase straddling two words still matches (the syllables stand together).
    let results = search_json(&f.index, &["\"công an ninh\""]);
    assert_eq!(results["total"], 5);
    // Highlights are the syllables, never a whole-word span in place of them.
    let results = search_json(&f.index, &["\"an ninh\""]);
    let hit = &results["hits"][0];
    let snippet = &hit["snippets"][0];
    let text = snippet["text"].as_str().expect("snippet text");
    let marked: Vec<&str> = snippet["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|r| &text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(!marked.is_empty(), "{results}");
    assert!(
        marked
            .iter()
            .all(|m| m.eq_ignore_ascii_case("an ninh") || *m == "an" || *m == "ninh"),
        "{marked:?}"
    );
}

#[test]
fn segment_shows_words_and_scores_a_reference() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = bantin(
        dir.path(),
        &[
            "segment",
            "Công an tỉnh Thanh Hoá bắt đối tượng tàng trữ ma tuý",
        ],
        None,
    )
    .expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        "Công_an tỉnh Thanh_Hoá bắt đối_tượng tàng_trữ ma_tuý"
    );
    let reference = dir.path().join("reference.txt");
    std::fs::write(
        &reference,
        "Công_an tỉnh bắt đối_tượng .\n=====\nan_ninh trật_tự\n",
    )
    .expect("write reference");
    bantin(
        dir.path(),
        &["segment", "--score", reference.to_str().unwrap()],
        None,
    )
    .expect_code(0)
    .expect_stdout_contains("2 articles, 10 syllables, 6 reference words")
    .expect_stdout_contains("F1 ");
    bantin(
        dir.path(),
        &["segment", "--score", "/nonexistent/ref.txt"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("/nonexistent/ref.txt");
}

#[test]
fn stats_words_lists_the_words_most_bulletins_hold() {
    let f = an_ninh_fixture();
    let run = bantin(&f.index, &["stats", "--words", "3"], None).expect_code(0);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    let first: Vec<&str> = run
        .stdout
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(first, ["công", "an", "6"], "{}", run.stdout);
    // Five bulletins of `Công an Ninh Bình`, one of `an ninh`: `an ninh` counts only
    // where it is the word.
    let json = bantin(&f.index, &["stats", "--words", "50", "--json"], None).expect_code(0);
    let words: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let count = |word: &str| {
        words
            .as_array()
            .expect("a list")
            .iter()
            .find(|w| w["word"] == word)
            .map(|w| w["bulletins"].clone())
    };
    assert_eq!(count("an ninh"), Some(1.into()), "{words}");
    // Shown as the bulletins write it: a place as a name, a word (`Công an` opening a
    // sentence) in lowercase.
    assert_eq!(count("Ninh Bình"), Some(5.into()), "{words}");
    assert_eq!(count("ninh bình"), None, "{words}");
    assert_eq!(count("công an"), Some(6.into()), "{words}");
}

/// Drug cases of Nghệ An in 2024 among meetings, traffic reports and drug arrests of other
/// provinces and years: each Nghệ An drug bulletin opens with `cho biết`, which the others
/// rarely use, and names one suspect, `Lầu Bá Chồng`, in four of them.
fn drug_case_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for (n, province) in ["Hải Phòng", "Cần Thơ", "Bình Dương", "Lào Cai"]
        .iter()
        .enumerate()
    {
        lines.push(bulletin(
            &format!("arrest-{n}"),
            "2022-06-0{n}",
            province,
            "Bắt quả tang nhóm đối tượng sử dụng ma túy trong quán karaoke",
            &format!(
                "Công an thành phố {province} kiểm tra quán karaoke, phát hiện nhóm đối tượng \
                 đang sử dụng ma túy trong phòng hát."
            ),
        ));
    }
    let districts = [
        "Kỳ Sơn",
        "Tương Dương",
        "Quế Phong",
        "Con Cuông",
        "Anh Sơn",
        "Thanh Chương",
    ];
    for (n, district) in districts.iter().enumerate() {
        lines.push(bulletin(
            &format!("drug-{n}"),
            &format!("2024-0{}-1{n}", n + 1),
            "Nghệ An",
            &format!("Bắt đối tượng vận chuyển ma túy qua biên giới tại huyện {district}"),
            &format!(
                "Ngày 1{n}/{}, Công an tỉnh Nghệ An cho biết Phòng Cảnh sát điều tra tội phạm về \
                 ma túy phối hợp Đồn Biên phòng {district} bắt quả tang đối tượng đang vận \
                 chuyển trái phép {} bánh heroin và {} gói ma túy đá qua biên giới. Tại cơ quan \
                 điều tra, đối tượng{} khai nhận mua ma túy bên kia biên giới để bán kiếm lời. \
                 Vụ việc đang được điều tra làm rõ về hành vi tàng trữ trái phép chất ma túy.",
                n + 1,
                n + 2,
                n + 3,
                if n < 4 { " Lầu Bá Chồng" } else { "" }
            ),
        ));
    }
    let provinces = [
        "Hà Nội",
        "Thanh Hóa",
        "Huế",
        "Đà Nẵng",
        "Cần Thơ",
        "Lạng Sơn",
    ];
    for (n, province) in provinces.iter().enumerate() {
        lines.push(bulletin(
            &format!("meeting-{n}"),
            "2024-03-05",
            province,
            "Hội nghị sơ kết công tác bảo đảm an ninh trật tự",
            &format!(
                "Sáng 5/3, Công an tỉnh {province} tổ chức hội nghị sơ kết công tác bảo đảm an \
                 ninh trật tự quý I. Hội nghị đánh giá kết quả phòng ngừa, đấu tranh với tội \
                 phạm và triển khai nhiệm vụ trọng tâm thời gian tới."
            ),
        ));
        lines.push(bulletin(
            &format!("traffic-{n}"),
            "2023-08-20",
            province,
            "Tăng cường tuần tra, kiểm soát an toàn giao thông",
            &format!(
                "Phòng Cảnh sát giao thông Công an tỉnh {province} tăng cường tuần tra, kiểm \
                 soát, xử lý vi phạm nồng độ cồn, tốc độ trên các tuyến quốc lộ. Tuy nhiên, \
                 nhiều người điều khiển xe mô tô vẫn vi phạm."
            ),
        ));
    }
    lines
}

fn words_of(facets: &Value) -> Vec<(String, u64)> {
    listed(facets, "words")
}

/// The `words` or `names` of `facets`, each with its count of matches.
fn listed(facets: &Value, list: &str) -> Vec<(String, u64)> {
    facets[list]
        .as_array()
        .expect("facets list a list")
        .iter()
        .map(|w| {
            (
                w["word"].as_str().expect("word is a string").to_owned(),
                w["matches"].as_u64().expect("matches is a count"),
            )
        })
        .collect()
}

/// `search --province "Nghệ An" --year 2024 --facets --json`.
fn nghe_an_2024_facets_json(index: &Path) -> Value {
    search_json(
        index,
        &["--province", "Nghệ An", "--year", "2024", "--facets"],
    )
}

/// `search --province "nghe an" --year 2024 --facets` as text.
fn nghe_an_2024_facets_text(index: &Path) -> common::Run {
    let args = [
        "search",
        "--province",
        "nghe an",
        "--year",
        "2024",
        "--facets",
    ];
    bantin(index, &args, None).expect_code(0)
}

fn is_ma_tuy(word: &str) -> bool {
    matches!(word, "ma túy" | "ma tuý")
}

#[test]
fn facets_show_the_words_of_a_drug_case_set_without_stop_words() {
    let f = fixture(&drug_case_lines());
    let results = nghe_an_2024_facets_json(&f.index);
    assert_eq!(results["total"], 6, "{results}");
    let words = words_of(&results["facets"]);
    assert!(!words.is_empty(), "{results}");
    let shown: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    // Each word with how many of the six matching bulletins hold it.
    let ma_tuy = words.iter().find(|(w, _)| is_ma_tuy(w));
    assert_eq!(ma_tuy.map(|(_, n)| *n), Some(6), "{shown:?}");
    for expected in ["biên giới", "vận chuyển trái phép"] {
        assert!(shown.contains(&expected), "{expected} not in {shown:?}");
    }
    // `cho biết` is in every match and in no other bulletin, but says nothing.
    for stop in ["cho biết", "tuy nhiên"] {
        assert!(!shown.contains(&stop), "{stop} in {shown:?}");
    }
    // The province filtered by is not news about the set.
    assert!(
        !words.iter().any(|(w, _)| w.to_lowercase() == "nghệ an"),
        "{shown:?}"
    );
    // Words of the other bulletins are not over-represented here.
    assert!(!shown.contains(&"hội nghị"), "{shown:?}");
    assert_eq!(
        results["facets"]["words_sample"],
        serde_json::json!({"sampled": 6, "matches": 6, "holding_query_words": false})
    );

    // The same words in the text output, beside the other facets.
    let run = nghe_an_2024_facets_text(&f.index)
        .expect_stdout_contains("provinces (today / as named then)")
        .expect_stdout_contains("words (over-represented in the matches)\n");
    let section = run.stdout.split("words (").nth(1).unwrap_or_default();
    assert!(
        section
            .lines()
            .any(|l| l.trim_start().starts_with("biên giới") && l.trim_end().ends_with(" 6")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("sample"), "{}", run.stdout);
}

/// The names a set's bulletins write (people, places) are listed apart from its words:
/// a suspect named in four of six bulletins says who, not what.
#[test]
fn facets_list_names_apart_from_words() {
    let f = fixture(&drug_case_lines());
    let results = nghe_an_2024_facets_json(&f.index);
    let words = words_of(&results["facets"]);
    assert!(!words.is_empty(), "{results}");
    assert!(
        !words
            .iter()
            .any(|(w, _)| w.to_lowercase().contains("chồng")),
        "{words:?}"
    );
    let names = listed(&results["facets"], "names");
    assert!(names.contains(&("Lầu Bá Chồng".to_owned(), 4)), "{names:?}");
    let run = nghe_an_2024_facets_text(&f.index);
    let section = run
        .stdout
        .split("names (over-represented in the matches)\n")
        .nth(1);
    assert!(
        section.is_some_and(|s| s.lines().next().is_some_and(|l| l.contains("Lầu Bá Chồng"))),
        "{}",
        run.stdout
    );
}

/// Drug arrests of 2024 holding `ma túy` as a word, among tax inspections of 2023 whose
/// `mã số thuế ... Tuy nhiên` match `ma tuy` too, and meetings that match neither.
fn ma_tuy_and_tax_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for n in 0..4 {
        lines.push(bulletin(
            &format!("drug-{n}"),
            &format!("2024-0{}-10", n + 1),
            "Lạng Sơn",
            "Bắt đối tượng vận chuyển ma túy qua biên giới",
            &format!(
                "Đồn Biên phòng phối hợp Công an huyện bắt quả tang đối tượng vận chuyển {} \
                 bánh heroin qua biên giới. Tang vật gồm ma túy và một xe máy.",
                n + 2
            ),
        ));
    }
    for n in 0..8 {
        lines.push(bulletin(
            &format!("tax-{n}"),
            &format!("2023-0{}-05", n + 1),
            "Hà Nội",
            "Kiểm tra hóa đơn điện tử của doanh nghiệp",
            "Cơ quan thuế kiểm tra mã số thuế và hóa đơn điện tử của doanh nghiệp. Tuy nhiên, \
             nhiều doanh nghiệp chưa chuyển sang hóa đơn điện tử.",
        ));
    }
    for n in 0..6 {
        lines.push(bulletin(
            &format!("meeting-{n}"),
            "2024-03-05",
            "Huế",
            "Hội nghị sơ kết công tác bảo đảm an ninh trật tự",
            "Hội nghị đánh giá kết quả phòng ngừa, đấu tranh với tội phạm và triển khai nhiệm \
             vụ trọng tâm thời gian tới.",
        ));
    }
    lines
}

/// `ma tuy` matches the tax inspections' `mã ... Tuy nhiên`, two matches in three: the words
/// of the set a reader means come from the bulletins holding `ma túy` as a word.
#[test]
fn facets_words_come_from_the_matches_holding_the_query_words() {
    let f = fixture(&ma_tuy_and_tax_lines());
    // As words, the matches are the four: their words are the set's.
    let words_only = search_json(&f.index, &["ma tuy", "--facets"]);
    assert_eq!(words_only["total"], 4, "{words_only}");
    assert_eq!(
        words_only["facets"]["words_sample"],
        serde_json::json!({"sampled": 4, "matches": 4, "holding_query_words": true})
    );
    let results = search_json(&f.index, &["ma tuy", "--syllables", "--facets"]);
    assert_eq!(results["total"], 12, "{results}");
    let words = words_of(&results["facets"]);
    assert!(!words.is_empty(), "{results}");
    let shown: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    assert!(words.contains(&("biên giới".to_owned(), 4)), "{shown:?}");
    assert!(!shown.contains(&"hóa đơn"), "{shown:?}");
    assert!(!shown.contains(&"doanh nghiệp"), "{shown:?}");
    assert_eq!(
        results["facets"]["words_sample"],
        serde_json::json!({"sampled": 4, "matches": 4, "holding_query_words": true})
    );
    bantin(
        &f.index,
        &["search", "ma tuy", "--syllables", "--facets"],
        None,
    )
    .expect_code(0)
    .expect_stdout_contains(
        "words (over-represented in the 4 matches holding the query's words)\n",
    );
    // No match of 2023 holds the word: the words come from every match.
    let tax = search_json(
        &f.index,
        &["ma tuy", "--syllables", "--year", "2023", "--facets"],
    );
    assert_eq!(
        tax["facets"]["words_sample"],
        serde_json::json!({"sampled": 8, "matches": 8, "holding_query_words": false})
    );
    // A query of one syllable has no word to hold.
    let one = search_json(&f.index, &["thuế", "--facets"]);
    assert_eq!(
        one["facets"]["words_sample"]["holding_query_words"], false,
        "{one}"
    );
}

/// A headline in Title Case (`Công An Huyện Bắt Giữ ...`) does not make its words names
/// when the body writes them in lowercase.
#[test]
fn facets_a_title_case_headline_does_not_make_names() {
    let mut lines = Vec::new();
    for n in 0..30 {
        let title = format!("Tin địa phương số {n}");
        lines.push(bulletin(
            &format!("daily-{n}"),
            "2024-05-01",
            "Huế",
            &title,
            "Người dân đi làm về nhà ăn cơm tối.",
        ));
    }
    for n in 0..6 {
        lines.push(bulletin(
            &format!("arrest-{n}"),
            &format!("2024-05-0{}", n + 2),
            "Lạng Sơn",
            "Công An Huyện Bắt Giữ Đối Tượng Vận Chuyển Hàng Cấm",
            &format!(
                "Ngày {}/5, công an huyện bắt giữ đối tượng vận chuyển hàng cấm qua biên giới.",
                n + 2
            ),
        ));
    }
    let f = fixture(&lines);
    let results = search_json(&f.index, &["biên giới", "--facets"]);
    let words = words_of(&results["facets"]);
    let shown: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    for expected in ["bắt giữ", "vận chuyển"] {
        assert!(
            shown.contains(&expected),
            "{expected} not in {shown:?}: {results}"
        );
    }
    let names = listed(&results["facets"], "names");
    assert!(
        !names
            .iter()
            .any(|(n, _)| n == "Bắt Giữ" || n == "Vận Chuyển"),
        "{names:?}"
    );
}

#[test]
fn facets_words_leave_out_the_words_searched_for() {
    let f = fixture(&drug_case_lines());
    let results = search_json(&f.index, &["ma tuý", "--facets"]);
    let words = words_of(&results["facets"]);
    assert!(!words.is_empty(), "{results}");
    assert!(!words.iter().any(|(w, _)| is_ma_tuy(w)), "{words:?}");
}

#[test]
fn facets_of_no_match_have_no_words() {
    let f = fixture(&drug_case_lines());
    let results = search_json(&f.index, &["xyzzy", "--facets"]);
    assert_eq!(results["total"], 0, "{results}");
    assert_eq!(results["facets"]["words"], serde_json::json!([]));
    assert_eq!(
        results["facets"]["words_sample"],
        serde_json::json!({"sampled": 0, "matches": 0, "holding_query_words": false})
    );
    bantin(&f.index, &["search", "xyzzy", "--facets"], None)
        .expect_code(1)
        .expect_stdout_contains("words (over-represented in the matches)\n  (none)");
    // Without --facets, no facets at all.
    let results = search_json(&f.index, &["ma túy"]);
    assert!(results.get("facets").is_none(), "{results}");
}

#[test]
fn facets_words_of_a_large_set_come_from_a_sample_with_exact_counts() {
    // 250 theft reports; the last 40 indexed also tell of smuggling across the border.
    let mut lines = Vec::new();
    for n in 0..250 {
        let smuggling = if n >= 210 {
            " Tổ công tác còn phát hiện một vụ buôn lậu thuốc lá qua biên giới."
        } else {
            ""
        };
        lines.push(bulletin(
            &format!("theft-{n}"),
            "2024-05-01",
            "Lạng Sơn",
            "Bắt đối tượng trộm cắp tài sản",
            &format!(
                "Công an huyện Cao Lộc bắt giữ đối tượng trộm cắp tài sản là xe máy của người \
                 dân trong đêm.{smuggling}"
            ),
        ));
    }
    for n in 0..50 {
        // `đối tượng` in more bulletins than match: counted by seeking in its postings.
        let suspects = if n < 30 {
            " Bàn biện pháp quản lý đối tượng."
        } else {
            ""
        };
        lines.push(bulletin(
            &format!("meeting-{n}"),
            "2024-05-02",
            "Hà Nội",
            "Hội nghị giao ban",
            &format!("Công an thành phố tổ chức hội nghị giao ban công tác tháng 5.{suspects}"),
        ));
    }
    let f = fixture(&lines);
    let results = search_json(&f.index, &["trộm", "--facets"]);
    assert_eq!(results["total"], 250, "{results}");
    let facets = &results["facets"];
    assert_eq!(
        facets["words_sample"],
        serde_json::json!({"sampled": 200, "matches": 250, "holding_query_words": false})
    );
    // Found in the sample although only the last-indexed matches hold it, and counted
    // exactly, not scaled from the sample.
    let words = words_of(facets);
    assert!(!words.is_empty(), "{facets}");
    assert!(words.contains(&("buôn lậu".to_owned(), 40)), "{words:?}");
    assert!(words.contains(&("đối tượng".to_owned(), 250)), "{words:?}");
    let first = &facets["words"][0];
    for key in ["word", "matches", "bulletins", "score"] {
        assert!(first.get(key).is_some(), "{key} missing: {first}");
    }
    assert!(
        first["bulletins"].as_u64() >= first["matches"].as_u64(),
        "{first}"
    );
    assert!(first["score"].as_f64().is_some_and(|s| s > 0.0), "{first}");

    bantin(&f.index, &["search", "trộm", "--facets"], None)
        .expect_code(0)
        .expect_stdout_contains(
            "words (over-represented in the matches; found in a sample of 200 of 250 matches)",
        );
}

#[test]
fn serve_lists_the_words_of_a_result_set_as_links_that_narrow_the_search() {
    let f = fixture(&drug_case_lines());
    let server = common::server::Server::start(&f.index, &[]);
    // The API shares the library call: the same words as `search --json`.
    let api: Value = serde_json::from_str(&common::server::get_ok(&format!(
        "{}/api/search?province=Ngh%E1%BB%87+An&year=2024&facets=true",
        server.url
    )))
    .expect("JSON");
    let words = words_of(&api["facets"]);
    assert!(words.contains(&("biên giới".to_owned(), 6)), "{words:?}");
    // The page: a sidebar section, each word a link adding it to the query as a phrase.
    let page = common::server::get_ok(&format!(
        "{}/?q=b%E1%BA%AFt&province=Ngh%E1%BB%87+An",
        server.url
    ));
    assert!(page.contains("Từ nổi bật"), "{page}");
    assert!(
        page.contains(
            "href=\"/?q=b%E1%BA%AFt+%22bi%C3%AAn+gi%E1%BB%9Bi%22&amp;province=Ngh%E1%BB%87+An\""
        ),
        "{page}"
    );
    // Names in a section of their own, links too.
    assert!(page.contains("Tên nổi bật"), "{page}");
    assert!(
        page.contains("%22L%E1%BA%A7u+B%C3%A1+Ch%E1%BB%93ng%22"),
        "{page}"
    );
    // No section where there are no words.
    let empty = common::server::get_ok(&format!("{}/?q=xyzzy", server.url));
    assert!(!empty.contains("Từ nổi bật"), "{empty}");
    assert!(!empty.contains("Tên nổi bật"), "{empty}");
    server.stop();
}

#[test]
fn words_of_a_search_repeated_after_an_ingest_are_not_the_old_ones() {
    let f = fixture(&drug_case_lines());
    let server = common::server::Server::start(&f.index, &[]);
    let url = format!(
        "{}/api/search?province=Ngh%E1%BB%87+An&year=2024&facets=true",
        server.url
    );
    let before: Value = serde_json::from_str(&common::server::get_ok(&url)).expect("JSON");
    let total = before["total"].as_u64().expect("a total");
    assert!(total > 0, "{before}");
    assert_eq!(before["facets"]["words_sample"]["matches"], total);
    // Asked again, the same words (from the cache of the last searches).
    let again: Value = serde_json::from_str(&common::server::get_ok(&url)).expect("JSON");
    assert_eq!(again["facets"], before["facets"]);

    let gambling: Vec<String> = (0..6)
        .map(|n| {
            bulletin(
                &format!("bac-{n}"),
                &format!("2024-1{}-0{}", n % 3, n + 1),
                "Nghệ An",
                "Triệt phá tụ điểm đánh bạc ăn tiền",
                "Công an tỉnh Nghệ An bắt quả tang nhóm đối tượng đánh bạc ăn tiền dưới hình \
                 thức xóc đĩa, thu giữ tang vật là tiền đánh bạc.",
            )
        })
        .collect();
    bantin(
        &f.index,
        &["ingest", "-"],
        Some(&(gambling.join("\n") + "\n")),
    )
    .expect_code(0);
    let started = std::time::Instant::now();
    let after = loop {
        let after: Value = serde_json::from_str(&common::server::get_ok(&url)).expect("JSON");
        if after["total"].as_u64() == Some(total + 6) {
            break after;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the ingest is not seen 10 s later: {after}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(
        after["facets"]["words_sample"]["matches"],
        total + 6,
        "{after}"
    );
    let words = words_of(&after["facets"]);
    assert!(
        words.iter().any(|(word, _)| word == "triệt phá"),
        "the new bulletins' words are there: {words:?}"
    );
    server.stop();
}

/// Rewrites the analyzer the index's `title` field names in its meta.json, as an index
/// built by another version of bantin would have it.
fn set_title_analyzer(index: &Path, analyzer: &str) {
    let meta_path = index.join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).expect("meta.json");
    let from = "\"vi-syllables\"";
    assert_eq!(meta.matches(from).count(), 1, "{meta}");
    let to = format!("\"{analyzer}\"");
    std::fs::write(&meta_path, meta.replace(from, &to)).expect("meta.json is writable");
}

/// Before titles were indexed as syllables only, the `title` field used the `vi` analyzer:
/// such an index still searches, takes new bulletins and answers `title:`.
#[test]
fn an_index_whose_title_has_word_terms_keeps_working() {
    let f = ma_tuy_fixture();
    set_title_analyzer(&f.index, "vi");
    let line = bulletin(
        "after-upgrade",
        "2017-07-01",
        "Hà Nội",
        "Thu giữ ma túy tại Long Biên",
        "Công an quận Long Biên thu giữ 2 gói ma túy.",
    );
    bantin(&f.index, &["ingest", "-"], Some(&format!("{line}\n"))).expect_code(0);
    let found = ids(&search_json(&f.index, &["title:\"ma tuy\""]));
    assert!(found.contains(&"after-upgrade".to_owned()), "{found:?}");
    let found = ids(&search_json(&f.index, &["ma tuy", "--year", "2017"]));
    assert!(found.contains(&"word-1".to_owned()), "{found:?}");
    bantin(&f.index, &["check"], None).expect_code(0);
}

/// An index whose fields name an analyzer this version lacks (a later version made it) is
/// searched as usual; writing to it is refused before any bulletin, naming the field and
/// the analyzer, not with tantivy's "Error getting tokenizer for field".
#[test]
fn an_index_from_a_newer_version_is_searched_but_not_written() {
    let f = ma_tuy_fixture();
    set_title_analyzer(&f.index, "vi-future");
    let found = ids(&search_json(&f.index, &["ma tuy", "--year", "2017"]));
    assert!(found.contains(&"word-1".to_owned()), "{found:?}");
    let line = bulletin("new", "2017-07-01", "Hà Nội", "Tiêu đề", "Nội dung.");
    let run = bantin(&f.index, &["ingest", "-"], Some(&format!("{line}\n")));
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("newer bantin")
            && run.stderr.contains("`title`")
            && run.stderr.contains("`vi-future`"),
        "{}",
        run.stderr
    );
    let count = search_json(&f.index, &["ma tuy", "--syllables"]);
    assert_eq!(count["total"], 15, "{count}");
}

/// Five bulletins holding `ma túy` (in any spelling, inside longer words, in capitals,
/// decomposed) and four newer ones holding only its syllables: apart (`mà ... Tuy nhiên`,
/// `Buôn Ma Thuột ... Tuy nhiên`, `mã số ... tuy vậy`) or side by side as another word
/// (`mà tuỳ`).
fn decoy_lines() -> Vec<String> {
    let nfd: String =
        unicode_normalization::UnicodeNormalization::nfd("Công an thu giữ 2 gói ma túy.").collect();
    vec![
        bulletin(
            "hold-1",
            "2024-03-01",
            "Nghệ An",
            "Bắt đối tượng vận chuyển heroin",
            "Công an huyện Kỳ Sơn bắt giữ đối tượng vận chuyển 2 bánh heroin và 500 viên ma túy tổng hợp.",
        ),
        bulletin(
            "hold-2",
            "2024-02-01",
            "Nghệ An",
            "Thu giữ ma tuý đá",
            "Lực lượng biên phòng thu giữ 30 gam ma tuý đá trên xe khách.",
        ),
        bulletin(
            "hold-3",
            "2024-01-15",
            "Hà Tĩnh",
            "Xét xử vụ án",
            "Bị cáo bị tuyên phạt 7 năm tù về tội tàng trữ trái phép chất ma túy.",
        ),
        bulletin(
            "hold-4",
            "2023-12-01",
            "Thanh Hóa",
            "MA TÚY ĐỔ VỀ VÙNG BIÊN",
            "Nhiều đường dây đưa hàng cấm vào địa bàn.",
        ),
        bulletin("hold-5", "2023-11-01", "TP Hồ Chí Minh", "Tin ngắn", &nfd),
        bulletin(
            "decoy-tuy-nhien",
            "2024-06-05",
            "TP Hồ Chí Minh",
            "Chợ đêm",
            "Người mua đông mà hàng ít. Tuy nhiên, giá vẫn ổn định.",
        ),
        bulletin(
            "decoy-buon-ma-thuot",
            "2024-06-04",
            "Đắk Lắk",
            "Lễ hội cà phê",
            "Lễ hội cà phê Buôn Ma Thuột thu hút du khách. Tuy nhiên, trời mưa.",
        ),
        bulletin(
            "decoy-ma-tuy",
            "2024-06-03",
            "Hà Nội",
            "Giá vé",
            "Giá vé thay đổi mà tuỳ vào từng tuyến.",
        ),
        bulletin(
            "decoy-ma-so",
            "2024-06-02",
            "Hà Nội",
            "Thuế",
            "Mã số thuế được cấp lại, tuy vậy nhiều hồ sơ còn thiếu.",
        ),
    ]
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

const HOLDERS: [&str; 5] = ["hold-1", "hold-2", "hold-3", "hold-4", "hold-5"];

/// The count an analyst reads is the bulletins holding the word, whatever the spelling,
/// inside `ma túy tổng hợp` and the charge `tàng trữ trái phép chất ma túy` too; the
/// syllables anywhere are counted apart, and `--syllables` lists them.
#[test]
fn ma_tuy_counts_only_the_bulletins_holding_the_word() {
    let f = fixture(&decoy_lines());
    for query in ["ma tuy", "ma túy", "MA TUÝ"] {
        let results = search_json(&f.index, &[query]);
        assert_eq!(sorted(ids(&results)), HOLDERS, "{query}: {results}");
        assert_eq!(results["total"], 5, "{query}");
        assert_eq!(results["matching"], "words", "{query}");
        assert_eq!(results["words"], serde_json::json!([query]), "{query}");
        assert_eq!(results["syllables_total"], 9, "{query}");
    }
    let broader = search_json(&f.index, &["ma tuy", "--syllables"]);
    assert_eq!(broader["total"], 9, "{broader}");
    assert_eq!(broader["matching"], "syllables", "{broader}");
    bantin(&f.index, &["search", "ma tuy"], None)
        .expect_code(0)
        .expect_stdout_contains("5 hits, showing 1-5, ")
        .expect_stdout_contains(
            " ms; 9 hits with the syllables of \"ma tuy\" anywhere (--syllables)\n",
        );
}

/// Newest first is the list an analyst watches: the newer decoys are not in it.
#[test]
fn newest_first_lists_only_bulletins_holding_the_word() {
    let f = fixture(&decoy_lines());
    let results = search_json(&f.index, &["ma tuy", "--sort", "newest"]);
    assert_eq!(ids(&results), HOLDERS, "{results}");
    let mut broader = ids(&search_json(
        &f.index,
        &["ma tuy", "--sort", "newest", "--syllables"],
    ));
    broader.truncate(2);
    assert_eq!(broader, ["decoy-tuy-nhien", "decoy-buon-ma-thuot"]);
}

/// Facets count the same set: no Đắk Lắk or Hà Nội for the decoys.
#[test]
fn facets_of_a_word_count_only_the_bulletins_holding_it() {
    let f = fixture(&decoy_lines());
    let results = search_json(&f.index, &["ma tuy", "--facets"]);
    let provinces: Vec<(String, u64)> = results["facets"]["province"]
        .as_array()
        .expect("province facet")
        .iter()
        .filter(|p| p["path"].as_array().is_some_and(|path| path.len() == 1))
        .map(|p| {
            (
                p["path"][0].as_str().unwrap_or_default().to_owned(),
                p["count"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        provinces,
        [
            ("Nghệ An".to_owned(), 2),
            ("Hà Tĩnh".to_owned(), 1),
            ("TP Hồ Chí Minh".to_owned(), 1),
            ("Thanh Hóa".to_owned(), 1),
        ],
        "{results}"
    );
}

/// Where no bulletin holds the words as written together, the search falls back to their
/// syllables anywhere and says so: two remembered syllables still find a bulletin.
#[test]
fn a_word_held_nowhere_falls_back_to_its_syllables_and_says_so() {
    let lines: Vec<String> = (0..3)
        .map(|n| {
            bulletin(
                &format!("ninh-binh-{n}"),
                "2024-02-01",
                "Ninh Bình",
                "Hội nghị tổng kết",
                "Công an Ninh Bình tổ chức hội nghị tổng kết công tác năm.",
            )
        })
        .collect();
    let f = fixture(&lines);
    let results = search_json(&f.index, &["an ninh"]);
    assert_eq!(results["total"], 3, "{results}");
    assert_eq!(results["matching"], "syllables", "{results}");
    assert_eq!(results["words_total"], 0, "{results}");
    assert!(results.get("syllables_total").is_none(), "{results}");
    bantin(&f.index, &["search", "an ninh"], None)
        .expect_code(0)
        .expect_stdout_contains(
            "no bulletin holds \"an ninh\" as written together; these hold the syllables anywhere\n",
        );
}

/// A typo gets a correction from the index's words, in the text output and in JSON, with
/// how many bulletins it finds; a query the index answers gets none.
#[test]
fn a_mistyped_word_gets_a_correction() {
    let f = fixture(&decoy_lines());
    let results = search_json(&f.index, &["ma tuyy"]);
    assert_eq!(results["total"], 0, "{results}");
    assert_eq!(
        results["did_you_mean"],
        serde_json::json!({"query": "ma tuý", "total": 5}),
        "{results}"
    );
    bantin(&f.index, &["search", "ma tuyy"], None)
        .expect_code(1)
        .expect_stdout_contains("did you mean: ma tuý (5 hits)\n");
    let fine = search_json(&f.index, &["ma tuy"]);
    assert!(fine.get("did_you_mean").is_none(), "{fine}");
}

/// In a bulletin where the query's words stand together (here in its body), no lone
/// syllable of them is marked, in the title or the snippets: not the `công` of `khu công
/// nghiệp` or `công ty`, not the `an` of `an ninh`, not `tải` or `tài`; with its syllables
/// anywhere too.
#[test]
fn highlights_mark_the_words_not_their_lone_syllables() {
    let lines = vec![
        bulletin(
            "cong-an",
            "2024-03-03",
            "Bắc Ninh",
            "Cháy ở khu công nghiệp Quế Võ",
            "Vì an ninh khu vực, công ty đã báo tin. Công an tỉnh Bắc Ninh đang điều tra.",
        ),
        bulletin(
            "tai-nan",
            "2024-03-04",
            "Thanh Hóa",
            "Xe tải lật trên quốc lộ, tài xế bị thương",
            "Tài xế xe tải bỏ trốn sau khi gây tai nạn giao thông trên quốc lộ 1.",
        ),
    ];
    let f = fixture(&lines);
    let marked = |hit: &Value, text_key: &str, ranges_key: &str| -> Vec<String> {
        let text = hit[text_key].as_str().expect("text");
        hit[ranges_key]
            .as_array()
            .expect("ranges")
            .iter()
            .map(|r| {
                let (s, e) = (r[0].as_u64().unwrap_or(0), r[1].as_u64().unwrap_or(0));
                text[s as usize..e as usize].to_owned()
            })
            .collect()
    };
    for matching in [None, Some("--syllables")] {
        let search = |query: &str| {
            let mut args = vec![query];
            args.extend(matching);
            let results = search_json(&f.index, &args);
            let hit = results["hits"][0].clone();
            (results, hit)
        };
        let (results, hit) = search("công an");
        assert_eq!(hit["id"], "cong-an", "{results}");
        let none: Vec<String> = Vec::new();
        assert_eq!(marked(&hit, "title", "title_highlights"), none, "{hit}");
        assert_eq!(
            marked(&hit["snippets"][0], "text", "highlights"),
            ["Công an"],
            "{hit}"
        );
        let (results, hit) = search("tai nan giao thong");
        assert_eq!(hit["id"], "tai-nan", "{results}");
        assert_eq!(marked(&hit, "title", "title_highlights"), none, "{hit}");
        assert_eq!(
            marked(&hit["snippets"][0], "text", "highlights"),
            ["tai nạn giao thông"],
            "{hit}"
        );
    }
}
