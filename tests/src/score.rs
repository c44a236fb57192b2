//! Word-level extraction scores: recall, precision and order of an extracted text against a
//! reference text (NFKC, lower case, `\w+` runs, words as a multiset; order = LCS / reference).

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// The three scores of an extraction against its reference, each in `0.0..=1.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Share of the reference's words (as a multiset) found in the extraction.
    pub recall: f64,
    /// Share of the extraction's words (as a multiset) found in the reference.
    pub precision: f64,
    /// Longest common word subsequence divided by the reference's word count.
    pub order: f64,
}

fn word_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\w+").unwrap_or_else(|e| panic!("static regex: {e}")))
}

/// The words of a text as the scores see them: NFKC, lower case, `\w+` runs.
pub fn words(text: &str) -> Vec<String> {
    let norm: String = text.nfkc().collect::<String>().to_lowercase();
    word_re()
        .find_iter(&norm)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Recall, precision and order of `extracted` against `reference`.
pub fn scores(reference: &str, extracted: &str) -> Scores {
    let r = words(reference);
    let e = words(extracted);
    let mut table: HashMap<&str, u32> = HashMap::new();
    let ri = intern(&r, &mut table);
    let ei = intern(&e, &mut table);
    let n_ids = table.len();
    let mut rc = vec![0u64; n_ids];
    let mut ec = vec![0u64; n_ids];
    for &w in &ri {
        rc[w as usize] += 1;
    }
    for &w in &ei {
        ec[w as usize] += 1;
    }
    let common: u64 = rc.iter().zip(&ec).map(|(a, b)| *a.min(b)).sum();
    let ratio = |num: u64, den: usize| {
        if den == 0 {
            1.0
        } else {
            num as f64 / den as f64
        }
    };
    Scores {
        recall: ratio(common, ri.len()),
        precision: ratio(common, ei.len()),
        order: ratio(lcs_len(&ri, &ei) as u64, ri.len()),
    }
}

fn intern<'a>(ws: &'a [String], table: &mut HashMap<&'a str, u32>) -> Vec<u32> {
    ws.iter()
        .map(|w| {
            let n = table.len() as u32;
            *table.entry(w.as_str()).or_insert(n)
        })
        .collect()
}

/// Length of the longest common subsequence of two symbol sequences, bit-parallel
/// (Allison–Dix / Hyyrö): O(|a|·|b|/64) word operations, memory one bit vector per symbol of
/// `a` that also occurs in `b`.
pub fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let n = a.len();
    let blocks = n.div_ceil(64);
    let in_b: std::collections::HashSet<u32> = b.iter().copied().collect();
    let mut masks: HashMap<u32, Vec<u64>> = HashMap::new();
    for (i, &s) in a.iter().enumerate() {
        if in_b.contains(&s) {
            let m = masks.entry(s).or_insert_with(|| vec![0u64; blocks]);
            m[i / 64] |= 1u64 << (i % 64);
        }
    }
    // V: a 1 bit marks a position not (yet) the end of a longer common subsequence.
    let mut v = vec![u64::MAX; blocks];
    for s in b {
        let Some(m) = masks.get(s) else { continue };
        let mut carry = 0u64;
        for k in 0..blocks {
            let vk = v[k];
            let u = vk & m[k];
            let (s1, c1) = vk.overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(carry);
            carry = (c1 || c2) as u64;
            v[k] = s2 | (vk & !m[k]);
        }
    }
    let mut zeros = 0usize;
    for (k, vk) in v.iter().enumerate() {
        let valid = if k + 1 == blocks && !n.is_multiple_of(64) {
            (1u64 << (n % 64)) - 1
        } else {
            u64::MAX
        };
        zeros += (!vk & valid).count_ones() as usize;
    }
    zeros
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_lcs(a: &[u32], b: &[u32]) -> usize {
        let mut dp = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                dp[i + 1][j + 1] = if a[i] == b[j] {
                    dp[i][j] + 1
                } else {
                    dp[i][j + 1].max(dp[i + 1][j])
                };
            }
        }
        dp[a.len()][b.len()]
    }

    #[test]
    fn lcs_matches_naive_dp() {
        // Deterministic pseudo-random sequences over small alphabets, lengths across block edges.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for len_a in [1usize, 5, 63, 64, 65, 130, 200] {
            for alpha in [2u64, 4, 26] {
                let a: Vec<u32> = (0..len_a).map(|_| (next() % alpha) as u32).collect();
                let b: Vec<u32> = (0..(len_a * 3 / 2 + 1))
                    .map(|_| (next() % alpha) as u32)
                    .collect();
                assert_eq!(lcs_len(&a, &b), naive_lcs(&a, &b), "{len_a} {alpha}");
            }
        }
    }

    #[test]
    fn scores_words_nfkc_lowercase() {
        let s = scores("La ﬁn du Pacte, la fin.", "la fin du pacte la fin");
        assert_eq!(s.recall, 1.0);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.order, 1.0);
        let s = scores("a b c d", "d c b a x");
        assert_eq!(s.recall, 1.0);
        assert!((s.precision - 0.8).abs() < 1e-9);
        assert!((s.order - 0.25).abs() < 1e-9);
        let s = scores("4 0 %", "40 %");
        assert_eq!(s.recall, 0.0);
    }
}
