//! Query parsing (tantivy syntax, lenient, never panicking), filters, facet counts and snippets.

use pactes_doc::Axis;
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Term};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, Searcher, TantivyDocument, TantivyError};

use crate::analyzer::fold_key;
use crate::fields::{facet_value, Fields, F_AXIS_FACET, F_REGION_FACET, F_THEME_FACET};
use crate::IndexError;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Deepest parenthesis nesting accepted (the grammar is recursive).
pub const MAX_QUERY_DEPTH: usize = 16;
/// Most hits returned by one request.
pub const MAX_LIMIT: usize = 1000;
/// Boost of the heading field relative to the text.
pub const HEADING_BOOST: f32 = 2.0;
/// Snippet length, in characters.
const SNIPPET_CHARS: usize = 200;

/// A search: tantivy query syntax plus exact filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// tantivy syntax: words (all required), `"phrases"`, `"phrase"~N`, `AND`/`OR`/`-`, `( )`,
    /// `heading:word`. Empty means every passage (with the filters).
    pub query: String,
    /// Region name, matched without regard to case, accents or punctuation.
    pub region: Option<String>,
    /// `1`, `2` or `3` (`T`/`transverse`).
    pub axis: Option<String>,
    /// Theme id (case- and accent-insensitive).
    pub theme: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub doc: String,
    pub region: String,
    pub page_start: u32,
    pub page_end: u32,
    pub heading: Vec<String>,
    pub axis: Option<String>,
    pub themes: Vec<String>,
    /// Matched words in `<b>…</b>`, everything else HTML-escaped.
    pub snippet: String,
    pub score: f32,
    pub id: String,
    pub text: String,
}

/// Facet counts over all matching passages, by count descending then name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    pub region: Vec<(String, u64)>,
    pub axis: Vec<(String, u64)>,
    pub theme: Vec<(String, u64)>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// Number of matching passages (all pages).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// Parts of the query that were ignored (lenient parsing), if any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The query parser of an index: text and heading fields, AND by default, heading boosted.
pub struct Parser {
    qp: QueryParser,
}

impl Parser {
    pub fn new(index: &Index, fields: &Fields) -> Parser {
        let mut qp = QueryParser::for_index(index, vec![fields.text, fields.heading]);
        qp.set_field_boost(fields.heading, HEADING_BOOST);
        qp.set_conjunction_by_default();
        Parser { qp }
    }

    /// Parses a user query: strict first; if that fails, leniently, keeping what could be
    /// understood (with warnings); a query that yields nothing usable is an error.
    pub fn parse(&self, raw: &str) -> Result<(Box<dyn Query>, Vec<String>), IndexError> {
        let q = sanitize(raw)?;
        if q.is_empty() {
            return Ok((Box::new(AllQuery), Vec::new()));
        }
        let strict = catch(|| self.qp.parse_query(&q))?;
        let err = match strict {
            Ok(query) => return Ok((query, Vec::new())),
            Err(e) => e,
        };
        let (query, errors) = catch(|| self.qp.parse_query_lenient(&q))?;
        let mut n_terms = 0usize;
        query.query_terms(&mut |_, _| n_terms += 1);
        if n_terms == 0 {
            if crate::analyzer::analyze(&q).is_empty() && q.chars().any(char::is_alphanumeric) {
                return Err(IndexError::Query(format!(
                    "{q:?} has only common words (stop words), which are not indexed"
                )));
            }
            return Err(IndexError::Query(format!("cannot understand {q:?}: {err}")));
        }
        let warnings = errors
            .iter()
            .map(|e| format!("ignored part of the query: {e}"))
            .collect();
        Ok((query, warnings))
    }
}

/// Runs `f`, turning a panic inside the parser into a query error (defence in depth: the
/// input is already bounded by [`sanitize`]).
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, IndexError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| IndexError::Query("the query could not be parsed".to_owned()))
}

/// Replaces control characters by spaces, trims, and rejects inputs too long or too deeply
/// nested for the recursive grammar.
fn sanitize(raw: &str) -> Result<String, IndexError> {
    let q: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let q = q.trim().to_owned();
    let n = q.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(IndexError::Query(format!(
            "query too long ({n} characters, at most {MAX_QUERY_CHARS})"
        )));
    }
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    for c in q.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if max_depth > MAX_QUERY_DEPTH {
        return Err(IndexError::Query(format!(
            "query nested too deeply ({max_depth} levels of brackets, at most {MAX_QUERY_DEPTH})"
        )));
    }
    Ok(q)
}

fn filter(field: Field, value: &str) -> Box<dyn Query> {
    let term = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    );
    Box::new(ConstScoreQuery::new(Box::new(term), 0.0))
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn facet_collector(field: &str) -> FacetCollector {
    let mut c = FacetCollector::for_field(field);
    c.add_facet(Facet::root());
    c
}

fn facet_list(counts: &FacetCounts) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts
        .get(Facet::root())
        .map(|(f, n)| (facet_value(f), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Executes a request against one searcher.
pub fn run(
    searcher: &Searcher,
    fields: &Fields,
    parser: &Parser,
    req: &SearchRequest,
) -> Result<SearchResults, IndexError> {
    let (user_query, warnings) = parser.parse(&req.query)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user_query.box_clone())];
    if let Some(r) = non_empty(&req.region) {
        clauses.push((Occur::Must, filter(fields.region_key, &fold_key(r))));
    }
    if let Some(a) = non_empty(&req.axis) {
        let axis = Axis::parse(a)
            .ok_or_else(|| IndexError::Query(format!("unknown axis {a:?} (expected 1, 2 or 3)")))?;
        clauses.push((Occur::Must, filter(fields.axis_key, axis.as_str())));
    }
    if let Some(t) = non_empty(&req.theme) {
        clauses.push((Occur::Must, filter(fields.theme_key, &fold_key(t))));
    }
    let query = BooleanQuery::new(clauses);

    let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let limit = req.limit.clamp(1, MAX_LIMIT.min(num_docs.max(1)));
    let offset = req.offset.min(num_docs);
    let collectors = (
        TopDocs::with_limit(limit)
            .and_offset(offset)
            .order_by_score(),
        Count,
        (
            facet_collector(F_REGION_FACET),
            facet_collector(F_AXIS_FACET),
            facet_collector(F_THEME_FACET),
        ),
    );
    let (top, total, (regions, axes, themes)) =
        searcher.search(&query, &collectors).map_err(|e| match e {
            // A query naming a field in a way the schema does not support (`id:*`, ranges on
            // text…) is the user's error, not the index's.
            TantivyError::SchemaError(m)
            | TantivyError::InvalidArgument(m)
            | TantivyError::FieldNotFound(m) => IndexError::Query(m),
            other => other.into(),
        })?;

    let mut snippets = SnippetGenerator::create(searcher, &*user_query, fields.text)?;
    snippets.set_max_num_chars(SNIPPET_CHARS);
    let mut hits = Vec::new();
    if req.limit > 0 {
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let p = fields.to_passage(&doc)?;
            let snippet = make_snippet(&snippets, &p.text);
            hits.push(Hit {
                doc: p.doc,
                region: p.region,
                page_start: p.page_start,
                page_end: p.page_end,
                heading: p.heading,
                axis: p.axis.map(|a| a.as_str().to_owned()),
                themes: p.themes,
                snippet,
                score,
                id: p.id,
                text: p.text,
            });
        }
    }
    Ok(SearchResults {
        total,
        hits,
        facets: Facets {
            region: facet_list(&regions),
            axis: facet_list(&axes),
            theme: facet_list(&themes),
        },
        warnings,
    })
}

/// The best fragment with the matched words in `<b>`, with `…` where text was cut; the start
/// of the text when the match is only in the heading.
fn make_snippet(generator: &SnippetGenerator, text: &str) -> String {
    let snippet = generator.snippet(text);
    if !snippet.is_empty() {
        let range = snippet.fragment_range();
        let mut out = String::new();
        if range.start > 0 {
            out.push('…');
        }
        out.push_str(&snippet.to_html());
        if range.end < text.len() {
            out.push('…');
        }
        return out;
    }
    let mut end = text.len();
    if let Some((i, _)) = text.char_indices().nth(SNIPPET_CHARS) {
        end = text[..i].rfind(' ').filter(|&j| j > 0).unwrap_or(i);
    }
    let mut out = escape_html(&text[..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// HTML escaping for content and attribute values (`& < > " '`); control characters other
/// than newline and tab become spaces (PDF text can carry them).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Turns an HTML snippet (`<b>` highlights, escaped text) into terminal text: bold via ANSI
/// escapes, entities decoded, any control character from the document dropped (so PDF text
/// cannot inject terminal escapes) but line breaks and tabs, which become spaces.
pub fn snippet_to_ansi(s: &str) -> String {
    const BOLD: &str = "\x1b[1m";
    const NORMAL: &str = "\x1b[22m";
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("<b>") {
            out.push_str(BOLD);
            rest = r;
        } else if let Some(r) = rest.strip_prefix("</b>") {
            out.push_str(NORMAL);
            rest = r;
        } else if c == '&' {
            match decode_entity(rest) {
                Some((ch, len)) => {
                    if !ch.is_control() {
                        out.push(ch);
                    }
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            // a line break between two blocks of a passage is a word space, not nothing
            if c.is_whitespace() {
                out.push(' ');
            } else if !c.is_control() {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Decodes the entity at the start of `s` (`&amp;`, `&#x27;`, `&#39;`, …): the character and
/// the entity's length in bytes.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12.min(s.len())).unwrap_or(s).find(';')?;
    let name = &s[1..end];
    let ch = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_bolds_and_unescapes() {
        let s = "a <b>taux</b> &lt;script&gt; &amp; l&#x27;emploi";
        assert_eq!(
            snippet_to_ansi(s),
            "a \x1b[1mtaux\x1b[22m <script> & l'emploi"
        );
    }

    #[test]
    fn ansi_drops_control_characters() {
        assert_eq!(snippet_to_ansi("x\x1b[31my&#27;z"), "x[31myz");
        assert_eq!(snippet_to_ansi("& &bogus; &#xZZ;"), "& &bogus; &#xZZ;");
        // the line break between two blocks of a passage keeps its words apart
        assert_eq!(
            snippet_to_ansi("très\nindividualisées\tici"),
            "très individualisées ici"
        );
    }

    #[test]
    fn escape_round_trips_through_ansi() {
        let raw = "<script>alert('x') & \"y\"</script>";
        assert_eq!(snippet_to_ansi(&escape_html(raw)), raw);
    }

    #[test]
    fn sanitize_bounds_input() {
        assert!(sanitize(&"a ".repeat(MAX_QUERY_CHARS)).is_err());
        assert!(sanitize(&format!("{}a{}", "(".repeat(40), ")".repeat(40))).is_err());
        assert_eq!(sanitize(" a\u{0}b\tc ").ok().as_deref(), Some("a b c"));
    }
}
