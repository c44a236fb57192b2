//! A document's outline: the heading tree of its passages, with the themes of each section.

use crate::html::{esc, pdf_link, query_string};
use pactes_doc::text::counted;
use pactes_doc::TaggedPassage;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One section of the outline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    pub title: String,
    pub page_start: u32,
    pub page_end: u32,
    /// Passages directly under this heading.
    pub passages: usize,
    /// Theme id → number of passages directly under this heading tagged with it.
    pub themes: BTreeMap<String, usize>,
    /// Axes of those passages (`1`, `2`, `3`) with counts.
    pub axes: BTreeMap<String, usize>,
    pub children: Vec<Node>,
}

/// Builds the heading tree of one document's passages (in document order). A heading path
/// continues the last section with the same title at each level, so repeated titles in
/// different places stay distinct sections.
pub fn build(passages: &[&TaggedPassage]) -> Node {
    let mut root = Node::default();
    for p in passages {
        let mut node = &mut root;
        for h in &p.heading {
            let title = h.trim();
            let continues = node.children.last().is_some_and(|c| c.title == title);
            if !continues {
                node.children.push(Node {
                    title: title.to_owned(),
                    page_start: p.page_start,
                    page_end: p.page_end,
                    ..Node::default()
                });
            }
            let Some(next) = node.children.last_mut() else {
                break;
            };
            next.page_start = next.page_start.min(p.page_start);
            next.page_end = next.page_end.max(p.page_end);
            node = next;
        }
        node.passages += 1;
        for t in &p.themes {
            *node.themes.entry(t.clone()).or_insert(0) += 1;
        }
        if let Some(a) = p.axis {
            *node.axes.entry(a.as_str().to_owned()).or_insert(0) += 1;
        }
    }
    root
}

/// Number of sections in the tree below `n`.
pub fn count(n: &Node) -> usize {
    n.children.iter().map(|c| 1 + count(c)).sum()
}

fn tags(n: &Node, region: &str, out: &mut String) {
    let mut themes: Vec<(&String, &usize)> = n.themes.iter().collect();
    themes.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    for (axis, k) in &n.axes {
        let _ = write!(
            out,
            " <a class=\"tag axis\" title=\"{}\" href=\"/search{}\">{}</a>",
            counted(*k, "passage", "passages"),
            query_string(&[("region", region), ("axis", axis)]),
            esc(&crate::html::axis_label(axis))
        );
    }
    for (t, k) in themes {
        let _ = write!(
            out,
            " <a class=\"tag\" title=\"{}\" href=\"/search{}\">{}</a>",
            counted(*k, "passage", "passages"),
            query_string(&[("region", region), ("theme", t)]),
            esc(t)
        );
    }
}

fn node_html(n: &Node, doc: &str, region: &str, depth: usize, out: &mut String) {
    out.push_str("<li>");
    let pages = if n.page_end > n.page_start {
        format!("p. {}-{}", n.page_start, n.page_end)
    } else {
        format!("p. {}", n.page_start)
    };
    let _ = write!(
        out,
        "<span class=\"h\">{}</span><a class=\"pg\" href=\"{}\">{pages}</a>",
        if n.title.is_empty() {
            "(sans titre)".to_owned()
        } else {
            esc(&n.title)
        },
        esc(&pdf_link(doc, n.page_start))
    );
    tags(n, region, out);
    // The heading grammar is bounded by the segmentation, but keep the HTML bounded too.
    if !n.children.is_empty() && depth < 12 {
        out.push_str("<ul>");
        for c in &n.children {
            node_html(c, doc, region, depth + 1, out);
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
}

/// The outline as nested lists; the preamble (passages without heading) first.
pub fn to_html(root: &Node, doc: &str, region: &str) -> String {
    let mut out = String::from("<div class=\"outline\"><ul>");
    if root.passages > 0 {
        out.push_str("<li><span class=\"h\">(préambule)</span>");
        tags(root, region, &mut out);
        out.push_str("</li>");
    }
    for c in &root.children {
        node_html(c, doc, region, 0, &mut out);
    }
    out.push_str("</ul></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pactes_doc::Axis;

    fn p(id: &str, page: u32, heading: &[&str], themes: &[&str]) -> TaggedPassage {
        TaggedPassage {
            id: id.into(),
            doc: "d.pdf".into(),
            sha256: "00".into(),
            region: "Centre-Val de Loire".into(),
            page_start: page,
            page_end: page,
            heading: heading.iter().map(|s| s.to_string()).collect(),
            axis: Some(Axis::Two),
            themes: themes.iter().map(|s| s.to_string()).collect(),
            scores: vec![1.0; themes.len()],
            evidence: vec![vec![]; themes.len()],
            text: "t".into(),
        }
    }

    #[test]
    fn tree_follows_heading_paths() {
        let v = [
            p("1", 1, &[], &[]),
            p("2", 2, &["Axe 1", "Numérique"], &["axe1.numerique"]),
            p("3", 3, &["Axe 1", "Numérique"], &["axe1.numerique", "x"]),
            p("4", 4, &["Axe 1", "<script>"], &[]),
            p("5", 6, &["Axe 2"], &["axe2.cleA"]),
            p("6", 7, &["Axe 1"], &[]),
        ];
        let refs: Vec<&TaggedPassage> = v.iter().collect();
        let root = build(&refs);
        assert_eq!(root.passages, 1);
        let titles: Vec<&str> = root.children.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Axe 1", "Axe 2", "Axe 1"]);
        let axe1 = &root.children[0];
        assert_eq!((axe1.page_start, axe1.page_end), (2, 4));
        assert_eq!(axe1.children[0].themes.get("axe1.numerique"), Some(&2));
        assert_eq!(count(&root), 5);
        let h = to_html(&root, "d.pdf", "Centre-Val de Loire");
        assert!(h.contains("&lt;script&gt;") && !h.contains("<script>"));
        assert!(
            h.contains("href=\"/search?region=Centre-Val%20de%20Loire&amp;theme=axe1.numerique\"")
        );
        assert!(h.contains("href=\"/corpus/d.pdf#page=2\""));
    }
}
