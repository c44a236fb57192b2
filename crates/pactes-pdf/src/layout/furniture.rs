//! Running headers and footers: lines repeated at the same place in the top or bottom band
//! of several pages, and page numbers there.

use std::collections::{HashMap, HashSet};

use super::lines::{Line, PageLines};

/// Key of a line for running header / footer detection: digits folded, case folded.
fn furniture_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A page number on its own: `12`, `- 12 -`, `Page 12`, `12/108`, `12 sur 108`, `xii`.
/// `Some(strong, value)`: strong when the form says so (`Page`, `/`, `sur`, roman numerals);
/// a lone arabic number is weak (it could be a table cell) and needs the page-offset check.
fn page_number(s: &str) -> Option<(bool, i64)> {
    let t = s
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.to_lowercase();
    let (prefixed, t) = match t.strip_prefix("page") {
        Some(r) => (true, r.trim()),
        None => (false, t.as_str()),
    };
    let parts: Vec<&str> = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "sur" && *p != "of")
        .collect();
    if parts.is_empty() || parts.len() > 2 {
        return None;
    }
    let ok = parts.iter().all(|p| {
        (p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
            || (p.len() <= 6 && p.chars().all(|c| "ivxlc".contains(c)))
    });
    if !ok {
        return None;
    }
    let value = parts[0].parse::<i64>().unwrap_or(-1);
    Some((prefixed || parts.len() == 2 || value < 0, value))
}

#[cfg(test)]
pub(super) fn is_page_number(s: &str) -> bool {
    page_number(s).is_some()
}

/// Which lines are running headers (`Some(true)`) / footers (`Some(false)`): lines in the top or
/// bottom band repeated at the same place on several pages, and lone page numbers there.
pub(crate) fn furniture(pages: &[PageLines]) -> Vec<Vec<Option<bool>>> {
    let band = |p: &PageLines, l: &Line| -> Option<bool> {
        if l.bbox.y1 < 0.15 * p.height {
            Some(true)
        } else if l.bbox.y0 > 0.85 * p.height {
            Some(false)
        } else {
            None
        }
    };
    // (band, key, rounded y) → pages seen on.
    let mut seen: HashMap<(bool, String, i32), HashSet<u32>> = HashMap::new();
    for p in pages {
        for l in &p.lines {
            if let Some(top) = band(p, l) {
                let y = (l.base / 4.0).round() as i32;
                for dy in [-1, 0, 1] {
                    seen.entry((top, furniture_key(&l.text()), y.saturating_add(dy)))
                        .or_default()
                        .insert(p.number);
                }
            }
        }
    }
    let min_pages = 3.max(pages.len() / 4).min(pages.len().max(2));
    // A page number has no other figure beside it on its row: figures side by side (a chart's
    // axis, a table's last row) are not page numbers (a running title beside one may be).
    let alone = |p: &PageLines, l: &Line| {
        !p.lines.iter().any(|o| {
            !std::ptr::eq(o, l)
                && (o.base - l.base).abs() < 0.5 * l.size.max(o.size)
                && page_number(&o.text()).is_some()
        })
    };
    // Lone numbers are page numbers when their value follows the page index.
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for p in pages {
        let mut seen_here = HashSet::new();
        for l in &p.lines {
            if band(p, l).is_some() && alone(p, l) {
                if let Some((_, v)) = page_number(&l.text()) {
                    if v >= 0 && seen_here.insert(v - p.number as i64) {
                        *offsets.entry(v - p.number as i64).or_default() += 1;
                    }
                }
            }
        }
    }
    let best = offsets
        .into_iter()
        .filter(|&(_, n)| n >= 2 || pages.len() == 1)
        .max_by_key(|&(o, n)| (n, -o.abs(), o));
    let offset = best.map(|(o, _)| o);
    // seen on one page only, the offset says nothing of a figure among others
    let offset_pages = best.map_or(0, |(_, n)| n);
    pages
        .iter()
        .map(|p| {
            // Only the outermost line of a band can be a page number (a table cell above it
            // may hold the same figure).
            let outermost = |top: bool| {
                p.lines
                    .iter()
                    .filter(|l| band(p, l) == Some(top))
                    .map(|l| l.base)
                    .fold(None, |acc: Option<f32>, b| {
                        Some(acc.map_or(b, |a| if top { a.min(b) } else { a.max(b) }))
                    })
            };
            let (first, last) = (outermost(true), outermost(false));
            p.lines
                .iter()
                .map(|l| {
                    let top = band(p, l)?;
                    let text = l.text();
                    let y = (l.base / 4.0).round() as i32;
                    // Lone figures are judged as page numbers only (the last line of a
                    // column can hold a figure at the same height on many pages).
                    let repeated = text.chars().any(char::is_alphabetic)
                        && seen
                            .get(&(top, furniture_key(&text), y))
                            .is_some_and(|s| s.len() >= min_pages);
                    let edge = if top { first } else { last };
                    let at_edge = edge.is_some_and(|e| (e - l.base).abs() < 0.5 * l.size);
                    let numbered = at_edge
                        && (offset_pages >= 2 || alone(p, l))
                        && page_number(&text).is_some_and(|(strong, v)| {
                            strong || offset == Some(v - p.number as i64)
                        });
                    (repeated || numbered).then_some(top)
                })
                .collect()
        })
        .collect()
}
