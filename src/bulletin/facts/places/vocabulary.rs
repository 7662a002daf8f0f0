//! The words the place rules read: names that make a province name a person's, words
//! before a place that say what it is (a home, a force, a route, a company), and phrases of
//! lives and births. Lowercase unless said otherwise; one list per question a rule asks.

/// Family names: a province name right after one is part of a person's name.
pub(super) const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Trịnh", "Đào", "Lương", "Tô",
    "Tạ", "Lại", "Quách", "Chu", "Phùng", "Đoàn", "Vương", "Lưu", "Kiều", "Châu", "Đàm", "Tăng",
    "Mạc", "Từ", "Khổng", "Triệu", "Doãn", "Thân", "Âu", "Nông", "Hứa", "Lục", "Khúc", "Diệp",
    "Phí", "Cao", "Tôn", "Cù", "Giáp", "Tống", "Bạch", "Lò",
];

/// Middle names common enough to mark a person: `Nguyễn Văn Thái Bình`.
pub(super) const MIDDLE_NAMES: &[&str] = &[
    "Văn", "Thị", "Hữu", "Đức", "Ngọc", "Xuân", "Công", "Đình", "Thế", "Bá", "Trọng", "Duy",
];

/// Words before a person's name, and words before a street, company, club or river name,
/// lowercase: a province name right after one is not a place.
pub(super) const NOT_A_PLACE_BEFORE: &[&str] = &[
    "ông",
    "bà",
    "anh",
    "chị",
    "cháu",
    "em",
    "bé",
    "cô",
    "chú",
    "đối tượng",
    "bị can",
    "bị cáo",
    "nghi phạm",
    "nạn nhân",
    "tên",
    "đường",
    "phố",
    "ngõ",
    "ngách",
    "hẻm",
    "đại lộ",
    "quốc lộ",
    "tỉnh lộ",
    "công ty",
    "tập đoàn",
    "doanh nghiệp",
    "clb",
    "câu lạc bộ",
    "đội",
    "sông",
    "tàu",
    "khách sạn",
    "nhà hàng",
    "báo",
    "đài",
    "ngân hàng",
    "bia",
    "giờ",
];

/// Words before a run of capitalized words that make the run a company, club or medium:
/// `công ty CP SJC Sài Gòn`.
pub(super) const NAMED_BODIES: &[&str] = &[
    "công ty",
    "tập đoàn",
    "ngân hàng",
    "clb",
    "câu lạc bộ",
    "sở giao dịch",
];

/// Abbreviations of state bodies and kinds of place: a province name after one of them is
/// still a place (`UBND Hà Nội`, `CSGT Hà Nội`). After any other word in capitals it names
/// a company's or a bank's branch (`BIDV Hà Tĩnh`, `CEN Hà Nội`).
pub(super) const STATE_ABBREVIATIONS: &[&str] = &[
    "UBND", "HĐND", "TAND", "VKSND", "VKS", "CSGT", "CSĐT", "CATP", "CAND", "CA", "PCCC", "GTVT",
    "MTTQ", "BCH", "BHXH", "KBNN", "TP", "TX", "KCN", "ANTT", "TNGT", "THPT", "THCS", "ĐH", "BV",
    "TW", "VN", "QL", "TL", "KDC", "ĐBQH", "KSND", "CSKV", "QLTT", "CSHS", "CSKT", "CSMT", "CSCĐ",
    "ANĐT", "UBMTTQ", "PC", "PA", "PK",
];

/// National bodies whose seat is the capital: a clause naming one of them and Hà Nội sets
/// the nation's business there, not a local matter (`Quốc hội khai mạc tại Hà Nội`).
pub(super) const NATIONAL_BODIES: &[&str] = &[
    "quốc hội",
    "chính phủ",
    "trung ương",
    "thủ tướng",
    "bộ chính trị",
    "ban bí thư",
];

/// Phrases that make the rest of a clause a person's past: `Ông nguyên là Giám đốc Công an
/// Nghệ An, Chủ tịch tỉnh Nghệ An`.
pub(super) const BIOGRAPHY: &[&str] = &[
    "nguyên là",
    "từng là",
    "từng giữ",
    "từng đảm nhiệm",
    "từng công tác",
    "từng làm",
    "nguyên giám đốc",
    "nguyên chủ tịch",
    "nguyên bí thư",
    "nguyên phó",
];

/// Phrases that make the rest of a clause where a person was born or grew up: `sinh ngày
/// 2/9/1960 tại xã Thạch Việt`, `sinh ra ở Hà Nội`, `sinh trưởng ở Đồng Tháp`.
pub(super) const BIRTH: &[&str] = &[
    "sinh ngày",
    "sinh năm",
    "sinh tại",
    "sinh ra",
    "sinh trưởng",
];

/// Words right before a place that make it a vehicle's registration or a route's end:
/// `biển số Thanh Hoá`, `từ Lạng Sơn`, `hướng Hà Nội đi Hà Nam`, `cao tốc TP. HCM`.
pub(super) const PASSING_BEFORE: &[&str] = &[
    "biển",
    "biển số",
    "biển kiểm soát",
    "bks",
    "số hiệu",
    "từ",
    "hướng",
    "đi",
    "về",
    "cao tốc",
    "tuyến",
    "lộ trình",
    "chặng",
    "đoạn",
];

/// Words in a clause that make `A - B` a route, both ends passing: `cao tốc Pháp Vân -
/// Cầu Giẽ`, `chuyến bay VN248 lộ trình TP. HCM - Hà Nội`.
pub(super) const ROUTE_WORDS: &[&str] = &[
    "cao tốc",
    "tuyến",
    "lộ trình",
    "chuyến bay",
    "đường sắt",
    "đoạn",
];

/// How far before the second end of a route its route word may stand.
pub(super) const ROUTE_REACH: usize = 40;

/// Words after a place that make it one of a region's places, named as an example: `tại
/// TP. HCM và các tỉnh miền Tây`.
pub(super) const REGION_AFTER: &[&str] = &[
    "và các tỉnh",
    "và các địa phương",
    "và nhiều tỉnh",
    "cùng các tỉnh",
];

/// Kinds of local unit that may stand between a court and its province: `Toà án nhân dân
/// quận 10, TP. HCM`.
pub(super) const LOCAL_KINDS: &[&str] = &[
    "quận",
    "huyện",
    "thị xã",
    "thành phố",
    "tp.",
    "tp",
    "thị trấn",
];

/// Names that hold a province name but are something else.
pub(super) const LONGER_NAMES: &[&str] = &["Thái Bình Dương"];

/// Words before a place that make it the home of a person.
pub(super) const RESIDENCE_WORDS: &[&str] = &["quê", "trú", "ngụ", "hktt", "gốc"];

/// Pairs of words before a place that make it the home of a person or a company (`thường
/// trú` and `quê quán` hold a word above).
pub(super) const RESIDENCE_PAIRS: &[(&str, &str)] =
    &[("sinh", "sống"), ("nguyên", "quán"), ("trụ", "sở")];

/// Words before a place that make it a police force or court acting there.
pub(super) const FORCE_WORDS: &[&str] = &[
    "công an",
    "ca",
    "tand",
    "tòa án nhân dân",
    "toà án nhân dân",
    "tòa án",
    "toà án",
    "vksnd",
    "viện ksnd",
    "viện kiểm sát nhân dân",
    "cơ quan csđt",
    "cơ quan cảnh sát điều tra",
    "cấp cao tại",
];

/// Words naming a vessel, a rig or a plant, which are often named after a province and
/// numbered: `tàu khảo sát Hải Dương 8`, `giàn khoan Hải Dương 981`, `Nhiệt điện Thái Bình 2`.
pub(super) const NUMBERED_NAMES: &[&str] = &[
    "tàu",
    "dự án",
    "điện lực",
    "dầu khí",
    "giàn khoan",
    "sà lan",
    "xà lan",
    "máy bay",
    "nhiệt điện",
    "thủy điện",
    "thuỷ điện",
    "nhà máy",
];

/// How far before a numbered name its kind may stand (`tàu khảo sát ` before `Hải Dương 8`).
pub(super) const NUMBERED_NAME_REACH: usize = 30;

/// Words that end a company's or club's name when walking back from a place: what comes
/// before them is not part of the name (`công ty vận tải ở Hà Nội`).
pub(super) const NAME_BREAKS: &[&str] = &[
    "ở", "tại", "trên", "thuộc", "của", "và", "với", "cho", "về", "từ", "đến", "là",
];
