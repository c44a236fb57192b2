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

/// How a word speaks of an experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExperimentWord {
    /// The Pacte tries something: the infinitive, the gerund or the future of the verb
    /// (`expérimenter`, `en expérimentant`, `expérimentera`).
    Act,
    /// The noun, the adjective or the participle (`l'expérimentation`, `projets
    /// expérimentaux`, `sera expérimenté`): an experiment the sentence may announce, report or
    /// merely name.
    Name,
}

/// Auxiliaries and modals that make `expérimenté` a participle (`sera expérimenté`, `a été
/// expérimentée`), not an adjective of persons (`des demandeurs d'emploi expérimentés`).
const AUXILIARIES: &[&str] = &[
    "a", "ont", "avait", "avaient", "ete", "etre", "est", "sont", "sera", "seront", "serait",
    "seraient", "etait", "etaient", "pourra", "pourront", "peut", "peuvent",
];

/// Words a transitive verb is followed by (`la Région expérimente une …`).
const DETERMINERS: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "ce", "cette", "ces", "sa", "son",
    "ses", "leur", "leurs",
];

/// What one lives through rather than tries (folded): `expérimenter la réalité d'un métier`
/// means *to experience* it.
const LIVED: &[&str] = &[
    "realite",
    "quotidien",
    "vie",
    "metier",
    "metiers",
    "geste",
    "gestes",
    "monde",
];

/// Whether the verb at `i` takes a thing lived through as its object (a determiner, then a
/// word of `LIVED`).
fn lived(toks: &[String], i: usize) -> bool {
    toks.get(i + 1)
        .is_some_and(|w| DETERMINERS.contains(&w.as_str()))
        && toks.get(i + 2).is_some_and(|w| LIVED.contains(&w.as_str()))
}

/// What the folded words of the family of `expérimenter` open with.
const EXPERIMENT_STEM: &str = "experiment";

/// Whether a token (folded, `text::tokens`) is a word of the family of `expérimenter`, whatever
/// it says of an experiment (`experiment_word`).
pub fn speaks_of_experiment(token: &str) -> bool {
    token.starts_with(EXPERIMENT_STEM)
}

/// What the token at `i` of `toks` says of an experiment, if anything: `expérimentateurs`
/// (persons) and `expérimentés` after a noun (experienced) say nothing.
fn experiment_word(toks: &[String], i: usize) -> Option<ExperimentWord> {
    let t = toks[i].as_str();
    let rest = t.strip_prefix(EXPERIMENT_STEM)?;
    match rest {
        // the verb in the sense of living through something (`expérimenter la réalité d'un
        // métier`, `… le quotidien d'un salarié`): no experiment
        _ if rest.ends_with("er") && lived(toks, i) => None,
        // `expérimenter` (and the misspelt `expérimentier`), the gerund, the future
        _ if rest.ends_with("er") || rest == "ant" => Some(ExperimentWord::Act),
        _ if rest.starts_with("era") || rest.starts_with("eront") => Some(ExperimentWord::Act),
        _ if rest.starts_with("ation") || rest.starts_with("al") || rest.starts_with("aux") => {
            Some(ExperimentWord::Name)
        }
        "e" | "ee" | "es" | "ees" | "ent" => {
            let after_aux = toks[i.saturating_sub(3)..i]
                .iter()
                .any(|w| AUXILIARIES.contains(&w.as_str()));
            let transitive = toks
                .get(i + 1)
                .is_some_and(|w| DETERMINERS.contains(&w.as_str()));
            (i == 0 || after_aux || transitive).then_some(ExperimentWord::Name)
        }
        _ => None,
    }
}

/// Words that put what a sentence says ahead (intent, plan): with them, a sentence that names an
/// experiment announces it.
const INTENT: &[&str] = &[
    "envisage",
    "envisagee",
    "envisagees",
    "envisages",
    "envisagent",
    "prevu",
    "prevue",
    "prevus",
    "prevues",
    "prevoit",
    "prevoient",
    "propose",
    "proposee",
    "proposees",
    "proposes",
    "proposent",
    "vise",
    "visent",
    "visant",
    "souhaite",
    "souhaitent",
    "convient",
    "prochainement",
    "previsionnel",
    "previsionnelle",
    "previsionnels",
    "previsionnelles",
    "envisageable",
    "envisageables",
    "va",
    "vont",
    "sera",
    "seront",
    "serait",
    "seraient",
    "fera",
    "feront",
    "aura",
    "auront",
];

/// Endings of the future and the conditional (`portera`, `pourront`, `conviendrait`), not of
/// nouns (`infra`, `attrait`).
const FUTURE_ENDINGS: &[&str] = &[
    "era", "eront", "ira", "iront", "dra", "dront", "rra", "rront", "ura", "uront", "erait",
    "eraient", "irait", "iraient", "drait", "draient", "rrait", "rraient", "urait", "uraient",
    "ttra", "ttront", "ttrait", "vrait", "vraient",
];

/// Whether a token is a verb in the future or the conditional, or a word of intent
/// (`envisagé`, `prévu`, `vise`).
fn looks_ahead(t: &str) -> bool {
    INTENT.contains(&t) || (t.len() >= 5 && FUTURE_ENDINGS.iter().any(|e| t.ends_with(e)))
}

/// Words of doing that, just before the noun or the adjective, make an experiment an action
/// of the Pacte (`déployer trois projets expérimentaux`, `le développement d'expérimentations`,
/// `Démarrage de l'action expérimentale`).
const DOING: &[&str] = &[
    "deployer",
    "developper",
    "lancer",
    "conduire",
    "mener",
    "poursuivre",
    "poursuivant",
    "organiser",
    "developpement",
    "conception",
    "lancement",
    "deploiement",
    "organisation",
    "demarrage",
];

/// How many tokens before the noun or the adjective a word of `DOING` may stand.
const DOING_REACH: usize = 5;

/// Articles a list item may open with before the noun (`• L'expérimentation de la réalité
/// virtuelle.`); not demonstratives, which point back to an experiment told before (`Ces
/// expérimentations démontrent…`).
const ARTICLES: &[&str] = &["l", "la", "le", "les", "un", "une", "des", "d", "de"];

/// How near a word that looks ahead stands to the experiment it speaks of, in tokens: in its
/// clause, not in a relative clause further on (`Ces expérimentations démontrent la nécessité
/// d'approfondir les besoins avec les acteurs qui vont accueillir…`).
const AHEAD_REACH: usize = 10;

/// Fewest words of a sentence that announces an experiment: shorter, it is a title (`Ce que
/// le Pacte va expérimenter`), which says what follows, not what is tried.
const EXPERIMENT_MIN_WORDS: usize = 8;

/// Whether a unit (its tokens `toks`) announces an experiment, i.e. says that the Pacte will
/// try something:
/// - with the verb: `La Région expérimentera…`, `afin d'expérimenter…`, `en expérimentant…`,
///   or an action line that opens on it (`Expérimenter des parcours certifiants enrichis`);
/// - with the noun, the adjective or the participle, in a sentence that looks ahead (`Une
///   expérimentation est envisagée…`, `l'outil sera expérimenté`), or a line that opens on it
///   (`Expérimentation d'un outil en ligne…`).
///
/// Not a title or a table's label (`Ce que le Pacte va expérimenter`, `Actions expérimentales
/// 500 500`), not experiments reported or named in passing (`ces expérimentations
/// démontrent…`, `valoriser les innovations et les expérimentations`), nor experienced persons
/// (`des demandeurs d'emploi expérimentés`). (A sentence announcing a list is shown with the
/// list's first item: `Synthesizer::facts`.)
pub fn announces_experiment(toks: &[String]) -> bool {
    let words: Vec<(usize, ExperimentWord)> = (0..toks.len())
        .filter_map(|i| experiment_word(toks, i).map(|w| (i, w)))
        .collect();
    // an action line may open on its number (`25 Expérimenter…`, `2-5.2 Expérimenter…`)
    let lead = toks
        .iter()
        .take_while(|t| t.chars().all(|c| c.is_ascii_digit()))
        .count();
    let opens = |i: usize| i == lead;
    let item = |i: usize| i == lead + 1 && ARTICLES.contains(&toks[lead].as_str());
    match words.first() {
        None => return false,
        Some(&(i, ExperimentWord::Act)) if opens(i) && toks.len() >= lead + 3 => return true,
        _ if toks.len() < EXPERIMENT_MIN_WORDS => return false,
        Some(&(i, _)) if opens(i) || item(i) => return true,
        _ => {}
    }
    words.iter().any(|&(i, w)| {
        let near = |reach: usize| &toks[i.saturating_sub(reach)..(i + reach + 1).min(toks.len())];
        w == ExperimentWord::Act
            || near(AHEAD_REACH).iter().any(|t| looks_ahead(t))
            || toks[i.saturating_sub(DOING_REACH)..i]
                .iter()
                .any(|t| DOING.contains(&t.as_str()))
    })
}

/// Whether a title names an experiment (`3 - Expérimentation de VAE collective…`, `Projets
/// expérimentaux à évaluer…`): the section it opens announces one.
pub fn names_experiment(toks: &[String]) -> bool {
    (0..toks.len()).any(|i| experiment_word(toks, i).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Floors of `experiments_announced_in_the_bundled_pactes`, a little under the figures
    /// measured (see `docs/quality-log.md`).
    const PRECISION_FLOOR: f64 = 0.87;
    const RECALL_FLOOR: f64 = 0.79;

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
        assert!(says("25 Expérimenter de nouvelles modalités de formation"));
        // a title, a table's label, the verb alone, a sentence without the word
        assert!(!says("Ce que le Pacte va expérimenter"));
        assert!(!says("Actions expérimentales 500 500"));
        assert!(!says("• Expérimenter"));
        assert!(!says(
            "La Région développera une auto-école sociale itinérante en milieu rural."
        ));
    }

    #[test]
    fn an_experiment_named_is_announced_only_when_the_sentence_looks_ahead() {
        let says = |t: &str| announces_experiment(&text::tokens(t));
        // the noun, the adjective, the participle, with a future, a conditional or an intent
        assert!(says(
            "Une expérimentation est envisagée sur une vingtaine de quartiers prioritaires."
        ));
        assert!(says(
            "Des expérimentations pourront être menées sur un ou plusieurs secteurs."
        ));
        assert!(says(
            "A cette fin, le nouvel outil de suivi sera expérimenté et déployé."
        ));
        assert!(says("L'appel à manifestation d'intérêt vise à amorcer l'expérimentation des technologies immersives."));
        assert!(says(
            "Expérimentation d'un outil en ligne d'orientation et de formation hybride"
        ));
        // the verb needs none
        assert!(says("Il est nécessaire de mieux accompagner les publics en expérimentant un fonds social d'urgence."));
        // experiments reported, or named in passing
        assert!(!says("Ces expérimentations démontrent la nécessité d'approfondir les besoins en compétences."));
        assert!(!says(
            "En 2017, trois territoires ont expérimenté une nouvelle façon de travailler ensemble."
        ));
        assert!(!says(
            "Impulser, accompagner, évaluer et valoriser les innovations et les expérimentations."
        ));
        assert!(!says(
            "C'est le rôle des expérimentateurs que de valoriser leurs travaux auprès des autres."
        ));
        assert!(!says("Ces expérimentations démontrent la nécessité d'approfondir les besoins avec les acteurs qui vont accueillir les bénéficiaires."));
        assert!(!says(
            "Ces objectifs sont tirés du bilan partagé de l'expérimentation menée en 2018."
        ));
        // a table's label
        assert!(!says("Expérimentations intégrant un effectif stagiaire"));
        // experienced persons
        assert!(!says("Des demandeurs d'emploi déjà expérimentés dans la filière numérique ayant besoin de compétences complémentaires."));
        // the verb in the sense of living through (experiencing) something
        assert!(!says("Les jeunes pourront ainsi expérimenter le quotidien d'un salarié de l'industrie pendant une semaine."));
        assert!(!says("Chaque visiteur pourra expérimenter la réalité d'un métier grâce aux casques de réalité virtuelle."));
        assert!(says("Les organismes pourront expérimenter la modalité de formation en situation de travail dès 2019."));
    }

    /// Precision and recall of `announces_experiment` on the sentences of the bundled Pactes
    /// that speak of an experiment, labelled by hand (`tests/data/experiment-sentences.tsv`).
    #[test]
    fn experiments_announced_in_the_bundled_pactes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/experiment-sentences.tsv");
        let data = std::fs::read_to_string(&path).expect("experiment-sentences.tsv");
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        let mut wrong = Vec::new();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.splitn(4, '\t');
            let (Some(label), Some(_), Some(_), Some(sentence)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                panic!("a row of 4 fields: {line}");
            };
            let said = announces_experiment(&text::tokens(sentence));
            match (label == "1", said) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
            if (label == "1") != said {
                wrong.push(format!("{label} {sentence}"));
            }
        }
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        eprintln!(
            "expérimentations announced: precision {precision:.3} ({tp} of {}), recall \
             {recall:.3} ({tp} of {})\n{}",
            tp + fp,
            tp + fn_,
            wrong.join("\n")
        );
        assert!(tp + fn_ >= 100, "the labelled sentences are read");
        assert!(precision >= PRECISION_FLOOR, "precision {precision:.3}");
        assert!(recall >= RECALL_FLOOR, "recall {recall:.3}");
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
