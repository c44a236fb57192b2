//! Extraction of other renderings of the four source texts: the same words typeset by other
//! PDF producers, hyphenated, in one and two columns: headless chromium (French hyphenation
//! marked by discretionary hyphens), groff (hyphenation breaks drawn as plain hyphens),
//! pdfLaTeX with French babel (T1 and OT1 font encodings) and LibreOffice Writer (French
//! automatic hyphenation); and the corpus PDFs themselves rewritten by Ghostscript's
//! `pdfwrite`. Each rendering's words are scored against the source text, as the
//! corpus files are. The producers are Debian packages that `.ci/run` installs; a test says
//! when it skips.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use pactes_tests::score::{scores, Scores};
use pactes_tests::{chromium, data_dir, wait_within};

/// The four source texts (`tests/data/NAME.txt`), by name.
fn sources() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [
        "CVL_declinaison_operationnelle_PACTE",
        "IDF_pacte_regional_v14fev2019",
        "PRIC-HDF-signe",
        "Pacte_PDL_2019-2022",
    ]
    .iter()
    .map(|n| {
        let t = std::fs::read_to_string(data_dir().join(format!("{n}.txt")))
            .unwrap_or_else(|e| panic!("tests/data/{n}.txt: {e}"));
        (n.to_string(), t)
    })
    .collect();
    v.sort();
    v
}

/// Paragraphs of a source text: runs of lines between blank lines (empty or only spaces: the
/// source texts separate a title from its body by a line holding a space), joined by spaces.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(cur.join(" "));
                cur.clear();
            }
        } else {
            cur.extend(line.split_whitespace());
        }
    }
    out
}

/// A word with discretionary hyphens (U+00AD) between its syllables (before a consonant that
/// follows a vowel and precedes one), so that a justified column cuts long words as a French
/// typesetter would.
fn syllables(w: &str) -> String {
    let cs: Vec<char> = w.chars().collect();
    if cs.len() < 8 || !cs.iter().all(|c| c.is_alphabetic()) {
        return w.to_string();
    }
    let vowel = |c: char| "aeiouyéèêëàâîïôûù".contains(c.to_ascii_lowercase());
    let mut out = String::new();
    let mut last = 0;
    for (i, c) in cs.iter().enumerate() {
        if i >= 3
            && i + 3 < cs.len()
            && i - last >= 3
            && vowel(cs[i - 1])
            && !vowel(*c)
            && vowel(cs[i + 1])
        {
            out.push('\u{ad}');
            last = i;
        }
        out.push(*c);
    }
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Renders `text` with headless chromium, justified in `columns` columns, hyphenated.
fn chromium_pdf(text: &str, columns: u8, dir: &Path, name: &str) -> Option<PathBuf> {
    let body: String = paragraphs(text)
        .iter()
        .map(|p| {
            let words: Vec<String> = p.split(' ').map(syllables).collect();
            format!("<p>{}</p>\n", html_escape(&words.join(" ")))
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><style>\
         body{{font-family:'DejaVu Serif',serif;font-size:10.5pt;text-align:justify;\
         column-count:{columns};column-gap:1cm}} p{{margin:0 0 6pt 0}}</style></head>\
         <body>{body}</body></html>"
    );
    let src = dir.join(format!("{name}.{columns}.html"));
    std::fs::write(&src, html).ok()?;
    let pdf = dir.join(format!("{name}.chromium{columns}.pdf"));
    let profile = tempfile::tempdir().ok()?;
    chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", src.display()),
        ],
        profile.path(),
    )?;
    pdf.is_file().then_some(pdf)
}

/// Renders `text` with WeasyPrint (Python; its own PDF writer, pydyf), justified in two columns
/// with its French hyphenation (drawn with U+2010), short lines without a stop set as titles
/// in another font; `None` when the `weasyprint` module is missing. Its subsets of DejaVu come
/// with an embedded CMap when their codes are not their CIDs (IDF's Pacte: pdf-extract read 4 %
/// of its words), and its two columns of short paragraphs line up 5 pt apart (not a table).
fn weasyprint_pdf(text: &str, dir: &Path, name: &str) -> Option<PathBuf> {
    let body: String = paragraphs(text)
        .iter()
        .map(|p| {
            let words = p.split_whitespace().count();
            let title = words <= 12 && !p.ends_with(['.', ';', ',', ':']);
            let tag = if title { "h3" } else { "p" };
            format!("<{tag}>{}</{tag}>\n", html_escape(p))
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><style>\
         @page{{size:A4;margin:2cm;@bottom-center{{content:counter(page)}}}}\
         body{{font-family:'DejaVu Serif',serif;font-size:10pt;line-height:1.3;\
         text-align:justify;hyphens:auto;column-count:2;column-gap:0.8cm}}\
         h3{{font-family:'DejaVu Sans',sans-serif;font-size:11pt;text-align:left;hyphens:manual}}\
         p{{margin:0 0 5pt 0}}</style></head><body>{body}</body></html>"
    );
    let src = dir.join(format!("{name}.weasy.html"));
    std::fs::write(&src, html).ok()?;
    let pdf = dir.join(format!("{name}.weasyprint.pdf"));
    python_pdf(
        "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])",
        &src,
        pdf,
        Duration::from_secs(600),
    )
}

/// Runs `python3 -c code SRC PDF` (a producer in a Python module) within `limit`; the PDF
/// when it was made (`None` when Python or the module is missing).
fn python_pdf(code: &str, src: &Path, pdf: PathBuf, limit: Duration) -> Option<PathBuf> {
    let mut child = Command::new("python3")
        .args(["-c", code])
        .arg(src)
        .arg(&pdf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let ok = wait_within(&mut child, limit)?.success();
    (ok && pdf.is_file()).then_some(pdf)
}

/// `s` as a Typst string literal: what it holds is text, never markup.
fn typst_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Renders `text` with Typst (the `typst` module from PyPI, which embeds the compiler and its
/// fonts): justified in two columns with Typst's French hyphenation, short lines without a stop
/// set in bold as titles; `None` when the module is missing. Typst gives its hyphen glyph the
/// code U+00AD (read as `-` by a document that draws it inside words).
fn typst_pdf(text: &str, dir: &Path, name: &str) -> Option<PathBuf> {
    let body: Vec<String> = paragraphs(text)
        .iter()
        .map(|p| {
            let words = p.split_whitespace().count();
            let title = words <= 12 && !p.ends_with(['.', ';', ',', ':']);
            if title {
                format!("#strong({})", typst_string(p))
            } else {
                format!("#{}", typst_string(p))
            }
        })
        .collect();
    let doc = format!(
        "#set page(paper: \"a4\", margin: 2cm, columns: 2, numbering: \"1\")\n\
         #set text(lang: \"fr\", size: 10pt, hyphenate: true)\n\
         #set par(justify: true)\n\n{}\n",
        body.join("\n\n")
    );
    let src = dir.join(format!("{name}.typ"));
    std::fs::write(&src, doc).ok()?;
    let pdf = dir.join(format!("{name}.typst.pdf"));
    python_pdf(
        "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
        &src,
        pdf,
        Duration::from_secs(300),
    )
}

/// Renders `text` with groff (`-ms`, French hyphenation, gropdf), if installed with its PDF
/// device.
fn groff_pdf(text: &str, dir: &Path, name: &str) -> Option<PathBuf> {
    let mut ms = String::from(".ll 16c\n.hy 1\n");
    for p in paragraphs(text) {
        let p = p.replace('\\', "\\e");
        ms.push_str(".PP\n");
        if p.starts_with(['.', '\'']) {
            ms.push_str("\\&");
        }
        ms.push_str(&p);
        ms.push('\n');
    }
    let pdf = dir.join(format!("{name}.groff.pdf"));
    let out = std::fs::File::create(&pdf).ok()?;
    let mut child = Command::new("groff")
        .args(["-k", "-ms", "-mfr", "-Tpdf"])
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    {
        use std::io::Write;
        child.stdin.take()?.write_all(ms.as_bytes()).ok()?;
    }
    let ok = child.wait().ok()?.success();
    (ok && std::fs::metadata(&pdf).ok()?.len() > 0).then_some(pdf)
}

/// Rewrites `src` with Ghostscript's `pdfwrite` (the usual way to shrink or "normalise" a
/// PDF) into `dir/NAME.gs.pdf`: fonts re-embedded as subsets under new names, and with
/// Ghostscript 10.0 a `/ToUnicode` that gives some typographic characters as the sum of their
/// two UTF-16 bytes (’ → `9`, ﬁ → `ü`, œ → `T`).
fn gs_rewrite(src: &Path, dir: &Path, name: &str) -> Option<PathBuf> {
    let pdf = dir.join(format!("{name}.gs.pdf"));
    let mut child = Command::new("gs")
        .args(["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite"])
        .arg(format!("-sOutputFile={}", pdf.display()))
        .arg(src)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let ok = wait_within(&mut child, Duration::from_secs(300))?.success();
    (ok && std::fs::metadata(&pdf).ok()?.len() > 0).then_some(pdf)
}

/// The bundled corpus PDF `name` rewritten by Ghostscript.
fn ghostscript_pdf(_text: &str, dir: &Path, name: &str) -> Option<PathBuf> {
    let src = pactes_tests::corpus_dir().join(format!("{name}.pdf"));
    gs_rewrite(&src, dir, name)
}

/// LaTeX for one word of a source text: specials escaped, the symbols of the Pactes written
/// as LaTeX draws them, URLs set with `\url` (which breaks them at slashes).
fn latex_word(w: &str) -> String {
    if (w.contains("://") || w.starts_with("www.")) && !w.contains(['%', '#', '{', '}', '\\', '^'])
    {
        return format!("\\url{{{w}}}");
    }
    let mut out = String::new();
    for c in w.chars() {
        let s = match c {
            '\\' => "\\textbackslash{}",
            '{' => "\\{",
            '}' => "\\}",
            '$' => "\\$",
            '&' => "\\&",
            '#' => "\\#",
            '^' => "\\^{}",
            '_' => "\\_",
            '%' => "\\%",
            '~' => "\\~{}",
            '<' => "\\textless{}",
            '>' => "\\textgreater{}",
            '|' => "\\textbar{}",
            '•' | '▪' => "\\textbullet{}",
            '→' => "$\\rightarrow$",
            '↳' => "$\\hookrightarrow$",
            '⇒' => "$\\Rightarrow$",
            '▶' | '►' | '➤' => "$\\triangleright$",
            '○' => "$\\circ$",
            '€' => "\\texteuro{}",
            '°' => "\\textdegree{}",
            '§' => "\\S{}",
            '✚' => "+",
            '✓' | '☒' | '❖' => "",
            '\u{E000}'..='\u{F8FF}' => "",
            'ⁱ' => "\\textsuperscript{i}",
            '¹' => "\\textsuperscript{1}",
            '²' => "\\textsuperscript{2}",
            '³' => "\\textsuperscript{3}",
            '⁴'..='⁹' => {
                let d = (c as u32 - '⁴' as u32 + 4).to_string();
                out.push_str(&format!("\\textsuperscript{{{d}}}"));
                continue;
            }
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(s);
    }
    out
}

/// `text`'s paragraphs as LaTeX source, its special characters escaped.
fn latex_body(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| p.split(' ').map(latex_word).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Writes `tex` to `dir/stem.tex` and typesets it with `engine` (batch mode, stopping at the
/// first error) within `limit`; the PDF when it was made.
fn typeset(engine: &str, stem: &str, tex: &str, dir: &Path, limit: Duration) -> Option<PathBuf> {
    std::fs::write(dir.join(format!("{stem}.tex")), tex).ok()?;
    let mut child = Command::new(engine)
        .args([
            "-interaction=batchmode",
            "-halt-on-error",
            &format!("{stem}.tex"),
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let ok = wait_within(&mut child, limit)?.success();
    let pdf = dir.join(format!("{stem}.pdf"));
    (ok && pdf.is_file()).then_some(pdf)
}

/// Renders `text` with pdfLaTeX (French babel, so French hyphenation), in one or two justified
/// columns. `t1`: Latin Modern in the T1 encoding (accented letters are glyphs of their own);
/// otherwise Computer Modern in OT1, where TeX draws each accent over its letter as a glyph of
/// its own (`´` then `e`) and guillemets from smaller math glyphs.
fn latex_pdf(text: &str, t1: bool, columns: u8, dir: &Path, name: &str) -> Option<PathBuf> {
    let tex = format!(
        "\\documentclass[10pt,a4paper{}]{{article}}\\usepackage[utf8]{{inputenc}}{}\
         \\usepackage{{textcomp}}\\usepackage{{url}}\\urlstyle{{same}}\\usepackage[french]{{babel}}\
         \\usepackage[margin=2cm]{{geometry}}\\begin{{document}}\n{}\n\\end{{document}}\n",
        if columns == 2 { ",twocolumn" } else { "" },
        if t1 {
            "\\usepackage[T1]{fontenc}\\usepackage{lmodern}"
        } else {
            ""
        },
        latex_body(text)
    );
    let stem = format!("{name}.{}.{columns}", if t1 { "t1" } else { "ot1" });
    typeset("pdflatex", &stem, &tex, dir, Duration::from_secs(300))
}

/// Renders `text` with LuaLaTeX and fontspec: Latin Modern as OpenType (CFF) fonts, embedded
/// as CID fonts with an Identity encoding; `columns` columns.
fn lualatex_pdf(text: &str, columns: u8, dir: &Path, name: &str) -> Option<PathBuf> {
    let tex = format!(
        "\\documentclass[10pt,a4paper{}]{{article}}\\usepackage{{fontspec}}\
         \\setmainfont{{Latin Modern Roman}}\\usepackage{{url}}\\urlstyle{{same}}\
         \\usepackage[french]{{babel}}\\usepackage[margin=2cm]{{geometry}}\
         \\begin{{document}}\n{}\n\\end{{document}}\n",
        if columns == 2 { ",twocolumn" } else { "" },
        latex_body(text)
    );
    let stem = format!("{name}.lua.{columns}");
    typeset("lualatex", &stem, &tex, dir, Duration::from_secs(600))
}

/// Renders `text` with LibreOffice Writer (headless, from a flat ODF document): justified in
/// `columns` columns, French automatic hyphenation (with Debian's `hyphen-fr` patterns).
fn libreoffice_pdf(text: &str, columns: u8, dir: &Path, name: &str) -> Option<PathBuf> {
    let body: String = paragraphs(text)
        .iter()
        .map(|p| {
            format!(
                "<text:p text:style-name=\"P1\">{}</text:p>\n",
                html_escape(p)
            )
        })
        .collect();
    let fodt = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"><style:columns fo:column-count="{columns}" fo:column-gap="0.6cm"/></style:page-layout-properties></style:page-layout>
<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.15cm"/><style:text-properties fo:font-size="10.5pt" fo:language="fr" fo:country="FR" fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
"#
    );
    let out = dir.join(format!("lo{columns}-{name}"));
    std::fs::create_dir_all(&out).ok()?;
    let src = out.join(format!("{name}.fodt"));
    std::fs::write(&src, fodt).ok()?;
    soffice_pdf(&src, &out, name)
}

/// `src` printed to `out/NAME.pdf` by LibreOffice (headless, 300 s at most), with a profile of
/// its own: instances running side by side do not share one.
fn soffice_pdf(src: &Path, out: &Path, name: &str) -> Option<PathBuf> {
    let profile = tempfile::tempdir().ok()?;
    let mut child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(src)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    if !wait_within(&mut child, Duration::from_secs(300))?.success() {
        return None;
    }
    let pdf = out.join(format!("{name}.pdf"));
    pdf.is_file().then_some(pdf)
}

/// The source text as a plain-text file, printed by LibreOffice Writer as it opens it: each
/// line of the file a paragraph in Liberation Mono, tabs at the default tab stops (the way a
/// `.txt` is most often made a PDF).
fn libreoffice_text_pdf(text: &str, dir: &Path, name: &str) -> Option<PathBuf> {
    let out = dir.join(format!("lotxt-{name}"));
    std::fs::create_dir_all(&out).ok()?;
    let src = out.join(format!("{name}.txt"));
    std::fs::write(&src, text).ok()?;
    soffice_pdf(&src, &out, name)
}

/// `f(name, text)` for each source text, each in a thread of its own (the producers are
/// external processes: they run side by side), in the sources' order.
fn per_source<T: Send>(srcs: &[(String, String)], f: impl Fn(&str, &str) -> T + Sync) -> Vec<T> {
    std::thread::scope(|s| {
        let hs: Vec<_> = srcs
            .iter()
            .map(|(name, text)| {
                let f = &f;
                s.spawn(move || f(name, text))
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().expect("rendering thread"))
            .collect()
    })
}

fn score(pdf: &Path, source: &str) -> Scores {
    let bytes = std::fs::read(pdf).expect("rendering written");
    let name = pdf
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc =
        pactes_pdf::extract_bytes(&bytes, &name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    scores(source, &pactes_pdf::render_text(&doc))
}

/// Scores every rendering that `render` makes; `None` when the producer is missing.
fn check(
    producer: &str,
    render: impl Fn(&str, &Path, &str) -> Option<PathBuf> + Sync,
    bar: (f64, f64, f64),
) -> Option<()> {
    check_with(producer, render, bar, None)
}

/// As `check`, and with `rewrite = Some(bar)`, each rendering rewritten by Ghostscript
/// `pdfwrite` too, scored as `PRODUCER+gs` against that bar (skipped, saying so, without `gs`).
fn check_with(
    producer: &str,
    render: impl Fn(&str, &Path, &str) -> Option<PathBuf> + Sync,
    bar: (f64, f64, f64),
    rewrite: Option<(f64, f64, f64)>,
) -> Option<()> {
    // `PACTES_RENDERINGS_DIR=dir` keeps the renderings there, to look at them.
    let tmp = tempfile::tempdir().expect("tempdir");
    let keep = std::env::var_os("PACTES_RENDERINGS_DIR").map(PathBuf::from);
    let dir = keep.as_deref().unwrap_or(tmp.path());
    let _ = std::fs::create_dir_all(dir);
    let srcs = sources();
    type Scored = (String, Option<Scores>, Option<Scores>);
    let results: Vec<Scored> = per_source(&srcs, |name, text| {
        let pdf = render(text, dir, name);
        let own = pdf.as_ref().map(|p| score(p, text));
        let gs = pdf
            .filter(|_| rewrite.is_some())
            .and_then(|p| gs_rewrite(&p, dir, &format!("{name}.{producer}")))
            .map(|p| score(&p, text));
        (name.to_string(), own, gs)
    });
    if results.iter().all(|(_, s, _)| s.is_none()) {
        println!("skip: {producer} is not installed (or cannot write PDF)");
        return None;
    }
    let gs_label = format!("{producer}+gs");
    let mut bad = Vec::new();
    let mut judge = |label: &str, name: &str, s: &Scores, bar: (f64, f64, f64)| {
        println!(
            "{label} {name}: recall {:.5} precision {:.5} order {:.5}",
            s.recall, s.precision, s.order
        );
        if s.recall < bar.0 || s.precision < bar.1 || s.order < bar.2 {
            bad.push(format!(
                "{label} {name}: {:.5}/{:.5}/{:.5}",
                s.recall, s.precision, s.order
            ));
        }
    };
    for (name, s, _) in &results {
        let s = s
            .as_ref()
            .unwrap_or_else(|| panic!("{producer}: {name} was not rendered"));
        judge(producer, name, s, bar);
    }
    if let Some(gs_bar) = rewrite {
        if results.iter().all(|(_, _, g)| g.is_none()) {
            println!("skip: gs is not installed: {producer} renderings not rewritten");
        } else {
            for (name, _, g) in &results {
                let g = g
                    .as_ref()
                    .unwrap_or_else(|| panic!("{gs_label}: {name} was not rewritten"));
                judge(&gs_label, name, g, gs_bar);
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{producer} renderings under {bar:?}: {bad:?}"
    );
    Some(())
}

/// The bar of the corpus files (issue #2): recall, precision, order.
const BAR: (f64, f64, f64) = (0.999, 0.998, 0.995);

#[test]
fn groff_renderings_meet_the_bar() {
    check("groff", groff_pdf, BAR);
}

/// Each source rendered by `render`, cut just before its first font and read in-process: every
/// source's recall, precision and order at least `bar`.
fn check_cut_before_fonts(
    producer: &str,
    render: impl Fn(&str, &Path, &str) -> Option<PathBuf> + Sync,
    bar: f64,
) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let srcs = sources();
    let results: Vec<Option<(String, Result<Scores, String>)>> = per_source(&srcs, |name, text| {
        let pdf = render(text, tmp.path(), name)?;
        let bytes = std::fs::read(&pdf).ok()?;
        let cut = pactes_tests::cut_before_first_font(&bytes)?;
        let file = format!("{name}.cut.pdf");
        let scored = pactes_pdf::extract_bytes(cut, &file, None)
            .map(|doc| scores(text, &pactes_pdf::render_text(&doc)))
            .map_err(|e| e.to_string());
        Some((name.to_string(), scored))
    });
    if results.iter().all(Option::is_none) {
        println!("skip: {producer} is not installed (or cannot write PDF)");
        return;
    }
    for r in results {
        let (name, scored) = r.expect("every source rendered and holding a font");
        let s = scored.unwrap_or_else(|e| panic!("{name} cut before its fonts: {e}"));
        println!(
            "{producer} cut {name}: recall {:.5} precision {:.5} order {:.5}",
            s.recall, s.precision, s.order
        );
        assert!(
            s.recall >= bar && s.precision >= bar && s.order >= bar,
            "{producer} {name}: {s:?}"
        );
    }
}

/// A file cut short loses its fonts first: producers write them last (groff after every page,
/// and so do chromium, LibreOffice and pdfLaTeX). groff's renderings cut just before their
/// first font are read with a stand-in font in the Windows encoding, which groff's codes
/// follow: most of their words, in order. Measured (session 24): recall 0.953–0.965, precision
/// 0.927–0.954, order 0.952–0.965; before, no text at all (`damaged PDF that cannot be
/// recovered`).
#[test]
fn groff_renderings_cut_before_their_fonts_still_give_their_words() {
    check_cut_before_fonts("groff", groff_pdf, 0.9);
}

/// Chromium's one-column renderings cut just before their first font: two-byte glyph ids read
/// through the glyph order TrueType fonts share (`glyph_ids.rs`). Chromium shows a word and
/// its space per run, so the widths are solved from the runs' moves; its soft hyphens (French
/// hyphenation marked by discretionary hyphens) are a space glyph in an `/ActualText` span that
/// moves nothing on, counted apart, and its ligatures' text is their span's; the glyph ending
/// lines between a word's halves is its hyphenation break's hyphen, and the one before `uvr`
/// is œ. Measured (session 26): recall 0.9961–0.9984, precision 0.9942–0.9982, order
/// 0.9949–0.9984; without the hyphen and œ, recall 0.987–0.995; with widths from one-glyph
/// shows only, recall 0.82–0.94 and order 0.71–0.92; without `/ActualText`, recall 0.88–0.94.
#[test]
fn chromium_renderings_cut_before_their_fonts_still_give_their_words() {
    check_cut_before_fonts("chromium", |t, d, n| chromium_pdf(t, 1, d, n), 0.99);
}

/// LibreOffice's two-column renderings cut just before their first font (it writes each
/// page's content first, then its fonts, then its pages): the pages are made again from their
/// content streams (`orphans.rs`) and each font's one-byte codes, a subset's own in order of
/// first use, are solved as a substitution cipher against French trigram counts
/// (`cipher.rs`). Measured (session 27): recall 0.825–0.954, precision 0.852–0.932, order
/// 0.816–0.948 (CVL and IDF, with the least text per font, lowest); before, an error
/// (`damaged PDF that cannot be recovered`).
#[test]
fn libreoffice_renderings_cut_before_their_fonts_still_give_their_words() {
    check_cut_before_fonts("LibreOffice", |t, d, n| libreoffice_pdf(t, 2, d, n), 0.8);
}

/// One column; and the same renderings rewritten by Ghostscript `pdfwrite`: DejaVu's
/// ligatures (ﬁ, ﬀ) come out as `ü`, `û` beside true `û`s, mended by their widths.
#[test]
fn chromium_single_column_renderings_and_their_ghostscript_rewrites_meet_the_bar() {
    check_with(
        "chromium",
        |t, d, n| chromium_pdf(t, 1, d, n),
        BAR,
        Some(BAR),
    );
}

/// Two justified columns: short paragraphs side by side at the same heights in both columns
/// (the Centre-Val de Loire text is a table flattened to one line per paragraph) are text
/// flowing down the columns, not table rows.
#[test]
fn chromium_two_column_renderings_meet_the_bar() {
    check(
        "chromium",
        |t, d, n| chromium_pdf(t, 2, d, n),
        (BAR.0, BAR.1, 0.99),
    );
}

/// pdfLaTeX, Latin Modern (T1): one column.
#[test]
fn latex_single_column_renderings_meet_the_bar() {
    check("pdflatex", |t, d, n| latex_pdf(t, true, 1, d, n), BAR);
}

/// pdfLaTeX, Latin Modern (T1): two columns whose baselines need not line up, a 10 pt
/// gutter, columns of short table-cell paragraphs.
#[test]
fn latex_two_column_renderings_meet_the_bar() {
    check("pdflatex", |t, d, n| latex_pdf(t, true, 2, d, n), BAR);
}

/// pdfLaTeX, Computer Modern (OT1): accents drawn over their letters as glyphs of their own
/// (`r´egion` unless composed), guillemets from raised math glyphs. Rewritten by Ghostscript,
/// those glyphs' map keeps only the low byte of `lessmuch` U+226A (`j`, `k`): their glyph
/// names correct it. Precision bar 0.997 there: the square bullet TeX draws comes out as a
/// lone `ˆ` (HDF 0.9978).
#[test]
fn latex_ot1_renderings_and_their_ghostscript_rewrites_meet_the_bar() {
    check_with(
        "pdflatex",
        |t, d, n| latex_pdf(t, false, 1, d, n),
        BAR,
        Some((BAR.0, 0.997, BAR.2)),
    );
}

/// LibreOffice Writer, two justified columns, French automatic hyphenation (drawn as plain
/// hyphens), capitals hyphenated too (`L’AC-` / `TION`).
#[test]
fn libreoffice_two_column_renderings_meet_the_bar() {
    check("soffice", |t, d, n| libreoffice_pdf(t, 2, d, n), BAR);
}

/// The source texts opened as plain text by LibreOffice and printed: monospaced type, where
/// a word space is a whole cell (0.6 of the size) and spaces line up from line to line. They
/// were taken for column gutters where a few lines' first words had one length (the words
/// after them cut off into a column of their own): order CVL 0.9942, IDF 0.9946, PDL 0.9940
/// before a monospaced row's gaps of a cell or so stayed word spaces.
#[test]
fn libreoffice_plain_text_renderings_meet_the_bar() {
    check("soffice-txt", libreoffice_text_pdf, BAR);
}

#[test]
fn weasyprint_two_column_renderings_meet_the_bar() {
    check("weasyprint", weasyprint_pdf, BAR);
}

/// Typst (PyPI `typst`), two justified columns, French hyphenation: its hyphen glyph is coded
/// U+00AD, so a soft hyphen drawn inside a word is a hyphen there, and the line-end ones are
/// decided by the document's vocabulary (Hauts-de-France, rendez-vous kept whole).
#[test]
fn typst_two_column_renderings_meet_the_bar() {
    check("typst", typst_pdf, BAR);
}

/// The corpus PDFs rewritten by Ghostscript `pdfwrite`: its damaged `/ToUnicode` entries are
/// found by their glyph widths and mended (footnote superscripts it gives as their low byte,
/// ⁴ → `t`, included).
#[test]
fn ghostscript_rewrites_meet_the_bar() {
    check("gs", ghostscript_pdf, BAR);
}

/// LuaLaTeX with fontspec, Latin Modern OpenType: CID-keyed CFF fonts (Identity-H), two
/// columns; and the same renderings rewritten by Ghostscript `pdfwrite`, whose ligature maps
/// come out shifted into high bytes (ﬁ → `昀椀`), mended.
#[test]
fn lualatex_two_column_renderings_and_their_ghostscript_rewrites_meet_the_bar() {
    check_with(
        "lualatex",
        |t, d, n| lualatex_pdf(t, 2, d, n),
        BAR,
        Some(BAR),
    );
}

/// Tagging on the four Pactes as other producers set them, titles in body type, paragraphs
/// told apart by a first-line indent only (groff, pdfLaTeX), by 6 pt of space (chromium,
/// one-line titles over a paragraph) or by 4 pt (1.35 line pitches: LibreOffice, two columns).
/// Extracted, segmented and tagged as `pactes build` does, evaluated against the dev gold
/// (Hauts-de-France, Centre-Val de Loire): theme recall ≥ 0.78, axis accuracy ≥ 0.75, ≤ 1.5
/// themes per passage; and against the silver quotes of the two Regions the dev gold leaves
/// out (Pays de la Loire, Île-de-France): theme recall ≥ SILVER.0, axis accuracy ≥ SILVER.1.
/// Measured (session 10, the four Pactes): groff 0.787 / 0.798 / 1.33, chromium 0.840 / 0.830
/// / 1.45, pdfLaTeX 0.862 / 0.830 / 1.33, LibreOffice 0.862 / 0.819 / 1.32; silver theme recall
/// / axis accuracy: groff 0.648 / 0.705, chromium 0.629 / 0.781, pdfLaTeX 0.638 / 0.724,
/// LibreOffice 0.600 / 0.771 (session 9's code: chromium 1.69 themes per passage, a lettered
/// title holding the rest of IDF). Session 11 (annex and run-in titles, handicap and local
/// diagnostic cues, roman titles closing plain numbered lines): dev groff 0.798 / 0.798 / 1.25,
/// chromium 0.840 / 0.830 / 1.38, pdfLaTeX 0.862 / 0.830 / 1.35, LibreOffice 0.862 / 0.819 /
/// 1.29; silver groff 0.676 / 0.771, chromium 0.667 / 0.790, pdfLaTeX 0.705 / 0.752,
/// LibreOffice 0.638 / 0.771. Session 12 (action sheets keep the axis their field names
/// first; dash lists): dev unchanged but pdfLaTeX / LibreOffice 1.36 / 1.30 themes per
/// passage; silver groff 0.686 / 0.800, chromium 0.667 / 0.819, pdfLaTeX 0.705 / 0.781,
/// LibreOffice 0.648 / 0.810. Before paragraphs were found by indent and by smaller gaps,
/// pages read as a few paragraphs each (HDF and CVL): groff 0.755 / 0.660 / 1.62, pdfLaTeX
/// 0.755 / 0.755 / 1.97, LibreOffice 0.883 / 0.745 / 2.07. Session 14 (a paragraph of more
/// than a passage's 300 words cut at sentence ends): dev groff 0.798 / 0.798 → 0.830 / 0.819,
/// chromium 0.840 / 0.830 → 0.851 / 0.851, pdfLaTeX 0.862 / 0.830 (same), LibreOffice
/// 0.862 / 0.819 → 0.872 / 0.819; floors raised from 0.78 / 0.75 to about two quotes under.
/// And the plain-text files printed by LibreOffice (monospaced, ragged right, each line a
/// paragraph): 0.840 / 0.819 → 0.894 / 0.872 once a paragraph's end was found by the next
/// line's first word fitting the short line above; silver 0.667 / 0.800 → 0.685 / 0.800.
/// Then the synthesis of those passages (session 37): full coverage within the 15,000 words,
/// quote recall over `SYNTH`.
#[test]
fn tagging_and_synthesis_hold_on_other_renderings() {
    // `PACTES_RENDERINGS_DIR=dir` keeps the renderings there, to look at them.
    let tmp = tempfile::tempdir().expect("tempdir");
    let keep = std::env::var_os("PACTES_RENDERINGS_DIR").map(PathBuf::from);
    let dir = keep.as_deref().unwrap_or(tmp.path());
    let _ = std::fs::create_dir_all(dir);
    let srcs = sources();
    let silver = crate::tag::silver_quotes();
    let dev = pactes_tag::eval::load_gold(&data_dir().join("quotes-dev.jsonl")).expect("dev gold");
    let tax = crate::tag::taxonomy();
    type Render = Box<dyn Fn(&str, &Path, &str) -> Option<PathBuf> + Sync>;
    let producers: Vec<(&str, Render)> = vec![
        ("groff", Box::new(groff_pdf)),
        ("chromium", Box::new(|t, d, n| chromium_pdf(t, 1, d, n))),
        ("pdflatex", Box::new(|t, d, n| latex_pdf(t, true, 1, d, n))),
        ("soffice", Box::new(|t, d, n| libreoffice_pdf(t, 2, d, n))),
        ("soffice-txt", Box::new(libreoffice_text_pdf)),
    ];
    let mut bad = Vec::new();
    for (producer, render) in &producers {
        let docs: Option<Vec<pactes_doc::Document>> = per_source(&srcs, |name, text| {
            let pdf = render(text, dir, name)?;
            let bytes = std::fs::read(&pdf).ok()?;
            Some(
                pactes_pdf::extract_bytes(&bytes, &format!("{name}.pdf"), None)
                    .unwrap_or_else(|e| panic!("{producer} {name}: {e}")),
            )
        })
        .into_iter()
        .collect();
        let Some(docs) = docs else {
            println!("skip: {producer} is not installed (or cannot write PDF)");
            continue;
        };
        let pages: Vec<(u32, String)> = docs
            .iter()
            .map(|d| (d.pages.len() as u32, d.sha256.clone()))
            .collect();
        let t = crate::tag::run(docs);
        for (file, r) in &t.regions {
            assert!(r.is_ok(), "{producer} {file}: region {r:?}");
        }
        let r = crate::tag::report(&t);
        println!("tagging on {producer} renderings:\n{r}");
        // passages cut mid-sentence (groff: 632 of 1,850 before a block opening in lower case
        // went on the paragraph above it, 30 of 1,602 after)
        let cut = crate::tag::cut_mid_sentence(&t.passages);
        println!(
            "{producer}: {cut} of {} passages cut mid-sentence",
            t.passages.len()
        );
        if cut * 100 > 4 * t.passages.len() {
            bad.push(format!(
                "{producer}: {cut} of {} passages cut mid-sentence",
                t.passages.len()
            ));
        }
        crate::tag::assert_located_and_sparse(&r);
        if r.theme_recall < DEV.0 || r.axis_accuracy < DEV.1 {
            bad.push(format!(
                "{producer}: theme recall {:.3}, axis accuracy {:.3}",
                r.theme_recall, r.axis_accuracy
            ));
        }
        let s = pactes_tag::eval::evaluate(&t.passages, &silver);
        println!("tagging on {producer} renderings, silver quotes (PDL, IDF):\n{s}");
        if s.theme_recall < SILVER.0 || s.axis_accuracy < SILVER.1 {
            bad.push(format!(
                "{producer} silver: theme recall {:.3}, axis accuracy {:.3}",
                s.theme_recall, s.axis_accuracy
            ));
        }
        // The synthesis of these passages, measured as on the bundled corpus.
        let sources: Vec<pactes_synth::SourceDoc> = t
            .regions
            .iter()
            .zip(&pages)
            .filter_map(|((file, r), (n, sha))| {
                Some(pactes_synth::SourceDoc {
                    doc: file.clone(),
                    region: r.as_ref().ok()?.clone(),
                    pages: *n,
                    sha256: sha.clone(),
                    date: None,
                })
            })
            .collect();
        let synth = pactes_synth::synthesize(
            &t.passages,
            &sources,
            &tax,
            &pactes_synth::SynthOptions::default(),
        );
        let (fd, fs) = (
            pactes_synth::fidelity(&synth, &dev),
            pactes_synth::fidelity(&synth, &silver),
        );
        println!(
            "synthesis on {producer} renderings: coverage {:.3} / {:.3}, quote recall dev {:.3} \
             of {}, silver (PDL, IDF) {:.3} of {}, {} words of excerpts",
            fd.coverage,
            fs.coverage,
            fd.quote_recall,
            fd.quotes,
            fs.quote_recall,
            fs.quotes,
            fd.excerpt_words
        );
        if fd.excerpt_words > 15_000
            || fd.coverage.min(fs.coverage) < 0.95
            || fd.quote_recall < SYNTH.0
            || fs.quote_recall < SYNTH.1
        {
            bad.push(format!(
                "{producer} synthesis: {} words, coverage {:.3} / {:.3}, quote recall {:.3} / {:.3}",
                fd.excerpt_words, fd.coverage, fs.coverage, fd.quote_recall, fs.quote_recall
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "under {DEV:?} (dev), {SILVER:?} (silver), {SYNTH:?} (synthesis, dev / silver): {bad:?}"
    );
}

/// Floors of the synthesis' quote recall on other renderings (dev quotes; silver quotes of
/// the Regions outside the dev gold), about two quotes under the lowest measured (session 37,
/// dev / silver: groff 0.234 / 0.152, chromium 0.309 / 0.200, pdfLaTeX 0.298 / 0.171,
/// LibreOffice two columns 0.319 / 0.171, its plain text 0.287 / 0.171; the bundled PDFs
/// 0.319 / 0.152), with full coverage within the 15,000 words. A change to the selection is
/// judged on these six samples, not on the bundled PDFs alone: a per-word cost of 0.05 in
/// windows (instead of 0.02) took the bundled dev recall 0.319 → 0.415, and the mean over the
/// six 0.294 → 0.346 on dev but 0.165 → 0.120 on the quotes outside Hauts-de-France.
const SYNTH: (f64, f64) = (0.21, 0.13);

/// Floors of theme recall and axis accuracy on the dev quotes, on other renderings (about two
/// quotes of 94 under the lowest measured, session 14: groff 0.830 / 0.819).
const DEV: (f64, f64) = (0.81, 0.79);

/// Floors of theme recall and axis accuracy on the silver quotes of the Regions outside the dev
/// gold, on other renderings (about two quotes of 105 under the lowest measured: session 12,
/// theme 0.648 on LibreOffice, axis 0.781 on pdfLaTeX one column; 0.638 / 0.705 before;
/// session 15, passages opening with their titles: theme 0.667 on LibreOffice two columns,
/// axis 0.838 on LibreOffice plain text, every producer's axis up by 0.038–0.048).
const SILVER: (f64, f64) = (0.64, 0.82);

/// `bytes` with one byte in `rate` replaced by another value, at places drawn from a
/// generator seeded with `seed` (a bad sector's or a noisy transfer's damage).
fn bytes_changed(bytes: &[u8], rate: usize, seed: u64) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let mut x = seed;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    for _ in 0..(b.len() / rate).max(1) {
        let at = next() as usize % b.len();
        b[at] ^= 1 + (next() % 255) as u8;
    }
    b
}

/// Renderings by other producers (groff, pdfLaTeX: Type 1 fonts, object streams) with bytes
/// changed at random read nearly whole: the hit bytes of their compressed pages and
/// `/ToUnicode` maps are given back, keys a hit changed are read for what they were. Session
/// 28's code, on renderings so damaged with another generator: one in 100,000, recall
/// 0.951–1.000; one in 10,000, 0.000 (pdfTeX CVL, its body font's `/ToUnicode` hit) to 0.9998.
#[test]
fn renderings_with_bytes_changed_still_read() {
    let srcs = sources();
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut bad = Vec::new();
    let mut rendered = 0;
    type Render = fn(&str, &Path, &str) -> Option<PathBuf>;
    let producers: [(&str, Render); 2] = [
        ("groff", groff_pdf),
        ("pdfLaTeX", |t, d, n| latex_pdf(t, true, 1, d, n)),
    ];
    for (producer, render) in producers {
        let pdfs = per_source(&srcs, |name, text| render(text, tmp.path(), name));
        for ((name, text), pdf) in srcs.iter().zip(pdfs) {
            let Some(pdf) = pdf else { continue };
            rendered += 1;
            let bytes = std::fs::read(&pdf).expect("rendering written");
            for (rate, floor) in [(100_000, 0.99), (10_000, 0.85)] {
                let hit = bytes_changed(&bytes, rate, 29 + rate as u64);
                let label = format!("{producer} {name}, one byte in {rate}");
                let recall = match pactes_pdf::extract_bytes(&hit, &label, None) {
                    Ok(doc) => scores(text, &pactes_pdf::render_text(&doc)).recall,
                    Err(e) => {
                        bad.push(format!("{label}: {e}"));
                        continue;
                    }
                };
                println!("{label}: recall {recall:.5}");
                if recall < floor {
                    bad.push(format!("{label}: recall {recall:.5} < {floor}"));
                }
            }
        }
    }
    if rendered == 0 {
        println!("skip: neither groff nor pdfLaTeX is installed");
        return;
    }
    assert!(bad.is_empty(), "{bad:?}");
}
