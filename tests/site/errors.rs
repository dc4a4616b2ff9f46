//! What an editor sees for each kind of mistake: one line per error with
//! file, line and column, every error of the site in one run, exit code 1.

use crate::harness::*;

#[test]
fn unknown_key_names_line_and_suggestion() {
    let site = TestSite::new();
    site.write(
        "content/documents/2024/kh/index.vi.md",
        "---\ntitle: A\ndate: 2024-01-24\ntype: ke-hoach\nnumber: 1\nissuer: B\ntitel: C\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: content/documents/2024/kh/index.vi.md:7:1: unknown key `titel` (did you mean `title`?)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("1 error in 1 file; nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_error_of_the_site_is_reported_in_one_run() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitel: A\n---\n")
        .write(
            "content/pages/b.vi.md",
            "---\ntitle: B\ndate: 2024-13-01\n---\n",
        )
        .write(
            "content/progress/../stories/c.vi.md",
            "---\ntitle: C\nfield: kinhte\n---\n",
        );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_eq!(
        errors[0],
        "content/pages/a.vi.md:2:1: unknown key `titel` (did you mean `title`?)"
    );
    assert!(
        errors[1].starts_with(
            "content/pages/b.vi.md:3:7: `2024-13-01` is not a date: the month must be 1 to 12"
        ),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("content/stories/c.vi.md:3:8: `field` must be one of kinh-te,"),
        "{}",
        errors[2]
    );
    assert!(
        errors[2].ends_with("(did you mean `kinh-te`?)"),
        "{}",
        errors[2]
    );
}

#[test]
fn bad_date_says_how_to_write_one() {
    let site = TestSite::new();
    site.write(
        "content/documents/a.vi.md",
        "---\ntitle: A\ndate: 24/01/2024\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(
        errors,
        [
            "content/documents/a.vi.md:3:7: `24/01/2024` is not a date: write it as 2024-01-24 (year-month-day)"
        ]
    );
}

#[test]
fn yaml_syntax_error_points_at_the_file_line() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\nsummary: [unclosed\ntags: [x]\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("content/pages/a.vi.md:3:10:"),
        "the opening bracket: {}",
        errors[0]
    );
    assert!(
        errors[0].contains("this list opened with `[` is not closed with `]`"),
        "{}",
        errors[0]
    );
    assert!(
        !errors[0].contains(" at line "),
        "no second, block-relative position: {}",
        errors[0]
    );
}

#[test]
fn tab_in_yaml_says_indent_with_spaces() {
    let site = TestSite::new();
    site.write(
        "content/documents/a.vi.md",
        "---\ntitle: A\ndate: 2024-01-01\nsigner:\n\tname: B\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("content/documents/a.vi.md:5:"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("indent with spaces, not tabs"),
        "{}",
        errors[0]
    );
}

#[test]
fn missing_title_and_unclosed_front_matter() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\nsummary: x\n---\n")
        .write("content/pages/b.vi.md", "---\ntitle: B\n\nBody\n");
    let errors = site.build_errors();
    assert!(
        errors[0].starts_with("content/pages/a.vi.md:2:1: `title` is required"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(
            "content/pages/b.vi.md:1:1: the front matter opened by `---` on line 1 is never closed"
        ),
        "{}",
        errors[1]
    );
}

#[test]
fn localised_number_is_refused_with_the_fix() {
    let site = TestSite::new();
    site.write(
        "content/stories/s.vi.md",
        "---\ntitle: S\nresults:\n  - {label: Đoàn viên, value: \"1.520\"}\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("content/stories/s.vi.md:4:"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains(
            "`1.520` has a `.` before three digits, as in a thousands separator: write 1520"
        ),
        "{}",
        errors[0]
    );
}

#[test]
fn same_url_twice_names_both_files() {
    let site = TestSite::new();
    site.write("content/stories/Đoàn viên.vi.md", "---\ntitle: A\n---\n")
        .write("content/stories/đoàn viên.vi.md", "---\ntitle: B\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("content/stories/Đoàn viên.vi.md"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("content/stories/đoàn viên.vi.md"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("would both be published at /stories/doan-vien/"),
        "{}",
        errors[0]
    );
}

#[test]
fn broken_link_and_missing_attachment_have_positions() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\n---\nDòng một.\n\nXem [câu chuyện](../stories/khong-co.md).\n",
    )
    .write(
        "content/documents/d/index.vi.md",
        "---\ntitle: D\ndate: 2024-01-01\nattachments: [thieu.pdf, ../../../etc/passwd]\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/documents/d/index.vi.md:4:15: attachment `thieu.pdf` is not in the folder"
        ),
        "{}",
        errors[0]
    );
    assert!(errors[1].starts_with("content/documents/d/index.vi.md:4:26: attachment `../../../etc/passwd` is outside its bundle"), "{}", errors[1]);
    assert!(errors[2].starts_with("content/pages/a.vi.md:6:5: the link `../stories/khong-co.md` points to content/stories/khong-co.md, which is not a page"), "{}", errors[2]);
}

#[test]
fn link_leaving_the_site_is_an_error() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\n---\n![x](../../../secret.png)\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("leads outside the site's content folder"),
        "{}",
        errors[0]
    );
}

#[test]
fn unknown_language_in_file_name() {
    let site = TestSite::new();
    site.write("content/pages/a.fr.md", "---\ntitle: A\n---\n");
    let errors = site.build_errors();
    assert!(
        errors[0].contains("language `fr`, which the site does not have"),
        "{}",
        errors[0]
    );
}

#[test]
fn wrong_usage_exits_with_2() {
    let site = TestSite::new();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
}

#[test]
fn site_yaml_errors_are_located() {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        "title: {vi: A, en: B}\nbase_ulr: https://x.org/\n",
    );
    let errors = site.build_errors();
    assert_eq!(
        errors,
        ["content/site.yaml:2:1: unknown key `base_ulr` (did you mean `base_url`?)"]
    );
}

#[test]
fn build_and_check_agree_on_links_to_other_schemes() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\n---\n\n[Nhắn tin](sms:+84123) · [Zalo](zalo:0912345678) · [Gọi](tel:+84123)\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn check_finds_the_anchors_of_pages_it_no_longer_holds() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\n---\n\n[Mục hai](@/pages/b.md#muc-hai) · [Ảnh](/b/share.png) · [Sai](@/pages/b.md#muc-ba) · [Đây](#gioi-thieu)\n\n## Giới thiệu\n",
    )
    .write(
        "content/pages/b.vi.md",
        "---\ntitle: B\n---\n\n## Mục một\n\n## Mục hai\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: content/pages/a.vi.md:5:57: the link `@/pages/b.md#muc-ba` points to `#muc-ba`, which is no heading or anchor of /b/ (did you mean `#muc-hai`?)"
        ],
        "{}",
        check.stderr
    );
}
