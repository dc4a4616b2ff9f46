//! `danvan import`: the reference plan's text, Word files in the official
//! layout and a PDF with a text layer become bundles whose front matter is
//! the document's facts and whose body reads like a hand-made page; the
//! produced Markdown is compared with plain snapshot files in
//! `tests/fixtures/import/` (`DANVAN_BLESS=1` rewrites them). Damaged and
//! protected files are clear errors, and nothing is ever overwritten.

use crate::documents::*;
use crate::harness::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Compares `actual` with the snapshot file `name`, or writes it when
/// blessing.
fn snapshot(name: &str, actual: &str) {
    let path = fixture(name);
    if std::env::var_os("DANVAN_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (DANVAN_BLESS=1 writes it)", path.display()));
    assert!(
        actual == expected,
        "{} differs:\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

fn read(site: &TestSite, rel: &str) -> String {
    let path = site.path().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The reference text of plan 04/KH-LĐLĐ: the copy shipped with the tests,
/// so that they run where `shared/` is not beside the repository.
fn reference_text() -> PathBuf {
    fixture("ke-hoach-04-KH-LDLD-2024.txt")
}

/// Imports `files` (paths relative to the site) with the real binary.
fn import(site: &TestSite, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// `danvan check` in the site: exit code and everything it printed.
fn check(site: &TestSite) -> Run {
    site.run(&["check"])
}

#[test]
fn the_reference_plan_imports_to_its_facts_and_builds() {
    let site = TestSite::new();
    std::fs::copy(reference_text(), site.path().join("ke-hoach.txt")).unwrap();
    let run = import(&site, &["--targets", "ke-hoach.txt"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The date as written, with its doubt and the line it came from.
    assert!(
        run.stdout.contains("doubt: line 15: the date 2023-01-24 does not fit the text: it plans for 2024, it cites a document of 29/12/2023 (line 24)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\"Phong Thổ, ngày 24 tháng 01 năm 2023\"")
    );
    assert!(
        run.stdout.contains("line 543: part III. repeats"),
        "{}",
        run.stdout
    );
    let md = read(&site, "content/documents/2023/04-kh-ldld/index.vi.md");
    snapshot("ke-hoach-04.expected.md", &md);
    snapshot(
        "ke-hoach-04.expected.yaml",
        &read(&site, "content/progress/04-kh-ldld.yaml"),
    );
    assert!(
        site.path()
            .join("content/documents/2023/04-kh-ldld/04-KH-LDLD.txt")
            .is_file()
    );

    site.build();
    let page = visible_text(&site.read("documents/2023/04-kh-ldld/index.html"));
    for fact in [
        "04/KH-LĐLĐ",
        "ngày 24 tháng 01 năm 2023",
        "Liên đoàn Lao động huyện Phong Thổ",
        "Liên đoàn Lao động tỉnh Lai Châu",
        "Phong Thổ",
        "TM. Ban Thường vụ",
        "Chủ tịch",
        "Vân Văn Kiều",
        "Ban Tuyên giáo - nữ công LĐLĐ tỉnh",
        "Ban Dân vận Huyện ủy",
        "Các Công đoàn cơ sở trực thuộc",
        "Lưu",
    ] {
        // The theme sets the header and signature blocks in capitals.
        assert!(
            page.to_lowercase().contains(&fact.to_lowercase()),
            "the page lacks {fact}: {page}"
        );
    }
    let html = site.read("documents/2023/04-kh-ldld/index.html");
    for part in [
        "I. Mục đích yêu cầu",
        "II. Mục tiêu cụ thể",
        "III. Nhiệm vụ và giải pháp",
    ] {
        assert!(
            html.contains(part) && html.contains("<h2"),
            "no part {part}"
        );
    }
    assert!(!page.contains("bookmark"), "stamps and bookmarks stay out");
    assert!(!page.contains("đã ký lên văn bản"));
    // The progress file's bars follow the plan.
    assert!(html.contains("role=\"progressbar\""));
    // check warns of the document's own two slips, and of nothing else:
    // the date before a document it cites, the repeated part number.
    let checked = check(&site);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    let warnings: Vec<&str> = checked
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", checked.stderr);
    assert!(
        warnings[0].contains("dated 2023-01-24, but cites 14/KH-LĐLĐ of 2023-12-29"),
        "{}",
        checked.stderr
    );
    assert!(
        warnings[1].contains("part `III.` repeats"),
        "{}",
        checked.stderr
    );
}

/// A plan of a grassroots union in the official Word layout.
fn word_plan() -> Vec<u8> {
    docx(&word_plan_elements())
}

/// The paragraphs and tables of [`word_plan`].
fn word_plan_elements() -> Vec<El> {
    let header = El::Table(vec![vec![
        vec![
            centered(vec![R::Plain("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ")]),
            centered(vec![R::Bold("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS MƯỜNG SO")]),
            centered(vec![R::Plain("Số: 03/KH-CĐCS")]),
        ],
        vec![
            centered(vec![R::Bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            centered(vec![R::Bold("Độc lập - Tự do - Hạnh phúc")]),
            centered(vec![R::Italic("Mường So, ngày 05 tháng 3 năm 2024")]),
        ],
    ]]);
    let signature = El::Table(vec![vec![
        vec![
            P {
                runs: vec![R::Bold("Nơi nhận:")],
                centered: false,
            },
            p("- LĐLĐ huyện (b/c);"),
            p("- Ban Giám hiệu nhà trường;"),
            p("- Các tổ công đoàn, đoàn viên;"),
            p("- Lưu: VT."),
        ],
        vec![
            centered(vec![R::Bold("TM. BAN CHẤP HÀNH")]),
            centered(vec![R::Bold("CHỦ TỊCH")]),
            centered(vec![R::Bold("Lò Thị Hoa")]),
        ],
    ]]);
    vec![
        header,
        El::P(centered(vec![R::Bold("KẾ HOẠCH")])),
        El::P(centered(vec![R::Bold("Tổ chức Tháng Công nhân")])),
        El::P(centered(vec![R::Bold(
            "và phong trào “Bữa cơm công đoàn” năm 2024",
        )])),
        El::P(centered(vec![R::Plain("__________")])),
        El::P(P {
            runs: vec![
                R::Plain(
                    "Căn cứ chương trình công tác năm 2024, Ban Chấp hành Công đoàn cơ sở xây dựng kế hoạch ",
                ),
                R::Italic("Tháng Công nhân"),
                R::Plain(" như sau:"),
            ],
            centered: false,
        }),
        El::P(bold("I. MỤC ĐÍCH, YÊU CẦU")),
        El::P(p(
            "1. Đoàn viên hiểu rõ ý nghĩa của Tháng Công nhân, tham gia đầy đủ các hoạt động.",
        )),
        El::P(p(
            "2. Các hoạt động thiết thực, tiết kiệm, đúng [quy định] của nhà trường.",
        )),
        El::P(bold("II. CHỈ TIÊU")),
        El::P(p(
            "1. Phấn đấu 100% đoàn viên tham gia ít nhất một hoạt động của Tháng Công nhân.",
        )),
        El::P(p(
            "2. Tổ chức ít nhất 02 bữa cơm công đoàn, thăm hỏi 05 đoàn viên có hoàn cảnh khó khăn trở lên.",
        )),
        El::P(p(
            "3. Quyên góp 1.500.000 đồng trở lên cho Quỹ \"Tương hỗ Công đoàn\": mỗi đoàn viên một ngày lương.",
        )),
        El::P(bold("III. NỘI DUNG")),
        El::P(bold("1. Hoạt động tuyên truyền")),
        El::P(p("- Treo băng rôn tại cổng trường;")),
        El::P(p(
            "- Giới thiệu gương đoàn viên tiêu biểu trong các buổi chào cờ.",
        )),
        El::P(bold("2. Lịch hoạt động")),
        El::Table(vec![
            vec![
                vec![bold("Thời gian")],
                vec![bold("Nội dung")],
                vec![bold("Phụ trách")],
            ],
            vec![
                vec![p("Tuần 1")],
                vec![p("Bữa cơm công đoàn | lần 1")],
                vec![p("Tổ Văn")],
            ],
            vec![
                vec![p("Tuần 3")],
                vec![p("Thăm hỏi đoàn viên")],
                vec![p("Ban Chấp hành")],
            ],
        ]),
        El::P(P {
            runs: vec![
                R::Plain("Đề nghị các tổ công đoàn "),
                R::Bold("thực hiện nghiêm túc"),
                R::Plain(" kế hoạch này./."),
            ],
            centered: false,
        }),
        signature,
    ]
}

#[test]
fn a_word_file_in_the_official_layout_imports_with_its_formatting() {
    let site = TestSite::new();
    site.write_bytes("ke hoach thang cong nhan.docx", &word_plan());
    let run = import(&site, &["--targets", "ke hoach thang cong nhan.docx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("wrote content/documents/2024/03-kh-cdcs/index.vi.md, content/documents/2024/03-kh-cdcs/03-KH-CDCS.docx, content/progress/03-kh-cdcs.yaml"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("doubt:"), "{}", run.stdout);
    snapshot(
        "word.expected.md",
        &read(&site, "content/documents/2024/03-kh-cdcs/index.vi.md"),
    );
    snapshot(
        "word.expected.yaml",
        &read(&site, "content/progress/03-kh-cdcs.yaml"),
    );
    site.build();
    let html = site.read("documents/2024/03-kh-cdcs/index.html");
    assert!(html.contains("<em>Tháng Công nhân</em>"), "{html}");
    assert!(html.contains("<strong>thực hiện nghiêm túc</strong>"));
    assert!(html.contains("<table>"));
    let checked = check(&site);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(!checked.stderr.contains("warning:"), "{}", checked.stderr);
}

#[test]
fn an_official_letter_with_word_styles_and_numbering_imports() {
    let site = TestSite::new();
    let letter = docx(&[
        El::Table(vec![vec![
            vec![
                centered(vec![R::Plain("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU")]),
                centered(vec![R::Bold("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ")]),
                centered(vec![R::Plain("______")]),
                centered(vec![R::Plain("Số: 120/LĐLĐ")]),
                centered(vec![R::Plain("V/v tổ chức các hoạt động chào mừng")]),
                centered(vec![R::Plain("Tháng Công nhân năm 2024")]),
            ],
            vec![
                centered(vec![R::Bold("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
                centered(vec![R::Bold("Độc lập - Tự do - Hạnh phúc")]),
                centered(vec![R::Italic("Phong Thổ, ngày 02 tháng 4 năm 2024")]),
            ],
        ]]),
        El::P(centered(vec![R::Plain(
            "Kính gửi: Các Công đoàn cơ sở trực thuộc.",
        )])),
        El::P(p(
            "Hưởng ứng Tháng Công nhân, Liên đoàn Lao động huyện đề nghị các Công đoàn cơ sở thực hiện các việc sau.",
        )),
        styled("Heading1", "Hoạt động chính"),
        numbered("Treo băng rôn, khẩu hiệu tại trụ sở;"),
        numbered("Tổ chức thăm hỏi đoàn viên bị tai nạn lao động."),
        styled("Heading2", "Báo cáo"),
        El::P(p("Các đơn vị báo cáo kết quả trước ngày 31/5/2024.")),
        El::P(p("Nơi nhận:")),
        El::P(p("- Như trên;")),
        El::P(p("- Lưu: VT.")),
        El::P(centered(vec![R::Bold("KT. CHỦ TỊCH")])),
        El::P(centered(vec![R::Bold("PHÓ CHỦ TỊCH")])),
        El::P(centered(vec![R::Italic("(Đã ký)")])),
        El::P(centered(vec![R::Bold("Lò Văn Minh")])),
    ]);
    site.write_bytes("cong-van-120.docx", &letter);
    imports_without_doubt_and_builds_clean(
        &site,
        "cong-van-120.docx",
        "letter.expected.md",
        "content/documents/2024/120-ldld/index.vi.md",
    );
}

#[test]
fn quotes_colons_and_hashes_in_fields_load_as_written() {
    let site = TestSite::new();
    let title = r#"Kết quả hội thi "An toàn: vệ sinh" #2 [vòng 1] & {chung kết}"#;
    let bytes = docx(&[
        El::Table(vec![vec![
            vec![p("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ"), p("Số: 07/TB-LĐLĐ")],
            vec![
                p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                p("Phong Thổ, ngày 10 tháng 5 năm 2024"),
            ],
        ]]),
        El::P(centered(vec![R::Bold("THÔNG BÁO")])),
        El::P(centered(vec![R::Bold(title)])),
        El::P(p(
            "Ban Thường vụ thông báo kết quả: *giải nhất* thuộc về tổ `Văn` {{ x }}.",
        )),
        El::Table(vec![vec![
            vec![
                p("Nơi nhận:"),
                p("- Lưu: VT, Văn phòng #3;"),
                p("- Tổ \"Văn\"."),
            ],
            vec![p("CHỦ TỊCH"), p("Vân Văn Kiều")],
        ]]),
    ]);
    site.write_bytes("tb.docx", &bytes);
    let run = import(&site, &["tb.docx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    site.build();
    let page = visible_text(&site.read("documents/2024/07-tb-ldld/index.html"));
    for text in [
        r#"An toàn: vệ sinh" #2 [vòng 1] & {chung kết}"#,
        "Lưu: VT, Văn phòng #3",
        r#"Tổ "Văn""#,
        "kết quả: *giải nhất* thuộc về tổ `Văn` {{ x }}.",
    ] {
        assert!(page.contains(text), "{text} is not on the page: {page}");
    }
}

#[test]
fn a_decision_as_pdf_text_keeps_its_articles_and_capitals() {
    let site = TestSite::new();
    let lines = [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ",
        "Số: 21/QĐ-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phong Thổ, ngày 15 tháng 11 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng mô hình “Dân vận khéo” năm 2024",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng họp ngày 10/11/2024,",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen cho 03 tập thể có mô hình “Dân vận khéo” tiêu biểu trong",
        "năm 2024 (có danh sách kèm theo).",
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        "Điều 3. Văn phòng LĐLĐ huyện và các tập thể có tên tại Điều 1 chịu trách nhiệm",
        "thi hành Quyết định này./.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "(Đã ký)",
        "Vân Văn Kiều",
    ];
    // The text as a PDF reader gives it: a blank line after every line.
    site.write("qd-21.txt", &lines.join("\n\n"));
    imports_without_doubt_and_builds_clean(
        &site,
        "qd-21.txt",
        "decision.expected.md",
        "content/documents/2024/21-qd-ldld/index.vi.md",
    );
}

#[test]
fn an_english_original_imports_as_the_translation_of_the_vietnamese_one() {
    let site = TestSite::new();
    site.write_bytes("kh.docx", &word_plan());
    let english = docx(&[
        El::Table(vec![vec![
            vec![
                p("PHONG THO DISTRICT LABOUR FEDERATION"),
                p("MUONG SO SECONDARY SCHOOL TRADE UNION"),
                p("No.: 03/KH-CĐCS"),
            ],
            vec![
                p("SOCIALIST REPUBLIC OF VIET NAM"),
                p("Independence - Freedom - Happiness"),
                p("Muong So, 5 March 2024"),
            ],
        ]]),
        El::P(centered(vec![R::Bold("PLAN")])),
        El::P(centered(vec![R::Bold(
            "Workers' Month and the “Union meal” campaign in 2024",
        )])),
        El::P(p(
            "The union committee sets out its plan for Workers' Month as follows:",
        )),
        El::P(bold("I. PURPOSE AND REQUIREMENTS")),
        El::P(p("1. Every member takes part in at least one activity.")),
        El::P(bold("II. ACTIVITIES")),
        El::P(p("- Banners at the school gate;")),
        El::P(p("- Visits to members in hardship.")),
        El::Table(vec![vec![
            vec![
                p("Recipients:"),
                p("- District Labour Federation;"),
                p("- Filed."),
            ],
            vec![
                p("ON BEHALF OF THE EXECUTIVE COMMITTEE"),
                p("CHAIRPERSON"),
                p("Lo Thi Hoa"),
            ],
        ]]),
    ]);
    site.write_bytes("plan-en.docx", &english);
    assert_eq!(import(&site, &["kh.docx"]).code, 0);
    let run = import(&site, &["--lang", "en", "plan-en.docx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("doubt:"), "{}", run.stdout);
    snapshot(
        "english.expected.md",
        &read(&site, "content/documents/2024/03-kh-cdcs/index.en.md"),
    );
    site.build();
    assert!(site.exists("en/documents/2024/03-kh-cdcs/index.html"));
    let checked = check(&site);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(!checked.stderr.contains("warning:"), "{}", checked.stderr);
    assert!(
        !checked
            .stderr
            .contains("03-kh-cdcs/index.vi.md:1:1: has no translation"),
        "{}",
        checked.stderr
    );
}

#[test]
fn word_numbers_its_parts_and_headings_itself() {
    let site = TestSite::new();
    let bytes = docx_with(
        &[
            El::Table(vec![vec![
                vec![p("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ"), p("Số: 30/HD-LĐLĐ")],
                vec![
                    p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                    p("Phong Thổ, ngày 12 tháng 8 năm 2024"),
                ],
            ]]),
            El::P(centered(vec![R::Bold("HƯỚNG DẪN")])),
            El::P(centered(vec![R::Bold(
                "Xây dựng mô hình “Dân vận khéo” năm 2024",
            )])),
            auto(1, 0, "YÊU CẦU"),
            auto(1, 1, "Chọn việc cụ thể"),
            El::P(p("Mỗi mô hình giải quyết một việc của đoàn viên.")),
            auto(1, 1, "Có kết quả đo được"),
            auto(2, 0, "số đoàn viên tham gia;"),
            auto(2, 0, "số việc đã làm xong."),
            auto(1, 0, "TỔ CHỨC THỰC HIỆN"),
            El::P(p("Các CĐCS gửi đăng ký về LĐLĐ huyện.")),
            El::Table(vec![vec![
                vec![p("Nơi nhận:"), p("- Các CĐCS;"), p("- Lưu: VT.")],
                vec![p("TM. BAN THƯỜNG VỤ"), p("CHỦ TỊCH"), p("Vân Văn Kiều")],
            ]]),
        ],
        Some(NUMBERING),
    );
    site.write_bytes("hd-30.docx", &bytes);
    let run = import(&site, &["hd-30.docx"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let md = read(&site, "content/documents/2024/30-hd-ldld/index.vi.md");
    let body = &md[md.rfind("---\n").unwrap() + 4..];
    assert_eq!(
        body,
        "\n## I. Yêu cầu\n\n### 1. Chọn việc cụ thể\n\nMỗi mô hình giải quyết một việc của đoàn viên.\n\n### 2. Có kết quả đo được\n\n- số đoàn viên tham gia;\n- số việc đã làm xong.\n\n## II. Tổ chức thực hiện\n\nCác CĐCS gửi đăng ký về LĐLĐ huyện.\n"
    );
    site.build();
}

/// A report as a PDF whose header and signature columns share lines, as
/// a PDF's text layer gives them.
fn pdf_report() -> Vec<u8> {
    let lines: Vec<Vec<(f32, &str)>> = vec![
        vec![
            (60.0, "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"),
            (320.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ],
        vec![
            (60.0, "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ"),
            (340.0, "Độc lập - Tự do - Hạnh phúc"),
        ],
        vec![
            (90.0, "Số: 85/BC-LĐLĐ"),
            (330.0, "Phong Thổ, ngày 28 tháng 6 năm 2024"),
        ],
        vec![(260.0, "BÁO CÁO")],
        vec![(150.0, "Sơ kết công tác dân vận sáu tháng đầu năm 2024")],
        vec![(
            60.0,
            "Ban Thường vụ Liên đoàn Lao động huyện báo cáo kết quả công tác dân vận",
        )],
        vec![(60.0, "sáu tháng đầu năm 2024 như sau:")],
        vec![(60.0, "I. KẾT QUẢ ĐẠT ĐƯỢC")],
        vec![(
            60.0,
            "1. Các cấp Công đoàn đã tổ chức nhiều hoạt động hướng về cơ sở, gần gũi",
        )],
        vec![(
            60.0,
            "với đoàn viên; kết nạp được 31 đoàn viên, đạt 62% chỉ tiêu cả năm.",
        )],
        vec![(
            60.0,
            "2. Mô hình “Bữa cơm công đoàn” được nhân rộng ra ba trường học trên địa",
        )],
        // A page break in the middle of a sentence, the page's number on top.
        vec![],
        vec![(290.0, "2")],
        vec![(60.0, "bàn huyện.")],
        vec![(60.0, "II. PHƯƠNG HƯỚNG SÁU THÁNG CUỐI NĂM")],
        vec![(
            60.0,
            "- Tiếp tục vận động thành lập Công đoàn cơ sở trong doanh nghiệp ngoài khu",
        )],
        vec![(60.0, "vực nhà nước;")],
        vec![(
            60.0,
            "- Hoàn thành các chỉ tiêu của Kế hoạch số 04/KH-LĐLĐ./.",
        )],
        vec![(60.0, "Nơi nhận:"), (360.0, "KT. CHỦ TỊCH")],
        vec![(60.0, "- Thường trực LĐLĐ tỉnh;"), (360.0, "PHÓ CHỦ TỊCH")],
        vec![(60.0, "- Ban Dân vận Huyện ủy;")],
        vec![(60.0, "- Lưu: VT.")],
        vec![(360.0, "Lò Văn Minh")],
    ];
    pdf(&lines)
}

#[test]
fn a_pdf_with_a_text_layer_imports_with_its_columns_untangled() {
    let site = TestSite::new();
    site.write_bytes("bao-cao.pdf", &pdf_report());
    let run = import(&site, &["bao-cao.pdf"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let md = read(&site, "content/documents/2024/85-bc-ldld/index.vi.md");
    snapshot("pdf.expected.md", &md);
    site.build();
    let checked = check(&site);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(!checked.stderr.contains("warning:"), "{}", checked.stderr);
}

#[test]
fn damaged_and_protected_files_are_clear_errors_and_the_run_goes_on() {
    let site = TestSite::new();
    let mut args: Vec<String> = Vec::new();
    // Fifty files: forty-five good Word files and five bad ones among them.
    for n in 1..=45 {
        let number = format!("Số: {n:02}/TB-LĐLĐ");
        let bytes = docx(&[
            El::Table(vec![vec![
                vec![
                    p("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ"),
                    p(Box::leak(number.into_boxed_str())),
                ],
                vec![
                    p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                    p("Phong Thổ, ngày 10 tháng 5 năm 2024"),
                ],
            ]]),
            El::P(centered(vec![R::Bold("THÔNG BÁO")])),
            El::P(centered(vec![R::Bold("Lịch sinh hoạt công đoàn tháng 5")])),
            El::P(p("Các Công đoàn cơ sở sinh hoạt vào thứ Sáu cuối tháng.")),
        ]);
        let name = format!("tb-{n:02}.docx");
        site.write_bytes(&name, &bytes);
        args.push(name);
        if n == 10 {
            site.write_bytes("hong.docx", b"PK\x03\x04 this is not a whole zip file");
            args.push("hong.docx".into());
        }
        if n == 20 {
            site.write_bytes(
                "mat-khau.docx",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            );
            args.push("mat-khau.docx".into());
        }
        if n == 30 {
            let mut half = pdf_report();
            half.truncate(half.len() / 3);
            site.write_bytes("cat-doi.pdf", &half);
            args.push("cat-doi.pdf".into());
        }
        if n == 35 {
            site.write_bytes("bao-mat.pdf", &password_protected(pdf_report()));
            args.push("bao-mat.pdf".into());
        }
        if n == 40 {
            site.write_bytes("anh.jpg", b"\xFF\xD8\xFF");
            args.push("anh.jpg".into());
        }
    }
    assert_eq!(args.len(), 50);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = import(&site, &refs);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.matches(": wrote ").count(), 45, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("error: hong.docx: the file is damaged: not a readable .docx"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: mat-khau.docx: this Word file is password-protected"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: cat-doi.pdf: the file is damaged"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: anh.jpg: `.jpg` files cannot be imported"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: bao-mat.pdf: this PDF is password-protected"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("imported 45 of 50 files, 5 failed"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        site.path()
            .join("content/documents/2024/45-tb-ldld/index.vi.md")
            .is_file()
    );
    site.build();
}

#[test]
fn nothing_is_overwritten_and_a_dry_run_writes_nothing() {
    let site = TestSite::new();
    site.write_bytes("kh.docx", &word_plan());
    let dry = import(&site, &["--dry-run", "--targets", "kh.docx"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains("kh.docx: would write content/documents/2024/03-kh-cdcs/index.vi.md"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("--- content/documents/2024/03-kh-cdcs/index.vi.md ---\n---\ntitle: ")
    );
    assert!(
        dry.stdout
            .contains("--- content/progress/03-kh-cdcs.yaml ---")
    );
    assert!(!site.path().join("content/documents").exists());

    assert_eq!(import(&site, &["kh.docx"]).code, 0);
    let path = site
        .path()
        .join("content/documents/2024/03-kh-cdcs/index.vi.md");
    std::fs::write(&path, "---\ntitle: Sửa tay\ndate: 2024-03-05\n---\n").unwrap();
    let again = import(&site, &["kh.docx"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("error: kh.docx: content/documents/2024/03-kh-cdcs/index.vi.md already exists; danvan import never overwrites"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\ntitle: Sửa tay\ndate: 2024-03-05\n---\n"
    );
    // The English original goes beside the Vietnamese one.
    // A page of the same address beside the bundle is a conflict too.
    site.write(
        "content/documents/2024/85-bc-ldld.vi.md",
        "---\ntitle: A\ndate: 2024-06-28\n---\n",
    );
    site.write_bytes("bc0.pdf", &pdf_report());
    let clash = import(&site, &["bc0.pdf"]);
    assert_eq!(clash.code, 1);
    assert!(
        clash
            .stderr
            .contains("content/documents/2024/85-bc-ldld.vi.md already has the address"),
        "{}",
        clash.stderr
    );
    std::fs::remove_file(site.path().join("content/documents/2024/85-bc-ldld.vi.md")).unwrap();
    // The text of a signed PDF beside the PDF: the PDF is attached.
    site.write_bytes("bc.pdf", &pdf_report());
    site.write(
        "bc.txt",
        &pdf_extract::extract_text(site.path().join("bc.pdf")).unwrap(),
    );
    let txt = import(&site, &["bc.txt"]);
    assert_eq!(txt.code, 0, "{}", txt.stderr);
    assert!(
        txt.stdout
            .contains("content/documents/2024/85-bc-ldld/85-BC-LDLD.pdf"),
        "{}",
        txt.stdout
    );
    assert!(
        read(&site, "content/documents/2024/85-bc-ldld/index.vi.md")
            .contains("attachments: [\"85-BC-LDLD.pdf\"]")
    );
    let en = import(&site, &["--lang", "en", "kh.docx"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(
        site.path()
            .join("content/documents/2024/03-kh-cdcs/index.en.md")
            .is_file()
    );
}

/// Plans cut at random places, their header and signature thinned out,
/// import into sites that build: a document the importer writes never
/// breaks the site, and one it cannot date is not written.
#[test]
fn imports_of_cut_plans_always_build() {
    let reference = std::fs::read_to_string(reference_text()).unwrap();
    let lines: Vec<&str> = reference.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut next = random_below(12345);
    let mut failures = Vec::new();
    for round in 0..24 {
        let site = TestSite::new();
        let mut picked: Vec<&str> = lines[..12]
            .iter()
            .copied()
            .filter(|_| next(4) != 0)
            .collect();
        let start = 12 + next(lines.len() - 12);
        let len = next(200);
        for k in 0..len {
            if next(6) != 0 {
                picked.push(lines[(start + k) % lines.len()]);
            }
        }
        picked.extend(lines[lines.len() - 25..].iter().filter(|_| next(4) != 0));
        site.write("x.txt", &picked.join("\n"));
        if let Some(failure) = imported_site_fails(&site, "x.txt") {
            failures.push(format!("round {round}: {failure}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n----\n"));
}

/// The Word plan with paragraphs left out at random imports into a site
/// that builds, or is refused when no date is left.
#[test]
fn word_plans_with_parts_missing_always_build() {
    let mut next = random_below(987_654_321);
    let mut failures = Vec::new();
    for round in 0..16 {
        let elements: Vec<El> = word_plan_elements()
            .into_iter()
            .filter(|_| next(4) != 0)
            .collect();
        let site = TestSite::new();
        site.write_bytes("kh.docx", &docx(&elements));
        if let Some(failure) = imported_site_fails(&site, "kh.docx") {
            failures.push(format!("round {round}: {failure}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n----\n"));
}

/// Imports `file` without a doubt, compares the page written at `written`
/// with the snapshot `expected`, and builds and checks the site clean.
fn imports_without_doubt_and_builds_clean(
    site: &TestSite,
    file: &str,
    expected: &str,
    written: &str,
) {
    let run = import(site, &[file]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("doubt:"), "{}", run.stdout);
    snapshot(expected, &read(site, written));
    site.build();
    let checked = check(site);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(!checked.stderr.contains("warning:"), "{}", checked.stderr);
}

/// Imports `file` with its targets and builds the site: what went wrong,
/// if anything did. A file with no date left is refused, as it should be.
fn imported_site_fails(site: &TestSite, file: &str) -> Option<String> {
    let run = import(site, &["--targets", file]);
    if run.code != 0 {
        return (!run.stderr.contains("no date of issue found"))
            .then(|| format!("import {}", run.stderr));
    }
    let options = danvan::BuildOptions {
        site: site.path().to_path_buf(),
        ..Default::default()
    };
    danvan::build(&options)
        .err()
        .map(|d| format!("{d}\n{}", run.stdout))
}
