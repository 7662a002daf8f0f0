//! What the search page says when a search cannot run: in Vietnamese, naming the page's
//! own controls rather than command-line options or URL parameters, with the names a
//! reader may have meant as links. The API and the CLI keep their English messages.

use crate::search::filters::FilterError;
use crate::search::parse::ParseError;
use crate::search::{SearchError, MAX_HITS};
use crate::serve::params::UrlParam;

/// The page's words for one error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMessage {
    pub text: String,
    /// Names the reader may have meant instead of a filter value.
    pub suggestions: Vec<Suggestion>,
}

/// A known name for a filter value that matched nothing: the page links to the search with
/// `wrong` replaced by `name` in the values of `param`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub param: &'static str,
    pub wrong: String,
    pub name: String,
}

impl PageMessage {
    fn plain(text: String) -> PageMessage {
        PageMessage {
            text,
            suggestions: Vec::new(),
        }
    }
}

/// The page's message for a search that could not run.
pub fn search_error(error: &SearchError) -> PageMessage {
    match error {
        SearchError::Query(parse) => PageMessage::plain(parse_error(parse)),
        SearchError::NothingToSearch { query } if query.trim().is_empty() => PageMessage::plain(
            "Chưa có gì để tìm: gõ từ cần tìm, hoặc chọn một tỉnh/thành, đơn vị hay khoảng \
                 thời gian."
                .to_owned(),
        ),
        SearchError::NothingToSearch { query } => PageMessage::plain(format!(
            "Truy vấn “{query}” không có từ nào để tìm: gõ từ cần tìm, hoặc chọn một \
             tỉnh/thành, đơn vị hay khoảng thời gian."
        )),
        SearchError::TooDeep { .. } => PageMessage::plain(format!(
            "Kết quả chỉ xem được tới bản tin thứ {MAX_HITS}; hãy thu hẹp tìm kiếm bằng thêm từ \
             hoặc bộ lọc."
        )),
        SearchError::Filter(filter) => filter_error(filter),
        SearchError::Index(_) => PageMessage::plain(
            "Máy chủ không đọc được chỉ mục; thử lại sau hoặc báo người quản trị.".to_owned(),
        ),
    }
}

fn filter_error(error: &FilterError) -> PageMessage {
    match error {
        FilterError::Empty { flag } => PageMessage::plain(format!(
            "Ô {} đang trống: chọn một giá trị hoặc bỏ lọc.",
            control(flag)
        )),
        FilterError::UnknownProvince {
            flag,
            name,
            suggestions,
        } => PageMessage {
            text: format!("“{name}” không phải tên tỉnh/thành nào."),
            suggestions: suggested(param(flag), name, suggestions),
        },
        FilterError::UnknownUnit {
            flag,
            name,
            suggestions,
        } => PageMessage {
            text: format!("Không có đơn vị nào trong chỉ mục khớp “{name}”."),
            suggestions: suggested(param(flag), name, suggestions),
        },
        FilterError::BadDate { flag, value } => PageMessage::plain(format!(
            "“{value}” ở ô {} không phải một ngày: viết 12/3/2019, 3/2019, 2019 hoặc \
             2019-03-12.",
            control(flag)
        )),
        FilterError::EmptyRange { from, to } => PageMessage::plain(format!(
            "Từ ngày {from} lại sau đến ngày {to}: hãy đổi khoảng thời gian."
        )),
        FilterError::NewSince(_) => PageMessage::plain(
            "Không lọc được theo thời điểm nạp bản tin trong chỉ mục này.".to_owned(),
        ),
    }
}

/// The names listed in an error (`Thanh Hóa, Thái Bình`) as suggestions.
fn suggested(param: &'static str, wrong: &str, names: &str) -> Vec<Suggestion> {
    names
        .split(", ")
        .filter(|name| !name.is_empty())
        .map(|name| Suggestion {
            param,
            wrong: wrong.to_owned(),
            name: name.to_owned(),
        })
        .collect()
}

/// The URL parameter of a filter's command-line option (`--not-province` is
/// `not_province`).
fn url_param(flag: &str) -> Option<&'static UrlParam> {
    UrlParam::named(&flag.trim_start_matches("--").replace('-', "_"))
}

/// The URL parameter of a command-line option; the year's stands for any other.
fn param(flag: &str) -> &'static str {
    url_param(flag).map_or("year", |param| param.name)
}

/// What the page calls the control behind a command-line option.
fn control(flag: &str) -> &'static str {
    url_param(flag).map_or("Năm", |param| param.control)
}

/// The parser's messages (by how they start) as the page says them.
const QUERY_PROBLEMS: &[(&str, &str)] = &[
    ("query longer than", "truy vấn quá dài"),
    ("quote", "dấu ngoặc kép \" chưa được đóng"),
    ("`)` without", "dấu ) không có dấu ( tương ứng"),
    ("`(` is never closed", "dấu ( chưa được đóng"),
    ("empty `()`", "cặp ngoặc () trống"),
    ("parentheses nested", "các cặp ngoặc lồng nhau quá sâu"),
    ("`AND` needs", "AND cần một từ đứng trước"),
    ("`OR` needs a word before", "OR cần một từ đứng trước"),
    ("`OR` needs a word after", "OR cần một từ đứng sau"),
    (
        "`+` or `-` cannot mark",
        "+ hoặc - không đánh dấu được một vế của OR: viết bên ngoài, như cướp -xe hoặc \
         (cướp OR trộm) -xe",
    ),
    (
        "`+`, `-` or a field name",
        "sau +, - hoặc tên trường cần một từ hay cụm từ",
    ),
];

/// A query that cannot be read, said in Vietnamese where the problem is known.
fn parse_error(error: &ParseError) -> String {
    let message = error.message.as_str();
    let said = QUERY_PROBLEMS
        .iter()
        .find(|(start, _)| message.starts_with(start))
        .map_or(message, |(_, said)| said);
    format!("Không hiểu truy vấn (ký tự thứ {}): {said}.", error.column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse::parse_query;

    #[test]
    fn every_query_error_is_said_in_vietnamese() {
        for query in [
            "\"ma tuy",
            "ma)",
            "(ma",
            "()",
            "AND ma",
            "OR ma",
            "ma OR",
            "cướp OR -xe",
            "title:",
            &"(".repeat(30),
            &"a".repeat(1001),
        ] {
            let error = parse_query(query).expect_err(query);
            let said = parse_error(&error);
            assert!(
                !said.contains(&error.message),
                "{query:?}: {said} repeats the English"
            );
        }
    }

    #[test]
    fn an_unknown_province_suggests_names_to_link() {
        let error = SearchError::Filter(FilterError::UnknownProvince {
            flag: "--not-province",
            name: "Thanh Hao".to_owned(),
            suggestions: "Thanh Hóa, Thái Bình".to_owned(),
        });
        let message = search_error(&error);
        assert_eq!(message.text, "“Thanh Hao” không phải tên tỉnh/thành nào.");
        let names: Vec<(&str, &str)> = message
            .suggestions
            .iter()
            .map(|s| (s.param, s.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [("not_province", "Thanh Hóa"), ("not_province", "Thái Bình")]
        );
    }
}
