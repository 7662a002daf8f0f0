//! Ingest throughput: generated bulletins through bantin's whole ingest path (reading JSON
//! Lines, extraction, exact and folded tokens, facets) into an in-memory index, against
//! plain tantivy (one text field, default tokenizer) on the same input. The document count
//! is asserted inside the timed loop.

use std::io::{BufRead, BufReader};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::schema::{Schema, TEXT};
use tantivy::{doc, Index};

use bantin::bulletin::read::Input;
use bantin::index::ingest::{ingest, IngestOptions};
use bantin::index::BantinIndex;

const DOCUMENTS: usize = 3_000;

#[derive(serde::Deserialize)]
struct TextOnly {
    title: String,
    body: String,
}

fn ingest_bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("bulletins.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&input).expect("create input"));
    bantin::sample::generate::generate(DOCUMENTS, 42, &mut file).expect("generate");
    drop(file);
    let records: Vec<TextOnly> = BufReader::new(std::fs::File::open(&input).expect("open input"))
        .lines()
        .map(|line| serde_json::from_str(&line.expect("line")).expect("record"))
        .collect();
    let text_bytes: usize = records.iter().map(|r| r.title.len() + r.body.len()).sum();
    let options = IngestOptions {
        threads: 1,
        memory_mb: 64,
        commit_every: usize::MAX,
        max_file_bytes: u64::MAX,
    };

    let mut group = c.benchmark_group("ingest/generated");
    group.throughput(Throughput::Bytes(text_bytes as u64));
    group.sample_size(10);
    group.bench_function("bantin", |b| {
        b.iter(|| {
            let index = BantinIndex::create_in_ram();
            let inputs = [Input::JsonLines(input.clone())];
            let report = ingest(&index, &inputs, Vec::new(), options, &mut |_| {}).expect("ingest");
            assert_eq!(report.documents_in_index, DOCUMENTS as u64);
        })
    });
    group.bench_function("tantivy_default_one_field", |b| {
        b.iter(|| {
            let mut schema = Schema::builder();
            let text = schema.add_text_field("text", TEXT);
            let index = Index::create_in_ram(schema.build());
            let mut writer = index.writer_with_num_threads(1, 64 << 20).expect("writer");
            let file = BufReader::new(std::fs::File::open(&input).expect("open input"));
            for line in file.lines() {
                let record: TextOnly = serde_json::from_str(&line.expect("line")).expect("record");
                writer
                    .add_document(doc!(text => format!("{}\n{}", record.title, record.body)))
                    .expect("add");
            }
            writer.commit().expect("commit");
            let count = index.reader().expect("reader").searcher().num_docs();
            assert_eq!(count, DOCUMENTS as u64);
        })
    });
    group.finish();
}

criterion_group!(benches, ingest_bench);
criterion_main!(benches);
