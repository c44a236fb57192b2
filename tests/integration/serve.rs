//! End-to-end tests of the web interface (`pactes-serve`): a real server on 127.0.0.1, port 0,
//! over a fixture index of real Pacte paragraphs; HTTP checks of every page, escaping, path
//! traversal, bounded and malformed queries; one headless-chromium check of the rendered DOM.

use pactes_doc::text::counted;
use pactes_doc::{Axis, TaggedPassage};
use pactes_index::PassageIndex;
use pactes_serve::{spawn, ServeConfig, Server};
use pactes_tests::{chromium, corpus_dir, data_dir, repo_root};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};

use std::time::Duration;

/// The fixture's hostile passage: PDF text is attacker-controlled.
const EVIL_DOC: &str = "Pacte <i>evil</i>.pdf";
const EVIL_TEXT: &str = "Le Conseil régional finance la formation <script>alert(1)</script> \
                         des demandeurs d'emploi dans les quartiers prioritaires.";
const EVIL_HEADING: &str = "<img src=x onerror=alert(2)>";

/// Region and document of each ground-truth text.
fn sources() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (
            "CVL_declinaison_operationnelle_PACTE.txt",
            "CVL_declinaison_operationnelle_PACTE.pdf",
            "Centre-Val de Loire",
        ),
        (
            "IDF_pacte_regional_v14fev2019.txt",
            "IDF_pacte_regional_v14fev2019.pdf",
            "Île-de-France",
        ),
        (
            "PRIC-HDF-signe.txt",
            "PRIC-HDF-signe.pdf",
            "Hauts-de-France",
        ),
        (
            "Pacte_PDL_2019-2022.txt",
            "Pacte_PDL_2019-2022.pdf",
            "Pays de la Loire",
        ),
    ]
}

/// Fixture themes: a theme when the paragraph uses its word (the fixture only needs tags that
/// are consistent with the text, not the real tagger).
const FIXTURE_THEMES: &[(&str, &str)] = &[
    ("axe1.numerique", "numérique"),
    ("axe2.jeunes", "jeunes"),
    ("axe1.apprentissage", "apprentissage"),
    ("transverse.handicap", "handicap"),
];

fn fixture_passages() -> Vec<TaggedPassage> {
    let mut out = Vec::new();
    for (txt, doc, region) in sources() {
        let text = std::fs::read_to_string(data_dir().join(txt)).unwrap_or_default();
        let mut heading = String::new();
        let mut n = 0u32;
        // Long paragraphs are passages; runs of short ones (tables, lists) are grouped.
        let mut buffer = String::new();
        for (i, para) in text.split("\n\n").enumerate() {
            let para = para.trim();
            if para.is_empty() || n >= 30 {
                continue;
            }
            let para = if para.chars().count() >= 150 {
                para.to_owned()
            } else {
                if !para.contains('\n') && para.chars().count() < 110 && !para.ends_with('.') {
                    heading = para.replace('\t', " ");
                }
                if !buffer.is_empty() {
                    buffer.push(' ');
                }
                buffer.push_str(para);
                if buffer.chars().count() < 300 {
                    continue;
                }
                std::mem::take(&mut buffer)
            };
            let para = para.as_str();
            n += 1;
            let lower = para.to_lowercase();
            let themes: Vec<String> = FIXTURE_THEMES
                .iter()
                .filter(|(_, w)| lower.contains(w))
                .map(|(t, _)| t.to_string())
                .collect();
            let page = 1 + (i as u32) / 6;
            out.push(TaggedPassage {
                id: format!("{}-{n:04}", &doc[..3].to_lowercase()),
                doc: doc.to_owned(),
                sha256: format!("{:0>64}", n),
                region: region.to_owned(),
                page_start: page,
                page_end: page,
                heading: if heading.is_empty() {
                    Vec::new()
                } else {
                    vec!["Diagnostic".to_owned(), heading.clone()]
                },
                axis: [
                    Some(Axis::One),
                    Some(Axis::Two),
                    Some(Axis::Transverse),
                    None,
                ][(n % 4) as usize],
                scores: vec![1.0; themes.len()],
                evidence: vec![Vec::new(); themes.len()],
                themes,
                text: para.to_owned(),
            });
        }
    }
    out.push(TaggedPassage {
        id: "evil-0001".to_owned(),
        doc: EVIL_DOC.to_owned(),
        sha256: "f".repeat(64),
        region: "Hauts-de-France".to_owned(),
        page_start: 2,
        page_end: 3,
        heading: vec![EVIL_HEADING.to_owned()],
        axis: Some(Axis::Two),
        themes: vec!["axe2.<b>x</b>".to_owned()],
        scores: vec![1.0],
        evidence: vec![Vec::new()],
        text: EVIL_TEXT.to_owned(),
    });
    out
}

const SYNTH_MD: &str = "# Lecture transversale des Pactes régionaux\n\n\
## Sources\n\n| Région | Document |\n|---|---|\n| Hauts-de-France | PRIC-HDF-signe.pdf |\n\n\
## Axe 1 — Proposer des parcours qualifiants\n\n\
### axe1.numerique — Le numérique\n\n\
#### Hauts-de-France\n\n\
> Une phrase citée \\<script\\>alert(3)\\</script\\>  \n\n\
(Hauts-de-France — PRIC-HDF-signe.pdf, p. 7)\n\n\
<script>alert(4)</script>\n\n\
## Axe 2 — Garantir l'accès des publics fragiles\n\n\
### axe2.jeunes — Les jeunes\n\n\
#### Pays de la Loire\n\n\
> Une autre phrase.  \n\n\
(Pays de la Loire — Pacte\\_PDL\\_2019-2022.pdf, p. 12-13)\n";

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    server: Server,
    passages: Vec<TaggedPassage>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let index = root.join("index");
    let passages = fixture_passages();
    assert!(passages.len() > 60, "fixture too small: {}", passages.len());
    {
        let idx = PassageIndex::open_or_create(&index).unwrap();
        let mut w = idx.writer().unwrap();
        let mut docs: Vec<&str> = passages.iter().map(|p| p.doc.as_str()).collect();
        docs.dedup();
        for d in docs {
            let of_doc: Vec<TaggedPassage> =
                passages.iter().filter(|p| p.doc == d).cloned().collect();
            w.replace_document(d, &[], &of_doc).unwrap();
        }
        w.commit().unwrap();
    }
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(
        corpus_dir().join("PRIC-HDF-signe.pdf"),
        corpus.join("PRIC-HDF-signe.pdf"),
    )
    .unwrap();
    std::fs::write(corpus.join("notes.txt"), b"not a pdf").unwrap();
    std::fs::write(root.join("secret.pdf"), b"%PDF SECRET-OUTSIDE-CORPUS").unwrap();
    std::fs::write(root.join("Cargo.toml"), b"SECRET-CARGO").unwrap();
    let out = root.join("outputs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("lecture-transversale.md"), SYNTH_MD).unwrap();
    let json = serde_json::json!({"themes": [
        {"id": "axe1.numerique", "label": "Le numérique", "overview": false},
        {"id": "1", "label": "Vue d'ensemble", "overview": true},
        {"id": "axe2.jeunes", "label": "Les jeunes <jeunes>", "overview": false},
        {"id": "axe2.illettrisme", "label": "Illettrisme", "overview": false}
    ]});
    std::fs::write(out.join("lecture-transversale.json"), json.to_string()).unwrap();
    let server = spawn(ServeConfig {
        bind: "127.0.0.1".into(),
        port: 0,
        index,
        corpus,
        out,
    })
    .unwrap();
    Fixture {
        _dir: dir,
        root,
        server,
        passages,
    }
}

/// A response of the tiny client.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 GET with `Connection: close`; `target` is sent verbatim (no normalisation).
fn get(addr: SocketAddr, target: &str) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}

/// Every `href="…"` of a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

fn count_containing(passages: &[TaggedPassage], word: &str) -> usize {
    passages
        .iter()
        .filter(|p| p.text.to_lowercase().contains(word))
        .count()
}

#[test]
fn pages_render_and_link_together() {
    let f = fixture();
    let a = f.server.addr();

    let home = get(a, "/");
    assert_eq!(home.status, 200);
    assert!(home
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    assert!(home
        .header("content-security-policy")
        .is_some_and(|c| c.contains("default-src 'none'")));
    let h = home.text();
    assert!(h.contains("<form class=\"search\" method=\"get\" action=\"/search\">"));
    for (_, doc, _) in sources() {
        assert!(
            h.contains(&format!("href=\"/doc/{}\"", doc.replace(' ', "%20"))),
            "{doc}"
        );
    }

    // Search: total matches the passages holding the word, hits highlighted, PDF links.
    let r = get(a, "/search?q=num%C3%A9rique");
    assert_eq!(r.status, 200);
    let s = r.text();
    let expected = count_containing(&f.passages, "numérique");
    assert!(expected >= 3, "fixture needs passages on numérique");
    let total: usize = s
        .split("id=\"total\">")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("total on the page");
    assert!(
        total >= expected,
        "total {total} < {expected} passages with the word"
    );
    assert!(s.contains("<b>numérique</b>") || s.contains("<b>Numérique</b>"));
    assert!(s.contains("class=\"hit\""));
    assert!(s.contains("Diagnostic › "), "heading path shown");
    let links = hrefs(&s);
    assert!(links
        .iter()
        .any(|l| l.starts_with("/corpus/") && l.contains(".pdf#page=")));
    // Facet links carry the filter and their counts add up to the total.
    let region_links: Vec<&String> = links
        .iter()
        .filter(|l| l.starts_with("/search?q=num%C3%A9rique&region="))
        .collect();
    assert!(region_links.len() >= 2, "{links:?}");
    let filtered = get(a, region_links[0]);
    assert_eq!(filtered.status, 200);
    assert!(filtered.text().contains("× retirer"));

    // Filters by axis and theme narrow the results.
    let r = get(a, "/search?q=&theme=axe2.jeunes&axis=2");
    assert_eq!(r.status, 200);
    let want = f
        .passages
        .iter()
        .filter(|p| p.themes.iter().any(|t| t == "axe2.jeunes") && p.axis == Some(Axis::Two))
        .count();
    assert!(
        r.text().contains(&format!(
            "id=\"total\">{}",
            counted(want, "passage", "passages")
        )),
        "expected {want} passages"
    );

    // Synthesis: TOC and citation links.
    let r = get(a, "/synthese");
    assert_eq!(r.status, 200);
    let s = r.text();
    assert!(s.contains("class=\"toc\""));
    assert!(s.contains("href=\"#axe-2-garantir-l-acces-des-publics-fragiles\""));
    assert!(s.contains("href=\"/corpus/PRIC-HDF-signe.pdf#page=7\""));
    assert!(s.contains("href=\"/corpus/Pacte_PDL_2019-2022.pdf#page=12\""));

    // Matrix: every non-empty cell links to a search whose total is the cell's count.
    let r = get(a, "/matrice");
    assert_eq!(r.status, 200);
    let s = r.text();
    assert!(s.contains("Le numérique") && s.contains("Les jeunes &lt;jeunes&gt;"));
    let cells: Vec<(String, String)> = s
        .split("<td class=\"n\" style=\"background:")
        .skip(1)
        .filter_map(|c| {
            let href = c
                .split("href=\"")
                .nth(1)?
                .split('"')
                .next()?
                .replace("&amp;", "&");
            let n = c.split("\">").nth(2)?.split('<').next()?.to_owned();
            Some((href, n))
        })
        .collect();
    assert!(cells.len() >= 6, "matrix cells: {}", cells.len());
    for (href, n) in cells.iter().take(8) {
        assert!(
            href.contains("region=") && href.contains("theme="),
            "{href}"
        );
        let t = get(a, href).text();
        assert!(
            t.contains(&format!(
                "id=\"total\">{}",
                counted(n.parse().expect("a count"), "passage", "passages")
            )),
            "{href}: {n}"
        );
    }

    // Document page: outline with the themes of its sections.
    let r = get(a, "/doc/Pacte_PDL_2019-2022.pdf");
    assert_eq!(r.status, 200);
    let s = r.text();
    assert!(s.contains("class=\"outline\""));
    assert!(s.contains("Diagnostic"));
    assert!(s.contains("theme=axe"), "theme tags link to searches");
    assert_eq!(get(a, "/doc/none.pdf").status, 404);
    assert_eq!(get(a, "/doc").status, 200);
    assert_eq!(get(a, "/no/such/page").status, 404);
}

#[test]
fn pdf_text_is_escaped_everywhere() {
    let f = fixture();
    let a = f.server.addr();
    let pages = [
        "/search?q=alert".to_owned(),
        "/search?q=&region=Hauts-de-France".to_owned(),
        format!("/doc/{}", pactes_serve::html::url_encode(EVIL_DOC)),
        "/".to_owned(),
        "/matrice".to_owned(),
        "/synthese".to_owned(),
    ];
    for p in &pages {
        let r = get(a, p);
        assert_eq!(r.status, 200, "{p}");
        let s = r.text();
        for bad in [
            "<script",
            "<img",
            "<i>evil",
            "onerror=alert(2)>",
            "<b>x</b>",
        ] {
            assert!(!s.contains(bad), "{p} contains raw {bad:?}");
        }
    }
    let s = get(a, "/search?q=alert").text();
    assert!(s.contains("&lt;script&gt;"), "the text is shown, escaped");
    assert!(s.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(s.contains("/doc/Pacte%20%3Ci%3Eevil%3C%2Fi%3E.pdf"));
    let d = get(a, &pages[2]).text();
    assert!(d.contains("Pacte &lt;i&gt;evil&lt;/i&gt;.pdf"));
}

#[test]
fn only_corpus_pdfs_are_served() {
    let f = fixture();
    let a = f.server.addr();
    let r = get(a, "/corpus/PRIC-HDF-signe.pdf");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    let on_disk = std::fs::read(f.root.join("corpus/PRIC-HDF-signe.pdf")).unwrap();
    assert_eq!(r.body.len(), on_disk.len());
    assert!(r.body.starts_with(b"%PDF"));
    for bad in [
        "/corpus/../Cargo.toml",
        "/corpus/../secret.pdf",
        "/corpus/..%2fsecret.pdf",
        "/corpus/%2e%2e%2fsecret.pdf",
        "/corpus/%2e%2e/secret.pdf",
        "/corpus/%2E%2E%2FCargo.toml",
        "/corpus/..%5csecret.pdf",
        "/corpus/%252e%252e%252fsecret.pdf",
        "/corpus//etc/passwd",
        "/corpus/%2fetc%2fpasswd",
        "/corpus/notes.txt",
        "/corpus/missing.pdf",
        "/corpus/",
        "/corpus/%00.pdf",
        "/corpus/%ff%fe.pdf",
    ] {
        let r = get(a, bad);
        assert_eq!(r.status, 404, "{bad}");
        let body = r.text();
        assert!(!body.contains("SECRET"), "{bad} leaked a file");
    }
}

#[test]
fn long_and_malformed_queries_get_a_message() {
    let f = fixture();
    let a = f.server.addr();
    let long = "a".repeat(pactes_serve::MAX_QUERY_CHARS + 1);
    let r = get(a, &format!("/search?q={long}"));
    assert_eq!(r.status, 400);
    assert!(r.text().contains("Requête trop longue"));
    let ok = "a".repeat(pactes_serve::MAX_QUERY_CHARS);
    assert_eq!(get(a, &format!("/search?q={ok}")).status, 200);

    for bad in [
        "/search?q=%22unterminated",
        "/search?q=AND",
        "/search?q=)))(((",
        "/search?q=field%3Anope%3A%3A",
        "/search?q=a%5B1%20TO",
        "/search?q=%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28x",
        "/search?q=%ff%fe",
        "/search?q=x&axis=9",
        "/search?q=x&start=99999999999999999999999",
        "/search?q=*",
        "/search?q=~2",
        "/search?q=heading:",
    ] {
        let r = get(a, bad);
        assert!(
            r.status == 200 || r.status == 400,
            "{bad}: status {}",
            r.status
        );
        let s = r.text();
        assert!(s.contains("<!DOCTYPE html>"), "{bad}: an HTML page");
        if r.status == 400 {
            assert!(s.contains("class=\"msg\""), "{bad}: a message");
        }
    }
    let r = get(a, "/search?q=x&axis=9");
    assert_eq!(r.status, 400, "an unknown axis is a user error");
}

#[test]
fn headless_chromium_renders_the_search_results() {
    if !Path::new("/usr/bin/chromium").exists() && !Path::new("/usr/bin/chromium-browser").exists()
    {
        println!("skip: chromium is not installed");
        return;
    }
    let f = fixture();
    let profile = tempfile::tempdir().unwrap();
    // The expected hits: the fixture's Pays de la Loire passages using the word.
    let url = format!(
        "{}/search?q=apprentissage&region=Pays%20de%20la%20Loire",
        f.server.url()
    );
    let out = chromium(&["--dump-dom", &url], profile.path()).expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("id=\"total\""),
        "no results page in the DOM; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<&TaggedPassage> = f
        .passages
        .iter()
        .filter(|p| {
            p.region == "Pays de la Loire" && p.text.to_lowercase().contains("apprentissage")
        })
        .collect();
    assert!(!expected.is_empty());
    let shown: Vec<&str> = dom
        .split("id=\"hit-")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        shown.len(),
        expected.len().min(pactes_serve::PAGE_SIZE),
        "{shown:?}"
    );
    if expected.len() <= pactes_serve::PAGE_SIZE {
        for p in &expected {
            assert!(shown.contains(&p.id.as_str()), "hit {} missing", p.id);
        }
    }
    assert!(
        shown.iter().all(|id| id.starts_with("pac-")),
        "region filter applied: {shown:?}"
    );
    assert!(dom.contains("<b>apprentissage</b>"));
}

/// Regenerates docs/screenshots/*.png from the repository's index/, outputs/ and corpus/
/// (run `pactes build` first; `PACTES_SERVE_INDEX` / `PACTES_SERVE_OUT` point elsewhere):
/// `cargo test -p pactes-tests --test integration serve::screenshots -- --ignored`.
#[test]
#[ignore]
fn screenshots() {
    let root = repo_root();
    let env_or =
        |var: &str, default: PathBuf| std::env::var_os(var).map(PathBuf::from).unwrap_or(default);
    let server = spawn(ServeConfig {
        bind: "127.0.0.1".into(),
        port: 0,
        index: env_or("PACTES_SERVE_INDEX", root.join("index")),
        corpus: root.join("corpus"),
        out: env_or("PACTES_SERVE_OUT", root.join("outputs")),
    })
    .expect("a built index in index/ (run pactes build)");
    let shots = root.join("docs").join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = tempfile::tempdir().unwrap();
    for (file, path) in [
        ("home.png", "/"),
        ("search.png", "/search?q=apprentissage%20num%C3%A9rique"),
        ("synthese.png", "/synthese"),
        ("matrice.png", "/matrice"),
        ("document.png", "/doc/Pacte_PDL_2019-2022.pdf"),
    ] {
        let target = shots.join(file);
        let out = chromium(
            &[
                &format!("--screenshot={}", target.display()),
                "--window-size=1280,900",
                "--hide-scrollbars",
                &format!("{}{path}", server.url()),
            ],
            profile.path(),
        )
        .expect("chromium is installed");
        assert!(
            target.is_file(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
