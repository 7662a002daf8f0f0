//! Where a bulletin comes from and which unit acts in it: the unit and province rules.
//!
//! Unit and province rules (documented in the README):
//! - The **unit** is the acting unit of the lead: the first unit named in the title, else in
//!   the first paragraph, skipping attributions in parentheses. A ministry conference
//!   reported by a province's site is the ministry's (`/Bộ Công an`); its province is the
//!   reporting force's.
//! - The **main province** is the acting unit's province; for the ministry or no unit, the
//!   first provincial force named anywhere; else the first province in the title; else the
//!   one the body names most.
//! - **Provinces** lists the main one first, then every other province named.

use super::layout::lead_paragraph;
use super::places::{find_places, Place, Role};
use crate::bulletin::gazetteer::{Province, UnitMatcher, UnitMention};

/// Where a bulletin comes from, and which unit acts in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Whereabouts {
    pub province: Option<Province>,
    /// Which rule chose `province`.
    pub basis: Option<Basis>,
    pub provinces: Vec<Province>,
    pub unit: Option<Vec<String>>,
}

/// The rule that chose a bulletin's main province, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// A force, court or the acting unit in the title.
    TitleActor,
    /// A force, court or the acting unit in the lead.
    LeadActor,
    /// A police force or court of a place anywhere in the body.
    BodyForce,
    /// The one province the title names as a place.
    TitlePlace,
    /// The one province the lead names as a place.
    LeadPlace,
    /// The province the body names clearly most as a place.
    MostNamedPlace,
}

impl Basis {
    pub fn describe(self) -> &'static str {
        match self {
            Basis::TitleActor => "the force or court in the title",
            Basis::LeadActor => "the force or court in the lead",
            Basis::BodyForce => "a force or court in the body",
            Basis::TitlePlace => "the place in the title",
            Basis::LeadPlace => "the place in the lead",
            Basis::MostNamedPlace => "the place the body names most",
        }
    }
}

/// Finds the main province, every province named, and the acting unit (module rules).
/// `title` and `body` must be NFC ([`crate::text::normalize::to_nfc`]).
pub fn whereabouts(title: &str, body: &str) -> Whereabouts {
    let units = UnitMatcher::get();

    let lead = lead_paragraph(body);
    let lead_offset = lead.as_ptr() as usize - body.as_ptr() as usize;
    let title_units = units.find_all(title);
    let lead_units = units.find_all(lead);
    // The acting unit, with the units of the text it stands in (title or lead).
    let acting = title_units
        .iter()
        .map(|m| (m, &title_units))
        .chain(lead_units.iter().map(|m| (m, &lead_units)))
        .find(|(m, _)| !m.parenthesized);

    let title_places = find_places(title);
    let body_places = find_places(body);
    let lead_places: Vec<Place> = body_places
        .iter()
        .filter(|p| p.start >= lead_offset && p.end <= lead_offset + lead.len())
        .map(|p| Place {
            start: p.start - lead_offset,
            end: p.end - lead_offset,
            ..*p
        })
        .collect();

    // A story the title sets abroad (`... bị giữ ở Malaysia`) takes a province only from a
    // force or court acting there, not from the places it names in passing (a flight's
    // origin, a home port, a photo's caption).
    let abroad = title_places.is_empty() && set_abroad(title);
    // A title naming several provinces (`Bão có thể vào Quảng Ninh - Hải Phòng`) spans
    // them: no one of them is where the matter is, however often the body names it.
    let spans = several_provinces(&title_places);
    // National figures list provinces as examples (`Thanh Hóa (12 vụ), Nghệ An (10 vụ), Hà
    // Nội (9 vụ)...`): the first of them, or its force, is not where the matter is.
    let opening = lead_offset + paragraphs_len(&body[lead_offset..], OPENING_PARAGRAPHS);
    let overview =
        lists_provinces(title, &title_places) || lists_provinces(&body[..opening], &body_places);
    let by_places = !abroad && !spans && !overview;
    // A case the supreme court or procuracy takes up goes to a city's court because of its
    // size, not its place: a force named after them makes it local only where the text
    // places the matter in the force's province too.
    let national = supreme_acts_first(&body[..opening], &body_places);
    let with = |basis: Basis| move |p: Province| (p, basis);
    let chosen = first_acting(&title_units, &title_places, acting)
        .map(with(Basis::TitleActor))
        .or_else(|| {
            first_acting(&lead_units, &lead_places, acting)
                .filter(|p| !national || named_as_a_place(&body_places, *p))
                .map(with(Basis::LeadActor))
        })
        .or_else(|| {
            (!overview)
                .then(|| first_force(&body_places))?
                .filter(|p| !national || named_as_a_place(&body_places, *p))
                .map(with(Basis::BodyForce))
        })
        .or_else(|| only_place(&title_places).map(with(Basis::TitlePlace)))
        .or_else(|| {
            // Named in the title or the opening, or at three addresses: not a feature's
            // aside repeated further down.
            let early_or_often = |p: &Province| {
                title_places.iter().any(|t| t.province == *p)
                    || body_places[..ending_by(&body_places, opening)]
                        .iter()
                        .any(|b| b.province == *p)
                    || addresses(&body_places, *p) >= 3
            };
            by_places
                .then(|| clearly_most_named(&body_places))?
                .filter(early_or_often)
                .map(with(Basis::MostNamedPlace))
        })
        .or_else(|| {
            // One mention is enough only in the summary and what follows it.
            let lead_end = lead_offset + paragraphs_len(&body[lead_offset..], 2);
            by_places
                .then(|| only_place(&body_places[..ending_by(&body_places, lead_end)]))?
                .filter(|p| is_most_named(&body_places, *p))
                .map(with(Basis::LeadPlace))
        });
    let province = chosen.map(|(p, _)| p);

    let mut provinces: Vec<Province> = province.into_iter().collect();
    for place in title_places.iter().chain(&body_places) {
        if !provinces.contains(&place.province) {
            provinces.push(place.province);
        }
    }
    Whereabouts {
        province,
        basis: chosen.map(|(_, b)| b),
        provinces,
        unit: acting.and_then(|(m, _)| m.facet_path(province)),
    }
}

/// Countries and territories a title may set a story in. Names that are also Vietnamese
/// places or given names (`Mỹ`: `Mỹ Tho`, `Thị Mỹ`; `Anh`) are left out.
const ABROAD: &[&str] = &[
    "Trung Quốc",
    "Hoa Kỳ",
    "Nhật Bản",
    "Hàn Quốc",
    "Triều Tiên",
    "Lào",
    "Campuchia",
    "Thái Lan",
    "Malaysia",
    "Indonesia",
    "Philippines",
    "Singapore",
    "Myanmar",
    "Đài Loan",
    "Hong Kong",
    "Hồng Kông",
    "Ma Cao",
    "Australia",
    "Pháp",
    "Đức",
    "Nga",
    "Tây Ban Nha",
    "Italy",
    "Ấn Độ",
    "Pakistan",
    "Mexico",
    "Brazil",
    "Colombia",
    "Ai Cập",
    "Thổ Nhĩ Kỳ",
    "Iran",
    "Iraq",
    "Syria",
    "Israel",
    "Ukraine",
    "Canada",
    "Hà Lan",
    "Bỉ",
    "Thụy Điển",
    "Thụy Sĩ",
    "Ba Lan",
    "Séc",
    "Áo",
    "Hy Lạp",
    "Bồ Đào Nha",
    "Na Uy",
    "Đan Mạch",
    "Phần Lan",
    "Ireland",
    "Nam Phi",
    "Argentina",
    "Peru",
    "Venezuela",
    "Cuba",
    "New Zealand",
    "Afghanistan",
    "Bangladesh",
    "Nepal",
    "Sri Lanka",
    "Brunei",
    "Mông Cổ",
    "Ả Rập Xê Út",
    "Qatar",
    "Dubai",
    "Nigeria",
    "châu Âu",
    "châu Á",
    "châu Phi",
    "nước ngoài",
];

/// True when `title` sets its story in another country: `ở Malaysia`, `tại Lào` (not `ở
/// Lào Cai`), or opens with one acting (`Trung Quốc tuyên án`, `Malaysia ngày mai xét xử`).
fn set_abroad(title: &str) -> bool {
    let country_first = ABROAD.iter().any(|country| {
        title.strip_prefix(country).is_some_and(|after| {
            after
                .strip_prefix(' ')
                .is_some_and(|next| next.starts_with(char::is_lowercase))
        })
    });
    country_first
        || ["ở ", "tại ", "Ở ", "Tại "].iter().any(|at| {
            title.match_indices(at).any(|(i, _)| {
                let word_start = i == 0 || title[..i].ends_with([' ', ',', '(', '"', '“']);
                let rest = &title[i + at.len()..];
                word_start
                    && ABROAD.iter().any(|country| {
                        // Not the start of a longer name: `Lào Cai`, `Nga Sơn`, `Đức Phổ`.
                        rest.strip_prefix(country).is_some_and(|after| {
                            let next = after.strip_prefix(' ').unwrap_or(after);
                            !after.starts_with(char::is_alphanumeric)
                                && !next.starts_with(char::is_uppercase)
                        })
                    })
            })
        })
}

/// The province of whoever acts first in one text (title or lead): the acting unit, when
/// it stands in `units`, or a police force or court of a place (`TAND tỉnh X`, `Công an
/// huyện Y`), whichever comes first.
fn first_acting(
    units: &[UnitMention],
    places: &[Place],
    acting: Option<(&UnitMention, &Vec<UnitMention>)>,
) -> Option<Province> {
    let unit = acting
        .filter(|(m, same)| std::ptr::eq(same.as_slice(), units) && !m.parenthesized)
        .and_then(|(m, same)| {
            let province = m
                .province()
                .or_else(|| force_right_after(m, same))
                .or_else(|| {
                    // A local force named after its district: `Công an huyện Quỳnh Lưu`.
                    places
                        .iter()
                        .find(|p| p.start >= m.start && p.start <= m.end + 40)
                        .map(|p| p.province)
                })?;
            Some((m.start, province))
        });
    let force = places
        .iter()
        .find(|p| p.role == Role::Force)
        .map(|p| (p.start, p.province));
    match (unit, force) {
        (Some(u), Some(f)) => Some(if f.0 < u.0 { f.1 } else { u.1 }),
        (u, f) => u.or(f).map(|(_, p)| p),
    }
}

fn first_force(places: &[Place]) -> Option<Province> {
    places
        .iter()
        .find(|p| p.role == Role::Force)
        .map(|p| p.province)
}

/// The one province a title names as a place; none when it names several (`Bão có thể vào
/// Quảng Ninh - Hải Phòng`).
fn only_place(places: &[Place]) -> Option<Province> {
    match place_counts(places).as_slice() {
        [(only, _)] => Some(*only),
        _ => None,
    }
}

/// Provinces one sentence names when it lists them as examples.
const LISTED: usize = 4;

/// True when one sentence of `text` names [`LISTED`] different provinces or more (`places`
/// are those of `text`, from its start).
fn lists_provinces(text: &str, places: &[Place]) -> bool {
    let mut named: Vec<Province> = Vec::new();
    let mut previous_end = 0;
    for place in places.iter().take_while(|p| p.end <= text.len()) {
        let between = text.get(previous_end..place.start).unwrap_or_default();
        if between.contains(['.', '\n', ';']) {
            named.clear();
        }
        previous_end = place.end;
        if !named.contains(&place.province) {
            named.push(place.province);
        }
        if named.len() >= LISTED {
            return true;
        }
    }
    false
}

/// True when `places` (a title's) name two provinces or more as places.
fn several_provinces(places: &[Place]) -> bool {
    place_counts(places).len() > 1
}

/// True when `places` name `province` other than as a force or court.
fn named_as_a_place(places: &[Place], province: Province) -> bool {
    places
        .iter()
        .any(|p| p.province == province && p.role != Role::Force)
}

/// The supreme court's or procuracy's names, lowercase.
const SUPREME: &[&str] = &[
    "tand tối cao",
    "tòa án nhân dân tối cao",
    "toà án nhân dân tối cao",
    "viện ksnd tối cao",
    "vksnd tối cao",
    "viện kiểm sát nhân dân tối cao",
];

/// True when the supreme court or procuracy is named in `opening` (the first paragraphs of
/// a body) before any force or court of a place.
fn supreme_acts_first(opening: &str, places: &[Place]) -> bool {
    if !opening.contains("ối cao") && !opening.contains("ỐI CAO") {
        return false;
    }
    let lower = crate::text::scan::to_lowercase(opening);
    let Some(at) = SUPREME.iter().filter_map(|name| lower.find(name)).min() else {
        return false;
    };
    // `lower` may differ in length from `opening` only where case changes a letter's
    // width, which none of Vietnamese does.
    !places
        .iter()
        .any(|p| p.role == Role::Force && p.start < at.min(opening.len()))
}

/// Paragraphs that open a body: a summary, often a photo's caption, then the lead.
const OPENING_PARAGRAPHS: usize = 3;

/// The length of the first `n` paragraphs of `body` (which starts at the first).
fn paragraphs_len(body: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut end = 0;
    for line in body.split_inclusive('\n') {
        end += line.len();
        if !line.trim().is_empty() {
            seen += 1;
            if seen == n {
                break;
            }
        }
    }
    end
}

/// How many of `places` (in order) end by byte `end`.
fn ending_by(places: &[Place], end: usize) -> usize {
    places.iter().take_while(|p| p.end <= end).count()
}

/// How often `places` name each province as a place, the most named first (in order of
/// first mention on a tie).
fn place_counts(places: &[Place]) -> Vec<(Province, usize)> {
    let mut counts: Vec<(Province, usize)> = Vec::new();
    for place in places.iter().filter(|p| p.role == Role::Place) {
        match counts.iter_mut().find(|(p, _)| *p == place.province) {
            Some((_, n)) => *n += 1,
            None => counts.push((place.province, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

/// True when no province is named as a place more often than `province` in `places`.
fn is_most_named(places: &[Place], province: Province) -> bool {
    let counts = place_counts(places);
    let top = counts.first().map_or(0, |c| c.1);
    counts.iter().any(|&(p, n)| p == province && n == top)
}

/// The province `places` name as a place clearly most: at least twice, more often than any
/// other, and in most such mentions.
fn clearly_most_named(places: &[Place]) -> Option<Province> {
    let counts = place_counts(places);
    let total: usize = counts.iter().map(|c| c.1).sum();
    let (first, n) = *counts.first()?;
    (n >= 2 && 2 * n > total).then_some(first)
}

/// How many times `places` name `province` as a place, one address (`phường Trung Hoà,
/// quận Cầu Giấy, TP. Hà Nội`) counting once.
fn addresses(places: &[Place], province: Province) -> usize {
    let mut count = 0;
    let mut previous_end: Option<usize> = None;
    for place in places
        .iter()
        .filter(|p| p.role == Role::Place && p.province == province)
    {
        if previous_end.is_none_or(|end| place.start - end > 60) {
            count += 1;
        }
        previous_end = Some(place.end);
    }
    count
}

/// The province of a provincial force named right after `unit` (`Phòng CSGT Công an tỉnh X`,
/// `Công an huyện Yên Minh, Công an tỉnh Hà Giang`).
fn force_right_after(unit: &UnitMention, all: &[UnitMention]) -> Option<Province> {
    all.iter()
        .find(|m| m.start >= unit.end && m.start - unit.end <= 3 && m.is_provincial_force())
        .and_then(UnitMention::province)
}

#[cfg(test)]
mod tests;
