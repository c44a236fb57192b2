//! The index schema and the mapping between a `TaggedPassage` and a tantivy document.

use pactes_doc::{Axis, TaggedPassage};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    STORED, STRING,
};
use tantivy::TantivyDocument;

use crate::analyzer::{fold_key, FRENCH_ANALYZER};
use crate::IndexError;

/// Separator between heading levels in the searchable heading field.
pub const HEADING_SEP: &str = " › ";

pub const F_ID: &str = "id";
pub const F_DOC: &str = "doc";
pub const F_SHA: &str = "sha256";
pub const F_REGION: &str = "region";
pub const F_REGION_KEY: &str = "region_key";
pub const F_AXIS_KEY: &str = "axis_key";
pub const F_THEME_KEY: &str = "theme_key";
pub const F_REGION_FACET: &str = "region_facet";
pub const F_AXIS_FACET: &str = "axis_facet";
pub const F_THEME_FACET: &str = "theme_facet";
pub const F_PAGE_START: &str = "page_start";
pub const F_PAGE_END: &str = "page_end";
pub const F_HEADING: &str = "heading";
pub const F_TEXT: &str = "text";
pub const F_META: &str = "meta";

/// Builds the schema of a new index.
pub fn schema() -> Schema {
    let mut b = Schema::builder();
    let french = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FRENCH_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    b.add_text_field(F_ID, STRING | STORED);
    b.add_text_field(F_DOC, STRING | STORED);
    b.add_text_field(F_SHA, STRING | STORED);
    b.add_text_field(F_REGION, STORED);
    b.add_text_field(F_REGION_KEY, STRING);
    b.add_text_field(F_AXIS_KEY, STRING);
    b.add_text_field(F_THEME_KEY, STRING);
    b.add_facet_field(F_REGION_FACET, FacetOptions::default());
    b.add_facet_field(F_AXIS_FACET, FacetOptions::default());
    b.add_facet_field(F_THEME_FACET, FacetOptions::default());
    b.add_u64_field(F_PAGE_START, STORED);
    b.add_u64_field(F_PAGE_END, STORED);
    b.add_text_field(F_HEADING, french.clone());
    b.add_text_field(F_TEXT, french);
    b.add_text_field(F_META, STORED);
    b.build()
}

/// Field handles resolved from an index's schema.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    pub doc: Field,
    pub sha: Field,
    pub region: Field,
    pub region_key: Field,
    pub axis_key: Field,
    pub theme_key: Field,
    pub region_facet: Field,
    pub axis_facet: Field,
    pub theme_facet: Field,
    pub page_start: Field,
    pub page_end: Field,
    pub heading: Field,
    pub text: Field,
    pub meta: Field,
}

/// What the other stored fields do not carry, stored as JSON so that `TaggedPassage`
/// round-trips exactly (scores as f32 bit patterns: exact, and NaN-safe).
#[derive(Serialize, Deserialize)]
struct Meta {
    heading: Vec<String>,
    axis: Option<Axis>,
    themes: Vec<String>,
    score_bits: Vec<u32>,
    evidence: Vec<Vec<String>>,
}

impl Fields {
    /// Resolves every field; an index with another schema is reported as `Corrupt`.
    pub fn resolve(schema: &Schema) -> Result<Fields, IndexError> {
        let f = |name: &str| {
            schema.get_field(name).map_err(|_| {
                IndexError::Corrupt(format!("field `{name}` missing from the index schema"))
            })
        };
        Ok(Fields {
            id: f(F_ID)?,
            doc: f(F_DOC)?,
            sha: f(F_SHA)?,
            region: f(F_REGION)?,
            region_key: f(F_REGION_KEY)?,
            axis_key: f(F_AXIS_KEY)?,
            theme_key: f(F_THEME_KEY)?,
            region_facet: f(F_REGION_FACET)?,
            axis_facet: f(F_AXIS_FACET)?,
            theme_facet: f(F_THEME_FACET)?,
            page_start: f(F_PAGE_START)?,
            page_end: f(F_PAGE_END)?,
            heading: f(F_HEADING)?,
            text: f(F_TEXT)?,
            meta: f(F_META)?,
        })
    }

    /// The tantivy document of a passage.
    pub fn to_document(&self, p: &TaggedPassage) -> Result<TantivyDocument, IndexError> {
        let mut d = TantivyDocument::default();
        d.add_text(self.id, &p.id);
        d.add_text(self.doc, &p.doc);
        d.add_text(self.sha, &p.sha256);
        d.add_text(self.region, &p.region);
        d.add_text(self.region_key, fold_key(&p.region));
        if let Some(f) = facet_of(&p.region) {
            d.add_facet(self.region_facet, f);
        }
        if let Some(axis) = p.axis {
            d.add_text(self.axis_key, axis.as_str());
            if let Some(f) = facet_of(axis.as_str()) {
                d.add_facet(self.axis_facet, f);
            }
        }
        for t in &p.themes {
            d.add_text(self.theme_key, fold_key(t));
            if let Some(f) = facet_of(t) {
                d.add_facet(self.theme_facet, f);
            }
        }
        d.add_u64(self.page_start, u64::from(p.page_start));
        d.add_u64(self.page_end, u64::from(p.page_end));
        d.add_text(self.heading, p.heading.join(HEADING_SEP));
        d.add_text(self.text, &p.text);
        let meta = Meta {
            heading: p.heading.clone(),
            axis: p.axis,
            themes: p.themes.clone(),
            score_bits: p.scores.iter().map(|s| s.to_bits()).collect(),
            evidence: p.evidence.clone(),
        };
        let json = serde_json::to_string(&meta)
            .map_err(|e| IndexError::Tantivy(format!("passage {}: {e}", p.id)))?;
        d.add_text(self.meta, json);
        Ok(d)
    }

    /// A stored text field of a document.
    pub fn stored_str<'a>(
        &self,
        d: &'a TantivyDocument,
        f: Field,
        name: &str,
    ) -> Result<&'a str, IndexError> {
        d.get_first(f)
            .and_then(|v| v.as_str())
            .ok_or_else(|| IndexError::Corrupt(format!("stored field `{name}` missing")))
    }

    /// The stored page range of a document.
    pub fn stored_pages(&self, d: &TantivyDocument) -> Result<(u32, u32), IndexError> {
        let n = |f: Field, name: &str| -> Result<u32, IndexError> {
            d.get_first(f)
                .and_then(|v| v.as_u64())
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| IndexError::Corrupt(format!("stored field `{name}` missing")))
        };
        Ok((
            n(self.page_start, F_PAGE_START)?,
            n(self.page_end, F_PAGE_END)?,
        ))
    }

    /// Rebuilds the passage from a stored document.
    pub fn to_passage(&self, d: &TantivyDocument) -> Result<TaggedPassage, IndexError> {
        let s = |f: Field, name: &str| -> Result<String, IndexError> {
            d.get_first(f)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| IndexError::Corrupt(format!("stored field `{name}` missing")))
        };
        let n = |f: Field, name: &str| -> Result<u32, IndexError> {
            d.get_first(f)
                .and_then(|v| v.as_u64())
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| IndexError::Corrupt(format!("stored field `{name}` missing")))
        };
        let id = s(self.id, F_ID)?;
        let meta: Meta = serde_json::from_str(&s(self.meta, F_META)?)
            .map_err(|e| IndexError::Corrupt(format!("passage {id}: bad stored metadata: {e}")))?;
        Ok(TaggedPassage {
            doc: s(self.doc, F_DOC)?,
            sha256: s(self.sha, F_SHA)?,
            region: s(self.region, F_REGION)?,
            page_start: n(self.page_start, F_PAGE_START)?,
            page_end: n(self.page_end, F_PAGE_END)?,
            heading: meta.heading,
            axis: meta.axis,
            themes: meta.themes,
            scores: meta.score_bits.into_iter().map(f32::from_bits).collect(),
            evidence: meta.evidence,
            text: s(self.text, F_TEXT)?,
            id,
        })
    }
}

/// A one-level facet `/value` (the facet separator, NUL, cannot occur in the value); none
/// for an empty value.
pub fn facet_of(value: &str) -> Option<Facet> {
    let clean: String = value.chars().filter(|&c| c != '\0').collect();
    (!clean.is_empty()).then(|| Facet::from_path([clean]))
}

/// The value of a one-level facet.
pub fn facet_value(f: &Facet) -> String {
    f.to_path()
        .last()
        .map(|s| (*s).to_owned())
        .unwrap_or_default()
}
