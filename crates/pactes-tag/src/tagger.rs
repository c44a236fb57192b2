//! Axis and theme tagging of passages with the taxonomy's weighted cues.
//!
//! Axis: read from the heading path first (`Axe 1`, `II) Axe 2 :`, `AXE TRANSVERSE`, or the
//! national axis titles), innermost heading first; a path without axis whose headings say
//! préambule / introduction / diagnostic / gouvernance / suivi / évaluation is outside the
//! axes. Content second: the axis is that of the best-ranked theme when its own evidence is
//! strong, so that axis and themes agree (themes of the introduction and of the follow-up have
//! no axis). An introduction describes the Region's policy across all axes, so content may
//! move its passages into an axis; a follow-up part (suivi, évaluation, pilotage,
//! gouvernance, indicateurs) or a diagnostic (`Diagnostic et enjeux`, `État des lieux`) stays
//! outside the axes whatever publics it names. The other way
//! round, content may take a passage out of its heading's axis: when the theme with the most
//! evidence of its own (before the heading's prior, counted with the headings' cues or from
//! the passage's text alone) is an introduction or follow-up theme, or
//! when the passage opens with an evaluation action (`Évaluation des actions…` as the first
//! cell of an axis' action table), it is outside the axes and its themes are ranked as such.
//! A passage whose kept themes all lie outside its heading's axis, the first an introduction
//! or follow-up theme, is outside the axes too. A list whose lead-in (the passage before,
//! ending with a colon) was taken out of the axis either way follows it. An action sheet's
//! "Axe du Pacte concerné" field gives the axis it names
//! (the first it names, when it names several, over all the passages the field was cut into)
//! to the sheet's fields (the field's sibling headings), before the section's heading; content
//! may take such a field out of the axes, not into another axis.
//!
//! Themes: each cue found in the passage adds its weight (with diminishing returns on
//! repeats); cues found in the innermost headings add `heading_weight` times their weight;
//! themes of the heading's axis (the introduction themes under an introduction, the follow-up
//! themes under a follow-up heading) are multiplied by `axis_prior`. The best theme and those
//! within `keep_ratio` of it are kept.

use crate::taxonomy::{Cue, Taxonomy, Theme, LINKS};
use pactes_doc::text::{fold, normalize_words};
use pactes_doc::{Axis, Passage, TaggedPassage};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What the heading path says about the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingAxis {
    /// Under an axis heading.
    Axis(Axis),
    /// Under a preamble, introduction, diagnostic, governance or follow-up heading.
    Outside,
    /// Nothing said.
    Unknown,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).unwrap_or_else(|e| panic!("bad built-in regex {pat}: {e}")))
}

/// Axis of the national plan named by one heading, if any: `Some(Some(axis))` for axes 1, 2
/// and transverse, `Some(None)` for another numbered axis (a regional plan's `Axe 5`).
fn axis_in_heading(h: &str) -> Option<Option<Axis>> {
    static AXE: OnceLock<Regex> = OnceLock::new();
    static AXIS1: OnceLock<Regex> = OnceLock::new();
    static AXIS2: OnceLock<Regex> = OnceLock::new();
    static AXIS3: OnceLock<Regex> = OnceLock::new();
    let f = fold(h);
    let head: String = f.chars().take(80).collect();
    if let Some(c) = re(
        &AXE,
        r"\baxe\s*((?:strategique|prioritaire|thematique)\s+)?(?:n\s*[°o]\s*)?(transvers\w*|[1-9]\b|iii\b|ii\b|iv\b|i\b|un\b|deux\b|trois\b)",
    )
    .captures(&head)
    {
        let n = c.get(2).map_or("", |m| m.as_str());
        return Some(match n {
            "1" | "i" | "un" => Some(Axis::One),
            "2" | "ii" | "deux" => Some(Axis::Two),
            "3" | "iii" | "trois" => Some(Axis::Transverse),
            x if x.starts_with("transvers") => Some(Axis::Transverse),
            _ => None,
        });
    }
    static ORDINAL: OnceLock<Regex> = OnceLock::new();
    if let Some(c) =
        re(&ORDINAL, r"^\W*(premier|deuxieme|second|troisieme)\s+axe\b").captures(&head)
    {
        return Some(Some(match c.get(1).map_or("", |m| m.as_str()) {
            "premier" => Axis::One,
            "deuxieme" | "second" => Axis::Two,
            _ => Axis::Transverse,
        }));
    }
    if re(&AXIS1, r"parcours qualifiants? vers l.?emploi").is_match(&f) {
        return Some(Some(Axis::One));
    }
    if re(&AXIS2, r"acces des publics (les plus )?fragiles").is_match(&f) {
        return Some(Some(Axis::Two));
    }
    if re(&AXIS3, r"modernisation (des contenus|de l.?ingenierie)").is_match(&f) {
        return Some(Some(Axis::Transverse));
    }
    None
}

/// True when a heading opens a part outside the axes.
fn outside_heading(h: &str) -> bool {
    static OUT: OnceLock<Regex> = OnceLock::new();
    re(
        &OUT,
        r"\b(preambule|introduction|diagnostic|contexte|gouvernance|pilotage|suivi|evaluation|evaluer|piloter|signataires|engagements financiers|methode d.?elaboration|concertation|conclusion|cap de transformation)\b",
    )
    .is_match(&fold(h))
}

/// True when a heading opens a diagnostic (`2- Diagnostic et enjeux`, `a. Poser le bon
/// diagnostic`, `État des lieux`): outside the axes, what it holds is the Region's situation
/// (needs, publics, sectors), which the national synthesis reads under its introduction's
/// themes whatever axis the publics or actions it names belong to, so content does not move
/// such passages into an axis. (An introduction or préambule may set out the Region's policy
/// axis by axis: content still moves its passages.)
fn diagnostic_heading(h: &str) -> bool {
    static DIAG: OnceLock<Regex> = OnceLock::new();
    re(&DIAG, r"\b(diagnostics?|etat des lieux)\b").is_match(&fold(h))
}

/// True when a heading opens the follow-up part (suivi, évaluation, pilotage, gouvernance,
/// indicateurs): what it holds is follow-up even when it names the publics or actions it
/// follows, so the content does not move such passages into an axis.
fn followup_heading(h: &str) -> bool {
    static FOLLOW: OnceLock<Regex> = OnceLock::new();
    re(
        &FOLLOW,
        r"\b(gouvernance|pilotage|piloter|suivi|suivre|evaluation|evaluer|indicateurs?)\b",
    )
    .is_match(&fold(h))
}

/// True when a passage opens with the title of an evaluation action (its first line or table
/// cell starts with `Évaluation` / `Évaluer`, capitalised): a row of an axis' action table that
/// evaluates the axis' actions is follow-up, like a heading of the follow-up part.
fn opens_with_evaluation(text: &str) -> bool {
    static TAG: OnceLock<Regex> = OnceLock::new();
    static EVAL: OnceLock<Regex> = OnceLock::new();
    let first = text
        .split(['\n', '|'])
        .map(|c| re(&TAG, r"</?[a-z][^>]*>").replace_all(c, ""))
        .find(|c| !c.trim().is_empty())
        .unwrap_or_default();
    let first = first.trim_start_matches(|c: char| !c.is_alphanumeric());
    re(&EVAL, r"^(É|E)valu(ation|er)\b").is_match(first)
}

/// True when a heading is an action sheet's field naming the axes it serves (`I - AXE DU
/// PACTE CONCERNE PAR L'ACTION`, `Axe(s) concerné(s)`).
fn axis_field_heading(h: &str) -> bool {
    static FIELD: OnceLock<Regex> = OnceLock::new();
    re(
        &FIELD,
        r"\baxes?\b(\s+du\s+pacte)?\s+(concerne|vise|retenu)",
    )
    .is_match(&fold(h))
}

/// The axes of the national plan a text names (`- AXE TRANSVERSE : S'engager…`), in the
/// order it names them first.
fn axes_named(text: &str) -> Vec<Axis> {
    static AXE: OnceLock<Regex> = OnceLock::new();
    let f = fold(text);
    let mut found: Vec<Axis> = Vec::new();
    for c in re(
        &AXE,
        r"\baxe\s*(?:(?:strategique|prioritaire|thematique)\s+)?(?:n\s*[°o]\s*)?(transvers\w*|[1-3]\b|iii\b|ii\b|i\b)",
    )
    .captures_iter(&f)
    {
        let a = match c.get(1).map_or("", |m| m.as_str()) {
            "1" | "i" => Axis::One,
            "2" | "ii" => Axis::Two,
            _ => Axis::Transverse,
        };
        if !found.contains(&a) {
            found.push(a);
        }
    }
    found
}

/// True when a text opens with a list bullet (a dash or bullet sign and a space).
fn opens_with_bullet(text: &str) -> bool {
    let mut cs = text.trim_start().chars();
    matches!(
        cs.next(),
        Some('-' | '–' | '•' | '▪' | '◦' | '➤' | '▶' | '⇒' | '→' | '✓')
    ) && cs.next().is_some_and(char::is_whitespace)
}

/// The axis of the national plan one heading names (`Axe 1 : …`, `AXE TRANSVERSE`, `Garantir
/// l'accès des publics fragiles…`), if any.
pub fn axis_named_by(h: &str) -> Option<Axis> {
    axis_in_heading(h).flatten()
}

/// Axis read from a heading path (outermost first).
pub fn axis_from_headings(heading: &[String]) -> HeadingAxis {
    if let Some(a) = heading.iter().rev().find_map(|h| axis_named_by(h)) {
        return HeadingAxis::Axis(a);
    }
    if heading.iter().any(|h| outside_heading(h)) {
        HeadingAxis::Outside
    } else {
        HeadingAxis::Unknown
    }
}

/// Axis of a theme (0 and 4 are outside the axes).
fn theme_axis(t: &Theme) -> Option<Axis> {
    match t.axis {
        1 => Some(Axis::One),
        2 => Some(Axis::Two),
        3 => Some(Axis::Transverse),
        _ => None,
    }
}

/// Where each word is, in the passage's words and in its content words (without
/// `taxonomy::LINKS`), for phrase lookup.
struct WordIndex<'a> {
    words: Vec<&'a str>,
    pos: HashMap<&'a str, Vec<usize>>,
    content: Vec<&'a str>,
    content_pos: HashMap<&'a str, Vec<usize>>,
}

impl<'a> WordIndex<'a> {
    fn new(words: &'a [String]) -> Self {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let content: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !LINKS.contains(w))
            .collect();
        WordIndex {
            pos: positions(&words),
            content_pos: positions(&content),
            words,
            content,
        }
    }

    /// Occurrences of a cue: of its key in the content words when it is `linked` (links
    /// between its words free), else in the words.
    fn count(&self, c: &Cue) -> usize {
        if c.linked {
            count_seq(&self.content, &self.content_pos, &c.key)
        } else {
            count_seq(&self.words, &self.pos, &c.key)
        }
    }
}

fn positions<'a>(words: &[&'a str]) -> HashMap<&'a str, Vec<usize>> {
    let mut pos: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        pos.entry(w).or_default().push(i);
    }
    pos
}

/// Occurrences of `phrase` in `words`, `pos` giving where each word is.
fn count_seq(words: &[&str], pos: &HashMap<&str, Vec<usize>>, phrase: &[String]) -> usize {
    let Some(first) = phrase.first() else {
        return 0;
    };
    let Some(starts) = pos.get(first.as_str()) else {
        return 0;
    };
    starts
        .iter()
        .filter(|&&s| {
            s + phrase.len() <= words.len()
                && phrase.iter().enumerate().all(|(k, w)| words[s + k] == w)
        })
        .count()
}

/// Scored theme of one passage.
struct Scored {
    idx: usize,
    score: f32,
    /// Score before the axis prior: the content's own evidence.
    raw: f32,
    /// The part of `raw` the passage's text gives (without its headings' cues).
    text_raw: f32,
    evidence: Vec<String>,
}

fn score_themes(
    tax: &Taxonomy,
    text: &[String],
    heading: &[String],
    haxis: HeadingAxis,
    followup: bool,
) -> Vec<Scored> {
    let st = &tax.settings;
    let ti = WordIndex::new(text);
    let hi = WordIndex::new(heading);
    // Long passages gather more cues: damp by length.
    let damp = (1.0 + text.len() as f32 / 300.0).sqrt();
    let mut out = Vec::new();
    for (idx, t) in tax.themes.iter().enumerate() {
        let mut s = 0.0f32;
        let mut in_text = 0.0f32;
        let mut ev = Vec::new();
        for c in &t.cues {
            let n = ti.count(c);
            let h = hi.count(c) > 0;
            if n == 0 && !h {
                continue;
            }
            let from_text = if n > 0 {
                c.weight * (1.0 + (n as f32).ln()) / damp
            } else {
                0.0
            };
            in_text += from_text;
            let mut add = from_text;
            if h {
                add += c.weight * st.heading_weight;
            }
            s += add;
            if c.weight > 0.0 {
                ev.push(c.text.clone());
            }
        }
        let prior = match (haxis, t.axis) {
            (HeadingAxis::Axis(a), _) if theme_axis(t) == Some(a) => st.axis_prior,
            (HeadingAxis::Outside, 4) if followup => st.axis_prior,
            (HeadingAxis::Outside, 0) if !followup => st.axis_prior,
            _ => 1.0,
        };
        if s > 0.0 {
            out.push(Scored {
                idx,
                score: s * prior,
                raw: s,
                text_raw: in_text,
                evidence: ev,
            });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.idx.cmp(&b.idx)));
    out
}

/// The theme with the most evidence of its own (score before the heading's axis prior).
fn top_raw(scored: &[Scored]) -> Option<&Scored> {
    scored
        .iter()
        .max_by(|a, b| a.raw.total_cmp(&b.raw).then(b.idx.cmp(&a.idx)))
}

/// The theme with the most evidence in the passage's own text (headings aside).
fn top_text(scored: &[Scored]) -> Option<&Scored> {
    scored
        .iter()
        .max_by(|a, b| a.text_raw.total_cmp(&b.text_raw).then(b.idx.cmp(&a.idx)))
}

/// Axis of a passage: the axis of its best theme (ranked after the heading's axis prior, so
/// that the themes and the axis agree) when that theme's own evidence is strong enough and it
/// outweighs the heading axis' best theme; the heading's axis otherwise. Passages under a
/// follow-up or diagnostic heading outside the axes (`stays_outside`) stay there.
fn decide_axis(
    tax: &Taxonomy,
    scored: &[Scored],
    haxis: HeadingAxis,
    stays_outside: bool,
) -> Option<Axis> {
    let st = &tax.settings;
    let home: Option<Option<Axis>> = match haxis {
        HeadingAxis::Axis(a) => Some(Some(a)),
        HeadingAxis::Outside => Some(None),
        HeadingAxis::Unknown => None,
    };
    if home == Some(None) && stays_outside {
        return None;
    }
    let best = scored.first().filter(|s| s.raw >= st.min_score);
    let Some(best) = best else {
        return home.flatten();
    };
    // Evaluation is a mode of its own, not an axis' topic: a passage whose content, before the
    // heading's prior, speaks most of follow-up and evaluation is outside the axes.
    // The passage's own text counts on its own too: an axis section's heading (`Compétences
    // clés`) lends its cues to every passage under it, and would drown the one that plans the
    // evaluation of the section's actions.
    let outside = |s: &Scored, own: f32| {
        matches!(tax.themes[s.idx].axis, 0 | 4) && own >= st.axis_override_score
    };
    if top_raw(scored).is_some_and(|s| outside(s, s.raw))
        || top_text(scored).is_some_and(|s| outside(s, s.text_raw))
    {
        return None;
    }
    let best_axis = theme_axis(&tax.themes[best.idx]);
    let Some(home) = home else {
        return best_axis;
    };
    if best_axis == home {
        return home;
    }
    let home_best = scored
        .iter()
        .filter(|s| theme_axis(&tax.themes[s.idx]) == home)
        .map(|s| s.score)
        .fold(0.0f32, f32::max);
    if best.raw >= st.axis_override_score && best.score >= st.axis_override_ratio * home_best {
        best_axis
    } else {
        home
    }
}

/// The axis of an action sheet whose "Axe du Pacte concerné" field names `named` (in the
/// order the field names them): a sheet that serves several axes is read as serving the one
/// it names first, as the national synthesis reads them (Île-de-France's territorial
/// initiatives, a sheet naming axes 1, 2 and the transverse axis, is quoted under 1.1).
fn sheet_axis_of(named: &[Axis]) -> Option<Axis> {
    named.first().copied()
}

/// Tags passages with region, axis and ranked themes.
pub fn tag(passages: Vec<Passage>, region: &str, tax: &Taxonomy) -> Vec<TaggedPassage> {
    let st = &tax.settings;
    // Axis stated by the current action sheet's "Axe du Pacte concerné" field, with the
    // heading path above that field: the sheet's other fields are its siblings.
    let mut sheet: Option<(Vec<String>, Axis)> = None;
    // The field's heading path and the axes its passages name so far (a long field is cut
    // into several passages, one after the other; the next sheet's field has the same path).
    let mut field: Option<(Vec<String>, Vec<Axis>)> = None;
    // Heading path and axis of the previous passage when it ends with a colon.
    let mut lead_in: Option<(Vec<String>, Option<Axis>)> = None;
    passages
        .into_iter()
        .map(|p| {
            // what the passage says: the titles it opens with are read in its heading path
            let body = pactes_doc::text::body(&p.text, &p.heading);
            let in_field = p.heading.last().is_some_and(|h| axis_field_heading(h));
            if !in_field {
                field = None;
            }
            if let (true, Some((_, parent))) = (in_field, p.heading.split_last()) {
                let mut named = match field.take() {
                    Some((h, named)) if h == p.heading => named,
                    _ => Vec::new(),
                };
                for a in axes_named(body) {
                    if !named.contains(&a) {
                        named.push(a);
                    }
                }
                sheet = sheet_axis_of(&named).map(|a| (parent.to_vec(), a));
                field = Some((p.heading.clone(), named));
            }
            let sheet_axis = sheet.as_ref().and_then(|(parent, a)| {
                (p.heading.len() == parent.len() + 1 && p.heading.starts_with(parent)).then_some(*a)
            });
            let eval_action = opens_with_evaluation(body);
            let haxis = if eval_action {
                HeadingAxis::Outside
            } else if let Some(a) = sheet_axis {
                HeadingAxis::Axis(a)
            } else {
                axis_from_headings(&p.heading)
            };
            let text_words = normalize_words(body);
            // The two innermost headings describe the passage; outer ones are the plan.
            // Axis and part titles are the plan's wording, not the passage's topic; follow-up
            // titles (`Le suivi qualitatif`, `Les modalités d'évaluation`) name theirs.
            let inner: Vec<&String> = p
                .heading
                .iter()
                .rev()
                .filter(|h| {
                    axis_in_heading(h).is_none() && (!outside_heading(h) || followup_heading(h))
                })
                .take(2)
                .collect();
            let head_words = normalize_words(
                &inner
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" \n "),
            );
            let followup = eval_action
                || haxis == HeadingAxis::Outside && p.heading.iter().any(|h| followup_heading(h));
            let mut scored = score_themes(tax, &text_words, &head_words, haxis, followup);
            let diagnostic =
                haxis == HeadingAxis::Outside && p.heading.iter().any(|h| diagnostic_heading(h));
            let mut axis = decide_axis(tax, &scored, haxis, followup || diagnostic);
            // An action sheet states its axis: content may take one of its fields out of the
            // axes (an evaluation plan), not into another axis, as it may a section's.
            if axis.is_some() && sheet_axis.is_some() {
                axis = sheet_axis;
            }
            // A list continues the sentence that announces it (`… nous oblige à :`): when
            // content took that lead-in out of the heading's axis, the list follows it.
            if let Some((h, None)) = &lead_in {
                if *h == p.heading
                    && matches!(haxis, HeadingAxis::Axis(_))
                    && opens_with_bullet(body)
                {
                    axis = None;
                }
            }
            // Content took the passage out of its heading's axis: rank its themes as those
            // of a passage outside the axes, so that themes and axis agree.
            if axis.is_none() && matches!(haxis, HeadingAxis::Axis(_)) {
                // follow-up when that is what took it out (its headings' evidence or its own)
                let followup = top_raw(&scored)
                    .into_iter()
                    .chain(top_text(&scored).filter(|s| s.text_raw >= st.axis_override_score))
                    .any(|s| tax.themes[s.idx].axis == 4);
                scored = score_themes(
                    tax,
                    &text_words,
                    &head_words,
                    HeadingAxis::Outside,
                    followup,
                );
            }

            let top = scored.first().map(|s| s.score).unwrap_or(0.0);
            let mut themes = Vec::new();
            let mut scores = Vec::new();
            let mut evidence = Vec::new();
            for s in &scored {
                if themes.len() >= st.max_themes || s.score < st.min_score {
                    break;
                }
                if !themes.is_empty() && s.score < st.keep_ratio * top {
                    break;
                }
                themes.push(tax.themes[s.idx].id.clone());
                scores.push((s.score * 100.0).round() / 100.0);
                evidence.push(s.evidence.clone());
            }
            // Themes and axis agree: a passage whose kept themes all lie outside its
            // heading's axis, the first an introduction or follow-up theme (a section's
            // `Enjeux` under an axis title: the needs it states, not the axis' actions), is
            // outside the axes. Not an action sheet's field: the sheet states its axis.
            let kept = &scored[..themes.len()];
            if let (Some(a), None, Some(best)) = (axis, sheet_axis, kept.first()) {
                if theme_axis(&tax.themes[best.idx]).is_none()
                    && kept
                        .iter()
                        .all(|s| theme_axis(&tax.themes[s.idx]) != Some(a))
                {
                    axis = None;
                }
            }
            lead_in = pactes_doc::segment::announces(body).then(|| (p.heading.clone(), axis));

            TaggedPassage {
                id: p.id,
                doc: p.doc,
                sha256: p.sha256,
                region: region.to_string(),
                page_start: p.page_start,
                page_end: p.page_end,
                heading: p.heading,
                axis,
                themes,
                scores,
                evidence,
                text: p.text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn axis_from_heading_paths() {
        assert_eq!(
            axis_from_headings(&h(&["PARTIE 1", "AXE 1 : PROPOSER", "1. Constats"])),
            HeadingAxis::Axis(Axis::One)
        );
        assert_eq!(
            axis_from_headings(&h(&["III) Axe 2 : Garantir l'accès"])),
            HeadingAxis::Axis(Axis::Two)
        );
        assert_eq!(
            axis_from_headings(&h(&["AXE TRANSVERSE : S'ENGAGER"])),
            HeadingAxis::Axis(Axis::Transverse)
        );
        assert_eq!(
            axis_from_headings(&h(&["IV) Axe 3 : S'engager"])),
            HeadingAxis::Axis(Axis::Transverse)
        );
        assert_eq!(axis_from_headings(&h(&["PREAMBULE"])), HeadingAxis::Outside);
        assert_eq!(
            axis_from_headings(&h(&["INTRODUCTION", "Axe 5 - Articuler les dispositifs"])),
            HeadingAxis::Outside
        );
        assert_eq!(
            axis_from_headings(&h(&["PARTIE 3 : SUIVRE, EVALUER, PILOTER"])),
            HeadingAxis::Outside
        );
        assert_eq!(
            axis_from_headings(&h(&[
                "Garantir l'accès des publics les plus fragiles aux parcours"
            ])),
            HeadingAxis::Axis(Axis::Two)
        );
        assert_eq!(
            axis_from_headings(&h(&["Des actions nouvelles"])),
            HeadingAxis::Unknown
        );
        assert_eq!(
            axis_from_headings(&h(&["Axe stratégique n°2 : les publics"])),
            HeadingAxis::Axis(Axis::Two)
        );
        assert_eq!(
            axis_from_headings(&h(&["Premier axe : des parcours"])),
            HeadingAxis::Axis(Axis::One)
        );
        assert_eq!(
            axis_from_headings(&h(&["PARTIE 2 : LES PROJETS PAR AXE STRATEGIQUE"])),
            HeadingAxis::Unknown
        );
    }

    fn tax() -> Taxonomy {
        match Taxonomy::from_toml_str(
            r#"
[settings]
min_score = 1.0
[[theme]]
id = "1.5"
axis = 1
label = "VAE"
[theme.cues]
"VAE" = 3.0
"validation des acquis de l'expérience" = 3.0
[[theme]]
id = "2.5"
axis = 2
label = "freins"
[theme.cues]
"permis de conduire" = 3.0
"garde d'enfants" = 3.0
"mobilité" = 1.0
[[theme]]
id = "4.2"
axis = 4
label = "évaluation"
[theme.cues]
"évaluation" = 2.0
"évaluateur externe" = 4.0
"#,
        ) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        }
    }

    fn passage(heading: &[&str], text: &str) -> Passage {
        Passage {
            id: "x-0000".into(),
            doc: "x.pdf".into(),
            sha256: "x".into(),
            page_start: 1,
            page_end: 1,
            heading: h(heading),
            text: text.into(),
        }
    }

    #[test]
    fn content_does_not_move_a_diagnostic_into_an_axis() {
        let t = tax();
        let text = "Le permis de conduire, la garde d'enfants et la mobilité freinent l'accès à la formation.";
        let out = tag(
            vec![
                passage(&["INTRODUCTION", "2- Diagnostic et enjeux"], text),
                passage(&["PRÉAMBULE", "État des lieux de la formation"], text),
                // an introduction may set out the policy axis by axis: content moves it
                passage(&["INTRODUCTION", "2- Nos priorités"], text),
                // an axis named in the path comes first, diagnostic or not
                passage(&["AXE 2 : LES PUBLICS", "III - Diagnostic"], text),
            ],
            "Hauts-de-France",
            &t,
        );
        assert!(out
            .iter()
            .all(|p| p.themes.first().map(String::as_str) == Some("2.5")));
        assert_eq!(out[0].axis, None);
        assert_eq!(out[1].axis, None);
        assert_eq!(out[2].axis, Some(Axis::Two));
        assert_eq!(out[3].axis, Some(Axis::Two));
    }

    #[test]
    fn a_passage_under_an_axis_with_only_follow_up_themes_is_outside_the_axes() {
        let t = tax();
        let out = tag(
            vec![
                // weak evidence (below `axis_override_score`), all of it outside axis 1
                passage(
                    &["AXE 1 : PARCOURS", "Enjeux"],
                    "Une évaluation est prévue.",
                ),
                // one of its themes is the axis': it stays there
                passage(
                    &["AXE 1 : PARCOURS", "Enjeux"],
                    "Une évaluation de la VAE est prévue.",
                ),
            ],
            "Hauts-de-France",
            &t,
        );
        assert_eq!(out[0].themes, vec!["4.2".to_string()]);
        assert_eq!(out[0].axis, None);
        assert!(out[1].themes.contains(&"1.5".to_string()));
        assert_eq!(out[1].axis, Some(Axis::One));
        // A list announced by a lead-in this rule took out of the axis follows it.
        let lead = tag(
            vec![
                passage(
                    &["AXE 1 : PARCOURS", "Enjeux"],
                    "Une évaluation est prévue sur :",
                ),
                passage(
                    &["AXE 1 : PARCOURS", "Enjeux"],
                    "- Les entrées. - Les sorties.",
                ),
            ],
            "Hauts-de-France",
            &t,
        );
        assert_eq!(lead[0].axis, None);
        assert_eq!(lead[1].axis, None);
    }

    #[test]
    fn themes_ranked_with_evidence() {
        let t = tax();
        let out = tag(
            vec![
                passage(&["AXE 2 : PUBLICS"], "Aide au permis de conduire et à la garde d’enfant pour lever les freins de mobilité."),
                passage(&["AXE 1 : PARCOURS"], "Développer la validation des acquis de l'expérience (VAE) collective."),
                passage(&["PREAMBULE"], "Le présent pacte est signé par les parties."),
            ],
            "Hauts-de-France",
            &t,
        );
        assert_eq!(out[0].themes.first().map(String::as_str), Some("2.5"));
        assert!(out[0].evidence[0].contains(&"permis de conduire".to_string()));
        assert!(out[0].evidence[0].contains(&"garde d'enfants".to_string()));
        assert_eq!(out[0].axis, Some(Axis::Two));
        assert_eq!(out[1].themes, vec!["1.5".to_string()]);
        assert_eq!(out[1].axis, Some(Axis::One));
        assert!(out[2].themes.is_empty());
        assert_eq!(out[2].axis, None);
        assert_eq!(out[2].region, "Hauts-de-France");
        // Under a follow-up heading, content about an axis' publics stays outside the axes
        // and the follow-up themes are favoured; under an introduction it may move.
        let out = tag(
            vec![
                passage(
                    &["PARTIE 3 : SUIVI ET ÉVALUATION"],
                    "Évaluation du permis de conduire et de la garde d'enfants.",
                ),
                passage(
                    &["INTRODUCTION"],
                    "Aide au permis de conduire, à la mobilité et à la garde d'enfants.",
                ),
            ],
            "Hauts-de-France",
            &t,
        );
        assert_eq!(out[0].axis, None);
        assert_eq!(out[1].axis, Some(Axis::Two));
        // Under an axis heading, a passage that opens with an evaluation action, or whose own
        // content is mostly evaluation, is outside the axes, with the follow-up themes.
        let mut t = t;
        t.settings.axis_override_score = 3.0;
        let out = tag(
            vec![
                passage(
                    &["AXE 2 : PUBLICS"],
                    "Évaluation des aides au permis de conduire | Une première étude en 2020 | 2020",
                ),
                passage(
                    &["AXE 2 : PUBLICS"],
                    "Une évaluation de l'aide au permis de conduire : évaluer les effets, évaluation par les bénéficiaires.",
                ),
                passage(
                    &["AXE 2 : PUBLICS"],
                    "Aide au permis de conduire et évaluation des besoins de mobilité.",
                ),
            ],
            "Hauts-de-France",
            &t,
        );
        assert_eq!(out[0].axis, None);
        assert!(out[0].themes.contains(&"4.2".to_string()), "{:?}", out[0]);
        assert_eq!(out[1].axis, None, "{:?}", out[1]);
        assert_eq!(out[1].themes.first().map(String::as_str), Some("4.2"));
        assert_eq!(out[2].axis, Some(Axis::Two));
        assert!(opens_with_evaluation("<p>Evaluer les actions</p> | 2019"));
        // An action sheet's "Axe du Pacte concerné" field gives the axis it names to the
        // sheet's fields (its siblings), whatever the section it was filed under; a field
        // naming several axes gives the first it names, even when cut into several passages
        // (the first naming none).
        let out = tag(
            vec![
                passage(
                    &["AXE 2 : PUBLICS", "I - AXE DU PACTE CONCERNE PAR L'ACTION"],
                    "- AXE TRANSVERSE : S'engager dans la modernisation",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "VI - DESCRIPTION"],
                    "Un outil numérique.",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "VI - DESCRIPTION", "ANNEXE"],
                    "Un tableau.",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "I - AXES DU PACTE CONCERNES"],
                    "Axe 1 : parcours. Axe 2 : publics.",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "VI - DESCRIPTION"],
                    "Un outil numérique.",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "I - AXES DU PACTE CONCERNES"],
                    "(Plusieurs axes peuvent être concernés)",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "I - AXES DU PACTE CONCERNES"],
                    "- AXE TRANSVERSE : modernisation. - Axe 2 : publics.",
                ),
                passage(
                    &["AXE 2 : PUBLICS", "VI - DESCRIPTION"],
                    "Un outil numérique.",
                ),
            ],
            "Hauts-de-France",
            &t,
        );
        // A list announced by a lead-in that content took out of the axis follows it.
        let lead = tag(
            vec![
                passage(
                    &["AXE 2 : PUBLICS"],
                    "Une évaluation, évaluer les effets, une évaluation nous oblige à :",
                ),
                passage(&["AXE 2 : PUBLICS"], "- Lever les freins. - Aider."),
                passage(&["AXE 2 : PUBLICS"], "- Lever les freins. - Aider."),
            ],
            "Hauts-de-France",
            &t,
        );
        assert_eq!(
            lead.iter().map(|p| p.axis).collect::<Vec<_>>(),
            vec![None, None, Some(Axis::Two)]
        );
        let axes: Vec<Option<Axis>> = out.iter().map(|p| p.axis).collect();
        assert_eq!(
            axes,
            vec![
                Some(Axis::Transverse),
                Some(Axis::Transverse),
                Some(Axis::Two),
                Some(Axis::One),
                Some(Axis::One),
                Some(Axis::Two),
                Some(Axis::Transverse),
                Some(Axis::Transverse),
            ]
        );
        assert!(!opens_with_evaluation("évaluation en continu de l'outil"));
    }

    #[test]
    fn a_cue_matches_whatever_articles_and_de_or_a_link_its_words() {
        let t = tax();
        let themes = |text: &str| {
            let out = tag(vec![passage(&["INTRODUCTION"], text)], "", &t);
            out[0].themes.clone()
        };
        // `garde d'enfants` / `permis de conduire`, linked otherwise
        assert_eq!(
            themes("La garde des enfants et le permis à conduire."),
            ["2.5"]
        );
        assert_eq!(themes("Le permis de la conduire."), ["2.5"]);
        // the content words must follow each other: another word between them is no match
        assert!(themes("Le permis pour conduire, la garde d'autres enfants.").is_empty());
        // a cue of one content word keeps its link (`à distance` is not `distance`)
        let t2 = Taxonomy::from_toml_str(
            "[settings]\nmin_score = 1.0\n[[theme]]\nid = \"3.2\"\naxis = 3\nlabel = \"FOAD\"\n[theme.cues]\n\"à distance\" = 3.0\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let one = |text: &str| {
            tag(vec![passage(&["INTRODUCTION"], text)], "", &t2)[0]
                .themes
                .clone()
        };
        assert_eq!(one("Des formations à distance."), ["3.2"]);
        assert!(one("La distance au centre de formation.").is_empty());
    }

    /// Content moves a section's passage into another axis when it speaks strongly of it, not
    /// an action sheet's field: the sheet states its axis.
    #[test]
    fn content_does_not_move_an_action_sheet_into_another_axis() {
        let t = tax();
        let vae = "La VAE, la validation des acquis de l'expérience et la VAE collective.";
        let out = tag(
            vec![
                passage(&["AXE 2 : PUBLICS", "Les parcours"], vae),
                passage(
                    &["AXE 2 : PUBLICS", "I - AXE DU PACTE CONCERNE PAR L'ACTION"],
                    "- AXE 2 : Garantir l'accès des publics fragiles",
                ),
                passage(&["AXE 2 : PUBLICS", "VI - DESCRIPTION"], vae),
            ],
            "Hauts-de-France",
            &t,
        );
        let axes: Vec<Option<Axis>> = out.iter().map(|p| p.axis).collect();
        assert_eq!(
            axes,
            vec![Some(Axis::One), Some(Axis::Two), Some(Axis::Two)]
        );
    }

    /// A section heading lends its cues to every passage under it; the passage that plans the
    /// evaluation of the section's actions is still outside the axes, with 4.2 first.
    #[test]
    fn own_text_on_evaluation_outweighs_the_headings_cues() {
        let t = tax();
        let heading = ["AXE 2 : PUBLICS", "Permis de conduire et garde d'enfants"];
        let out = tag(
            vec![
                passage(
                    &heading,
                    "Un évaluateur externe conduira l'évaluation des aides : une évaluation \
                     publiée, une évaluation discutée.",
                ),
                passage(&heading, "Une aide au permis de conduire pour la mobilité."),
            ],
            "Hauts-de-France",
            &t,
        );
        // before the priors, 2.5 gets 9 from the heading alone, 4.2 about 8 from the text: the
        // headings' evidence alone would keep the passage in axis 2
        assert_eq!(out[0].axis, None, "{:?}", out[0]);
        assert_eq!(out[0].themes.first().map(String::as_str), Some("4.2"));
        assert_eq!(out[1].axis, Some(Axis::Two));
        assert_eq!(out[1].themes.first().map(String::as_str), Some("2.5"));
    }
}
