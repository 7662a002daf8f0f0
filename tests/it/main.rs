//! bantin's integration tests, as one binary: one link of the crate for all of them.
//!
//! Each module is one part of bantin as users meet it: `cli_*` run the real binary, `serve_*`
//! a real server, `analyzer_*` and `*_fuzz` call the library. `common` holds what they share:
//! running the binary, the fixture builder and the index of the sample bulletins.
//!
//! A module's tests are selected by its name: `cargo test --test it query_fuzz::`.

mod common;

mod analyzer_index;
mod analyzer_props;
mod cli_analyze;
mod cli_bench;
mod cli_damaged_index;
mod cli_eval_search;
mod cli_export;
mod cli_facts;
mod cli_ingest;
mod cli_search;
mod cli_stories;
mod cli_story_facets;
mod cli_words;
mod extract_fuzz;
mod query_fuzz;
mod seeds_extract;
mod serve_browser;
mod serve_export;
mod serve_http;
