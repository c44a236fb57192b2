//! Reading order does not depend on drawing order: a two-column page of French prose (from a
//! source text), drawn line by line in any order, extracts to the same text, left column first.

use pactes_tests::score::scores;
use pactes_tests::{data_dir, placed_pdf};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Lines of at most 44 characters wrapped from the first paragraphs of a source text, enough
/// for two columns of 30 lines.
fn prose_lines() -> &'static Vec<String> {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let text = std::fs::read_to_string(data_dir().join("PRIC-HDF-signe.txt"))
            .expect("tests/data/PRIC-HDF-signe.txt");
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().all(|c| (c as u32) < 256))
            .collect();
        let mut lines = Vec::new();
        let mut cur = String::new();
        for w in words {
            if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > 44 {
                lines.push(std::mem::take(&mut cur));
                if lines.len() == 60 {
                    break;
                }
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
        lines
    })
}

/// The page's items in reading order: the left column's lines, then the right column's.
fn page() -> Vec<(f32, f32, &'static str)> {
    let lines = prose_lines();
    let half = lines.len() / 2;
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (x, row) = if i < half {
                (56.0, i)
            } else {
                (316.0, i - half)
            };
            (x, 780.0 - 12.0 * row as f32, l.as_str())
        })
        .collect()
}

fn extract(items: &[(f32, f32, &str)]) -> String {
    let pdf = placed_pdf(items);
    let doc = pactes_pdf::extract_bytes(&pdf, "order.pdf", None).expect("generated PDF extracts");
    pactes_pdf::render_text(&doc)
}

#[test]
fn two_columns_drawn_in_order_read_left_column_first() {
    let items = page();
    let expected: Vec<&str> = items.iter().map(|i| i.2).collect();
    let s = scores(&expected.join("\n"), &extract(&items));
    assert!(
        s.recall == 1.0 && s.precision == 1.0 && s.order > 0.999,
        "{s:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any drawing order of the same lines gives the same text.
    #[test]
    fn any_drawing_order_gives_the_same_text(order in Just((0..60usize).collect::<Vec<_>>()).prop_shuffle()) {
        let items = page();
        let reference = extract(&items);
        let shuffled: Vec<(f32, f32, &str)> = order.iter().filter_map(|&i| items.get(i).copied()).collect();
        prop_assert_eq!(extract(&shuffled), reference);
    }
}
