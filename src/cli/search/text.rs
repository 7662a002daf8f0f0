//! The text `bantin search` prints: the count, each hit with its highlighted snippets,
//! the facets and the words of the results.

use std::io::Write;

use super::super::Painter;
use crate::index::stats::FacetCount;
use crate::search::{Counted, Hit, SearchResults, SignificantWord, WordSample};

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
            painter.strong(&super::super::escape_controls(&correction.query)),
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
        .map(|w| format!("\"{}\"", super::super::escape_controls(w)))
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
    details.push(super::super::escape_controls(&hit.id).into_owned());
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

/// `8,799`: the terminal speaks English.
fn with_commas(n: usize) -> String {
    crate::text::group_digits(n, ',')
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
