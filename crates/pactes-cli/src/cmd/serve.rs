//! `pactes serve`: the local web interface.

use crate::args::ServeArgs;

pub fn run(a: ServeArgs) -> anyhow::Result<i32> {
    pactes_serve::serve(pactes_serve::ServeConfig {
        bind: a.bind,
        port: a.port,
        index: a.index,
        corpus: a.corpus,
        out: a.out,
    })?;
    Ok(0)
}
