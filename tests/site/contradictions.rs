//! Input that would publish a wrong figure or a broken page as if it were
//! right is refused, at its line, with the fix.

use crate::harness::*;

fn progress(targets: &str) -> String {
    format!("title: P\nperiod: {{start: 2024-01-01, end: 2024-12-31}}\ntargets:\n{targets}")
}

#[test]
fn a_story_figure_with_a_thousands_dot_is_refused() {
    let site = TestSite::new();
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: S\nresults:\n  - {label: Hộ được giúp, value: 1.250}\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .starts_with("content/stories/s.vi.md:4:34: `1.250` has a `.` before three digits"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_baseline_at_or_past_the_target_and_a_zero_count_target_are_refused() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        &progress(
            "  - {id: a, title: A, measure: count, target: 50, baseline: 60}\n  - {id: b, title: B, measure: count, target: 50, baseline: 50}\n  - {id: c, title: C, measure: count, target: 0}\n  - {id: d, title: D, measure: count, comparator: at-most, target: 0}\n",
        ),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/progress/p.yaml:4:61: the baseline (60) already reaches the target (50)"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/progress/p.yaml:5:61: the baseline (50)"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("content/progress/p.yaml:6:47: a count target of 0"),
        "{}",
        errors[2]
    );
}

#[test]
fn a_missing_share_image_and_a_signer_without_position_are_refused() {
    let site = TestSite::new();
    site.write(
        "content/documents/2024/kh/index.vi.md",
        "---\ntitle: K\ndate: 2024-01-24\nimage: anh-hoi-nghi.jpg\nsigner: {name: Vân Văn Kiều, capacity: TM. Ban Thường vụ}\n---\n",
    )
    .write("content/static/logo.png", "png")
    .write("content/pages/a.vi.md", "---\ntitle: A\nimage: /logo.png\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("content/documents/2024/kh/index.vi.md:4:1: the image `anh-hoi-nghi.jpg` is not in the page's folder"), "{}", errors[0]);
    assert!(
        errors[1].starts_with(
            "content/documents/2024/kh/index.vi.md:5:1: the signer has no `position:`"
        ),
        "{}",
        errors[1]
    );
}

#[test]
fn a_path_with_a_space_says_how_to_write_it() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n\nẢnh: ![Hội nghị](ảnh hội nghị.jpg)\n\nXem [tệp](/a b.pdf \"Tệp\") và `[x](a b)`.\n\n![đúng](<ảnh hội nghị.jpg>)\n")
        .write_bytes(
            "content/pages/ảnh hội nghị.jpg",
            &crate::photos::phone_jpeg(400, 300, 1),
        );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(
        errors[0],
        "content/pages/a.vi.md:5:6: the path `ảnh hội nghị.jpg` has a space, so this is not read as an image: write `ảnh%20hội%20nghị.jpg` or `<ảnh hội nghị.jpg>`"
    );
    assert_eq!(
        errors[1],
        "content/pages/a.vi.md:7:5: the path `/a b.pdf` has a space, so this is not read as a link: write `/a%20b.pdf \"Tệp\"` or `</a b.pdf> \"Tệp\"`"
    );
}

#[test]
fn recipients_run_together_with_semicolons_get_a_warning_with_the_list() {
    let site = TestSite::new();
    site.write(
        "content/documents/2024/kh/index.vi.md",
        "---\ntitle: K\ndate: 2024-01-24\nrecipients: [Ban Dân vận Huyện ủy; Các CĐCS; Lưu]\n---\n",
    );
    let report = site.build();
    let w: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.iter().any(|w| w.starts_with("content/documents/2024/kh/index.vi.md:4:14: `Ban Dân vận Huyện ủy; Các CĐCS; Lưu` is one recipient")
            && w.contains("  - Các CĐCS")),
        "{w:#?}"
    );
}

#[test]
fn a_percent_baseline_past_its_target_is_refused_too() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        &progress("  - {id: a, title: A, measure: percent, target: 50, baseline: 60}\n  - {id: b, title: B, measure: percent, comparator: at-most, target: 5, baseline: 9}\n"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("the baseline (60) already reaches the target (50)"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_story_figure_shows_as_the_editor_wrote_it() {
    let site = TestSite::new();
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: S\nresults:\n  - {label: Tấn thóc, value: 1.25}\n  - {label: Hộ, value: 1520}\n  - {label: Tỷ lệ, value: 66.67}\n---\n",
    )
    .write(
        "content/stories/s.en.md",
        "---\ntitle: S\nresults:\n  - {label: Tonnes, value: 1.25}\n  - {label: Households, value: 1520}\n---\n",
    );
    site.build();
    let vi = site.read("stories/s/index.html");
    for shown in ["1,25", "1.520", "66,67"] {
        assert!(vi.contains(&format!(">{shown}<")), "{shown} in {vi}");
    }
    let en = site.read("en/stories/s/index.html");
    for shown in ["1.25", "1,520"] {
        assert!(en.contains(&format!(">{shown}<")), "{shown} in {en}");
    }
}
