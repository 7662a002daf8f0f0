//! bantin: full-text search for Vietnamese police bulletins, on tantivy.
//!
//! The pipeline, as data flows: [`bulletin`] reads files and extracts title, date, provinces
//! and unit; [`text`] turns Vietnamese text into exact and folded syllable tokens; [`index`]
//! writes one tantivy document per bulletin; [`search`] parses, ranks, filters, counts facets
//! and cuts snippets; [`cli`] is the command line and [`serve`] the HTTP API and search page. [`sample`] holds the built-in bulletins and
//! the synthetic generator, [`bench`] the benchmarks.

// One function may call into the C library: `index::allocator::return_freed_memory`.
#![deny(unsafe_code)]

pub mod bench;
pub mod bulletin;
pub mod cli;
pub mod index;
pub mod sample;
pub mod search;
pub mod serve;
pub mod text;
