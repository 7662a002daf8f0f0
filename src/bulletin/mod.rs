//! Bulletins: reading them from files, and the metadata extracted from their text.
//!
//! A bulletin goes through these in order:
//! - [`read`]: files and directories, encodings, plain text, JSON Lines and JSON arrays
//!   (also `.xz`, `.gz`), and which JSON field is which.
//! - [`facts`]: from the text, one rule set a file: the plain-text layout, the date, the
//!   acting unit and the main province, and the places named.
//! - `assemble`: a record or a file made one [`Bulletin`], explicit fields winning over the
//!   facts of the text, with its id and content hash.
//!
//! They look things up in [`gazetteer`] (the provinces across the 2025 merger, their
//! communes, and the police units, as data with their matchers) and [`date`] (dates with
//! precision); [`date_field`] reads the date forms scrapers write. [`evaluate`] scores the
//! facts against hand labels.

mod assemble;
pub mod date;
pub mod date_field;
pub mod evaluate;
pub mod facts;
pub mod gazetteer;
pub mod read;

pub use assemble::{stable_hash, Bulletin, RecordError, MAX_ID_BYTES, MAX_TITLE_CHARS};
pub use date::{BulletinDate, DateWindow, Precision};
pub use gazetteer::{Province, ProvinceGazetteer};
