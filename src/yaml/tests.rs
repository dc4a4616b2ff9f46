use super::*;
use crate::i18n::Text;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    title: Option<Text>,
    signer: Option<Signer>,
    status: Option<Status>,
    draft: Option<bool>,
    year: Option<i32>,
    tags: Option<Vec<String>>,
    recipients: Option<Vec<Text>>,
    value: Option<crate::number::Number>,
    results: Option<Vec<Figure>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Signer {
    name: String,
    position: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Figure {
    date: crate::date::Date,
    value: crate::number::Number,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Status {
    InForce,
    Expired,
}

const KEYS: &[&str] = &[
    "title",
    "signer",
    "status",
    "draft",
    "year",
    "tags",
    "recipients",
    "value",
    "results",
];

fn read(text: &str) -> Parsed<Doc> {
    let block = Block {
        path: Path::new("a.md"),
        text,
        first_line: 2,
    };
    parse(
        block,
        Schema {
            keys: Some(KEYS),
            languages: &["vi", "en"],
        },
    )
}

fn errors(text: &str) -> Vec<String> {
    read(text).errors.iter().map(ToString::to_string).collect()
}

fn warnings(text: &str) -> Vec<String> {
    read(text)
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn every_unknown_key_is_reported_with_a_suggestion() {
    assert_eq!(
        errors("titel: A\nsigner: {name: B}\nstatsu: x\n"),
        [
            "a.md:2:1: unknown key `titel` (did you mean `title`?)",
            "a.md:4:1: unknown key `statsu` (did you mean `status`?)"
        ]
    );
}

#[test]
fn all_mistakes_of_a_file_come_in_one_run() {
    let e = errors("titel: A\nyear: năm 2024\nstatus: inforce\nsigner:\n  nme: B\n");
    assert_eq!(e.len(), 4, "{e:#?}");
    assert_eq!(
        e[0],
        "a.md:2:1: unknown key `titel` (did you mean `title`?)"
    );
    assert!(e[1].starts_with("a.md:3:7: "), "{}", e[1]);
    assert_eq!(
        e[2],
        "a.md:4:9: `status` must be one of in-force, expired; found `inforce` (did you mean `in-force`?)"
    );
    assert_eq!(e[3], "a.md:6:3: unknown key `nme` (did you mean `name`?)");
}

#[test]
fn a_required_key_left_out_after_a_mistake_is_not_reported_twice() {
    let e = errors("signer:\n  name: [A, B]\n");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].starts_with("a.md:3:9: write a text here"), "{}", e[0]);
}

#[test]
fn a_hash_inside_a_value_is_not_lost_silently() {
    assert_eq!(
        errors("title: Báo cáo sơ kết #2 năm 2024\n"),
        [
            "a.md:2:23: `#2` starts a comment in YAML, so the rest of this line would be left out: put the whole value in quotes, \"...\""
        ]
    );
    assert!(errors("title: \"Báo cáo #2\"  # a comment\n").is_empty());
    assert!(errors("title: Báo cáo   # a comment\n").is_empty());
}

#[test]
fn a_comma_in_unquoted_text_of_a_language_map_says_to_quote() {
    let e = errors(
        "title: {vi: Cơ quan, đơn vị ban hành Quy chế dân chủ ở cơ sở, en: Agencies and units}\n",
    );
    assert_eq!(
        e,
        [
            "a.md:2:13: the comma after `Cơ quan` ends the text: put it in quotes: `vi: \"Cơ quan, đơn vị ban hành Quy chế dân chủ ở cơ sở\"`"
        ]
    );
    let block = "title:\n  vi: A\n  en: Agencies, units\n";
    assert!(errors(block).is_empty(), "block style keeps commas");
}

#[test]
fn a_flow_list_split_inside_an_item_is_a_warning() {
    let w = warnings("recipients: [Các LĐLĐ tỉnh, thành phố, Ban Dân vận, Lưu]\n");
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].starts_with(
            "a.md:2:29: `thành phố` starts with a small letter, so the comma before it may belong to the item `Các LĐLĐ tỉnh, thành phố`"
        ),
        "{}",
        w[0]
    );
    assert!(warnings("tags: [dân vận, công đoàn]\n").is_empty());
}

#[test]
fn a_colon_inside_a_list_item_says_to_quote() {
    let e = errors("recipients:\n  - Ban Dân vận\n  - Lưu: VT, Ban Tổ chức\n");
    assert_eq!(
        e,
        [
            "a.md:4:5: the `: ` after `Lưu` makes YAML read a key and a value here, not one text: put the whole text in quotes: \"Lưu: VT, Ban Tổ chức\""
        ]
    );
}

#[test]
fn a_misspelt_language_is_found_at_its_key() {
    let e = errors("title:\n  vi: A\n  eng: B\n");
    assert_eq!(
        e,
        [
            "a.md:4:3: `eng` is not a language of the site (did you mean `en`?); the languages are vi, en"
        ]
    );
}

#[test]
fn a_second_colon_in_a_value_says_to_quote() {
    let e = errors("title: Hội nghị: tổng kết năm\n");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].contains("put the whole value in quotes: `title: \"Hội nghị: tổng kết năm\"`"),
        "{}",
        e[0]
    );
    assert!(e[0].starts_with("a.md:2:"), "{}", e[0]);
}

#[test]
fn values_starting_with_a_yaml_sign_say_to_quote() {
    for (value, sign) in [
        ("*quan trọng*", "*"),
        ("&x", "&"),
        ("!important", "!important"),
        ("@ban", "@"),
        ("`code`", "`"),
        ("> tóm tắt", ">"),
        ("| tóm tắt", "|"),
        ("%20", "%"),
    ] {
        let e = errors(&format!("title: {value}\n"));
        assert!(
            e.iter()
                .any(|e| e.contains(&format!("a value starting with `{sign}`"))
                    && e.contains("quotes")),
            "{value}: {e:#?}"
        );
    }
}

#[test]
fn quoted_booleans_and_years_and_vietnamese_yes_are_accepted() {
    let doc = read("draft: \"false\"\nyear: \"2024\"\n")
        .into_result()
        .unwrap();
    assert_eq!((doc.draft, doc.year), (Some(false), Some(2024)));
    let doc = read("draft: có\n").into_result().unwrap();
    assert_eq!(doc.draft, Some(true));
    let e = errors("draft: maybe\n");
    assert_eq!(e, ["a.md:2:8: write `true` or `false` here; found `maybe`"]);
}

#[test]
fn numbers_as_people_write_them_are_caught() {
    let e = errors("value: 92,5\n");
    assert_eq!(
        e,
        ["a.md:2:8: `92,5` has a decimal comma: write 92.5, with a dot"]
    );
    let e = errors("results:\n  - {date: 2024-06-30, value: 92,5}\n");
    assert_eq!(
        e,
        ["a.md:3:31: `92,5` has a decimal comma: write 92.5, with a dot"]
    );
    let e = errors("value: 1.520\n");
    assert!(
        e[0].contains("write 1520 if that is the number"),
        "{}",
        e[0]
    );
    let e = errors("value: 1e40\n");
    assert!(e[0].contains("too large"), "{}", e[0]);
    assert!(errors("value: 31.0\n").is_empty());
}

#[test]
fn wrong_types_read_plainly() {
    let e = errors("year: năm 2024\n");
    assert_eq!(
        e,
        ["a.md:2:7: write a whole number, such as 2024 here; found `năm 2024`"]
    );
    let e = errors("tags: a, b\n");
    assert!(e[0].contains("write a list"), "{}", e[0]);
}

#[test]
fn dates_written_the_vietnamese_way_say_how_to_write_them() {
    let e = errors("results:\n  - date: 24/01/2024\n    value: 1\n");
    assert_eq!(
        e,
        ["a.md:3:11: `24/01/2024` is not a date: write it as 2024-01-24 (year-month-day)"]
    );
    let e = errors("results:\n  - date: ngày 24 tháng 01 năm 2024\n    value: 1\n");
    assert!(e[0].contains("write it as 2024-01-24"), "{}", e[0]);
}

#[test]
fn a_missing_colon_points_at_its_own_line() {
    let e = errors("title: A\nsigner B\nstatus: in-force\n");
    assert_eq!(
        e,
        ["a.md:3:1: this line has no `:` after its key: write `key: value`"]
    );
}

#[test]
fn tabs_point_at_the_file_line() {
    let e = errors("title: A\nsigner:\n\tname: B\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("a.md:4:1: "), "{}", e[0]);
    assert!(e[0].contains("indent with spaces, not tabs"), "{}", e[0]);
}

#[test]
fn a_tab_before_a_top_level_key_is_named_on_its_own_line() {
    let e = errors("\ttitle: A\ndate: 2024-01-24\n");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].starts_with("a.md:2:1: "), "{}", e[0]);
    assert!(e[0].contains("indent with spaces, not tabs"), "{}", e[0]);
}

#[test]
fn a_non_breaking_space_is_named_at_its_column_and_the_rest_is_read() {
    let e = errors("signer:\n\u{a0} name: B\nstatsu: x\n");
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(
        e[0],
        "a.md:3:1: a non-breaking space (often pasted from Word) stands in the indentation here: replace it with an ordinary space"
    );
    assert!(e[1].contains("unknown key `statsu`"));
}

#[test]
fn bom_crlf_and_a_leading_dashes_line_are_fine() {
    let doc = read("\u{feff}title: A\r\nstatus: expired\r\n")
        .into_result()
        .unwrap();
    assert_eq!(doc.status, Some(Status::Expired));
    assert!(read("---\ntitle: A\n---\n").into_result().is_ok());
}

#[test]
fn a_key_written_twice_is_reported() {
    let e = errors("title: A\ntitle: B\n");
    assert_eq!(
        e,
        ["a.md:3:1: `title` is written twice in this block: keep one"]
    );
}

#[test]
fn no_raw_parser_words_reach_the_editor() {
    for text in [
        "title: \"open\n",
        "title: [a, b\n",
        "title: {vi: a\n",
        "a:\n  - b\n c: d\n",
        "title: 'x'y\n",
        "? [a]\n: b\n",
        "- a\n- b\n",
        "title: a\n  b: c\n",
    ] {
        for e in errors(text) {
            for raw in [
                "while scanning",
                "while parsing",
                "recursion",
                "simple key",
                "scalar",
            ] {
                assert!(!e.contains(raw), "{text:?}: {e}");
            }
        }
    }
}

#[test]
fn spanned_values_know_their_place() {
    #[derive(Deserialize)]
    struct T {
        targets: Vec<Spanned<String>>,
    }
    let block = Block {
        path: Path::new("p.yaml"),
        text: "targets:\n  - a\n  - {x: 1}\n  - c\n",
        first_line: 1,
    };
    let parsed: Parsed<T> = parse(block, Schema::default());
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(
        parsed.errors[0].to_string(),
        "p.yaml:3:5: write a text here; found `key: value` lines"
    );
    let t = parsed.value.unwrap();
    assert_eq!(t.targets.len(), 2);
    assert_eq!(t.targets[1].location.to_string(), "p.yaml:4:5");
}

#[test]
fn locate_finds_keys_and_items() {
    let block = Block {
        path: Path::new("a.md"),
        text: "title: A\nattachments:\n  - a.pdf\n  - b.pdf\n",
        first_line: 2,
    };
    assert_eq!(locate(block, &["attachments"]).to_string(), "a.md:3:1");
    assert_eq!(locate(block, &["attachments", "1"]).to_string(), "a.md:5:5");
}

#[test]
fn problems_before_a_fatal_one_are_all_reported_at_their_own_lines() {
    let text = format!(
        "title: A\ntags: [&a x, *a]\nvalue: {}\n",
        "[".repeat(10_000)
    );
    let e = errors(&text);
    assert!(
        e.iter()
            .any(|e| e.starts_with("a.md:3:8: a value starting with `&`")),
        "{e:#?}"
    );
    assert!(
        e.iter()
            .any(|e| e.starts_with("a.md:4:") && e.contains("nested")),
        "{e:#?}"
    );
    assert!(
        !e.iter()
            .any(|e| e.starts_with("a.md:3:") && e.contains("nested")),
        "{e:#?}"
    );
}

#[test]
fn a_non_breaking_space_inside_quoted_text_stays_text() {
    let doc = read("title: \"Lưu ý:\u{a0}giờ họp\"\n")
        .into_result()
        .unwrap();
    assert_eq!(
        doc.title,
        Some(Text::Plain("Lưu ý:\u{a0}giờ họp".to_string()))
    );
    let e = errors("title:\u{a0}Lưu ý\n");
    assert!(e[0].contains("stands after the `:`"), "{e:?}");
}

#[test]
fn the_quoted_fix_is_the_text_as_written_and_numbers_get_the_number_advice() {
    let e = errors("title: {vi: Số liệu, 1,250 người, en: X}\n");
    assert_eq!(
        e,
        [
            "a.md:2:13: the comma after `Số liệu` ends the text: put it in quotes: `vi: \"Số liệu, 1,250 người\"`"
        ]
    );
    let e = errors("results:\n  - {date: 2024-06-30, value: 1,250}\n");
    assert!(
        e[0].contains("`1,250` has a `,` before three digits"),
        "{e:?}"
    );
}

#[test]
fn thirty_thousand_mistakes_in_one_line_are_told_as_a_hundred_and_a_count() {
    // Found by the fuzz run: `count: 4192,592,592,…` makes 30,000 keys.
    let text = format!(
        "results:\n  - {{date: 2024-06-30, value: 4192{}}}\n",
        ",592".repeat(30_000)
    );
    let e = errors(&text);
    assert!(e.len() <= 102, "{}", e.len());
    assert!(
        e.iter()
            .any(|e| e.contains("more mistakes like these in this file are not listed")),
        "{:?}",
        &e[e.len() - 2..]
    );
}
