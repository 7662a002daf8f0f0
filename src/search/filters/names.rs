//! The provinces and units readers name: a province at either level of the 2025 merger, a
//! unit by its name, a part of it or its path, accents, case and prefixes optional, and an
//! unknown name answered with the closest known ones.

use tantivy::schema::{Facet, Field};

use super::spec::FilterError;
use crate::bulletin::gazetteer::{canonical_department_folded, canonical_unit_name};
use crate::bulletin::ProvinceGazetteer;
use crate::index::BantinIndex;
use crate::text::{edit_distance, fold_words};

/// `/<today>` for one of today's provinces (its predecessors included), `/<today>/<then>`
/// for an old one; accents, case and `TP`/`tỉnh` prefixes optional. `flag` names the
/// option in an error.
pub fn province_facet(flag: &'static str, name: &str) -> Result<Facet, FilterError> {
    let gazetteer = ProvinceGazetteer::get();
    gazetteer
        .resolve_filter(name)
        .map(Facet::from_path)
        .ok_or_else(|| FilterError::UnknownProvince {
            flag,
            name: name.to_owned(),
            suggestions: gazetteer.suggestions(name).join(", "),
        })
}

/// The unit facets in the index that `name` designates, as a reader would guess them:
/// - a whole path (`Công an tỉnh Thanh Hóa / Phòng Cảnh sát giao thông`) or one name
///   (`Phòng CSGT` under every force), accents, case and the `tỉnh`/`TP` of a force's name
///   optional (`cong an nghe an`);
/// - failing that, a part of a name (`csgt`, `nghe an`): every name holding its words in
///   order, abbreviations expanded; and a part of a path (`nghe an / csgt`).
///
/// `flag` names the option in an error.
pub fn unit_facets(
    flag: &'static str,
    name: &str,
    field: Field,
    index: &BantinIndex,
) -> Result<Vec<Facet>, FilterError> {
    let known = index.facet_values(field);
    let wanted: Vec<Vec<String>> = name
        .split('/')
        .map(unit_key)
        .filter(|key| !key.is_empty())
        .collect();
    let keyed: Vec<(&Facet, Vec<Vec<String>>)> = known
        .iter()
        .map(|facet| (facet, facet.to_path().into_iter().map(unit_key).collect()))
        .collect();
    let whole = |path: &[Vec<String>]| {
        if wanted.len() > 1 {
            path == wanted.as_slice()
        } else {
            path.last() == wanted.first()
        }
    };
    let mut matches: Vec<Facet> = keyed
        .iter()
        .filter(|(_, path)| whole(path))
        .map(|(facet, _)| (*facet).clone())
        .collect();
    if matches.is_empty() {
        matches = keyed
            .iter()
            .filter(|(_, path)| holds_in_order(path, &wanted))
            .map(|(facet, _)| (*facet).clone())
            .collect();
    }
    // A facet's children are found through it: keep only the highest matches.
    let highest: Vec<Facet> = matches
        .iter()
        .filter(|f| {
            !matches
                .iter()
                .any(|other| other != *f && other.is_prefix_of(f))
        })
        .cloned()
        .collect();
    if highest.is_empty() {
        let wanted_text = fold_words(name);
        let mut names: Vec<(usize, String)> = known
            .iter()
            .filter_map(|f| f.to_path().last().map(|n| (*n).to_owned()))
            .map(|n| (edit_distance(&fold_words(&n), &wanted_text), n))
            .collect();
        names.sort();
        names.dedup_by(|a, b| a.1 == b.1);
        return Err(FilterError::UnknownUnit {
            flag,
            name: name.to_owned(),
            suggestions: names
                .into_iter()
                .take(3)
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(highest)
}

/// Whether two values of the filter `name` (`province`, `unit`, or their `not_`) name the
/// same thing however typed: `nghe an`, `Nghệ An`, `NGHỆ AN`; `cong an nghe an` and `Công an
/// tỉnh Nghệ An`.
pub fn same_value(name: &str, a: &str, b: &str) -> bool {
    if fold_words(a.trim()) == fold_words(b.trim()) {
        return true;
    }
    match name.trim_start_matches("not_") {
        "province" => {
            let gazetteer = ProvinceGazetteer::get();
            let resolved = gazetteer.resolve_filter(a);
            resolved.is_some() && resolved == gazetteer.resolve_filter(b)
        }
        "unit" => {
            let (a, b) = (unit_path_key(a), unit_path_key(b));
            !a.is_empty() && a == b
        }
        _ => false,
    }
}

/// The keys of every part of a unit path (`Công an tỉnh Nghệ An/Phòng CSGT`).
fn unit_path_key(name: &str) -> Vec<Vec<String>> {
    name.split('/')
        .map(unit_key)
        .filter(|key| !key.is_empty())
        .collect()
}

/// The words a unit's name is compared by: its canonical name folded (`Phòng CSGT` and
/// `phong canh sat giao thong` alike), abbreviations expanded (`csgt`), and the `tỉnh`,
/// `TP` or `thành phố` of a force's name left out (`Công an tỉnh Nghệ An`, `cong an nghe
/// an`).
fn unit_key(name: &str) -> Vec<String> {
    let name = name.trim();
    let folded = fold_words(&canonical_unit_name(name).unwrap_or_else(|| name.to_owned()));
    let folded = canonical_department_folded(&folded).unwrap_or(folded);
    let mut words: Vec<String> = Vec::new();
    for word in folded.split_whitespace() {
        match crate::text::abbreviations::expand(word) {
            Some(expansion) if word.len() > 2 => {
                words.extend(fold_words(expansion).split(' ').map(str::to_owned))
            }
            _ => words.push(word.to_owned()),
        }
    }
    let mut key: Vec<String> = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let rest = &words[at..];
        let skip = match rest {
            [first, ..] if first == "tinh" || first == "tp" => 1,
            [first, second, ..] if first == "thanh" && second == "pho" => 2,
            _ => 0,
        };
        if skip > 0 && at > 0 && at + skip < words.len() {
            at += skip;
            continue;
        }
        key.push(words[at].clone());
        at += 1;
    }
    key
}

/// Whether the parts of `wanted` are found in `path` in order, each within one name of it
/// as a run of whole words, the last in the path's last name.
fn holds_in_order(path: &[Vec<String>], wanted: &[Vec<String>]) -> bool {
    let (Some(last_wanted), Some(last_name)) = (wanted.last(), path.last()) else {
        return false;
    };
    if !contains_run(last_name, last_wanted) {
        return false;
    }
    let mut names = path[..path.len() - 1].iter();
    wanted[..wanted.len() - 1]
        .iter()
        .all(|part| names.any(|name| contains_run(name, part)))
}

/// Whether `words` holds `run` as consecutive words.
fn contains_run(words: &[String], run: &[String]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|window| window == run)
}
