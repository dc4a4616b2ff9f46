//! The search index as a build publishes it: an entry file, chunks of the
//! vocabulary and a fragment per item, per language. What the page's
//! script does with them is tested in Node: tests/search/.

use crate::harness::*;
use danvan::search::terms::fold;
use std::collections::BTreeSet;

fn json(site: &TestSite, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every key of every chunk of `prefix`'s index.
fn vocabulary(site: &TestSite, prefix: &str) -> BTreeSet<String> {
    let entry = json(site, &format!("{prefix}search/index.json"));
    let chunks = entry["chunks"].as_array().unwrap();
    let mut keys = BTreeSet::new();
    for (n, first) in chunks.iter().enumerate() {
        let chunk = json(site, &format!("{prefix}search/w/{n}.json"));
        let terms = chunk.as_array().unwrap();
        assert_eq!(&terms[0][0], first, "chunk {n} starts with its key");
        for term in terms {
            let key = term[0].as_str().unwrap().to_string();
            assert!(
                keys.last().is_none_or(|last| *last < key),
                "{key} out of order"
            );
            keys.insert(key);
        }
    }
    keys
}

#[test]
fn every_language_gets_an_index_and_a_search_page() {
    let site = TestSite::built_sample();
    for (lang, prefix) in [("vi", ""), ("en", "en/")] {
        let entry = json(site, &format!("{prefix}search/index.json"));
        assert_eq!(entry["lang"], lang);
        assert_eq!(entry["v"], danvan::search::FORMAT);
        let count = entry["count"].as_u64().unwrap();
        assert!(count >= 10, "{lang}: {count} items");
        for id in 0..count {
            let fragment = json(site, &format!("{prefix}search/f/{id}.json"));
            let url = fragment["u"].as_str().unwrap();
            assert!(
                site.exists(&format!("{url}index.html")),
                "{lang}: item {id} is {url}, which has no page"
            );
            assert!(!fragment["t"].as_str().unwrap().is_empty());
        }
        assert!(!site.exists(&format!("{prefix}search/f/{count}.json")));
        let page = site.read(&format!("{prefix}search/index.html"));
        assert!(page.contains("<noscript>"), "{page}");
        assert!(page.contains(&format!("href=\"/{prefix}documents/\"")));
        assert!(page.contains(&format!("src=\"/{}\" defer", site.asset("search.js"))));
        let home = site.read(&format!("{prefix}index.html"));
        assert!(home.contains(&format!("href=\"/{prefix}search/\"")));
        assert!(
            !home.contains("<script"),
            "only the search page has a script"
        );
    }
}

#[test]
fn fragments_keep_original_text_and_the_number_as_written() {
    let site = TestSite::built_sample();
    let entry = json(site, "search/index.json");
    let count = entry["count"].as_u64().unwrap();
    let plan = (0..count)
        .map(|id| json(site, &format!("search/f/{id}.json")))
        .find(|f| f["n"] == "04/KH-LĐLĐ")
        .expect("the plan is in the index");
    assert_eq!(plan["u"], "documents/2024/04-kh-ldld/");
    assert_eq!(plan["d"], "2024-01-24");
    assert!(plan["t"].as_str().unwrap().contains("dân vận"));
    let kinds = entry["kinds"].as_array().unwrap();
    assert_eq!(kinds[plan["k"].as_u64().unwrap() as usize], "Kế hoạch");
    // The whole text, to the last sentence of the page.
    let page = visible_text(&site.read("documents/2024/04-kh-ldld/index.html"));
    let body = plan["b"].as_str().unwrap();
    let last = body.rsplit(". ").next().unwrap();
    assert!(body.len() > 3000, "{} bytes", body.len());
    assert!(page.contains(last.trim_end_matches('.')), "{last}");
}

#[test]
fn every_word_of_every_item_is_in_the_vocabulary() {
    let site = TestSite::built_sample();
    for prefix in ["", "en/"] {
        let keys = vocabulary(site, prefix);
        let entry = json(site, &format!("{prefix}search/index.json"));
        for id in 0..entry["count"].as_u64().unwrap() {
            let f = json(site, &format!("{prefix}search/f/{id}.json"));
            let field = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            let text = format!("{} {} {}", field("t"), field("n"), field("b"));
            for word in danvan::search::terms::words(&text) {
                let key = fold(&word);
                assert!(
                    keys.contains(&key),
                    "{prefix}: `{word}` of {} is not indexed",
                    f["u"]
                );
            }
        }
        // Neighbours and numbers have keys of their own.
        assert!(keys.contains("congdoan 4"), "{prefix}");
        assert!(keys.contains("#04khldld"), "{prefix}");
    }
    // The English index has the Vietnamese-only items' words too.
    assert!(vocabulary(site, "en/").contains("lien"));
}

#[test]
fn signer_issuer_unit_and_tags_are_indexed() {
    let site = TestSite::new();
    site.write(
        "content/documents/2024/tb-hop.vi.md",
        "---\ntitle: Thông báo họp\nnumber: 12/TB-LĐLĐ\ntype: thong-bao\ndate: 2024-03-01\n\
         issuer: Liên đoàn Lao động huyện Tam Đường\nsigner:\n  name: Hoàng Văn Pháo\n  position: Chủ tịch\n\
         tags: [chuyển đổi số]\n---\n\nHọp vào thứ Hai.\n",
    );
    site.write(
        "content/stories/vuon-rau.vi.md",
        "---\ntitle: Vườn rau\ndate: 2024-04-01\nunit: Công đoàn cơ sở xã Khun Há\n---\n\nTrồng rau.\n",
    );
    site.build();
    let keys = vocabulary(&site, "");
    for word in [
        "tam",
        "duong",
        "hoang",
        "phao",
        "chuyen",
        "so",
        "khun",
        "ha",
        "#12tbldld",
    ] {
        assert!(keys.contains(word), "{word}");
    }
    // Pairs of neighbours from the front matter too.
    assert!(keys.contains("khunha 4"));
}

#[test]
fn the_index_is_the_same_bytes_every_build() {
    let site = TestSite::sample();
    let files = |site: &TestSite| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(site.public())
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().contains("/search/"))
            .map(|e| {
                let rel = e.path().strip_prefix(site.public()).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    site.build();
    let first = files(&site);
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build();
    assert!(first.len() > 20, "{} files", first.len());
    assert!(
        first == files(&site),
        "the search files differ between builds"
    );
}
