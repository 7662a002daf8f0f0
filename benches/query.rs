//! Query latency of the documented mix (`bantin::bench::query::query_mix`) on a fixed index:
//! the built-in samples plus generated bulletins, in memory. Hit counts are asserted inside
//! the timed loop.

use criterion::{criterion_group, criterion_main, Criterion};

use bantin::bench::query::query_mix;
use bantin::bulletin::read::Input;
use bantin::index::ingest::{ingest, IngestOptions};
use bantin::index::BantinIndex;
use bantin::search::search;

const GENERATED: usize = 5_000;

fn fixed_index() -> BantinIndex {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("bulletins.jsonl");
    let mut lines = String::new();
    for sample in bantin::sample::sample_bulletins() {
        lines.push_str(&serde_json::to_string(&sample).expect("sample"));
        lines.push('\n');
    }
    let mut generated = Vec::new();
    bantin::sample::generate::generate(GENERATED, 7, &mut generated).expect("generate");
    lines.push_str(&String::from_utf8(generated).expect("UTF-8"));
    std::fs::write(&input, lines).expect("write input");
    let index = BantinIndex::create_in_ram();
    let options = IngestOptions {
        threads: 1,
        memory_mb: 64,
        commit_every: usize::MAX,
        max_file_bytes: u64::MAX,
    };
    ingest(
        &index,
        &[Input::JsonLines(input)],
        Vec::new(),
        options,
        &mut |_| {},
    )
    .expect("ingest");
    index
}

fn query_bench(c: &mut Criterion) {
    let index = fixed_index();
    let mut group = c.benchmark_group("query");
    group.sample_size(30);
    for class in query_mix() {
        let request = class.request();
        let expected = search(&index, &request).expect("search").total;
        // Every class finds something in the samples plus generated bulletins: a search
        // broken into finding nothing cannot pass for a fast one.
        assert!(expected > 0, "{} finds nothing", class.name);
        group.bench_function(class.name, |b| {
            b.iter(|| assert_eq!(search(&index, &request).expect("search").total, expected))
        });
    }
    group.finish();
}

criterion_group!(benches, query_bench);
criterion_main!(benches);
