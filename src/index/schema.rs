//! The index schema: one tantivy document per bulletin.
//!
//! | field | kind | why |
//! | --- | --- | --- |
//! | `id` | string, stored, fast | stable identity; updates delete by it |
//! | `url` | stored | shown with results |
//! | `title` | text (`vi-syllables` analyzer), stored | exact and folded syllables; `title:` and the title boost |
//! | `body` | stored | the text shown and cut into snippets |
//! | `text` | text (`vi` analyzer: syllables and words), title and body as two values | what queries match and rank on |
//! | `date` | date, indexed, stored, fast | range filters, sorting by date |
//! | `date_precision` | u64, stored, fast | 1 year, 2 month, 3 day |
//! | `month` | facet `/YYYY/MM` (or `/YYYY`) | year/month facet counts |
//! | `province` | facet `/<today>/<then>`, stored | the issuing force's province |
//! | `provinces` | facet, stored, multi-valued | every province named |
//! | `unit` | facet, stored | the acting police unit |
//! | `source` | string, stored, fast | where it was read; an edited plain-text file replaces by it |
//! | `publisher` | string, stored, fast | the publisher a record names (metadata, never identity) |
//! | `ingested_at` | date, stored, fast | when it was indexed: `--new-since`, the order of a feed's undated bulletins (stored only in indexes built before) |
//! | `content_hash` | u64, stored, fast | tells an edited bulletin from an unchanged one |
//! | `story` | u64, fast | the story of near-duplicate bulletins it belongs to ([`super::stories`]) |
//! | `story_bands` | u64, indexed, multi-valued | its signature's band keys: how a new bulletin finds its story |

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::text::{SYLLABLE_TOKENIZER_NAME, TOKENIZER_NAME};

/// Every field of the schema, resolved once.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub url: Field,
    pub title: Field,
    pub body: Field,
    pub text: Field,
    pub date: Field,
    pub date_precision: Field,
    pub month: Field,
    pub province: Field,
    pub provinces: Field,
    pub unit: Field,
    pub source: Field,
    /// Absent in indexes built before the field existed.
    pub publisher: Option<Field>,
    pub ingested_at: Field,
    pub content_hash: Field,
    /// Absent in indexes built before stories existed: such an index keeps working,
    /// one bulletin per story.
    pub story: Option<Field>,
    pub story_bands: Option<Field>,
}

/// Field names, shared by the schema and by code that reads fast fields by name.
pub mod names {
    pub const ID: &str = "id";
    pub const URL: &str = "url";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const TEXT: &str = "text";
    pub const DATE: &str = "date";
    pub const DATE_PRECISION: &str = "date_precision";
    pub const MONTH: &str = "month";
    pub const PROVINCE: &str = "province";
    pub const PROVINCES: &str = "provinces";
    pub const UNIT: &str = "unit";
    pub const SOURCE: &str = "source";
    pub const PUBLISHER: &str = "publisher";
    pub const INGESTED_AT: &str = "ingested_at";
    pub const CONTENT_HASH: &str = "content_hash";
    pub const STORY: &str = "story";
    pub const STORY_BANDS: &str = "story_bands";
}

pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let analyzed = |tokenizer| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let date = DateOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    builder.add_text_field(names::ID, STRING | STORED | FAST);
    builder.add_text_field(names::URL, STORED);
    builder.add_text_field(names::TITLE, analyzed(SYLLABLE_TOKENIZER_NAME).set_stored());
    builder.add_text_field(names::BODY, STORED);
    builder.add_text_field(names::TEXT, analyzed(TOKENIZER_NAME));
    builder.add_date_field(names::DATE, date);
    builder.add_u64_field(
        names::DATE_PRECISION,
        NumericOptions::default().set_stored().set_fast(),
    );
    builder.add_facet_field(names::MONTH, FacetOptions::default());
    builder.add_facet_field(names::PROVINCE, FacetOptions::default().set_stored());
    builder.add_facet_field(names::PROVINCES, FacetOptions::default().set_stored());
    builder.add_facet_field(names::UNIT, FacetOptions::default().set_stored());
    builder.add_text_field(names::SOURCE, STRING | STORED | FAST);
    builder.add_text_field(names::PUBLISHER, STRING | STORED | FAST);
    builder.add_date_field(
        names::INGESTED_AT,
        DateOptions::default()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_u64_field(
        names::CONTENT_HASH,
        NumericOptions::default().set_stored().set_fast(),
    );
    builder.add_u64_field(names::STORY, NumericOptions::default().set_fast());
    builder.add_u64_field(names::STORY_BANDS, NumericOptions::default().set_indexed());
    builder.build()
}

impl Fields {
    /// Resolves the fields in `schema`; `None` when a field is missing (an index built by
    /// something else).
    pub fn resolve(schema: &Schema) -> Option<Fields> {
        let field = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            id: field(names::ID)?,
            url: field(names::URL)?,
            title: field(names::TITLE)?,
            body: field(names::BODY)?,
            text: field(names::TEXT)?,
            date: field(names::DATE)?,
            date_precision: field(names::DATE_PRECISION)?,
            month: field(names::MONTH)?,
            province: field(names::PROVINCE)?,
            provinces: field(names::PROVINCES)?,
            unit: field(names::UNIT)?,
            source: field(names::SOURCE)?,
            publisher: field(names::PUBLISHER),
            ingested_at: field(names::INGESTED_AT)?,
            content_hash: field(names::CONTENT_HASH)?,
            story: field(names::STORY),
            story_bands: field(names::STORY_BANDS),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::index::BantinIndex;

    /// Nothing asks the title field for words: titles are segmented once, in `text`.
    #[test]
    fn words_are_indexed_in_the_text_not_in_the_title() {
        let index = BantinIndex::create_in_ram();
        let fields = &index.fields;
        let mut writer: tantivy::IndexWriter = index
            .index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let title = "Bắt đối tượng tàng trữ ma túy";
        writer
            .add_document(tantivy::doc!(fields.title => title, fields.text => title))
            .expect("add");
        writer.commit().expect("commit");
        let searcher = index.index.reader().expect("reader").searcher();
        let segment = searcher.segment_reader(0);
        let has = |field, term: &str| {
            let inverted = segment.inverted_index(field).expect("inverted index");
            let term = tantivy::Term::from_field_text(field, term);
            inverted.doc_freq(&term).expect("doc freq") > 0
        };
        assert!(has(fields.text, "ma_tuy"));
        assert!(has(fields.title, "tuy") && has(fields.title, "~túy"));
        assert!(!has(fields.title, "ma_tuy"));
    }
}
