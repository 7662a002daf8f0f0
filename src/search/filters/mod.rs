//! Filters: province (either level of the tree), unit, and date range. Each value becomes
//! a query that adds no score. Within one facet the values are alternatives (`--province
//! "Nghệ An" --province "Hà Tĩnh"`: either), across facets all must hold, and a value may
//! be excluded (`--not-province`). [`UNKNOWN`] stands for the bulletins with no value: no
//! province found, no unit, no date. An unknown name is an error listing the closest known
//! ones.
//!
//! `spec.rs` holds the filters as asked, `queries.rs` turns them into queries (dates as
//! whole periods), `names.rs` finds the provinces and units readers name.

mod names;
mod queries;
mod spec;
#[cfg(test)]
mod tests;

pub use names::{province_facet, same_value, unit_facets};
pub(super) use queries::DATE_SECONDS;
pub use queries::{filter_queries, FilterQueries};
pub use spec::{is_unknown, Dimension, FilterError, FilterSpec, UNKNOWN};
