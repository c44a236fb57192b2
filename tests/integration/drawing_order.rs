//! Reading order does not depend on drawing order: a two-column page of French prose (from a
//! source text), drawn line by line or word by word in any order, extracts to the same text,
//! left column first; pieces of words kerned into each other stay in their words.

use pactes_tests::score::scores;
use pactes_tests::{data_dir, placed_pdf, placed_pdf_in};
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

/// The body text of a generated PDF.
fn text_of(pdf: &[u8]) -> String {
    let doc = pactes_pdf::extract_bytes(pdf, "order.pdf", None).expect("generated PDF extracts");
    pactes_pdf::render_text(&doc)
}

fn extract(items: &[(f32, f32, &str)]) -> String {
    text_of(&placed_pdf(items))
}

/// `text` holds the page's lines, all of them, left column first.
fn assert_reads_the_page(text: &str) {
    let expected: Vec<&str> = page().iter().map(|i| i.2).collect();
    let s = scores(&expected.join("\n"), text);
    assert!(
        s.recall == 1.0 && s.precision == 1.0 && s.order > 0.999,
        "{s:?}"
    );
}

#[test]
fn two_columns_drawn_in_order_read_left_column_first() {
    assert_reads_the_page(&extract(&page()));
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

/// The page's words, each placed by itself, lines justified to 264 pt (Courier 10 pt: 6 pt a
/// character; columns at 40 and 320 pt). Justification widens each line's spaces by its own
/// amount, as a typesetter does, so that word edges do not line up from row to row as they
/// would in unjustified monospaced text.
fn words_page() -> Vec<(f32, f32, String)> {
    page()
        .into_iter()
        .flat_map(|(x, y, line)| {
            let x = if x < 100.0 { 40.0 } else { 320.0 };
            let words: Vec<&str> = line.split(' ').collect();
            let chars: usize = words.iter().map(|w| w.chars().count()).sum();
            let gaps = words.len().saturating_sub(1).max(1) as f32;
            let space = (264.0 - 6.0 * chars as f32) / gaps;
            let mut out = Vec::new();
            let mut at = x;
            for w in words {
                out.push((at, y, w.to_string()));
                at += 6.0 * w.chars().count() as f32 + space;
            }
            out
        })
        .collect()
}

fn extract_words(items: &[(f32, f32, String)]) -> String {
    let refs: Vec<(f32, f32, &str)> = items.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect();
    text_of(&placed_pdf_in("Courier", &refs))
}

#[test]
fn words_placed_one_by_one_read_as_the_lines() {
    assert_reads_the_page(&extract_words(&words_page()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any drawing order of the words gives the same text.
    #[test]
    fn any_drawing_order_of_the_words_gives_the_same_text(seed in any::<u64>()) {
        let items = words_page();
        let reference = extract_words(&items);
        // a permutation from the seed (proptest's shuffle on ~400 items shrinks slowly)
        let mut order: Vec<usize> = (0..items.len()).collect();
        let mut state = seed | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let shuffled: Vec<(f32, f32, String)> = order.iter().map(|&i| items[i].clone()).collect();
        prop_assert_eq!(extract_words(&shuffled), reference);
    }
}

/// Lines whose pieces a typesetter kerned into each other, as separate positioning runs: a
/// mark of punctuation 3.5 pt into the glyph before it (`V.` of `IV.3)`, `l'`: over half of a
/// 6 pt Courier glyph), a letter 1.2 pt (`T` then `ableau`).
fn kerned_page() -> Vec<(f32, f32, String)> {
    let lines: [&[&str]; 4] = [
        &["IV", ".3) T", "ableau de synthèse des actions"],
        &["Favoriser l", "'", "orientation et l", "'", "insertion"],
        &["Le Pacte V", ". Les publics"],
        &["Axe 2 : garantir l", "'", "accès des publics fragiles"],
    ];
    let mut out = Vec::new();
    for (row, pieces) in lines.iter().enumerate() {
        let y = 700.0 - 14.0 * row as f32;
        let mut at = 60.0;
        for (k, p) in pieces.iter().enumerate() {
            if k > 0 {
                let mark = !p.starts_with(char::is_alphanumeric);
                at -= if mark { 3.5 } else { 1.2 };
            }
            out.push((at, y, p.to_string()));
            at += 6.0 * p.chars().count() as f32;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Kerned pieces drawn in any order are not taken for text printed over text.
    #[test]
    fn kerned_pieces_drawn_in_any_order_stay_in_their_words(order in Just((0..13usize).collect::<Vec<_>>()).prop_shuffle()) {
        let items = kerned_page();
        let reference = extract_words(&items);
        for w in ["IV.3) Tableau", "l'orientation", "l'accès", "V. Les"] {
            prop_assert!(reference.contains(w), "{w}: {reference}");
        }
        let shuffled: Vec<(f32, f32, String)> = order.iter().filter_map(|&i| items.get(i).cloned()).collect();
        prop_assert_eq!(extract_words(&shuffled), reference);
    }
}
