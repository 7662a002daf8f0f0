//! The filters of a search as asked: the values of each facet, kept and left out, the date
//! range, and the errors of values that name nothing.

use crate::text::fold_words;

/// The value of a province or unit filter that selects the bulletins with none: the facet
/// lists show their count under this name. `unknown` and `none` say the same.
pub const UNKNOWN: &str = "Không rõ";

/// Whether a filter value asks for the bulletins with no value (`Không rõ`, `khong ro`,
/// `unknown`, `none`).
pub fn is_unknown(value: &str) -> bool {
    matches!(
        fold_words(value.trim()).as_str(),
        "khong ro" | "unknown" | "none"
    )
}

/// A filter the user asked for that cannot be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    #[error("{flag} is empty: give a value or leave the option out")]
    Empty { flag: &'static str },
    #[error("{flag} {name:?} is not a province; closest: {suggestions}")]
    UnknownProvince {
        flag: &'static str,
        name: String,
        suggestions: String,
    },
    #[error("{flag} {name:?} matches no unit in the index; closest: {suggestions}")]
    UnknownUnit {
        flag: &'static str,
        name: String,
        suggestions: String,
    },
    #[error(
        "{flag} {value:?} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, or day first \
         12/3/2019, 3/2019"
    )]
    BadDate { flag: &'static str, value: String },
    #[error("--from {from} is after --to {to}")]
    EmptyRange { from: String, to: String },
    #[error(transparent)]
    NewSince(#[from] crate::search::new_since::NewSinceError),
}

/// What to filter on, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FilterSpec {
    /// Any of these provinces; [`UNKNOWN`] for the bulletins with none.
    pub province: Vec<String>,
    /// None of these provinces.
    pub not_province: Vec<String>,
    /// Any of these units (or their sub-units); [`UNKNOWN`] for the bulletins with none.
    pub unit: Vec<String>,
    /// None of these units.
    pub not_unit: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<String>,
    /// The undated bulletins too: with a date range, those in it or undated; alone, only
    /// the undated ones.
    pub undated: bool,
    /// `last` or a time: only the bulletins ingested since then ([`crate::search::new_since`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_since: Option<String>,
}

impl FilterSpec {
    /// No filter asked for.
    pub fn is_empty(&self) -> bool {
        self.province.is_empty()
            && self.not_province.is_empty()
            && self.unit.is_empty()
            && self.not_unit.is_empty()
            && !self.has_date()
            && self.new_since.is_none()
    }

    /// Whether a date filter (range or undated) is asked for.
    pub fn has_date(&self) -> bool {
        self.from.is_some() || self.to.is_some() || self.year.is_some() || self.undated
    }

    /// Whether a date range is asked for that leaves the undated bulletins out.
    pub fn drops_undated(&self) -> bool {
        self.has_date() && !self.undated
    }
}

/// The facets a filter narrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Province,
    Unit,
    Date,
}
