//! The place rules, one test or more a rule.

use super::*;

fn places(text: &str) -> Vec<(&str, &'static str, Role)> {
    find_places(text)
        .into_iter()
        .map(|p| (&text[p.start..p.end], p.province.then, p.role))
        .collect()
}

fn provinces(text: &str) -> Vec<&'static str> {
    find_places(text)
        .into_iter()
        .map(|p| p.province.then)
        .collect()
}

#[test]
fn people_are_not_places() {
    // vietnews/016417
    assert!(provinces("ông Nguyễn Thanh Hoá, trưởng thôn").is_empty());
    assert!(provinces("nguyên Phó Thủ tướng Trương Hòa Bình").is_empty());
    assert!(provinces("bị cáo Nguyễn Văn Thái Bình").is_empty());
    assert!(provinces("Đối tượng Hà Nội khai nhận").is_empty());
    // Rarer family names, and a name that is also a commune's or a district's.
    assert!(provinces("đối với ông Phí Thái Bình, nguyên phó chủ tịch").is_empty());
    assert!(provinces("bà Cao Thái Bình cho biết").is_empty());
}

#[test]
fn streets_companies_clubs_and_oceans_are_not_places() {
    assert!(provinces("trên đường Thái Nguyên, quận").is_empty());
    assert!(provinces("tại phố Hà Nội").is_empty());
    assert!(provinces("Công ty Vũng Tàu Xanh").is_empty());
    assert!(provinces("CLB Hà Nội thắng").is_empty());
    assert!(provinces("ở khu vực Thái Bình Dương").is_empty());
    // ... but the city of Hà Nội is.
    assert_eq!(provinces("thành phố Hà Nội"), ["Hà Nội"]);
}

#[test]
fn vessels_foreign_provinces_and_time_zones_are_not_places() {
    for text in [
        "Tàu khảo sát Hải Dương 8 của Trung Quốc quay lại vùng biển.",
        "giàn khoan Hải Dương 981 hạ đặt trái phép",
        "dự án Nhiệt điện Thái Bình 2 chậm tiến độ",
        "Vụ án xảy ra tại tỉnh Hà Nam, Trung Quốc hôm qua.",
        "cảnh sát tỉnh Quảng Tây (Trung Quốc) cho biết",
        "lúc 20h (giờ Hà Nội) ngày 5/3",
    ] {
        assert!(provinces(text).is_empty(), "{text}: {:?}", provinces(text));
    }
    for text in [
        "Hải Dương 12/3 - Công an tỉnh bắt giữ",
        "Hải Dương, ngày 12/3",
        "tại Hà Nội 2 đối tượng bị bắt",
        "Công an tỉnh Nghệ An 5 năm qua",
    ] {
        assert!(!provinces(text).is_empty(), "{text}");
    }
}

#[test]
fn districts_and_communes_name_their_province() {
    assert_eq!(
        places("Công an huyện Quỳnh Lưu bắt giữ"),
        [("huyện Quỳnh Lưu", "Nghệ An", Role::Force)]
    );
    assert_eq!(provinces("ở quận Gò Vấp"), ["TP Hồ Chí Minh"]);
    // vietnews/000245: a court of a district, with its province.
    assert_eq!(
        provinces("TAND huyện Ba Chẽ, tỉnh Quảng Ninh đã mở phiên tòa"),
        ["Quảng Ninh", "Quảng Ninh"]
    );
}

#[test]
fn shared_names_need_a_province_nearby() {
    assert!(provinces("Sự việc xảy ra ở xã Tân Thành.").is_empty());
    assert_eq!(
        provinces("tại xã Tân Thành, huyện X, tỉnh Long An"),
        ["Long An", "Long An"]
    );
}

#[test]
fn companies_and_biographies_are_not_the_place_of_the_matter() {
    // vietnews/061291
    assert!(provinces("giá vàng được công ty CP SJC Sài Gòn niêm yết").is_empty());
    // vietnews/089026
    let bio = "Ông nguyên là Giám đốc Công an Nghệ An, Chủ tịch tỉnh Nghệ An.";
    let roles: Vec<Role> = find_places(bio).into_iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Residence, Role::Residence]);
    // vietnews/082955
    let home = "bà Dương Thị Hoa (huyện Chợ Mới, tỉnh An Giang) rất phấn khởi";
    let roles: Vec<Role> = find_places(home).into_iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::Residence, Role::Residence]);
    // ... but a force's province in parentheses is not a home.
    let force = "Công an huyện Châu Thành (Tiền Giang) bắt giữ";
    let roles: Vec<Role> = find_places(force).into_iter().map(|p| p.role).collect();
    assert!(!roles.contains(&Role::Residence), "{roles:?}");
}

#[test]
fn homes_and_forces_are_told_apart() {
    // vietnews/000320
    let text = "Công an huyện Tân Phước, tỉnh Tiền Giang đã bắt Nguyễn Văn Luân, ngụ xã Vĩnh Lợi, huyện Thạnh Trị, tỉnh Sóc Trăng";
    let roles: Vec<_> = places(text).into_iter().map(|(_, p, r)| (p, r)).collect();
    assert_eq!(roles[0], ("Tiền Giang", Role::Force));
    assert!(roles.contains(&("Sóc Trăng", Role::Residence)), "{roles:?}");
    assert!(!roles.contains(&("Sóc Trăng", Role::Place)), "{roles:?}");
    assert_eq!(
        places("Triệu Thế Vũ (24 tuổi, quê Hà Giang)"),
        [("Hà Giang", "Hà Giang", Role::Residence)]
    );
    assert_eq!(
        places("TAND tỉnh Thái Nguyên xét xử"),
        [("Thái Nguyên", "Thái Nguyên", Role::Force)]
    );
    // vietnews/079685
    assert_eq!(
        places("HĐXX phúc thẩm TAND cấp cao tại TP. HCM đã giao hồ sơ"),
        [("TP. HCM", "TP Hồ Chí Minh", Role::Force)]
    );
}

fn roles(text: &str) -> Vec<(&'static str, Role)> {
    find_places(text)
        .into_iter()
        .map(|p| (p.province.then, p.role))
        .collect()
}

#[test]
fn plates_routes_and_roads_are_passing() {
    for text in [
        "xe tải biển Đà Nẵng lật ngang",
        "xe khách biển số tỉnh Hà Nam",
        "tàu cá mang số hiệu Bình Thuận",
        "đưa khách từ Lạng Sơn",
        "trên cao tốc Pháp Vân hướng Hà Nội",
        "trên cao tốc TP. HCM - Long Thành",
        "lộ trình TP. HCM - Hà Nội",
        "tuyến đường sắt Hà Nội - Lạng Sơn",
        "giá gas tại TP. HCM và các tỉnh miền Tây",
    ] {
        let found = roles(text);
        assert!(!found.is_empty(), "{text}");
        assert!(
            found.iter().all(|(_, r)| *r == Role::Passing),
            "{text}: {found:?}"
        );
    }
    assert_eq!(roles("tại Bắc Giang"), [("Bắc Giang", Role::Place)]);
}

#[test]
fn births_past_posts_and_company_homes_are_homes() {
    for text in [
        "Ông sinh ngày 2/9/1960 tại xã Thạch Việt, huyện Thạch Hà, tỉnh Hà Tĩnh",
        "người sinh ra tại Hà Nội",
        "Ông từng đảm nhiệm chức vụ Giám đốc Công an thành phố Đà Nẵng",
        "nguyên Phó Viện trưởng VKSND TP. Đà Nẵng cưỡng hôn bé gái",
        "chàng cầu thủ gốc Nghệ An",
        "thanh niên 25 tuổi ở Phú Yên",
        "công ty có trụ sở tại quận 1, TP. HCM",
        "(41 tuổi, trú Q. 11, TP. HCM)",
    ] {
        let found = roles(text);
        assert!(!found.is_empty(), "{text}");
        assert!(
            found.iter().all(|(_, r)| *r == Role::Residence),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn company_names_and_branches_are_not_places() {
    for text in [
        "Công ty cổ phần dịch vụ giải trí Hà Nội",
        "Tổng công ty Cổ phần Bia - Rượu - Nước giải khát Sài Gòn",
        "Sở Giao dịch chứng khoán TP. HCM",
        "ông Kiều Đình Hoà, nguyên Giám đốc BIDV Hà Tĩnh",
        "thương hiệu Bia Hà Nội",
    ] {
        assert!(provinces(text).is_empty(), "{text}: {:?}", provinces(text));
    }
    // A company's place after a preposition, and a state body's, are places.
    assert_eq!(
        provinces("tài xế thuộc Công ty vận tải ở Hà Nội"),
        ["Hà Nội"]
    );
    assert_eq!(provinces("UBND Hà Nội"), ["Hà Nội"]);
    assert_eq!(
        provinces("Viện KSND TP. HCM giữ quyền công tố"),
        ["TP Hồ Chí Minh"]
    );
}

#[test]
fn a_court_named_with_its_district_is_a_force() {
    assert_eq!(
        roles("Toà án Nhân dân quận 10, TP. HCM đã chấp nhận yêu cầu"),
        [("TP Hồ Chí Minh", Role::Force)]
    );
    assert_eq!(
        roles("Công an huyện Đắk R’ Lấp, Đắk Nông cho biết")
            .last()
            .copied(),
        Some(("Đắk Nông", Role::Force))
    );
}

#[test]
fn the_capital_as_the_seat_of_national_bodies_is_passing() {
    assert_eq!(
        roles("Kỳ họp thứ 7 Quốc hội khai mạc tại Hà Nội."),
        [("Hà Nội", Role::Passing)]
    );
    assert_eq!(
        roles("Vụ cháy xảy ra tại Hà Nội."),
        [("Hà Nội", Role::Place)]
    );
}

#[test]
fn abbreviations_end_no_clause() {
    assert_eq!(last_clause("ngày 2. trú q. 11, tp. "), " trú q. 11, tp. ");
    assert_eq!(last_clause("xong; bắt"), " bắt");
    assert_eq!(last_clause("không dấu"), "không dấu");
}
