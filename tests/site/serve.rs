//! `danvan serve` as an editor uses it: the page is served, an edit is
//! announced to open pages, a broken edit keeps the last good page and
//! shows the error, and fixing it recovers. The tests wait for the
//! server's events (with a deadline), as an open page does, not for time.

use crate::harness::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Whether the server prints `text` on stderr, waiting for the pipe
    /// at most [`EVENT_LIMIT`].
    fn said(&self, text: &str) -> bool {
        let deadline = Instant::now() + EVENT_LIMIT;
        while Instant::now() < deadline {
            if self.stderr.lock().unwrap().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite, port: u16) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start danvan serve");
    let stderr = Arc::new(Mutex::new(String::new()));
    let err_pipe = child.stderr.take().unwrap();
    let sink = stderr.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
            let mut s = sink.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve printed nothing").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        port,
        stderr,
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let (status, body) = get_bytes(port, path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The server's event stream, as an open page's script reads it.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        write!(
            stream,
            "GET /__danvan/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // The server listens for notices before it answers: once the
        // headers are in, no event can be missed.
        let deadline = Instant::now() + EVENT_LIMIT;
        let mut line = String::new();
        while Instant::now() < deadline {
            match events.reader.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) if line == "\r\n" => return events,
                Ok(_) => line.clear(),
                Err(_) => continue,
            }
        }
        panic!("the event stream did not answer");
    }

    /// The name of the next event (`reload`, `build-error`), waiting at
    /// most `limit`; `None` when none came.
    fn next(&mut self, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        let mut line = String::new();
        while Instant::now() < deadline {
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {
                    if let Some(name) = line.trim_end().strip_prefix("event: ") {
                        return Some(name.to_string());
                    }
                    line.clear();
                }
                // A timeout keeps what was read of the line so far.
                Err(_) => continue,
            }
        }
        None
    }

    /// Waits for events until, after one of them, page `path` satisfies
    /// `ok` (a save can be seen as more than one change, so the first
    /// event may not be the last); the page's last body, and whether it
    /// did.
    fn until(&mut self, port: u16, path: &str, ok: impl Fn(&str) -> bool) -> (bool, String) {
        let deadline = Instant::now() + EVENT_LIMIT;
        let mut body = String::new();
        while Instant::now() < deadline {
            if self.next(deadline - Instant::now()).is_none() {
                break;
            }
            body = get(port, path).1;
            if ok(&body) {
                return (true, body);
            }
        }
        (false, body)
    }
}

/// A generous deadline: the event comes as soon as the rebuild is done,
/// and a busy machine can make that slow.
const EVENT_LIMIT: Duration = Duration::from_secs(20);

/// Polls until `ok` holds for the page, for at most `limit`: for what
/// changes without an event (a listing refreshed behind an edit).
fn wait_for(
    port: u16,
    path: &str,
    limit: Duration,
    ok: impl Fn(&str) -> bool,
) -> (bool, Duration, String) {
    let start = Instant::now();
    loop {
        let (_, body) = get(port, path);
        if ok(&body) {
            return (true, start.elapsed(), body);
        }
        if start.elapsed() > limit {
            return (false, start.elapsed(), body);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_save_and_survives_a_broken_edit() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản đầu\n---\nNội dung một.\n",
    );
    let server = start(&site, 0);
    let (status, body) = get(server.port, "/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Nội dung một."));
    assert!(
        body.contains("/__danvan/events"),
        "the reload script is served"
    );
    assert_eq!(
        get(server.port, "/a").0,
        301,
        "a folder without its slash redirects"
    );
    assert_eq!(get(server.port, "/khong-co/").0, 404);

    let mut events = Events::open(server.port);
    let started = Instant::now();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản đầu\n---\nNội dung hai.\n",
    );
    let (ok, body) = events.until(server.port, "/a/", |b| b.contains("Nội dung hai."));
    assert!(ok, "the edit was not served: {body}");
    println!("edit served after {:?}", started.elapsed());

    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản lỗi\ntitel: x\n---\nNội dung ba.\n",
    );
    // A refresh still running from the last edit may read the file half
    // written and say so first; the edit's own build follows.
    let (ok, body) = events.until(server.port, "/a/", |b| {
        b.contains("danvan-error\">") && b.contains("unknown key `titel`")
    });
    assert!(ok, "the error overlay did not appear: {body}");
    assert!(
        body.contains("Nội dung hai."),
        "the last good page is still served"
    );
    assert!(
        body.contains("unknown key `titel` (did you mean `title`?)"),
        "{body}"
    );
    assert!(server.said("content/pages/a.vi.md:3:1: unknown key `titel`"));

    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản sửa\n---\nNội dung bốn.\n",
    );
    let (ok, body) = events.until(server.port, "/a/", |b| b.contains("Nội dung bốn."));
    assert!(ok, "did not recover: {body}");
    assert!(!body.contains("danvan-error\">"), "the overlay is gone");
    assert!(!site.public().exists(), "serve writes nothing to public/");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = start(&site, port);
    assert_ne!(server.port, port);
    assert_eq!(get(server.port, "/a/").0, 200);
    assert!(server.said(&format!("port {port} is taken; using")));
}

#[test]
fn built_pages_never_carry_the_reload_script() {
    let site = TestSite::built_sample();
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__danvan"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_body_edit_shows_at_once_and_listings_follow() {
    let site = TestSite::new();
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: Mô hình\n---\nCách làm cũ.\n",
    );
    let server = start(&site, 0);
    assert!(get(server.port, "/stories/").1.contains("Cách làm cũ."));
    let mut events = Events::open(server.port);
    let started = Instant::now();
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: Mô hình\n---\nCách làm mới.\n",
    );
    let (ok, body) = events.until(server.port, "/stories/s/", |b| b.contains("Cách làm mới."));
    assert!(ok, "the page was not updated: {body}");
    println!("page updated after {:?}", started.elapsed());
    // The listing shows the summary taken from the body: it is refreshed
    // behind, without an event, so it is polled for.
    let (ok, _, body) = wait_for(server.port, "/stories/", EVENT_LIMIT, |b| {
        b.contains("Cách làm mới.")
    });
    assert!(ok, "the listing was not refreshed: {body}");
    // A new file is a full rebuild.
    site.write(
        "content/stories/t.vi.md",
        "---\ntitle: Mô hình thứ hai\n---\n",
    );
    assert_eq!(events.next(EVENT_LIMIT).as_deref(), Some("reload"));
    assert!(
        get(server.port, "/stories/t/")
            .1
            .contains("Mô hình thứ hai")
    );
    let out = server.stderr.lock().unwrap().clone();
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn an_edit_elsewhere_does_not_hide_a_standing_error() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\nMột.\n")
        .write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai.\n");
    let server = start(&site, 0);
    let mut events = Events::open(server.port);
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\ntitel: x\n---\nMột.\n",
    );
    let (ok, body) = events.until(server.port, "/b/", |b| b.contains("danvan-error\">"));
    assert!(ok, "the error did not show: {body}");
    site.write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai sửa.\n");
    // The edit of b is told with the standing error of a.
    assert_eq!(events.next(EVENT_LIMIT).as_deref(), Some("build-error"));
    let (_, body) = get(server.port, "/b/");
    assert!(
        body.contains("danvan-error\">"),
        "the error vanished: {body}"
    );
    assert!(body.contains("unknown key `titel`"), "{body}");
}

#[test]
fn a_link_broken_by_a_deleted_page_stays_told_after_an_edit_elsewhere() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\n---\nXem [trang B](b.vi.md).\n",
    )
    .write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai.\n")
    .write("content/pages/c.vi.md", "---\ntitle: C\n---\nBa.\n");
    let server = start(&site, 0);
    let mut events = Events::open(server.port);
    std::fs::remove_file(site.path().join("content/pages/b.vi.md")).unwrap();
    let (ok, body) = events.until(server.port, "/a/", |b| b.contains("danvan-error\">"));
    assert!(ok, "the broken link was not told: {body}");
    // A's file did not change, but what it was rendered with last must
    // not come back: its link still leads nowhere.
    site.write("content/pages/c.vi.md", "---\ntitle: C\n---\nBa sửa.\n");
    assert_eq!(events.next(EVENT_LIMIT).as_deref(), Some("build-error"));
    let (_, body) = get(server.port, "/a/");
    assert!(
        body.contains("danvan-error\">") && body.contains("b.vi.md"),
        "the error vanished: {body}"
    );
}

/// A GET: status and the body's bytes.
fn get_bytes(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&response[..split]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response[split + 4..].to_vec())
}

#[test]
fn share_cards_are_served_as_built_and_follow_a_title_edit() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản đầu\n---\nNội dung.\n",
    );
    site.build();
    let built = std::fs::read(site.public().join("a/share.png")).unwrap();
    let server = start(&site, 0);
    let (status, served) = get_bytes(server.port, "/a/share.png");
    assert_eq!(status, 200);
    assert!(served == built, "the served card is the built one");

    let mut events = Events::open(server.port);
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản hai\n---\nNội dung.\n",
    );
    let (ok, _) = events.until(server.port, "/a/", |b| b.contains("Bản hai"));
    assert!(ok, "the title edit is served");
    let (status, after) = get_bytes(server.port, "/a/share.png");
    assert_eq!(status, 200);
    assert!(after.starts_with(b"\x89PNG"), "a PNG");
    assert!(after != built, "the card shows the new title");
}

#[test]
fn the_search_index_is_served_as_built_and_follows_an_edit() {
    let site = TestSite::new();
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: Bữa cơm công đoàn\n---\nMười hai đơn vị tham gia.\n",
    )
    .write(
        "content/stories/t.en.md",
        "---\ntitle: Union meals\n---\nTwelve units took part.\n",
    );
    site.build();
    let server = start(&site, 0);
    // Every file of both languages' indexes, the same bytes as built.
    for lang in ["", "en/"] {
        let dir = site.public().join(format!("{lang}search"));
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            let name = entry.path().strip_prefix(site.public()).unwrap();
            let name = name.to_string_lossy().to_string();
            if !name.ends_with(".json") {
                continue;
            }
            let (status, served) = get_bytes(server.port, &format!("/{name}"));
            assert_eq!(status, 200, "{name}");
            assert!(served == std::fs::read(entry.path()).unwrap(), "{name}");
        }
    }
    assert_eq!(get(server.port, "/search/f/99.json").0, 404);

    // A title edit: the next search finds the new word.
    let mut events = Events::open(server.port);
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: Bữa cơm sum họp\n---\nMười hai đơn vị tham gia.\n",
    );
    let (ok, _) = events.until(server.port, "/stories/s/", |b| b.contains("sum họp"));
    assert!(ok, "the title edit is served");
    let entry = get(server.port, "/search/index.json").1;
    assert!(entry.contains("\"count\":"), "{entry}");
    let chunks: String = (0..8)
        .map(|n| get(server.port, &format!("/search/w/{n}.json")))
        .filter(|(status, _)| *status == 200)
        .map(|(_, body)| body)
        .collect();
    assert!(chunks.contains("\"sum\""), "{chunks}");
    assert!(!chunks.contains("\"congdoan 4\""), "{chunks}");
    // The fragments, made as they are asked for, show the new title.
    let fragments: String = (0..4)
        .map(|n| get(server.port, &format!("/search/f/{n}.json")))
        .filter(|(status, _)| *status == 200)
        .map(|(_, body)| body)
        .collect();
    assert!(fragments.contains("Bữa cơm sum họp"), "{fragments}");
    assert!(!fragments.contains("công đoàn"), "{fragments}");
}

/// `serve` renders pages when they are asked for: each of them, and each
/// share card, is what `build` writes, but for the reload script.
#[test]
fn every_file_of_the_sample_site_is_served_as_built() {
    let site = TestSite::sample();
    let server = start(&site, 0);
    let compared = assert_served_as_built(&site, &server);
    assert!(compared > 100, "only {compared} files compared");
}

/// Builds `site` as `server` serves it and asserts that every file built
/// is served with the same bytes (but the reload script); the number of
/// files compared.
fn assert_served_as_built(site: &TestSite, server: &Server) -> usize {
    site.build_with(|o| o.base_url = Some(format!("http://127.0.0.1:{}/", server.port)));
    let mut compared = 0;
    for (name, (built, _)) in files_below(&site.public()) {
        // The twins serve does not need, and the list of what was written.
        if name.ends_with(".gz") || name == ".danvan-manifest" {
            continue;
        }
        let url: String = name
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        let (status, mut served) = get_bytes(server.port, &format!("/{url}"));
        assert_eq!(status, 200, "{name}");
        if name.ends_with(".html") {
            let text = String::from_utf8(served).unwrap();
            let start = text
                .find("<style>#danvan-error")
                .expect("the reload script");
            let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
            served = format!("{}{}", &text[..start], &text[end..]).into_bytes();
        }
        assert!(served == built, "{name} is served as built");
        compared += 1;
    }
    compared
}

/// Polls until `path` answers with `status`.
fn wait_status(port: u16, path: &str, status: u16) -> bool {
    let deadline = Instant::now() + EVENT_LIMIT;
    while Instant::now() < deadline {
        if get(port, path).0 == status {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A rebuild reads only the files the watcher names: files renamed, made
/// in a new folder and deleted while serving are served as a clean build
/// has them, listings, feeds and the sitemap included.
#[test]
fn files_renamed_made_and_deleted_while_serving_are_served_as_built() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: Trang A\n---\nMột.\n")
        .write(
            "content/stories/s.vi.md",
            "---\ntitle: Mô hình cũ\ndate: 2024-03-01\n---\nCách làm.\n",
        );
    let server = start(&site, 0);
    assert_eq!(get(server.port, "/stories/s/").0, 200);
    // A first edit: after it, what changed is told by the watcher.
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: \"Mô hình, mới: tên\"\ndate: 2024-03-01\n---\nCách làm.\n",
    );
    let (ok, _, body) = wait_for(server.port, "/stories/", EVENT_LIMIT, |b| {
        b.contains("Mô hình, mới: tên") && !b.contains("danvan-error\">")
    });
    assert!(ok, "the title edit did not reach the listing: {body}");

    std::fs::rename(
        site.path().join("content/stories/s.vi.md"),
        site.path().join("content/stories/t.vi.md"),
    )
    .unwrap();
    assert!(wait_status(server.port, "/stories/t/", 200), "renamed page");
    assert!(wait_status(server.port, "/stories/s/", 404), "old address");

    site.write(
        "content/documents/2024/01-kh/index.vi.md",
        "---\ntitle: Kế hoạch số 1\ndate: 2024-01-05\ntype: ke-hoach\nnumber: 01/KH-LĐLĐ\nattachments: [ke-hoach.pdf]\n---\nNội dung.\n",
    )
    .write_bytes("content/documents/2024/01-kh/ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n");
    assert!(
        wait_status(server.port, "/documents/2024/01-kh/ke-hoach.pdf", 200),
        "the attachment of a new folder"
    );

    std::fs::remove_file(site.path().join("content/pages/a.vi.md")).unwrap();
    assert!(wait_status(server.port, "/a/", 404), "deleted page");
    let (ok, _, body) = wait_for(server.port, "/sitemap.xml", EVENT_LIMIT, |b| {
        !b.contains("/a/<") && b.contains("/documents/2024/01-kh/")
    });
    assert!(ok, "{body}");
    assert!(assert_served_as_built(&site, &server) > 10);
    let out = server.stderr.lock().unwrap().clone();
    assert!(!out.contains("error"), "{out}");
}

/// A broken template is found when the site is rebuilt, though pages are
/// rendered when they are asked for; what only one page's data breaks is
/// told on that page, and in the terminal.
#[test]
fn a_broken_template_is_told_at_once_and_a_page_it_breaks_says_why() {
    let site = TestSite::new();
    site.write(
        "content/stories/a-mot.vi.md",
        "---\ntitle: Một\n---\nThân bài một.\n",
    )
    .write(
        "content/stories/b-hai.vi.md",
        "---\ntitle: Hai\n---\nThân bài hai.\n",
    );
    let server = start(&site, 0);
    assert!(
        get(server.port, "/stories/a-mot/")
            .1
            .contains("Thân bài một.")
    );
    let story = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/story.html"),
    )
    .unwrap();
    // The template with `extra` at the end of its last block.
    let with = |extra: &str| {
        let end = story.rfind("{% endblock").expect("a block");
        format!("{}{extra}{}", &story[..end], &story[end..])
    };

    let mut events = Events::open(server.port);
    site.write(
        "themes/default/templates/story.html",
        &with("{{ page.no_such_field }}"),
    );
    let (ok, body) = events.until(server.port, "/stories/a-mot/", |b| {
        b.contains("danvan-error\">") && b.contains("story.html")
    });
    assert!(ok, "the broken template was not told: {body}");
    assert!(body.contains("Thân bài một."), "the last good page stays");

    // Broken only where the title is "Hai": the first story renders.
    site.write(
        "themes/default/templates/story.html",
        &with("{% if page.title == \"Hai\" %}{{ page.no_such_field }}{% endif %}"),
    );
    let (ok, body) = events.until(server.port, "/stories/a-mot/", |b| {
        !b.contains("danvan-error\">")
    });
    assert!(ok, "the site did not recover: {body}");
    let (status, body) = get(server.port, "/stories/b-hai/");
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("danvan-error\">") && body.contains("story.html"),
        "{body}"
    );
    assert!(server.said("story.html"));
}

/// A rebuild renders again the Markdown of a page that did not change
/// when what it links to moved.
#[test]
fn a_slug_edit_reaches_the_pages_that_link_to_it() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Trang A\n---\nXem [trang B](b.vi.md).\n",
    )
    .write("content/pages/b.vi.md", "---\ntitle: Trang B\n---\nB.\n");
    let server = start(&site, 0);
    assert!(get(server.port, "/a/").1.contains("href=\"/b/\""));
    let mut events = Events::open(server.port);
    // An edit of A's body alone, so that A is cached as rendered.
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Trang A\n---\nXem [trang B](b.vi.md) nhé.\n",
    );
    let (ok, body) = events.until(server.port, "/a/", |b| b.contains("nhé."));
    assert!(ok, "{body}");
    site.write(
        "content/pages/b.vi.md",
        "---\ntitle: Trang B\nslug: trang-b\n---\nB.\n",
    );
    let (ok, body) = events.until(server.port, "/a/", |b| b.contains("href=\"/trang-b/\""));
    assert!(
        ok,
        "the link did not follow the slug: {}\n{}",
        body.split("<main").nth(1).unwrap_or(&body),
        server.stderr.lock().unwrap()
    );
    assert_eq!(get(server.port, "/trang-b/").0, 200);
}

/// A progress edit reaches the bars a page's Markdown shows, though the
/// page itself did not change.
#[test]
fn a_progress_edit_reaches_the_bars_in_a_page() {
    let site = crate::progress::site_with_plan();
    let server = start(&site, 0);
    assert!(
        get(server.port, "/documents/kh/")
            .1
            .contains("1.520 đoàn viên")
    );
    let mut events = Events::open(server.port);
    site.write(
        "content/progress/2024-dan-van.yaml",
        &crate::progress::PLAN.replace("value: 1520", "value: 1530"),
    );
    let (ok, body) = events.until(server.port, "/documents/kh/", |b| {
        b.contains("1.530 đoàn viên")
    });
    assert!(ok, "the bar did not follow: {body}");
}
