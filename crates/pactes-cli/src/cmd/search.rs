//! `pactes search QUERY`: hits with highlighted snippets and facet counts.

use crate::args::SearchArgs;
use anyhow::Context;
use pactes_index::{PassageIndex, SearchRequest};
use std::io::IsTerminal;

pub fn run(a: SearchArgs) -> anyhow::Result<i32> {
    let region = match &a.region {
        Some(r) => Some(
            pactes_tag::canonical_region(r)
                .with_context(|| format!("unknown region {r:?}"))?
                .to_string(),
        ),
        None => None,
    };
    if let Some(axis) = &a.axis {
        anyhow::ensure!(
            matches!(axis.as_str(), "1" | "2" | "3"),
            "unknown axis {axis:?} (expected 1, 2 or 3)"
        );
    }
    let index = PassageIndex::open(&a.index)
        .with_context(|| format!("opening index {}", a.index.display()))?;
    let req = SearchRequest {
        query: a.query.clone(),
        region,
        axis: a.axis.clone(),
        theme: a.theme.clone(),
        limit: a.limit,
        offset: 0,
    };
    let res = index.search(&req)?;
    if a.json {
        let hits: Vec<serde_json::Value> = res
            .hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id, "doc": h.doc, "region": h.region,
                    "page_start": h.page_start, "page_end": h.page_end,
                    "heading": h.heading, "axis": h.axis, "themes": h.themes,
                    "snippet": h.snippet, "score": h.score,
                })
            })
            .collect();
        let out = serde_json::json!({ "total": res.total, "hits": hits, "facets": res.facets });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(0);
    }
    let tty = std::io::stdout().is_terminal();
    outln!("{} passages match {:?}", res.total, a.query);
    for (i, h) in res.hits.iter().enumerate() {
        let pages = if h.page_start == h.page_end {
            format!("p. {}", h.page_start)
        } else {
            format!("p. {}-{}", h.page_start, h.page_end)
        };
        let axis = h
            .axis
            .as_deref()
            .map(|a| format!("axe {a}; "))
            .unwrap_or_default();
        outln!(
            "\n{}. {} — {}, {}  [{}{}]  score {:.2}",
            i + 1,
            h.region,
            h.doc,
            pages,
            axis,
            h.themes.join(", "),
            h.score
        );
        if !h.heading.is_empty() {
            outln!("   {}", h.heading.join(" > "));
        }
        let mut snippet = pactes_index::snippet_to_ansi(&h.snippet);
        if !tty {
            snippet = snippet.replace("\x1b[1m", "").replace("\x1b[22m", "");
        }
        outln!("   {}", snippet.replace('\n', " "));
    }
    let fmt = |v: &[(String, u64)]| {
        v.iter()
            .map(|(k, n)| format!("{k} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    outln!("\nregions: {}", fmt(&res.facets.region));
    outln!("axes: {}", fmt(&res.facets.axis));
    outln!("themes: {}", fmt(&res.facets.theme));
    Ok(0)
}
