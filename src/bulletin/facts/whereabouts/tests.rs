//! Tests of `whereabouts`.

use super::*;

fn main_of(title: &str, body: &str) -> Option<&'static str> {
    whereabouts(title, body).province.map(|p| p.then)
}

#[test]
fn a_title_opening_with_a_country_sets_the_story_abroad() {
    assert!(set_abroad("Trung Quốc tuyên án tử hình cựu bí thư"));
    assert!(set_abroad("Malaysia ngày mai xét xử 21 ngư dân"));
    assert!(set_abroad(
        "Người thân đón thi thể nạn nhân bị đánh bom ở Ai Cập"
    ));
    assert!(!set_abroad("Lào Cai bắt giữ đối tượng"));
}

#[test]
fn a_place_the_lead_names_alone_is_the_main_province() {
    assert_eq!(
        main_of(
            "Người dân cứu cụ ông",
            "Hàng xóm lao vào căn nhà ở Đà Nẵng đưa cụ ông ra."
        ),
        Some("Đà Nẵng")
    );
    // ... unless the body names another as often.
    assert_eq!(
        main_of(
            "Thanh niên bị tước bằng lái",
            "Thanh niên ở Phú Yên bị phạt.\nAnh ta bị bắt ở TP. HCM hôm qua.",
        ),
        None
    );
}

#[test]
fn the_most_named_place_must_be_named_early_or_often() {
    let late = "Tin tức thị trường hôm nay.\nGiá cả ổn định.\nNhiều người mua.\n\
                Nhà đầu tư ở TP. HCM cho biết. Một nhà đầu tư khác ở TP. HCM nói thêm.";
    assert_eq!(main_of("Chứng khoán phục hồi", late), None);
    let early = "Một vụ cháy xảy ra ở TP. HCM.\nLửa bốc lên ở TP. HCM lúc 3h.";
    assert_eq!(main_of("Cháy nhà", early), Some("TP Hồ Chí Minh"));
}

#[test]
fn an_empty_or_blank_body_leaves_the_title_to_decide() {
    for body in ["", "   ", "\n\n", " \n \n "] {
        assert_eq!(
            main_of("Công an tỉnh Nghệ An bắt giữ", body),
            Some("Nghệ An")
        );
        assert_eq!(main_of("Tin", body), None);
    }
}

#[test]
fn a_title_naming_several_provinces_names_no_main_one() {
    let body = "Bão dự kiến vào vùng biển Hải Phòng chiều 19/10.\nHải Phòng sơ tán dân.";
    assert_eq!(main_of("Bão có thể vào Quảng Ninh - Hải Phòng", body), None);
}

#[test]
fn a_case_of_the_supreme_procuracy_is_local_only_where_the_text_says() {
    let national = "Hai bị can bị truy tố.\nViện Kiểm sát nhân dân tối cao vừa hoàn tất cáo trạng và phân công Viện Kiểm sát nhân dân TP Hà Nội thực hành quyền công tố.";
    assert_eq!(main_of("Truy tố nguyên tổng giám đốc", national), None);
    let local = "Bị cáo trú xã Thiệu Toán, huyện Thiệu Hoá, tỉnh Thanh Hoá.\nTAND tối cao y án. Viện KSND tỉnh Thanh Hoá cho biết.";
    assert_eq!(main_of("Lãnh án chung thân", local), Some("Thanh Hóa"));
}

#[test]
fn titles_set_abroad_say_where() {
    for title in [
        "Hai nữ hành khách Việt bị giữ ở Malaysia",
        "Đánh án ma tuý tại Lào, một trinh sát bị thương",
        "Tàu Việt Nam bốc cháy ở Hong Kong",
        "Ở Đài Loan, ngư dân bị giam",
    ] {
        assert!(set_abroad(title), "{title}");
    }
    for title in [
        "Bắt hai người Trung Quốc trộm tiền",
        "Ma túy từ Lào về Nghệ An",
        "Cháy nhà ở Lào Cai",
        "Bắt đối tượng ở Phápvân",
    ] {
        assert!(!set_abroad(title), "{title}");
    }
}

#[test]
fn acting_unit_skips_attribution_in_parentheses() {
    let found = whereabouts("Cụm thi đua số 6 (Bộ Công an): Chủ động", "Sáng 12/7, tại Công an tỉnh Nghệ An, Cụm thi đua số 6 gồm Công an các tỉnh: Ninh Bình, Thanh Hóa");
    assert_eq!(found.unit, Some(vec!["Công an tỉnh Nghệ An".to_owned()]));
    assert_eq!(found.province.map(|p| p.then), Some("Nghệ An"));
    let names: Vec<_> = found.provinces.iter().map(|p| p.then).collect();
    assert_eq!(names, ["Nghệ An", "Ninh Bình", "Thanh Hóa"]);
}

#[test]
fn ministry_event_takes_the_reporting_province() {
    let found = whereabouts(
        "Bộ Công an sơ kết công tác",
        "Ngày 28/9/2023, Bộ Công an tổ chức. Giám đốc chủ trì tại điểm cầu Công an tỉnh Hưng Yên.",
    );
    assert_eq!(found.unit, Some(vec!["Bộ Công an".to_owned()]));
    assert_eq!(found.province.map(|p| p.then), Some("Hưng Yên"));
}

#[test]
fn department_takes_the_force_named_after_it() {
    let found = whereabouts(
        "Bắt quả tang",
        "Sáng 14/3, Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Thanh Hóa phối hợp",
    );
    assert_eq!(
        found.unit,
        Some(vec![
            "Công an tỉnh Thanh Hóa".to_owned(),
            "Phòng Cảnh sát điều tra tội phạm về ma túy".to_owned()
        ])
    );
}

#[test]
fn ministry_event_finds_a_force_deep_in_the_body() {
    let body = format!(
        "Bộ Công an tổ chức hội nghị. {} Đại diện Công an tỉnh Nam Định phát biểu.",
        "Nội dung. ".repeat(200)
    );
    let found = whereabouts("Hội nghị trực tuyến", &body);
    assert_eq!(found.province.map(|p| p.then), Some("Nam Định"));
}

#[test]
fn no_unit_falls_back_to_named_provinces() {
    let found = whereabouts(
        "Tai nạn ở Hà Giang",
        "Một vụ tai nạn tại Yên Bái và Yên Bái",
    );
    assert_eq!(found.unit, None);
    assert_eq!(found.province.map(|p| p.then), Some("Hà Giang"));
    let found = whereabouts(
        "Tai nạn",
        "Một vụ tai nạn tại Hà Giang, rồi Yên Bái và Yên Bái",
    );
    assert_eq!(found.province.map(|p| p.then), Some("Yên Bái"));
}
