//! Titles that go on the outline where the layout hid them: run into the end of a paragraph,
//! wrapped over several lines, or set in body type (a long sibling title, an action sheet's name).

use super::headings::{
    classify_heading, classify_heading_listed, clean_heading, heading_mark, is_next_number, re,
    set_smaller, Heading, HeadingMark,
};
use super::phrases::{ends_cut_word, goes_on, stops_mid_phrase, OPEN_STARTS};
use super::Role;
use crate::model::{Block, BlockKind};
use crate::text::{fold, is_upper_case, word_count};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// Most words of a title run into the end of a paragraph (`trailing_title`), mark included.
const RUN_IN_TITLE_WORDS: usize = 20;

/// The title a block ends with, run into the paragraph before it (`… au fil de l'eau. e. Un
/// appareil de formation plus agile…`): a source that set the title on the line under the
/// paragraph's last, with no space between, is read by producers as one paragraph. An outline
/// mark after a sentence's end, then a short text opening with a capital and holding no stop,
/// colon or semicolon. A title in capitals numbered with figures or a roman numeral may also
/// follow a list item that ends without a stop (`- Nombre d'entreprises ayant participé à des
/// actions de découverte VIII - MODALITES DE CONTRACTUALISATION SOUHAITEE`). Returns where the
/// title starts and the title.
fn trailing_title(text: &str) -> Option<(usize, &str)> {
    static TAIL: OnceLock<Regex> = OnceLock::new();
    static CAPS_TAIL: OnceLock<Regex> = OnceLock::new();
    let text = text.trim_end();
    let after_stop = re(
        &TAIL,
        r"[.!?»)…]\s+((?:[a-hA-H]|\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5})\s*[.)\-–]\s+\p{Lu}[^.!?;:]*)$",
    )
    .captures(text);
    let after_word = || {
        re(
            &CAPS_TAIL,
            r"\p{Ll}\s+((?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5})\s*[.)\-–]\s+\p{Lu}[^.!?;:\p{Ll}]*)$",
        )
        .captures(text)
        .filter(|c| c.get(1).is_some_and(|t| is_upper_case(t.as_str())))
    };
    let c = after_stop.or_else(after_word)?;
    let title = c.get(1)?;
    let words = word_count(title.as_str());
    let ends_open = title.as_str().trim_end().ends_with([',', '-', '–']);
    ((3..=RUN_IN_TITLE_WORDS).contains(&words) && !ends_open)
        .then(|| (title.start(), title.as_str()))
}

/// A heading's family, whether or not `push_heading` made it a numbered list's
/// (`arabic-list` → `arabic`).
pub(super) fn base_family(h: &Heading) -> &str {
    h.mark.family.trim_end_matches("-list")
}

/// The place of a heading in its outline family: its outline number, or the rank of its
/// letter (`e.` → [5]).
pub(super) fn ordinal(h: &Heading) -> Option<Vec<u32>> {
    if !h.number.is_empty() {
        return Some(h.number.clone());
    }
    let family = base_family(h);
    if family != "lower" && family != "upper" {
        return None;
    }
    let c = h.text.trim_start().chars().next()?.to_ascii_lowercase();
    c.is_ascii_lowercase()
        .then(|| vec![u32::from(c) - u32::from('a') + 1])
}

/// Whether `h` goes on the outline the open headings draw: the next sibling of an open
/// heading of its family (`e.` under an open `d.`), or the first of its family in capitals
/// (`1. LE CAP DE TRANSFORMATION`) while none of that family is open. A title in capitals
/// may also be the next sibling of the last title in capitals of its family (`caps`: family →
/// number), open or not: `3. LES ACTIONS NOUVELLES PROPOSEES` after `2. DES ACTIONS POUR
/// EVOLUER`, when numbered items of that family in lower case (`3. Maintenir un engagement…`)
/// came between.
fn continues_outline(stack: &[Heading], h: &Heading, caps: &BTreeMap<String, Vec<u32>>) -> bool {
    let Some(n) = ordinal(h) else {
        return false;
    };
    let follows = |o: &[u32]| is_next_number(o, &n);
    let same: Vec<&Heading> = stack
        .iter()
        .filter(|o| base_family(o) == base_family(h))
        .collect();
    let successor = same.iter().filter_map(|o| ordinal(o)).any(|o| follows(&o));
    let upper = is_upper_case(&h.text);
    let opens = same.is_empty() && n.last() == Some(&1) && upper;
    let next_caps = upper && caps.get(base_family(h)).is_some_and(|o| follows(o));
    successor || opens || next_caps
}

/// Records `h` as the last title in capitals of its family, when it is one.
pub(super) fn note_caps(caps: &mut BTreeMap<String, Vec<u32>>, h: &Heading) {
    if let Some(n) = ordinal(h).filter(|_| is_upper_case(&h.text)) {
        caps.insert(base_family(h).to_string(), n);
    }
}

/// A body block that ends with a title run into it (`trailing_title`) which goes on the
/// outline (`continues_outline`): the paragraph without the title, the title, and the title
/// as a block (for its continuation lines).
pub(super) fn run_in_title(
    b: &Block,
    stack: &[Heading],
    caps: &BTreeMap<String, Vec<u32>>,
    body_size: f32,
) -> Option<(Block, Heading, Block)> {
    if b.kind == BlockKind::TableRow {
        return None;
    }
    let (at, title) = trailing_title(&b.text)?;
    let title_block = Block {
        text: title.to_string(),
        kind: BlockKind::HeadingCandidate,
        ..b.clone()
    };
    let h = classify_heading(&title_block, body_size)?;
    if !continues_outline(stack, &h, caps) {
        return None;
    }
    let body = Block {
        text: b.text[..at].trim_end().to_string(),
        ..b.clone()
    };
    Some((body, h, title_block))
}

/// Most words of a numbered title in body style that is the next sibling of an open title
/// (`long_sibling_title`): past it, a numbered line is an item of a list.
const SIBLING_TITLE_WORDS: usize = 30;

/// A numbered line in body style too long to be taken for a title on its own (more than 16
/// words) that is one all the same because it goes on the outline: the next sibling of an
/// open title of its family (`6 – Acquérir les compétences de base, valider un diplôme puis
/// s'insérer … :` set over two lines after the title `5 - Mettre en œuvre des formations …`),
/// set in body style as this one is, and reads as a title, not a sentence (no stop,
/// semicolon or comma at its end, no function word, no line in lower case going on with it
/// (`goes_on_in_lower_case`): not the first line of a list item).
pub(super) fn long_sibling_title(
    b: &Block,
    next: Option<&Block>,
    stack: &[Heading],
    caps: &BTreeMap<String, Vec<u32>>,
    body_size: f32,
) -> Option<Heading> {
    if b.kind != BlockKind::Paragraph
        || word_count(&b.text) > SIBLING_TITLE_WORDS
        || stops_mid_phrase(&b.text)
        || next.is_some_and(|n| goes_on_in_lower_case(&b.text, &n.text))
    {
        return None;
    }
    let h = classify_heading_listed(b, body_size, true)?;
    // its sibling is set in body style too (a title in capitals or bold followed by a long
    // line in body style is a title run into its first sentence)
    let sibling = stack
        .iter()
        .any(|o| base_family(o) == base_family(&h) && o.mark.rank.is_none() && o.plain);
    (h.mark.rank.is_none() && sibling && continues_outline(stack, &h, caps)).then_some(h)
}

/// Most words of the title of a sheet (`opens_outline`).
const SHEET_TITLE_WORDS: usize = 15;

/// A title's key among the titles a document repeats: folded, its words only.
pub(super) fn template_key(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short line in body style just above the first title of an outline that the document
/// sets more than once (`I - AXE DU PACTE CONCERNE PAR L'ACTION`, a template's first field)
/// is the title of what that outline structures: an
/// action sheet's name (`Développer une approche innovante de la VAE`), set in body type by
/// the sheet's template. A line that opens in capitals, holds no stop, colon, semicolon or
/// comma at its end, holds no figure (`Budget total : 10 M€`), does not stop mid-phrase and
/// is on the outline's first page; or such a name run into the end of the line above it
/// (a producer's reflow), cut out of it: returns where the name starts in the block (0: the
/// whole block) and the title. Its family (`sheet`) sits above the outline's; the next
/// sheet's title closes it and the outline under it, and so does the outline's next start (a
/// sheet whose title was lost).
pub(super) fn opens_outline(
    b: &Block,
    next: Option<&&Block>,
    role: Option<&Role>,
    templates: &HashSet<String>,
    body_size: f32,
) -> Option<(usize, Heading)> {
    let (Some(next), Some(Role::Heading(first))) = (next, role) else {
        return None;
    };
    if b.kind != BlockKind::Paragraph || set_smaller(b, body_size) {
        return None;
    }
    // on the same page: the last line of a page before the first title of the next is the
    // end of what came before (a table of contents' last entry)
    if next.page != b.page {
        return None;
    }
    let family = base_family(first);
    if ordinal(first).as_deref() != Some(&[1][..])
        || !(family == "roman" || family.starts_with("arabic"))
    {
        return None;
    }
    // the outline is a template's, set again for each sheet: a document's one outline (`I)
    // Préambule`) is not under the line before it (a cover's title)
    if !templates.contains(&template_key(&first.text)) {
        return None;
    }
    let name = |text: &str| {
        let words = word_count(text);
        (2..=SHEET_TITLE_WORDS).contains(&words)
            && text.chars().next().is_some_and(char::is_uppercase)
            && !text.ends_with(['.', ';', ',', ':', '!', '?'])
            && !stops_mid_phrase(text)
            && heading_mark(text).is_none()
            && !text.contains(|c: char| c.is_ascii_digit() || c == '\n')
    };
    let text = b.text.trim_end();
    // the name on a line of its own, or run into the end of the line above it by a producer
    // that reflowed the sheet (`Budget total : 10,125M€ Rémunérer les stagiaires pour…`): the
    // first word in capitals after a figure, a stop or a word in lower case that starts a name
    let at = if name(text) {
        Some(0)
    } else {
        let mut prev: Option<&str> = None;
        text.split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .find_map(|(at, w)| {
                // a capitalised word, or an acronym that a colon explains (`ITE : initiatives
                // territoriales pour l'emploi`), not a unit (`M€`)
                let mut cs = w.chars();
                let acronym = w.chars().count() >= 2
                    && w.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
                    && text[at + w.len()..].trim_start().starts_with(':');
                let capitalised = acronym
                    || cs.next().is_some_and(char::is_uppercase)
                        && cs.next().is_some_and(char::is_lowercase);
                let after = capitalised
                    && prev.is_some_and(|p| {
                        p.ends_with(|c: char| {
                            c.is_ascii_digit() || c.is_lowercase() || c == '€' || c == '.'
                        })
                    });
                prev = Some(w);
                (after && name(&text[at..])).then_some(at)
            })
    }?;
    Some((
        at,
        Heading {
            mark: HeadingMark {
                family: "sheet".into(),
                depth: 1,
                rank: None,
            },
            size: b.font_size,
            text: clean_heading(&text[at..]),
            number: Vec::new(),
            plain: true,
        },
    ))
}

/// The lines that go on title `h` (set in `line`) from `blocks[from]` on, up to three
/// (`wrapped_heading`); `stop(k)` ends the search before block `k`. Returns the whole title,
/// how many blocks it took, and whether a line showed the title to be the first line of a
/// sentence or list item instead (`Wrap::Body`).
pub(super) fn join_wrapped_title(
    blocks: &[&Block],
    from: usize,
    mut h: Heading,
    mut line: Block,
    body_size: f32,
    stop: impl Fn(usize) -> bool,
) -> (Heading, usize, bool) {
    let mut joined = 0;
    for _ in 0..3 {
        let k = from + joined;
        if k >= blocks.len() || stop(k) {
            break;
        }
        match wrapped_heading(&line, blocks[k], &h, body_size) {
            Wrap::Joined(j, both) => {
                h = j;
                line = both;
                joined += 1;
            }
            Wrap::Body => return (h, joined, true),
            Wrap::Title => break,
        }
    }
    (h, joined, false)
}

/// Fewest words of a title line for a line in lower case after it to go on with it although
/// the title does not stop on a function word: a line a break cut is a long one (`Axe 2 :
/// Garantir l'accès … par la consolidation des compétences` / `clés`), while a short title
/// may head a text that opens in lower case (`Public visé` / `demandeurs d'emploi…`).
const WRAPPED_TITLE_WORDS: usize = 8;

/// Whether a line in lower case (`next`) goes on a long line that does not close its
/// sentence (`goes_on`, `line` of `WRAPPED_TITLE_WORDS` or more): `4. S'engager à faire progresser le
/// nombre… au regard du nombre` / `d'entrées en formation constatées en 2017 à la fois pour :`.
/// Not a line under an `o` bullet (a symbol font's square read as a letter), a note's
/// superscript call (`ⁱ Acronymes…`) or a line numbered itself (`a. FOCUS : …`).
pub(super) fn goes_on_in_lower_case(line: &str, next: &str) -> bool {
    let next = next.trim_start();
    let superscript = next
        .chars()
        .next()
        .is_some_and(|c| ('\u{2070}'..='\u{209f}').contains(&c));
    let o_bullet = next
        .strip_prefix("o ")
        .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase));
    goes_on(line, next)
        && word_count(line) >= WRAPPED_TITLE_WORDS
        && !o_bullet
        && !superscript
        && heading_mark(next).is_none()
}

/// What a title line followed by a block is.
enum Wrap {
    /// The title as it stands.
    Title,
    /// The title goes on in the next block: the two make the title (and the block joining
    /// them, for a further continuation).
    Joined(Heading, Block),
    /// Not a title: the first line of a sentence or list item that the next block continues.
    Body,
}

/// Decides whether heading `h` (block `b`) was cut by a line break before block `next`.
///
/// A title goes on in the next block when that block opens in lower case after a title that
/// stops mid-phrase or, long, does not close its sentence (`goes_on_in_lower_case`), or —
/// titles in capitals, which a line break cuts the same way — when a title in capitals is
/// followed by a line in capitals without an outline number of its own
/// and either the title stops mid-phrase or on a word cut by a hyphen, or the line opens on a
/// word no title opens with.
fn wrapped_heading(b: &Block, next: &Block, h: &Heading, body_size: f32) -> Wrap {
    let next_text = next.text.trim_start();
    let lower = next_text.chars().next().is_some_and(char::is_lowercase);
    let mid_phrase = stops_mid_phrase(&b.text);
    let cut_word = ends_cut_word(&b.text);
    let caps = !lower
        && is_upper_case(&b.text)
        && is_upper_case(next_text)
        && heading_mark(next_text).is_none()
        && (mid_phrase
            || cut_word
            || next_text
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| OPEN_STARTS.contains(&fold(w).as_str())));
    let open = goes_on_in_lower_case(&b.text, next_text);
    if next.kind == BlockKind::TableRow || !(lower && (mid_phrase || open) || caps) {
        return Wrap::Title;
    }
    // a word cut by a hyphen is joined whole
    let text = if caps && cut_word {
        format!("{}{}", b.text.trim_end().trim_end_matches('-'), next_text)
    } else {
        format!("{} {}", b.text.trim_end(), next_text)
    };
    let joined = Block { text, ..b.clone() };
    if let Some(j) = classify_heading(&joined, body_size) {
        if j.mark.family == h.mark.family && j.mark.depth == h.mark.depth {
            return Wrap::Joined(j, joined);
        }
    }
    // An axis or part title keeps its place even when the rest of its line ran into the body;
    // so does a title in capitals whose next line, in capitals too, does not join it.
    if caps || h.mark.rank.is_some() || word_count(&b.text) < 10 {
        Wrap::Title
    } else {
        Wrap::Body
    }
}
