//! Property tests of de-hyphenation through the real extraction of generated PDFs: a word cut
//! at a line end is rejoined when the document uses the joined word, and a real hyphen
//! (compound words, year ranges) is never dropped.

use pactes_tests::minimal_pdf;
use proptest::prelude::*;

/// Body text of a one-page PDF whose lines are `lines`, extracted in-process.
fn extract(lines: &[&str]) -> String {
    let pdf = minimal_pdf(&[lines]);
    let doc = pactes_pdf::extract_bytes(&pdf, "gen.pdf", None).expect("generated PDF extracts");
    pactes_pdf::render_text(&doc)
}

fn lines_with_break(first: &str, second: &str, elsewhere: &str) -> Vec<String> {
    vec![
        format!("La Region mobilise le dispositif {elsewhere} pour les publics les plus"),
        "eloignes de l'emploi, avec les organismes de formation et les entreprises du".into(),
        format!("territoire, qui participent a la demarche de formation {first}"),
        format!("{second} pour les stagiaires et les demandeurs d'emploi de la region."),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// `a-` at a line end followed by `b`, in a document that writes `a-b` elsewhere: the
    /// hyphen stays (`sous-main`, `co-construction`).
    #[test]
    fn real_hyphens_are_kept(a in "[a-z]{3,8}", b in "[a-z]{3,8}") {
        let lines = lines_with_break(&format!("{a}-"), &b, &format!("{a}-{b}"));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let text = extract(&refs);
        let compound = format!("{a}-{b}");
        let joined = format!("{a}{b}");
        prop_assert_eq!(text.matches(&compound).count(), 2, "{}", text);
        prop_assert!(!text.contains(&joined), "joined across a real hyphen: {}", text);
    }

    /// Year ranges and other digit compounds cut at a line end keep their hyphen.
    #[test]
    fn digit_ranges_are_kept(a in 1990u32..2030, b in 1990u32..2030) {
        let lines = lines_with_break(&format!("{a}-"), &b.to_string(), "PRIC");
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let text = extract(&refs);
        let range = format!("{a}-{b}");
        prop_assert!(text.contains(&range), "{}", text);
    }

    /// `a-` at a line end followed by `b`, in a document that writes `ab` elsewhere: the
    /// word is rejoined (`compé-` + `tences`).
    #[test]
    fn cut_words_are_rejoined(a in "[a-z]{3,8}", b in "[a-z]{3,8}") {
        let lines = lines_with_break(&format!("{a}-"), &b, &format!("{a}{b}"));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let text = extract(&refs);
        let joined = format!("{a}{b}");
        prop_assert_eq!(text.matches(&joined).count(), 2, "{}", text);
    }
}
