//! The synthesis page: `lecture-transversale.md` rendered to HTML with a table of contents,
//! raw HTML neutralised, and every citation `(Région — document, p. N)` linked to its PDF page.

use crate::html::{esc, pdf_link};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The rendered synthesis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedSynthesis {
    /// Text of the first `#` heading, if any.
    pub title: Option<String>,
    pub toc: Vec<TocEntry>,
    /// The body HTML (heading ids set, citations linked).
    pub html: String,
    /// Number of citations turned into links.
    pub citations: usize,
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// An ASCII slug of a heading (`Axe 1 — Proposer` → `axe-1-proposer`), unique within the page.
fn slug(text: &str, seen: &mut HashMap<String, usize>) -> String {
    let mut s = String::new();
    for c in text.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 60 {
            break;
        }
    }
    let base = s.trim_end_matches('-').to_owned();
    let base = if base.is_empty() {
        "section".to_owned()
    } else {
        base
    };
    let n = seen.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{n}")
    }
}

/// Accented Latin letters to their ASCII base (enough for French headings).
fn fold_char(c: char) -> Vec<char> {
    let base = match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => 'a',
        'ç' | 'Ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'Î' | 'Ï' => 'i',
        'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ÿ' => 'y',
        'œ' | 'Œ' => return vec!['o', 'e'],
        'æ' | 'Æ' => return vec!['a', 'e'],
        c => c,
    };
    vec![base]
}

/// A citation found in text: byte range of the inner part (without parentheses), the doc and
/// the first page.
#[derive(Debug, PartialEq, Eq)]
struct Citation {
    start: usize,
    end: usize,
    doc: String,
    page: u32,
}

/// Finds `(Région — document, p. N)` and `(…, p. N-M)` citations in a text.
fn find_citations(t: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = t[from..].find('(') {
        let open = from + rel;
        let inner_start = open + 1;
        let Some(close_rel) = t[inner_start..].find(')') else {
            break;
        };
        let inner_end = inner_start + close_rel;
        let inner = &t[inner_start..inner_end];
        if let Some(c) = parse_citation(inner) {
            out.push(Citation {
                start: inner_start,
                end: inner_end,
                doc: c.0,
                page: c.1,
            });
            from = inner_end + 1;
        } else {
            from = inner_start;
        }
    }
    out
}

fn parse_citation(inner: &str) -> Option<(String, u32)> {
    let (region, rest) = inner.split_once(" — ")?;
    let (doc, pages) = rest.rsplit_once(", p. ")?;
    if region.trim().is_empty() || doc.trim().is_empty() || region.len() > 200 || doc.len() > 300 {
        return None;
    }
    let first = pages.split(['-', '–']).next()?.trim();
    if first.is_empty() || !first.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let last_ok = pages
        .split(['-', '–'])
        .all(|p| !p.trim().is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()));
    if !last_ok {
        return None;
    }
    Some((doc.trim().to_owned(), first.parse().ok()?))
}

/// HTML for a text with its citations linked (text escaped).
fn link_citations(t: &str, count: &mut usize) -> Option<String> {
    let cites = find_citations(t);
    if cites.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(t.len() + 64 * cites.len());
    let mut at = 0;
    for c in cites {
        out.push_str(&esc(&t[at..c.start]));
        let _ = write!(
            out,
            "<a class=\"cite\" href=\"{}\">{}</a>",
            esc(&pdf_link(&c.doc, c.page)),
            esc(&t[c.start..c.end])
        );
        at = c.end;
        *count += 1;
    }
    out.push_str(&esc(&t[at..]));
    Some(out)
}

/// True for a link target we let through (relative, fragment or http(s)).
fn safe_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with('#')
        || (l.starts_with('/') && !l.starts_with("//"))
}

/// Renders the synthesis Markdown.
pub fn render(md: &str) -> RenderedSynthesis {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // 1. Neutralise raw HTML, unsafe links and images; merge adjacent texts.
    let mut events: Vec<Event> = Vec::new();
    for ev in Parser::new_ext(md, opts) {
        let ev = match ev {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => continue,
            // Images: keep only their alt text.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => continue,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if safe_url(&dest_url) {
                    dest_url
                } else {
                    CowStr::Borrowed("#")
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        if let (Event::Text(cur), Some(Event::Text(prev))) = (&ev, events.last_mut()) {
            let mut s = prev.to_string();
            s.push_str(cur);
            *prev = CowStr::from(s);
            continue;
        }
        events.push(ev);
    }

    // 2. Heading ids and the table of contents; citations in text.
    let mut seen = HashMap::new();
    let mut toc = Vec::new();
    let mut title = None;
    let mut citations = 0usize;
    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut in_link = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level;
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() {
                    match &events[j] {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let id = slug(&text, &mut seen);
                let n = level_num(level);
                if n == 1 && title.is_none() {
                    title = Some(text.trim().to_owned());
                }
                toc.push(TocEntry {
                    level: n,
                    id: id.clone(),
                    text: text.trim().to_owned(),
                });
                out_events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::Link { .. }) => {
                in_link += 1;
                out_events.push(events[i].clone());
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                out_events.push(events[i].clone());
            }
            Event::Text(t) if in_link == 0 => match link_citations(t, &mut citations) {
                Some(h) => out_events.push(Event::Html(CowStr::from(h))),
                None => out_events.push(events[i].clone()),
            },
            other => out_events.push(other.clone()),
        }
        i += 1;
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    RenderedSynthesis {
        title,
        toc,
        html,
        citations,
    }
}

/// The table of contents as nested lists (levels 2 and 3).
pub fn toc_html(toc: &[TocEntry]) -> String {
    let mut s = String::from("<nav class=\"toc\"><strong>Sommaire</strong><ul>");
    let mut open_sub = false;
    let mut any_top = false;
    for e in toc {
        match e.level {
            2 => {
                if open_sub {
                    s.push_str("</ul>");
                    open_sub = false;
                }
                if any_top {
                    s.push_str("</li>");
                }
                let _ = write!(s, "<li><a href=\"#{}\">{}</a>", esc(&e.id), esc(&e.text));
                any_top = true;
            }
            3 if any_top => {
                if !open_sub {
                    s.push_str("<ul>");
                    open_sub = true;
                }
                let _ = write!(
                    s,
                    "<li><a href=\"#{}\">{}</a></li>",
                    esc(&e.id),
                    esc(&e.text)
                );
            }
            _ => {}
        }
    }
    if open_sub {
        s.push_str("</ul>");
    }
    if any_top {
        s.push_str("</li>");
    }
    s.push_str("</ul></nav>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "# Lecture transversale des Pactes\n\n\
## Axe 1 — Proposer des parcours\n\n\
### axe1.numerique — Le numérique\n\n\
#### Hauts-de-France\n\n\
> Développer l'apprentissage \\<script\\>alert(1)\\</script\\>  \n\n\
(Hauts-de-France — PRIC-HDF-signe.pdf, p. 12)\n\n\
- **Titre** — Une phrase (Île-de-France — IDF\\_pacte.pdf, p. 3-4)\n\n\
<script>alert(2)</script>\n\n\
[x](javascript:alert(3)) ![i](http://e/x.png)\n\n\
## Axe 1 — Proposer des parcours\n";

    #[test]
    fn citations_become_pdf_links() {
        let r = render(MD);
        assert_eq!(r.citations, 2, "{}", r.html);
        assert!(r
            .html
            .contains("(<a class=\"cite\" href=\"/corpus/PRIC-HDF-signe.pdf#page=12\">Hauts-de-France — PRIC-HDF-signe.pdf, p. 12</a>)"));
        assert!(
            r.html.contains("href=\"/corpus/IDF_pacte.pdf#page=3\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_and_unsafe_links_are_neutralised() {
        let r = render(MD);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;alert(2)"));
        assert!(r.html.contains("&lt;script&gt;alert(1)"));
        assert!(!r.html.contains("javascript:"));
        assert!(!r.html.contains("<img"));
    }

    #[test]
    fn toc_has_unique_ids() {
        let r = render(MD);
        assert_eq!(r.title.as_deref(), Some("Lecture transversale des Pactes"));
        let ids: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "lecture-transversale-des-pactes",
                "axe-1-proposer-des-parcours",
                "axe1-numerique-le-numerique",
                "hauts-de-france",
                "axe-1-proposer-des-parcours-2"
            ]
        );
        assert!(r.html.contains("<h3 id=\"axe1-numerique-le-numerique\">"));
        let t = toc_html(&r.toc);
        assert!(t.contains("<a href=\"#axe-1-proposer-des-parcours-2\">"));
        assert!(
            !t.contains("#hauts-de-france"),
            "level 4 stays out of the TOC"
        );
        assert_eq!(t.matches("<ul>").count(), t.matches("</ul>").count());
    }

    #[test]
    fn non_citations_are_left_alone() {
        assert!(find_citations("(voir p. 3) (A — B, p. x) (A — B, p. 2-)").is_empty());
        assert_eq!(find_citations("((A — d.pdf, p. 7))").len(), 1);
    }
}
