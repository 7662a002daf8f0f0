//! Tests of `units`.

use super::*;

#[test]
fn local_forces_keep_apostrophes_in_their_names() {
    for (text, place) in [
        ("Công an huyện Đắk R'Lấp bắt", "Đắk R'Lấp"),
        ("Công an huyện Đắk R’Lấp, tỉnh Đắk Nông", "Đắk R'Lấp"),
        ("Công an huyện Cư M'gar", "Cư M'gar"),
        ("Công an huyện Ea H'Leo'", "Ea H'Leo"),
        ("Công an huyện Yên Minh' nói", "Yên Minh"),
        ("Công an huyện Đắk R ’ Lấp , tỉnh Đắk Nông", "Đắk R'Lấp"),
        ("Công an huyện Cư M ' gar ( Đắk Lắk )", "Cư M'gar"),
        ("Công an huyện Ea H’ Leo", "Ea H'Leo"),
        ("Công an huyện Yên Minh ' nói", "Yên Minh"),
    ] {
        let mentions = UnitMatcher::get().find_all(text);
        assert_eq!(mentions.len(), 1, "{text}");
        assert_eq!(mentions[0].local_place.as_deref(), Some(place), "{text}");
    }
    assert_eq!(word_len("'Lấp"), 0);
    assert_eq!(word_len("R'"), 1);
}

fn paths(text: &str, main: Option<Province>) -> Vec<Vec<String>> {
    UnitMatcher::get()
        .find_all(text)
        .iter()
        .filter_map(|m| m.facet_path(main))
        .collect()
}

fn thanh_hoa() -> Province {
    Province {
        today: "Thanh Hóa",
        then: "Thanh Hóa",
    }
}

#[test]
fn provincial_force_variants_fold_to_one_name() {
    for text in [
        "Công an tỉnh Thanh Hóa",
        "Công an Thanh Hoá",
        "công an tỉnh Thanh Hoá",
        "CA tỉnh Thanh Hóa",
    ] {
        assert_eq!(
            paths(text, None),
            [vec!["Công an tỉnh Thanh Hóa".to_owned()]],
            "{text}"
        );
    }
}

#[test]
fn central_cities_are_tp() {
    assert_eq!(
        paths("Công an thành phố Hà Nội", None),
        [vec!["Công an TP Hà Nội".to_owned()]]
    );
    assert_eq!(
        paths("Công an TP.HCM", None),
        [vec!["Công an TP Hồ Chí Minh".to_owned()]]
    );
}

#[test]
fn department_hangs_under_its_force() {
    let text = "Phòng Cảnh sát điều tra tội phạm về ma tuý Công an tỉnh Thanh Hóa";
    let found = paths(text, Some(thanh_hoa()));
    assert_eq!(
        found[0],
        [
            "Công an tỉnh Thanh Hóa",
            "Phòng Cảnh sát điều tra tội phạm về ma túy"
        ]
    );
    assert_eq!(
        paths("Phòng CSGT", Some(thanh_hoa()))[0],
        ["Công an tỉnh Thanh Hóa", "Phòng Cảnh sát giao thông"]
    );
}

#[test]
fn city_police_is_a_sub_unit_of_its_province() {
    // seed 002: "Công an phường An Hưng, TP Thanh Hóa"; sample: "Công an TP Thanh Hóa"
    assert_eq!(
        paths("Công an TP Thanh Hóa", None)[0],
        ["Công an tỉnh Thanh Hóa", "Công an TP Thanh Hóa"]
    );
    assert_eq!(
        paths("Công an phường An Hưng, TP Thanh Hóa", Some(thanh_hoa()))[0],
        ["Công an tỉnh Thanh Hóa", "Công an phường An Hưng"]
    );
}

#[test]
fn ministry_and_its_departments() {
    assert_eq!(
        paths("Bộ Công an tổ chức", None),
        [vec![MINISTRY.to_owned()]]
    );
    assert_eq!(
        paths("Cục CSGT", None)[0],
        [MINISTRY, "Cục Cảnh sát giao thông"]
    );
}

#[test]
fn parenthesized_attribution_is_marked() {
    let found = UnitMatcher::get().find_all("Cụm thi đua số 6 (Bộ Công an) gồm");
    assert!(found[0].parenthesized);
    assert!(!UnitMatcher::get().find_all("Bộ Công an tổ chức")[0].parenthesized);
}

#[test]
fn canonical_names_of_variants() {
    assert_eq!(
        canonical_unit_name("Phòng CSGT").as_deref(),
        Some("Phòng Cảnh sát giao thông")
    );
    assert_eq!(
        canonical_unit_name("Công an Thanh Hoá").as_deref(),
        Some("Công an tỉnh Thanh Hóa")
    );
    assert_eq!(
        canonical_unit_name("Công an huyện Yên Minh").as_deref(),
        Some("Công an huyện Yên Minh")
    );
    assert_eq!(canonical_unit_name("công an tỉnh"), None);
}

#[test]
fn unnamed_units_are_not_units() {
    assert!(paths("Công an tỉnh sơ kết công tác", None).is_empty());
    assert!(paths("Công an huyện đã vào cuộc", None).is_empty());
}

#[test]
fn unit_tables_have_no_duplicate_names() {
    let mut names: Vec<&str> = MINISTRY_DEPARTMENTS
        .iter()
        .chain(PROVINCIAL_DEPARTMENTS)
        .flat_map(|(name, variants)| std::iter::once(*name).chain(variants.iter().copied()))
        .collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count);
}
