//! The filters: a province at both levels of the merger, dates as whole periods.

use std::ops::Bound;

use super::queries::date_range;
use super::*;

#[test]
fn province_filter_at_both_levels() {
    assert_eq!(
        province_facet("--province", "hung yen").map(|f| f.to_path_string()),
        Ok("/Hưng Yên".into())
    );
    assert_eq!(
        province_facet("--province", "Thái Bình").map(|f| f.to_path_string()),
        Ok("/Hưng Yên/Thái Bình".into())
    );
    let unknown = province_facet("--province", "thanh hao").expect_err("unknown");
    assert!(unknown.to_string().contains("Thanh Hóa"), "{unknown}");
}

#[test]
fn date_ranges_cover_whole_periods() {
    let spec = FilterSpec {
        year: Some("2024".into()),
        ..Default::default()
    };
    // 2024-01-01T00:00:00Z and 2024-12-31T00:00:00Z (`date -ud 2024-12-31 +%s`).
    assert_eq!(
        date_range(&spec),
        Ok(Some((
            Bound::Included(1_704_067_200),
            Bound::Included(1_735_603_200)
        )))
    );
    let backwards = FilterSpec {
        from: Some("2024-05".into()),
        to: Some("2024-02".into()),
        ..Default::default()
    };
    assert!(matches!(
        date_range(&backwards),
        Err(FilterError::EmptyRange { .. })
    ));
    let bad = FilterSpec {
        from: Some("hôm qua".into()),
        ..Default::default()
    };
    assert!(matches!(
        date_range(&bad),
        Err(FilterError::BadDate { flag: "--from", .. })
    ));
}
