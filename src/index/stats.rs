//! Reading the index back: counts for `bantin stats`, one bulletin for `bantin show`.

use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use super::document::{format_date, StoredBulletin};
use super::schema::names;
use super::{tantivy_error, BantinIndex, IndexError};
use crate::bulletin::gazetteer::PROVINCES;
use crate::bulletin::Precision;

/// A facet value and how many bulletins carry it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub path: Vec<String>,
    pub count: u64,
}

/// How many bulletins extraction found each fact for: what a date, province or unit filter
/// can see of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub bulletins: u64,
    /// Dated to the day, to the month only, to the year only.
    pub dated_day: u64,
    pub dated_month: u64,
    pub dated_year: u64,
    pub with_province: u64,
    pub with_unit: u64,
}

impl Coverage {
    /// Counts one bulletin.
    pub fn add(&mut self, date: Option<Precision>, province: bool, unit: bool) {
        self.bulletins += 1;
        if let Some(precision) = date {
            self.add_date(precision);
        }
        self.with_province += u64::from(province);
        self.with_unit += u64::from(unit);
    }

    /// Counts a date of one bulletin already counted.
    fn add_date(&mut self, precision: Precision) {
        match precision {
            Precision::Day => self.dated_day += 1,
            Precision::Month => self.dated_month += 1,
            Precision::Year => self.dated_year += 1,
        }
    }

    pub fn dated(&self) -> u64 {
        self.dated_day + self.dated_month + self.dated_year
    }
}

/// What `bantin stats` shows.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IndexStats {
    pub documents: u64,
    /// Stories of near-duplicates among the documents; `None` for an index made before
    /// stories existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<u64>,
    pub segments: usize,
    pub size_bytes: u64,
    /// Of `size_bytes`, the segment files no commit refers to.
    pub uncommitted_bytes: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub undated: u64,
    /// Of `documents`, those with a date, a main province, a unit.
    pub found: Coverage,
    /// Today's provinces, each followed by its provinces as named then.
    pub provinces: Vec<FacetCount>,
    pub units: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
}

pub fn index_stats(index: &BantinIndex) -> Result<IndexStats, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let documents = searcher.num_docs();

    // Each end of the range with its precision: a year-only first date prints as `2025`.
    let mut found = Coverage {
        bulletins: documents,
        ..Coverage::default()
    };
    let (mut first, mut last): (Option<(tantivy::DateTime, Precision)>, _) = (None, None);
    for segment in searcher.segment_readers() {
        let dates = segment.fast_fields().date(names::DATE).map_err(err)?;
        let precisions = segment
            .fast_fields()
            .u64(names::DATE_PRECISION)
            .map_err(err)?;
        for doc in segment.doc_ids_alive() {
            if let Some(date) = dates.first(doc) {
                let precision = precisions
                    .first(doc)
                    .and_then(Precision::from_u64)
                    .unwrap_or(Precision::Day);
                found.add_date(precision);
                if first.is_none_or(|(f, _)| date < f) {
                    first = Some((date, precision));
                }
                if last.is_none_or(|(l, _)| date > l) {
                    last = Some((date, precision));
                }
            }
        }
    }

    // A facet collector counts one level below each facet it is given, and refuses a facet
    // below another: count today's provinces by summing their children.
    let mut provinces = FacetCollector::for_field(names::PROVINCE);
    for (today, _) in PROVINCES {
        provinces.add_facet(Facet::from_path([*today]));
    }
    let mut units = FacetCollector::for_field(names::UNIT);
    units.add_facet("/");
    let mut years = FacetCollector::for_field(names::MONTH);
    years.add_facet("/");
    let (provinces, units, years) = searcher
        .search(&AllQuery, &(provinces, units, years))
        .map_err(err)?;

    let mut by_today: Vec<(FacetCount, Vec<FacetCount>)> = PROVINCES
        .iter()
        .map(|(today, _)| {
            let children = sorted_children(&provinces, &Facet::from_path([*today]));
            let total = FacetCount {
                path: vec![(*today).to_owned()],
                count: children.iter().map(|c| c.count).sum(),
            };
            (total, children)
        })
        .filter(|(total, _)| total.count > 0)
        .collect();
    by_today.sort_by(|a, b| {
        b.0.count
            .cmp(&a.0.count)
            .then_with(|| a.0.path.cmp(&b.0.path))
    });
    found.with_province = by_today.iter().map(|(total, _)| total.count).sum();
    found.with_unit = sorted_children(&units, &Facet::root())
        .iter()
        .map(|unit| unit.count)
        .sum();
    let province_counts = by_today
        .into_iter()
        .flat_map(|(total, children)| std::iter::once(total).chain(children))
        .collect();
    let mut year_counts = sorted_children(&years, &Facet::root());
    year_counts.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(IndexStats {
        documents,
        stories: super::stories::count_stories(index, &searcher)?,
        segments: searcher.segment_readers().len(),
        size_bytes: index.size_on_disk(),
        uncommitted_bytes: index.uncommitted_size(),
        first_date: first.map(|(d, p)| format_date(d, p)),
        last_date: last.map(|(d, p)| format_date(d, p)),
        undated: documents - found.dated(),
        found,
        provinces: province_counts,
        units: sorted_children(&units, &Facet::root()),
        years: year_counts,
    })
}

/// Children of `parent` with their counts, most frequent first, then by name.
pub fn sorted_children(
    counts: &tantivy::collector::FacetCounts,
    parent: &Facet,
) -> Vec<FacetCount> {
    let mut children: Vec<FacetCount> = counts
        .get(parent.clone())
        .map(|(facet, count)| FacetCount {
            path: facet.to_path().into_iter().map(str::to_owned).collect(),
            count,
        })
        .collect();
    children.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
    children
}

/// The stored bulletin with `id`, if indexed.
pub fn find_by_id(index: &BantinIndex, id: &str) -> Result<Option<StoredBulletin>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let query = TermQuery::new(
        Term::from_field_text(index.fields.id, id),
        IndexRecordOption::Basic,
    );
    let hits: Vec<(f32, DocAddress)> = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .map_err(err)?;
    let Some((_, address)) = hits.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*address).map_err(err)?;
    let mut bulletin = StoredBulletin::from_document(&doc, &index.fields);
    let (story, copies) = super::stories::story_copies(index, &searcher, *address)?;
    bulletin.story = story.map(|story| format!("{story:016x}"));
    bulletin.copies = copies;
    Ok(Some(bulletin))
}

/// Ids of the newest bulletins, for "did you mean" when an id is not found.
pub fn newest_ids(index: &BantinIndex, limit: usize) -> Result<Vec<String>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let collector = TopDocs::with_limit(limit)
        .order_by_fast_field::<tantivy::DateTime>(names::DATE, Order::Desc);
    let hits = searcher.search(&AllQuery, &collector).map_err(err)?;
    let mut ids = Vec::new();
    for (_, address) in hits {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        ids.push(StoredBulletin::from_document(&doc, &index.fields).id);
    }
    Ok(ids)
}
