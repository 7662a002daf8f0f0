//! Benchmarks users run: indexing speed against plain tantivy ([`ingest`]) and query latency
//! on a fixed mix ([`query`]), and load on `bantin serve` ([`serve`]). Timed only here and in `benches/`, never in tests.

pub mod ablation;
pub mod ingest;
pub mod query;
pub mod serve;
