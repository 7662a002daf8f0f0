//! Turns the committed word lists into the word table the binary embeds
//! (the `bantin-word-table` crate, `crates/word-table`, describes it), so that no process
//! parses a dictionary.
//!
//! Sources, the human-readable truth: `src/text/dictionary/vietnews-words.tsv.gz` (word
//! counts of the VietNews corpus, made by `src/text/dictionary/build.sh`) and
//! `src/text/dictionary/police-words.txt` (police terms, reviewed by hand).

use std::io::Read;
use std::path::PathBuf;

const NEWS_WORDS: &str = "src/text/dictionary/vietnews-words.tsv.gz";
const POLICE_WORDS: &str = "src/text/dictionary/police-words.txt";

fn main() {
    // A change to the table's code rebuilds this script through its dependency.
    for input in [NEWS_WORDS, POLICE_WORDS] {
        println!("cargo::rerun-if-changed={input}");
    }
    let mut news = String::new();
    let compressed =
        std::fs::File::open(NEWS_WORDS).unwrap_or_else(|err| panic!("{NEWS_WORDS}: {err}"));
    flate2::read::GzDecoder::new(compressed)
        .read_to_string(&mut news)
        .unwrap_or_else(|err| panic!("{NEWS_WORDS}: {err}"));
    let police =
        std::fs::read_to_string(POLICE_WORDS).unwrap_or_else(|err| panic!("{POLICE_WORDS}: {err}"));
    let table = bantin_word_table::build(&[&news], &[&police])
        .unwrap_or_else(|err| panic!("word lists: {err}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("words.table"), table).expect("OUT_DIR is writable");
}
