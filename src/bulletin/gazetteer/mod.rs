//! The places and forces bulletins name, as data with their matchers.
//!
//! - [`provinces`]: the provinces before and after the 1 July 2025 merger and their spellings.
//! - [`admin_units`]: the communes, wards and districts below them, each in one province.
//! - [`units`]: the police units, from the ministry to a province's departments.

mod admin_units;
mod provinces;
mod units;

pub use admin_units::{AdminUnits, LocalMention};
pub use provinces::{
    all_provinces, at_word_boundaries, Province, ProvinceGazetteer, ProvinceMention, PROVINCES,
};
pub use units::{
    canonical_department_folded, canonical_unit_name, provincial_force_name, UnitMatcher,
    UnitMention, MINISTRY,
};
