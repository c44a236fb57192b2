//! Font decoding by pdf-extract, once per distinct (font, shown string) of the document: a
//! probe stream shows each such string once (font size 1, word spacing 1 so that a code that
//! takes word spacing is recognisable), and pdf-extract's `OutputDev` callbacks give each code's
//! width and text. A font that makes pdf-extract panic decodes to nothing; the probe resumes at
//! the next font.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One decoded character code.
pub(crate) struct Code {
    /// Advance width in text space units (per unit of font size).
    pub w0: f64,
    /// Takes word spacing (single-byte code 32).
    pub space: bool,
    pub text: String,
}

/// The decoded strings of a document.
#[derive(Default)]
pub(crate) struct Decoded<'a> {
    index: HashMap<(u32, &'a [u8]), (u32, u32)>,
    codes: Vec<Code>,
    bold: Vec<bool>,
    /// Whether each font reads as text at all: some code of it decodes to a character that is
    /// not a space, or it is shown only in `/ActualText` spans (`spans_only`).
    reads: Vec<bool>,
}

impl Decoded<'_> {
    /// Whether document font `font` reads as text (see `reads`).
    pub fn reads(&self, font: u32) -> bool {
        self.reads.get(font as usize).copied().unwrap_or(false)
    }

    /// Marks the fonts shown only inside `/ActualText` spans (`shown_outside[f]` false) as
    /// reading: a symbol font whose codes map to nothing may be given its text by spans alone.
    pub fn spans_only(&mut self, shown_outside: &[bool]) {
        for (r, &outside) in self.reads.iter_mut().zip(shown_outside) {
            *r |= !outside;
        }
    }

    /// The codes of `bytes` shown in document font `font` (empty if unknown).
    pub fn codes(&self, font: u32, bytes: &[u8]) -> &[Code] {
        match self.index.get(&(font, bytes)) {
            Some(&(a, b)) => &self.codes[a as usize..b as usize],
            None => &[],
        }
    }

    pub fn bold(&self, font: u32) -> bool {
        self.bold.get(font as usize).copied().unwrap_or(false)
    }

    /// The text of each two-byte code (glyph id) of document font `font`, as decoded.
    pub fn glyph_texts(&self, font: u32) -> HashMap<u16, String> {
        let mut out = HashMap::new();
        for (s, codes) in two_byte_shows(&self.index, font) {
            for (g, c) in s.chunks_exact(2).zip(&self.codes[codes]) {
                out.entry(u16::from_be_bytes([g[0], g[1]]))
                    .or_insert_with(|| c.text.clone());
            }
        }
        out
    }

    /// Sets the widths of the two-byte codes (glyph ids) of document font `font`: `widths`
    /// (per unit of font size), `default` for a glyph it does not have.
    pub fn set_glyph_widths(&mut self, font: u32, widths: &HashMap<u16, f64>, default: f64) {
        for (s, codes) in two_byte_shows(&self.index, font) {
            for (g, c) in s.chunks_exact(2).zip(&mut self.codes[codes]) {
                let g = u16::from_be_bytes([g[0], g[1]]);
                c.w0 = widths.get(&g).copied().unwrap_or(default);
            }
        }
    }
}

/// The strings of document font `font` decoded one code per two bytes, each with the range
/// of its codes in `Decoded::codes`.
fn two_byte_shows<'i, 'a>(
    index: &'i HashMap<(u32, &'a [u8]), (u32, u32)>,
    font: u32,
) -> impl Iterator<Item = (&'a [u8], std::ops::Range<usize>)> + 'i {
    index.iter().filter_map(move |(&(f, s), &(a, b))| {
        (f == font && s.len() % 2 == 0 && (b - a) as usize == s.len() / 2)
            .then_some((s, a as usize..b as usize))
    })
}

/// A document font: its flat name, its object (reference or direct dictionary), bold.
#[derive(Clone)]
pub(crate) struct DocFont {
    pub name: Vec<u8>,
    pub object: pdf_extract::Object,
    pub bold: bool,
    /// Text of each CID of an Identity-encoded TrueType font, from its own tables: fills the
    /// codes pdf-extract decodes to nothing (no or incomplete `/ToUnicode`).
    pub cid_text: Option<HashMap<u16, String>>,
    /// Text of each code's glyph name in a simple font's `/Differences`: checks its
    /// `/ToUnicode` (`widths::name_repair`).
    pub diff_text: Option<HashMap<u8, String>>,
    /// A stand-in for a font the file does not have (`flatten::FlatPage::lost`).
    pub lost: bool,
    /// A Type0 font whose descendant, with its widths, was lost (`font_dicts::widths_lost`):
    /// its glyphs' widths are measured (`glyph_ids::measure_lost_widths`).
    pub widths_lost: bool,
    /// How a lost font's two-byte glyph ids read (`glyph_ids::read_lost`): decoded here, not
    /// by pdf-extract.
    pub glyph_ids: Option<crate::glyph_ids::GlyphIds>,
}

/// Records what pdf-extract shows.
#[derive(Default)]
struct Probe {
    codes: Vec<Code>,
    /// Code range of each completed show.
    shows: Vec<(u32, u32)>,
    start: u32,
}

impl OutputDev for Probe {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        _: &Transform,
        width: f64,
        spacing: f64,
        _: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.codes.push(Code {
            w0: width,
            space: spacing > 0.5,
            text: ch.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.start = self.codes.len() as u32;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.shows.push((self.start, self.codes.len() as u32));
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

fn push_hex(out: &mut Vec<u8>, s: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for &b in s {
        out.push(HEX[(b >> 4) as usize]);
        out.push(HEX[(b & 15) as usize]);
    }
    out.push(b'>');
}

/// Decodes every `(font, string)` of `shows` (document font indices into `fonts`), using
/// page `host` (number, object) of `old` to carry the probe stream.
pub(crate) fn decode<'a>(
    old: &mut pdf_extract::Document,
    host: (u32, pdf_extract::ObjectId),
    fonts: &[DocFont],
    shows: impl IntoIterator<Item = (u32, &'a [u8])>,
) -> Decoded<'a> {
    let mut out = Decoded {
        bold: fonts.iter().map(|f| f.bold).collect(),
        ..Decoded::default()
    };
    // Distinct strings, grouped by font; and for a stand-in font, its strings in drawing order
    // (the first `LOST_SAMPLE`), to tell whether they read as words.
    let mut by_font: Vec<Vec<&'a [u8]>> = vec![Vec::new(); fonts.len()];
    let mut drawn: Vec<Vec<&'a [u8]>> = vec![Vec::new(); fonts.len()];
    for (f, s) in shows {
        let Some(font) = fonts.get(f as usize) else {
            continue;
        };
        if font.lost && drawn[f as usize].len() < LOST_SAMPLE {
            drawn[f as usize].push(s);
        }
        if let std::collections::hash_map::Entry::Vacant(e) = out.index.entry((f, s)) {
            e.insert((0, 0));
            by_font[f as usize].push(s);
        }
    }
    let mut res_fonts = pdf_extract::Dictionary::new();
    for f in fonts {
        res_fonts.set(f.name.clone(), f.object.clone());
    }
    let mut res = pdf_extract::Dictionary::new();
    res.set("Font", pdf_extract::Object::Dictionary(res_fonts));
    for (f, font) in fonts.iter().enumerate() {
        if let Some(g) = &font.glyph_ids {
            for s in &by_font[f] {
                let a = out.codes.len() as u32;
                let size = if g.one_byte { 1 } else { 2 };
                out.codes.extend(s.chunks_exact(size).map(|b| {
                    let gid = match b {
                        [b0, b1] => u16::from_be_bytes([*b0, *b1]),
                        _ => u16::from(b[0]),
                    };
                    Code {
                        w0: g.widths.get(&gid).copied().unwrap_or(g.default_width),
                        space: false,
                        text: g.text.get(&gid).cloned().unwrap_or_default(),
                    }
                }));
                out.index.insert((f as u32, s), (a, out.codes.len() as u32));
            }
        }
    }
    let mut next = 0usize;
    while next < fonts.len() {
        let todo: Vec<usize> = (next..fonts.len())
            .filter(|&f| !by_font[f].is_empty() && fonts[f].glyph_ids.is_none())
            .collect();
        if todo.is_empty() {
            break;
        }
        let mut content = Vec::new();
        for &f in &todo {
            content.extend_from_slice(b"BT /");
            content.extend_from_slice(&fonts[f].name);
            content.extend_from_slice(b" 1 Tf 0 Tc 1 Tw 100 Tz 0 Ts\n");
            for s in &by_font[f] {
                push_hex(&mut content, s);
                content.extend_from_slice(b" Tj\n");
            }
            content.extend_from_slice(b"ET\n");
        }
        stage(old, host.1, content, &res);
        let mut probe = Probe::default();
        // A panic or an error leaves the shows completed so far.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(old, &mut probe, host.0)
        }));
        // Hand the completed shows to their strings, font by font.
        let base = out.codes.len() as u32;
        out.codes.append(&mut probe.codes);
        let mut done = probe.shows.iter();
        let mut failed = None;
        'fonts: for &f in &todo {
            for s in &by_font[f] {
                let Some(&(a, b)) = done.next() else {
                    failed = Some(f);
                    break 'fonts;
                };
                out.index.insert((f as u32, s), (base + a, base + b));
                if let Some(map) = &fonts[f].cid_text {
                    fill_from_cids(
                        &mut out.codes[(base + a) as usize..(base + b) as usize],
                        s,
                        map,
                    );
                }
            }
        }
        // A font that broke decodes to nothing; go on with the next one.
        next = failed.map_or(fonts.len(), |f| f + 1);
    }
    for (f, strings) in by_font.iter().enumerate() {
        mend_byte_sums(&mut out, f as u32, strings);
        if let Some(names) = &fonts[f].diff_text {
            mend_by_names(&mut out, f as u32, strings, names);
        }
        // (a lost font read by its glyph ids was checked in drawing order)
        if fonts[f].lost && fonts[f].glyph_ids.is_none() {
            drop_unless_words(&mut out, f as u32, strings, &drawn[f]);
        }
    }
    out.reads = by_font
        .iter()
        .enumerate()
        .map(|(f, strings)| {
            strings.iter().any(|s| {
                out.codes(f as u32, s)
                    .iter()
                    .any(|c| c.text.chars().any(|ch| !ch.is_whitespace()))
            })
        })
        .collect();
    out
}

/// Most strings of a stand-in font read, in drawing order, to tell whether it gives words.
const LOST_SAMPLE: usize = 20_000;

/// Blanks what a stand-in font (`DocFont::lost`) decoded when it does not read as words: the
/// codes of a lost font with its own encoding (a subset's codes in order of use, glyph ids)
/// read in the Windows encoding give letters that spell nothing. Read in drawing order
/// (`drawn`), once with a space between strings and once without: producers show a line, a
/// word or a kerned piece of one, or a single glyph per string, so that neither the distinct
/// strings (a long document's vocabulary, its function words once each) nor one way of joining
/// them tells words for all of them.
fn drop_unless_words(out: &mut Decoded, f: u32, strings: &[&[u8]], drawn: &[&[u8]]) {
    if reads_as_words(&drawn_text(out, f, drawn, " "))
        || reads_as_words(&drawn_text(out, f, drawn, ""))
    {
        return;
    }
    for s in strings {
        if let Some(&(a, b)) = out.index.get(&(f, *s)) {
            for c in &mut out.codes[a as usize..b as usize] {
                c.text.clear();
            }
        }
    }
}

/// The commonest words of French and English prose: articles, prepositions, conjunctions,
/// pronouns and auxiliaries, a third of the words of a running text.
const FUNCTION_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
    "ils", "la", "le", "les", "leur", "leurs", "mais", "ne", "ou", "par", "pas", "pour", "qu",
    "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "and", "are", "as", "be",
    "by", "for", "from", "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "was",
    "with",
];

/// Whether a text reads as words of a language: at least three function words, making up at
/// least a tenth of its words of two letters or more (a running text has three times that;
/// letters that spell nothing have almost none, and single letters are left out, as such
/// letters cut into pieces by digits and signs give many), and letters at least half of its
/// characters other than spaces (prose has nine tenths; a subset's codes in order of use read
/// in the Windows encoding are mostly signs and digits, among whose few short runs of letters
/// `de` and `et` turn up by chance).
pub(crate) fn reads_as_words(text: &str) -> bool {
    word_counts(text).is_some_and(|(common, words)| common >= 3 && common * 10 >= words)
}

/// How many function words and how many words of two letters or more a text holds; `None`
/// when letters are under half of its characters other than spaces.
pub(crate) fn word_counts(text: &str) -> Option<(usize, usize)> {
    let (mut letters, mut shown) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        shown += 1;
        letters += usize::from(c.is_alphabetic());
    }
    if letters * 2 < shown {
        return None;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect();
    let common = words
        .iter()
        .filter(|w| FUNCTION_WORDS.contains(&w.as_str()))
        .count();
    Some((common, words.len()))
}

/// The text of font `font`'s strings `drawn` (in drawing order), joined with `sep`.
pub(crate) fn drawn_text(out: &Decoded, font: u32, drawn: &[&[u8]], sep: &str) -> String {
    let mut text = String::new();
    for s in drawn {
        for c in out.codes(font, s) {
            text.push_str(if c.space { " " } else { &c.text });
        }
        text.push_str(sep);
    }
    text
}

/// Gives the codes of a simple font whose `/ToUnicode` value is the low byte or byte sum of
/// their glyph name's character (`widths::name_repair`) that character.
fn mend_by_names(out: &mut Decoded, font: u32, strings: &[&[u8]], names: &HashMap<u8, String>) {
    for s in strings {
        let Some(&(a, b)) = out.index.get(&(font, *s)) else {
            continue;
        };
        let codes = &mut out.codes[a as usize..b as usize];
        if codes.len() != s.len() {
            continue; // not one code per byte
        }
        for (c, byte) in codes.iter_mut().zip(s.iter()) {
            if let Some(t) = names
                .get(byte)
                .and_then(|n| crate::widths::name_repair(&c.text, n))
            {
                c.text = t.to_string();
            }
        }
    }
}

/// Checks the decoded text of one two-byte font against its glyph widths and mends the codes
/// its `/ToUnicode` gave as byte sums (`widths::byte_sum_repairs`).
fn mend_byte_sums(out: &mut Decoded, font: u32, strings: &[&[u8]]) {
    let mut seen: HashMap<u16, crate::widths::Seen> = HashMap::new();
    let mut ranges = Vec::with_capacity(strings.len());
    for s in strings {
        let Some(&(a, b)) = out.index.get(&(font, *s)) else {
            continue;
        };
        let codes = &out.codes[a as usize..b as usize];
        if codes.len() * 2 != s.len() {
            return; // not a two-byte font (or not decoded code for code)
        }
        for (c, b) in codes.iter().zip(s.chunks_exact(2)) {
            seen.entry(u16::from_be_bytes([b[0], b[1]]))
                .or_insert_with(|| crate::widths::Seen {
                    text: c.text.clone(),
                    width: c.w0,
                    uses: 0,
                })
                .uses += 1;
        }
        ranges.push((*s, a, b));
    }
    let fix = crate::widths::byte_sum_repairs(&seen);
    if fix.is_empty() {
        return;
    }
    for (s, a, b) in ranges {
        let codes = &mut out.codes[a as usize..b as usize];
        for (c, b) in codes.iter_mut().zip(s.chunks_exact(2)) {
            if let Some(t) = fix.get(&u16::from_be_bytes([b[0], b[1]])) {
                c.text = t.to_string();
            }
        }
    }
}

/// Gives the codes of a two-byte (Identity) string that decoded to nothing the text their CID
/// has in the font's own tables.
fn fill_from_cids(codes: &mut [Code], s: &[u8], map: &HashMap<u16, String>) {
    if codes.len() * 2 != s.len() {
        return;
    }
    for (c, b) in codes.iter_mut().zip(s.chunks_exact(2)) {
        if c.text.is_empty() {
            if let Some(t) = map.get(&u16::from_be_bytes([b[0], b[1]])) {
                c.text.clone_from(t);
            }
        }
    }
}

/// Makes page `host` show `content` with the fonts of `res`.
fn stage(
    old: &mut pdf_extract::Document,
    host: pdf_extract::ObjectId,
    content: Vec<u8>,
    res: &pdf_extract::Dictionary,
) {
    old.max_id += 1;
    let cid = (old.max_id, 0);
    old.objects.insert(
        cid,
        pdf_extract::Object::Stream(pdf_extract::Stream::new(
            pdf_extract::Dictionary::new(),
            content,
        )),
    );
    if let Some(pdf_extract::Object::Dictionary(d)) = old.objects.get_mut(&host) {
        d.set("Contents", pdf_extract::Object::Reference(cid));
        d.set("Resources", pdf_extract::Object::Dictionary(res.clone()));
        d.set(
            "MediaBox",
            pdf_extract::Object::Array(
                [0.0, 0.0, 1000.0, 1000.0]
                    .iter()
                    .map(|v| pdf_extract::Object::Real(*v))
                    .collect(),
            ),
        );
        d.remove(b"ArtBox");
    }
}

#[cfg(test)]
mod tests {
    use super::reads_as_words;

    #[test]
    fn words_are_told_from_letters_that_spell_nothing() {
        assert!(reads_as_words(
            "La Région et l'État s'engagent pour les publics les plus fragiles."
        ));
        assert!(reads_as_words(
            "The State and the Region agree on the training of adults."
        ));
        // glyph ids read as letters, and a title of three words: nothing to go on
        assert!(!reads_as_words(
            "3DFWHU«JLRQDOGLQYHVWLVVHPHQWGDQVOHVFRPS«WHQFHV 1r +$876"
        ));
        assert!(!reads_as_words("Kdxwv gh Iudqfh"));
        // function words by chance among signs and digits
        assert!(!reads_as_words(
            "!\"#$ de %&'( et )*+, 0123 le 4567 89:; des <=>? la @[\\] et ^_`{ de |}~"
        ));
        assert!(!reads_as_words("Hauts-de-France"));
    }
}
