//! The search index and page as a build publishes them. What the page's
//! script does with the index is tested in Node: tests/search/.

use crate::harness::*;

fn index(site: &TestSite, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_language_gets_an_index_and_a_search_page() {
    let site = TestSite::built_sample();
    for (lang, prefix) in [("vi", ""), ("en", "en/")] {
        let data = index(site, &format!("{prefix}search/index.json"));
        assert_eq!(data["lang"], lang);
        let docs = data["docs"].as_array().unwrap();
        assert!(docs.len() >= 10, "{lang}: {} records", docs.len());
        for doc in docs {
            let url = doc["u"].as_str().unwrap();
            assert!(
                site.exists(&format!("{url}index.html")),
                "{lang}: record {url} has no page"
            );
            assert!(!doc["t"].as_str().unwrap().is_empty());
        }
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
    // Both scripts are in the theme: nothing comes from elsewhere.
    assert!(site.exists(&site.asset("search.js")) && site.exists(&site.asset("minisearch.min.js")));
}

#[test]
fn records_keep_original_text_and_the_number_as_written() {
    let site = TestSite::built_sample();
    let data = index(site, "search/index.json");
    let plan = data["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["n"] == "04/KH-LĐLĐ")
        .expect("the plan is in the index");
    assert_eq!(plan["u"], "documents/2024/04-kh-ldld/");
    assert_eq!(plan["d"], "2024-01-24");
    assert!(plan["t"].as_str().unwrap().contains("dân vận"));
    let kinds = data["kinds"].as_array().unwrap();
    assert_eq!(kinds[plan["k"].as_u64().unwrap() as usize], "Kế hoạch");
    let excerpt = plan["b"].as_str().unwrap();
    assert!(excerpt.chars().count() <= danvan::search::EXCERPT_CHARS + 1);
}

#[test]
fn the_index_is_the_same_bytes_every_build() {
    let site = TestSite::sample();
    site.build();
    let first = (
        site.read("search/index.json"),
        site.read("en/search/index.json"),
    );
    site.build();
    let second = (
        site.read("search/index.json"),
        site.read("en/search/index.json"),
    );
    assert_eq!(first, second);
}
