//! Every match of a search, in the search's order, as CSV or JSON Lines: no 10,000-hit
//! depth, and memory bounded whatever the count.
//!
//! The matches are the set `search` counts ([`super::plan::MatchPlan::resolve`]). Ordering
//! them holds 16 bytes per match and nothing more: a score and a [`DocAddress`] by
//! relevance (the best [`super::RESCORE_WINDOW`] rescored as `search` rescores them), a
//! date and a [`DocAddress`] by date. Bulletins are then read from the store one at a time
//! and written out, so a million matches hold 16 MB, never a million bulletins.

use std::io::Write;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

use super::plan::{MatchPlan, Matches};
use super::{rescore, Matching, SearchError, SearchRequest, SortOrder, RESCORE_WINDOW};
use crate::index::document::StoredBulletin;
use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex, IndexError};

/// How exported matches are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF line ends, a header row.
    Csv,
    /// One JSON object a line.
    Jsonl,
}

impl ExportFormat {
    /// `csv` or `jsonl`, as a parameter names it.
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name {
            "csv" => Some(ExportFormat::Csv),
            "jsonl" => Some(ExportFormat::Jsonl),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Jsonl => "application/jsonl; charset=utf-8",
        }
    }
}

/// The columns of an export, in order: the keys of a JSON Lines row too.
pub const COLUMNS: [&str; 10] = [
    "id",
    "title",
    "date",
    "date_precision",
    "province",
    "province_then",
    "unit",
    "url",
    "publisher",
    "score",
];

/// One exported bulletin.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ExportRow {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub date_precision: Option<&'static str>,
    /// Today's province.
    pub province: Option<String>,
    /// The province as named when the bulletin was written.
    pub province_then: Option<String>,
    /// The unit's path, joined with ` / `.
    pub unit: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    /// As `search` scores it; `None` when ordered by date or for filters alone.
    pub score: Option<f32>,
}

impl ExportRow {
    fn new(stored: StoredBulletin, score: Option<f32>) -> ExportRow {
        let (province, province_then) = match stored.province.as_deref() {
            Some([today, then, ..]) => (Some(today.clone()), Some(then.clone())),
            Some([today]) => (Some(today.clone()), Some(today.clone())),
            _ => (None, None),
        };
        ExportRow {
            id: stored.id,
            title: stored.title,
            date: stored.date,
            date_precision: stored.date_precision,
            province,
            province_then,
            unit: stored.unit.map(|path| path.join(" / ")),
            url: stored.url,
            publisher: stored.publisher,
            score,
        }
    }

    fn csv_record(&self) -> [String; 10] {
        let text = |value: &Option<String>| spreadsheet_safe(value.as_deref().unwrap_or(""));
        [
            spreadsheet_safe(&self.id),
            spreadsheet_safe(&self.title),
            text(&self.date),
            self.date_precision.unwrap_or("").to_owned(),
            text(&self.province),
            text(&self.province_then),
            text(&self.unit),
            text(&self.url),
            text(&self.publisher),
            self.score.map(|s| s.to_string()).unwrap_or_default(),
        ]
    }
}

/// `text`, with a `'` before a leading `=`, `+`, `-` or `@`: a spreadsheet would run such a
/// cell as a formula (a title `=HYPERLINK(...)` would become a link). The `'` shows in the
/// cell: a reader sees the text as written, a spreadsheet runs nothing.
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("writing the export")]
    Write(#[source] std::io::Error),
}

impl From<IndexError> for ExportError {
    fn from(err: IndexError) -> ExportError {
        ExportError::Search(err.into())
    }
}

/// What an export wrote, for a closing note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    pub rows: usize,
    pub matching: Matching,
    /// The query's words matched nothing as words; these are its syllables anywhere.
    pub fell_back: bool,
    pub words: Vec<String>,
}

/// A search's matches, ready to be written out: checking the request is done, and nothing
/// is written before [`PreparedExport::write`], so a caller can still answer an error.
pub struct PreparedExport<'a> {
    index: &'a BantinIndex,
    searcher: Searcher,
    matches: Matches,
}

impl<'a> PreparedExport<'a> {
    /// Plans `request` (its limit, offset, snippets and facets do not apply) and counts
    /// its matches.
    pub fn new(
        index: &'a BantinIndex,
        request: &SearchRequest,
    ) -> Result<PreparedExport<'a>, SearchError> {
        let searcher = index.searcher()?;
        let plan = MatchPlan::new(index, &searcher, request)?;
        let matches = plan.resolve(index, &searcher)?;
        Ok(PreparedExport {
            index,
            searcher,
            matches,
        })
    }

    /// How many bulletins the export writes.
    pub fn total(&self) -> usize {
        self.matches.total
    }

    pub fn matches(&self) -> &Matches {
        &self.matches
    }

    /// Writes every match to `out` as `format`, a header first for CSV.
    pub fn write(
        &self,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<ExportSummary, ExportError> {
        let ordered = self.ordered()?;
        let mut rows = RowWriter::new(format, out).map_err(ExportError::Write)?;
        for (score, address) in ordered {
            let doc: TantivyDocument = self
                .searcher
                .doc(address)
                .map_err(|source| tantivy_error(&self.index.path, source))?;
            let stored = StoredBulletin::from_document(&doc, &self.index.fields);
            let score = score.filter(|_| self.matches.has_text);
            rows.write(&ExportRow::new(stored, score))
                .map_err(ExportError::Write)?;
        }
        let written = rows.finish().map_err(ExportError::Write)?;
        Ok(ExportSummary {
            rows: written,
            matching: self.matches.matching,
            fell_back: self.matches.fell_back,
            words: self.matches.words.clone(),
        })
    }

    /// Every match in the search's order, with its score by relevance.
    fn ordered(&self) -> Result<Vec<(Option<Score>, DocAddress)>, IndexError> {
        let err = |source| tantivy_error(&self.index.path, source);
        match self.matches.sort {
            SortOrder::Relevance => {
                let mut scored =
                    scored_matches(&self.searcher, &self.matches.query).map_err(err)?;
                // `TopDocs` by score: the higher score first, then index order.
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let rest = scored.split_off(scored.len().min(RESCORE_WINDOW));
                let best = rescore::rescore(&self.searcher, &self.matches.searched.boosts, scored)
                    .map_err(err)?;
                Ok(best
                    .into_iter()
                    .map(|(score, address, _)| (Some(score), address))
                    .chain(
                        rest.into_iter()
                            .map(|(score, address)| (Some(score), address)),
                    )
                    .collect())
            }
            SortOrder::Newest | SortOrder::Oldest => {
                let mut dated = dated_matches(&self.searcher, &self.matches.query).map_err(err)?;
                // Undated bulletins last in either order, then index order.
                let newest = self.matches.sort == SortOrder::Newest;
                dated.sort_by(|a, b| {
                    let by_date = match (a.0, b.0) {
                        (Some(x), Some(y)) if newest => y.cmp(&x),
                        (Some(x), Some(y)) => x.cmp(&y),
                        (x, y) => y.is_some().cmp(&x.is_some()),
                    };
                    by_date.then(a.1.cmp(&b.1))
                });
                Ok(dated
                    .into_iter()
                    .map(|(_, address)| (None, address))
                    .collect())
            }
        }
    }
}

/// Every live match of `query` with its score.
fn scored_matches(
    searcher: &Searcher,
    query: &dyn Query,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut found = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        weight.for_each(reader, &mut |doc, score| {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                found.push((score, DocAddress::new(ord as u32, doc)));
            }
        })?;
    }
    Ok(found)
}

/// Every live match of `query` with its date in Unix seconds, if it has one.
fn dated_matches(
    searcher: &Searcher,
    query: &dyn Query,
) -> tantivy::Result<Vec<(Option<i64>, DocAddress)>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut found = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        let dates = reader.fast_fields().date(names::DATE).ok();
        weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                let date = dates
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .map(|date| date.into_timestamp_secs());
                found.push((date, DocAddress::new(ord as u32, doc)));
            }
        })?;
    }
    Ok(found)
}

/// Writes rows as CSV or JSON Lines.
pub struct RowWriter<'w> {
    sink: Sink<'w>,
    rows: usize,
}

enum Sink<'w> {
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Jsonl(&'w mut dyn Write),
}

/// Excel reads a CSV file as UTF-8 only when it starts with this mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl<'w> RowWriter<'w> {
    /// A writer into `out`; for CSV the byte-order mark and the header row are written.
    pub fn new(format: ExportFormat, out: &'w mut dyn Write) -> std::io::Result<RowWriter<'w>> {
        let sink = match format {
            ExportFormat::Csv => {
                out.write_all(UTF8_BOM)?;
                let mut csv = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .quote_style(csv::QuoteStyle::Necessary)
                    .from_writer(out);
                csv.write_record(COLUMNS).map_err(csv_error)?;
                Sink::Csv(Box::new(csv))
            }
            ExportFormat::Jsonl => Sink::Jsonl(out),
        };
        Ok(RowWriter { sink, rows: 0 })
    }

    pub fn write(&mut self, row: &ExportRow) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Csv(csv) => csv.write_record(row.csv_record()).map_err(csv_error)?,
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut **out, row)?;
                out.write_all(b"\n")?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Flushes what is buffered; the number of rows written.
    pub fn finish(self) -> std::io::Result<usize> {
        match self.sink {
            Sink::Csv(mut csv) => csv.flush()?,
            Sink::Jsonl(out) => out.flush()?,
        }
        Ok(self.rows)
    }
}

/// A CSV writer's error as the I/O error it is (a closed pipe stays one).
pub fn csv_error(err: csv::Error) -> std::io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests;
