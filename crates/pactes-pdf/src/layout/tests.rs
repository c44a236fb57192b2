//! Tests of the layout stages: words, rows, tracks, segments, blocks, table rows, running
//! headers and footers, de-hyphenation, on glyphs set by hand.

use pactes_doc::BBox;

use super::furniture::is_page_number;
use super::lines::{mono_cell, outline_mark, tracks};
use super::*;
use crate::glyphs::Glyph;

fn lex(text: &str) -> Lexicon {
    let mut l = Lexicon::default();
    for line in text.lines() {
        l.add_line_from(line, 0);
    }
    l
}

/// Two lines joined with `lex`'s vocabulary.
fn join2(lex: &Lexicon, a: &str, b: &str) -> String {
    join_lines(&[a.to_string(), b.to_string()], lex)
}

#[test]
fn a_table_cell_cut_by_a_page_break_and_a_hyphen_is_made_whole() {
    let l = lex("les compléments correspondant aux besoins\nle temps partiel");
    let block = |kind, x0: f32, x1: f32, text: &str| Block {
        page: 1,
        bbox: BBox {
            x0,
            y0: 700.0,
            x1,
            y1: 750.0,
        },
        font_size: 10.0,
        bold: false,
        kind,
        text: text.to_string(),
    };
    let row = block(
        BlockKind::TableRow,
        61.0,
        534.0,
        "AXE 1 | 2019 | des compléments cor- | Région : le temps partiel",
    );
    let rest = block(
        BlockKind::Paragraph,
        178.0,
        368.0,
        "respondant aux besoins. - Nouveau",
    );
    assert_eq!(
        cell_continued(&row, &rest, &l).as_deref(),
        Some("AXE 1 | 2019 | des compléments correspondant aux besoins. - Nouveau | Région : le temps partiel")
    );
    // not when the next page opens outside the table, or on a capital, or when two cells
    // end on a cut word
    let wide = block(BlockKind::Paragraph, 40.0, 560.0, "respondant aux besoins.");
    assert_eq!(cell_continued(&row, &wide, &l), None);
    let capital = block(
        BlockKind::Paragraph,
        178.0,
        368.0,
        "Respondant aux besoins.",
    );
    assert_eq!(cell_continued(&row, &capital, &l), None);
    let two = block(
        BlockKind::TableRow,
        61.0,
        534.0,
        "AXE 1 | des compléments cor- | le cor-",
    );
    assert_eq!(cell_continued(&two, &rest, &l), None);
}

#[test]
fn dehyphenation() {
    let l = lex("les compétences\nsous la main\nle sous-main\nen Île-de-France");
    let j = |a: &str, b: &str| join2(&l, a, b);
    assert_eq!(j("des compé-", "tences utiles"), "des compétences utiles");
    assert_eq!(j("un sous-", "main"), "un sous-main");
    assert_eq!(j("en Île-de-", "France"), "en Île-de-France");
    assert_eq!(j("période 2019-", "2022"), "période 2019-2022");
    assert_eq!(j("forma-", "tion continue"), "formation continue");
    // the word broken is the last of an elision or of a slash list
    assert_eq!(
        j("objectifs de l’ac-", "tion – effets"),
        "objectifs de l’action – effets"
    );
    assert_eq!(
        j("public/secteur d’activité/terri-", "toire-bassin visé"),
        "public/secteur d’activité/territoire-bassin visé"
    );
    assert_eq!(
        j("cousue main, co-", "construite"),
        "cousue main, co-construite"
    );
    assert_eq!(j("les plus-", "values"), "les plus-values");
    assert_eq!(j("un avant-", "projet"), "un avant-projet");
    assert_eq!(j("un texte", "suivi"), "un texte suivi");
    assert_eq!(j("un tiret -", "suivi"), "un tiret - suivi");
    // Capitals: joined when the joined word is known, kept otherwise.
    assert_eq!(j("RÉGION COMPÉ-", "TENCES"), "RÉGION COMPÉTENCES");
    assert_eq!(j("PAYS-DE-LA-", "LOIRE"), "PAYS-DE-LA-LOIRE");
    // capitals without their accents are the word with them
    assert_eq!(j("LES COMPE-", "TENCES"), "LES COMPETENCES");
    // never seen whole: a break after an open syllable that is no word, a compound's
    // hyphen otherwise (or by an acronym)
    assert_eq!(
        j("SELON 3 NIVEAUX DE TEMPO-", "RALITE"),
        "SELON 3 NIVEAUX DE TEMPORALITE"
    );
    assert_eq!(j("LES COMPA-", "TENCES"), "LES COMPATENCES");
    assert_eq!(j("VILLE DE SAINT-", "NAZAIRE"), "VILLE DE SAINT-NAZAIRE");
    assert_eq!(j("LES TPE-", "PME"), "LES TPE-PME");
}

#[test]
fn a_producer_drawing_its_hyphens_as_soft_hyphens_keeps_them() {
    // Typst gives its hyphen glyph U+00AD: inside words (`ci\u{ad}avant`) as at line ends,
    // for the words' own hyphens as for its hyphenation breaks
    let text =
        "le document ci\u{ad}avant et un accord\u{ad}cadre\nla formation en rendez\u{ad}vous";
    let l = lex(text);
    assert!(l.shy_drawn());
    let j = |a: &str, b: &str| join2(&l, a, b);
    assert_eq!(
        j("la Région Hauts\u{ad}de\u{ad}", "France"),
        "la Région Hauts-de-France"
    );
    assert_eq!(j("un rendez\u{ad}", "vous"), "un rendez-vous");
    assert_eq!(j("la forma\u{ad}", "tion"), "la formation");
    assert_eq!(
        join_lines(&["le ci\u{ad}avant".to_string()], &l),
        "le ci-avant"
    );
    // elsewhere a line-end U+00AD marks a hyphenation break, whatever follows
    let l = lex("la formation\nla Région");
    assert!(!l.shy_drawn());
    assert_eq!(join2(&l, "les Hauts\u{ad}", "France"), "les HautsFrance");
    assert_eq!(join2(&l, "la forma\u{ad}", "tion"), "la formation");
}

#[test]
fn dehyphenation_of_typeset_text() {
    let l = lex(
        "une démarche structurelle\nla suite\nles prises de poste\nun haut niveau\nle commissaire",
    );
    let j = |a: &str, b: &str| join2(&l, a, b);
    // A derivational ending is not a word of its own, even when both halves are words.
    assert_eq!(j("structurelle-", "ment marqué"), "structurellement marqué");
    // A fragment of one or two letters is a syllable unless it is a known prefix.
    assert_eq!(j("effectue en-", "suite une"), "effectue ensuite une");
    assert_eq!(j("de re-", "prises"), "de reprises");
    assert_eq!(j("bien au-", "delà"), "bien au-delà");
    // Two words on either side of the break: a compound.
    assert_eq!(j("le haut-", "commissaire"), "le haut-commissaire");
    // A slash list is not a URL; a URL keeps its hyphens.
    assert_eq!(j("santé/numérique/tra-", "vail"), "santé/numérique/travail");
    assert_eq!(j("sur www.pacte-", "region.fr"), "sur www.pacte-region.fr");

    // A producer that draws its breaks with U+2010 (after a discretionary hyphen or not)
    // while the words' own hyphens are hyphen-minus: those breaks join, and a line-end
    // hyphen-minus is the word's own.
    let marked = "au quo\u{ad}\u{2010}\ntidien\nla forma\u{2010}\ntion\nles compé\u{ad}\u{2010}\ntences\nun agro\nalimentaire en Île-de-France";
    let l = lex(marked);
    assert!(!l.has("quo"), "a fragment before a break is not a word");
    let j = |a: &str, b: &str| join2(&l, a, b);
    assert_eq!(j("au quo\u{ad}\u{2010}", "tidien"), "au quotidien");
    assert_eq!(j("ont été pré\u{2010}", "sentés"), "ont été présentés");
    assert_eq!(j("pour co\u{2010}", "opérer"), "pour coopérer");
    assert_eq!(j("le haut-", "commissaire"), "le haut-commissaire");
    assert_eq!(
        j("secteur agro-", "alimentaire"),
        "secteur agro-alimentaire"
    );
    let unmarked = lex("la filière alimentaire");
    assert_eq!(
        join2(&unmarked, "secteur agro-", "alimentaire"),
        "secteur agroalimentaire"
    );
}

/// Glyphs of `words` (6 pt a character from `x`, one space between words), drawn in the
/// word order `order`.
/// A glyph of `size` from `x0` to `x1` on the baseline y = 100, drawn `seq`-th.
fn glyph_on_100(text: &str, x0: f32, x1: f32, size: f32, seq: u32) -> Glyph {
    Glyph {
        text: text.into(),
        x0,
        x1,
        base: 100.0,
        size,
        bold: false,
        seq,
    }
}

fn drawn(x: f32, words: &[&str], order: &[usize]) -> Vec<Glyph> {
    let mut placed = Vec::new();
    let mut at = x;
    for w in words {
        let glyphs: Vec<(f32, char)> = w
            .chars()
            .enumerate()
            .map(|(i, c)| (at + 6.0 * i as f32, c))
            .collect();
        at += 6.0 * (w.chars().count() + 1) as f32;
        placed.push(glyphs);
    }
    let mut seq = 0;
    let mut out = Vec::new();
    for &k in order {
        for &(gx, c) in &placed[k] {
            out.push(Glyph {
                text: c.to_string(),
                x0: gx,
                x1: gx + 6.0,
                base: 100.0,
                size: 10.0,
                bold: false,
                seq,
            });
            seq += 1;
        }
    }
    out
}

#[test]
fn tracks_split_overprinted_text_not_words_drawn_out_of_order() {
    let words = ["la", "formation", "de", "tous", "les", "publics"];
    // Drawn out of order: runs jump over words drawn later, but no glyph overprints one.
    for order in [[0, 1, 2, 3, 4, 5], [0, 2, 4, 1, 3, 5], [5, 3, 1, 4, 2, 0]] {
        let t = tracks(drawn(50.0, &words, &order));
        assert_eq!(t.len(), 1, "{order:?}");
    }
    // `fin` drawn right after `à`, `la` (between them) last: one run spans `la`'s place.
    assert_eq!(
        tracks(drawn(50.0, &["à", "la", "fin"], &[0, 2, 1])).len(),
        1
    );
    // Two strings on one baseline, the second printed over the first: two tracks.
    let mut g = drawn(50.0, &["une", "adresse", "longue"], &[0, 1, 2]);
    let n = g.len() as u32;
    g.extend(
        drawn(80.0, &["colonne", "voisine"], &[0, 1])
            .into_iter()
            .map(|mut h| {
                h.seq += n;
                h
            }),
    );
    assert_eq!(tracks(g).len(), 2);
    // `IV.3) Tableau` drawn as `IV` `a-` then `.3) T`: the kerned `V.` and `Ta` overlap
    // by half of `.` and a fifth of `a`: one track
    let glyph = |text: &str, x0: f32, x1: f32, seq: u32| glyph_on_100(text, x0, x1, 10.0, seq);
    let row = vec![
        glyph("I", 468.1, 471.4, 0),
        glyph("V", 471.4, 478.6, 1),
        glyph("a", 496.2, 500.7, 2),
        glyph("-", 500.7, 504.0, 3),
        glyph(".", 477.3, 479.8, 10),
        glyph("3", 479.8, 484.8, 11),
        glyph(")", 484.8, 488.2, 12),
        glyph("T", 490.9, 497.0, 13),
    ];
    assert_eq!(tracks(row).len(), 1);
    // TeX's `↪→` drawn as two overlapping glyphs, the second after the words that follow:
    // a glyph by itself is a piece of a composed sign, not a text printed over the row
    let row = vec![
        glyph("↪", 100.0, 110.0, 0),
        glyph("H", 114.0, 120.0, 1),
        glyph("u", 120.0, 125.0, 2),
        glyph("b", 125.0, 130.0, 3),
        glyph("→", 104.0, 114.0, 9),
    ];
    assert_eq!(tracks(row).len(), 1);
}

/// Glyphs of `words` set from `x` on baseline `base` with `space` between words (6 pt
/// per letter, 10 pt type).
fn set_line(x: f32, base: f32, words: &[&str], space: f32, seq: &mut u32) -> Vec<Glyph> {
    let mut at = x;
    let mut out = Vec::new();
    for w in words {
        for c in w.chars() {
            out.push(Glyph {
                text: c.to_string(),
                x0: at,
                x1: at + 6.0,
                base,
                size: 10.0,
                bold: false,
                seq: *seq,
            });
            *seq += 1;
            at += 6.0;
        }
        at += space;
    }
    out
}

/// Two text columns of short paragraphs (two lines at a 12 pt pitch, 6 pt between
/// paragraphs), the right one set `offset` pt lower, as blocks after `table_rows`.
fn two_columns_of_short_paragraphs(offset: f32) -> Vec<RawBlock> {
    let mut seq = 0;
    let mut g = Vec::new();
    let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"];
    for (x, dy) in [(60.0, 0.0), (330.0, offset)] {
        for k in 0..6 {
            let base = 100.0 + dy + 30.0 * k as f32;
            g.extend(set_line(x, base, &full, 6.0, &mut seq));
            g.extend(set_line(x, base + 12.0, &["fin."], 6.0, &mut seq));
        }
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    table_rows(blocks(p.lines))
}

/// `set_line` in proportional type: each glyph 5, 6 or 7 pt wide.
fn set_prop_line(x: f32, base: f32, words: &[&str], space: f32, seq: &mut u32) -> Vec<Glyph> {
    let mut g = set_line(0.0, base, words, 0.0, seq);
    let mut at = x;
    let mut i = 0;
    for w in words {
        for c in w.chars() {
            let width = 5.0 + (c as u32 % 3) as f32;
            g[i].x0 = at;
            g[i].x1 = at + width;
            at += width;
            i += 1;
        }
        at += space;
    }
    g
}

/// One block by hand (as `blocks` would make it, before `table_rows`): `lines` (baseline,
/// words) set by `set_line` from `x`, in type of `size` pt (its glyphs widened in proportion).
fn set_block(x: f32, lines: &[(f32, &[&str])], size: f32, seq: &mut u32) -> RawBlock {
    let mut g: Vec<Glyph> = lines
        .iter()
        .flat_map(|(base, words)| set_line(x, *base, words, 6.0, seq))
        .collect();
    for c in &mut g {
        c.size = size;
        c.x0 = x + (c.x0 - x) * size / 10.0;
        c.x1 = x + (c.x1 - x) * size / 10.0;
    }
    let lines = page_lines(1, 600.0, 800.0, g, Vec::new()).lines;
    let bbox = lines
        .iter()
        .skip(1)
        .fold(lines[0].bbox, |a, l| a.union(&l.bbox));
    RawBlock {
        lines,
        bbox,
        cells: Vec::new(),
    }
}

/// The texts of the line segments of `p` on baseline `base`, left to right.
fn texts_at(p: &PageLines, base: f32) -> Vec<String> {
    p.lines
        .iter()
        .filter(|l| l.base == base)
        .map(|l| l.text())
        .collect()
}

#[test]
fn cells_less_than_an_em_apart_are_told_apart() {
    // a tight table: the dash that ends the first line of `Été - Hiver` comes within 7 pt
    // of the next cell, whose second line is 23 pt from `Hiver`: the whitespace before
    // that cell runs through every row only in its last half em
    let mut seq = 0;
    let mut g = Vec::new();
    for k in 0..4 {
        let b = 100.0 + 40.0 * k as f32;
        g.extend(set_prop_line(93.0, b, &["Été"], 3.0, &mut seq));
        g.extend(set_prop_line(132.0, b, &["-"], 3.0, &mut seq));
        g.extend(set_prop_line(93.0, b + 12.0, &["Hiver"], 3.0, &mut seq));
        g.extend(set_prop_line(144.0, b, &["Assurer", "un"], 3.0, &mut seq));
        g.extend(set_prop_line(
            144.0,
            b + 12.0,
            &["suivi", "pendant"],
            3.0,
            &mut seq,
        ));
    }
    // a paragraph across the page further down: no page-wide gutter runs there
    let words = [
        "Le",
        "pacte",
        "régional",
        "finance",
        "des",
        "parcours",
        "qualifiants",
    ];
    for k in 0..12 {
        g.extend(set_prop_line(
            60.0,
            400.0 + 12.0 * k as f32,
            &words,
            3.0,
            &mut seq,
        ));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    for k in 0..4 {
        let base = 112.0 + 40.0 * k as f32;
        let texts = texts_at(&p, base);
        assert_eq!(texts, vec!["Hiver", "suivi pendant"], "row {k}");
    }
}

#[test]
fn a_tables_last_row_at_the_foot_of_a_page_keeps_its_cells_apart() {
    // a title across the page, a header row, then one row of two cells at the foot of the
    // page: its first cell justified (6.3 pt spaces) 6.8 pt from the second, whose left
    // edge the header's second cell and the row's second line share
    let mut seq = 0;
    let mut g = Vec::new();
    let title = [
        "AMPLIFIER",
        "ET",
        "TRANSFORMER",
        "LES",
        "PARCOURS",
        "VERS",
        "EMPLOI",
    ];
    g.extend(set_prop_line(63.0, 700.0, &title, 3.0, &mut seq));
    let first = set_prop_line(
        67.0,
        738.0,
        &["Amplifier", "les", "réponses", "aux"],
        6.3,
        &mut seq,
    );
    let x = first.iter().map(|g| g.x1).fold(0.0, f32::max) + 6.8;
    g.extend(first);
    g.extend(set_prop_line(67.0, 721.0, &["Phases"], 3.0, &mut seq));
    g.extend(set_prop_line(x, 721.0, &["Description"], 3.0, &mut seq));
    g.extend(set_prop_line(
        x,
        738.0,
        &["Dès", "2019,", "le", "Pacte"],
        3.8,
        &mut seq,
    ));
    g.extend(set_prop_line(
        67.0,
        749.0,
        &["métiers", "en", "tension"],
        2.4,
        &mut seq,
    ));
    g.extend(set_prop_line(
        x,
        749.0,
        &["notamment", "dans", "les"],
        3.8,
        &mut seq,
    ));
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let texts = texts_at(&p, 738.0);
    assert_eq!(
        texts,
        vec!["Amplifier les réponses aux", "Dès 2019, le Pacte"]
    );
}

#[test]
fn a_justified_cells_last_word_pushed_to_the_next_cell_stays_in_its_cell() {
    // under a header row, a narrow first cell justified: `Recueillir et`, `mutualiser
    // du` spread to the cell's right edge (150), 7 pt from the second cell, then
    // `ressources`; the whitespace after `Recueillir` runs down the cell's lines
    let mut seq = 0;
    let mut g = Vec::new();
    let cell = |base: f32, a: &str, b: &str, seq: &mut u32| {
        let mut first = set_prop_line(67.0, base, &[a], 3.0, seq);
        let mut last = set_prop_line(0.0, base, &[b], 3.0, seq);
        let w = last.iter().map(|g| g.x1).fold(0.0, f32::max);
        for g in &mut last {
            g.x0 += 150.0 - w;
            g.x1 += 150.0 - w;
        }
        first.extend(last);
        first
    };
    g.extend(set_prop_line(67.0, 88.0, &["Phases"], 3.0, &mut seq));
    g.extend(set_prop_line(157.0, 88.0, &["Description"], 3.0, &mut seq));
    g.extend(cell(100.0, "Recueillir", "et", &mut seq));
    g.extend(cell(112.0, "mutualiser", "du", &mut seq));
    g.extend(set_prop_line(67.0, 124.0, &["ressources"], 3.0, &mut seq));
    let words = ["De", "manière", "concrète", "il", "s'agit"];
    for k in 0..6 {
        g.extend(set_prop_line(
            157.0,
            100.0 + 12.0 * k as f32,
            &words,
            3.0,
            &mut seq,
        ));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let texts = texts_at(&p, 100.0);
    assert_eq!(
        texts,
        vec!["Recueillir et", "De manière concrète il s'agit"]
    );
}

#[test]
fn rows_whose_cells_are_padded_differently_are_one_table() {
    // two rows of four columns; the third and fourth cells' text starts 6 and 18 pt
    // further left or right from one row to the other (centred or padded cells), their
    // x-ranges overlapping
    let mut seq = 0;
    let mut g = Vec::new();
    for (k, (x3, x4)) in [(178.0, 377.0), (172.0, 395.0)].into_iter().enumerate() {
        let b = 100.0 + 60.0 * k as f32;
        g.extend(set_prop_line(61.0, b, &["AXE"], 3.0, &mut seq));
        g.extend(set_prop_line(61.0, b + 12.0, &["1"], 3.0, &mut seq));
        g.extend(set_prop_line(92.0, b + 6.0, &["2020"], 3.0, &mut seq));
        let lines = [
            ["Favoriser", "agilité"],
            ["des", "parcours"],
            ["qualifiants", "Nouveau"],
        ];
        for (i, line) in lines.iter().enumerate() {
            g.extend(set_prop_line(
                x3,
                b - 6.0 + 12.0 * i as f32,
                line,
                3.0,
                &mut seq,
            ));
        }
        g.extend(set_prop_line(x4, b, &["Région", "travail"], 3.0, &mut seq));
        g.extend(set_prop_line(
            x4,
            b + 12.0,
            &["sur", "requis"],
            3.0,
            &mut seq,
        ));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let rows = table_rows(blocks(p.lines));
    let cells: Vec<usize> = rows.iter().map(|r| r.cells.len()).collect();
    assert_eq!(cells, vec![4, 4]);
}

#[test]
fn cells_centred_on_each_other_around_a_short_top_cell_are_one_row() {
    // a tight table (cells 7 to 9 pt apart): `AXE 2`, `Été - Hiver` set on two lines
    // with its dash pushed to the cell's right, a three-line description and a one-line
    // partner, both centred on the row; the dash stands alone at the row's top, between
    // cells centred on each other
    let mut seq = 0;
    let mut g = Vec::new();
    for k in 0..3 {
        let b = 100.0 + 60.0 * k as f32;
        g.extend(set_prop_line(61.0, b, &["AXE"], 3.0, &mut seq));
        g.extend(set_prop_line(61.0, b + 12.0, &["2"], 3.0, &mut seq));
        g.extend(set_prop_line(93.0, b, &["Été"], 3.0, &mut seq));
        g.extend(set_prop_line(93.0, b + 12.0, &["Hiver"], 3.0, &mut seq));
        g.extend(set_prop_line(132.0, b, &["-"], 3.0, &mut seq));
        for (i, line) in [["Assurer", "un"], ["suivi", "pendant"], ["le", "parcours"]]
            .iter()
            .enumerate()
        {
            g.extend(set_prop_line(
                144.0,
                b - 6.0 + 12.0 * i as f32,
                line,
                3.0,
                &mut seq,
            ));
        }
        g.extend(set_prop_line(
            306.0,
            b + 6.0,
            &["Pôle", "emploi"],
            3.0,
            &mut seq,
        ));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let rows = table_rows(blocks(p.lines));
    let texts = |b: &RawBlock| b.lines.iter().map(Line::text).collect::<Vec<_>>().join(" ");
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.cells.iter().map(texts).collect())
        .collect();
    let row = [
        "AXE 2",
        "Été Hiver",
        "-",
        "Assurer un suivi pendant le parcours",
        "Pôle emploi",
    ];
    assert_eq!(cells, vec![row; 3]);
}

#[test]
fn text_columns_lined_up_a_few_points_apart_are_not_a_table() {
    // 5 pt apart: each column's paragraphs, in order, none a table's cell
    let b = two_columns_of_short_paragraphs(5.0);
    assert!(
        b.iter().all(|b| b.cells.is_empty()),
        "{} rows",
        b.iter().filter(|b| !b.cells.is_empty()).count()
    );
    assert_eq!(b.len(), 12);
    // on one baseline, paragraphs side by side are a table's rows (its cells)
    let b = two_columns_of_short_paragraphs(0.0);
    assert!(b.iter().any(|b| b.cells.len() == 2), "no row");
}

#[test]
fn a_short_paragraph_beside_the_middle_of_a_longer_one_is_not_a_table_cell() {
    // two columns on one line grid: in the left one paragraphs of three lines, in the
    // right one a line set beside the middle line of each (their middles meet), then the
    // next right paragraph starting 3 pt before the left one ends
    let mut seq = 0;
    let mut para = |x: f32, lines: &[(f32, &[&str])]| set_block(x, lines, 10.0, &mut seq);
    let full: &[&str] = &["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"];
    let mut b = Vec::new();
    for k in 0..4 {
        let top = 100.0 + 42.0 * k as f32;
        b.push(para(
            60.0,
            &[
                (top, &["Aaaaaaa", "bbbbbbb", "ccc"][..]),
                (top + 12.0, full),
                (top + 24.0, &["ddddddd", "fin."][..]),
            ],
        ));
        b.push(para(330.0, &[(top + 12.0, &["Taux", "de", "sorties"][..])]));
        b.push(para(330.0, &[(top + 31.0, &["Taux", "d'emploi"][..])]));
    }
    let b = table_rows(b);
    assert!(
        b.iter().all(|b| b.cells.is_empty()),
        "rows: {:?}",
        b.iter()
            .filter(|b| !b.cells.is_empty())
            .map(|b| b.bbox.y0)
            .collect::<Vec<_>>()
    );
    assert_eq!(b.len(), 12);
}

#[test]
fn a_title_in_large_type_beside_a_row_is_not_its_cell() {
    // three rows of two cells of 10 pt type; beside the last row, in the next column, an
    // axis' title at 17 pt, its top level with the row's
    let mut seq = 0;
    let mut para =
        |x: f32, lines: &[(f32, &[&str])], size: f32| set_block(x, lines, size, &mut seq);
    let mut b = Vec::new();
    for k in 0..3 {
        let top = 100.0 + 40.0 * k as f32;
        let cell: &[&str] = &["Région", "emploi"];
        b.push(para(60.0, &[(top, cell), (top + 12.0, cell)], 10.0));
        b.push(para(200.0, &[(top, cell), (top + 12.0, cell)], 10.0));
    }
    b.push(para(
        340.0,
        &[(184.0, &["Axe", "1", ":", "Proposer"][..])],
        17.0,
    ));
    let b = table_rows(b);
    let rows: Vec<usize> = b.iter().map(|b| b.cells.len()).filter(|&n| n > 0).collect();
    assert_eq!(rows, vec![2, 2, 2]);
    assert!(b
        .iter()
        .any(|b| b.cells.is_empty() && b.lines[0].size == 17.0));
}

#[test]
fn a_title_across_the_page_gutter_is_one_line() {
    let mut seq = 0;
    let mut g = Vec::new();
    // a title in wide spacing across the page: its spaces all 14 pt, one of them (263–277)
    // right over the gutter of the two columns below (266–278)
    g.extend(set_line(
        63.0,
        100.0,
        &["AXE", "UN", "PROPOSER", "DES", "PARCOURS", "VERS", "EMPLOI"],
        14.0,
        &mut seq,
    ));
    let col = ["abcdef", "ghijkl", "mnopqr", "stuvwx", "yzabcdefg"];
    for i in 0..20 {
        let base = 130.0 + 12.0 * i as f32;
        g.extend(set_line(52.0, base, &col, 4.0, &mut seq));
        g.extend(set_line(278.0, base, &col, 4.0, &mut seq));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    assert_eq!(
        texts_at(&p, 100.0),
        vec!["AXE UN PROPOSER DES PARCOURS VERS EMPLOI"]
    );
    // the body rows are still two columns
    assert_eq!(p.lines.iter().filter(|l| l.base == 130.0).count(), 2);
}

#[test]
fn a_justified_cell_repeated_row_after_row_is_one_line() {
    // a table whose third cell says the same thing in three rows, justified the same way
    // (10 pt spaces, over the segment gap), so that its words start at the same places row
    // after row; beside it, a fourth cell that differs
    let mut seq = 0;
    let mut g = Vec::new();
    let cell = ["2-Améliorer", "la", "fluidité", "des", "parcours", "-"];
    let right = [
        ["Région", "passerelle"],
        ["Région", "prépa"],
        ["Pôle", "emploi"],
    ];
    for (i, r) in right.iter().enumerate() {
        let base = 100.0 + 40.0 * i as f32;
        g.extend(set_line(60.0, base, &["AXE"], 3.0, &mut seq));
        g.extend(set_line(150.0, base, &cell, 10.0, &mut seq));
        g.extend(set_line(150.0, base + 12.0, &["Nouveau"], 3.0, &mut seq));
        g.extend(set_line(450.0, base, r, 3.0, &mut seq));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    for i in 0..3 {
        let base = 100.0 + 40.0 * i as f32;
        let texts = texts_at(&p, base);
        assert_eq!(
            texts[1], "2-Améliorer la fluidité des parcours -",
            "row {i}: {texts:?}"
        );
        assert_eq!(texts.len(), 3, "row {i}: {texts:?}");
    }
}

#[test]
fn a_numbering_mark_justified_far_from_its_title_stays_on_its_line() {
    let mut seq = 0;
    let mut g = Vec::new();
    // `V - PUBLIC/SECTEUR` justified across a narrow column: 68 pt spaces (over 4 × the
    // size), its second line `D'ACTIVITE VISE` set tight
    g.extend(set_line(
        49.0,
        100.0,
        &["V", "-", "PUBLIC/SECTEUR"],
        68.0,
        &mut seq,
    ));
    g.extend(set_line(
        49.0,
        112.0,
        &["D'ACTIVITE", "VISE"],
        3.0,
        &mut seq,
    ));
    // a table row whose first cell is a figure without a closing mark keeps its cells
    g.extend(set_line(
        49.0,
        140.0,
        &["12", "Bénéficiaires"],
        68.0,
        &mut seq,
    ));
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    assert_eq!(texts_at(&p, 100.0), vec!["V - PUBLIC/SECTEUR"]);
    assert_eq!(texts_at(&p, 140.0), vec!["12", "Bénéficiaires"]);
    assert!(!outline_mark(&[], "-"));
}

/// The texts of the blocks of `g` (one page), top to bottom.
fn block_texts(g: Vec<Glyph>) -> Vec<String> {
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let mut b = blocks(p.lines);
    b.sort_by(|x, y| x.bbox.y0.total_cmp(&y.bbox.y0));
    b.iter()
        .map(|b| b.lines.iter().map(Line::text).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn figures_side_by_side_on_a_page_edge_are_not_page_numbers() {
    // a one-page chart: the y axis's figures down the left, the x axis's along the bottom
    // edge; each figure could follow the page index at some offset, none alone on its row
    let mut seq = 0;
    let mut g = Vec::new();
    for (k, y) in ["8", "6", "4", "2", "0"].iter().enumerate() {
        g.extend(set_line(7.0, 500.0 + 60.0 * k as f32, &[y], 6.0, &mut seq));
    }
    for (k, x) in ["0", "2", "4", "6", "8"].iter().enumerate() {
        g.extend(set_line(34.0 + 72.0 * k as f32, 780.0, &[x], 6.0, &mut seq));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let marks = furniture(std::slice::from_ref(&p));
    let dropped: Vec<String> = p
        .lines
        .iter()
        .zip(&marks[0])
        .filter(|(_, m)| m.is_some())
        .map(|(l, _)| l.text())
        .collect();
    assert!(dropped.is_empty(), "{dropped:?}");
    // a page number alone at the bottom edge is one
    let mut g = Vec::new();
    g.extend(set_line(
        60.0,
        400.0,
        &["Texte", "du", "corps."],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(300.0, 780.0, &["1"], 6.0, &mut seq));
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    assert_eq!(
        furniture(std::slice::from_ref(&p))[0],
        vec![None, Some(false)]
    );
}

#[test]
fn a_paragraph_ends_where_the_next_word_would_have_fitted_in_monospaced_type() {
    // a plain-text file printed ragged right: no indent, no space between paragraphs
    let mut seq = 0;
    let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"];
    let lines: [&[&str]; 7] = [
        &full,
        &full,
        &["fragiles", "du", "territoire."],
        // `Nouveau` would have fitted after `territoire.`: a new paragraph
        &["Nouveau", "paragraphe", "avec", "des", "mots", "bbbb"],
        &full,
        &["dans", "le"],
        // a hard-wrapped line in lower case goes on
        &["budget", "du", "conseil", "régional", "bbbbbbb"],
    ];
    let mut g = Vec::new();
    for (k, words) in lines.iter().enumerate() {
        g.extend(set_line(
            57.0,
            100.0 + 12.0 * k as f32,
            words,
            6.0,
            &mut seq,
        ));
    }
    let t = block_texts(g);
    let join = |r: std::ops::Range<usize>| {
        lines[r]
            .iter()
            .map(|l| l.join(" "))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(t, vec![join(0..3), join(3..7)]);
}

#[test]
fn one_line_paragraphs_set_flush_without_space_are_told_apart_in_proportional_type() {
    // TeX setting a table's cells as paragraphs: no indent, no space between them, every
    // line ragged; a line whose first word would have fitted on the short line above, with
    // room to spare, opens a paragraph
    let mut seq = 0;
    let lines: [&[&str]; 10] = [
        &[
            "1-1",
            "Proposer",
            "des",
            "parcours",
            "visant",
            "la",
            "qualification",
        ],
        &["aux", "besoins", "des", "entreprises"],
        // `1-1.1` would have fitted after `entreprises`: a new paragraph
        &[
            "1-1.1",
            "Etoffer",
            "l'offre",
            "de",
            "formation",
            "métiers",
            "ciblant",
        ],
        &[
            "des",
            "secteurs",
            "clés",
            "pour",
            "le",
            "développement",
            "de",
            "la",
        ],
        // `Région` would not have fitted after `de la` (the cell's lines wrap at its widest
        // line): the cell's line goes on
        &["Région", "et", "Pôle", "emploi"],
        // (`Action` would have: a new paragraph) nor after a word cut by a hyphen, nor under
        // a line in capitals (a title's lines)
        &["Action", "en", "lien", "avec", "le", "chantier", "forma-"],
        &["Tion", "et", "FLE"],
        &["PRÉFET", "DE", "LA", "RÉGION", "HAUTS-DE-FRANCE"],
        &["PRÉFET", "DU"],
        &["NORD"],
    ];
    let mut g = Vec::new();
    for (k, words) in lines.iter().enumerate() {
        g.extend(set_prop_line(
            57.0,
            100.0 + 12.0 * k as f32,
            words,
            3.0,
            &mut seq,
        ));
    }
    let t = block_texts(g);
    let join = |r: std::ops::Range<usize>| {
        lines[r]
            .iter()
            .map(|l| l.join(" "))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(t, vec![join(0..2), join(2..5), join(5..7), join(7..10)]);
}

#[test]
fn spaces_of_monospaced_type_lining_up_are_not_a_column() {
    // a plain-text file printed in Liberation Mono (LibreOffice): every glyph and every
    // space one 6 pt cell; the space after a nine-letter first word lines up on three
    // lines, and the words after it start at one x, as a column's would
    let mut seq = 0;
    let mut g = Vec::new();
    let lines: [&[&str]; 6] = [
        &[
            "Parcours",
            "itératif",
            ":",
            "Formation/retour",
            "à",
            "l'emploi",
        ],
        &["formation", "…"],
        &[
            "Formation",
            "sous",
            "forme",
            "de",
            "compétences",
            "indépendantes",
        ],
        &["attestées", "permettant", "des", "parcours", "itératifs"],
        &["formation"],
        &["Région", "/", "Pôle", "emploi"],
    ];
    for (k, words) in lines.iter().enumerate() {
        g.extend(set_line(
            57.0,
            100.0 + 22.7 * k as f32,
            words,
            6.0,
            &mut seq,
        ));
    }
    let t = block_texts(g);
    assert_eq!(
        t.join(" "),
        lines
            .iter()
            .map(|l| l.join(" "))
            .collect::<Vec<_>>()
            .join(" "),
        "{t:?}"
    );
    assert_eq!(
        mono_cell(&set_line(0.0, 0.0, &["Formation", "sous"], 6.0, &mut seq)),
        Some(6.0)
    );
}

#[test]
fn dash_items_set_at_one_indent_are_told_apart() {
    let mut seq = 0;
    let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"]; // 60 → 270
    let mut g = Vec::new();
    // a word processor's dash list: the dash and the items' other lines at one indent,
    // every line full but an item's last
    g.extend(set_line(
        60.0,
        100.0,
        &["Les", "défis", "sont", ":"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        60.0,
        112.0,
        &["-", "Premier", "bbbbbbb", "ccccccc", "ddddddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 124.0, &full, 6.0, &mut seq));
    g.extend(set_line(
        60.0,
        136.0,
        &["-", "Second", "bbbbbbb", "ccccccc", "ddddddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 148.0, &["fin", ";"], 6.0, &mut seq));
    g.extend(set_line(
        60.0,
        160.0,
        &["–", "Trois", "bbbbbbb", "ccccccc", "ddddddd"],
        6.0,
        &mut seq,
    ));
    // a paragraph whose line opens with a dash set between words stays whole
    g.extend(set_line(
        60.0,
        200.0,
        &["Une", "phrase", "bbbbbbb", "ccccccc", "ddddddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        60.0,
        212.0,
        &["–", "incise", "ccccccc", "ddddddd", "eeeeeee"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 224.0, &["fin."], 6.0, &mut seq));
    // a table cell's label under its text (`- Nouveau`), even after a dash, stays with it
    g.extend(set_line(
        60.0,
        260.0,
        &["-", "Sa", "cellule", "ccccccc", "ddddddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 272.0, &["-", "Nouveau"], 6.0, &mut seq));
    let t = block_texts(g.clone());
    assert_eq!(
        t,
        vec![
            "Les défis sont :",
            "- Premier bbbbbbb ccccccc ddddddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            "- Second bbbbbbb ccccccc ddddddd fin ;",
            "– Trois bbbbbbb ccccccc ddddddd",
            "Une phrase bbbbbbb ccccccc ddddddd – incise ccccccc ddddddd eeeeeee fin.",
            "- Sa cellule ccccccc ddddddd - Nouveau",
        ]
    );
    // the items are list items (kept with their lead-in by the segmenter)
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let kinds: Vec<BlockKind> = assemble(vec![p])[0].blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Paragraph,
            BlockKind::ListItem,
        ]
    );
}

#[test]
fn paragraphs_are_told_apart_by_indent_and_by_space() {
    let mut seq = 0;
    let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"]; // 60 → 270
    let mut g = Vec::new();
    // LaTeX, groff: no space between paragraphs, the first line indented 15 pt, the last
    // one short
    g.extend(set_line(
        75.0,
        100.0,
        &["Premier", "bbbbbbb", "ccccccc", "dddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 112.0, &full, 6.0, &mut seq));
    g.extend(set_line(60.0, 124.0, &["fin."], 6.0, &mut seq));
    g.extend(set_line(
        75.0,
        136.0,
        &["Second", "bbbbbbb", "ccccccc", "dddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 148.0, &full, 6.0, &mut seq));
    // a list item whose second line hangs under its text is one block
    g.extend(set_line(
        60.0,
        160.0,
        &["•", "item", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeeee"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(72.0, 172.0, &["suite"], 6.0, &mut seq));
    // a title on one line, then paragraphs with 6 pt between them and no indent: the
    // title is not the first line of the paragraph under it
    g.extend(set_line(60.0, 200.0, &["Titre"], 6.0, &mut seq));
    g.extend(set_line(60.0, 217.0, &full, 6.0, &mut seq));
    g.extend(set_line(60.0, 229.0, &["Corps."], 6.0, &mut seq));
    // a title centred over two lines stays one block
    g.extend(set_line(
        120.0,
        260.0,
        &["UN", "GRAND", "TITRE"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(135.0, 272.0, &["SUR", "DEUX"], 6.0, &mut seq));
    // LaTeX: a title set at the paragraph indent, no space under it, over a paragraph
    // whose first line is indented the same
    g.extend(set_line(75.0, 380.0, &["Section"], 6.0, &mut seq));
    g.extend(set_line(
        75.0,
        392.0,
        &["Cinq", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 404.0, &full, 6.0, &mut seq));
    // two numbered titles at the paragraph indent, one under the other, over a paragraph
    // indented the same; a short line at the indent that is not numbered goes on
    g.extend(set_line(75.0, 440.0, &["V)", "Méthode"], 6.0, &mut seq));
    g.extend(set_line(
        75.0,
        452.0,
        &["V.1)", "Les", "modalités"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        75.0,
        464.0,
        &["Afin", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 476.0, &full, 6.0, &mut seq));
    g.extend(set_line(75.0, 500.0, &["Objet"], 6.0, &mut seq));
    g.extend(set_line(
        75.0,
        512.0,
        &["2019-2022", "suite"],
        6.0,
        &mut seq,
    ));
    // a paragraph's last line at the top of a page, then a title and a paragraph at the
    // indent
    g.extend(set_line(60.0, 560.0, &["régional."], 6.0, &mut seq));
    g.extend(set_line(75.0, 572.0, &["Conclusion"], 6.0, &mut seq));
    g.extend(set_line(
        75.0,
        584.0,
        &["Sept", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 596.0, &full, 6.0, &mut seq));
    // a lettered title at the indent over a short line at the indent (a one-line paragraph
    // or a subtitle): the title does not take it
    g.extend(set_line(
        75.0,
        640.0,
        &["d.", "Des", "conditions"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        75.0,
        652.0,
        &["Une", "analyse", "fine."],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 664.0, &full, 6.0, &mut seq));
    // LibreOffice: 4 pt between paragraphs at a 12 pt pitch (1.35 times it), no indent
    g.extend(set_line(60.0, 300.0, &full, 6.0, &mut seq));
    g.extend(set_line(60.0, 312.0, &["Trois."], 6.0, &mut seq));
    g.extend(set_line(60.0, 328.2, &full, 6.0, &mut seq));
    g.extend(set_line(60.0, 340.2, &["Quatre."], 6.0, &mut seq));
    let t = block_texts(g);
    assert_eq!(
        t,
        vec![
            "Premier bbbbbbb ccccccc dddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee fin.",
            "Second bbbbbbb ccccccc dddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            "• item bbbbbbb ccccccc ddddddd eeeeeeee suite",
            "Titre",
            "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee Corps.",
            "UN GRAND TITRE SUR DEUX",
            "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee Trois.",
            "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee Quatre.",
            "Section",
            "Cinq bbbbbbb ccccccc ddddddd eeeeeee aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            "V) Méthode",
            "V.1) Les modalités",
            "Afin bbbbbbb ccccccc ddddddd eeeeeee aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            "Objet 2019-2022 suite",
            "régional.",
            "Conclusion",
            "Sept bbbbbbb ccccccc ddddddd eeeeeee aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            "d. Des conditions",
            "Une analyse fine. aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
        ]
    );
}

#[test]
fn a_title_in_capitals_set_in_body_type_is_not_the_paragraphs_line() {
    let mut seq = 0;
    let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"]; // 60 → 270
    let mut g = Vec::new();
    // TeX: a paragraph whose last line (a list item without a stop) is nearly full, then a
    // title in capitals at the paragraph indent, cut by a hyphen, then a paragraph not
    // indented, all at one pitch
    g.extend(set_line(60.0, 100.0, &full, 6.0, &mut seq));
    g.extend(set_line(
        60.0,
        112.0,
        &["formation", "accentuant", "des", "personnes", "x"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        75.0,
        124.0,
        &["AXE", "1", ":", "PROPOSER", "QUALI-"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        60.0,
        136.0,
        &["FIANTS", "VERS", "L'EMPLOI"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(
        60.0,
        148.0,
        &["Il", "bbbbbbb", "ccccccc", "ddddddd"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 160.0, &full, 6.0, &mut seq));
    // a title whose word is cut by a hyphen goes on under it, even on one word
    g.extend(set_line(
        60.0,
        200.0,
        &["OBJECTIFS", "DES", "AT-"],
        6.0,
        &mut seq,
    ));
    g.extend(set_line(60.0, 212.0, &["TENDUS"], 6.0, &mut seq));
    let t = block_texts(g);
    assert_eq!(
        t,
        vec![
            "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee formation accentuant des personnes x",
            "AXE 1 : PROPOSER QUALI- FIANTS VERS L'EMPLOI",
            "Il bbbbbbb ccccccc ddddddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            "OBJECTIFS DES AT- TENDUS",
        ]
    );
}

#[test]
fn page_numbers() {
    assert!(is_page_number("12"));
    assert!(is_page_number("Page 3 / 108"));
    assert!(is_page_number("- 4 -"));
    assert!(is_page_number("3 sur 10"));
    assert!(!is_page_number("2019 2020 2021 2022"));
    assert!(!is_page_number("Axe 1"));
}

/// Glyphs of `words` justified between `x0` and `x1` (6 pt per letter): the space between
/// words that fills the width, and the glyphs.
fn set_justified(x0: f32, x1: f32, base: f32, words: &[&str], seq: &mut u32) -> (f32, Vec<Glyph>) {
    let letters: usize = words.iter().map(|w| w.chars().count()).sum();
    let space = (x1 - x0 - 6.0 * letters as f32) / (words.len() - 1) as f32;
    (space, set_line(x0, base, words, space, seq))
}

#[test]
fn a_figure_past_a_justified_cell_s_edge_is_a_cell_of_its_own() {
    // A description cell justified between 170 and 470, and the row's start year set past
    // its right edge after a gap exactly as wide as the line's word spaces: the year is the
    // next cell's, as the other lines of the cell end at the edge with nothing beyond.
    let lines: [&[&str]; 4] = [
        &["Accompagner", "les", "réseaux", "dans", "le"],
        &["recensement", "des", "bonnes", "pratiques", "ensemble"],
        &["partager", "analyse", "de", "la", "valeur", "ajoutée"],
        &[
            "cibler", "ce", "qui", "peut", "faire", "objet", "du", "recueil",
        ],
    ];
    let layout = |edge_rows: bool| {
        let mut seq = 0;
        let mut g = set_line(60.0, 100.0, &["Identifier"], 6.0, &mut seq);
        let (space, first) = set_justified(170.0, 470.0, 100.0, lines[0], &mut seq);
        g.extend(first);
        g.extend(set_line(470.0 + space, 100.0, &["2020"], 6.0, &mut seq));
        for (k, words) in lines[1..].iter().enumerate() {
            let base = 112.0 + 12.0 * k as f32;
            // the other lines end at the cell's edge, or short of it (ragged)
            let end = if edge_rows {
                470.0
            } else {
                430.0 + 7.0 * k as f32
            };
            g.extend(set_justified(170.0, end, base, words, &mut seq).1);
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        p.lines.iter().map(Line::text).collect::<Vec<_>>()
    };
    let texts = layout(true);
    assert!(texts.contains(&"2020".to_string()), "{texts:?}");
    assert!(
        texts.contains(&"Accompagner les réseaux dans le".to_string()),
        "{texts:?}"
    );
    // Where the other lines do not end at that edge, the gap is the line's last word space.
    let texts = layout(false);
    assert!(
        texts.contains(&"Accompagner les réseaux dans le 2020".to_string()),
        "{texts:?}"
    );
}

#[test]
fn a_figure_under_its_column_s_header_at_a_page_s_foot_is_a_cell_of_its_own() {
    // A table's header row (`Phases | Description | Démarrage`), then its last row at the foot
    // of the page: a description cell justified between 170 and 470 over two lines, and the
    // start year set past the cell's edge, under `Démarrage`, across a gap narrower than the
    // line's stretched word spaces. Only the line below and the header frame the gap.
    let layout = |year_x: f32| {
        let mut seq = 0;
        let mut g = set_line(60.0, 700.0, &["Phases"], 6.0, &mut seq);
        g.extend(set_line(170.0, 700.0, &["Description"], 6.0, &mut seq));
        g.extend(set_line(480.0, 700.0, &["Démarrage"], 6.0, &mut seq));
        g.extend(set_line(60.0, 715.0, &["Identifier"], 6.0, &mut seq));
        let (space, first) = set_justified(
            170.0,
            470.0,
            715.0,
            &["Accompagner", "les", "réseaux", "dans", "le"],
            &mut seq,
        );
        assert!(space > 10.0, "{space}");
        g.extend(first);
        g.extend(set_line(year_x, 715.0, &["2019"], 6.0, &mut seq));
        g.extend(set_line(60.0, 727.0, &["locales"], 6.0, &mut seq));
        let (_, second) = set_justified(
            170.0,
            470.0,
            727.0,
            &["recensement", "des", "bonnes", "pratiques", "ensemble"],
            &mut seq,
        );
        g.extend(second);
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        p.lines.iter().map(Line::text).collect::<Vec<_>>()
    };
    let texts = layout(480.0);
    assert!(texts.contains(&"2019".to_string()), "{texts:?}");
    assert!(
        texts.contains(&"Accompagner les réseaux dans le".to_string()),
        "{texts:?}"
    );
    // Where nothing starts above it, the figure is the line's own.
    let texts = layout(484.0);
    assert!(
        texts.iter().any(|t| t.ends_with("dans le 2019")),
        "{texts:?}"
    );
}

#[test]
fn a_table_row_cut_by_a_page_break_goes_on_cell_by_cell() {
    // Page 1 ends on a table of two rows (title, description, status); page 2 opens on the rest
    // of the last row's title and description, side by side, then a title across the page.
    let page = |number: u32, rest: [&'static str; 2]| {
        let mut seq = 0;
        let mut g = Vec::new();
        for (k, (title, text, year)) in [
            ("Amplifier", "La région forme.", "Nouveau"),
            ("Soutenir des", "Elle doit mobiliser", "Renforcé"),
        ]
        .into_iter()
        .enumerate()
        {
            let base = 100.0 + 30.0 * k as f32;
            let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
            g.extend(set_line(60.0, base, &words(title), 6.0, &mut seq));
            g.extend(set_line(200.0, base, &words(text), 6.0, &mut seq));
            g.extend(set_line(450.0, base, &[year], 6.0, &mut seq));
        }
        let p1 = page_lines(1, 600.0, 800.0, g, Vec::new());
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let mut g = set_line(60.0, 60.0, &words(rest[0]), 6.0, &mut seq);
        g.extend(set_line(200.0, 60.0, &words(rest[1]), 6.0, &mut seq));
        g.extend(set_line(
            60.0,
            100.0,
            &["AGILITE", "DE", "LA", "COMMANDE"],
            6.0,
            &mut seq,
        ));
        let p2 = page_lines(number, 600.0, 800.0, g, Vec::new());
        let pages = assemble(vec![p1, p2]);
        pages
            .iter()
            .map(|p| p.blocks.iter().map(|b| b.text.clone()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let pages = page(2, ["projets", "des moyens."]);
    assert_eq!(
        pages[0].last().map(String::as_str),
        Some("Soutenir des projets | Elle doit mobiliser des moyens. | Renforcé"),
        "{pages:?}"
    );
    assert_eq!(pages[1], ["AGILITE DE LA COMMANDE"], "{pages:?}");
    // A piece that opens on a capital beside one that goes on with its cell's sentence is
    // the same row's (a cell's next paragraph).
    let pages = page(2, ["Projets", "des moyens."]);
    assert_eq!(
        pages[0].last().map(String::as_str),
        Some("Soutenir des Projets | Elle doit mobiliser des moyens. | Renforcé"),
        "{pages:?}"
    );
    // A page that opens on capitals starts something new: the table's next row, its pieces
    // standing at the left edges of the table's columns.
    let pages = page(2, ["Projets", "Des moyens."]);
    assert_eq!(
        pages[0].last().map(String::as_str),
        Some("Soutenir des | Elle doit mobiliser | Renforcé"),
        "{pages:?}"
    );
    assert_eq!(
        pages[1],
        ["Projets | Des moyens.", "AGILITE DE LA COMMANDE"],
        "{pages:?}"
    );
}

/// Two pages: the first ends on a table of two rows (title, description, status) whose last
/// description ends on `last`; the second opens on `rest` under the description, then on
/// `row` (title, description, status; the description set at `desc_x`, its column's left edge
/// being 200), then on a title across the page. The blocks' texts and kinds, page by page.
fn table_over_a_page_break(
    last: &'static str,
    rest: Option<&'static str>,
    row: [&'static str; 3],
    desc_x: f32,
) -> Vec<Vec<(String, BlockKind)>> {
    let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
    let mut seq = 0;
    let mut g = Vec::new();
    for (k, (title, text, status)) in [
        ("Amplifier", "La région forme.", "Nouveau"),
        ("Portfolio", last, "Renforcé"),
    ]
    .into_iter()
    .enumerate()
    {
        let base = 100.0 + 30.0 * k as f32;
        g.extend(set_line(60.0, base, &words(title), 6.0, &mut seq));
        g.extend(set_line(200.0, base, &words(text), 6.0, &mut seq));
        g.extend(set_line(450.0, base, &[status], 6.0, &mut seq));
    }
    let p1 = page_lines(1, 600.0, 800.0, g, Vec::new());
    let mut g = Vec::new();
    let mut y = 60.0;
    if let Some(rest) = rest {
        g.extend(set_line(200.0, y, &words(rest), 6.0, &mut seq));
        y += 30.0;
    }
    g.extend(set_line(60.0, y, &words(row[0]), 6.0, &mut seq));
    g.extend(set_line(desc_x, y, &words(row[1]), 6.0, &mut seq));
    g.extend(set_line(450.0, y, &[row[2]], 6.0, &mut seq));
    g.extend(set_line(
        60.0,
        y + 40.0,
        &["AGILITE", "DE", "LA", "COMMANDE"],
        6.0,
        &mut seq,
    ));
    let p2 = page_lines(2, 600.0, 800.0, g, Vec::new());
    assemble(vec![p1, p2])
        .iter()
        .map(|p| p.blocks.iter().map(|b| (b.text.clone(), b.kind)).collect())
        .collect()
}

#[test]
fn a_table_s_row_alone_at_the_top_of_a_page_is_a_row() {
    let row = ["Réalité", "Se projeter.", "Prévu"];
    let pages = table_over_a_page_break("Un outil.", None, row, 200.0);
    assert_eq!(
        pages[1][0],
        (
            "Réalité | Se projeter. | Prévu".to_string(),
            BlockKind::TableRow
        ),
        "{pages:?}"
    );
    // Text that does not start at the columns' left edges is not the table's.
    let pages = table_over_a_page_break("Un outil.", None, row, 240.0);
    assert!(
        pages[1].iter().all(|b| b.1 != BlockKind::TableRow),
        "{pages:?}"
    );
}

#[test]
fn a_cell_ending_on_a_bare_list_mark_goes_on_at_the_next_page_s_top() {
    // The item opens on a capital: the mark, not the case, says the cell goes on. Any of the
    // project's bullets is a list mark: a dash, a triangle, and a symbol font's bullet decoded
    // to a private-use code point.
    for last in ["Un outil : -", "Un outil : ▸", "Un outil : \u{F0A7}"] {
        let pages = table_over_a_page_break(
            last,
            Some("Intégration de CV"),
            ["Réalité", "Se projeter.", "Prévu"],
            200.0,
        );
        assert_eq!(
            pages[0].last().map(|b| b.0.as_str()),
            Some(format!("Portfolio | {last} Intégration de CV | Renforcé").as_str()),
            "{pages:?}"
        );
        assert_eq!(pages[1][0].0, "Réalité | Se projeter. | Prévu", "{pages:?}");
    }
    // A cell that ends a sentence keeps the page's first line out.
    let pages = table_over_a_page_break(
        "Un outil.",
        Some("Intégration de CV"),
        ["Réalité", "Se projeter.", "Prévu"],
        200.0,
    );
    assert_eq!(
        pages[0].last().map(|b| b.0.as_str()),
        Some("Portfolio | Un outil. | Renforcé"),
        "{pages:?}"
    );
}

#[test]
fn short_last_words_of_a_justified_column_stay_on_their_lines() {
    // A column justified between 300 and 547.5 whose lines end on two-letter words: the
    // words start at the same place, having the same width, but that is no column's left
    // edge (a line ending on a longer word shows the right edge they share).
    let rows: [&[&str]; 5] = [
        &["sur", "achat", "des", "cours", "de"],
        &["mais", "aussi", "sur", "achat", "en"],
        &["pour", "les", "stages", "longs", "au"],
        &["avec", "des", "cours", "tous", "de"],
        &["positionner", "sur", "achat", "formation"],
    ];
    let mut seq = 0;
    let mut g = Vec::new();
    for (k, words) in rows.iter().enumerate() {
        g.extend(set_justified(300.0, 547.5, 100.0 + 12.0 * k as f32, words, &mut seq).1);
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let texts: Vec<String> = p.lines.iter().map(Line::text).collect();
    let whole: Vec<String> = rows.iter().map(|w| w.join(" ")).collect();
    assert_eq!(texts, whole);
}

#[test]
fn narrow_glyphs_set_one_after_the_other_are_not_overprints() {
    let g = |text: &str, x0: f32, w: f32, seq: u32| glyph_on_100(text, x0, x0 + w, 10.5, seq);
    // a note call `ⁱⁱⁱ` (glyphs 1.85 pt wide, set 1.85 pt apart), then a fake bold `A` drawn
    // twice 0.4 pt apart
    let row = vec![
        g("C", 0.0, 7.0, 0),
        g("ⁱ", 7.0, 1.85, 1),
        g("ⁱ", 8.85, 1.85, 2),
        g("ⁱ", 10.7, 1.85, 3),
        g("A", 20.0, 7.0, 4),
        g("A", 20.4, 7.0, 5),
    ];
    let kept: String = super::lines::prepare_row(row)
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(kept, "CⁱⁱⁱA");
}

#[test]
fn a_row_s_one_line_cell_the_next_page_shows_to_be_two_cells_is_split() {
    // Page 1 ends on a row whose last line sets two cells side by side with one word space
    // between them (`… de diagnostic` `DIRECCTE : indica-`); page 2 opens on the row's rest,
    // one piece under each of the two cells.
    let row = |last: &[&str], seq: &mut u32| {
        let cells = vec![
            set_block(60.0, &[(700.0, &["AXE"])], 10.0, seq),
            set_block(100.0, &[(700.0, &["2019"])], 10.0, seq),
            set_block(200.0, &[(700.0, last)], 10.0, seq),
        ];
        let bbox = cells.iter().fold(cells[0].bbox, |a, c| a.union(&c.bbox));
        RawBlock {
            lines: Vec::new(),
            bbox,
            cells,
        }
    };
    let rest = |seq: &mut u32| {
        let cells = vec![
            set_block(60.0, &[(60.0, &["3"])], 10.0, seq),
            set_block(200.0, &[(60.0, &["basées"])], 10.0, seq),
            set_block(284.0, &[(60.0, &["teurs", "de", "suivi"])], 10.0, seq),
        ];
        let bbox = cells.iter().fold(cells[0].bbox, |a, c| a.union(&c.bbox));
        vec![RawBlock {
            lines: Vec::new(),
            bbox,
            cells,
        }]
    };
    let texts = |b: &RawBlock| {
        b.cells
            .iter()
            .map(|c| {
                c.lines
                    .iter()
                    .map(Line::text)
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .collect::<Vec<_>>()
    };
    let mut seq = 0;
    // `DIRECCTE` starts at 284, where the piece `teurs de suivi` starts
    let mut prev = vec![row(
        &["de", "diagnostic", "DIRECCTE", ":", "indica-"],
        &mut seq,
    )];
    let mut next = rest(&mut seq);
    super::tables::rows_across_pages(&mut prev, &mut next);
    assert_eq!(
        texts(&prev[0]),
        [
            "AXE / 3",
            "2019",
            "de diagnostic / basées",
            "DIRECCTE : indica- / teurs de suivi"
        ]
    );
    assert!(next.is_empty());
    // No word of the line starts where the second piece does: the row is left as it is.
    let mut prev = vec![row(
        &["de", "diagnostics", "DIRECCTE", ":", "indica-"],
        &mut seq,
    )];
    let mut next = rest(&mut seq);
    super::tables::rows_across_pages(&mut prev, &mut next);
    assert_eq!(
        texts(&prev[0]),
        ["AXE", "2019", "de diagnostics DIRECCTE : indica-"]
    );
    assert_eq!(next.len(), 1);
}

#[test]
fn a_start_year_beside_a_description_s_lines_is_no_page_number() {
    // Two rows of a table: a description of three lines, its start year centred on them past
    // the description's right edge; then two label rows (`Année` `2019`).
    let mut seq = 0;
    let mut g = Vec::new();
    for (k, year) in ["2019", "2021"].into_iter().enumerate() {
        let top = 100.0 + 40.0 * k as f32;
        for (j, words) in [
            ["Créer", "un", "socle", "commun", "d'outils"],
            ["partager", "avec", "les", "acteurs", "locaux"],
            ["dans", "une", "logique", "de", "parcours"],
        ]
        .iter()
        .enumerate()
        {
            g.extend(set_line(60.0, top + 12.0 * j as f32, words, 6.0, &mut seq));
        }
        g.extend(set_line(320.0, top + 12.0, &[year], 6.0, &mut seq));
    }
    for (k, year) in ["2019", "2020"].into_iter().enumerate() {
        let base = 300.0 + 12.0 * k as f32;
        g.extend(set_line(60.0, base, &["Année"], 6.0, &mut seq));
        g.extend(set_line(200.0, base, &[year], 6.0, &mut seq));
    }
    let p = page_lines(1, 600.0, 800.0, g, Vec::new());
    let texts: Vec<String> = p.lines.iter().map(Line::text).collect();
    // The years stay apart from the prose: neither joined to the line they stand on nor
    // carried to the description's last line as a contents entry's page number is.
    assert!(texts.contains(&"2019".to_string()), "{texts:?}");
    assert!(texts.contains(&"2021".to_string()), "{texts:?}");
    assert!(
        texts.contains(&"dans une logique de parcours".to_string()),
        "{texts:?}"
    );
    // Beside a label, a year is the label's figure.
    assert!(texts.contains(&"Année 2019".to_string()), "{texts:?}");
    assert!(texts.contains(&"Année 2020".to_string()), "{texts:?}");
}
