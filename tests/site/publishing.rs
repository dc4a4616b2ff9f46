//! Publishing from a git host: mistakes as annotations on their line in
//! the web editor (GitHub, Forgejo), as a GitLab Code Quality report, or
//! as JSON lines, with paths from the repository root.

use crate::harness::*;

/// A repository whose site lives in `site/`, with the real plan's comma
/// mistake and a warning.
fn repository() -> TestSite {
    let repo = TestSite::new();
    std::fs::create_dir_all(repo.path().join(".git")).unwrap();
    repo.write(
        "site/content/progress/2024-dan-van.yaml",
        "title: P\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - id: quy-che\n    title: {vi: Cơ quan, đơn vị ban hành quy chế, en: Units}\n    measure: percent\n    target: 100\n",
    )
    .write(
        "site/content/documents/2024/kh/index.vi.md",
        "---\ntitle: K\ndate: 2024-01-24\nrecipients: [Các LĐLĐ tỉnh, thành phố]\n---\n",
    );
    repo
}

fn run(repo: &TestSite, args: &[&str]) -> Run {
    let mut all = vec![args[0], "--site", "site"];
    all.extend(&args[1..]);
    repo.run(&all)
}

#[test]
fn github_annotations_point_at_the_line_from_the_repository_root() {
    let repo = repository();
    let out = run(&repo, &["check", "--message-format", "github"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines.contains(&"::error file=site/content/progress/2024-dan-van.yaml,line=5,col=17,title=danvan yaml::the comma after `Cơ quan` ends the text: put it in quotes: `vi: \"Cơ quan, đơn vị ban hành quy chế\"`"),
        "{}",
        out.stdout
    );
    assert!(
        lines.iter().any(|l| l.starts_with("::warning file=site/content/documents/2024/kh/index.vi.md,line=4,col=29,title=danvan warning::`thành phố`")),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("1 error in 1 file"), "{}", out.stderr);
}

#[test]
fn gitlab_gets_a_code_quality_report_on_standard_output() {
    let repo = repository();
    let out = run(&repo, &["build", "--message-format", "gitlab"]);
    assert_eq!(out.code, 1);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON array");
    let items = report.as_array().unwrap();
    assert_eq!(items.len(), 2, "{report:#}");
    let error = &items[0];
    assert_eq!(error["severity"], "major");
    assert_eq!(error["check_name"], "yaml");
    assert_eq!(
        error["location"]["path"],
        "site/content/progress/2024-dan-van.yaml"
    );
    assert_eq!(error["location"]["lines"]["begin"], 5);
    assert!(
        error["description"]
            .as_str()
            .unwrap()
            .starts_with("the comma after `Cơ quan`")
    );
    assert_eq!(error["fingerprint"].as_str().unwrap().len(), 64);
    assert_eq!(items[1]["severity"], "minor");
}

#[test]
fn json_lines_carry_severity_place_and_kind() {
    let repo = repository();
    let out = run(&repo, &["check", "--message-format", "json"]);
    let items: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(items.iter().any(|i| i["severity"] == "error"
        && i["kind"] == "yaml"
        && i["line"] == 5
        && i["column"] == 17));
    assert!(items.iter().any(|i| i["severity"] == "warning"));
}

#[test]
fn every_text_file_gets_a_gz_twin_with_the_same_bytes_every_build() {
    use std::io::Read;
    let site = TestSite::sample();
    assert_eq!(site.run(&["build"]).code, 0);
    let manifest = std::fs::read_to_string(site.public().join(".danvan-manifest")).unwrap();
    let mut twins = 0;
    for path in manifest.lines().filter(|p| !p.ends_with(".gz")) {
        let text = [
            ".html", ".css", ".js", ".xml", ".json", ".csv", ".svg", ".txt",
        ]
        .iter()
        .any(|e| path.ends_with(e));
        let gz = site.public().join(format!("{path}.gz"));
        assert_eq!(gz.is_file(), text, "{path}");
        if text {
            let mut unpacked = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap())
                .read_to_end(&mut unpacked)
                .unwrap();
            assert_eq!(
                unpacked,
                std::fs::read(site.public().join(path)).unwrap(),
                "{path}"
            );
            twins += 1;
        }
    }
    assert!(twins > 50, "{twins}");
    assert!(
        !site
            .public()
            .join("documents/2024/04-kh-ldld/04-KH-LDLD.pdf.gz")
            .exists()
    );
    let first = std::fs::read(site.public().join("index.html.gz")).unwrap();
    std::fs::remove_dir_all(site.public()).unwrap();
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(
        std::fs::read(site.public().join("index.html.gz")).unwrap(),
        first
    );
    assert_eq!(site.run(&["build", "--no-precompress"]).code, 0);
    assert!(!site.public().join("index.html.gz").exists());
}

#[test]
fn stylesheets_and_scripts_carry_a_content_hash_everywhere_they_are_used() {
    let site = TestSite::sample();
    site.build();
    let css = site.asset("style.css");
    let script = site.asset("search.js");
    assert!(!site.exists("style.css") && !site.exists("search.js"));
    for page in ["index.html", "en/index.html", "documents/index.html"] {
        assert!(
            site.read(page).contains(&format!("href=\"/{css}\"")),
            "{page}"
        );
    }
    let search = site.read("search/index.html");
    assert!(search.contains(&format!("src=\"/{script}\"")));
    // A new stylesheet has a new name.
    site.write("themes/default/static/style.css", "body{color:black}");
    site.build();
    assert_ne!(site.asset("style.css"), css);
}

#[test]
fn a_site_file_of_its_own_named_like_a_twin_stands() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n")
        .write("content/static/data.csv", "a,b\n")
        .write("content/static/data.csv.gz", "the site's own archive");
    site.build();
    assert_eq!(site.read("data.csv.gz"), "the site's own archive");
    let manifest = std::fs::read_to_string(site.public().join(".danvan-manifest")).unwrap();
    assert_eq!(manifest.matches("data.csv.gz\n").count(), 1, "{manifest}");
}
