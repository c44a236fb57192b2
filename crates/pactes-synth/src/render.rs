//! Rendering of a `Synthesis`: Markdown (GitHub-readable, every PDF-borne string escaped),
//! JSON and the Region × theme CSV matrix.

use crate::text::{csv_field, md_escape};
use crate::{Excerpt, Synthesis, ThemeSection};
use pactes_doc::text::counted;
use std::fmt::Write as _;

fn pages(e: &Excerpt) -> String {
    if e.page_end > e.page_start {
        format!("p. {}-{}", e.page_start, e.page_end)
    } else {
        format!("p. {}", e.page_start)
    }
}

fn list_regions(v: &[String]) -> String {
    v.iter()
        .map(|r| md_escape(r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Blockquote lines of an excerpt; the `[…]` gap marker is ours and stays unescaped.
fn quote_block(text: &str, out: &mut String) {
    for line in text.lines() {
        let l = md_escape(line).replace("\\[…\\]", "[…]");
        let _ = writeln!(out, "> {l}  ");
    }
}

fn theme_md(s: &Synthesis, t: &ThemeSection, out: &mut String) {
    if t.overview {
        let _ = writeln!(out, "### Vue d'ensemble de l'axe\n");
    } else {
        let _ = writeln!(out, "### {} — {}\n", md_escape(&t.id), md_escape(&t.label));
    }
    let mut current = None;
    for e in &t.excerpts {
        if current != Some(&e.region) {
            let _ = writeln!(out, "#### {}\n", md_escape(&e.region));
            current = Some(&e.region);
        }
        if !e.heading.trim().is_empty() {
            let _ = writeln!(out, "**{}**\n", md_escape(e.heading.trim()));
        }
        quote_block(&e.text, out);
        let _ = writeln!(
            out,
            "\n({} — {}, {})\n",
            md_escape(&e.region),
            md_escape(&e.doc),
            pages(e)
        );
    }
    let cited: std::collections::BTreeSet<&String> = t.excerpts.iter().map(|e| &e.region).collect();
    let silent: Vec<String> = t
        .regions
        .iter()
        .filter(|r| !cited.contains(r))
        .cloned()
        .collect();
    if !silent.is_empty() {
        let _ = writeln!(
            out,
            "*Abordé sans extrait retenu (budget) par : {}.*\n",
            list_regions(&silent)
        );
    }
    if t.regions_absent.is_empty() {
        let _ = writeln!(
            out,
            "*Toutes les Régions du corpus ({}) abordent ce thème.*\n",
            s.regions.len()
        );
    } else {
        let what = if t.overview { "cet axe" } else { "ce thème" };
        let _ = writeln!(
            out,
            "*Régions n'abordant pas {what} : {}.*\n",
            list_regions(&t.regions_absent)
        );
    }
}

impl Synthesis {
    /// The Markdown document (`outputs/lecture-transversale.md`).
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", md_escape(&self.title));
        match &self.date {
            Some(d) => {
                let _ = writeln!(out, "Date : {} (source la plus récente).\n", md_escape(d));
            }
            None => {
                let _ = writeln!(out, "Date : non renseignée par les sources.\n");
            }
        }
        let _ = writeln!(
            out,
            "Synthèse générée à partir {}. Pour chaque thème du plan national, \
             les passages des Pactes qui le traitent sont cités à titre d'illustration, avec leur \
             Région, leur document et leur page ; les Régions qui n'abordent pas un thème sont \
             nommées à la fin de sa section.\n",
            match self.regions.len() {
                1 => "du Pacte d'une Région".to_string(),
                n => format!("des Pactes de {}", counted(n, "Région", "Régions")),
            }
        );
        let _ = writeln!(out, "## Sources\n");
        let _ = writeln!(out, "| Région | Document | Pages | Date | SHA-256 |");
        let _ = writeln!(out, "|---|---|---:|---|---|");
        for s in &self.sources {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | `{}` |",
                md_escape(&s.region),
                md_escape(&s.doc),
                s.pages,
                s.date
                    .as_deref()
                    .map(md_escape)
                    .unwrap_or_else(|| "—".into()),
                s.sha256
                    .chars()
                    .filter(char::is_ascii_hexdigit)
                    .collect::<String>()
            );
        }
        out.push('\n');
        for a in &self.axes {
            let _ = writeln!(out, "## {}\n", md_escape(&a.title));
            let _ = writeln!(out, "### Éléments de synthèse\n");
            let n = self.regions.len();
            for t in &a.themes {
                let _ = writeln!(
                    out,
                    "- {} — {} : abordé par {} sur {}{}",
                    md_escape(&t.id),
                    md_escape(&t.label),
                    counted(t.regions.len(), "Région", "Régions"),
                    n,
                    if t.regions.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", list_regions(&t.regions))
                    }
                );
            }
            if !a.acronyms.is_empty() {
                let v: Vec<String> = a
                    .acronyms
                    .iter()
                    .map(|c| {
                        format!(
                            "{} ({}, {})",
                            md_escape(&c.name),
                            counted(c.regions.len(), "Région", "Régions"),
                            counted(c.mentions, "mention", "mentions")
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "- Dispositifs et sigles les plus cités : {}.",
                    v.join(", ")
                );
            }
            if !a.sectors.is_empty() {
                let v: Vec<String> = a
                    .sectors
                    .iter()
                    .map(|c| {
                        format!(
                            "{} ({})",
                            md_escape(&c.name),
                            counted(c.regions.len(), "Région", "Régions")
                        )
                    })
                    .collect();
                let _ = writeln!(out, "- Secteurs nommés : {}.", v.join(", "));
            }
            out.push('\n');
            for t in self.themes.iter().filter(|t| t.axis == a.axis) {
                theme_md(self, t, &mut out);
            }
        }
        let _ = writeln!(out, "## Matrice Régions × thèmes\n");
        let _ = writeln!(
            out,
            "Nombre de passages de chaque Pacte rattachés à chaque thème.\n"
        );
        let mut head = String::from("| Thème |");
        let mut rule = String::from("|---|");
        for r in &self.regions {
            let _ = write!(head, " {} |", md_escape(r));
            rule.push_str("---:|");
        }
        let _ = writeln!(out, "{head}\n{rule}");
        for t in self.themes.iter().filter(|t| !t.overview) {
            let mut line = format!("| {} {} |", md_escape(&t.id), md_escape(&t.label));
            for r in &self.regions {
                let n = self
                    .matrix
                    .get(&t.id)
                    .and_then(|m| m.get(r))
                    .copied()
                    .unwrap_or(0);
                let _ = write!(line, " {n} |");
            }
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
        let _ = writeln!(out, "## Expérimentations annoncées\n");
        if self.experimentations.is_empty() {
            let _ = writeln!(out, "*Aucun passage n'annonce d'expérimentation.*\n");
        }
        let mut current = None;
        for x in &self.experimentations {
            if current != Some(&x.region) {
                let _ = writeln!(out, "\n### {}\n", md_escape(&x.region));
                current = Some(&x.region);
            }
            let head = if x.heading.trim().is_empty() {
                String::new()
            } else {
                format!("**{}** — ", md_escape(x.heading.trim()))
            };
            let _ = writeln!(
                out,
                "- {head}{} ({} — {}, p. {})",
                md_escape(&x.sentence).replace("\\[…\\]", "[…]"),
                md_escape(&x.region),
                md_escape(&x.doc),
                x.page_start
            );
        }
        let mut s = out.trim_end().to_string();
        s.push('\n');
        s
    }

    /// The machine-readable twin (`outputs/lecture-transversale.json`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The Region × theme matrix (`outputs/matrice-regions-themes.csv`): one row per Region,
    /// one column per theme id, cells = number of passages.
    pub fn matrix_csv(&self) -> String {
        let ids: Vec<&String> = self
            .themes
            .iter()
            .filter(|t| !t.overview)
            .map(|t| &t.id)
            .collect();
        let mut out = String::from("region");
        for id in &ids {
            out.push(',');
            out.push_str(&csv_field(id));
        }
        out.push_str("\r\n");
        for r in &self.regions {
            out.push_str(&csv_field(r));
            for id in &ids {
                let n = self
                    .matrix
                    .get(*id)
                    .and_then(|m| m.get(r))
                    .copied()
                    .unwrap_or(0);
                let _ = write!(out, ",{n}");
            }
            out.push_str("\r\n");
        }
        out
    }
}
