//! The theme taxonomy: read from an editable TOML file (`taxonomy/themes.toml`).
//!
//! File format:
//! ```toml
//! [settings]            # optional, every key optional
//! max_themes = 2
//!
//! [[theme]]
//! id = "1.5"
//! axis = 1              # 0 introduction, 1, 2, 3 transverse, 4 suivi et évaluation
//! label = "Développer la VAE, dans de nouvelles approches"
//! [theme.cues]          # word, phrase or acronym = weight
//! "VAE" = 3.0
//! "validation des acquis de l'expérience" = 3.0
//! ```
//! Cues are matched on normalised French (case, accents, elisions, plurals folded).

use crate::TagError;
use pactes_doc::text::normalize_words;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Path of the taxonomy file, relative to the repository root.
pub const DEFAULT_TAXONOMY_PATH: &str = "taxonomy/themes.toml";

/// One cue of a theme: its text as written in the file, its normalised words, its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub text: String,
    /// What it is matched on (`match_key`): its content words, any `LINKS` free between
    /// them, when `linked`; else its normalised words (`normalize_words`) in a row.
    pub key: Vec<String>,
    pub linked: bool,
    pub weight: f32,
}

/// Articles and the prepositions `de` / `à` with their contractions, normalised: French
/// phrasing varies them freely (`achat de formation`, `achats des formations`; `amont de la
/// qualification`, `amont à la qualification`), so a cue is matched on the other words.
pub const LINKS: &[&str] = &["de", "du", "des", "la", "le", "les", "a", "au", "aux"];

/// The words a cue of normalised `words` is matched on, and whether links are free between
/// them: its content words when it has two or more; else all its words in a row (`à
/// distance` is not `distance`).
pub(crate) fn match_key(words: &[String]) -> (Vec<String>, bool) {
    let content: Vec<String> = words
        .iter()
        .filter(|w| !LINKS.contains(&w.as_str()))
        .cloned()
        .collect();
    if content.len() >= 2 {
        (content, true)
    } else {
        (words.to_vec(), false)
    }
}

/// One theme of the national plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub id: String,
    /// 0 introduction/diagnostic, 1, 2, 3 transverse, 4 suivi et évaluation.
    pub axis: u8,
    pub label: String,
    pub cues: Vec<Cue>,
}

/// Tuning knobs of the tagger, editable in the file's `[settings]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// At most this many themes per passage.
    pub max_themes: usize,
    /// A theme needs at least this score to be kept.
    pub min_score: f32,
    /// A theme after the first is kept when its score is at least this fraction of the best.
    pub keep_ratio: f32,
    /// Multiplier of cue weights found in the passage's headings.
    pub heading_weight: f32,
    /// Multiplier of themes whose axis agrees with the axis read from the heading path.
    pub axis_prior: f32,
    /// The best theme decides the axis (over the heading path) when its score is at least this
    /// and at least `axis_override_ratio` times the best theme of the heading's axis.
    pub axis_override_score: f32,
    pub axis_override_ratio: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_themes: 3,
            min_score: 2.0,
            keep_ratio: 0.75,
            heading_weight: 1.5,
            axis_prior: 1.5,
            axis_override_score: 6.0,
            axis_override_ratio: 2.0,
        }
    }
}

/// The whole taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    pub themes: Vec<Theme>,
    pub settings: Settings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    settings: Option<Settings>,
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: String,
    axis: u8,
    label: String,
    #[serde(default)]
    cues: BTreeMap<String, f32>,
}

impl Taxonomy {
    /// Reads and validates a taxonomy file.
    pub fn load(path: &Path) -> Result<Taxonomy, TagError> {
        let s = std::fs::read_to_string(path).map_err(|source| TagError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&s).map_err(|msg| TagError::Taxonomy {
            path: path.to_path_buf(),
            msg,
        })
    }

    /// Parses and validates a taxonomy from TOML text.
    pub fn from_toml_str(s: &str) -> Result<Taxonomy, TagError> {
        Self::parse(s).map_err(|msg| TagError::Taxonomy {
            path: "<string>".into(),
            msg,
        })
    }

    fn parse(s: &str) -> Result<Taxonomy, String> {
        let raw: RawFile = toml::from_str(s).map_err(|e| e.to_string().replace('\n', " "))?;
        if raw.theme.is_empty() {
            return Err("no [[theme]]".into());
        }
        let mut themes: Vec<Theme> = Vec::with_capacity(raw.theme.len());
        for t in raw.theme {
            if t.id.trim().is_empty() {
                return Err("a theme has an empty id".into());
            }
            if themes.iter().any(|o| o.id == t.id) {
                return Err(format!("theme {} defined twice", t.id));
            }
            if t.axis > 4 {
                return Err(format!("theme {}: axis {} not in 0..=4", t.id, t.axis));
            }
            let mut cues = Vec::with_capacity(t.cues.len());
            for (text, weight) in t.cues {
                let words = normalize_words(&text);
                if words.is_empty() {
                    return Err(format!("theme {}: cue {text:?} has no words", t.id));
                }
                if !weight.is_finite() {
                    return Err(format!("theme {}: cue {text:?} has weight {weight}", t.id));
                }
                // Spellings that normalise alike (plural, accents, links) count once, at the
                // best weight.
                let (key, linked) = match_key(&words);
                if let Some(c) = cues
                    .iter_mut()
                    .find(|c: &&mut Cue| c.key == key && c.linked == linked)
                {
                    if weight > c.weight {
                        c.weight = weight;
                        c.text = text;
                    }
                    continue;
                }
                cues.push(Cue {
                    text,
                    key,
                    linked,
                    weight,
                });
            }
            themes.push(Theme {
                id: t.id,
                axis: t.axis,
                label: t.label,
                cues,
            });
        }
        let settings = raw.settings.unwrap_or_default();
        if settings.max_themes == 0 {
            return Err("settings.max_themes must be at least 1".into());
        }
        Ok(Taxonomy { themes, settings })
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let t = Taxonomy::from_toml_str(
            "[settings]\nmax_themes = 2\n[[theme]]\nid = \"1.5\"\naxis = 1\nlabel = \"VAE\"\n[theme.cues]\n\"VAE\" = 3.0\n\"Validation des acquis\" = 2\n",
        );
        let t = match t {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(t.settings.max_themes, 2);
        let th = t.theme("1.5").map(|t| t.cues.len());
        assert_eq!(th, Some(2));
        assert!(t.theme("9.9").is_none());
        // spellings that differ only by articles and `de` / `à` links are one cue, at the
        // best weight
        let t = Taxonomy::from_toml_str(
            "[[theme]]\nid = \"1.2\"\naxis = 1\nlabel = \"achats\"\n[theme.cues]\n\"achat de formation\" = 3.0\n\"achats des formations\" = 2.0\n\"à distance\" = 1.0\n\"distance\" = 1.0\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let cues = &t.themes[0].cues;
        assert_eq!(cues.len(), 3, "{cues:?}");
        assert!(cues
            .iter()
            .any(|c| c.linked && c.weight == 3.0 && c.key == ["achat", "formation"]));
        assert!(cues
            .iter()
            .any(|c| !c.linked && c.text == "à distance" && c.key.len() == 2));
        // a cue of links only, or empty of them, is matched word for word
        let w = |t: &[&str]| t.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(match_key(&w(&["de", "la"])), (w(&["de", "la"]), false));
        assert_eq!(match_key(&[]), (Vec::new(), false));
        assert!(
            Taxonomy::from_toml_str("[[theme]]\nid = \"x\"\naxis = 7\nlabel = \"\"\n").is_err()
        );
        assert!(Taxonomy::from_toml_str("nonsense = [").is_err());
        assert!(Taxonomy::from_toml_str(
            "[[theme]]\nid=\"a\"\naxis=1\nlabel=\"\"\n[[theme]]\nid=\"a\"\naxis=1\nlabel=\"\"\n"
        )
        .is_err());
    }
}
