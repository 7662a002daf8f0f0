//! bantin: full-text search for Vietnamese police bulletins, on tantivy.
//!
//! The pipeline, as data flows: [`text`] turns Vietnamese text into exact and folded syllable
//! tokens; the command line in [`cli`] exposes it.

#![forbid(unsafe_code)]

pub mod bulletin;
pub mod cli;
pub mod index;
pub mod sample;
pub mod search;
pub mod text;
