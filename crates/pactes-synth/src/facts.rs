//! "Éléments de synthèse": figures computed from the passages — acronyms / dispositifs cited,
//! sectors named (vocabulary in `taxonomy/sectors.toml`), expérimentations announced.

use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The sector vocabulary and acronym filters (`taxonomy/sectors.toml`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Vocabulary {
    #[serde(default)]
    pub ignore_acronyms: Vec<String>,
    #[serde(default, rename = "sector")]
    pub sectors: Vec<Sector>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Sector {
    pub name: String,
    pub cues: Vec<String>,
}

/// Error reading a vocabulary file.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: invalid sectors file: {message}")]
    Parse { path: String, message: String },
}

const BUILTIN: &str = include_str!("../../../taxonomy/sectors.toml");

impl Vocabulary {
    /// The vocabulary shipped in `taxonomy/sectors.toml` (embedded at build time).
    pub fn builtin() -> Vocabulary {
        Self::parse(BUILTIN, "taxonomy/sectors.toml").unwrap_or(Vocabulary {
            ignore_acronyms: Vec::new(),
            sectors: Vec::new(),
        })
    }

    pub fn parse(src: &str, path: &str) -> Result<Vocabulary, VocabularyError> {
        toml::from_str(src).map_err(|e| VocabularyError::Parse {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    pub fn load(path: &std::path::Path) -> Result<Vocabulary, VocabularyError> {
        let p = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|source| VocabularyError::Io {
            path: p.clone(),
            source,
        })?;
        Self::parse(&src, &p)
    }
}

/// A count over Regions: how many Regions, how many mentions.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Count {
    pub name: String,
    pub regions: Vec<String>,
    pub mentions: usize,
}

/// Candidate acronyms / dispositif names in a text: words of 2–10 letters starting with a
/// capital and holding at least two capitals, at least half of the letters capitals (`CléA`,
/// `PRÉPA`, `AFEST`, `POEC`), outside all-caps lines (headings).
pub fn acronyms(s: &str, ignore: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for line in s.lines() {
        let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        if letters.len() >= 12 && upper * 10 >= letters.len() * 6 {
            continue; // a line in capitals: a heading, not a mention
        }
        for w in line.split(|c: char| !(c.is_alphanumeric())) {
            let n = w.chars().count();
            if !(2..=10).contains(&n) || w.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let first_upper = w.chars().next().is_some_and(char::is_uppercase);
            let up = w.chars().filter(|c| c.is_uppercase()).count();
            if !first_upper || up < 2 || up * 2 < n {
                continue;
            }
            let key = text::fold(w).to_uppercase();
            if ignore.contains(&key) {
                continue;
            }
            out.push(w.to_string());
        }
    }
    out
}

fn cue_words(cue: &str) -> Vec<String> {
    text::fold(cue)
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn word_matches(cue: &str, w: &str) -> bool {
    match cue.strip_suffix('*') {
        Some(prefix) => w.starts_with(prefix),
        None => w == cue,
    }
}

/// Number of mentions of each sector in a token sequence.
pub fn sectors(toks: &[String], vocab: &Vocabulary) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for s in &vocab.sectors {
        let mut n = 0;
        for cue in &s.cues {
            let cw = cue_words(cue);
            if cw.is_empty() || cw.len() > toks.len() {
                continue;
            }
            n += toks
                .windows(cw.len())
                .filter(|win| win.iter().zip(&cw).all(|(w, c)| word_matches(c, w)))
                .count();
        }
        if n > 0 {
            out.push((s.name.clone(), n));
        }
    }
    out
}

/// Accumulates mentions per name and Region; display name = most frequent spelling.
#[derive(Default)]
pub struct Tally {
    by_key: BTreeMap<String, Entry>,
}

/// Spellings with their counts, Regions, total mentions.
type Entry = (BTreeMap<String, usize>, BTreeSet<String>, usize);

impl Tally {
    pub fn add(&mut self, key: &str, display: &str, region: &str, n: usize) {
        let e = self.by_key.entry(key.to_string()).or_default();
        *e.0.entry(display.to_string()).or_default() += n;
        e.1.insert(region.to_string());
        e.2 += n;
    }

    /// The `top` entries: most Regions first, then most mentions, then name.
    pub fn top(&self, top: usize, min_mentions: usize) -> Vec<Count> {
        let mut v: Vec<Count> = self
            .by_key
            .values()
            .filter(|(_, _, m)| *m >= min_mentions)
            .map(|(names, regions, mentions)| {
                let name = names
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default();
                Count {
                    name,
                    regions: regions.iter().cloned().collect(),
                    mentions: *mentions,
                }
            })
            .collect();
        v.sort_by(|a, b| {
            b.regions
                .len()
                .cmp(&a.regions.len())
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| a.name.cmp(&b.name))
        });
        v.truncate(top);
        v
    }
}

/// Whether a unit speaks of an experiment (`expérimentation`, `expérimenter`, `expérimental`…).
fn is_experiment(toks: &[String]) -> bool {
    toks.iter().any(|t| t.starts_with("experiment"))
}

/// Fewest words of a sentence that announces an experiment: shorter, it is a title (`Ce que
/// le Pacte va expérimenter`), which says what follows, not what is tried.
const EXPERIMENT_MIN_WORDS: usize = 8;

/// Whether a unit (its tokens `toks`) announces an experiment: it speaks of one
/// (`is_experiment`) in a sentence, or in an action line that opens on the verb and says what
/// is tried (`Expérimenter des parcours certifiants enrichis`); not in a title or a table's
/// label (`Ce que le Pacte va expérimenter`, `Actions expérimentales 500 500`). (A sentence
/// announcing a list is shown with the list's first item: `Synthesizer::facts`.)
pub fn announces_experiment(toks: &[String]) -> bool {
    let action = toks.len() >= 3 && toks[0].starts_with("experimenter");
    is_experiment(toks) && (toks.len() >= EXPERIMENT_MIN_WORDS || action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary_parses() {
        let v = Vocabulary::parse(BUILTIN, "builtin").expect("sectors.toml parses");
        assert!(v.sectors.len() >= 5);
        assert!(v.sectors.iter().any(|s| s.name == "BTP"));
    }

    #[test]
    fn acronyms_generic() {
        let ign: BTreeSet<String> = ["PACTE".to_string()].into_iter().collect();
        let a = acronyms(
            "Le dispositif PRÉPA Avenir, la certification CléA et l'AFEST du PACTE.\nAXE 2 : GARANTIR L'ACCES DES PUBLICS",
            &ign,
        );
        assert_eq!(a, vec!["PRÉPA", "CléA", "AFEST"]);
    }

    #[test]
    fn abbreviations_of_everyday_words_are_not_dispositifs() {
        let v = Vocabulary::builtin();
        let ign: BTreeSet<String> = v.ignore_acronyms.iter().cloned().collect();
        let a = acronyms(
            "Les PME et TPE, leurs RH et 2 ETP en CDD financent la POEC et la VAE avec l'OPCO.",
            &ign,
        );
        assert_eq!(a, vec!["POEC", "VAE", "OPCO"]);
    }

    #[test]
    fn an_experiment_is_announced_in_a_sentence() {
        let says = |t: &str| announces_experiment(&text::tokens(t));
        assert!(says(
            "La Région expérimentera une auto-école sociale itinérante en milieu rural."
        ));
        // an action line that opens on the verb
        assert!(says("Expérimenter des parcours certifiants enrichis"));
        // a title, a table's label, the verb alone, a sentence without the word
        assert!(!says("Ce que le Pacte va expérimenter"));
        assert!(!says("Actions expérimentales 500 500"));
        assert!(!says("• Expérimenter"));
        assert!(!says(
            "La Région développera une auto-école sociale itinérante en milieu rural."
        ));
    }

    #[test]
    fn sector_cues() {
        let v = Vocabulary::builtin();
        let t = text::tokens(
            "Les métiers du bâtiment et de l'hôtellerie ; l'industrie agroalimentaire.",
        );
        let s = sectors(&t, &v);
        let names: Vec<_> = s.iter().map(|x| x.0.as_str()).collect();
        assert!(names.contains(&"BTP"), "{names:?}");
        assert!(names.contains(&"hôtellerie-restauration"));
        assert!(names.contains(&"industrie"));
        assert!(names.contains(&"agriculture et agroalimentaire"));
    }

    #[test]
    fn tally_orders_by_regions_then_mentions() {
        let mut t = Tally::default();
        t.add("VAE", "VAE", "A", 5);
        t.add("POEC", "POEC", "A", 1);
        t.add("POEC", "POEC", "B", 1);
        let top = t.top(10, 1);
        assert_eq!(top[0].name, "POEC");
        assert_eq!(top[1].mentions, 5);
    }
}
