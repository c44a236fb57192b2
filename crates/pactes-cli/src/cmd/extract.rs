//! `pactes extract FILE… [-o OUT] [--json]`: body text (pages separated by form feeds) or blocks.

use crate::args::ExtractArgs;
use anyhow::Context;
use pactes_pdf::ExtractOptions;
use std::time::Duration;

pub fn run(a: ExtractArgs) -> anyhow::Result<i32> {
    let opts = ExtractOptions {
        password: a.password.clone(),
        timeout: Duration::from_secs(a.timeout.max(1)),
        ..ExtractOptions::default()
    };
    let several = a.files.len() > 1;
    if let Some(out) = &a.output {
        if several {
            std::fs::create_dir_all(out)
                .with_context(|| format!("creating output folder {}", out.display()))?;
        }
    }
    let mut failed = 0;
    for file in &a.files {
        let doc = match pactes_pdf::extract_file(file, &opts) {
            Ok(d) => {
                if let Some(why) = &d.meta.repaired {
                    errln!("warning: {}: {why}", file.display());
                }
                d
            }
            Err(e) => {
                errln!("error: {}: {e}", file.display());
                failed += 1;
                continue;
            }
        };
        let body = if a.json {
            let mut s = serde_json::to_string_pretty(&doc).context("serialising blocks")?;
            s.push('\n');
            s
        } else {
            pactes_pdf::render_text(&doc)
        };
        match &a.output {
            None => super::write_out(body.as_bytes())?,
            Some(o) => {
                let path = if several {
                    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                    o.join(format!("{stem}.{}", if a.json { "json" } else { "txt" }))
                } else {
                    o.clone()
                };
                std::fs::write(&path, body)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
