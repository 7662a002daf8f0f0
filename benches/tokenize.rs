//! Analyzer throughput on real Vietnamese text, against tantivy's own
//! `SimpleTokenizer + LowerCaser + AsciiFoldingFilter` on the same bytes.
//!
//! Text: the first 4 MB of article bodies from `../shared/corpus/vietnews.jsonl.xz` when it
//! is there, else the built-in sample bulletins repeated to 4 MB. `bantin_with_words` is the
//! index's analyzer (syllables plus word terms), `bantin_exact_and_folded` the syllables
//! alone. The token count is asserted inside the timed loop, so a broken tokenizer cannot
//! look fast.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer,
};

use bantin::text::{VietnameseTokenizer, VietnameseWordTokenizer};

const TARGET_BYTES: usize = 4 << 20;

fn bench_text() -> (String, &'static str) {
    if let Some(text) = corpus_slice() {
        return (text, "vietnews");
    }
    let sample = bantin::sample::sample_text();
    let mut text = String::with_capacity(TARGET_BYTES + sample.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&sample);
        text.push('\n');
    }
    (text, "samples")
}

fn corpus_slice() -> Option<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/vietnews.jsonl.xz");
    let file = std::fs::File::open(path).ok()?;
    let reader = std::io::BufReader::new(xz2::read::XzDecoder::new(file));
    let mut text = String::with_capacity(TARGET_BYTES + 64 * 1024);
    for line in std::io::BufRead::lines(reader) {
        let value: serde_json::Value = serde_json::from_str(&line.ok()?).ok()?;
        text.push_str(value["title"].as_str().unwrap_or_default());
        text.push('\n');
        text.push_str(value["body"].as_str().unwrap_or_default());
        text.push('\n');
        if text.len() >= TARGET_BYTES {
            return Some(text);
        }
    }
    None
}

fn count_tokens(mut stream: impl TokenStream) -> usize {
    let mut count = 0;
    while stream.advance() {
        count += 1;
    }
    count
}

fn tokenize(c: &mut Criterion) {
    let (text, source) = bench_text();
    let mut bantin = VietnameseTokenizer::new();
    let mut baseline = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut with_words = VietnameseWordTokenizer::new();
    let bantin_tokens = count_tokens(bantin.token_stream(&text));
    let word_tokens = count_tokens(with_words.token_stream(&text));
    assert!(word_tokens > bantin_tokens, "words add tokens");
    let baseline_tokens = count_tokens(baseline.token_stream(&text));
    eprintln!(
        "tokenize: {source}, {} bytes, bantin {bantin_tokens} tokens (exact + folded), with words {word_tokens}, baseline {baseline_tokens}",
        text.len()
    );

    let mut group = c.benchmark_group(format!("tokenize/{source}"));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("bantin_exact_and_folded", |b| {
        b.iter(|| assert_eq!(count_tokens(bantin.token_stream(&text)), bantin_tokens))
    });
    group.bench_function("bantin_with_words", |b| {
        b.iter(|| assert_eq!(count_tokens(with_words.token_stream(&text)), word_tokens))
    });
    group.bench_function("tantivy_simple_lower_asciifold", |b| {
        b.iter(|| assert_eq!(count_tokens(baseline.token_stream(&text)), baseline_tokens))
    });
    group.finish();
}

/// The two engines of the same segmentation on the same runs of folded syllables: the
/// syllable lattice the index uses, and jieba-rs over syllables interned as code points.
fn segment_engines(c: &mut Criterion) {
    use bantin::text::words::{
        joins_syllables, JiebaSegmenter, RunSyllable, Segmenter, WordDictionary,
    };
    let (text, source) = bench_text();
    let tokens = bantin::text::analyze(&text);
    let runs: Vec<Vec<&str>> = tokens
        .chunk_by(|a, b| joins_syllables(&text[a.end..b.start]))
        .map(|run| run.iter().map(|t| t.folded.as_str()).collect())
        .collect();
    let dictionary = WordDictionary::embedded();
    let mut lattice = Segmenter::new(dictionary);
    let mut jieba = JiebaSegmenter::new(dictionary);
    let mut words = Vec::new();
    let mut lattice_words = || {
        runs.iter()
            .map(|run| {
                lattice.segment(
                    run.iter().map(|s| RunSyllable::folded(s)),
                    false,
                    &mut words,
                );
                words.len()
            })
            .sum::<usize>()
    };
    let expected = lattice_words();
    let mut jieba_words = Vec::new();
    let mut jieba_count = || {
        runs.iter()
            .map(|run| {
                jieba.segment(run.iter().copied(), &mut jieba_words);
                jieba_words.len()
            })
            .sum::<usize>()
    };
    assert_eq!(jieba_count(), expected, "the engines agree");
    eprintln!(
        "segment: {source}, {} syllables in {} runs, {expected} words",
        tokens.len(),
        runs.len()
    );
    let mut group = c.benchmark_group(format!("segment/{source}"));
    group.throughput(Throughput::Elements(tokens.len() as u64));
    group.sample_size(10);
    group.bench_function("syllable_lattice", |b| {
        b.iter(|| assert_eq!(lattice_words(), expected))
    });
    group.bench_function("jieba_interned_code_points", |b| {
        b.iter(|| assert_eq!(jieba_count(), expected))
    });
    group.finish();
}

criterion_group!(benches, tokenize, segment_engines);
criterion_main!(benches);
