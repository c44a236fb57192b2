//! Tests of segmentation, with a property test (`prop`): passages cover the body, in order,
//! without overlap.

use super::headings::{classify_heading, names_axis};
use super::plain::make_page;
use super::toc::is_toc_filler;
use super::*;
use crate::model::Page;

fn block(page: u32, kind: BlockKind, size: f32, bold: bool, text: &str) -> Block {
    Block {
        page,
        bbox: Default::default(),
        font_size: size,
        bold,
        kind,
        text: text.to_string(),
    }
}

fn doc(blocks: Vec<Block>) -> Document {
    let mut pages: Vec<Page> = Vec::new();
    for b in blocks {
        if pages.last().is_none_or(|p| p.number != b.page) {
            pages.push(make_page(b.page, Vec::new()));
        }
        if let Some(p) = pages.last_mut() {
            p.blocks.push(b);
        }
    }
    Document {
        file: "t.pdf".into(),
        sha256: "0123456789abcdef".into(),
        meta: Default::default(),
        pages,
    }
}

/// The passages (default options) with their bodies as text: the titles a passage opens
/// with (`a_passage_opens_with_the_titles_above_it`) are in its heading path.
fn bodies(d: &Document) -> Vec<Passage> {
    segment(d, &SegmentOptions::default())
        .into_iter()
        .map(|mut p| {
            p.text = crate::text::body(&p.text, &p.heading).to_string();
            p
        })
        .collect()
}

/// A sentence of body text under the titles of the tests.
const BODY: &str = "Le Pacte finance des parcours de formation pour les demandeurs d'emploi peu qualifiés de la région.";

/// Each passage of the blocks (segmented with the default options) as its heading path
/// (` > ` between the headings) and its text.
fn outline(blocks: Vec<Block>) -> Vec<(String, String)> {
    bodies(&doc(blocks))
        .into_iter()
        .map(|p| (p.heading.join(" > "), p.text))
        .collect()
}

#[test]
fn wrapped_titles_are_joined_and_run_on_items_are_body() {
    use BlockKind::Paragraph as P;
    let ps = bodies(
        &doc(vec![
            block(1, P, 14.0, true, "Axe 1 : Proposer des"),
            block(1, P, 14.0, true, "parcours qualifiants vers l'emploi, renouvelés"),
            block(1, P, 10.0, false, BODY),
            block(1, P, 10.0, false, "1. Mode marché existant (abondement financier du programme d'information, d'entretiens conseil et"),
            block(1, P, 10.0, false, "de promotion de la VAE). Le Pacte permet de financer les besoins des particuliers."),
            block(1, P, 10.0, false, BODY),
            block(2, P, 10.0, true, "2. Les modalités de suivi"),
            block(2, P, 10.0, false, "des actions sont précisées. Elles portent sur les entrées en formation."),
        ]),
    );
    let axis =
        vec!["Axe 1 : Proposer des parcours qualifiants vers l'emploi, renouvelés".to_string()];
    // the wrapped axis title is one heading; the run-on list item stays in the body
    assert_eq!(ps[0].heading, axis, "{ps:#?}");
    assert!(
        ps.iter()
            .take_while(|p| p.page_start == 1)
            .all(|p| p.heading == axis),
        "{ps:#?}"
    );
    let all: String = ps
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("1. Mode marché existant"), "{all}");
    assert!(!all.contains("parcours qualifiants vers l'emploi"), "{all}");
    // a short title that does not stop mid-phrase stays a title
    assert_eq!(
        ps.last().map(|p| p.heading.clone()),
        Some(vec![
            axis[0].clone(),
            "2. Les modalités de suivi".to_string()
        ]),
        "{ps:#?}"
    );
}

#[test]
fn a_long_title_that_does_not_close_its_sentence_goes_on_in_lower_case() {
    use BlockKind::Paragraph as P;
    let ps = outline(vec![
        // an axis title cut after a noun: the word in lower case below it is its end
        block(1, P, 14.0, true, "Axe 2 : Garantir l'accès des publics fragiles aux parcours qualifiants par la consolidation des compétences"),
        block(1, P, 14.0, true, "clés"),
        block(1, P, 10.0, false, BODY),
        // a numbered line of body type that goes on in lower case: a numbered item, body
        block(1, P, 10.0, false, "4. S'engager à faire progresser le nombre de personnes accueillies en formation au regard du nombre"),
        block(1, P, 10.0, false, "d'entrées en formation constatées en 2017 à la fois pour :"),
        block(1, P, 10.0, false, "• Les entrées en formation des personnes en recherche d'emploi ;"),
        // a long title in capitals over items under letter `o` bullets: they stay items
        block(2, P, 10.0, true, "IV - OBJECTIFS DE L'ACTION ET EFFETS ATTENDUS DU PROGRAMME REGIONAL"),
        block(2, P, 10.0, false, "o Renforcer le diagnostic amont des candidats à la VAE."),
    ]);
    let axis = "Axe 2 : Garantir l'accès des publics fragiles aux parcours qualifiants par la consolidation des compétences clés";
    assert_eq!(ps[0].0, axis, "{ps:#?}");
    let under_axis: String = ps
        .iter()
        .filter(|(h, _)| h == axis)
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        under_axis.contains("4. S'engager à faire progresser le nombre")
            && under_axis.contains("d'entrées en formation constatées en 2017"),
        "{ps:#?}"
    );
    let last = ps.last().expect("passages");
    assert!(
        last.0.ends_with("EFFETS ATTENDUS DU PROGRAMME REGIONAL"),
        "{ps:#?}"
    );
    assert!(last.1.starts_with("o Renforcer"), "{ps:#?}");
}

#[test]
fn wrapped_titles_in_capitals_are_joined() {
    use BlockKind::Paragraph as P;
    let ps = bodies(&doc(vec![
        // body type, as some producers set titles: the lines in capitals are the cues
        block(1, P, 10.0, false, "AXE 1 : PROPOSER DES PARCOURS QUALI-"),
        block(1, P, 10.0, false, "FIANTS VERS L'EMPLOI, RENOUVELES DANS"),
        block(1, P, 10.0, false, "LEURS CONTENUS, AU REGARD DES BESOINS"),
        block(1, P, 10.0, false, "DE L'ECONOMIE EN TEMPS REEL"),
        block(1, P, 10.0, false, BODY),
        // two titles in capitals, the first one whole: two headings
        block(2, P, 10.0, false, "PARTIE 2 : LES PROJETS"),
        block(2, P, 10.0, false, "CONSTATS ET ENJEUX"),
        block(2, P, 10.0, false, BODY),
    ]));
    assert_eq!(
        ps[0].heading,
        vec!["AXE 1 : PROPOSER DES PARCOURS QUALIFIANTS VERS L'EMPLOI, RENOUVELES DANS LEURS CONTENUS, AU REGARD DES BESOINS DE L'ECONOMIE EN TEMPS REEL".to_string()],
        "{ps:#?}"
    );
    assert_eq!(ps[0].text, BODY);
    let last = ps.last().expect("passages");
    assert_eq!(
        last.heading.last().map(String::as_str),
        Some("CONSTATS ET ENJEUX"),
        "{ps:#?}"
    );
    assert!(
        last.heading.iter().any(|h| h == "PARTIE 2 : LES PROJETS"),
        "{ps:#?}"
    );
}

#[test]
fn a_title_run_into_the_paragraph_before_it_is_a_title() {
    use BlockKind::Paragraph as P;
    let heads = outline(vec![
            block(1, P, 10.0, false, "1. LE CAP DE TRANSFORMATION"),
            block(1, P, 10.0, false, "d. Des conditions d’actualisation du diagnostic"),
            block(
                1,
                P,
                10.0,
                false,
                &format!("{BODY} e. Un appareil de formation plus agile pour les entreprises, et mieux adapté aux publics"),
            ),
            block(1, P, 10.0, false, BODY),
            // a list item in the text is no title: no `b.` is open, `c.` does not follow
            block(2, P, 10.0, false, &format!("{BODY} c. Les suites données aux projets")),
            // nor is a sentence that goes on past a stop
            block(2, P, 10.0, false, &format!("{BODY} f. Une concertation. Elle réunit les acteurs")),
    ]);
    assert_eq!(heads.len(), 2, "{heads:#?}");
    assert_eq!(
        heads[0],
        (
            "1. LE CAP DE TRANSFORMATION > d. Des conditions d’actualisation du diagnostic"
                .to_string(),
            BODY.to_string()
        )
    );
    assert_eq!(
        heads[1].0,
        "1. LE CAP DE TRANSFORMATION > e. Un appareil de formation plus agile pour les entreprises, et mieux adapté aux publics"
    );
    assert!(
        heads[1].1.starts_with(BODY) && heads[1].1.contains("c. Les suites"),
        "{heads:#?}"
    );
}

#[test]
fn a_title_in_capitals_run_in_follows_the_last_title_in_capitals_of_its_family() {
    use BlockKind::Paragraph as P;
    let mut heads: Vec<String> = outline(vec![
        block(1, P, 10.0, false, "2. DES ACTIONS POUR EVOLUER (2019)"),
        block(1, P, 10.0, false, BODY),
        // numbered items of the same family, in lower case, come between
        block(
            1,
            P,
            10.0,
            false,
            "3. Maintenir un engagement financier sur la durée",
        ),
        block(
            1,
            P,
            10.0,
            false,
            &format!("{BODY} 3. LES ACTIONS NOUVELLES PROPOSEES"),
        ),
        block(2, P, 10.0, false, "I - AXE DU PACTE CONCERNE"),
        block(2, P, 10.0, false, BODY),
        // a title in lower case run in is not taken on that ground
        block(
            2,
            P,
            10.0,
            false,
            &format!("{BODY} 4. Les suites données aux projets"),
        ),
    ])
    .into_iter()
    .map(|(h, _)| h)
    .collect();
    heads.dedup();
    assert_eq!(
        heads,
        vec![
            "2. DES ACTIONS POUR EVOLUER (2019)",
            "3. Maintenir un engagement financier sur la durée",
            "3. LES ACTIONS NOUVELLES PROPOSEES > I - AXE DU PACTE CONCERNE",
        ],
    );
}

#[test]
fn a_roman_title_closes_numbered_lines_in_body_type() {
    use BlockKind::Paragraph as P;
    let heads: Vec<String> = outline(vec![
        block(
            1,
            P,
            10.0,
            false,
            "AXE 1 : PROPOSER DES PARCOURS QUALIFIANTS",
        ),
        block(1, P, 10.0, false, "1- Accès renforcé à l’alternance"),
        block(1, P, 10.0, false, BODY),
        block(
            1,
            P,
            10.0,
            false,
            "2- Accès au contrat en amont ou après une rupture",
        ),
        block(1, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "XI - CALENDRIER"),
        block(2, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "I - AXE DU PACTE CONCERNE"),
        block(2, P, 10.0, false, BODY),
    ])
    .into_iter()
    .map(|(path, _)| path)
    .collect();
    // the next sheet's fields are not under the list's second item
    let axe = "AXE 1 : PROPOSER DES PARCOURS QUALIFIANTS";
    assert_eq!(
        heads,
        vec![
            format!("{axe} > 1- Accès renforcé à l’alternance"),
            format!("{axe} > 2- Accès au contrat en amont ou après une rupture"),
            format!("{axe} > XI - CALENDRIER"),
            format!("{axe} > I - AXE DU PACTE CONCERNE"),
        ]
    );
}

#[test]
fn a_title_in_capitals_run_into_a_list_item_heads_its_field() {
    use BlockKind::Paragraph as P;
    let got = outline(vec![
        block(1, P, 10.0, false, "VII - INDICATEURS A SUIVRE"),
        block(1, P, 10.0, false, "Indicateurs associés :"),
        // the next field's title, in capitals, run into a list item that ends without a stop
        block(
            1,
            P,
            10.0,
            false,
            "- Nombre d’entreprises ayant participé à des actions de découverte VIII - MODALITES DE CONTRACTUALISATION SOUHAITEE",
        ),
        block(1, P, 10.0, false, "Marché à procédure adaptée."),
        // capitals after a word that do not go on the outline are text
        block(
            1,
            P,
            10.0,
            false,
            "- Nombre de places ouvertes en 2019 V - CAP PETITE ENFANCE ET BTS",
        ),
        // nor is a title in lower case after a word
        block(
            1,
            P,
            10.0,
            false,
            "- Nombre de bénéficiaires accompagnés IX - Volumétrie prévue pour l’action",
        ),
        // a title run in after an ellipsis, as after a stop
        block(
            1,
            P,
            10.0,
            false,
            "Actions nouvelles pour un territoire, un type de public… IX - VOLUMETRIE DE L’ACTION",
        ),
        block(1, P, 10.0, false, BODY),
    ]);
    let heads: Vec<&str> = got.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        heads,
        vec![
            "VII - INDICATEURS A SUIVRE",
            "VIII - MODALITES DE CONTRACTUALISATION SOUHAITEE",
            "IX - VOLUMETRIE DE L’ACTION"
        ],
        "{got:#?}"
    );
    assert!(got[0].1.ends_with("actions de découverte"), "{got:#?}");
    assert!(
        got[1].1.starts_with("Marché à procédure adaptée."),
        "{got:#?}"
    );
    assert!(
        got[1].1.contains("V - CAP PETITE ENFANCE ET BTS"),
        "{got:#?}"
    );
    assert!(got[1].1.contains("IX - Volumétrie"), "{got:#?}");
    assert!(got[1].1.ends_with("un type de public…"), "{got:#?}");
}

#[test]
fn a_title_that_heads_nothing_is_a_passage_of_its_own() {
    use BlockKind::Paragraph as P;
    let got = outline(vec![
        block(1, P, 14.0, true, "PREAMBULE"),
        block(1, P, 12.0, true, "1. Itinéraires de réussite"),
        block(1, P, 12.0, true, "2. Information et orientation"),
        block(1, P, 10.0, false, BODY),
        block(2, P, 12.0, true, "3. Les publics"),
    ]);
    let pre = "PREAMBULE";
    assert_eq!(
        got,
        vec![
            (pre.to_string(), "1. Itinéraires de réussite".to_string()),
            (
                format!("{pre} > 2. Information et orientation"),
                BODY.to_string()
            ),
            // the last title, with nothing under it, is not lost either
            (pre.to_string(), "3. Les publics".to_string()),
        ]
    );
}

#[test]
fn a_list_announced_by_a_colon_and_set_as_titles_is_a_list() {
    use BlockKind::HeadingCandidate as H;
    use BlockKind::Paragraph as P;
    let lead = "Le CPRDFOP organise la formation autour de 4 Plans Stratégiques :";
    let after = "Fort de cet acquis, les signataires prendront appui sur ces plans.";
    let items = [
        "1. Itinéraires de réussite et lutte contre le décrochage",
        "2. Information et orientation des jeunes et des adultes",
        "3. Lycées et établissements de formation",
        "4. Innovations pédagogiques et numériques",
    ];
    let mut blocks = vec![
        block(1, P, 14.0, true, "PREAMBULE"),
        block(1, P, 10.0, false, lead),
    ];
    // the items set bold and larger, as titles are
    blocks.extend(items.iter().map(|t| block(1, H, 12.0, true, t)));
    blocks.push(block(1, P, 10.0, false, after));
    let got = outline(blocks.clone());
    // the items stay with their lead-in; the last does not head what follows
    assert_eq!(
        got,
        vec![(
            "PREAMBULE".to_string(),
            [lead]
                .into_iter()
                .chain(items)
                .chain([after])
                .collect::<Vec<_>>()
                .join("\n")
        )],
        "{got:#?}"
    );
    // the same titles with no colon before them, or with a body under one of them, are
    // titles
    let mut plain = blocks.clone();
    plain[1].text = BODY.to_string();
    let got = outline(plain);
    assert_eq!(
        got.last().map(|(h, _)| h.as_str()),
        Some("PREAMBULE > 4. Innovations pédagogiques et numériques"),
        "{got:#?}"
    );
    let mut headed = blocks;
    headed.insert(3, block(1, P, 10.0, false, BODY));
    let got = outline(headed);
    assert!(
        got.iter().any(|(h, t)| h
            == "PREAMBULE > 1. Itinéraires de réussite et lutte contre le décrochage"
            && t == BODY),
        "{got:#?}"
    );
}

#[test]
fn numbered_items_stay_together_and_numbered_paragraphs_apart() {
    use BlockKind::Paragraph as P;
    // numbered paragraphs of their own, going on from the list's numbers
    let long = |n: usize| format!("{n}. {}", vec!["mesure"; 70].join(" ") + ".");
    let lead = format!("{BODY} {BODY} {BODY} {BODY} Le programme porte sur :");
    let got = outline(vec![
        block(1, P, 14.0, true, "PREAMBULE"),
        // a lead-in long enough to be a passage of its own
        block(1, P, 10.0, false, &lead),
        block(1, P, 10.0, false, "1. La qualité de vie au travail,"),
        block(
            1,
            P,
            10.0,
            false,
            "2. La prévention des risques professionnels,",
        ),
        block(
            1,
            P,
            10.0,
            false,
            "3. La formation en situation de travail.",
        ),
        block(1, P, 10.0, false, &long(4)),
        block(1, P, 10.0, false, &long(5)),
    ]);
    let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            format!("{lead}\n1. La qualité de vie au travail,\n2. La prévention des risques professionnels,\n3. La formation en situation de travail.").as_str(),
            long(4).as_str(),
            long(5).as_str(),
        ],
        "{got:#?}"
    );
}

#[test]
fn an_action_sheet_title_in_body_type_heads_its_sheet() {
    use BlockKind::Paragraph as P;
    let d = doc(vec![
        block(1, P, 14.0, true, "3. LES ACTIONS NOUVELLES"),
        block(
            1,
            P,
            10.0,
            false,
            "Développer une approche innovante de la VAE",
        ),
        block(1, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
        block(1, P, 10.0, false, BODY),
        block(1, P, 10.0, false, "II - DIAGNOSTIC"),
        block(1, P, 10.0, false, BODY),
        // the next sheet's title closes the first sheet
        block(2, P, 10.0, false, "Outiller pour mieux informer"),
        block(2, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
        block(2, P, 10.0, false, BODY),
        // a name run into the end of the line above it, after a figure
        block(3, P, 10.0, false, BODY),
        block(
            3,
            P,
            10.0,
            false,
            "Budget total : 10 M€ Rémunérer les stagiaires",
        ),
        block(3, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
        block(3, P, 10.0, false, BODY),
        // a sheet whose name is lost (a data line) is not under the last one
        block(4, P, 10.0, false, "Budget total : 10 M€"),
        block(4, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
        block(4, P, 10.0, false, BODY),
    ]);
    let ps = bodies(&d);
    let got: Vec<String> = ps.iter().map(|p| p.heading.join(" > ")).collect();
    let sheet = "3. LES ACTIONS NOUVELLES > Développer une approche innovante de la VAE";
    let next = "3. LES ACTIONS NOUVELLES > Outiller pour mieux informer";
    let paid = "3. LES ACTIONS NOUVELLES > Rémunérer les stagiaires";
    assert_eq!(
        got,
        [
            format!("{sheet} > I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            format!("{sheet} > II - DIAGNOSTIC"),
            format!("{next} > I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            format!("{paid} > I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            "3. LES ACTIONS NOUVELLES > I - AXE DU PACTE CONCERNE PAR L'ACTION".to_string(),
        ],
        "{got:#?}"
    );
    // the line above keeps what comes before the name
    assert!(
        ps[2].text.ends_with("Budget total : 10 M€"),
        "{:?}",
        ps[2].text
    );
}

#[test]
fn a_long_numbered_line_after_its_sibling_title_is_a_title() {
    use BlockKind::Paragraph as P;
    let long = "6 – Acquérir les compétences de base, valider un diplôme puis s'insérer sur le marché du travail par la mise en situation de production :";
    let d = doc(vec![
        block(1, P, 10.0, false, "5 - Mettre en œuvre des formations de français :"),
        block(1, P, 10.0, false, BODY),
        block(1, P, 10.0, false, long),
        block(1, P, 10.0, false, BODY),
        // no open sibling: a long numbered line is body text
        block(2, P, 10.0, false, "III) Les publics"),
        block(2, P, 10.0, false, "4 - Les stagiaires pourront suivre des modules complémentaires choisis avec leur conseiller selon leur projet professionnel :"),
        // a sibling, but the line stops mid-phrase: the first line of a list item
        block(2, P, 10.0, false, "1 - Les publics :"),
        block(2, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "2 - Les stagiaires pourront suivre des modules complémentaires choisis avec leur conseiller selon leur projet professionnel et"),
    ]);
    let got: Vec<String> = bodies(&d).iter().map(|p| p.heading.join(" > ")).collect();
    assert_eq!(
        got,
        [
            "5 - Mettre en œuvre des formations de français :",
            long,
            "III) Les publics",
            "III) Les publics > 1 - Les publics :",
        ],
        "{got:#?}"
    );
}

#[test]
fn a_passage_opens_with_the_titles_above_it() {
    use BlockKind::Paragraph as P;
    let d = doc(vec![
        block(1, P, 14.0, true, "PREAMBULE"),
        block(1, P, 12.0, true, "1. Itinéraires de réussite"),
        block(1, P, 10.0, false, BODY),
        block(1, P, 12.0, true, "2. Le budget"),
        block(1, P, 11.0, true, "a) Le programme"),
        block(1, P, 11.0, true, "b) L'appel à projets"),
        block(1, P, 12.0, true, "3. Information et orientation"),
        block(2, P, 10.0, false, BODY),
        block(2, P, 12.0, true, "4. Les publics"),
        block(2, P, 10.0, false, BODY),
    ]);
    let got: Vec<(String, String, u32)> = segment(&d, &SegmentOptions::default())
        .into_iter()
        .map(|p| (p.heading.join(" > "), p.text, p.page_start))
        .collect();
    let s = |h: &str, t: &str, page: u32| (h.to_string(), t.to_string(), page);
    assert_eq!(
        got[..3],
        [
            // the body's first passage opens with every title above it since the last body
            s(
                "PREAMBULE > 1. Itinéraires de réussite",
                &format!("PREAMBULE\n1. Itinéraires de réussite\n{BODY}"),
                1
            ),
            // a title that heads only titles heading nothing opens the first of them
            s(
                "PREAMBULE > 2. Le budget",
                "2. Le budget\na) Le programme",
                1
            ),
            s("PREAMBULE > 2. Le budget", "b) L'appel à projets", 1),
        ],
        "{got:#?}"
    );
    // a title is in one passage only, and the pages are those of the body
    let rest: Vec<&(String, String, u32)> = got[3..].iter().collect();
    assert_eq!(
        rest[0].1,
        format!("3. Information et orientation\n{BODY}"),
        "{got:#?}"
    );
    assert_eq!(rest[0].2, 2);
    assert_eq!(rest[1].1, format!("4. Les publics\n{BODY}"), "{got:#?}");
    assert_eq!(rest.len(), 2, "{got:#?}");
    // what a passage says is the text after its titles
    let bodies: Vec<String> = bodies(&d).into_iter().map(|p| p.text).collect();
    assert_eq!(
        bodies[..3],
        [BODY, "a) Le programme", "b) L'appel à projets"]
    );
}

#[test]
fn figures_under_a_roman_field_number_a_list_within_it() {
    use BlockKind::Paragraph as P;
    // an action sheet under `3.`: its fields in roman numerals (body type), the numbered
    // lines of a field set large and bold like the sections
    let heads: Vec<String> = outline(vec![
        block(1, P, 13.5, true, "3. LES ACTIONS NOUVELLES PROPOSEES"),
        block(1, P, 9.5, false, BODY),
        block(1, P, 9.5, false, "IV - OBJECTIFS DE L’ACTION"),
        block(1, P, 9.5, false, BODY),
        block(1, P, 13.5, true, "2. Développer un accompagnement innovant"),
        block(1, P, 9.5, false, BODY),
        block(1, P, 9.5, false, "V - PUBLIC VISE"),
        block(1, P, 9.5, false, BODY),
        block(
            1,
            P,
            13.5,
            true,
            "1. Renforcement du programme d’information",
        ),
        block(1, P, 9.5, false, BODY),
        block(1, P, 13.5, true, "2. Lancement d’un appel à propositions"),
        block(1, P, 9.5, false, BODY),
        block(2, P, 9.5, false, "VI - BUDGET"),
        block(2, P, 9.5, false, BODY),
        block(2, P, 13.5, true, "4. ANNEXES FINANCIERES"),
        block(2, P, 9.5, false, BODY),
    ])
    .into_iter()
    .map(|(path, _)| path)
    .collect();
    let s = "3. LES ACTIONS NOUVELLES PROPOSEES";
    assert_eq!(
        heads,
        vec![
            s.to_string(),
            format!("{s} > IV - OBJECTIFS DE L’ACTION"),
            format!("{s} > IV - OBJECTIFS DE L’ACTION > 2. Développer un accompagnement innovant"),
            format!("{s} > V - PUBLIC VISE"),
            format!("{s} > V - PUBLIC VISE > 1. Renforcement du programme d’information"),
            format!("{s} > V - PUBLIC VISE > 2. Lancement d’un appel à propositions"),
            format!("{s} > VI - BUDGET"),
            // a title in capitals that goes on from section 3 keeps its place
            "4. ANNEXES FINANCIERES".to_string(),
        ]
    );
}
#[test]
fn a_run_in_title_goes_on_in_the_next_line() {
    use BlockKind::Paragraph as P;
    let heads = outline(vec![
        block(1, P, 10.0, false, &format!("{BODY} 1. LE CAP DE")),
        block(1, P, 10.0, false, "TRANSFORMATION"),
        block(1, P, 10.0, false, BODY),
        // a word in capitals closing a sentence is the paragraph's end, not a title
        block(1, P, 10.0, false, "SPED/SPEL)."),
        block(1, P, 10.0, false, BODY),
    ]);
    assert_eq!(heads.len(), 2, "{heads:#?}");
    assert_eq!(heads[0], (String::new(), BODY.to_string()));
    assert_eq!(heads[1].0, "1. LE CAP DE TRANSFORMATION");
    assert_eq!(heads[1].1, format!("{BODY}\nSPED/SPEL).\n{BODY}"));
}

#[test]
fn an_annex_title_glued_to_other_text_heads_the_annex() {
    use BlockKind::Paragraph as P;
    const RUN: &str = "L’expérience du plan a montré les limites d’un soutien temporaire.";
    let heads = outline(vec![
        block(
            1,
            P,
            10.0,
            false,
            "Axe 2 : Garantir l’accès des publics fragiles",
        ),
        block(1, P, 10.0, false, "XI - CALENDRIER"),
        block(1, P, 10.0, false, BODY),
        block(
            2,
            P,
            10.0,
            false,
            &format!("ANNEXE 1 : Maintien de la dynamique des effectifs enclenchée en 2018 {RUN}"),
        ),
        block(
            3,
            P,
            10.0,
            false,
            "Le + PIC ANNEXE 2 : LA COMMANDE REGIONALE DE FORMATIONS",
        ),
        block(3, P, 10.0, false, BODY),
    ]);
    let h = |a: &str, b: &str| (a.to_string(), b.to_string());
    // no word is lost: the label glued to the second annex's title stays body text
    assert_eq!(
        heads,
        vec![
            h(
                "Axe 2 : Garantir l’accès des publics fragiles > XI - CALENDRIER",
                BODY
            ),
            h(
                "ANNEXE 1 : Maintien de la dynamique des effectifs enclenchée en 2018",
                &format!("{RUN}\nLe + PIC")
            ),
            h("ANNEXE 2 : LA COMMANDE REGIONALE DE FORMATIONS", BODY),
        ]
    );
}

#[test]
fn a_lettered_title_does_not_hold_a_numbered_one() {
    use BlockKind::Paragraph as P;
    // the section holding the letters (`1. Le cap`) was lost: `2.` still closes `g.`
    let ps = bodies(&doc(vec![
        block(1, P, 10.0, false, "f. Des moyens pour agir"),
        block(1, P, 10.0, false, BODY),
        block(1, P, 10.0, false, "g. Des outils pour piloter et évaluer"),
        block(1, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "2. DES ACTIONS POUR EVOLUER"),
        block(2, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "a. Parcours sans couture"),
        block(2, P, 10.0, false, BODY),
        block(3, P, 10.0, false, "II - CATEGORIE D'INTERVENTION"),
        block(3, P, 10.0, false, BODY),
    ]));
    let heads: Vec<Vec<String>> = ps.iter().map(|p| p.heading.clone()).collect();
    let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        heads,
        vec![
            h(&["f. Des moyens pour agir"]),
            h(&["g. Des outils pour piloter et évaluer"]),
            h(&["2. DES ACTIONS POUR EVOLUER"]),
            h(&["2. DES ACTIONS POUR EVOLUER", "a. Parcours sans couture"]),
            h(&[
                "2. DES ACTIONS POUR EVOLUER",
                "II - CATEGORIE D'INTERVENTION"
            ]),
        ],
        "{ps:#?}"
    );
}

#[test]
fn figures_closed_by_a_parenthesis_or_a_dash_number_a_level_of_their_own() {
    use BlockKind::Paragraph as P;
    // `1)` under `2.` and `a.` is a level below them, not section 1 again; `1.2` carries its
    // parents whatever follows its figures
    let ps = bodies(&doc(vec![
        block(1, P, 10.0, false, "2. DES ACTIONS POUR EVOLUER"),
        block(1, P, 10.0, false, BODY),
        block(1, P, 10.0, false, "a. Parcours sans couture"),
        block(1, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "1) PARCOURS DE FORMATION VERS L'EMPLOI"),
        block(2, P, 10.0, false, BODY),
        block(2, P, 10.0, false, "2) PRISE EN CHARGE DES PUBLICS"),
        block(2, P, 10.0, false, BODY),
        block(3, P, 10.0, false, "1- Favoriser l'émergence des axes"),
        block(3, P, 10.0, false, BODY),
        block(3, P, 10.0, false, "3. LES MOYENS"),
        block(3, P, 10.0, false, BODY),
    ]));
    let heads: Vec<Vec<String>> = ps.iter().map(|p| p.heading.clone()).collect();
    let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let two = "2. DES ACTIONS POUR EVOLUER";
    let paren = "2) PRISE EN CHARGE DES PUBLICS";
    assert_eq!(
        heads,
        vec![
            h(&[two]),
            h(&[two, "a. Parcours sans couture"]),
            h(&[two, "1) PARCOURS DE FORMATION VERS L'EMPLOI"]),
            h(&[two, paren]),
            h(&[two, paren, "1- Favoriser l'émergence des axes"]),
            h(&["3. LES MOYENS"]),
        ],
        "{ps:#?}"
    );
}

#[test]
fn a_table_of_contents_title_heads_nothing() {
    use BlockKind::Paragraph as P;
    // the table's entries lost their page numbers: they are not recognised as entries
    let ps = bodies(&doc(vec![
        block(1, P, 14.0, true, "Table des matières"),
        block(1, P, 10.0, false, "Le préambule du Pacte et ses enjeux"),
        block(2, P, 10.0, false, "I) Préambule :"),
        block(2, P, 10.0, false, BODY),
        // a word that may title a table of contents but heads a section here
        block(3, P, 12.0, true, "Contenu :"),
        block(3, P, 10.0, false, BODY),
    ]));
    assert_eq!(
        ps[ps.len() - 2].heading,
        vec!["I) Préambule :".to_string()],
        "{ps:#?}"
    );
    assert_eq!(
        ps.last().map(|p| p.heading.last().cloned()),
        Some(Some("Contenu :".to_string())),
        "{ps:#?}"
    );
    assert!(ps
        .iter()
        .all(|p| p.heading.iter().all(|h| h != "Table des matières")));
}

#[test]
fn a_stray_list_number_before_a_lettered_title_is_dropped() {
    use BlockKind::Paragraph as P;
    let body =
        "Le diagnostic régional montre un taux de chômage élevé chez les jeunes peu qualifiés.";
    let ps = bodies(&doc(vec![
        block(
            1,
            BlockKind::HeadingCandidate,
            14.0,
            true,
            "1. LE CAP DE TRANSFORMATION",
        ),
        block(1, P, 10.0, false, "2. a. Poser le bon diagnostic"),
        block(1, P, 10.0, false, body),
        block(1, P, 10.0, false, "b. Apporter les bonnes réponses"),
        block(1, P, 10.0, false, body),
    ]));
    let paths: Vec<Vec<String>> = ps.iter().map(|p| p.heading.clone()).collect();
    assert_eq!(
        paths,
        vec![
            vec![
                "1. LE CAP DE TRANSFORMATION".to_string(),
                "a. Poser le bon diagnostic".to_string()
            ],
            vec![
                "1. LE CAP DE TRANSFORMATION".to_string(),
                "b. Apporter les bonnes réponses".to_string()
            ],
        ]
    );
}

#[test]
fn outline_numbers_carry_their_parents() {
    use BlockKind::Paragraph as P;
    let body =
        "Le diagnostic régional montre un taux de chômage élevé chez les jeunes peu qualifiés.";
    let h = |size: f32, bold: bool, t: &str| block(1, P, size, bold, t);
    let ps = bodies(&doc(vec![
        h(14.0, true, "I) Préambule :"),
        h(10.0, false, "1.2) Le recueil des besoins"),
        h(10.0, false, body),
        h(13.0, true, "3. Les demandeurs d'emploi des quartiers"),
        h(10.0, false, body),
        h(10.0, false, "1.5) Quelles leçons des évaluations ?"),
        h(10.0, false, body),
        h(10.0, false, "1.6) Le cap de transformation"),
        h(10.0, false, body),
        h(10.0, false, "1. Mieux orienter"),
        h(10.0, false, body),
        h(10.0, false, "2. Mieux former"),
        h(10.0, false, body),
        h(10.0, false, "1.7) Les conditions de réussite"),
        h(10.0, false, body),
    ]));
    let paths: Vec<String> = ps.iter().map(|p| p.heading.join(" > ")).collect();
    assert_eq!(
        paths,
        vec![
            "I) Préambule : > 1.2) Le recueil des besoins",
            "I) Préambule : > 3. Les demandeurs d'emploi des quartiers",
            // 1.5 is not under 3.
            "I) Préambule : > 1.5) Quelles leçons des évaluations ?",
            "I) Préambule : > 1.6) Le cap de transformation",
            // a `1.` while 1.6 is open is a list within 1.6, and `2.` its next item
            "I) Préambule : > 1.6) Le cap de transformation > 1. Mieux orienter",
            "I) Préambule : > 1.6) Le cap de transformation > 2. Mieux former",
            // the next numbered section closes the list
            "I) Préambule : > 1.7) Les conditions de réussite",
        ]
    );
}

#[test]
fn capitals_rows_of_figures_or_names_are_not_titles() {
    let b = |t: &str| block(1, BlockKind::Paragraph, 10.0, false, t);
    for row in [
        "TOTAL 4 350 8 225 000",
        "77 GRETA",
        "BUDGET VOTE EN 2018: 2 000 000 €",
        "95 GIDEF 5 7 ARGENTEUIL, CERGY, EAUBONNE, OSNY, PONTOISE",
        // a table's cells of codes: types of action, levels, territories
        "C, AQ, P",
        "IV, V, VI",
        "T4; T5; T6",
        // a line wholly in parentheses: a cell's gloss
        "(PPSMJ, HANDICAP)",
    ] {
        assert!(classify_heading(&b(row), 10.0).is_none(), "{row}");
    }
    for title in [
        "LES CONDITIONS DE REUSSITE",
        "ANNEXE 3 : LES INCUBATEURS",
        "AGILITE DE LA COMMANDE PUBLIQUE",
        "IV - OBJECTIFS DE L'ACTION",
        "A. LES PUBLICS",
    ] {
        assert!(classify_heading(&b(title), 10.0).is_some(), "{title}");
    }
}

#[test]
fn a_cell_of_a_table_row_in_capitals_is_not_a_title() {
    let at = |x0: f32, y0: f32, x1: f32, y1: f32, t: &str| Block {
        bbox: crate::model::BBox { x0, y0, x1, y1 },
        ..block(1, BlockKind::Paragraph, 10.0, false, t)
    };
    let title = || {
        at(
            60.0,
            100.0,
            530.0,
            130.0,
            "1.4) Les publics cibles du Pacte",
        )
    };
    let row = |cell: &str| {
        vec![
            title(),
            at(140.0, 200.0, 200.0, 211.0, "DE - d'un an"),
            at(410.0, 200.0, 436.0, 211.0, "DELD"),
            at(450.0, 192.0, 480.0, 219.0, cell),
            at(
                60.0,
                240.0,
                530.0,
                300.0,
                "Parmi ces publics, certains pourraient s'avérer difficilement mobilisables.",
            ),
        ]
    };
    // a header cell in capitals, beside two other cells: the text after the table stays
    // under the section's title
    let o = outline(row("DETLT D"));
    assert!(o.iter().all(|(h, _)| !h.contains("DETLT")), "{o:?}");
    // the same line alone on its line, or beside one block (the other column), is a title
    let alone = vec![
        title(),
        at(60.0, 192.0, 280.0, 204.0, "LES PUBLICS PRIORITAIRES"),
        at(
            300.0,
            180.0,
            530.0,
            230.0,
            "Texte de l'autre colonne, qui se poursuit sur plusieurs lignes.",
        ),
        at(
            60.0,
            240.0,
            280.0,
            300.0,
            "Parmi ces publics, certains pourraient s'avérer difficilement mobilisables.",
        ),
    ];
    let o = outline(alone);
    assert!(
        o.iter()
            .any(|(h, _)| h.ends_with("LES PUBLICS PRIORITAIRES")),
        "{o:?}"
    );
}

#[test]
fn bold_list_items_are_not_titles() {
    // the layout gives a bold line the kind of a heading candidate; opening with a dash or
    // a bullet, it is an item of a list all the same
    let hc = |t: &str| block(1, BlockKind::HeadingCandidate, 10.0, true, t);
    for item in [
        "- une stratégie collective anticipatrice du Pacte régional d'investissement dans les compétences",
        "• Créer un hub orientation et accompagnement intégré au SPRO, et qui :",
        "– Sécuriser les parcours",
    ] {
        assert!(classify_heading(&hc(item), 10.0).is_none(), "{item}");
    }
    // a bold title without a marker, a numbered one, and a list item set larger are titles
    assert!(classify_heading(&hc("Les dynamiques partenariales"), 10.0).is_some());
    assert!(classify_heading(&hc("2- Diagnostic et enjeux"), 10.0).is_some());
    let big = block(
        1,
        BlockKind::HeadingCandidate,
        13.0,
        true,
        "• Les incubateurs",
    );
    assert!(classify_heading(&big, 10.0).is_some());
}

#[test]
fn numbering_patterns() {
    let fam = |t: &str| heading_mark(t).map(|m| (m.family, m.depth));
    assert_eq!(fam("I) Préambule :"), Some(("roman".into(), 1)));
    assert_eq!(
        fam("II.2) Les réponses à apporter"),
        Some(("roman".into(), 2))
    );
    assert_eq!(
        fam("Axe 1 : Proposer des parcours"),
        Some(("axe".into(), 1))
    );
    assert_eq!(fam("AXE TRANSVERSE : S'ENGAGER"), Some(("axe".into(), 1)));
    assert_eq!(fam("Axe n°2 : Garantir l'accès"), Some(("axe".into(), 1)));
    assert_eq!(
        fam("AXE STRATEGIQUE 3 : MODERNISER"),
        Some(("axe".into(), 1))
    );
    assert_eq!(fam("Deuxième axe : les publics"), Some(("axe".into(), 1)));
    assert!(names_axis("II) Axe n°1 : Proposer des parcours"));
    assert!(!names_axis("II) Les axes du pacte"));
    assert_eq!(fam("1. Constats et enjeux"), Some(("arabic".into(), 1)));
    assert_eq!(fam("1.1. Les besoins"), Some(("arabic".into(), 2)));
    assert_eq!(
        fam("4.1 En lien avec les publics"),
        Some(("arabic".into(), 2))
    );
    assert_eq!(fam("1-1.2 A partir de travaux"), Some(("arabic".into(), 3)));
    assert_eq!(
        fam("3- Une stratégie régionale"),
        Some(("arabic-".into(), 1))
    );
    assert_eq!(fam("1) PARCOURS DE FORMATION"), Some(("arabic)".into(), 1)));
    assert_eq!(fam("1.2) Les parcours"), Some(("arabic".into(), 2)));
    assert_eq!(fam("A. Le diagnostic"), Some(("upper".into(), 1)));
    assert_eq!(fam("a) Poser le bon diagnostic"), Some(("lower".into(), 1)));
    assert_eq!(fam("Action n°3 : former"), Some(("action".into(), 1)));
    assert_eq!(fam("Fiche 4 - VAE"), Some(("fiche".into(), 1)));
    assert_eq!(fam("PARTIE 2 : LES PROJETS"), Some(("partie".into(), 1)));
    assert_eq!(fam("PREAMBULE"), Some(("partie".into(), 1)));
    // Not numbering: years, amounts, ordinary sentences.
    assert_eq!(fam("2019 sera l'année"), None);
    assert_eq!(fam("2 000 emplois créés"), None);
    assert_eq!(fam("A ce titre, la Région"), None);
    assert_eq!(fam("54% de la demande"), None);
}

#[test]
fn toc_entries() {
    assert!(is_toc_entry("2. Diagnostic et enjeux\t12"));
    // the outline number's parenthesis set apart after the page number
    assert!(is_toc_entry("I.6 Le cap de transformation       18 )"));
    assert!(!is_toc_entry("Le budget (article 3)"));
    for f in ["21", "I.7 )", "II.4 )", "II)", "3.2)"] {
        assert!(is_toc_filler(f), "{f}");
    }
    for f in ["Enjeux 23", "2019 – 2022", "I. Préambule"] {
        assert!(!is_toc_filler(f), "{f}");
    }
    assert!(is_toc_entry("Les modalités d'évaluation : _____ 57"));
    assert!(is_toc_entry(
        "3. Répondre aux besoins des recruteurs..... 28"
    ));
    assert!(is_toc_entry("PREAMBULE | 9"));
    assert!(!is_toc_entry("Total | 30 000 | 22 000 | 52 000"));
    assert!(!is_toc_entry("2015 | 96 926 | 37,2% | 46,2%"));
    assert!(!is_toc_entry(
        "La Région finance 300 parcours pour les jeunes de moins de 26"
    ));
    // A title in capitals ending with its page number.
    assert!(is_toc_entry(
        "AXE 2 : GARANTIR L'ACCES DES PUBLICS LES PLUS FRAGILES AUX PARCOURS QUALIFIANTS 51"
    ));
    // Entries run together in one block.
    assert!(is_toc_entry(
        "1. Constats et enjeux 23 2. Hub emploi-formation 29 3. Répondre aux besoins des recruteurs..... 28 AXE 2 : GARANTIR L'ACCES DES PUBLICS..... 30"
    ));
    // Prose with a few numbers is not a table of contents.
    assert!(!is_toc_entry(
        "Les 18 CLEFOP et les 5 Maisons de l'emploi réunissent 120 acteurs. En 2019, 12 000 personnes seront formées dans 45 organismes, avec 3 Régions voisines."
    ));
}

#[test]
fn a_toc_whose_layout_scattered_its_numbers_is_skipped_whole() {
    // the title run into the first entry, page numbers after a single space, bare page
    // numbers and outline numbers on lines of their own, an entry whose number follows it
    let lines: [(BlockKind, &str); 12] = [
        (BlockKind::Paragraph, "Table des matières I) Préambule : 6 I.1 Une méthode 6"),
        (BlockKind::ListItem, "• Une production commune 7"),
        (BlockKind::Paragraph, "I.2 Le recueil en continu des besoins 8"),
        (BlockKind::Paragraph, "I.3 )"),
        (BlockKind::Paragraph, "9"),
        (BlockKind::ListItem, "• Un taux de chômage faible et des difficultés de recrutement croissantes 9"),
        (BlockKind::Paragraph, "I.6 Le cap de transformation 18 )"),
        (BlockKind::Paragraph, "I.7 )"),
        (
            BlockKind::Paragraph,
            "II.3 FOCUS : Les 10 parcours proposés avec contenus additionnels afin de répondre aux besoins de compétences des entreprises dans les secteurs",
        ),
        (BlockKind::Paragraph, "31"),
        (BlockKind::Paragraph, "Les conditions de réussites 32"),
        (BlockKind::Paragraph, "Le Pacte est conclu entre l'État et la Région pour quatre ans."),
    ];
    let bl: Vec<Block> = lines
        .iter()
        .map(|(k, t)| block(1, *k, 10.0, false, t))
        .collect();
    let refs: Vec<&Block> = bl.iter().collect();
    let toc = toc_blocks(&refs);
    assert_eq!(toc[..11], [true; 11], "{toc:?}");
    assert!(
        !toc[11],
        "the body after the table of contents is not in it"
    );
}

#[test]
fn a_long_numbered_line_the_toc_lists_is_a_title() {
    let long = "1.4) Les publics cibles du Pacte accèdent peu à la formation malgré les opportunités d'emploi auxquelles elle prépare";
    let body =
        "Les demandeurs d'emploi de niveau infra IV représentent plus de la moitié de la demande.";
    let make = |with_toc: bool| {
        let mut bl = Vec::new();
        if with_toc {
            bl.push(block(
                1,
                BlockKind::HeadingCandidate,
                14.0,
                true,
                "Sommaire",
            ));
            bl.push(block(
                1,
                BlockKind::Paragraph,
                10.0,
                false,
                "I.1 Une méthode _____ 6",
            ));
            bl.push(block(1, BlockKind::Paragraph, 10.0, false, "I.4 Les publics cibles du Pacte accèdent peu à la formation malgré les opportunités d'emploi ) auxquelles elle prépare _____ 10"));
            bl.push(block(
                1,
                BlockKind::Paragraph,
                10.0,
                false,
                "I.5 Quelles leçons ? _____ 16",
            ));
        }
        bl.push(block(2, BlockKind::Paragraph, 10.0, false, long));
        bl.push(block(2, BlockKind::Paragraph, 10.0, false, body));
        bodies(&doc(bl))
    };
    let p = make(true);
    let b = p
        .iter()
        .find(|x| x.text.contains("infra IV"))
        .expect("body passage");
    assert_eq!(b.heading.len(), 1, "{:?}", b.heading);
    assert!(
        b.heading[0].starts_with("1.4) Les publics cibles"),
        "{:?}",
        b.heading
    );
    // without a table of contents listing it, an 18-word line in body style is body text
    let p = make(false);
    assert!(p.iter().all(|x| x.heading.is_empty()), "{p:#?}");
}

#[test]
fn toc_is_skipped_and_headings_nest() {
    let d = doc(vec![
        block(1, BlockKind::HeadingCandidate, 14.0, true, "SOMMAIRE"),
        block(1, BlockKind::TableRow, 10.0, false, "PREAMBULE | 3"),
        block(
            1,
            BlockKind::Paragraph,
            10.0,
            false,
            "AXE 1 : PARCOURS QUALIFIANTS",
        ),
        block(
            1,
            BlockKind::TableRow,
            10.0,
            false,
            "1. Constats et enjeux | 4",
        ),
        block(1, BlockKind::TableRow, 10.0, false, "2. Les réponses | 5"),
        block(
            2,
            BlockKind::HeadingCandidate,
            14.0,
            true,
            "AXE 1 : PARCOURS QUALIFIANTS",
        ),
        block(
            2,
            BlockKind::HeadingCandidate,
            12.0,
            true,
            "1. Constats et enjeux",
        ),
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            "Le constat est le suivant : les métiers en tension recrutent.",
        ),
        block(
            2,
            BlockKind::HeadingCandidate,
            12.0,
            true,
            "2. Les réponses",
        ),
        block(2, BlockKind::Paragraph, 10.0, false, "Nous proposons :"),
        block(3, BlockKind::ListItem, 10.0, false, "• des formations,"),
        block(3, BlockKind::ListItem, 10.0, false, "• de la VAE."),
        block(
            3,
            BlockKind::HeadingCandidate,
            14.0,
            true,
            "AXE 2 : PUBLICS FRAGILES",
        ),
        block(
            3,
            BlockKind::Paragraph,
            10.0,
            false,
            "Les savoirs de base sont essentiels pour tous.",
        ),
    ]);
    let p = bodies(&d);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert_eq!(
        p[0].heading,
        vec!["AXE 1 : PARCOURS QUALIFIANTS", "1. Constats et enjeux"]
    );
    assert_eq!(
        p[1].heading,
        vec!["AXE 1 : PARCOURS QUALIFIANTS", "2. Les réponses"]
    );
    assert_eq!((p[1].page_start, p[1].page_end), (2, 3));
    assert!(p[1].text.contains("Nous proposons") && p[1].text.contains("VAE"));
    assert_eq!(p[2].heading, vec!["AXE 2 : PUBLICS FRAGILES"]);
    assert!(p.iter().all(|x| !x.text.contains("| 4")));
    assert_eq!(p[0].id, "0123456789ab-0000");
}

#[test]
fn long_sections_split_at_paragraphs_lists_stay_with_lead_in() {
    let para = "mot ".repeat(120);
    let mut bl = vec![block(
        1,
        BlockKind::HeadingCandidate,
        12.0,
        true,
        "I) Préambule",
    )];
    for _ in 0..3 {
        bl.push(block(1, BlockKind::Paragraph, 10.0, false, para.trim()));
    }
    bl.push(block(
        1,
        BlockKind::Paragraph,
        10.0,
        false,
        "Trois objectifs :",
    ));
    for _ in 0..3 {
        bl.push(block(
            1,
            BlockKind::ListItem,
            10.0,
            false,
            "• un objectif assez court",
        ));
    }
    let p = bodies(&doc(bl));
    assert!(
        p.iter().all(|x| word_count(&x.text) <= 300),
        "{:?}",
        p.iter().map(|x| word_count(&x.text)).collect::<Vec<_>>()
    );
    let lead = p
        .iter()
        .find(|x| x.text.contains("Trois objectifs"))
        .map(|x| x.text.clone())
        .unwrap_or_default();
    assert_eq!(lead.matches("un objectif").count(), 3);

    // The announced items run together in one substantial paragraph: still with the
    // sentence that announces them.
    let items = "- Les caractéristiques des publics. ".repeat(20);
    let bl = vec![
        block(1, BlockKind::HeadingCandidate, 12.0, true, "II) Suivi"),
        block(1, BlockKind::Paragraph, 10.0, false, para.trim()),
        block(
            1,
            BlockKind::ListItem,
            10.0,
            false,
            "• Le suivi portera sur :",
        ),
        block(1, BlockKind::Paragraph, 10.0, false, items.trim()),
    ];
    let p = bodies(&doc(bl));
    let lead = p
        .iter()
        .find(|x| x.text.contains("portera sur"))
        .map(|x| x.text.clone())
        .unwrap_or_default();
    assert!(lead.contains("Les caractéristiques"), "{p:#?}");
}

#[test]
fn numbered_axis_titles_in_body_style_and_bare_axis_labels() {
    let body =
        "Un paragraphe de texte courant qui décrit les actions prévues dans le cadre du pacte.";
    let d = doc(vec![
        block(1, BlockKind::HeadingCandidate, 17.0, true, "I) Préambule :"),
        block(1, BlockKind::Paragraph, 10.0, false, body),
        // Long axis title that extraction left in body style.
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            "II) Axe 1 : Proposer des parcours qualifiants vers l'emploi, renouvelés dans leurs contenus, au regard des besoins de l'économie en temps réel et de façon prospective",
        ),
        // Bigger than its parent, still its child by numbering.
        block(2, BlockKind::HeadingCandidate, 13.5, true, "II.1) Enjeux"),
        block(2, BlockKind::Paragraph, 10.0, false, body),
        // The first column of a table split off its rows.
        block(3, BlockKind::Paragraph, 10.0, false, "AXE 1"),
        block(3, BlockKind::Paragraph, 10.0, false, body),
        block(
            4,
            BlockKind::Paragraph,
            10.0,
            false,
            "-- -- ------------ IV) Axe 3 : S'engager dans la modernisation de l'ingénierie",
        ),
        block(4, BlockKind::Paragraph, 10.0, false, body),
    ]);
    let p = bodies(&d);
    // The bare label stays in the body of `II.1)` (short paragraphs packed together).
    assert_eq!(p.len(), 3, "{p:#?}");
    assert_eq!(p[0].heading, vec!["I) Préambule :"]);
    assert_eq!(p[1].heading.len(), 2, "{:?}", p[1].heading);
    assert!(p[1].heading[0].starts_with("II) Axe 1 : Proposer"));
    assert_eq!(p[1].heading[1], "II.1) Enjeux");
    assert!(p[1].text.contains("\nAXE 1\n"));
    assert_eq!(
        p[2].heading,
        vec!["IV) Axe 3 : S'engager dans la modernisation de l'ingénierie"]
    );
}

#[test]
fn heading_styles_from_font_size() {
    let d = doc(vec![
        block(
            1,
            BlockKind::HeadingCandidate,
            16.0,
            true,
            "Une ambition régionale",
        ),
        block(
            1,
            BlockKind::HeadingCandidate,
            12.0,
            true,
            "Le recueil des besoins",
        ),
        block(
            1,
            BlockKind::Paragraph,
            10.0,
            false,
            "Texte du recueil des besoins en continu.",
        ),
        block(
            1,
            BlockKind::HeadingCandidate,
            16.0,
            true,
            "Une autre ambition",
        ),
        block(1, BlockKind::Paragraph, 10.0, false, "Texte suivant."),
    ]);
    let p = bodies(&d);
    assert_eq!(
        p[0].heading,
        vec!["Une ambition régionale", "Le recueil des besoins"]
    );
    assert_eq!(p[1].heading, vec!["Une autre ambition"]);
}

#[test]
fn an_enumeration_without_bullets_stays_in_one_passage() {
    use BlockKind::Paragraph as P;
    let long = |w: &str| vec![w; 40].join(" ");
    let ps = outline(vec![
        block(1, P, 14.0, true, "Les missions du service"),
        block(
            1,
            P,
            10.0,
            false,
            &format!("recenser l'offre {} au sens large ;", long("régionale")),
        ),
        block(
            1,
            P,
            10.0,
            false,
            &format!("aller au contact des {} ;", long("entreprises")),
        ),
        block(
            1,
            P,
            10.0,
            false,
            "proposer l'offre la plus adaptée aux besoins des entreprises.",
        ),
        block(1, P, 10.0, false, BODY),
        block(
            1,
            P,
            10.0,
            false,
            &format!("Le Pacte {} se termine ;", long("finance")),
        ),
        block(
            1,
            P,
            10.0,
            false,
            &format!("Le Pacte {} se termine.", long("forme")),
        ),
    ]);
    // the items in lower case after an item closed by a semicolon are one unit
    assert!(
        ps[0].1.contains("au sens large ;\naller au contact")
            && ps[0].1.contains("entreprises ;\nproposer l'offre"),
        "{ps:#?}"
    );
    // a paragraph that opens a sentence is not an item of it
    assert!(
        ps.iter()
            .all(|(_, t)| !t.contains("se termine ;\nLe Pacte")),
        "{ps:#?}"
    );
}

#[test]
fn a_word_the_layout_set_on_a_title_line_goes_back_to_its_text() {
    use BlockKind::Paragraph as P;
    let ps = outline(vec![
        block(1, P, 10.0, false, "PISTES D'AMELIORATIONS IDENTIFIEES Une"),
        block(
            1,
            P,
            10.0,
            false,
            "mise en œuvre des actions de formation est un préalable à l'évaluation.",
        ),
    ]);
    assert_eq!(ps[0].0, "PISTES D'AMELIORATIONS IDENTIFIEES", "{ps:#?}");
    assert!(
        ps[0].1.starts_with("Une mise en œuvre des actions"),
        "{ps:#?}"
    );
    // a text that opens a sentence of its own: the title's last word is its own
    assert!(run_in_last_word("LES PUBLICS DU PACTE Normandie", BODY).is_none());
    // a space of more than one byte before the word (no-break, thin): cut after it
    for space in ['\u{a0}', '\u{2009}'] {
        let title = format!("PISTES D'AMELIORATIONS IDENTIFIEES{space}Une");
        let at = run_in_last_word(&title, "mise en œuvre").expect("a word given back");
        assert_eq!(&title[at..], "Une");
    }
    assert!(
        run_in_last_word("LES PUBLICS", "les jeunes").is_none(),
        "too few capitals"
    );
    assert!(run_in_last_word("Les publics du Pacte Une", "mise en œuvre").is_none());
}

#[test]
fn a_title_s_last_words_set_on_the_text_s_line_go_back_to_the_title() {
    use BlockKind::Paragraph as P;
    let ps = outline(vec![
        block(1, P, 10.0, false, "VII - INDICATEURS A SUIVRE"),
        block(1, P, 10.0, false, BODY),
        block(
            1,
            P,
            10.0,
            false,
            "VIII - MODALITES DE CONTRACTUALISATION SOUHAITEE",
        ),
        block(1, P, 10.0, false, "Marché à procédure adaptée."),
        block(2, P, 10.0, false, "VII - INDICATEURS A SUIVRE"),
        block(2, P, 10.0, false, BODY),
        // the next sheet's field title, its last word on the text's first line
        block(2, P, 10.0, false, "VIII - MODALITES DE CONTRACTUALISATION"),
        block(
            2,
            P,
            10.0,
            false,
            "SOUHAITEE Dans le cadre expérimental, le portage est assuré par la Région.",
        ),
        // an acronym opening the text stays there: no title of the document reads so
        block(2, P, 10.0, false, "IX - VOLUMETRIE DE L'ACTION"),
        block(
            2,
            P,
            10.0,
            false,
            "AFPA Les stagiaires sont accueillis dans les centres de l'agence.",
        ),
    ]);
    let heads: Vec<&str> = ps.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        heads,
        vec![
            "VII - INDICATEURS A SUIVRE",
            "VIII - MODALITES DE CONTRACTUALISATION SOUHAITEE",
            "VII - INDICATEURS A SUIVRE",
            "VIII - MODALITES DE CONTRACTUALISATION SOUHAITEE",
            "IX - VOLUMETRIE DE L'ACTION",
        ],
        "{ps:#?}"
    );
    assert!(ps[3].1.starts_with("Dans le cadre expérimental"), "{ps:#?}");
    assert!(ps[4].1.starts_with("AFPA Les stagiaires"), "{ps:#?}");
    assert_eq!(leading_capitals("SOUHAITEE Dans le cadre"), Some(10));
    assert_eq!(leading_capitals("Dans le cadre"), None);
    assert_eq!(leading_capitals("2019 : 8 bassins"), None);
    assert_eq!(leading_capitals("TOUT EN CAPITALES"), None);
}

#[test]
fn a_table_row_that_a_page_break_cut_keeps_the_rest_of_its_cells() {
    use BlockKind::{Paragraph as P, TableRow as R};
    let long = |w: &str| vec![w; 30].join(" ");
    let ps = outline(vec![
        block(1, P, 14.0, true, "Les actions du Pacte"),
        block(
            1,
            R,
            10.0,
            false,
            &format!(
                "Identifier des bonnes pratiques | Accompagner les réseaux {} et partager",
                long("d'orientation")
            ),
        ),
        // the rest of its description cell, at the top of the next page
        block(
            2,
            P,
            10.0,
            false,
            "l'analyse de la valeur ajoutée, cibler ce qui peut faire l'objet d'une modélisation.",
        ),
        block(
            2,
            R,
            10.0,
            false,
            &format!(
                "Former les formateurs | Une {} pour tous.",
                long("formation")
            ),
        ),
    ]);
    assert_eq!(ps.len(), 2, "{ps:#?}");
    assert!(
        ps[0]
            .1
            .contains("et partager\nl'analyse de la valeur ajoutée"),
        "{ps:#?}"
    );
    assert!(ps[1].1.starts_with("Former les formateurs"), "{ps:#?}");
}

#[test]
fn a_paragraph_cut_by_a_page_break_or_a_bold_line_is_one_passage() {
    let long = |w: &str| vec![w; 60].join(" ");
    let d = doc(vec![
        block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
        // a page break mid-sentence
        block(
            1,
            BlockKind::Paragraph,
            10.0,
            false,
            &format!("Les {} élaborés dans", long("plans")),
        ),
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            &format!("le {} des dialogues.", long("prolongement")),
        ),
        // a line in bold inside a paragraph, set apart by the layout
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            &format!("Le {} de France", long("chômage")),
        ),
        block(
            2,
            BlockKind::HeadingCandidate,
            10.0,
            true,
            "métropolitaine (11,5 %), avec des zones",
        ),
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            &format!("d'emploi {}.", long("culminant")),
        ),
        // a closed sentence: the next block is a paragraph of its own
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            &format!("Un {}.", long("constat")),
        ),
        block(
            2,
            BlockKind::Paragraph,
            10.0,
            false,
            &format!("e-learning {}.", long("suite")),
        ),
    ]);
    let p = bodies(&d);
    let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts[0].starts_with("Les plans") && texts[0].ends_with("des dialogues."));
    assert_eq!((p[0].page_start, p[0].page_end), (1, 2));
    assert!(texts[1].starts_with("Le chômage") && texts[1].ends_with("culminant."));
    assert!(texts[2].starts_with("Un constat"));
    assert!(texts[3].starts_with("e-learning"));
    // never past a passage's words
    let p = segment(
        &d,
        &SegmentOptions {
            max_words: 80,
            paragraph_words: 60,
        },
    );
    assert!(p.iter().all(|p| word_count(&p.text) <= 80 + 3), "{p:?}");
}

#[test]
fn substantial_paragraphs_are_passages_of_their_own() {
    let long = |w: &str| vec![w; 70].join(" ") + ".";
    let d = doc(vec![
        block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
        block(1, BlockKind::Paragraph, 10.0, false, &long("qualité")),
        block(1, BlockKind::Paragraph, 10.0, false, "Court paragraphe :"),
        block(1, BlockKind::ListItem, 10.0, false, "• un point"),
        block(1, BlockKind::Paragraph, 10.0, false, "Un autre court."),
        block(1, BlockKind::Paragraph, 10.0, false, &long("illettrisme")),
    ]);
    let p = bodies(&d);
    let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("qualité"));
    assert_eq!(texts[1], "Court paragraphe :\n• un point\nUn autre court.");
    assert!(texts[2].starts_with("illettrisme"));
    // With a large paragraph size, the section packs up to `max_words`.
    let p = segment(
        &d,
        &SegmentOptions {
            max_words: 300,
            paragraph_words: 1000,
        },
    );
    assert_eq!(p.len(), 1);
}

#[test]
fn a_paragraph_longer_than_a_passage_is_cut_at_sentence_ends() {
    // 36 sentences of 20 words (720 words): three passages, each cut after a stop
    let sentence = |i: usize| format!("Phrase {i} {}.", vec!["formation"; 18].join(" "));
    let long: String = (0..36).map(sentence).collect::<Vec<_>>().join(" ");
    let d = doc(vec![
        block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
        block(1, BlockKind::Paragraph, 10.0, false, &long),
    ]);
    let p = bodies(&d);
    let sizes: Vec<usize> = p.iter().map(|p| word_count(&p.text)).collect();
    assert_eq!(sizes, vec![240, 240, 240]);
    assert!(p
        .iter()
        .all(|p| p.text.starts_with("Phrase") && p.text.ends_with('.')));
    assert_eq!(
        p.iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        long
    );
    // a table row stays whole, and so does prose with no sentence end to cut at
    let words = vec!["formation"; 720].join(" ");
    for (kind, text) in [(BlockKind::TableRow, &long), (BlockKind::Paragraph, &words)] {
        let d = doc(vec![
            block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
            block(1, kind, 10.0, false, text),
        ]);
        assert_eq!(bodies(&d).len(), 1, "{kind:?}");
    }
}

#[test]
fn text_documents() {
    let d = document_from_text(
        "x.txt",
        "TITRE\n\nUn paragraphe qui est assez long pour être replié sur deux lignes dans\nle fichier texte.\n- ▶ un point\nA\tB\n",
        100,
    );
    let kinds: Vec<BlockKind> = d.pages[0].blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::HeadingCandidate,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::TableRow
        ]
    );
    assert_eq!(d.pages[0].blocks[2].text, "• un point");
    assert_eq!(d.pages[0].blocks[3].text, "A | B");
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn arb_block() -> impl Strategy<Value = Block> {
        let kinds = prop_oneof![
            Just(BlockKind::Paragraph),
            Just(BlockKind::Paragraph),
            Just(BlockKind::HeadingCandidate),
            Just(BlockKind::ListItem),
            Just(BlockKind::TableRow),
        ];
        let texts = prop_oneof![
            "[A-Za-zéèà ]{1,60}",
            "(1\\.|2\\.|I\\)|II\\.1\\)|Axe 1 :|a\\)|SOMMAIRE|PARTIE 1) [A-Z a-z]{1,30}",
            "[A-Za-z ]{1,30}\\.{4} ?[0-9]{1,2}",
            "([a-z]{2,8} ){40,120}",
            "(Le[a-z]{0,6} ([a-z]{2,8} ){4,30}[a-z]{2,8}\\. ){10,40}",
            // a list announced by a colon, its items numbered (`announced_lists`)
            "[A-Z][a-z ]{5,40} :",
            "[1-4]\\. [A-Z][a-z ]{3,30}",
            // a field title in capitals, whole or with its last word on its text's line
            // (`take_back_title_words`)
            "VIII - MODALITES( SOUHAITEE)?",
            "SOUHAITEE( DES)? [A-Z]?[a-z ]{3,30}",
        ];
        (
            1u32..4,
            kinds,
            prop_oneof![Just(10.0f32), Just(14.0f32)],
            any::<bool>(),
            texts,
        )
            .prop_map(|(p, k, s, b, t)| block(p, k, s, b, &t))
    }

    proptest! {
        #[test]
        fn passages_cover_body_in_order_without_overlap(
            mut blocks in proptest::collection::vec(arb_block(), 0..60),
            max_words in 20usize..400,
            paragraph_words in 1usize..200,
        ) {
            // pages non-decreasing
            let mut page = 1;
            for b in blocks.iter_mut() { page = page.max(b.page); b.page = page; }
            // the words a title's line took from the text below go back first, and the
            // title words the text's line took go back to their title, as `segment` does
            // (`give_back_run_in_words`, `take_back_title_words`): the expectation is on
            // those blocks
            let mut cows: Vec<Cow<Block>> = blocks.iter().map(Cow::Borrowed).collect();
            give_back_run_in_words(&mut cows);
            take_back_title_words(&mut cows);
            let blocks: Vec<Block> = cows.into_iter().map(Cow::into_owned).collect();
            let d = doc(blocks.clone());
            let all: Vec<&Block> = d.pages.iter().flat_map(|p| p.blocks.iter()).collect();
            let toc = toc_blocks(&all);
            let body = body_font_size(&all);
            let roles = roles(&all, &toc, body);
            let expected: Vec<String> = all.iter().zip(&roles)
                .filter(|(_, r)| matches!(r, Role::Body))
                .map(|(b, _)| b.text.clone())
                .collect();
            // A block left out of the body is a ToC entry, a title, or the rest of the
            // title just before it, whose text the title holds.
            let mut title: Option<String> = None;
            for (b, r) in all.iter().zip(&roles) {
                match r {
                    Role::Heading(h) => title = Some(h.text.clone()),
                    Role::Continuation => {
                        let t = title.as_deref().unwrap_or("");
                        let tail = single_spaced(&b.text);
                        prop_assert!(t.ends_with(&tail) || t.contains(&tail), "{t:?} lacks {tail:?}");
                    }
                    Role::Toc | Role::Body => title = None,
                }
            }
            let passages = segment(&d, &SegmentOptions { max_words, paragraph_words });
            let got: Vec<String> = passages.iter()
                .flat_map(|p| p.text.split('\n').map(str::to_string).collect::<Vec<_>>())
                .collect();
            // The body, in order, each block once; between its blocks, only titles that
            // head nothing (passages of their own).
            let titles: HashSet<String> = roles.iter()
                .filter_map(|r| match r { Role::Heading(h) => Some(h.text.clone()), _ => None })
                .collect();
            // A paragraph of more than `max_words` may come cut in consecutive parts.
            let norm = single_spaced;
            let mut j = 0;
            let mut part = String::new();
            for line in &got {
                let joined = if part.is_empty() { line.clone() } else { format!("{part} {line}") };
                if j < expected.len()
                    && (joined == expected[j] || !part.is_empty() && joined == norm(&expected[j]))
                {
                    j += 1;
                    part.clear();
                } else if j < expected.len()
                    && word_count(&expected[j]) > max_words
                    && norm(&expected[j]).starts_with(&format!("{joined} "))
                {
                    part = joined;
                } else {
                    prop_assert!(part.is_empty(), "{part:?} is a part of no block");
                    prop_assert!(titles.contains(line), "{line:?} is neither body nor a title");
                }
            }
            prop_assert_eq!(j, expected.len(), "body blocks missing: {:?}", &expected[j..]);
            let mut last_page = 0;
            for p in &passages {
                prop_assert!(p.page_start <= p.page_end);
                prop_assert!(p.page_start >= last_page);
                last_page = p.page_start;
                prop_assert!(!p.text.is_empty());
            }
            // Every skipped block is a heading or a ToC entry; ToC never holds long prose.
            for (i, b) in all.iter().enumerate() {
                if toc[i] { prop_assert!(word_count(&b.text) <= 45 || b.kind != BlockKind::Paragraph); }
            }
        }
    }
}
