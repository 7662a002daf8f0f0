//! Tests of `signature`.

#[test]
fn bulletins_dated_more_than_a_week_apart_are_never_one_story() {
    let text = "Công an huyện Quỳnh Lưu bắt quả tang đối tượng vận chuyển ma túy.";
    let on = |day: Option<i64>| Signature::of("Bắt đối tượng", text).dated(day);
    assert!(on(Some(100)).same_story(&on(Some(107)), ALIKE));
    assert!(!on(Some(100)).same_story(&on(Some(108)), ALIKE));
    // Undated, either of them: the text alone decides.
    assert!(on(None).same_story(&on(Some(400)), ALIKE));
}

use super::*;

const ALIKE: Thresholds = Thresholds {
    same_day: 0.9,
    near_day: 0.9,
    otherwise: 0.9,
};

const BODY: &str = "Ngày 12/3, Công an tỉnh Nghệ An cho biết đã bắt giữ Nguyễn Văn A (SN 1990, \
    trú xã Quỳnh Lưu) về hành vi tàng trữ trái phép chất ma túy. Qua kiểm tra, lực lượng \
    chức năng thu giữ 3 gói heroin và 200 viên ma túy tổng hợp. Vụ việc đang được điều \
    tra làm rõ, xử lý theo quy định của pháp luật.";

#[test]
fn copies_are_identical_and_accents_do_not_matter() {
    let a = Signature::of("Bắt đối tượng tàng trữ ma túy", BODY);
    let b = Signature::of(
        "BAT DOI TUONG TANG TRU MA TUY",
        &crate::text::fold_diacritics(BODY),
    );
    assert_eq!(a, b);
    assert_eq!(a.similarity(&b), 1.0);
    assert_eq!(a.bands().len(), BANDS + DAY_BANDS);
    assert_eq!(a.bands(), b.bands());
}

#[test]
fn decomposed_marks_fold_like_composed_ones() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = BODY.nfd().collect();
    assert_eq!(Signature::of("", BODY), Signature::of("", &nfd));
}

#[test]
fn an_edited_copy_is_similar_and_another_text_is_not() {
    let a = Signature::of("Bắt đối tượng tàng trữ ma túy", BODY);
    let edited = BODY.replace("Ngày 12/3", "Sáng 13/3");
    let b = Signature::of("Nghệ An: bắt đối tượng tàng trữ ma túy", &edited);
    let other = Signature::of(
        "Cháy xưởng gỗ trong đêm",
        "Khoảng 2 giờ sáng, một xưởng gỗ ở huyện Yên Thành bốc cháy dữ dội, lực lượng \
         cảnh sát phòng cháy chữa cháy đã có mặt dập lửa, không có thiệt hại về người.",
    );
    assert!(a.similarity(&b) > 0.7, "{}", a.similarity(&b));
    assert!(a.similarity(&other) < 0.1, "{}", a.similarity(&other));
}

#[test]
fn the_lead_names_the_day_of_the_news() {
    assert_eq!(
        lead_day("Sáng 27-8, trao đổi với phóng viên"),
        Some(8 * 32 + 27)
    );
    assert_eq!(
        lead_day("Bị cáo ... Chiều 30/11, phiên toà"),
        Some(11 * 32 + 30)
    );
    assert_eq!(
        lead_day("TAND sẽ xét xử từ ngày 2-1 đến ngày 5-1."),
        Some(32 + 2)
    );
    assert_eq!(
        lead_day("Người thợ ở lại đến ngày 12-2. Chiều 16-2, công an cho biết"),
        Some(2 * 32 + 16)
    );
    assert_eq!(lead_day("Ngày 4/8/2019, toà án"), Some(8 * 32 + 4));
    assert_eq!(lead_day("Sáng nay (10-6), toà khai mạc"), Some(6 * 32 + 10));
    assert_eq!(lead_day("Lê Văn A (SN 1991) bị bắt"), None);
    assert_eq!(lead_day("ngày 45-3 và ngày 3-13"), None);
}

/// Spaces of several bytes (no-break, em, ideographic) around a date end no slice inside
/// a char, and no text of any chars makes the signature panic.
#[test]
fn wide_spaces_and_odd_text_never_panic() {
    assert_eq!(lead_day("Sáng\u{a0}nay 13/3, công an"), Some(3 * 32 + 13));
    assert_eq!(lead_day("Chiều\u{3000}ngày 13/3"), Some(3 * 32 + 13));
    for text in [
        "\u{a0}1",
        "1\u{a0}",
        "(\u{3000}(1/1",
        "ngày \u{10ffff}1",
        "\u{301}\u{301}",
    ] {
        let _ = Signature::of(text, text);
    }
}

#[test]
fn near_duplicates_whose_leads_name_days_apart_are_two_stories() {
    let first = Signature::of("Tin", BODY);
    let resumed = Signature::of("Tin", &BODY.replace("Ngày 12/3", "Ngày 20/3"));
    let next_day = Signature::of("Tin", &BODY.replace("Ngày 12/3", "Sáng 13/3"));
    let half = Thresholds {
        same_day: 0.5,
        near_day: 0.5,
        otherwise: 0.5,
    };
    assert!(first.similarity(&resumed) > 0.8);
    assert!(!first.same_story(&resumed, half));
    assert!(first.same_story(&next_day, half));
}

/// A copy whose lead dates the news to the same day needs less likeness than one a day
/// or two later, and one whose lead names no day.
#[test]
fn the_likeness_needed_depends_on_the_days_the_leads_name() {
    let original = Signature::of("Tin", BODY);
    let relead = |lead: &str| {
        Signature::of(
            "Tin khác",
            &BODY.replace("Ngày 12/3, Công an tỉnh Nghệ An cho biết", lead),
        )
    };
    let same_day = relead("Ngày 12/3, lãnh đạo Công an tỉnh Nghệ An thông tin");
    let next_day = relead("Sáng 13/3, lãnh đạo Công an tỉnh Nghệ An thông tin");
    let undated = relead("Lãnh đạo Công an tỉnh Nghệ An thông tin");
    let never = Thresholds {
        same_day: 1.01,
        near_day: 1.01,
        otherwise: 1.01,
    };
    let only = |thresholds: Thresholds| {
        [&same_day, &next_day, &undated].map(|copy| original.same_story(copy, thresholds))
    };
    let same_day_only = Thresholds {
        same_day: 0.0,
        ..never
    };
    assert_eq!(only(same_day_only), [true, false, false]);
    let near_day_only = Thresholds {
        near_day: 0.0,
        ..never
    };
    assert_eq!(only(near_day_only), [false, true, false]);
    let otherwise_only = Thresholds {
        otherwise: 0.0,
        ..never
    };
    assert_eq!(only(otherwise_only), [false, false, true]);
}

/// A text whose lead dates the news finds its copies dated alike through keys of one
/// value salted with the day, looked up for every day near; another, through keys of
/// several values.
#[test]
fn a_dated_text_has_keys_salted_with_its_day_looked_up_for_days_near() {
    let dated = Signature::of("Tin", BODY);
    let bands = dated.bands();
    assert_eq!(bands.len(), BANDS + DAY_BANDS);
    let lookups = dated.band_lookups();
    assert_eq!(lookups.len(), bands.len());
    let day = u64::from(day_number(3 * 32 + 12));
    for (key, keys) in bands.iter().zip(&lookups) {
        if key >> 56 < BANDS as u64 {
            assert_eq!(*keys, *key..=*key);
            continue;
        }
        assert_eq!(key & DAY_MASK, day);
        let near = u64::from(LEAD_DAYS_APART);
        assert_eq!(*keys, key - near..=key + near);
    }
    let undated = Signature::of("Tin", &BODY.replace("Ngày 12/3, ", ""));
    assert_eq!(undated.bands().len(), BANDS);
    assert!(undated
        .band_lookups()
        .iter()
        .all(|keys| keys.start() == keys.end()));
    // Both store and look up the first band of several values: they can meet.
    assert_eq!(bands[..BANDS], undated.bands()[..BANDS]);
}

#[test]
fn empty_and_short_texts() {
    let empty = Signature::of("", " ... ");
    assert!(empty.is_empty() && empty.bands().is_empty());
    assert_eq!(empty.similarity(&empty), 0.0);
    let short = Signature::of("Cháy", "");
    assert!(!short.is_empty());
    assert_eq!(short.similarity(&Signature::of("CHÁY", "")), 1.0);
}

/// Band keys are stored in indexes: a change here splits stories across versions. The
/// four keys of three values are those of every index written before the keys salted
/// with the day (12/3) were added; such an index finds its copies of a new bulletin.
#[test]
fn band_keys_never_change() {
    let signature = Signature::of("Bắt đối tượng tàng trữ ma túy", BODY);
    let expected = [
        13983053120405860u64,
        78551513658035073,
        150185524137401454,
        278881760976503950,
        350885395520663145,
        384655670798493289,
        460445597717951081,
    ];
    assert_eq!(signature.bands(), expected);
}
