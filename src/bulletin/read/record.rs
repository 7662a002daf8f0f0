//! JSON records as scrapers write them: which field is which, and values of any JSON type.
//!
//! Each part of a bulletin ([`Role`]) is read from the first of its names present in the
//! record (names match without regard to ASCII case):
//!
//! | role | names, preferred first |
//! | --- | --- |
//! | `id` | `id`, `guid` |
//! | `url` | `url`, `link` |
//! | `title` | `title`, `headline` |
//! | `body` | `body`, `content`, `text`, `description` |
//! | `date` | `date`, `published`, `published_at`, `publishedAt`, `publish_date`, `pubDate`, `datePublished`, `time`, `created_at` |
//! | `province` | `province` |
//! | `unit` | `unit` |
//! | `source` | `source`, `publisher` (the publisher: metadata, never an identity) |
//!
//! `--field ROLE=NAME` puts NAME before all of them. Other fields are ignored. A value may be
//! a string, a number (an id, Unix seconds), `null` (absent) or, for the body, a list of
//! paragraphs.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;

/// A part of a bulletin a record field can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Id,
    Url,
    Title,
    Body,
    Date,
    Province,
    Unit,
    Publisher,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Id,
        Role::Url,
        Role::Title,
        Role::Body,
        Role::Date,
        Role::Province,
        Role::Unit,
        Role::Publisher,
    ];

    /// The role's name in `--field` and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Url => "url",
            Role::Title => "title",
            Role::Body => "body",
            Role::Date => "date",
            Role::Province => "province",
            Role::Unit => "unit",
            Role::Publisher => "source",
        }
    }

    /// The field names read for this role when nothing else is mapped, preferred first.
    pub fn default_names(self) -> &'static [&'static str] {
        match self {
            Role::Id => &["id", "guid"],
            Role::Url => &["url", "link"],
            Role::Title => &["title", "headline"],
            Role::Body => &["body", "content", "text", "description"],
            Role::Date => &[
                "date",
                "published",
                "published_at",
                "publishedAt",
                "publish_date",
                "pubDate",
                "datePublished",
                "time",
                "created_at",
            ],
            Role::Province => &["province"],
            Role::Unit => &["unit"],
            Role::Publisher => &["source", "publisher"],
        }
    }

    fn from_name(name: &str) -> Option<Role> {
        let name = name.trim().to_ascii_lowercase();
        if name == "publisher" {
            return Some(Role::Publisher);
        }
        Role::ALL.into_iter().find(|role| role.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A `--field` argument that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldMapError {
    #[error("--field {0:?} is not ROLE=NAME (e.g. --field body=article_text)")]
    NotAMapping(String),
    #[error("--field {arg:?}: {role:?} is not one of id, url, title, body, date, province, unit, source")]
    UnknownRole { arg: String, role: String },
}

/// Which record field gives which [`Role`]: the `--field` mappings, then the defaults.
#[derive(Clone, Debug)]
pub struct FieldMap {
    /// Names in the order they are preferred, each with its role.
    names: Vec<(String, Role)>,
}

impl Default for FieldMap {
    fn default() -> Self {
        FieldMap::new(Vec::new())
    }
}

impl FieldMap {
    /// The defaults, after `mapped` (from [`FieldMap::parse_mapping`]) in the order given.
    pub fn new(mapped: Vec<(Role, String)>) -> FieldMap {
        let mut names: Vec<(String, Role)> = mapped
            .into_iter()
            .map(|(role, name)| (name, role))
            .collect();
        for role in Role::ALL {
            for name in role.default_names() {
                names.push(((*name).to_owned(), role));
            }
        }
        FieldMap { names }
    }

    /// Parses one `--field ROLE=NAME`.
    pub fn parse_mapping(arg: &str) -> Result<(Role, String), FieldMapError> {
        let Some((role, name)) = arg.split_once('=') else {
            return Err(FieldMapError::NotAMapping(arg.to_owned()));
        };
        if name.trim().is_empty() {
            return Err(FieldMapError::NotAMapping(arg.to_owned()));
        }
        let role = Role::from_name(role).ok_or_else(|| FieldMapError::UnknownRole {
            arg: arg.to_owned(),
            role: role.to_owned(),
        })?;
        Ok((role, name.trim().to_owned()))
    }

    /// How many names there are: the size of a usage count table.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The field name and role at `at` (an index from [`Record::used`]).
    pub fn entry(&self, at: usize) -> Option<(&str, Role)> {
        self.names
            .get(at)
            .map(|(name, role)| (name.as_str(), *role))
    }

    /// The names read for `role`, for messages.
    pub fn names_of(&self, role: Role) -> Vec<&str> {
        self.names
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(name, _)| name.as_str())
            .collect()
    }

    fn lookup(&self, key: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case(key))
    }

    /// Reads one JSON object as a record.
    pub fn parse<'m>(&'m self, json: &[u8]) -> serde_json::Result<Record<'m>> {
        let json = std::str::from_utf8(json).map_err(serde::de::Error::custom)?;
        self.parse_str(json)
    }

    /// [`FieldMap::parse`] of text known to be UTF-8, which is then not checked again.
    pub fn parse_str<'m>(&'m self, json: &str) -> serde_json::Result<Record<'m>> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let record = RecordSeed(self).deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(record)
    }
}

/// A value as the record gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(String),
    /// A list of strings (or numbers), e.g. a body as paragraphs.
    List(Vec<String>),
    /// `true`, `false`, an object, or a list of those: no use for any role.
    Unusable(&'static str),
}

/// One field of a record: its name as written and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordField<'m> {
    pub name: &'m str,
    pub value: FieldValue,
}

impl RecordField<'_> {
    /// The value as one string: text or number as written, a list joined into paragraphs.
    pub fn into_text(self) -> Result<String, &'static str> {
        match self.value {
            FieldValue::Text(text) | FieldValue::Number(text) => Ok(text),
            FieldValue::List(items) => Ok(items.join("\n\n")),
            FieldValue::Unusable(kind) => Err(kind),
        }
    }
}

/// A record read with a [`FieldMap`]: the preferred field of each role, and the names of
/// the fields nothing read (for the message when no body is found).
#[derive(Debug, Default)]
pub struct Record<'m> {
    fields: [Option<(usize, RecordField<'m>)>; 8],
    pub ignored: Vec<String>,
}

impl<'m> Record<'m> {
    /// Takes the field given for `role`.
    pub fn take(&mut self, role: Role) -> Option<RecordField<'m>> {
        self.fields[role.index()].take().map(|(_, field)| field)
    }

    /// Indexes into the [`FieldMap`] of the fields read, for counting which names were used.
    pub fn used(&self) -> impl Iterator<Item = usize> + '_ {
        self.fields.iter().flatten().map(|(at, _)| *at)
    }

    /// A record with `value` for `role`, as if read under the role's own name (for tests and
    /// generated input).
    pub fn with(mut self, role: Role, value: &str) -> Self {
        self.fields[role.index()] = Some((
            0,
            RecordField {
                name: role.name(),
                value: FieldValue::Text(value.to_owned()),
            },
        ));
        self
    }
}

struct RecordSeed<'m>(&'m FieldMap);

impl<'de, 'm> DeserializeSeed<'de> for RecordSeed<'m> {
    type Value = Record<'m>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Record<'m>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, 'm> Visitor<'de> for RecordSeed<'m> {
    type Value = Record<'m>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record<'m>, A::Error> {
        let mut record = Record::default();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            let Key::Known(at) = key else {
                if let Key::Unknown(name) = key {
                    record.ignored.push(name);
                }
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let (name, role) = &self.0.names[at];
            let value = if *role == Role::Id {
                id_value(map.next_value::<&serde_json::value::RawValue>()?)
                    .map_err(de::Error::custom)?
            } else {
                map.next_value_seed(ValueSeed)?
            };
            let slot = &mut record.fields[role.index()];
            let absent = matches!(value, FieldValue::Text(ref t) if t.trim().is_empty());
            if value_is_null(&value) || absent || slot.as_ref().is_some_and(|(old, _)| *old <= at) {
                continue;
            }
            *slot = Some((at, RecordField { name, value }));
        }
        Ok(record)
    }
}

/// An id as written: a number keeps its digits (`100000000000000000001` is not the float
/// `1e20`, which another id would share); anything else is read as any field is.
fn id_value(raw: &serde_json::value::RawValue) -> serde_json::Result<FieldValue> {
    let text = raw.get().trim();
    if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Ok(FieldValue::Number(text.to_owned()));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    ValueSeed.deserialize(&mut deserializer)
}

/// `null` reaches us as an empty list (see [`ValueSeed`]).
fn value_is_null(value: &FieldValue) -> bool {
    matches!(value, FieldValue::List(items) if items.is_empty())
}

enum Key {
    Known(usize),
    Unknown(String),
}

struct KeySeed<'m>(&'m FieldMap);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match self.0.lookup(key) {
            Some(at) => Key::Known(at),
            None => Key::Unknown(key.to_owned()),
        })
    }
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = FieldValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FieldValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(text))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(n.to_string()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(n.to_string()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(n.to_string()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<FieldValue, E> {
        Ok(FieldValue::Unusable("true or false"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue::List(Vec::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<FieldValue, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<FieldValue, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        let mut items = Vec::new();
        let mut unusable = false;
        while let Some(item) = seq.next_element_seed(ValueSeed)? {
            match item {
                FieldValue::Text(text) | FieldValue::Number(text) => {
                    if !text.trim().is_empty() {
                        items.push(text);
                    }
                }
                FieldValue::List(inner) if inner.is_empty() => {}
                FieldValue::List(_) | FieldValue::Unusable(_) => unusable = true,
            }
        }
        if unusable {
            return Ok(FieldValue::Unusable("a list of objects or lists"));
        }
        Ok(FieldValue::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Unusable("an object"))
    }
}

#[cfg(test)]
mod tests;
