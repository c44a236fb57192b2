//! The request handlers: each builds one HTML page (or serves one PDF).

use crate::html::{
    axis_label, esc, page, pdf_link, query_string, sanitize_snippet, search_form, url_encode, Nav,
};
use crate::{AppState, MAX_FILTER_CHARS, MAX_OFFSET, MAX_QUERY_CHARS, PAGE_SIZE};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pactes_doc::text::counted;
use pactes_index::{IndexError, SearchRequest, SearchResults};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

type St = State<Arc<AppState>>;

/// Content-Security-Policy of every HTML page: no script at all, inline styles, same-origin
/// forms.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn html(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A page holding only a message.
fn message(status: StatusCode, title: &str, msg: &str, nav: Nav) -> Response {
    let body = format!("<h1>{}</h1><p class=\"msg\">{}</p>", esc(title), esc(msg));
    html(status, page(title, nav, &body))
}

fn index_error(e: &IndexError, nav: Nav) -> Response {
    match e {
        IndexError::Query(m) => message(
            StatusCode::BAD_REQUEST,
            "Requête invalide",
            &format!("La requête n'a pas pu être comprise : {m}"),
            nav,
        ),
        other => message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Erreur de l'index",
            &other.to_string(),
            nav,
        ),
    }
}

/// Runs blocking index work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IndexError> + Send + 'static,
    nav: Nav,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(index_error(&e, nav)),
        Err(_) => Err(message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Erreur interne",
            "le traitement de la requête a échoué",
            nav,
        )),
    }
}

pub async fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Page introuvable",
        "Cette adresse ne correspond à aucune page.",
        Nav::None,
    )
}

const SYNTAX_HELP: &str = "<p class=\"note\">Syntaxe : les mots sont tous requis ; \
<code>\"compétences clés\"</code> cherche l'expression, <code>OR</code> l'un ou l'autre, \
<code>-mot</code> exclut, <code>heading:numérique</code> cherche dans les titres. \
Accents et pluriels sont indifférents.</p>";

pub async fn home(State(st): St) -> Response {
    let st2 = st.clone();
    let docs = match blocking(move || st2.index.documents(), Nav::Search).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut b = String::from("<h1>Rechercher dans les Pactes régionaux</h1>");
    b.push_str(&search_form("", &[]));
    b.push_str(SYNTAX_HELP);
    b.push_str(&docs_table(&docs));
    html(StatusCode::OK, page("Recherche", Nav::Search, &b))
}

fn docs_table(docs: &[pactes_index::IndexedDoc]) -> String {
    let mut b = String::from("<h2>Documents indexés</h2>");
    if docs.is_empty() {
        b.push_str("<p class=\"note\">L'index est vide : lancez <code>pactes build</code>.</p>");
        return b;
    }
    b.push_str(
        "<table><tr><th>Région</th><th>Document</th><th>Passages</th><th>Pages</th><th></th></tr>",
    );
    for d in docs {
        let _ = write!(
            b,
            "<tr><td><a href=\"/search{}\">{}</a></td><td><a href=\"/doc/{}\">{}</a></td>\
             <td class=\"count\">{}</td><td class=\"count\">{}</td><td><a href=\"{}\">PDF</a></td></tr>",
            query_string(&[("region", &d.region)]),
            esc(&d.region),
            url_encode(&d.doc),
            esc(&d.doc),
            d.passages,
            d.pages,
            esc(&pdf_link(&d.doc, 1)),
        );
    }
    b.push_str("</table>");
    b
}

pub async fn documents(State(st): St) -> Response {
    let docs = match blocking(move || st.index.documents(), Nav::Documents).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let mut b = String::from("<h1>Documents</h1>");
    b.push_str(&docs_table(&docs));
    html(StatusCode::OK, page("Documents", Nav::Documents, &b))
}

/// The parameters of the search page (first value of each key wins).
#[derive(Debug, Default)]
struct SearchParams {
    q: String,
    region: String,
    axis: String,
    theme: String,
    start: usize,
}

impl SearchParams {
    fn from_pairs(pairs: &[(String, String)]) -> SearchParams {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        SearchParams {
            q: get("q"),
            region: get("region"),
            axis: get("axis"),
            theme: get("theme"),
            start: get("start").trim().parse().unwrap_or(0).min(MAX_OFFSET),
        }
    }

    /// The search URL of these parameters with one changed (`None` removes it), back to the
    /// first result page; safe in an HTML attribute as is.
    fn with(&self, key: &str, value: Option<&str>) -> String {
        self.link(key, value, 0)
    }

    /// Like [`SearchParams::with`], at result offset `start`.
    fn link(&self, key: &str, value: Option<&str>, start: usize) -> String {
        let start = if start > 0 {
            start.to_string()
        } else {
            String::new()
        };
        let mut pairs: Vec<(&str, &str)> = vec![
            ("q", self.q.as_str()),
            ("region", self.region.as_str()),
            ("axis", self.axis.as_str()),
            ("theme", self.theme.as_str()),
            ("start", start.as_str()),
        ];
        for p in &mut pairs {
            if p.0 == key {
                p.1 = value.unwrap_or("");
            }
        }
        format!("/search{}", query_string(&pairs))
    }
}

pub async fn search(
    State(st): St,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Ok(Query(pairs)) = q else {
        return message(
            StatusCode::BAD_REQUEST,
            "Requête invalide",
            "Les paramètres de l'adresse sont mal formés.",
            Nav::Search,
        );
    };
    let p = SearchParams::from_pairs(&pairs);
    let n = p.q.chars().count();
    if n > MAX_QUERY_CHARS {
        return message(
            StatusCode::BAD_REQUEST,
            "Requête trop longue",
            &format!("La requête fait {n} caractères ; au plus {MAX_QUERY_CHARS} sont acceptés."),
            Nav::Search,
        );
    }
    if [&p.region, &p.axis, &p.theme]
        .iter()
        .any(|v| v.chars().count() > MAX_FILTER_CHARS)
    {
        return message(
            StatusCode::BAD_REQUEST,
            "Filtre trop long",
            &format!("Un filtre dépasse {MAX_FILTER_CHARS} caractères."),
            Nav::Search,
        );
    }
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
    let req = SearchRequest {
        query: p.q.clone(),
        region: opt(&p.region),
        axis: opt(&p.axis),
        theme: opt(&p.theme),
        limit: PAGE_SIZE,
        offset: p.start,
    };
    let st2 = st.clone();
    let res = tokio::task::spawn_blocking(move || st2.index.search(&req)).await;
    let form = search_form(
        &p.q,
        &[
            ("region", &p.region),
            ("axis", &p.axis),
            ("theme", &p.theme),
        ],
    );
    let title = if p.q.trim().is_empty() {
        "Recherche".to_owned()
    } else {
        format!("Recherche : {}", p.q.trim())
    };
    let results = match res {
        Ok(Ok(r)) => r,
        Ok(Err(IndexError::Query(m))) => {
            let body = format!(
                "<h1>Recherche</h1>{form}<p class=\"msg\">Requête invalide : {}</p>{SYNTAX_HELP}",
                esc(&m)
            );
            return html(StatusCode::BAD_REQUEST, page(&title, Nav::Search, &body));
        }
        Ok(Err(e)) => return index_error(&e, Nav::Search),
        Err(_) => {
            return message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Erreur interne",
                "la recherche a échoué",
                Nav::Search,
            )
        }
    };
    html(
        StatusCode::OK,
        page(
            &title,
            Nav::Search,
            &search_body(&p, &form, &results, &st.theme_labels()),
        ),
    )
}

fn facet_block(
    p: &SearchParams,
    key: &str,
    title: &str,
    values: &[(String, u64)],
    labels: &crate::ThemeLabels,
    b: &mut String,
) {
    let active = match key {
        "region" => &p.region,
        "axis" => &p.axis,
        _ => &p.theme,
    };
    let _ = write!(b, "<h3>{}</h3><ul>", esc(title));
    if !active.trim().is_empty() {
        let _ = write!(
            b,
            "<li class=\"on\"><span>{}</span><a href=\"{}\" title=\"retirer le filtre\">× retirer</a></li>",
            esc(&if key == "axis" { axis_label(active) } else { active.clone() }),
            p.with(key, None)
        );
    }
    for (v, n) in values.iter().take(40) {
        let label = if key == "axis" {
            axis_label(v)
        } else {
            v.clone()
        };
        let long = if key == "theme" {
            AppState::theme_label(labels, v)
                .map(|l| format!(" <span class=\"lbl\">{}</span>", esc(&l)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let _ = write!(
            b,
            "<li><a href=\"{}\">{}{long}</a><span class=\"count\">{n}</span></li>",
            p.with(key, Some(v)),
            esc(&label)
        );
    }
    if values.is_empty() {
        b.push_str("<li><span class=\"count\">—</span></li>");
    }
    b.push_str("</ul>");
}

fn search_body(
    p: &SearchParams,
    form: &str,
    r: &SearchResults,
    labels: &crate::ThemeLabels,
) -> String {
    let mut b = String::from("<h1>Recherche</h1>");
    b.push_str(form);
    for w in &r.warnings {
        let _ = write!(b, "<p class=\"note\">{}</p>", esc(w));
    }
    b.push_str("<div class=\"layout\"><aside class=\"facets\">");
    facet_block(p, "region", "Région", &r.facets.region, labels, &mut b);
    facet_block(p, "axis", "Axe", &r.facets.axis, labels, &mut b);
    facet_block(p, "theme", "Thème", &r.facets.theme, labels, &mut b);
    b.push_str("</aside><section class=\"results\">");
    let first = if r.hits.is_empty() { 0 } else { p.start + 1 };
    let _ = write!(
        b,
        "<p class=\"count\" id=\"total\">{} — {}–{}</p>",
        counted(r.total, "passage", "passages"),
        first,
        p.start + r.hits.len()
    );
    if r.hits.is_empty() {
        b.push_str("<p class=\"note\">Aucun passage ne correspond.</p>");
    }
    for h in &r.hits {
        let pages = if h.page_end > h.page_start {
            format!("p. {}-{}", h.page_start, h.page_end)
        } else {
            format!("p. {}", h.page_start)
        };
        let _ = write!(
            b,
            "<article class=\"hit\" id=\"hit-{}\"><div class=\"meta\"><a href=\"{}\">{}</a> · \
             <a href=\"/doc/{}\">{}</a> · <a class=\"pdf\" href=\"{}\">{pages} (PDF)</a>",
            esc(&h.id),
            p.with("region", Some(&h.region)),
            esc(&h.region),
            url_encode(&h.doc),
            esc(&h.doc),
            esc(&pdf_link(&h.doc, h.page_start)),
        );
        if let Some(a) = &h.axis {
            let _ = write!(b, " · {}", esc(&axis_label(a)));
        }
        b.push_str("</div>");
        if !h.heading.is_empty() {
            let path: Vec<String> = h.heading.iter().map(|s| esc(s)).collect();
            let _ = write!(b, "<div class=\"path\">{}</div>", path.join(" › "));
        }
        let _ = write!(
            b,
            "<p class=\"snippet\">{}</p>",
            sanitize_snippet(&h.snippet)
        );
        if !h.themes.is_empty() {
            b.push_str("<div>");
            for t in &h.themes {
                let title = AppState::theme_label(labels, t).unwrap_or_default();
                let _ = write!(
                    b,
                    "<a class=\"tag\" href=\"{}\" title=\"{}\">{}</a>",
                    p.with("theme", Some(t)),
                    esc(&title),
                    esc(t)
                );
            }
            b.push_str("</div>");
        }
        b.push_str("</article>");
    }
    // Pager.
    b.push_str("<div class=\"pager\">");
    if p.start > 0 {
        let prev = p.start.saturating_sub(PAGE_SIZE);
        let _ = write!(b, "<a href=\"{}\">← précédents</a>", p.link("", None, prev));
    }
    let next = p.start + r.hits.len();
    if next < r.total && next <= MAX_OFFSET {
        let _ = write!(b, "<a href=\"{}\">suivants →</a>", p.link("", None, next));
    }
    b.push_str("</div></section></div>");
    b
}

pub async fn synthesis(State(st): St) -> Response {
    let path = st.out.join("lecture-transversale.md");
    let md = match tokio::fs::read(&path).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => {
            return message(
                StatusCode::NOT_FOUND,
                "Synthèse absente",
                &format!(
                    "{} n'existe pas encore : lancez pactes build pour la produire.",
                    path.display()
                ),
                Nav::Synthesis,
            )
        }
    };
    let r = match tokio::task::spawn_blocking(move || crate::synthese::render(&md)).await {
        Ok(r) => r,
        Err(_) => {
            return message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Erreur interne",
                "le rendu de la synthèse a échoué",
                Nav::Synthesis,
            )
        }
    };
    let title = r.title.clone().unwrap_or_else(|| "Synthèse".to_owned());
    let body = format!(
        "<div class=\"synth-layout\">{}<article class=\"synth\">{}</article></div>",
        crate::synthese::toc_html(&r.toc),
        r.html
    );
    html(StatusCode::OK, page(&title, Nav::Synthesis, &body))
}

/// Theme ids and labels, in the plan's order, from `lecture-transversale.json` (if readable).
pub(crate) fn read_theme_labels(path: &std::path::Path) -> Vec<(String, String)> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Vec::new();
    };
    v.get("themes")
        .and_then(|t| t.as_array())
        .map(|a| {
            a.iter()
                .filter(|t| !t.get("overview").and_then(|o| o.as_bool()).unwrap_or(false))
                .filter_map(|t| {
                    Some((
                        t.get("id")?.as_str()?.to_owned(),
                        t.get("label")
                            .and_then(|l| l.as_str())
                            .unwrap_or("")
                            .to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Region × theme passage counts, computed with the same filters the cells link to.
struct Matrix {
    regions: Vec<String>,
    themes: Vec<(String, String)>,
    counts: BTreeMap<(String, String), u64>,
}

fn compute_matrix(st: &AppState) -> Result<Matrix, IndexError> {
    let all = st.index.search(&SearchRequest {
        limit: 1,
        ..SearchRequest::default()
    })?;
    let mut regions: Vec<String> = all.facets.region.iter().map(|(r, _)| r.clone()).collect();
    regions.sort();
    let mut counts = BTreeMap::new();
    for r in &regions {
        let res = st.index.search(&SearchRequest {
            region: Some(r.clone()),
            limit: 1,
            ..SearchRequest::default()
        })?;
        for (t, n) in res.facets.theme {
            counts.insert((t, r.clone()), n);
        }
    }
    let mut themes: Vec<(String, String)> = st.theme_labels().as_ref().clone();
    let known: std::collections::BTreeSet<String> = themes.iter().map(|t| t.0.clone()).collect();
    let mut extra: Vec<String> = all
        .facets
        .theme
        .iter()
        .map(|(t, _)| t.clone())
        .filter(|t| !known.contains(t))
        .collect();
    extra.sort();
    themes.extend(extra.into_iter().map(|t| (t, String::new())));
    Ok(Matrix {
        regions,
        themes,
        counts,
    })
}

pub async fn matrix(State(st): St) -> Response {
    let st2 = st.clone();
    let m = match blocking(move || compute_matrix(&st2), Nav::Matrix).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let max = m.counts.values().copied().max().unwrap_or(0).max(1);
    let mut b = String::from(
        "<h1>Matrice Régions × thèmes</h1><p>Nombre de passages de chaque Pacte rattachés à chaque \
         thème ; plus la case est foncée, plus le thème est présent. Une case ouvre les passages \
         correspondants.</p>",
    );
    if m.regions.is_empty() {
        b.push_str("<p class=\"note\">L'index est vide : lancez <code>pactes build</code>.</p>");
        return html(StatusCode::OK, page("Matrice", Nav::Matrix, &b));
    }
    b.push_str("<table class=\"heat\"><tr><th>Thème</th>");
    for r in &m.regions {
        let _ = write!(
            b,
            "<th class=\"r\"><a href=\"/search{}\">{}</a></th>",
            query_string(&[("region", r)]),
            esc(r)
        );
    }
    b.push_str("</tr>");
    for (t, label) in &m.themes {
        let _ = write!(
            b,
            "<tr><th style=\"text-align:left;font-weight:normal\"><a href=\"/search{}\"><code>{}</code></a> {}</th>",
            query_string(&[("theme", t)]),
            esc(t),
            esc(label)
        );
        for r in &m.regions {
            let n = m.counts.get(&(t.clone(), r.clone())).copied().unwrap_or(0);
            if n == 0 {
                b.push_str("<td class=\"n\" style=\"color:#aaa\">0</td>");
                continue;
            }
            // Square-root scale from pale to dark blue: a few passages are already visible.
            let ratio = (n as f64 / max as f64).sqrt();
            let mix = |lo: f64, hi: f64| (lo + (hi - lo) * ratio).round() as u8;
            let (r8, g8, b8) = (mix(222.0, 8.0), mix(235.0, 48.0), mix(247.0, 107.0));
            let fg = if ratio > 0.5 { "#fff" } else { "#10243c" };
            let _ = write!(
                b,
                "<td class=\"n\" style=\"background:rgb({r8},{g8},{b8});color:{fg}\">\
                 <a href=\"/search{}\" title=\"{} — {}\">{n}</a></td>",
                query_string(&[("region", r), ("theme", t)]),
                esc(r),
                esc(t)
            );
        }
        b.push_str("</tr>");
    }
    b.push_str("</table>");
    html(StatusCode::OK, page("Matrice", Nav::Matrix, &b))
}

pub async fn document(State(st): St, name: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(name)) = name else {
        return not_found().await;
    };
    let st2 = st.clone();
    let wanted = name.clone();
    let passages = match blocking(move || st2.index.passages_of(&wanted), Nav::Documents).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(first) = passages.first() else {
        return message(
            StatusCode::NOT_FOUND,
            "Document introuvable",
            &format!("Aucun document « {name} » dans l'index."),
            Nav::Documents,
        );
    };
    let region = first.region.clone();
    let refs: Vec<&pactes_doc::TaggedPassage> = passages.iter().collect();
    let tree = crate::outline::build(&refs);
    let pages = passages.iter().map(|p| p.page_end).max().unwrap_or(0);
    let mut b = format!(
        "<h1>{}</h1><p>{} · {} · {} · {} · \
         <a href=\"{}\">ouvrir le PDF</a> · <a href=\"/search{}\">chercher dans ce Pacte</a></p>",
        esc(&name),
        esc(&region),
        counted(passages.len(), "passage", "passages"),
        counted(crate::outline::count(&tree), "section", "sections"),
        counted(pages as usize, "page", "pages"),
        esc(&pdf_link(&name, 1)),
        query_string(&[("region", &region)]),
    );
    b.push_str("<h2>Plan et thèmes de chaque section</h2>");
    b.push_str(&crate::outline::to_html(&tree, &name, &region));
    html(StatusCode::OK, page(&name, Nav::Documents, &b))
}

pub async fn corpus_file(State(st): St, name: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(name)) = name else {
        return not_found().await;
    };
    let corpus = st.corpus.clone();
    let found = tokio::task::spawn_blocking(move || crate::corpus::resolve(&corpus, &name))
        .await
        .ok()
        .flatten();
    let Some(path) = found else {
        return not_found().await;
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let mut r = bytes.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            r
        }
        Err(_) => not_found().await,
    }
}
