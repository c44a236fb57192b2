//! A lost font whose one-byte codes are a subset's own (LibreOffice and Cairo number a subset's
//! glyphs 1, 2, 3… in the order the document first uses them): its text is a substitution
//! cipher, solved against how often three characters follow one another in French
//! (`data/french-trigrams.txt`, made from word frequencies by `data/make_trigrams.py`).
//!
//! The most frequent code is the space. Each other code is given a character of the model's
//! alphabet, two codes at most for a letter (its small and its capital: the model is
//! lowercase), ten for the digits; the assignment that makes the text likeliest is searched
//! by moving one code at a time to the best place while any move helps, from two starts. A
//! capital costs what capitals are rare (more so inside a word, less after a full stop), so
//! that a frequent code is never one. Last, the rare codes (capitals, rare letters and signs)
//! are moved alone once more, a word that the font's frequent codes spell, or that the fonts
//! read before it spelled (`lexicon`), counting for the reading that spells it. Digits are
//! told apart by frequency, but for the two that open years (`digits_of`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Trigram counts of French text: `abc<TAB>count`, `_` a word boundary.
const TRIGRAMS: &str = include_str!("../data/french-trigrams.txt");

/// The model's alphabet: the word boundary first, then letters, signs, `#` for any digit,
/// and last a sign of no kind the model knows.
const ALPHABET: &str = " abcdefghijklmnopqrstuvwxyzàâçéèêëîïôùûüœ'.,:-()«»%/€#\u{25A1}";

/// How many codes each character of the alphabet may take: a letter its small and capital
/// form, `#` the ten digits, an unknown sign any number (see `slots`).
fn takes(c: char) -> usize {
    match c {
        ' ' => 0,
        '#' => 10,
        c if c.is_alphabetic() => 2,
        _ => 1,
    }
}

const OTHER: char = '\u{25A1}';

/// ln of how often a letter is a capital at the start of a word, and inside one.
const CAP_INITIAL: f32 = -2.0;
const CAP_INNER: f32 = -4.5;
/// ln of how often a word after a full stop opens with a capital, and with a small letter.
const CAP_AFTER_STOP: f32 = -0.1;
const SMALL_AFTER_STOP: f32 = -2.3;

/// Digits by how often French administrative text uses them (years, amounts, percentages).
const DIGITS: [char; 10] = ['0', '2', '1', '9', '5', '3', '4', '8', '6', '7'];

struct Model {
    chars: Vec<char>,
    /// ln P(c | a b), indexed (a × m + b) × m + c.
    lp: Vec<f32>,
    /// How often each character occurs (for the first assignment).
    freq: Vec<f64>,
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let chars: Vec<char> = ALPHABET.chars().collect();
        let m = chars.len();
        let index: HashMap<char, usize> = chars.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut n = vec![0f64; m * m * m];
        for line in TRIGRAMS.lines().filter(|l| !l.starts_with('#')) {
            let Some((tri, count)) = line.split_once('\t') else {
                continue;
            };
            let ids: Vec<usize> = tri
                .chars()
                .map(|c| if c == '_' { ' ' } else { c })
                .filter_map(|c| index.get(&c).copied())
                .collect();
            if let ([a, b, c], Ok(k)) = (ids.as_slice(), count.trim().parse::<f64>()) {
                n[(a * m + b) * m + c] += k;
            }
        }
        let mut freq = vec![1f64; m];
        for (i, v) in n.iter().enumerate() {
            freq[i % m] += v;
        }
        let total: f64 = freq.iter().sum();
        let p: Vec<f64> = freq.iter().map(|f| f / total).collect();
        let mut lp = vec![0f32; m * m * m];
        for ab in 0..m * m {
            let row = &n[ab * m..(ab + 1) * m];
            let sum: f64 = row.iter().sum();
            for c in 0..m {
                lp[ab * m + c] = ((row[c] + p[c]) / (sum + 1.0)).ln() as f32;
            }
        }
        Model { chars, lp, freq }
    })
}

/// What a word the lexicon holds (the words the font's frequent codes and the fonts solved
/// before spell) adds to the text's log-likelihood in the last round, each time it occurs:
/// a swapped pair of capitals may cost some thirty nats of trigrams and spell a few known
/// words (PDL cut before its pages: 4 nats 0.908 recall, 12 0.927, 20 0.928).
const WORD_BONUS: f32 = 20.0;

/// A symbol shown at most once in `RARE` codes is rare (see `solve`'s last round).
const RARE: usize = 300;

/// Most distinct codes (the space aside) a font may have to be solved.
const MAX_SYMBOLS: usize = 140;

/// Fewest codes a font must show to be solved.
const MIN_CODES: usize = 2_000;

/// The text of each code of a lost one-byte font whose strings, in drawing order, are `codes`
/// (`None`: a break between strings that do not follow on); `lexicon`: the words (letters
/// only, small) the fonts read before it spelled. `None` when the text is too short, or no
/// code is frequent enough to be the space.
pub(crate) fn solve(
    codes: &[Option<u8>],
    lexicon: &HashSet<String>,
) -> Option<HashMap<u8, String>> {
    let mut count = [0usize; 256];
    for c in codes.iter().flatten() {
        count[*c as usize] += 1;
    }
    let shown: usize = count.iter().sum();
    if shown < MIN_CODES {
        return None;
    }
    let space = (0..256).max_by_key(|&c| (count[c], std::cmp::Reverse(c)))? as u8;
    let share = count[space as usize] as f64 / shown as f64;
    if !(0.08..=0.30).contains(&share) {
        return None;
    }
    // symbols: 0 the boundary, then the codes by frequency
    let mut by_freq: Vec<u8> = (0..=255u8)
        .filter(|&c| c != space && count[c as usize] > 0)
        .collect();
    by_freq.sort_by_key(|&c| (std::cmp::Reverse(count[c as usize]), c));
    // (a Latin text's subset has some ninety glyphs; the search grows with their square)
    if by_freq.len() > MAX_SYMBOLS {
        return None;
    }
    let sym_of: HashMap<u8, usize> = by_freq
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i + 1))
        .collect();
    let mut seq: Vec<usize> = vec![0];
    for c in codes {
        let s = match c {
            Some(c) if *c != space => sym_of[c],
            _ => 0,
        };
        if s != 0 || seq.last() != Some(&0) {
            seq.push(s);
        }
    }
    seq.push(0);
    let mut tri: HashMap<[usize; 3], u32> = HashMap::new();
    for w in seq.windows(3) {
        *tri.entry([w[0], w[1], w[2]]).or_default() += 1;
    }
    // (in a fixed order: sums in another order may round apart and pick another move)
    let mut tri: Vec<([usize; 3], f32)> = tri.into_iter().map(|(k, v)| (k, v as f32)).collect();
    tri.sort_by_key(|t| t.0);
    let n_sym = by_freq.len() + 1;
    let mut touching: Vec<Vec<u32>> = vec![Vec::new(); n_sym];
    for (i, (t, _)) in tri.iter().enumerate() {
        let mut seen = [usize::MAX; 3];
        for (k, &s) in t.iter().enumerate() {
            if s != 0 && !seen.contains(&s) {
                touching[s].push(i as u32);
            }
            seen[k] = s;
        }
    }
    let model = model();
    let m = model.chars.len();
    // slots: each character as many times as it may take codes, the likeliest first
    let mut order: Vec<usize> = (1..m).collect();
    order.sort_by(|&a, &b| model.freq[b].total_cmp(&model.freq[a]));
    let other = model.chars.iter().position(|&c| c == OTHER)?;
    // (a character's first place before any character's second: small letters first)
    let mut slots: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&c| c != other && takes(model.chars[c]) > 0)
        .collect();
    for &c in &order {
        match takes(model.chars[c]) {
            // a letter's second place is its capital
            2 => slots.push(c + m),
            n if c != other => slots.extend(std::iter::repeat_n(c, n.saturating_sub(1))),
            _ => {}
        }
    }
    slots.extend(std::iter::repeat_n(
        other,
        n_sym.max(slots.len()) - slots.len() + 8,
    ));
    let stop = model.chars.iter().position(|&c| c == '.')?;
    // the words (runs of symbols between spaces), how often each, and those each symbol is in:
    // a word that `lexicon` holds once read (its letters, small) earns `WORD_BONUS`
    let mut counted: HashMap<&[usize], f32> = HashMap::new();
    for w in seq.split(|&s| s == 0).filter(|w| !w.is_empty()) {
        *counted.entry(w).or_default() += 1.0;
    }
    let mut words: Vec<(Vec<usize>, f32)> =
        counted.into_iter().map(|(w, n)| (w.to_vec(), n)).collect();
    words.sort_by(|a, b| a.0.cmp(&b.0));
    let mut word_types: Vec<Vec<usize>> = vec![Vec::new(); n_sym];
    for (i, (w, _)) in words.iter().enumerate() {
        let mut seen: Vec<usize> = w.clone();
        seen.sort();
        seen.dedup();
        for s in seen {
            word_types[s].push(i);
        }
    }
    // a word's letters under `key`, small
    let spell = |key: &[usize], w: &[usize]| -> String {
        w.iter()
            .map(|&s| model.chars[key[s] % m])
            .filter(|c| c.is_alphabetic())
            .collect()
    };
    let word_score = |key: &[usize], w: usize, lexicon: &HashSet<String>| -> f32 {
        let (symbols, n) = &words[w];
        let read = spell(key, symbols);
        if read.chars().count() >= 2 && lexicon.contains(&read) {
            n * WORD_BONUS
        } else {
            0.0
        }
    };
    // a capital costs what capitals are rare (more so inside a word), on top of its letter
    let score_of = |key: &[usize], t: &[usize; 3]| -> f32 {
        let (a, b, c) = (key[t[0]] % m, key[t[1]] % m, key[t[2]]);
        // (a sentence's first word, after a full stop, opens with a capital)
        let cap = match (c >= m, b, a == stop) {
            (true, 0, true) => CAP_AFTER_STOP,
            (false, 0, true) if model.chars[c].is_alphabetic() => SMALL_AFTER_STOP,
            (false, _, _) => 0.0,
            (true, 0, false) => CAP_INITIAL,
            (true, _, _) => CAP_INNER,
        };
        model.lp[(a * m + b) * m + c % m] + cap
    };
    // key[s]: the model character of symbol s (+ m for a capital); holder[k]: the symbol in
    // slot k
    let start: Vec<usize> = (0..n_sym).map(|s| if s == 0 { 0 } else { s - 1 }).collect();
    let mut best: Option<(f32, Vec<usize>)> = None;
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    // the rare symbols (capitals, rare letters and signs): the last round moves them alone,
    // judged also by the words the font's frequent symbols spell
    let rare: Vec<bool> = (0..n_sym)
        .map(|s| s > 0 && count[by_freq[s - 1] as usize] * RARE <= shown)
        .collect();
    let mut lex: HashSet<String> = lexicon.clone();
    // (a second start gained 0.001 of recall on PDL; more cost seconds for less)
    for round in 0..3 {
        let refine = round == 2;
        let mut at: Vec<usize> = start.clone(); // slot of each symbol (at[0] unused)
        if refine {
            let Some((_, b)) = &best else { break };
            at = b.clone();
        } else if round > 0 {
            // a start that swaps some places of the best found
            if let Some((_, b)) = &best {
                at = b.clone();
            }
            for _ in 0..n_sym / 3 {
                let (x, y) = (
                    1 + next(&mut rng) % (n_sym - 1),
                    1 + next(&mut rng) % (n_sym - 1),
                );
                at.swap(x, y);
            }
        }
        let mut holder: Vec<usize> = vec![usize::MAX; slots.len()];
        for s in 1..n_sym {
            holder[at[s]] = s;
        }
        let mut key: Vec<usize> = (0..n_sym)
            .map(|s| if s == 0 { 0 } else { slots[at[s]] })
            .collect();
        if refine {
            // the words of the frequent symbols, read in small letters, twice at least
            for (w, n) in &words {
                if *n >= 2.0 && w.iter().all(|&s| !rare[s] && key[s] < m) {
                    let read = spell(&key, w);
                    if read.chars().count() >= 3 {
                        lex.insert(read);
                    }
                }
            }
        }
        let total = |key: &[usize]| -> f32 {
            let words: f32 = if refine {
                (0..words.len()).map(|w| word_score(key, w, &lex)).sum()
            } else {
                0.0
            };
            tri.iter().map(|(t, n)| n * score_of(key, t)).sum::<f32>() + words
        };
        let mut improved = true;
        let mut passes = 0;
        while improved && passes < 40 {
            improved = false;
            passes += 1;
            for a in 1..n_sym {
                if refine && !rare[a] {
                    continue;
                }
                let mut best_move: Option<(f32, usize)> = None;
                let local = |key: &[usize], a: usize, b: Option<usize>| -> f32 {
                    let mut sum: f32 = touching[a]
                        .iter()
                        .map(|&i| tri[i as usize].1 * score_of(key, &tri[i as usize].0))
                        .sum();
                    if let Some(b) = b {
                        sum += touching[b]
                            .iter()
                            .filter(|&&i| !tri[i as usize].0.contains(&a))
                            .map(|&i| tri[i as usize].1 * score_of(key, &tri[i as usize].0))
                            .sum::<f32>();
                    }
                    if refine {
                        sum += word_types[a]
                            .iter()
                            .map(|&w| word_score(key, w, &lex))
                            .sum::<f32>();
                        if let Some(b) = b {
                            sum += word_types[b]
                                .iter()
                                .filter(|&&w| !words[w].0.contains(&a))
                                .map(|&w| word_score(key, w, &lex))
                                .sum::<f32>();
                        }
                    }
                    sum
                };
                for k in 0..slots.len() {
                    if k == at[a] || slots[k] == key[a] {
                        continue;
                    }
                    let b = (holder[k] != usize::MAX).then_some(holder[k]);
                    if refine && b.is_some_and(|b| !rare[b]) {
                        continue;
                    }
                    let before = local(&key, a, b);
                    let (ka, kb) = (key[a], b.map(|b| key[b]));
                    key[a] = slots[k];
                    if let Some(b) = b {
                        key[b] = ka;
                    }
                    let after = local(&key, a, b);
                    key[a] = ka;
                    if let (Some(b), Some(kb)) = (b, kb) {
                        key[b] = kb;
                    }
                    let gain = after - before;
                    if gain > 1e-3 && best_move.is_none_or(|(g, _)| gain > g) {
                        best_move = Some((gain, k));
                    }
                }
                if let Some((_, k)) = best_move {
                    let from = at[a];
                    if let Some(b) = (holder[k] != usize::MAX).then_some(holder[k]) {
                        at[b] = from;
                        key[b] = slots[from];
                        holder[from] = b;
                    } else {
                        holder[from] = usize::MAX;
                    }
                    at[a] = k;
                    key[a] = slots[k];
                    holder[k] = a;
                    improved = true;
                }
            }
        }
        let s = total(&key);
        if refine || best.as_ref().is_none_or(|(b, _)| s > *b) {
            best = Some((s, at));
        }
    }
    let (_, at) = best?;
    // the text of each code: its character
    let mut out: HashMap<u8, String> = HashMap::new();
    out.insert(space, " ".into());
    let digit = digits_of(&words, |s| model.chars[slots[at[s]] % m] == '#', n_sym);
    for s in 1..n_sym {
        let v = slots[at[s]];
        let ch = model.chars[v % m];
        let text: String = match ch {
            OTHER => continue,
            '#' => digit[s].to_string(),
            '\'' => "\u{2019}".into(),
            c if v >= m => c.to_uppercase().collect(),
            c => c.to_string(),
        };
        out.insert(by_freq[s - 1], text);
    }
    Some(out)
}

/// Which digit each digit symbol is (`is_digit`; symbols numbered by frequency): years of this
/// century, the commonest numbers of four digits, open with `20`, so the symbol that most
/// often opens a number of four digits is 2 and the one most often second is 0 (when there
/// are ten such numbers at least); the others by frequency (`DIGITS`).
fn digits_of(
    words: &[(Vec<usize>, f32)],
    is_digit: impl Fn(usize) -> bool,
    n_sym: usize,
) -> Vec<char> {
    let mut first = vec![0f32; n_sym];
    let mut second = vec![0f32; n_sym];
    for (w, n) in words {
        if w.len() == 4 && w.iter().all(|&s| is_digit(s)) {
            first[w[0]] += n;
            second[w[1]] += n;
        }
    }
    let top = |v: &[f32], not: Option<usize>| {
        (1..n_sym)
            .filter(|&s| Some(s) != not && v[s] > 0.0)
            .max_by(|&a, &b| v[a].total_cmp(&v[b]).then(b.cmp(&a)))
    };
    let years: f32 = first.iter().sum();
    let two = top(&first, None).filter(|_| years >= 10.0);
    let zero = two.and_then(|t| top(&second, Some(t)));
    let mut left = DIGITS
        .iter()
        .copied()
        .filter(|&d| !(two.is_some() && d == '2' || zero.is_some() && d == '0'));
    (0..n_sym)
        .map(|s| match s {
            _ if s == 0 || !is_digit(s) => '0',
            _ if Some(s) == two => '2',
            _ if Some(s) == zero => '0',
            _ => left.next().unwrap_or('0'),
        })
        .collect()
}

fn next(state: &mut u64) -> usize {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// General French prose (written for this test), about the field.
    const PROSE: &str = "La formation des demandeurs d'emploi doit permettre à chacun \
        d'accéder à une qualification reconnue et à un emploi durable. Les parcours sont \
        construits avec les entreprises du territoire, au plus près de leurs besoins en \
        compétences, et les organismes de formation adaptent leurs pratiques pédagogiques. \
        Une attention particulière est portée aux publics les plus éloignés de l'emploi : \
        les jeunes sans diplôme, les personnes en situation de handicap et les habitants des \
        quartiers prioritaires. L'accompagnement se poursuit pendant toute la durée du \
        parcours et au-delà, jusqu'au retour à l'emploi. Les actions sont évaluées chaque \
        année avec les partenaires, afin de mesurer leurs effets sur l'insertion \
        professionnelle et de faire évoluer l'offre de formation. La Région et l'État \
        s'engagent ensemble dans cette démarche, qui mobilise aussi les branches \
        professionnelles et le service public de l'emploi. ";

    #[test]
    fn the_digits_that_open_years_are_2_and_0() {
        // symbols 1–5 are digits (1 the most frequent); `2019`, `2020`, `2021` as 3 1 4 5,
        // 3 1 3 1, 3 1 3 4: 3 opens them all, 1 is second
        let words: Vec<(Vec<usize>, f32)> = vec![
            (vec![3, 1, 4, 5], 6.0),
            (vec![3, 1, 3, 1], 3.0),
            (vec![3, 1, 3, 4], 2.0),
            (vec![2, 2], 40.0),
            (vec![6, 7], 9.0),
        ];
        let d = digits_of(&words, |s| (1..=5).contains(&s), 8);
        assert_eq!((d[3], d[1]), ('2', '0'));
        // the others in frequency order, without 2 and 0
        assert_eq!((d[2], d[4], d[5]), ('1', '9', '5'));
        // too few numbers of four digits: frequency order alone
        let d = digits_of(&words[..1], |s| (1..=5).contains(&s), 8);
        assert_eq!(&d[1..=5], &['0', '2', '1', '9', '5']);
    }

    #[test]
    fn what_is_no_latin_text_is_not_solved() {
        let none = HashSet::new();
        // too short
        let short: Vec<Option<u8>> = PROSE.bytes().take(1_000).map(Some).collect();
        assert!(solve(&short, &none).is_none());
        // no code frequent enough to be the space (every code as often as the others)
        let flat: Vec<Option<u8>> = (0..5_000).map(|i| Some((i % 50) as u8)).collect();
        assert!(solve(&flat, &none).is_none());
        // more distinct codes than a Latin subset has
        let many: Vec<Option<u8>> = (0..5_000)
            .map(|i| Some(if i % 5 == 0 { 0 } else { 1 + (i % 200) as u8 }))
            .collect();
        assert!(solve(&many, &none).is_none());
    }

    #[test]
    fn a_subset_s_codes_in_order_of_first_use_are_read_as_french() {
        let text: String = PROSE.repeat(6);
        // codes in order of first use, as LibreOffice numbers a subset's glyphs
        let mut code_of: HashMap<char, u8> = HashMap::new();
        let codes: Vec<Option<u8>> = text
            .chars()
            .map(|c| {
                let n = code_of.len() as u8 + 1;
                Some(*code_of.entry(c).or_insert(n))
            })
            .collect();
        let got = solve(&codes, &HashSet::new()).expect("solved");
        let read: String = codes
            .iter()
            .flatten()
            .map(|c| got.get(c).map(String::as_str).unwrap_or(""))
            .collect();
        let right = read
            .split_whitespace()
            .zip(text.split_whitespace())
            .filter(|(a, b)| a.to_lowercase() == b.to_lowercase().replace('\'', "\u{2019}"))
            .count();
        let words = text.split_whitespace().count();
        assert!(
            right * 20 >= words * 19,
            "{right} of {words}: {}",
            &read[..300]
        );
    }
}
