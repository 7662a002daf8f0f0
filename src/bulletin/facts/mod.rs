//! What the text of a bulletin says about it, one rule set a file.
//!
//! - [`layout`]: a plain-text bulletin as scraped, split into title and body; time stamps.
//! - [`dating`]: the date, from the posting line, datelines, the title's year and the path.
//! - [`whereabouts`]: the acting unit and the main province, with every province named.
//! - [`places`]: where each province is named, and in what role (a force, an address ...).

mod dating;
mod layout;
mod places;
mod whereabouts;

pub use dating::{date_in_path, find_dateline, resolve_date, DateEvidence, Dateline};
pub use layout::{
    leading_timestamp, split_plain_text, strip_leading_timestamp, timestamp_line, PlainParts,
};
pub use places::{find_places, Place, Role, NEARBY};
pub use whereabouts::{whereabouts, Basis, Whereabouts};
