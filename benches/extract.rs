//! Extraction throughput: title, date, provinces and unit of real articles, as ingest runs it
//! on every bulletin (`Bulletin::from_record`), without indexing.
//!
//! Articles: the first 2,000 of `../shared/corpus/vietnews.jsonl.xz` (or of the corpus named
//! by `BANTIN_BENCH_CORPUS`) when it is there, else 2,000 generated bulletins. The count of bulletins with a province is asserted inside the
//! timed loop, so an extractor that stopped finding provinces cannot look fast.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use bantin::bulletin::read::FieldMap;
use bantin::bulletin::Bulletin;

const ARTICLES: usize = 2_000;

/// The articles as JSON lines: parsing them is part of what ingest does for each one.
fn articles() -> (Vec<String>, &'static str) {
    if let Some(records) = corpus_articles() {
        return (records, "vietnews");
    }
    let mut out = Vec::new();
    bantin::sample::generate::generate(ARTICLES, 7, &mut out).expect("generate");
    let records = String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect();
    (records, "generated")
}

fn corpus_articles() -> Option<Vec<String>> {
    let path = std::env::var_os("BANTIN_BENCH_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpus/vietnews.jsonl.xz")
        });
    let file = std::fs::File::open(path).ok()?;
    let reader = std::io::BufReader::new(xz2::read::XzDecoder::new(file));
    let mut records = Vec::with_capacity(ARTICLES);
    for line in std::io::BufRead::lines(reader).take(ARTICLES) {
        records.push(line.ok()?);
    }
    Some(records)
}

fn extract(c: &mut Criterion) {
    let (records, source) = articles();
    let bytes: usize = records.iter().map(String::len).sum();
    let fields = FieldMap::default();
    let with_province = |records: &[String]| {
        records
            .iter()
            .filter_map(|line| fields.parse(line.as_bytes()).ok())
            .filter_map(|record| Bulletin::from_record(record, String::new()).ok())
            .filter(|(b, _)| b.province.is_some())
            .count()
    };
    let expected = with_province(&records);
    assert!(expected > 0, "no provinces found at all");
    let mut group = c.benchmark_group(format!("extract/{source}"));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("from_record", |b| {
        b.iter(|| assert_eq!(with_province(&records), expected))
    });
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
