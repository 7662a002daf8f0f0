//! The choice of a search's words, from small sets of words and matches.

use tantivy::DocAddress;
use unicode_normalization::UnicodeNormalization;

use super::choose::*;
use super::matches::*;
use super::seen::*;
use crate::text::words::WORD_JOINER;

#[test]
fn a_word_is_shown_as_the_matches_write_it_not_as_another_that_folds_alike() {
    assert_eq!(display_spelling(Some("kiệm lời"), "kiếm lời"), "kiếm lời");
    assert_eq!(display_spelling(Some("ma tuý"), "ma túy"), "ma túy");
    assert_eq!(
        display_spelling(Some("biên giới"), "Biên giới"),
        "biên giới"
    );
    assert_eq!(display_spelling(None, "Nghệ An"), "Nghệ An");
    assert_eq!(display_spelling(Some("Nghệ An"), "NGHỆ AN"), "Nghệ An");
    assert_eq!(display_spelling(None, "Tàng trữ"), "tàng trữ");
}

fn seen(writings: &[&str]) -> WordSeen {
    bulletins(&writings.iter().map(|w| vec![*w]).collect::<Vec<_>>())
}

/// Each bulletin's writings, the first (its title's) first.
fn bulletins(writings: &[Vec<&str>]) -> WordSeen {
    let mut seen = WordSeen {
        bulletins: writings.len() as u32,
        as_name: 0,
        in_capitals: 0,
        vote: Writing::Capitals,
        last: 0,
        written: String::new(),
        written_as_name: None,
    };
    for bulletin in writings {
        let mut bulletin = bulletin.iter();
        if let Some(first) = bulletin.next() {
            seen.saw(first);
        }
        for again in bulletin {
            seen.saw_again(again);
        }
    }
    seen
}

#[test]
fn a_name_is_a_word_most_bulletins_write_with_every_syllable_capitalized() {
    assert!(is_written_as_name("Nghệ An"));
    assert!(is_written_as_name("Phạm Thị Yến"));
    assert!(!is_written_as_name("Ma túy"));
    assert!(!is_written_as_name("NGHỆ AN"));
    assert!(!is_written_as_name(""));
    let place = seen(&["quỳnh lưu", "Quỳnh Lưu", "Quỳnh Lưu"]);
    assert!(place.is_name());
    assert_eq!(place.written_as_name.as_deref(), Some("Quỳnh Lưu"));
    // Capitalized at the start of a sentence or in a unit's name now and then.
    assert!(!seen(&["đồng muối", "Đồng muối", "Đồng Muối"]).is_name());
    // Capitals (a heading, a byline) say nothing either way.
    assert!(seen(&["DOÃN HÒA", "DOÃN HÒA", "Doãn Hòa"]).is_name());
    assert!(!seen(&["DOÃN HÒA", "DOÃN HÒA"]).is_name());
    // A Title Case or capitals headline does not outvote its own body.
    let headlines = bulletins(&[
        vec!["Công An", "công an"],
        vec!["CÔNG AN", "công an"],
        vec!["CÔNG AN", "Công an"],
    ]);
    assert!(!headlines.is_name());
    assert!(bulletins(&[vec!["CÔNG AN", "Công An"]]).is_name());
    // A capital inside a syllable, or a one-letter syllable, is still a name.
    assert!(is_written_as_name("John McCain"));
    assert!(is_written_as_name("Nguyễn Văn A"));
    assert!(!is_written_as_name("iPhone X"));
    assert!(!is_written_as_name("TP Huế"));
}

#[test]
fn a_writing_is_shown_in_nfc_with_single_spaces() {
    let nfd: String = "Quỳnh\tLưu".nfd().collect();
    assert_eq!(tidy(&nfd), "Quỳnh Lưu");
    assert_eq!(tidy("Phạm  Thị\u{a0}Yến"), "Phạm Thị Yến");
}

fn listed(words: &[(&'static str, u64, u64)]) -> Vec<(&'static str, SignificantWord)> {
    words
        .iter()
        .map(|&(term, matches, bulletins)| {
            let word = SignificantWord {
                word: term.replace(WORD_JOINER, " "),
                matches,
                bulletins,
                score: 1.0,
            };
            (term, word)
        })
        .collect()
}

#[test]
fn a_piece_of_a_longer_listed_word_is_left_out() {
    let mut words = listed(&[
        ("ten_lua", 5594, 9000),
        ("ten_lua_dan_dao", 2589, 2650),
        ("lua_dan", 2589, 2650),
        ("dan_dao", 2620, 2700),
        // `ma túy` stands on its own in many more bulletins than `ma túy đá`.
        ("ma_tuy_da", 6, 50),
        ("ma_tuy", 6, 400),
        // Not a piece: it does not start on a syllable of `ma_tuy_da`.
        ("uy_da", 6, 50),
    ]);
    drop_contained(&mut words);
    let kept: Vec<&str> = words.iter().map(|(term, _)| *term).collect();
    assert_eq!(
        kept,
        ["ten_lua", "ten_lua_dan_dao", "ma_tuy_da", "ma_tuy", "uy_da"]
    );
}

#[test]
fn a_word_holds_the_words_of_its_syllables() {
    assert!(holds_word("ten_lua_dan_dao", "lua_dan"));
    assert!(holds_word("ten_lua_dan_dao", "ten_lua"));
    assert!(holds_word("ten_lua_dan_dao", "dan_dao"));
    assert!(!holds_word("ten_lua_dan_dao", "ten_lua_dan_dao"));
    assert!(!holds_word("ma_tuy_da", "uy_da"));
    assert!(!holds_word("ma_tuy", "ma_tuy_da"));
}

fn segments(sizes: &[u32]) -> Vec<SegmentMatches> {
    sizes
        .iter()
        .enumerate()
        .map(|(ord, &n)| SegmentMatches {
            segment: ord as u32,
            docs: (0..n).collect(),
        })
        .collect()
}

#[test]
fn a_small_set_is_read_whole() {
    let picked = sample(&segments(&[3, 2]), 10);
    assert_eq!(picked.len(), 5);
    assert_eq!(picked[3], DocAddress::new(1, 0));
}

#[test]
fn a_large_set_is_sampled_over_all_its_segments() {
    let picked = sample(&segments(&[1000, 10, 990]), 100);
    assert_eq!(picked.len(), 100);
    // Evenly spread: every 20th match, the last segment included.
    assert_eq!(picked[0], DocAddress::new(0, 0));
    assert_eq!(picked[1], DocAddress::new(0, 20));
    assert_eq!(picked[99], DocAddress::new(2, 970));
    let mut sorted = picked.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 100, "no match picked twice");
    // The same set gives the same sample.
    assert_eq!(picked, sample(&segments(&[1000, 10, 990]), 100));
}

#[test]
fn large_sets_ask_more_matches_of_a_word() {
    assert_eq!(least_matches(0), MIN_MATCHES);
    assert_eq!(least_matches(1000), MIN_MATCHES);
    assert_eq!(least_matches(8799), 17);
}

#[test]
fn jlh_rewards_words_characteristic_of_the_matches() {
    // Not over-represented: nothing.
    assert_eq!(jlh(0.5, 0.5), 0.0);
    assert_eq!(jlh(0.1, 0.5), 0.0);
    assert_eq!(jlh(0.1, 0.0), 0.0);
    // In 80 % of matches against 5 % of the index beats in 90 % against 60 %.
    assert!(jlh(0.8, 0.05) > jlh(0.9, 0.6));
    // A rare word's ratio does not outweigh a large gain.
    assert!(jlh(0.6, 0.05) > jlh(0.01, 0.0001));
}
