//! `bantin search QUERY`: ranked bulletins with snippets, filters and facets.

mod text;

use std::process::ExitCode;

use super::print_json_or;
use clap::Args;

use super::{Painter, EXIT_NO_HITS};
use crate::index::BantinIndex;
use crate::search::export::ExportFormat;
pub use text::{quoted_words, write_results};

use crate::search::{search, FilterSpec, Matching, SearchRequest, SortOrder};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "phrases", +required, -excluded, OR, (groups), title:word. With accents or
    /// without; may be empty when filtering. Words starting with one `-` are query words
    /// (`ma -cần`), not options.
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Order [default: relevance with a query, newest without].
    #[arg(long, value_enum)]
    pub sort: Option<SortOrder>,

    /// Hits to show; --offset plus --limit at most 10000.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub limit: usize,

    /// Hits to skip (paging); --offset plus --limit at most 10000.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,

    /// Snippets per hit.
    #[arg(long, default_value_t = 1)]
    pub snippets: usize,

    /// Count matching bulletins per province, unit and year/month, and list the words and
    /// names that set them apart from the rest of the index.
    #[arg(long)]
    pub facets: bool,

    /// Match the query's syllables anywhere, as separate syllables: `ma tuy` then also
    /// counts `mà ... Tuy nhiên`. By default a word of two syllables or more matches only
    /// where a bulletin holds it as a word.
    #[arg(long)]
    pub syllables: bool,

    /// Show every copy of a story: by default near-duplicate bulletins (one story
    /// republished or lightly edited) show as one hit, the best ranked, with `+N similar`.
    #[arg(long)]
    pub no_collapse: bool,

    /// Print one JSON object.
    #[arg(short, long)]
    pub json: bool,

    /// `text` (ranked hits); `csv` or `jsonl`: every match, not only 10,000, one row each
    /// (--limit, --offset, --snippets and --facets do not apply).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, conflicts_with = "json")]
    pub format: OutputFormat,
}

/// How `search` prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Csv,
    Jsonl,
}

/// The filters of a search. Several values of one option are alternatives (either
/// province); different options must all hold.
#[derive(Debug, Default, Args)]
pub struct FilterArgs {
    /// Only bulletins of this province: today's (`Hưng Yên`, including Thái Bình) or as
    /// named then (`Thái Bình`); accents optional. Repeat for either of several;
    /// `"Không rõ"` (or `unknown`) for the bulletins with none.
    #[arg(short, long)]
    pub province: Vec<String>,

    /// Not the bulletins of this province (repeatable).
    #[arg(long, value_name = "PROVINCE")]
    pub not_province: Vec<String>,

    /// Only bulletins of this unit or its sub-units: a name (`Bộ Công an`, `Phòng CSGT`,
    /// `cong an nghe an`), a part of one (`csgt`) or a path (`Công an tỉnh Thanh
    /// Hóa/Phòng Cảnh sát giao thông`). Repeat for either of several; `"Không rõ"` for
    /// the bulletins with none.
    #[arg(short, long)]
    pub unit: Vec<String>,

    /// Not the bulletins of this unit or its sub-units (repeatable).
    #[arg(long, value_name = "UNIT")]
    pub not_unit: Vec<String>,

    /// From this date: YYYY, YYYY-MM, YYYY-MM-DD, or day first as Vietnamese write it
    /// (12/3/2019, 3/2019).
    #[arg(long, conflicts_with = "year")]
    pub from: Option<String>,

    /// Up to this date (inclusive), written as --from.
    #[arg(long, conflicts_with = "year")]
    pub to: Option<String>,

    /// Only this year.
    #[arg(short, long)]
    pub year: Option<String>,

    /// The undated bulletins too: with --from, --to or --year, those in the range or
    /// undated; alone, only the undated ones.
    #[arg(long)]
    pub undated: bool,

    /// Only bulletins ingested since then: `last` (by the last ingest run), a date
    /// (YYYY-MM-DD, from midnight UTC) or an RFC 3339 time.
    #[arg(long, value_name = "DATE|last")]
    pub new_since: Option<String>,
}

impl FilterArgs {
    pub fn spec(&self) -> FilterSpec {
        FilterSpec {
            province: self.province.clone(),
            not_province: self.not_province.clone(),
            unit: self.unit.clone(),
            not_unit: self.not_unit.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            year: self.year.clone(),
            undated: self.undated,
            new_since: self.new_since.clone(),
        }
    }
}

/// Marks a query word that starts with `-` so that clap takes it for a value, not a flag.
const EXCLUDED_WORD_MARK: char = '\u{E000}';

/// The command line with the excluded words of a search (`ma -cần`) marked as values:
/// clap would read `-cần` as the short flags `-c`, `-ầ`, `-n`. What stays as it is: options
/// of `search` and their values; a dash and one ASCII letter (`-n 3`, `-j`, and `-x`, which
/// clap then refuses with a hint, since no one excludes a one-letter word); a short option
/// with its number attached (`-n3`); and everything after `--`.
pub fn mark_excluded_words(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    cli: &clap::Command,
) -> Vec<std::ffi::OsString> {
    // `count` takes the arguments of `search`.
    let search = cli.find_subcommand("search");
    let known = |matches: &dyn Fn(&clap::Arg) -> bool| -> Option<bool> {
        let takes = |c: &clap::Command| {
            c.get_arguments()
                .find(|a| !a.is_positional() && matches(a))
                .map(|a| a.get_action().takes_values())
        };
        takes(cli).or_else(|| search.and_then(takes))
    };
    let long_takes_value = |long: &str| known(&|a| a.get_long() == Some(long)) == Some(true);
    let short_takes_value = |short: char| known(&|a| a.get_short() == Some(short));
    let mut out = Vec::new();
    let mut in_search = false;
    let mut value_next = false;
    let mut plain = false;
    for (at, arg) in args.into_iter().enumerate() {
        let text = arg.to_str().map(str::to_owned);
        match text.as_deref() {
            _ if at == 0 || value_next || plain => value_next = false,
            Some("--") => plain = in_search,
            Some("search" | "count") if !in_search => in_search = true,
            Some(word) if word.strip_prefix("--").is_some_and(long_takes_value) => {
                value_next = true
            }
            Some(word) if in_search && word.starts_with('-') && !word.starts_with("--") => {
                match short_option(word, short_takes_value) {
                    Some(takes_value) => value_next = takes_value,
                    None => {
                        out.push(format!("{EXCLUDED_WORD_MARK}{word}").into());
                        continue;
                    }
                }
            }
            _ => {}
        }
        out.push(arg);
    }
    out
}

/// Whether `word` (starting with one `-`) is a short option, and if so whether the next
/// argument is its value: `-n` (known), `-x` (unknown, for clap to refuse), `-n3` (a value
/// attached). `None` for an excluded word (`-cần`, `-xe`) or a lone `-`.
fn short_option(word: &str, takes_value: impl Fn(char) -> Option<bool>) -> Option<bool> {
    let mut chars = word.strip_prefix('-')?.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some(takes_value(letter).unwrap_or(false));
    }
    let attached = takes_value(letter) == Some(true) && rest.bytes().all(|b| b.is_ascii_digit());
    attached.then_some(false)
}

pub fn run(
    args: &SearchArgs,
    index_dir: &std::path::Path,
    painter: Painter,
) -> anyhow::Result<ExitCode> {
    let index = BantinIndex::open(index_dir)?;
    let request = request(args);
    let export = match args.format {
        OutputFormat::Text => None,
        OutputFormat::Csv => Some(ExportFormat::Csv),
        OutputFormat::Jsonl => Some(ExportFormat::Jsonl),
    };
    if let Some(format) = export {
        return super::export::run(&index, &request, format);
    }
    let results = search(&index, &request)?;
    print_json_or(args.json, &results, |out, results| {
        write_results(out, results, painter)
    })?;
    Ok(if results.total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NO_HITS)
    })
}

/// The search `args` ask for.
pub fn request(args: &SearchArgs) -> SearchRequest {
    SearchRequest {
        query: args
            .query
            .iter()
            .map(|word| word.trim_start_matches(EXCLUDED_WORD_MARK))
            .collect::<Vec<_>>()
            .join(" "),
        matching: if args.syllables {
            Matching::Syllables
        } else {
            Matching::Words
        },
        filters: args.filters.spec(),
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        snippets: args.snippets,
        facets: args.facets,
        collapse: !args.no_collapse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_starting_with_a_dash_are_query_words() {
        use clap::{CommandFactory, Parser};
        let parse = |line: &str| {
            let args = line.split(' ').map(std::ffi::OsString::from);
            let marked = mark_excluded_words(args, &crate::cli::Cli::command());
            match crate::cli::Cli::try_parse_from(marked).map(|cli| cli.command) {
                Ok(crate::cli::Command::Search(search)) => Ok((
                    search
                        .query
                        .iter()
                        .map(|w| w.trim_start_matches(EXCLUDED_WORD_MARK).to_owned())
                        .collect::<Vec<_>>(),
                    search.limit,
                    search.filters.province,
                )),
                Ok(_) => Err("another command".to_owned()),
                Err(e) => Err(e.kind().to_string()),
            }
        };
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        let none = Vec::new;
        assert_eq!(
            parse("bantin search ma -cần --limit 2"),
            Ok((words(&["ma", "-cần"]), 2, none()))
        );
        assert_eq!(
            parse("bantin --index search search -xe --province hue cướp"),
            Ok((words(&["-xe", "cướp"]), 10, words(&["hue"])))
        );
        assert_eq!(
            parse("bantin search --limit 3 ma -- --limit"),
            Ok((words(&["ma", "--limit"]), 3, none()))
        );
        assert!(parse("bantin search ma --nope").is_err());
        // Short options, one letter, or with a number attached.
        assert_eq!(
            parse("bantin search ma tuy -n 3 -p hue -p vinh -can"),
            Ok((words(&["ma", "tuy", "-can"]), 3, words(&["hue", "vinh"])))
        );
        assert_eq!(
            parse("bantin search ma -n3"),
            Ok((words(&["ma"]), 3, none()))
        );
        // A dash and one letter that is no option is refused, not searched for.
        assert_eq!(
            parse("bantin search ma tuy -x 3"),
            Err("unexpected argument found".to_owned())
        );
        assert_eq!(
            parse("bantin search ma -- -x"),
            Ok((words(&["ma", "-x"]), 10, none()))
        );
    }
}
