//! `bantin search QUERY`: ranked bulletins with snippets, filters and facets.

use std::io::Write;
use std::process::ExitCode;

use super::print_json_or;
use clap::Args;

use super::{Painter, EXIT_NO_HITS};
use crate::index::stats::FacetCount;
use crate::index::BantinIndex;
use crate::search::export::ExportFormat;
use crate::search::{
    search, Counted, FilterSpec, Hit, Matching, SearchRequest, SearchResults, SignificantWord,
    SortOrder, WordSample,
};

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

pub fn write_results(
    out: &mut impl Write,
    results: &SearchResults,
    painter: Painter,
) -> std::io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, results.collapsed, painter)?;
    }
    if let Some(facets) = &results.facets {
        writeln!(
            out,
            "{}",
            painter.strong(facet_counts_heading(facets.counts))
        )?;
        writeln!(out)?;
        let unknown = facets.unknown;
        let facet = |heading, counts, unknown, full_path| FacetList {
            heading,
            counts,
            unknown,
            full_path,
        };
        let lists = [
            facet(
                "provinces (today / as named then)",
                &facets.province[..],
                unknown.province,
                false,
            ),
            facet("units", &facets.unit, unknown.unit, false),
            facet("dates", &facets.date, unknown.date, true),
        ];
        for list in &lists {
            list.write(out, painter)?;
        }
        write_words(out, &facets.words, facets.words_sample, painter)?;
        write_names(out, &facets.names, painter)?;
    }
    let shown = if results.hits.is_empty() {
        String::new()
    } else {
        format!(
            ", showing {}-{}",
            results.offset + 1,
            results.offset + results.hits.len()
        )
    };
    if let Some(correction) = &results.did_you_mean {
        writeln!(
            out,
            "did you mean: {} ({})",
            painter.strong(&super::escape_controls(&correction.query)),
            hits(correction.total)
        )?;
    }
    if results.words_total == Some(0) {
        writeln!(
            out,
            "no bulletin holds {} as written together; these hold the syllables anywhere",
            quoted_words(&results.words)
        )?;
    }
    let broader = match results.syllables_total {
        Some(broader) => format!(
            "; {} with the syllables of {} anywhere (--syllables)",
            hits(broader),
            quoted_words(&results.words)
        ),
        None => String::new(),
    };
    writeln!(
        out,
        "{}",
        painter.dim(&format!(
            "{}{}{shown}, {:.1} ms{broader}",
            hits(results.total),
            in_stories(results),
            results.took_ms
        ))
    )?;
    match results.undated {
        Some(undated) if undated > 0 => {
            let (noun, verb) = if undated == 1 {
                ("bulletin matches but has", "it")
            } else {
                ("bulletins match but have", "them")
            };
            writeln!(
                out,
                "{}",
                painter.dim(&format!(
                    "{} more {noun} no date, so the date range leaves {verb} out (--undated \
                     brings {verb} in)",
                    with_commas(undated)
                ))
            )
        }
        _ => Ok(()),
    }
}

/// `1 hit`, `9341 hits`.
fn hits(count: usize) -> String {
    let noun = if count == 1 { "hit" } else { "hits" };
    format!("{count} {noun}")
}

/// ` in 871 stories` when near-duplicates make the stories fewer than the hits.
fn in_stories(results: &SearchResults) -> String {
    match results.stories {
        stories if stories >= results.total => String::new(),
        1 => " in 1 story".to_owned(),
        stories => format!(" in {stories} stories"),
    }
}

/// The query's words as typed, quoted: `"ma tuy"`, `"bắt giữ" and "ma túy"`.
pub fn quoted_words(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"", super::escape_controls(w)))
        .collect();
    match quoted.as_slice() {
        [] => "the query's words".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn write_hit(
    out: &mut impl Write,
    hit: &Hit,
    collapsed: bool,
    painter: Painter,
) -> std::io::Result<()> {
    let title = highlight(&hit.title, &hit.title_highlights, painter);
    writeln!(out, "{}. {}", hit.rank, painter.strong(&title))?;
    let mut details = vec![hit
        .date
        .clone()
        .unwrap_or_else(|| "date unknown".to_owned())];
    if let Some(province) = &hit.province {
        details.push(province_label(province));
    }
    if let Some(unit) = &hit.unit {
        details.push(unit.join(" / "));
    }
    if let Some(score) = hit.score {
        details.push(format!("score {score:.2}"));
    }
    details.push(super::escape_controls(&hit.id).into_owned());
    if collapsed && hit.copies > 1 {
        details.push(format!("+{} similar", hit.copies - 1));
    }
    writeln!(out, "   {}", painter.dim(&details.join(" · ")))?;
    for snippet in &hit.snippets {
        let lead = if snippet.offset > 0 { "… " } else { "" };
        writeln!(
            out,
            "   {lead}{} …",
            highlight(&snippet.text, &snippet.highlights, painter)
        )?;
    }
    writeln!(out)
}

/// `Hưng Yên`, or `Hưng Yên (Thái Bình)` when it was named otherwise then.
fn province_label(path: &[String]) -> String {
    match path {
        [today, then] if today != then => format!("{today} ({then})"),
        [today, ..] => today.clone(),
        [] => String::new(),
    }
}

/// `text` with the byte ranges marked (colour or `**...**`).
pub fn highlight(text: &str, ranges: &[[usize; 2]], painter: Painter) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &[start, end] in ranges {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&painter.highlight(&text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// What the province, unit and date counts below count.
fn facet_counts_heading(counts: Counted) -> &'static str {
    match counts {
        Counted::Stories => {
            "facets count stories: near-duplicate bulletins once (--no-collapse: every bulletin)"
        }
        Counted::Bulletins => "facets count bulletins: every copy of a story",
    }
}

/// One facet's counts, to print as an indented tree.
struct FacetList<'a> {
    heading: &'a str,
    counts: &'a [FacetCount],
    /// The matches with no value, printed last as `Không rõ`.
    unknown: u64,
    /// Label each row with its whole path (`2024-07` rather than `07`).
    full_path: bool,
}

/// Labels longer than this many characters are cut with `…` so that counts stay in
/// one column.
const FACET_LABEL_CHARS: usize = 60;

impl FacetList<'_> {
    fn write(&self, out: &mut impl Write, painter: Painter) -> std::io::Result<()> {
        writeln!(out, "{}", painter.strong(self.heading))?;
        if self.counts.is_empty() && self.unknown == 0 {
            writeln!(out, "  (none)")?;
        }
        let mut rows: Vec<(String, u64)> = self
            .counts
            .iter()
            .map(|count| {
                let indent = "  ".repeat(count.path.len());
                let label = if self.full_path {
                    count.path.join("-")
                } else {
                    count.path.last().cloned().unwrap_or_default()
                };
                (format!("{indent}{}", clipped(&label)), count.count)
            })
            .collect();
        if self.unknown > 0 {
            rows.push((format!("  {}", crate::search::UNKNOWN), self.unknown));
        }
        let width = rows
            .iter()
            .map(|(label, _)| label.chars().count())
            .max()
            .unwrap_or(0)
            .max(44);
        for (label, count) in rows {
            writeln!(out, "{label:<width$} {count:>6}")?;
        }
        writeln!(out)
    }
}

/// `label`, cut to [`FACET_LABEL_CHARS`] characters.
fn clipped(label: &str) -> std::borrow::Cow<'_, str> {
    match label.char_indices().nth(FACET_LABEL_CHARS) {
        Some((end, _)) => format!("{}…", &label[..end]).into(),
        None => label.into(),
    }
}

/// The words facet: each word with how many matching bulletins hold it; the heading says
/// when the words were found in a sample of the matches.
fn write_words(
    out: &mut impl Write,
    words: &[SignificantWord],
    sample: WordSample,
    painter: Painter,
) -> std::io::Result<()> {
    let mut heading = if sample.holding_query_words {
        format!(
            "words (over-represented in the {} matches holding the query's words",
            with_commas(sample.matches)
        )
    } else {
        "words (over-represented in the matches".to_owned()
    };
    match (sample.is_partial(), sample.holding_query_words) {
        (true, true) => {
            heading.push_str(&format!(
                "; found in a sample of {}",
                with_commas(sample.sampled)
            ));
        }
        (true, false) => {
            heading.push_str(&format!(
                "; found in a sample of {} of {} matches",
                with_commas(sample.sampled),
                with_commas(sample.matches)
            ));
        }
        (false, _) => {}
    }
    heading.push(')');
    writeln!(out, "{}", painter.strong(&heading))?;
    if words.is_empty() {
        writeln!(out, "  (none)")?;
    }
    write_word_rows(out, words)
}

/// The names listed beside the words (read from the same sample); nothing when there are none.
fn write_names(
    out: &mut impl Write,
    names: &[SignificantWord],
    painter: Painter,
) -> std::io::Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        painter.strong("names (over-represented in the matches)")
    )?;
    write_word_rows(out, names)
}

/// One line per word or name, with its count of matches, then a blank line.
fn write_word_rows(out: &mut impl Write, words: &[SignificantWord]) -> std::io::Result<()> {
    for word in words {
        writeln!(out, "  {:<42} {:>6}", word.word, word.matches)?;
    }
    writeln!(out)
}

/// `8,799`.
fn with_commas(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ColorChoice;

    #[test]
    fn highlights_mark_byte_ranges() {
        let painter = Painter::new(ColorChoice::Plain);
        assert_eq!(
            highlight("về ma túy đã", &[[5, 7], [8, 12]], painter),
            "về **ma** **túy** đã"
        );
        assert_eq!(highlight("abc", &[[1, 9]], painter), "abc");
    }

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

    #[test]
    fn counts_group_thousands_with_commas() {
        assert_eq!(with_commas(0), "0");
        assert_eq!(with_commas(500), "500");
        assert_eq!(with_commas(8799), "8,799");
        assert_eq!(with_commas(1_234_567), "1,234,567");
    }

    #[test]
    fn province_label_shows_old_names() {
        assert_eq!(
            province_label(&["Hưng Yên".into(), "Thái Bình".into()]),
            "Hưng Yên (Thái Bình)"
        );
        assert_eq!(
            province_label(&["Hưng Yên".into(), "Hưng Yên".into()]),
            "Hưng Yên"
        );
    }
}
