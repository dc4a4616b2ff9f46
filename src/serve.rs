//! `danvan serve`: a live preview. The site is built in memory and served
//! on 127.0.0.1; a watcher rebuilds it when a file under `content/` or
//! `themes/` changes, and open pages reload through server-sent events.
//! A failed rebuild keeps the last good site online and shows the errors
//! in the terminal and over the page. The reload script is added to pages
//! as they are served, so it never reaches `build` output.

use crate::error::Diagnostics;
use crate::output::{Data, Output};
use crate::render::Prepared;
use crate::{BuildOptions, RenderedSite};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// What `danvan serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub port: u16,
    pub drafts: bool,
    /// Print how long each stage of every rebuild took.
    pub timings: bool,
}

/// Sent to open pages after each rebuild.
#[derive(Debug, Clone)]
enum Notice {
    Reload,
    Failed(String),
}

type Report = fn(&mut Diagnostics) -> String;

/// What the server holds between requests and edits.
struct Preview {
    output: RwLock<Output>,
    /// The report of the last build, when it failed.
    error: RwLock<Option<String>>,
    notices: broadcast::Sender<Notice>,
    /// The last good site: what pages are rendered from when they are
    /// asked for, and updated at once when one page's body is edited.
    live: RwLock<Option<Prepared>>,
    /// Counts changes: a background rebuild is kept only if no change came
    /// while it ran.
    generation: AtomicU64,
    options: BuildOptions,
    /// What each page was loaded and rendered from, so that a rebuild
    /// does that again only for what changed.
    caches: crate::Caches,
    /// The site folder as an absolute path, to match watcher events.
    root: PathBuf,
    report: Report,
    timings: bool,
}

const EVENTS: &str = "/__danvan/events";

/// Binds the first free port from `port` on, saying so when it moves on.
pub fn bind(port: u16) -> std::io::Result<std::net::TcpListener> {
    let mut last = None;
    for candidate in port..port.saturating_add(20) {
        match std::net::TcpListener::bind(("127.0.0.1", candidate)) {
            Ok(listener) => {
                if candidate != port {
                    eprintln!("port {port} is taken; using {candidate} instead");
                }
                return Ok(listener);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: &ServeOptions, report: Report) -> std::io::Result<()> {
    let listener = bind(options.port)?;
    let port = listener.local_addr()?.port();
    let (notices, _) = broadcast::channel(16);
    let preview = Arc::new(Preview {
        output: RwLock::new(Output::default()),
        error: RwLock::new(None),
        notices,
        live: RwLock::new(None),
        generation: AtomicU64::new(0),
        options: BuildOptions {
            site: options.site.clone(),
            output: None,
            base_url: Some(format!("http://127.0.0.1:{port}/")),
            drafts: options.drafts,
            ..Default::default()
        },
        caches: crate::Caches::default(),
        root: options.site.canonicalize()?,
        report,
        timings: options.timings,
    });
    preview.rebuild(true);
    // Watching starts before the address is printed: an edit saved as soon
    // as the address shows is seen.
    let _watcher = watch(preview.clone())?;
    println!(
        "serving {} at http://127.0.0.1:{port}/ (Ctrl+C to stop)",
        options.site.display()
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route(EVENTS, axum::routing::get(events))
            .fallback(file)
            .with_state(preview);
        axum::serve(listener, app).await
    })
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

impl Preview {
    fn fail(&self, mut diagnostics: Diagnostics) {
        let text = (self.report)(&mut diagnostics);
        eprintln!("{text}; still serving the last good site");
        let text = format!(
            "{}\nThe page shows the last good version until this is fixed.",
            strip_colour(&text)
        );
        *write(&self.error) = Some(text.clone());
        let _ = self.notices.send(Notice::Failed(text));
    }

    fn succeed(&self) {
        *write(&self.error) = None;
        let _ = self.notices.send(Notice::Reload);
    }

    /// Rebuilds the whole site in memory; on success it replaces the old
    /// one. `announce` reloads open pages; a background refresh does not.
    fn rebuild(&self, announce: bool) -> bool {
        let started = Instant::now();
        let generation = self.generation.load(Ordering::SeqCst);
        match crate::render_site(&self.options, &self.caches) {
            Ok(RenderedSite {
                output,
                pages,
                warnings,
                prepared,
                timings,
                ..
            }) => {
                if self.timings {
                    let kind = if announce { "rebuild" } else { "refresh" };
                    eprintln!("{kind}:\n{timings}");
                }
                // Holding `live` orders this against a quick update of one
                // page, which holds it too.
                let mut live = write(&self.live);
                // An edit arrived while this ran: its own update wins.
                if !announce && self.generation.load(Ordering::SeqCst) != generation {
                    return false;
                }
                for w in &warnings {
                    eprintln!("warning: {w}");
                }
                let old_output = std::mem::replace(&mut *write(&self.output), output);
                let old_site = live.replace(prepared);
                drop(live);
                if announce {
                    println!(
                        "built {pages} pages in {} ms",
                        started.elapsed().as_millis()
                    );
                    self.succeed();
                }
                // Let go of after the reload is sent: freeing the last
                // site (20,000 pages) takes a few milliseconds.
                drop((old_output, old_site));
                true
            }
            Err(diagnostics) => {
                // A failed refresh behind a quick update is told too: the
                // page alone was fine, the site is not.
                if announce || self.generation.load(Ordering::SeqCst) == generation {
                    self.fail(diagnostics);
                }
                false
            }
        }
    }

    /// Whether `raw` is a file of a search index not made yet.
    fn search_unmade(&self, raw: &str) -> bool {
        let path = raw.trim_start_matches('/');
        let output = read(&self.output);
        match output.get(path) {
            Some(Data::Search) => true,
            Some(_) => false,
            None => path.contains("search/") && path.ends_with(".json"),
        }
    }

    /// Makes the search index that `raw` belongs to, for the site being
    /// served, and adds its files to what is served.
    fn make_search(&self, raw: &str) {
        let started = Instant::now();
        let live = read(&self.live);
        let Some(prepared) = live.as_ref() else {
            return;
        };
        let Some(lang) = prepared.search_language(raw.trim_start_matches('/')) else {
            return;
        };
        let entry = format!(
            "{}{}",
            prepared.site.lang_prefix(&lang),
            crate::search::INDEX_PATH
        );
        let unmade = |output: &Output| matches!(output.get(&entry), Some(Data::Search));
        // Another request may have made it while this one waited.
        if !unmade(&read(&self.output)) {
            return;
        }
        let files = prepared.search_files(&lang);
        // Holding `live` keeps a rebuild from replacing the output
        // meanwhile: these files are of the site served.
        let mut output = write(&self.output);
        if !unmade(&output) {
            return;
        }
        for (path, data) in files {
            if output.get(&path).is_some() {
                output.fill(&path, data);
            } else {
                let _ = output.add(path, data, "the search index".to_string());
            }
        }
        println!(
            "made the search index ({lang}) in {} ms",
            started.elapsed().as_millis()
        );
    }

    /// Updates one edited page at once when only its body changed. `None`
    /// when the edit needs a full rebuild (a new, moved or deleted file,
    /// front matter, anything but a page).
    fn update_one(&self, path: &Path) -> Option<()> {
        let started = Instant::now();
        let rel = path.strip_prefix(&self.root).ok()?;
        if !rel.starts_with("content") || !crate::content::is_page(rel) || !path.is_file() {
            return None;
        }
        // While the site has an error, only a full build can clear it.
        if read(&self.error).is_some() {
            return None;
        }
        let mut live = write(&self.live);
        let prepared = live.as_mut()?;
        let index = prepared
            .site
            .pages
            .iter()
            .position(|p| p.page.source == rel)?;
        let old = &prepared.site.pages[index].page;
        let config = &prepared.site.config;
        let page =
            match crate::content::reload(&self.options.site, old, config, self.options.drafts) {
                Ok(Some(page)) => page,
                Ok(None) => return None,
                Err(errors) => {
                    self.fail(Diagnostics {
                        errors,
                        ..Diagnostics::default()
                    });
                    return Some(());
                }
            };
        let same_place =
            page.key == old.key && page.segments == old.segments && page.lang == old.lang;
        if !same_place || format!("{:?}", page.front) != format!("{:?}", old.front) {
            return None;
        }
        // Rendered now, to tell at once what is wrong with it, and served
        // as rendered until the next rebuild: not rendered twice.
        match prepared.update_body(index, page) {
            Ok(Some((out_path, bytes))) => {
                write(&self.output).fill(&out_path, Data::Bytes(bytes));
                println!(
                    "updated {} in {} ms",
                    rel.display(),
                    started.elapsed().as_millis()
                );
                self.succeed();
            }
            // The home text is shown by the home listing: rebuild.
            Ok(None) => return None,
            Err(diagnostics) => self.fail(diagnostics),
        }
        Some(())
    }
}

/// Watches `content/` and `themes/`, and the site folder for either of
/// them made while serving (a first theme override). One edited page is
/// updated at once and the rest of the site (listings, feeds, search)
/// refreshed behind it; any other change rebuilds the whole site. Reads
/// are not changes: the build itself opens every file.
type SharedWatcher = Arc<std::sync::Mutex<notify::RecommendedWatcher>>;

fn watch(preview: Arc<Preview>) -> std::io::Result<SharedWatcher> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(std::io::Error::other)?;
    watcher
        .watch(&preview.root, RecursiveMode::NonRecursive)
        .map_err(std::io::Error::other)?;
    let watched = [preview.root.join("content"), preview.root.join("themes")];
    for path in &watched {
        if path.is_dir() {
            watcher
                .watch(path, RecursiveMode::Recursive)
                .map_err(std::io::Error::other)?;
        }
    }
    // From here on every change is seen: loads need not walk the folder.
    preview.caches.tell_changes();
    let watcher = Arc::new(std::sync::Mutex::new(watcher));
    let adder = watcher.clone();
    // A folder made after the start is watched from when it appears.
    let watch_new = move |path: &Path| {
        if watched.iter().any(|w| w == path) && path.is_dir() {
            let mut watcher = adder.lock().unwrap_or_else(|e| e.into_inner());
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
    };
    let (refresh_tx, refresh_rx) = std::sync::mpsc::channel::<()>();
    let refresher = preview.clone();
    std::thread::spawn(move || {
        while refresh_rx.recv().is_ok() {
            while refresh_rx.try_recv().is_ok() {}
            refresher.rebuild(false);
        }
    });
    let (content, themes) = (preview.root.join("content"), preview.root.join("themes"));
    let changed = move |event: &notify::Result<notify::Event>| match event {
        Ok(e) => {
            !matches!(e.kind, EventKind::Access(_))
                && e.paths
                    .iter()
                    .any(|p| p.starts_with(&content) || p.starts_with(&themes))
        }
        Err(_) => false,
    };
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            if !changed(&first) {
                continue;
            }
            // An editor's save is often several events: wait for the rest.
            let mut events = vec![first];
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(30)) {
                events.push(more);
            }
            preview.generation.fetch_add(1, Ordering::SeqCst);
            // The next load reads what the events name; a lost event (the
            // kernel's queue overflowed) makes it look at every file.
            if events
                .iter()
                .any(|e| e.as_ref().map_or(true, notify::Event::need_rescan))
            {
                preview.caches.lost_track();
            }
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| changed(e))
                .filter_map(Result::ok)
                .flat_map(|e| e.paths)
                .collect();
            match paths
                .iter()
                .map(|p| p.strip_prefix(&preview.root).map(Path::to_path_buf))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(rel) => preview.caches.changed(rel),
                Err(_) => preview.caches.lost_track(),
            }
            paths.sort();
            paths.dedup();
            paths.iter().for_each(|p| watch_new(p));
            let quick = match paths.as_slice() {
                [one] => preview.update_one(one).is_some(),
                _ => false,
            };
            if quick {
                let _ = refresh_tx.send(());
            } else {
                preview.rebuild(true);
            }
        }
    });
    Ok(watcher)
}

async fn events(State(preview): State<Arc<Preview>>) -> impl IntoResponse {
    let receiver = preview.notices.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(Notice::Reload) => {
                    return Some((
                        Ok::<_, std::convert::Infallible>(
                            Event::default().event("reload").data("reload"),
                        ),
                        receiver,
                    ));
                }
                Ok(Notice::Failed(text)) => {
                    return Some((
                        Ok(Event::default().event("build-error").data(text)),
                        receiver,
                    ));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The report without the terminal's colour codes, for the page.
fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // Skip "[...m".
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The reload client; it also shows build errors over the page.
const SCRIPT: &str = r#"<script>(function(){var s=new EventSource("/__danvan/events");s.addEventListener("reload",function(){location.reload()});s.addEventListener("build-error",function(m){var d=document.getElementById("danvan-error");if(!d){d=document.createElement("pre");d.id="danvan-error";document.body.appendChild(d)}d.textContent=m.data})})();</script>"#;
const OVERLAY_STYLE: &str = "<style>#danvan-error{position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem;background:#fff3f3;color:#7a0000;border-top:4px solid #b00020;font:14px/1.5 monospace;white-space:pre-wrap;z-index:2147483647}</style>";

fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = String::from(OVERLAY_STYLE);
    if let Some(error) = error {
        let escaped = error
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        extra.push_str(&format!("<pre id=\"danvan-error\">{escaped}</pre>"));
    }
    extra.push_str(SCRIPT);
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// What the server sends for `raw`: a page, a redirect to the folder
/// form of a path, or the language's 404 page.
enum Found {
    File(StatusCode, String, Vec<u8>, bool),
    /// A file published as is, read once the site's lock is released.
    Copy(PathBuf),
    Redirect(String),
    /// A page that could not be rendered, and why.
    Failed(String),
}

impl Preview {
    /// Finds what `raw` asks for and renders it when it is rendered on
    /// request, holding the site served: a rebuild does not replace it
    /// meanwhile.
    fn find(&self, raw: &str) -> Found {
        let live = read(&self.live);
        let output = read(&self.output);
        let mut path = raw.trim_start_matches('/').to_string();
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        let (status, path) = if output.get(&path).is_some() {
            (StatusCode::OK, path)
        } else if output.get(&format!("{path}/index.html")).is_some() {
            return Found::Redirect(format!("{raw}/"));
        } else {
            let lang_404 = path.split('/').next().map(|l| format!("{l}/404.html"));
            let page = lang_404
                .filter(|p| output.get(p).is_some())
                .unwrap_or_else(|| "404.html".to_string());
            (StatusCode::NOT_FOUND, page)
        };
        let unbuilt = || {
            b"<!doctype html><title>danvan</title><p>Not found. The site has not built yet: see the terminal.</p></body>".to_vec()
        };
        let bytes = match output.get(&path) {
            Some(Data::Bytes(b)) => b.clone(),
            Some(Data::Copy(source)) => return Found::Copy(source.clone()),
            Some(Data::Lazy(lazy)) => {
                let cache = crate::photos::encode::cache_dir(&self.options.site);
                match live.as_ref().map(|p| p.render_lazy(lazy, Some(&cache))) {
                    Some(Ok(Some(bytes))) => bytes,
                    Some(Err(e)) => {
                        let mut diagnostics = Diagnostics::default();
                        diagnostics.push(e);
                        let text = (self.report)(&mut diagnostics);
                        eprintln!("{text}");
                        return Found::Failed(strip_colour(&text));
                    }
                    Some(Ok(None)) | None => unbuilt(),
                }
            }
            // A served site is rendered in memory: nothing is pending or on disk.
            Some(Data::Pending | Data::Written | Data::Anchors(_) | Data::Search) | None => {
                unbuilt()
            }
        };
        let is_html = path.ends_with(".html") || output.get(&path).is_none();
        Found::File(status, path, bytes, is_html)
    }
}

async fn file(State(preview): State<Arc<Preview>>, request: Request) -> Response {
    let error = read(&preview.error).clone();
    let raw = crate::links::percent_decode(request.uri().path());
    let finder = preview.clone();
    let found = tokio::task::spawn_blocking(move || {
        if finder.search_unmade(&raw) {
            finder.make_search(&raw);
        }
        finder.find(&raw)
    })
    .await
    .unwrap_or_else(|e| Found::Failed(format!("danvan failed to render this page: {e}")));
    let (status, path, bytes, is_html) = match found {
        Found::File(status, path, bytes, is_html) => (status, path, bytes, is_html),
        Found::Copy(source) => match std::fs::read(&source) {
            Ok(bytes) => (
                StatusCode::OK,
                source.to_string_lossy().to_string(),
                bytes,
                false,
            ),
            // Say so, rather than send an empty file as if it were the file.
            Err(e) => {
                let message = format!("{}: cannot read: {e}", source.display());
                return Response::builder()
                    .status(StatusCode::INTERNAL_SERVER_ERROR)
                    .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                    .body(Body::from(message))
                    .unwrap_or_default();
            }
        },
        Found::Failed(text) => {
            let page = b"<!doctype html><title>danvan: error</title><body><p>This page cannot be rendered.</p></body>";
            let body = inject(page, Some(&text));
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .header(header::CACHE_CONTROL, "no-store")
                .body(Body::from(body))
                .unwrap_or_default();
        }
        Found::Redirect(location) => {
            return Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, location)
                .body(Body::empty())
                .unwrap_or_default();
        }
    };
    let body = if is_html {
        inject(&bytes, error.as_deref())
    } else {
        bytes
    };
    Response::builder()
        .status(status)
        .header(
            header::CONTENT_TYPE,
            if is_html {
                "text/html; charset=utf-8"
            } else {
                content_type(&path)
            },
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_gets_no_colour_codes() {
        assert_eq!(
            strip_colour("\x1b[1;31merror:\x1b[0m a.md:1:1: x"),
            "error: a.md:1:1: x"
        );
    }

    #[test]
    fn html_pages_get_the_reload_script_before_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>", Some("a < b"));
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("a &lt; b</pre>"));
        assert!(page.ends_with("</script></body></html>"));
    }
}
