//! Isolation: each file is extracted by a child process (`<exe> __extract-worker FILE`) with an
//! address-space limit, a CPU-time limit and a wall-clock timeout, so that a panic, an abort, a
//! stack overflow or a runaway allocation in third-party parsing cannot take the caller down.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pactes_doc::Document;
use serde::{Deserialize, Serialize};

use crate::{extract_bytes, ExtractError, ExtractOptions};

/// What the worker writes on its stdout (one JSON value).
#[derive(Serialize, Deserialize)]
enum Reply {
    Ok(Document),
    Err(ExtractError),
}

/// Extracts `path` in an isolated worker process (see the module doc).
pub fn extract_file(path: &Path, opts: &ExtractOptions) -> Result<Document, ExtractError> {
    // Cheap checks in-process, so that the common bad inputs need no worker.
    let meta = std::fs::metadata(path).map_err(|e| ExtractError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ExtractError::Io("not a regular file".into()));
    }
    if meta.len() == 0 {
        return Err(ExtractError::Empty);
    }
    let exe = match &opts.worker_exe {
        Some(p) => p.clone(),
        None => std::env::current_exe().map_err(|e| ExtractError::Io(e.to_string()))?,
    };
    let mut cmd = Command::new(exe);
    cmd.arg("__extract-worker").arg(path);
    if let Some(p) = &opts.password {
        cmd.arg("--password").arg(p);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Few malloc arenas: the address-space limit must not be eaten by reservations.
        .env("MALLOC_ARENA_MAX", "2");
    let cpu_secs = opts.timeout.as_secs().saturating_add(2).max(2);
    set_limits(&mut cmd, opts.memory_limit_bytes, cpu_secs);
    let mut child = cmd
        .spawn()
        .map_err(|e| ExtractError::Io(format!("cannot start the extraction worker: {e}")))?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            // Keep only the start: a worker never needs more to explain itself.
            let _ = s.take(64 * 1024).read_to_end(&mut buf);
            let _ = std::io::copy(s, &mut std::io::sink());
        }
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if start.elapsed() >= opts.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ExtractError::WorkerCrashed(e.to_string()));
            }
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(ExtractError::Timeout(opts.timeout.as_secs()));
    };
    if let Ok(reply) = serde_json::from_slice::<Reply>(&out) {
        return match reply {
            Reply::Ok(d) => Ok(d),
            Reply::Err(e) => Err(e),
        };
    }
    let err = String::from_utf8_lossy(&err);
    let last = err
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    if err.contains("memory allocation of") || err.contains("capacity overflow") {
        return Err(ExtractError::MemoryLimit);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            if sig == libc::SIGXCPU {
                return Err(ExtractError::Timeout(opts.timeout.as_secs()));
            }
            let what = match sig {
                libc::SIGSEGV => "segmentation fault (stack overflow?)".to_string(),
                libc::SIGABRT => "aborted".to_string(),
                libc::SIGKILL => "killed (memory limit?)".to_string(),
                s => format!("killed by signal {s}"),
            };
            let detail = if last.is_empty() {
                what
            } else {
                format!("{what}: {last}")
            };
            return Err(ExtractError::WorkerCrashed(detail));
        }
    }
    Err(ExtractError::WorkerCrashed(format!(
        "exit status {}{}",
        status.code().unwrap_or(-1),
        if last.is_empty() {
            String::new()
        } else {
            format!(": {last}")
        }
    )))
}

#[cfg(unix)]
fn set_limits(cmd: &mut Command, mem: u64, cpu_secs: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the forked child before exec and only calls setrlimit, which
    // is async-signal-safe; it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let as_lim = libc::rlimit {
                rlim_cur: mem as libc::rlim_t,
                rlim_max: mem as libc::rlim_t,
            };
            let cpu = libc::rlimit {
                rlim_cur: cpu_secs as libc::rlim_t,
                rlim_max: cpu_secs.saturating_add(1) as libc::rlim_t,
            };
            // Best effort: a failure leaves the wall-clock timeout in force.
            libc::setrlimit(libc::RLIMIT_AS, &as_lim);
            libc::setrlimit(libc::RLIMIT_CPU, &cpu);
            let core = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &core);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn set_limits(_cmd: &mut Command, _mem: u64, _cpu_secs: u64) {}

/// Entry point of `pactes __extract-worker FILE [--password P]`: writes a JSON reply on stdout,
/// returns the exit code (0 text, 1 error, 2 usage).
pub fn worker_main(args: &[String]) -> i32 {
    let mut file = None;
    let mut password = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--password" => password = it.next().cloned(),
            _ if file.is_none() => file = Some(a.clone()),
            _ => {
                eprintln!("usage: __extract-worker FILE [--password P]");
                return 2;
            }
        }
    }
    let Some(file) = file else {
        eprintln!("usage: __extract-worker FILE [--password P]");
        return 2;
    };
    // Panics inside pages are caught and handled; keep stderr quiet about them.
    std::panic::set_hook(Box::new(|_| {}));
    let path = Path::new(&file);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    let result = std::fs::read(path)
        .map_err(|e| ExtractError::Io(e.to_string()))
        .and_then(|bytes| {
            std::panic::catch_unwind(|| extract_bytes(&bytes, &name, password.as_deref()))
                .unwrap_or_else(|_| {
                    Err(ExtractError::WorkerCrashed(
                        "panic in the PDF parser".into(),
                    ))
                })
        });
    let (reply, code) = match result {
        Ok(d) => (Reply::Ok(d), 0),
        Err(e) => (Reply::Err(e), 1),
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let ok = serde_json::to_writer(&mut lock, &reply).is_ok() && lock.flush().is_ok();
    if ok {
        code
    } else {
        3
    }
}
