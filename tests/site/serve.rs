//! `danvan serve` as an editor uses it: the page is served, an edit shows
//! within two seconds, a broken edit keeps the last good page and shows
//! the error, and fixing it recovers.

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
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls until `ok` holds for the page, for at most `limit`.
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

    // Let the watcher settle, then edit.
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản đầu\n---\nNội dung hai.\n",
    );
    let (ok, took, _) = wait_for(server.port, "/a/", Duration::from_secs(2), |b| {
        b.contains("Nội dung hai.")
    });
    assert!(ok, "the edit was not served within 2 s");
    println!("edit served after {took:?}");

    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản lỗi\ntitel: x\n---\nNội dung ba.\n",
    );
    let (ok, _, body) = wait_for(server.port, "/a/", Duration::from_secs(3), |b| {
        b.contains("danvan-error\">")
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
    assert!(
        server
            .stderr
            .lock()
            .unwrap()
            .contains("content/pages/a.vi.md:3:1: unknown key `titel`")
    );

    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản sửa\n---\nNội dung bốn.\n",
    );
    let (ok, _, body) = wait_for(server.port, "/a/", Duration::from_secs(3), |b| {
        b.contains("Nội dung bốn.")
    });
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
    let deadline = Instant::now() + Duration::from_secs(2);
    while !server.stderr.lock().unwrap().contains("is taken") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server
            .stderr
            .lock()
            .unwrap()
            .contains(&format!("port {port} is taken; using"))
    );
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
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: Mô hình\n---\nCách làm mới.\n",
    );
    let (ok, took, _) = wait_for(server.port, "/stories/s/", Duration::from_secs(2), |b| {
        b.contains("Cách làm mới.")
    });
    assert!(ok, "the page was not updated");
    println!("page updated after {took:?}");
    // The listing shows the summary taken from the body: refreshed behind.
    let (ok, _, body) = wait_for(server.port, "/stories/", Duration::from_secs(3), |b| {
        b.contains("Cách làm mới.")
    });
    assert!(ok, "the listing was not refreshed: {body}");
    // A new file is a full rebuild.
    site.write(
        "content/stories/t.vi.md",
        "---\ntitle: Mô hình thứ hai\n---\n",
    );
    let (ok, _, _) = wait_for(server.port, "/stories/t/", Duration::from_secs(3), |b| {
        b.contains("Mô hình thứ hai")
    });
    assert!(ok, "the new page was not served");
    let out = server.stderr.lock().unwrap().clone();
    assert!(!out.contains("error"), "{out}");
}

#[test]
fn an_edit_elsewhere_does_not_hide_a_standing_error() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\nMột.\n")
        .write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai.\n");
    let server = start(&site, 0);
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\ntitel: x\n---\nMột.\n",
    );
    let (ok, _, _) = wait_for(server.port, "/b/", Duration::from_secs(3), |b| {
        b.contains("danvan-error\">")
    });
    assert!(ok, "the error did not show");
    std::thread::sleep(Duration::from_millis(200));
    site.write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai sửa.\n");
    std::thread::sleep(Duration::from_millis(800));
    let (_, body) = get(server.port, "/b/");
    assert!(
        body.contains("danvan-error\">"),
        "the error vanished: {body}"
    );
    assert!(body.contains("unknown key `titel`"), "{body}");
}
