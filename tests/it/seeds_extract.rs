//! Metadata extracted from the five real bulletins in `tests/fixtures/seeds` (copied
//! byte for byte from the scraped samples).

use bantin::bulletin::Bulletin;

fn seed(name: &str) -> Bulletin {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("seed fixture is UTF-8");
    Bulletin::from_plain_text(&text, path.display().to_string())
}

/// (title, date, main province, provinces named, unit) of a seed, as strings.
fn summary(b: &Bulletin) -> (String, String, String, Vec<String>, String) {
    (
        b.title.clone(),
        b.date.map(|d| d.to_string()).unwrap_or_default(),
        b.province.map(|p| p.then.to_owned()).unwrap_or_default(),
        b.provinces.iter().map(|p| p.then.to_owned()).collect(),
        b.unit.clone().unwrap_or_default().join(" / "),
    )
}

#[test]
fn seed_000_thanh_hoa_half_year_review() {
    let (title, date, province, _, unit) = summary(&seed("000_85eaddf2e45121e1.txt"));
    assert_eq!(title, "Công an tỉnh sơ kết công tác 6 tháng đầu năm 2024");
    assert_eq!(date, "2024-07-11");
    assert_eq!(province, "Thanh Hóa");
    assert_eq!(unit, "Công an tỉnh Thanh Hóa");
}

#[test]
fn seed_001_ministry_conference_reported_from_hung_yen() {
    let (title, date, province, _, unit) = summary(&seed("001_c5be20ee543c3a20.txt"));
    assert_eq!(
        title,
        "Bộ Công an sơ kết công tác Công an quý III và 9 tháng đầu năm 2023"
    );
    assert_eq!(
        date, "2023-09-29",
        "the posting date wins over the event's 28/9"
    );
    assert_eq!(province, "Hưng Yên");
    assert_eq!(
        unit, "Bộ Công an",
        "the acting unit of the lead is the ministry"
    );
}

#[test]
fn seed_002_ministry_inspection_in_thanh_hoa() {
    let b = seed("002_b2cee2a168411ca0.txt");
    let (title, date, province, _, unit) = summary(&b);
    assert!(
        title.starts_with("Đoàn công tác của Bộ Công an kiểm tra"),
        "{title}"
    );
    assert_eq!(date, "2023-10-12");
    assert_eq!(province, "Thanh Hóa");
    assert_eq!(unit, "Bộ Công an");
}

#[test]
fn seed_003_security_force_year_review() {
    let (title, date, province, _, unit) = summary(&seed("003_a9c0f1154f463433.txt"));
    assert_eq!(
        title,
        "Lực lượng An ninh Công an Thanh Hóa - một năm hoàn thành xuất sắc nhiệm vụ"
    );
    assert_eq!(date, "2023-12-27");
    assert_eq!(province, "Thanh Hóa");
    assert_eq!(unit, "Công an tỉnh Thanh Hóa");
}

#[test]
fn seed_004_emulation_cluster_of_five_provinces() {
    let b = seed("004_4bc5cd3dc9dd1325.txt");
    let (title, date, province, provinces, unit) = summary(&b);
    assert_eq!(title, "Cụm thi đua số 6 (Bộ Công an): Chủ động, sáng tạo trong phong trào thi đua 'Vì an ninh Tổ quốc'");
    assert_eq!(date, "2024-07-12");
    assert_eq!(province, "Nghệ An");
    for named in ["Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình"] {
        assert!(
            provinces.contains(&named.to_owned()),
            "{named} missing from {provinces:?}"
        );
    }
    assert_eq!(unit, "Công an tỉnh Nghệ An");
    assert!(b.body.starts_with("Sáng 12/7, tại Công an tỉnh Nghệ An"));
}
