//! `bantin search QUERY`: ranked bulletins with snippets, filters and facets.

use std::io::Write;
use std::process::ExitCode;

use super::print_json_or;
use clap::Args;

use super::{Painter, EXIT_NO_HITS};
use crate::index::stats::FacetCount;
use crate::index::BantinIndex;
use crate::search::{
    search, FilterSpec, Hit, Matching, SearchRequest, SearchResults, SignificantWord, SortOrder,
    WordSample,
};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "phrases", +required, -excluded, OR, (groups), title:word. With accents or
    /// without; may be empty when filtering. Words starting with one `-` are query words
    /// (`ma -cần`), not options.
    pub query: Vec<String>,

    /// Only bulletins of this province: today's (`Hưng Yên`, including Thái Bình) or as
    /// named then (`Thái Bình`); accents optional.
    #[arg(long)]
    pub province: Option<String>,

    /// Only bulletins of this unit or its sub-units (`Bộ Công an`, `Phòng CSGT`,
    /// `Công an tỉnh Thanh Hóa/Phòng Cảnh sát giao thông`).
    #[arg(long)]
    pub unit: Option<String>,

    /// From this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, conflicts_with = "year")]
    pub from: Option<String>,

    /// Up to this date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, conflicts_with = "year")]
    pub to: Option<String>,

    /// Only this year.
    #[arg(long)]
    pub year: Option<String>,

    /// Order [default: relevance with a query, newest without].
    #[arg(long, value_enum)]
    pub sort: Option<SortOrder>,

    /// Hits to show; --offset plus --limit at most 10000.
    #[arg(long, default_value_t = 10)]
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
    #[arg(long)]
    pub json: bool,
}

/// Marks a query word that starts with `-` so that clap takes it for a value, not a flag.
const EXCLUDED_WORD_MARK: char = '\u{E000}';

/// The command line with the excluded words of a search (`ma -cần`) marked as values:
/// clap would read `-cần` as the short flags `-c`, `-ầ`, `-n`. Options of `search` and
/// their values, `-h` and everything after `--` stay as they are.
pub fn mark_excluded_words(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    cli: &clap::Command,
) -> Vec<std::ffi::OsString> {
    let search = cli.find_subcommand("search");
    let takes_value = |arg: &str| -> bool {
        let Some(long) = arg.strip_prefix("--") else {
            return false;
        };
        let known = |c: &clap::Command| {
            c.get_arguments().any(|a| {
                a.get_long() == Some(long) && a.get_action().takes_values() && !a.is_positional()
            })
        };
        known(cli) || search.is_some_and(known)
    };
    let mut out = Vec::new();
    let mut in_search = false;
    let mut value_next = false;
    let mut plain = false;
    for (at, arg) in args.into_iter().enumerate() {
        let text = arg.to_str().map(str::to_owned);
        match text.as_deref() {
            _ if at == 0 || value_next || plain => value_next = false,
            Some("--") => plain = in_search,
            Some("search") if !in_search => in_search = true,
            Some(word) if takes_value(word) => value_next = true,
            Some(word)
                if in_search
                    && word.len() > 1
                    && word.starts_with('-')
                    && !word.starts_with("--")
                    && word != "-h" =>
            {
                out.push(format!("{EXCLUDED_WORD_MARK}{word}").into());
                continue;
            }
            _ => {}
        }
        out.push(arg);
    }
    out
}

pub fn run(
    args: &SearchArgs,
    index_dir: &std::path::Path,
    painter: Painter,
) -> anyhow::Result<ExitCode> {
    let index = BantinIndex::open(index_dir)?;
    let request = SearchRequest {
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
        filters: FilterSpec {
            province: args.province.clone(),
            unit: args.unit.clone(),
            from: args.from.clone(),
            to: args.to.clone(),
            year: args.year.clone(),
        },
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        snippets: args.snippets,
        facets: args.facets,
        collapse: !args.no_collapse,
    };
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

pub fn write_results(
    out: &mut impl Write,
    results: &SearchResults,
    painter: Painter,
) -> std::io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, results.collapsed, painter)?;
    }
    if let Some(facets) = &results.facets {
        write_facets(
            out,
            "provinces (today / as named then)",
            &facets.province,
            false,
            painter,
        )?;
        write_facets(out, "units", &facets.unit, false, painter)?;
        write_facets(out, "dates", &facets.date, true, painter)?;
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
    )
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
fn quoted_words(words: &[String]) -> String {
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

/// Facet counts as an indented tree; `full_path` labels each row with its whole path
/// (`2024-07` rather than `07`).
fn write_facets(
    out: &mut impl Write,
    heading: &str,
    counts: &[FacetCount],
    full_path: bool,
    painter: Painter,
) -> std::io::Result<()> {
    writeln!(out, "{}", painter.strong(heading))?;
    if counts.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for count in counts {
        let indent = "  ".repeat(count.path.len());
        let label = if full_path {
            count.path.join("-")
        } else {
            count.path.last().cloned().unwrap_or_default()
        };
        let width = 44usize.saturating_sub(indent.len());
        writeln!(out, "{indent}{label:<width$} {:>6}", count.count)?;
    }
    writeln!(out)
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
                    search.province,
                )),
                Ok(_) => Err("another command".to_owned()),
                Err(e) => Err(e.kind().to_string()),
            }
        };
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            parse("bantin search ma -cần --limit 2"),
            Ok((words(&["ma", "-cần"]), 2, None))
        );
        assert_eq!(
            parse("bantin --index search search -xe --province hue cướp"),
            Ok((words(&["-xe", "cướp"]), 10, Some("hue".to_owned())))
        );
        assert_eq!(
            parse("bantin search --limit 3 ma -- --limit"),
            Ok((words(&["ma", "--limit"]), 3, None))
        );
        assert!(parse("bantin search ma --nope").is_err());
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
