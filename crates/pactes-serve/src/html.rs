//! HTML building blocks: escaping, URL encoding, snippet sanitising and the page layout.

use std::fmt::Write as _;

/// Escapes text for HTML content and attribute values (`& < > " '`, control characters
/// blanked): the index's escaper, so snippets and pages escape alike.
pub fn esc(s: &str) -> String {
    pactes_index::escape_html(s)
}

/// Percent-encodes a string for a URL query value or a path segment (everything but
/// unreserved ASCII is encoded, so the result is safe in any URL position and attribute).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A URL-encoded query string from the non-empty pairs (`?a=1&amp;b=2`, already escaped for
/// an HTML attribute), or `?` alone when all are empty.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect();
    format!("?{}", parts.join("&amp;"))
}

/// The link to a PDF of the corpus opened at a page.
pub fn pdf_link(doc: &str, page: u32) -> String {
    format!("/corpus/{}#page={page}", url_encode(doc))
}

/// Re-sanitises a search snippet: keeps `<b>`/`</b>` and well-formed entities, escapes any
/// other markup (defence in depth: the index already escapes the PDF text).
pub fn sanitize_snippet(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("<b>") {
            out.push_str("<b>");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("</b>") {
            out.push_str("</b>");
            rest = r;
        } else if c == '&' {
            let n = entity_len(rest);
            if n > 0 {
                out.push_str(&rest[..n]);
                rest = &rest[n..];
            } else {
                out.push_str("&amp;");
                rest = &rest[1..];
            }
        } else {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    // Unbalanced <b> would bold the rest of the page: close what is open.
    let opened = out.matches("<b>").count();
    let closed = out.matches("</b>").count();
    for _ in closed..opened {
        out.push_str("</b>");
    }
    out
}

/// Length in bytes of a well-formed entity at the start of `s` (`&amp;`, `&#x27;`, `&#39;`),
/// 0 if there is none.
fn entity_len(s: &str) -> usize {
    let Some(end) = s.get(..12.min(s.len())).unwrap_or(s).find(';') else {
        return 0;
    };
    let name = &s[1..end];
    let ok = match name.strip_prefix('#') {
        Some(num) => match num.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
        },
        None => !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
    };
    if ok {
        end + 1
    } else {
        0
    }
}

/// Human label of an axis value (`1`, `2`, `3`).
pub fn axis_label(a: &str) -> String {
    match a {
        "1" => "Axe 1".to_owned(),
        "2" => "Axe 2".to_owned(),
        "3" => "Axe transverse".to_owned(),
        other => format!("Axe {other}"),
    }
}

/// Which entry of the navigation bar is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Search,
    Synthesis,
    Matrix,
    Documents,
    None,
}

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d2330;background:#f6f7f9}
header{background:#123d6a;color:#fff;padding:.6rem 1.5rem;display:flex;gap:2rem;align-items:center;flex-wrap:wrap}
header .brand{font-weight:700;font-size:1.1rem;color:#fff;text-decoration:none}
header nav a{color:#d6e4f5;text-decoration:none;margin-right:1.2rem}
header nav a.cur{color:#fff;border-bottom:2px solid #fff}
main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem 3rem}
a{color:#0b5cad}
h1{font-size:1.6rem;margin:.8rem 0}
h2{font-size:1.3rem;margin-top:1.8rem}
form.search{display:flex;gap:.5rem;margin:1rem 0}
form.search input[type=text]{flex:1;font-size:1.05rem;padding:.5rem .7rem;border:1px solid #9aa5b5;border-radius:4px}
form.search button{font-size:1rem;padding:.5rem 1.1rem;border:0;border-radius:4px;background:#123d6a;color:#fff;cursor:pointer}
.layout{display:flex;gap:1.5rem;align-items:flex-start}
aside.facets{flex:0 0 250px;background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.8rem 1rem;font-size:.92rem}
aside.facets h3{font-size:.95rem;margin:.8rem 0 .3rem;text-transform:uppercase;letter-spacing:.03em;color:#555}
aside.facets ul{list-style:none;margin:0;padding:0}
aside.facets li{display:flex;justify-content:space-between;gap:.5rem;padding:.1rem 0}
aside.facets li.on a{font-weight:700}
.count{color:#666;font-variant-numeric:tabular-nums}
.results{flex:1;min-width:0}
.hit{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.7rem 1rem;margin-bottom:.8rem}
.hit .meta{font-size:.88rem;color:#4a5465}
.hit .path{font-size:.9rem;color:#2c3a4f;margin:.2rem 0}
.hit .snippet{margin:.3rem 0}
.hit b,.snippet b{background:#fff0a8;font-weight:700}
.tag{display:inline-block;background:#e6eef8;color:#123d6a;border-radius:3px;padding:0 .4rem;margin:0 .25rem .2rem 0;font-size:.8rem;text-decoration:none}
.msg{background:#fff4f2;border:1px solid #e7a79c;color:#7a1f12;padding:.7rem 1rem;border-radius:6px}
.note{background:#f1f6fb;border:1px solid #c6d7ea;padding:.6rem 1rem;border-radius:6px}
.pager{margin:1rem 0;display:flex;gap:1rem}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid #dde2e8;padding:.3rem .5rem;vertical-align:top}
table.heat td.n{text-align:center;font-variant-numeric:tabular-nums;min-width:5.5rem}
table.heat td.n a{display:block;color:inherit;text-decoration:none}
table.heat th.r{writing-mode:horizontal-tb}
.synth-layout{display:flex;gap:1.5rem;align-items:flex-start}
.synth-layout .synth{flex:1;min-width:0}
.toc{flex:0 0 300px;position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto;background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.5rem .8rem;font-size:.85rem;margin-top:1rem}
.toc ul{margin:.2rem 0;padding-left:1rem}
.toc a{text-decoration:none}
@media (max-width:900px){.synth-layout,.layout{flex-direction:column}.toc,aside.facets{position:static;flex:none;width:100%;max-height:none}}
.lbl{display:block;font-size:.78rem;color:#5a6475;line-height:1.25}
th{text-align:left}
.synth blockquote{margin:.5rem 0 .2rem;padding:.3rem .9rem;border-left:4px solid #9cb8d8;background:#fff}
.synth table{font-size:.85rem;display:block;overflow-x:auto;max-width:100%}
.synth td code{word-break:break-all;font-size:.75rem}
.outline ul{list-style:none;padding-left:1.3rem;border-left:1px dotted #b8c2cf;margin:.2rem 0}
.outline>ul{border-left:0;padding-left:0}
.outline li{margin:.25rem 0}
.outline .h{font-weight:600}
.outline .pg{font-size:.85rem;margin-left:.4rem}
footer{color:#777;font-size:.8rem;text-align:center;padding:1rem}
"#;

/// A whole page: head, navigation bar, `body` (already HTML), footer.
pub fn page(title: &str, nav: Nav, body: &str) -> String {
    let link = |href: &str, label: &str, me: Nav| {
        let cls = if nav == me { " class=\"cur\"" } else { "" };
        format!("<a href=\"{href}\"{cls}>{label}</a>")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — pactes</title><style>{CSS}</style></head><body>\
         <header><a class=\"brand\" href=\"/\">Pactes régionaux (PRIC)</a><nav>{}{}{}{}</nav></header>\
         <main>{body}</main><footer>pactes — index local des Pactes régionaux d'investissement dans les compétences</footer>\
         </body></html>\n",
        esc(title),
        link("/", "Recherche", Nav::Search),
        link("/synthese", "Synthèse", Nav::Synthesis),
        link("/matrice", "Matrice", Nav::Matrix),
        link("/doc", "Documents", Nav::Documents),
    )
}

/// The search form, pre-filled with `q` and keeping the active filters as hidden fields.
pub fn search_form(q: &str, hidden: &[(&str, &str)]) -> String {
    let mut s = String::from("<form class=\"search\" method=\"get\" action=\"/search\">");
    let _ = write!(
        s,
        "<input type=\"text\" name=\"q\" value=\"{}\" maxlength=\"{}\" \
         placeholder=\"ex. apprentissage &quot;compétences clés&quot; -numérique\" aria-label=\"Requête\">",
        esc(q),
        crate::MAX_QUERY_CHARS
    );
    for (k, v) in hidden {
        if !v.trim().is_empty() {
            let _ = write!(
                s,
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                esc(k),
                esc(v)
            );
        }
    }
    s.push_str("<button type=\"submit\">Rechercher</button></form>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#x27;x&#x27;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("a\u{1b}[31mb"), "a [31mb");
    }

    #[test]
    fn url_encoding_covers_reserved_characters() {
        assert_eq!(url_encode("Île-de-France"), "%C3%8Ele-de-France");
        assert_eq!(
            url_encode("a b&c=d/e?f#g\"<"),
            "a%20b%26c%3Dd%2Fe%3Ff%23g%22%3C"
        );
        assert_eq!(
            query_string(&[("q", "x y"), ("region", ""), ("theme", "axe1.a")]),
            "?q=x%20y&amp;theme=axe1.a"
        );
        assert_eq!(pdf_link("A B.pdf", 3), "/corpus/A%20B.pdf#page=3");
    }

    #[test]
    fn snippet_keeps_bold_and_entities_only() {
        assert_eq!(
            sanitize_snippet("a <b>taux</b> &lt;x&gt; &amp; l&#x27;e"),
            "a <b>taux</b> &lt;x&gt; &amp; l&#x27;e"
        );
        assert_eq!(
            sanitize_snippet("<script>alert(1)</script> & <b onclick=x>y"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onclick=x&gt;y"
        );
        assert_eq!(sanitize_snippet("<b>open"), "<b>open</b>");
        assert_eq!(sanitize_snippet("&#xZZ; &;"), "&amp;#xZZ; &amp;;");
    }

    #[test]
    fn page_escapes_title_and_marks_current_nav() {
        let p = page("<t>", Nav::Matrix, "<p>x</p>");
        assert!(p.contains("<title>&lt;t&gt; — pactes</title>"));
        assert!(p.contains("<a href=\"/matrice\" class=\"cur\">"));
        assert!(!p.contains("<a href=\"/synthese\" class=\"cur\">"));
    }
}
