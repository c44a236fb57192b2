//! Region detection: which of the 18 French regions a Pacte is about, from its own content.
//!
//! Names (current and pre-2016), the inhabitants' adjectives (ligérien, francilien, normand…)
//! and a few department adjectives (alto-séquanais…) are counted on the folded text; the title
//! page (first pages) counts much more than the body. An unclear document is an error.

use crate::TagError;
use aho_corasick::AhoCorasick;
use pactes_doc::text::fold;
use pactes_doc::Document;
use serde::Serialize;
use std::sync::OnceLock;

/// The 18 regions, by official name.
pub const REGIONS: [&str; 18] = [
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
];

/// A detected region with its score and the words that produced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionGuess {
    pub region: String,
    pub score: f32,
    pub evidence: Vec<String>,
}

/// (region index, alias in folded space-separated form, weight, is a name usable by
/// `canonical_region`).
const ALIASES: &[(usize, &str, f32, bool)] = &[
    (0, "auvergne rhone alpes", 1.0, true),
    (0, "rhone alpes", 0.7, true),
    (0, "auvergne", 0.5, true),
    (0, "ara", 0.3, true),
    (0, "rhonalpin", 0.5, false),
    (0, "auvergnat", 0.5, false),
    (0, "lyonnais", 0.2, false),
    (0, "grenoblois", 0.2, false),
    (0, "stephanois", 0.2, false),
    (0, "savoyard", 0.2, false),
    (1, "bourgogne franche comte", 1.0, true),
    (1, "bourgogne", 0.6, true),
    (1, "franche comte", 0.6, true),
    (1, "bfc", 0.3, true),
    (1, "bourguignon", 0.5, false),
    (1, "franc comtois", 0.5, false),
    (1, "dijonnais", 0.2, false),
    (1, "bisontin", 0.2, false),
    (2, "bretagne", 1.0, true),
    (2, "breton", 0.5, false),
    (2, "rennais", 0.2, false),
    (2, "brestois", 0.2, false),
    (2, "finisterien", 0.2, false),
    (2, "morbihannais", 0.2, false),
    (2, "costarmoricain", 0.2, false),
    (3, "centre val de loire", 1.0, true),
    (3, "region centre", 0.7, true),
    (3, "centre", 0.0, true),
    (3, "cvl", 0.3, true),
    (3, "tourangeau", 0.2, false),
    (3, "orleanais", 0.2, false),
    (3, "berrichon", 0.2, false),
    (3, "eurelien", 0.2, false),
    (3, "loiretain", 0.2, false),
    (3, "loir et cherien", 0.2, false),
    (3, "solognot", 0.2, false),
    (4, "corse", 1.0, true),
    (4, "collectivite de corse", 1.0, true),
    (5, "grand est", 1.0, true),
    (5, "alsace champagne ardenne lorraine", 1.0, true),
    (5, "acal", 0.3, true),
    (5, "alsace", 0.6, true),
    (5, "lorraine", 0.6, true),
    (5, "champagne ardenne", 0.6, true),
    (5, "alsacien", 0.5, false),
    (5, "lorrain", 0.5, false),
    (5, "grand estien", 0.5, false),
    (5, "strasbourgeois", 0.2, false),
    (6, "hauts de france", 1.0, true),
    (6, "nord pas de calais picardie", 1.0, true),
    (6, "nord pas de calais", 0.7, true),
    (6, "picardie", 0.7, true),
    (6, "hdf", 0.3, true),
    (6, "picard", 0.4, false),
    (6, "nordiste", 0.3, false),
    (6, "axonais", 0.2, false),
    (6, "isarien", 0.2, false),
    (6, "samarien", 0.2, false),
    (6, "lillois", 0.2, false),
    (7, "ile de france", 1.0, true),
    (7, "idf", 0.3, true),
    (7, "francilien", 0.8, false),
    (7, "alto sequanais", 0.3, false),
    (7, "sequano dionysien", 0.3, false),
    (7, "val de marnais", 0.3, false),
    (7, "seine et marnais", 0.3, false),
    (7, "essonnien", 0.3, false),
    (7, "yvelinois", 0.3, false),
    (7, "valdoisien", 0.3, false),
    (7, "val d oisien", 0.3, false),
    (8, "normandie", 1.0, true),
    (8, "basse normandie", 1.0, true),
    (8, "haute normandie", 1.0, true),
    (8, "normand", 0.6, false),
    (8, "calvadosien", 0.2, false),
    (8, "seinomarin", 0.2, false),
    (8, "ornais", 0.2, false),
    (8, "caennais", 0.2, false),
    (8, "rouennais", 0.2, false),
    (9, "nouvelle aquitaine", 1.0, true),
    (9, "aquitaine limousin poitou charentes", 1.0, true),
    (9, "aquitaine", 0.6, true),
    (9, "limousin", 0.6, true),
    (9, "poitou charentes", 0.6, true),
    (9, "neo aquitain", 0.6, false),
    (9, "aquitain", 0.5, false),
    (9, "bordelais", 0.2, false),
    (10, "occitanie", 1.0, true),
    (10, "languedoc roussillon midi pyrenees", 1.0, true),
    (10, "languedoc roussillon", 0.6, true),
    (10, "midi pyrenees", 0.6, true),
    (10, "occitan", 0.5, false),
    (10, "toulousain", 0.2, false),
    (10, "montpellierain", 0.2, false),
    (11, "pays de la loire", 1.0, true),
    (11, "pdl", 0.3, true),
    (11, "ligerien", 0.8, false),
    (11, "nantais", 0.2, false),
    (11, "angevin", 0.2, false),
    (11, "vendeen", 0.2, false),
    (11, "sarthois", 0.2, false),
    (11, "mayennais", 0.2, false),
    (11, "manceau", 0.2, false),
    (12, "provence alpes cote d azur", 1.0, true),
    (12, "provence alpes cote azur", 1.0, true),
    (12, "paca", 0.8, true),
    (12, "region sud", 0.8, true),
    (12, "provencal", 0.3, false),
    (12, "marseillais", 0.2, false),
    (12, "nicois", 0.2, false),
    (13, "guadeloupe", 1.0, true),
    (13, "guadeloupeen", 0.6, false),
    (14, "martinique", 1.0, true),
    (14, "martiniquais", 0.6, false),
    (15, "guyane", 1.0, true),
    (15, "guyanais", 0.6, false),
    (16, "la reunion", 1.0, true),
    (16, "reunion", 0.0, true),
    (16, "ile de la reunion", 1.0, true),
    (16, "region reunion", 1.0, true),
    (16, "reunionnais", 0.6, false),
    (17, "mayotte", 1.0, true),
    (17, "mahorais", 0.6, false),
];

/// Folded text with every non-alphanumeric run turned into one space, padded with spaces.
fn squash(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len() + 2);
    out.push(' ');
    let mut space = true;
    for c in f.chars() {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if !space {
        out.push(' ');
    }
    out
}

/// Simple plural/feminine variants of an adjective alias (ligerien → ligerienne, ligeriens…).
fn variants(alias: &str, is_name: bool) -> Vec<String> {
    if is_name {
        return vec![alias.to_string()];
    }
    let mut v = vec![
        alias.to_string(),
        format!("{alias}s"),
        format!("{alias}e"),
        format!("{alias}es"),
    ];
    if alias.ends_with("ien") || alias.ends_with("en") || alias.ends_with("on") {
        v.push(format!("{alias}ne"));
        v.push(format!("{alias}nes"));
    }
    if let Some(stem) = alias.strip_suffix("al") {
        v.push(format!("{stem}aux"));
    }
    if let Some(stem) = alias.strip_suffix("eau") {
        v.push(format!("{alias}x"));
        v.push(format!("{stem}elle"));
    }
    v.sort();
    v.dedup();
    v
}

/// Every spelling variant of every alias, as ` variant ` patterns, with its alias.
struct Patterns {
    automaton: AhoCorasick,
    /// Pattern index → (index in ALIASES, variant).
    owners: Vec<(usize, String)>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let mut owners = Vec::new();
        for (ai, &(_, alias, w, is_name)) in ALIASES.iter().enumerate() {
            if w > 0.0 {
                for v in variants(alias, is_name) {
                    owners.push((ai, v));
                }
            }
        }
        let pats: Vec<String> = owners.iter().map(|(_, v)| format!(" {v} ")).collect();
        let automaton = AhoCorasick::new(&pats).expect("region patterns build an automaton");
        Patterns { automaton, owners }
    })
}

/// Occurrences of each pattern in `hay` (a `squash`ed text), counted like successive
/// `find`s: an occurrence may share its boundary space with the previous one, no more.
fn count_all(hay: &str) -> Vec<usize> {
    let p = patterns();
    let mut counts = vec![0usize; p.owners.len()];
    let mut next_from = vec![0usize; p.owners.len()];
    for m in p.automaton.find_overlapping_iter(hay) {
        let k = m.pattern().as_usize();
        if m.start() >= next_from[k] {
            counts[k] += 1;
            next_from[k] = m.end() - 1;
        }
    }
    counts
}

/// Official name of a region from any spelling: accents, case, hyphens, old (pre-2016)
/// names and usual abbreviations (`hauts de france`, `Nord-Pas-de-Calais`, `IDF`, `paca`…).
pub fn canonical_region(name: &str) -> Option<&'static str> {
    let q = squash(name);
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let q = q
        .strip_prefix("region ")
        .filter(|r| !r.is_empty() && *r != "centre" && *r != "sud" && *r != "reunion")
        .unwrap_or(q);
    let q = q
        .strip_prefix("la ")
        .filter(|r| *r == "reunion")
        .map_or(q, |_| "la reunion");
    for (i, r) in REGIONS.iter().enumerate() {
        if squash(r).trim() == q {
            return Some(REGIONS[i]);
        }
    }
    ALIASES
        .iter()
        .find(|(_, a, _, is_name)| *is_name && *a == q)
        .map(|(i, _, _, _)| REGIONS[*i])
}

/// Detects the region of a document from its own content. Title page (first two pages or
/// first 400 words) and the metadata title weigh 5, the body 1 per mention (adjectives less).
/// Clear when the best region scores at least 3 and twice the runner-up.
pub fn detect_region(doc: &Document) -> Result<RegionGuess, TagError> {
    let mut title = String::new();
    if let Some(t) = &doc.meta.title {
        title.push_str(t);
        title.push('\n');
    }
    let mut body = String::new();
    let mut words = 0usize;
    for (pi, p) in doc.pages.iter().enumerate() {
        for b in &p.blocks {
            let w = b.text.split_whitespace().count();
            if pi < 2 && words < 400 {
                title.push_str(&b.text);
                title.push('\n');
            } else {
                body.push_str(&b.text);
                body.push('\n');
            }
            words += w;
        }
        for h in p.header.iter().chain(p.footer.iter()) {
            body.push_str(h);
            body.push('\n');
        }
    }
    let title = squash(&title);
    let body = squash(&body);
    let mut scores = [0f32; 18];
    let mut evidence: Vec<Vec<String>> = vec![Vec::new(); 18];
    let (in_title, in_body) = (count_all(&title), count_all(&body));
    for (k, (ai, v)) in patterns().owners.iter().enumerate() {
        let (t, b) = (in_title[k], in_body[k]);
        if t + b == 0 {
            continue;
        }
        let (ri, _, w, _) = ALIASES[*ai];
        // Diminishing returns on long documents that repeat the name.
        let s = w * (5.0 * (t as f32).min(3.0) + (1.0 + b as f32).ln() * 2.0);
        scores[ri] += s;
        evidence[ri].push(format!("{v} ×{}", t + b));
    }
    let mut order: Vec<usize> = (0..18).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    let (best, second) = (order[0], order[1]);
    let (s1, s2) = (scores[best], scores[second]);
    if s1 >= 3.0 && s1 >= 2.0 * s2 {
        Ok(RegionGuess {
            region: REGIONS[best].to_string(),
            score: s1,
            evidence: std::mem::take(&mut evidence[best]),
        })
    } else {
        let candidates = order
            .iter()
            .take(3)
            .filter(|i| scores[**i] > 0.0)
            .map(|i| format!("{} {:.1}", REGIONS[*i], scores[*i]))
            .collect::<Vec<_>>()
            .join(", ");
        Err(TagError::UnclearRegion {
            file: doc.file.clone(),
            candidates: if candidates.is_empty() {
                "no region named".into()
            } else {
                candidates
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pactes_doc::segment::document_from_text;

    /// The plain definition the automaton must agree with: successive `find`s of ` needle `.
    fn count(hay: &str, needle: &str) -> usize {
        let pat = format!(" {needle} ");
        let mut n = 0;
        let mut from = 0;
        while let Some(i) = hay[from..].find(&pat) {
            n += 1;
            from += i + pat.len() - 1;
        }
        n
    }

    #[test]
    fn one_pass_counts_equal_per_pattern_finds() {
        let texts = [
            "La Région Pays de la Loire et l'État ; la région ligérienne, les Ligériens.",
            "Hauts-de-France hauts de france HAUTS-DE-FRANCE, Nord-Pas-de-Calais et Picardie.",
            "normand normande normands Normandie ; Île-de-France francilien franciliennes IDF",
            "Centre-Val de Loire centre val de loire Centre, Bretagne breton bretonnes bretons",
            "la réunion La Réunion réunionnais Mayotte mahorais mahoraise Guyane guyanais",
            "",
            "   ",
        ];
        // And the four reference texts of the bundled Pactes.
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
        let mut refs: Vec<String> = std::fs::read_dir(&data)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        assert!(refs.len() >= 4, "reference texts in {}", data.display());
        refs.extend(texts.iter().map(|t| t.to_string()));
        for t in &refs {
            let hay = squash(t);
            let got = count_all(&hay);
            for (k, (_, v)) in patterns().owners.iter().enumerate() {
                assert_eq!(got[k], count(&hay, v), "{v:?}");
            }
        }
    }

    fn region_of(text: &str) -> Option<String> {
        detect_region(&document_from_text("x.pdf", text, 40))
            .ok()
            .map(|g| g.region)
    }

    #[test]
    fn canonical_names() {
        assert_eq!(canonical_region("hauts de france"), Some("Hauts-de-France"));
        assert_eq!(
            canonical_region("Nord-Pas-de-Calais"),
            Some("Hauts-de-France")
        );
        assert_eq!(canonical_region("ILE-DE-FRANCE"), Some("Île-de-France"));
        assert_eq!(canonical_region("Île de France"), Some("Île-de-France"));
        assert_eq!(
            canonical_region("Centre-Val-de-Loire"),
            Some("Centre-Val de Loire")
        );
        assert_eq!(canonical_region("centre"), Some("Centre-Val de Loire"));
        assert_eq!(
            canonical_region("Région Centre"),
            Some("Centre-Val de Loire")
        );
        assert_eq!(
            canonical_region("pays de la loire"),
            Some("Pays de la Loire")
        );
        assert_eq!(
            canonical_region("Rhône-Alpes"),
            Some("Auvergne-Rhône-Alpes")
        );
        assert_eq!(canonical_region("PACA"), Some("Provence-Alpes-Côte d'Azur"));
        assert_eq!(
            canonical_region("Provence-Alpes-Côte d’Azur"),
            Some("Provence-Alpes-Côte d'Azur")
        );
        assert_eq!(canonical_region("Réunion"), Some("La Réunion"));
        assert_eq!(canonical_region("la reunion"), Some("La Réunion"));
        assert_eq!(canonical_region("Limousin"), Some("Nouvelle-Aquitaine"));
        assert_eq!(canonical_region("Midi-Pyrénées"), Some("Occitanie"));
        assert_eq!(canonical_region("Basse-Normandie"), Some("Normandie"));
        assert_eq!(canonical_region("Lorraine"), Some("Grand Est"));
        assert_eq!(canonical_region("Mayotte"), Some("Mayotte"));
        assert_eq!(canonical_region("Bavière"), None);
        assert_eq!(canonical_region(""), None);
        for r in REGIONS {
            assert_eq!(canonical_region(r), Some(r));
        }
    }

    #[test]
    fn adjectives_and_old_names() {
        let body = "Le présent document décrit la politique de formation.\n\n";
        assert_eq!(
            region_of(&format!(
                "{body}Les ligériens et les entreprises ligériennes ont des besoins."
            ))
            .as_deref(),
            Some("Pays de la Loire")
        );
        assert_eq!(
            region_of(&format!(
                "{body}Les demandeurs d'emploi franciliens et les jeunes alto-séquanais."
            ))
            .as_deref(),
            Some("Île-de-France")
        );
        assert_eq!(
            region_of(&format!("PACTE RÉGIONAL\n\nNord-Pas-de-Calais\n\n{body}")).as_deref(),
            Some("Hauts-de-France")
        );
        assert_eq!(
            region_of(&format!(
                "Pacte\n\nRhône-Alpes\n\n{body}Les entreprises auvergnates."
            ))
            .as_deref(),
            Some("Auvergne-Rhône-Alpes")
        );
        assert_eq!(
            region_of(&format!("Pacte normand\n\n{body}")).as_deref(),
            Some("Normandie")
        );
    }

    #[test]
    fn unclear_is_an_error() {
        assert!(region_of("Un document sans nom de région.").is_none());
        let e = detect_region(&document_from_text(
            "x.pdf",
            "Bretagne et Normandie\n\nBretagne et Normandie coopèrent.",
            40,
        ));
        assert!(matches!(e, Err(TagError::UnclearRegion { .. })));
        // "réunion" alone is a meeting, not the island.
        assert!(region_of("Une réunion du comité de pilotage.").is_none());
    }
}
