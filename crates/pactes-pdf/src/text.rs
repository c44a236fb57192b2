//! Character-level clean-up: ligatures expanded, bullet glyphs unified, control characters
//! dropped, NFC.

use unicode_normalization::UnicodeNormalization;

/// Is this glyph text a bullet (▶, •, ▪, ➢, private-use dingbat glyphs, …)?
pub(crate) fn is_bullet(s: &str) -> bool {
    let mut it = s.chars();
    let (Some(c), None) = (it.next(), it.next()) else {
        return false;
    };
    matches!(
        c,
        '•' | '◦'
            | '▪'
            | '▫'
            | '■'
            | '□'
            | '●'
            | '○'
            | '◆'
            | '◇'
            | '▶'
            | '►'
            | '▸'
            | '▹'
            | '➢'
            | '➤'
            | '➔'
            | '→'
            | '✓'
            | '✔'
            | '❖'
            | '❑'
            | '⁃'
            | '∙'
            | '·'
            | '‣'
            | '⦁'
            | '⚫'
            | '◼'
            | '◾'
            | '✗'
            | '➣'
            | '❯'
    ) || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// Normalises the text of one glyph: ligatures expanded, controls dropped.
#[cfg(test)]
pub(crate) fn clean_glyph(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_clean_glyph(&mut out, s);
    out
}

/// A glyph's text cleaned (see `clean_glyph`), appended to `out`.
pub(crate) fn push_clean_glyph(out: &mut String, s: &str) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{0152}' | '\u{0153}' => out.push(c), // Œ œ are letters of French, not ligatures
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => out.push(' '),
            '\u{200B}' | '\u{FEFF}' | '\u{FFFD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// NFC.
pub(crate) fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_and_bullets() {
        assert_eq!(clean_glyph("\u{FB01}"), "fi");
        assert_eq!(clean_glyph("\u{FB03}n"), "ffin");
        assert_eq!(clean_glyph("’"), "’");
        assert!(is_bullet("•"));
        assert!(is_bullet("▶"));
        assert!(is_bullet("\u{F0A7}"));
        assert!(!is_bullet("a"));
        assert!(!is_bullet("••"));
        assert_eq!(nfc("e\u{301}"), "é");
    }
}
