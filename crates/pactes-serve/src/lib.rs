//! Local web interface: search, synthesis, matrix and document pages rendered on the server.
//!
//! Routes (all HTML, no JavaScript): `/` (search box and documents), `/search?q=&region=&axis=
//! &theme=&start=`, `/synthese`, `/matrice`, `/doc`, `/doc/{name}`, and `/corpus/{name}.pdf`
//! (the source PDFs, only plain file names of the corpus folder). [`serve`] blocks on its own
//! tokio runtime; [`spawn`] runs the server on a background thread (tests, benchmarks).

pub mod corpus;
pub mod html;
pub mod outline;
mod pages;
pub mod synthese;

use axum::routing::get;
use axum::Router;
use pactes_index::{IndexError, PassageIndex};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Longest query accepted by the search page, in characters (longer → 400 with a message).
pub const MAX_QUERY_CHARS: usize = 500;
/// Longest filter value (region, axis, theme) accepted, in characters.
pub const MAX_FILTER_CHARS: usize = 200;
/// Hits per result page.
pub const PAGE_SIZE: usize = 20;
/// Deepest result offset reachable by paging.
pub const MAX_OFFSET: usize = 10_000;

/// What `pactes serve` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// Address to bind, `127.0.0.1` by default.
    pub bind: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// The index directory (`index/`).
    pub index: PathBuf,
    /// The folder of the source PDFs (`corpus/`).
    pub corpus: PathBuf,
    /// The outputs folder (`outputs/`: `lecture-transversale.md`, `.json`).
    pub out: PathBuf,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            bind: "127.0.0.1".to_owned(),
            port: 8080,
            index: PathBuf::from("index"),
            corpus: PathBuf::from("corpus"),
            out: PathBuf::from("outputs"),
        }
    }
}

/// Errors of the web server (request-level problems are pages, never errors).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error("the server thread panicked")]
    Panicked,
}

/// Shared state of the handlers: the open index and the folders.
pub struct AppState {
    pub index: PassageIndex,
    pub corpus: PathBuf,
    pub out: PathBuf,
    /// Theme labels from `lecture-transversale.json`, with the file's modification time.
    labels: std::sync::Mutex<Option<(std::time::SystemTime, Arc<ThemeLabels>)>>,
}

/// Theme id → label, in the plan's order (from the synthesis JSON; empty if absent).
pub type ThemeLabels = Vec<(String, String)>;

impl AppState {
    /// Opens the index (error if absent); the corpus and outputs folders may be missing
    /// (their pages then say so).
    pub fn open(cfg: &ServeConfig) -> Result<Arc<AppState>, ServeError> {
        let index = PassageIndex::open(&cfg.index)?;
        Ok(Arc::new(AppState {
            index,
            corpus: cfg.corpus.clone(),
            out: cfg.out.clone(),
            labels: std::sync::Mutex::new(None),
        }))
    }

    /// The theme labels of the current `lecture-transversale.json` (re-read when it changes).
    pub fn theme_labels(&self) -> Arc<ThemeLabels> {
        let path = self.out.join("lecture-transversale.json");
        let Ok(mtime) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
            return Arc::new(Vec::new());
        };
        let mut cache = match self.labels.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((t, labels)) = cache.as_ref() {
            if *t == mtime {
                return labels.clone();
            }
        }
        let labels = Arc::new(pages::read_theme_labels(&path));
        *cache = Some((mtime, labels.clone()));
        labels
    }

    /// The label of a theme id, if known.
    pub fn theme_label(labels: &ThemeLabels, id: &str) -> Option<String> {
        labels
            .iter()
            .find(|(t, _)| t == id)
            .map(|(_, l)| l.clone())
            .filter(|l| !l.is_empty())
    }
}

/// The application's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/synthese", get(pages::synthesis))
        .route("/matrice", get(pages::matrix))
        .route("/doc", get(pages::documents))
        .route("/doc/{name}", get(pages::document))
        .route("/corpus/{*name}", get(pages::corpus_file))
        .fallback(pages::not_found)
        .with_state(state)
}

fn bind_std(cfg: &ServeConfig) -> Result<std::net::TcpListener, ServeError> {
    let addr = format!("{}:{}", cfg.bind, cfg.port);
    let bind_err = |source| ServeError::Bind {
        addr: addr.clone(),
        source,
    };
    let l = std::net::TcpListener::bind((cfg.bind.as_str(), cfg.port)).map_err(bind_err)?;
    l.set_nonblocking(true).map_err(bind_err)?;
    Ok(l)
}

fn runtime() -> Result<tokio::runtime::Runtime, ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)
}

/// Runs the server until Ctrl-C (blocking, on its own tokio runtime). Prints the URL on stderr.
pub fn serve(cfg: ServeConfig) -> Result<(), ServeError> {
    let state = AppState::open(&cfg)?;
    let listener = bind_std(&cfg)?;
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let addr = listener.local_addr()?;
        eprintln!("pactes serve: http://{addr}/ (Ctrl-C to stop)");
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// A server running on a background thread; stopped (gracefully) on drop or [`Server::stop`].
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServeError>>>,
}

impl Server {
    /// The address the server listens on (the real port when `port` was 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, without trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) -> Result<(), ServeError> {
        self.shutdown_and_join()
    }

    fn shutdown_and_join(&mut self) -> Result<(), ServeError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| ServeError::Panicked)?,
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.shutdown_and_join();
    }
}

/// Opens the index, binds `cfg.bind:cfg.port` (port 0: a free port) and serves on a background
/// thread; returns once the socket listens.
pub fn spawn(cfg: ServeConfig) -> Result<Server, ServeError> {
    let state = AppState::open(&cfg)?;
    let listener = bind_std(&cfg)?;
    let addr = listener.local_addr()?;
    let rt = runtime()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("pactes-serve".into())
        .spawn(move || {
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                axum::serve(listener, router(state))
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await?;
                Ok(())
            })
        })?;
    Ok(Server {
        addr,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}
