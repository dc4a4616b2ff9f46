//! Reports from grassroots units (SPEC §8) as a reader sees them: the
//! coverage line under a rolled-up bar, the target's unit table and the
//! units that have not reported, a page per unit, the open data; the
//! answers read from YAML, CSV and .xlsx; every mistake located; and
//! `danvan new sheet`.

use crate::harness::*;

const UNITS: &str = "units:
  - {id: thcs-muong-so, name: Công đoàn cơ sở Trường THCS Mường So, kind: hcsn}
  - {id: tram-y-te, name: Công đoàn cơ sở Trạm Y tế xã Dào San, kind: hcsn}
  - {id: mn-dao-san, name: Công đoàn cơ sở Trường Mầm non Dào San, kind: hcsn, founded: 2024-08-15}
  - {id: th-ban-lang, name: Công đoàn cơ sở Trường Tiểu học Bản Lang, kind: hcsn, closed: 2024-09-01}
  - {id: cty-che, name: Công đoàn cơ sở Công ty Chè Phong Thổ, kind: doanh-nghiep}
";

const PLAN: &str = "plan: 04/KH-LĐLĐ
title: {vi: Chỉ tiêu năm 2024, en: Targets 2024}
period: {start: 2024-01-01, end: 2024-12-31}
targets:
  - id: ket-nap-doan-vien
    title: {vi: Kết nạp đoàn viên, en: New members admitted}
    measure: count
    target: 20
    unit: {vi: đoàn viên, en: members}
    from_units: sum
  - id: cdcs-hoan-thanh-tot
    title: {vi: CĐCS hoàn thành tốt, en: Unions rated good}
    measure: percent
    comparator: more-than
    target: 60
    from_units: share
    counts: [xuat-sac, tot]
    units: {kind: hcsn}
  - id: cu-the-hoa
    title: {vi: Cụ thể hóa kế hoạch, en: Plan adapted}
    measure: percent
    target: 100
    from_units: share
  - id: tap-huan
    title: {vi: Cán bộ được tập huấn, en: Officers trained}
    measure: percent
    target: 85
    from_units: ratio
";

/// A site whose June round is a CSV saved by Excel in a Vietnamese
/// locale, and whose December round is one YAML file per unit.
fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN)
        .write(
            "content/progress/p/2024-06-30.csv",
            "\u{feff}unit;name;ket-nap-doan-vien;cu-the-hoa;tap-huan;tap-huan.of\r\n\
             thcs-muong-so;;3;có;2;4\r\n\
             Công đoàn cơ sở Trạm Y tế xã Dào San ;;1;x;;\r\n\
             th-ban-lang;;2;không;1;2\r\n\
             cty-che;;;;;\r\n",
        )
        .write(
            "content/progress/p/2024-12-31/thcs-muong-so.yaml",
            "figures:\n  ket-nap-doan-vien: 7\n  cdcs-hoan-thanh-tot: Xuất sắc\n  cu-the-hoa: true\n  tap-huan: {count: 4, of: 4}\n",
        )
        .write(
            "content/progress/p/2024-12-31/mn-dao-san.yaml",
            "figures: {ket-nap-doan-vien: 4, cdcs-hoan-thanh-tot: Khá, cu-the-hoa: có}\n",
        )
        .write(
            "content/progress/p/2024-12-31/cty-che.yaml",
            "figures: {ket-nap-doan-vien: 5, cu-the-hoa: không, tap-huan: {count: 3, of: 6}}\n",
        );
    site
}

#[test]
fn each_rolled_up_bar_says_how_many_units_reported() {
    let site = site();
    site.build();
    let vi = visible_text(&site.read("progress/p/index.html"));
    // December: thcs, tram-y-te, mn-dao-san (founded), cty-che expected;
    // th-ban-lang closed. tram-y-te did not answer: its June 1 counts.
    assert!(vi.contains("17 đoàn viên"), "{vi}");
    assert!(vi.contains("3/4 đơn vị đã báo cáo"), "{vi}");
    // hcsn only: thcs (xuất sắc) counts, mn-dao-san (khá) does not,
    // tram-y-te has not answered: 1 of 3.
    assert!(vi.contains("33,3% (1/3)"), "{vi}");
    assert!(vi.contains("2/3 đơn vị đã báo cáo"), "{vi}");
    let en = visible_text(&site.read("en/progress/p/index.html"));
    assert!(en.contains("3 of 4 units reported"), "{en}");
    assert!(en.contains("17 members"), "{en}");
    // The ratio adds counts and wholes: thcs 4/4, cty-che 3/6 in December.
    assert!(en.contains("70.0% (7/10)"), "{en}");
    let html = site.read("progress/p/index.html");
    assert!(
        html.contains(r#"<a href="/progress/p/ket-nap-doan-vien/">3/4 đơn vị đã báo cáo</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/units/">Các đơn vị báo cáo số liệu</a>"#));
    assert!(html.contains(r#"href="/progress-units.csv""#));
    let sitemap = site.read("sitemap.xml");
    for path in ["/units/", "/en/units/cty-che/", "/progress/p/tap-huan/"] {
        assert!(
            sitemap.contains(&format!("{path}</loc>")),
            "{path}\n{sitemap}"
        );
    }
}

#[test]
fn the_target_page_lists_every_unit_and_names_those_not_reported() {
    let site = site();
    site.build();
    let page = visible_text(&site.read("progress/p/ket-nap-doan-vien/index.html"));
    assert!(
        page.contains("Tính đến ngày 31 tháng 12 năm 2024: 3/4 đơn vị đã báo cáo"),
        "{page}"
    );
    for row in [
        "Công đoàn cơ sở Trường THCS Mường So 7 ngày 31 tháng 12 năm 2024",
        "Công đoàn cơ sở Trạm Y tế xã Dào San 1 ngày 30 tháng 6 năm 2024 Chưa báo cáo",
        "Công đoàn cơ sở Trường Mầm non Dào San 4 ngày 31 tháng 12 năm 2024",
        "Công đoàn cơ sở Công ty Chè Phong Thổ 5 ngày 31 tháng 12 năm 2024",
    ] {
        assert!(page.contains(row), "{row}\n{page}");
    }
    // The closed unit is not expected in December any more.
    let table = page
        .split("Số liệu của từng đơn vị")
        .nth(1)
        .unwrap()
        .split("Các đợt báo cáo trước")
        .next()
        .unwrap();
    assert!(!table.contains("Bản Lang"), "{table}");
    assert!(
        page.contains(
            "Đơn vị chưa báo cáo đợt ngày 31 tháng 12 năm 2024 Công đoàn cơ sở Trạm Y tế xã Dào San"
        ),
        "{page}"
    );
    // June: four expected (the school founded in August not yet), the
    // company sent an empty row.
    assert!(
        page.contains("ngày 30 tháng 6 năm 2024: 3/4 đơn vị đã báo cáo; Chưa báo cáo: Công đoàn cơ sở Công ty Chè Phong Thổ"),
        "{page}"
    );
    let en = visible_text(&site.read("en/progress/p/cdcs-hoan-thanh-tot/index.html"));
    assert!(
        en.contains("As of 31 December 2024: 2 of 3 units reported"),
        "{en}"
    );
    assert!(
        en.contains("Công đoàn cơ sở Trường THCS Mường So Xuất sắc 31 December 2024"),
        "{en}"
    );
    assert!(
        en.contains("Công đoàn cơ sở Trường Mầm non Dào San Khá 31 December 2024"),
        "{en}"
    );
    assert!(
        en.contains(
            "Units that have not reported for 31 December 2024 Công đoàn cơ sở Trạm Y tế xã Dào San"
        ),
        "{en}"
    );
    assert!(
        !en.contains("Chè"),
        "an enterprise is not expected for an hcsn target: {en}"
    );
}

#[test]
fn a_page_per_unit_shows_its_own_figures_across_plans() {
    let site = site();
    site.build();
    let list = visible_text(&site.read("units/index.html"));
    assert!(
        list.contains("Công đoàn cơ sở Trường Tiểu học Bản Lang giải thể ngày 01 tháng 9 năm 2024"),
        "{list}"
    );
    assert!(
        list.contains("Công đoàn cơ sở Trường Mầm non Dào San thành lập ngày 15 tháng 8 năm 2024"),
        "{list}"
    );
    let unit = visible_text(&site.read("en/units/tram-y-te/index.html"));
    assert!(
        unit.contains("New members admitted 30 June 2024 1"),
        "{unit}"
    );
    assert!(
        unit.contains("New members admitted 31 December 2024 Not reported"),
        "{unit}"
    );
    assert!(unit.contains("Plan adapted 30 June 2024 Yes"), "{unit}");
    let closed = visible_text(&site.read("units/th-ban-lang/index.html"));
    assert!(
        closed.contains("Cán bộ được tập huấn ngày 30 tháng 6 năm 2024 1/2"),
        "{closed}"
    );
    assert!(
        !closed.contains("tháng 12"),
        "not expected after it closed: {closed}"
    );
    let html = site.read("en/units/tram-y-te/index.html");
    assert!(html.contains(r#"href="/en/progress/p/ket-nap-doan-vien/""#));
    assert!(html.contains(r#"hreflang="vi""#) || html.contains(r#"href="/units/tram-y-te/""#));
}

#[test]
fn open_data_carries_the_coverage_and_every_unit_answer() {
    let site = site();
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.read("progress.json")).unwrap();
    let sum = &json["files"][0]["targets"][0];
    assert_eq!(sum["from_units"], "sum");
    assert_eq!(sum["reports"][1]["figure"], 17.0);
    assert_eq!(sum["reports"][1]["units_reported"], 3);
    assert_eq!(sum["reports"][1]["units_expected"], 4);
    assert_eq!(sum["unit_answers"][0]["unit"], "th-ban-lang");
    assert_eq!(sum["unit_answers"][0]["answer"], 2.0);
    let csv = site.read("progress.csv");
    let row = csv
        .lines()
        .find(|l| l.contains(",ket-nap-doan-vien,") && l.contains(",2024-12-31,"))
        .unwrap();
    assert!(row.ends_with(",17,,,17,,,3,4"), "{row}");
    let units = site.read("progress-units.csv");
    let lines: Vec<&str> = units.lines().collect();
    assert_eq!(
        lines[0],
        "file,plan,target_id,unit_id,unit_name,unit_kind,date,answer,count,of"
    );
    assert!(lines.contains(
        &"p,04/KH-LĐLĐ,cdcs-hoan-thanh-tot,mn-dao-san,Công đoàn cơ sở Trường Mầm non Dào San,hcsn,2024-12-31,kha,,"
    ), "{units}");
    assert!(lines.contains(
        &"p,04/KH-LĐLĐ,tap-huan,cty-che,Công đoàn cơ sở Công ty Chè Phong Thổ,doanh-nghiep,2024-12-31,,3,6"
    ), "{units}");
    assert!(lines.contains(
        &"p,04/KH-LĐLĐ,cu-the-hoa,tram-y-te,Công đoàn cơ sở Trạm Y tế xã Dào San,hcsn,2024-06-30,true,,"
    ), "{units}");
}

/// An .xlsx round as offices fill it in: numbers as numbers, yes/no as
/// text or booleans, names with trailing spaces or typed in NFD.
fn xlsx(rows: &[&[Cell]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Text(t) => sheet.write_string(r, c, *t).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                Cell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

enum Cell {
    Text(&'static str),
    Number(f64),
    Bool(bool),
    Empty,
}

#[test]
fn an_xlsx_round_is_read_with_numbers_text_and_booleans() {
    use Cell::*;
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN);
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Công đoàn cơ sở Trạm Y tế xã Dào San  ".nfd().collect();
    let nfd: &'static str = Box::leak(nfd.into_boxed_str());
    let bytes = xlsx(&[
        &[Text("BÁO CÁO SỐ LIỆU CÔNG ĐOÀN CƠ SỞ"), Empty],
        &[Empty],
        &[
            Text("Đơn vị"),
            Text("ket-nap-doan-vien"),
            Text("cu-the-hoa"),
            Text("cdcs-hoan-thanh-tot"),
            Text("tap-huan"),
            Text("tap-huan.of"),
        ],
        &[
            Text("thcs-muong-so"),
            Number(6.0),
            Text("Có"),
            Text("Tốt "),
            Number(3.0),
            Number(3.0),
        ],
        &[
            Text(nfd),
            Text("2"),
            Bool(false),
            Text("Xuất sắc"),
            Empty,
            Empty,
        ],
        &[
            Text("cty-che"),
            Number(4.0),
            Text("x"),
            Empty,
            Number(1.0),
            Number(5.0),
        ],
    ]);
    site.write_bytes("content/progress/p/2024-12-31.xlsx", &bytes);
    site.build();
    let en = visible_text(&site.read("en/progress/p/index.html"));
    // 6 + 2 + 4; 2 of 4 yeses (mn-dao-san has not reported); 2 of 3 rated good.
    assert!(en.contains("12 members"), "{en}");
    assert!(en.contains("50.0% (2/4)"), "{en}");
    assert!(en.contains("66.7% (2/3)"), "{en}");
    assert!(en.contains("50.0% (4/8)"), "{en}");
    assert!(en.contains("3 of 4 units reported"), "{en}");
}

fn errors_of(site: &TestSite) -> String {
    site.build_errors().join("\n")
}

#[test]
fn spreadsheet_mistakes_name_the_row_and_column() {
    use Cell::*;
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN);
    let bytes = xlsx(&[
        &[
            Text("unit"),
            Text("ket-nap-doan-vien"),
            Text("cu-the-hoa"),
            Text("tap-huan"),
            Text("tap-huan.of"),
            Text("ket-nap-doan-vein"),
        ],
        &[
            Text("thcs-muong-so"),
            Text("1.520"),
            Text("Tốt"),
            Number(5.0),
            Number(4.0),
            Empty,
        ],
        &[Text("tram-y-tee"), Number(1.0), Empty, Empty, Empty, Empty],
        &[
            Text("thcs-muong-so"),
            Number(1.0),
            Empty,
            Empty,
            Empty,
            Empty,
        ],
        &[Text("mn-dao-san"), Number(1.5), Empty, Empty, Empty, Empty],
    ]);
    site.write_bytes("content/progress/p/2024-06-30.xlsx", &bytes);
    let errors = errors_of(&site);
    let f = "content/progress/p/2024-06-30.xlsx";
    for expected in [
        format!(
            "{f}:1:6: row 1, column F: content/progress/p.yaml has no target `ket-nap-doan-vein` (did you mean `ket-nap-doan-vien`?)"
        ),
        format!("{f}:2:2: row 2, column B: `1.520` has a `.` before three digits"),
        format!(
            "{f}:2:3: row 2, column C: `cu-the-hoa` is answered yes or no: write `có` or `không` (or `x` for yes); found `Tốt`"
        ),
        format!(
            "{f}:2:4: row 2, column D: the count (5) is greater than `of` (4): a part cannot exceed the whole"
        ),
        format!(
            "{f}:3:1: row 3, column A: there is no unit `tram-y-tee` in content/units.yaml (did you mean `tram-y-te`?)"
        ),
        format!(
            "{f}:4:1: row 4, column A: unit `thcs-muong-so` is reported twice for 2024-06-30: first at {f}:2:1"
        ),
        format!(
            "{f}:5:1: row 5, column A: unit `mn-dao-san` is not expected to report on 2024-06-30: it was founded on 2024-08-15"
        ),
    ] {
        assert!(errors.contains(&expected), "{expected}\n---\n{errors}");
    }
}

#[test]
fn yaml_report_mistakes_are_located() {
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN)
        .write(
            "content/progress/p/2024-12-31/th-ban-lang.yaml",
            "figures: {ket-nap-doan-vien: 1}\n",
        )
        .write(
            "content/progress/p/2024-12-31/thcs-muong-so.yaml",
            "figures:\n  ket-nap-doan-vien: \"1.520\"\n  tap-huan: 3\n  cdcs-hoan-thanh-tot: true\n  cu-the-hoa: có\n",
        )
        .write(
            "content/progress/p/2024-12-31.csv",
            "unit,cu-the-hoa\nthcs-muong-so,có\ncty-che,có\n",
        )
        .write(
            "content/progress/p/2025-01-15/cty-che.yaml",
            "figures: {ket-nap-doan-vien: 1}\n",
        )
        .write(
            "content/progress/p/2024-06-30/xa-moi.yaml",
            "figurse: {ket-nap-doan-vien: 1}\n",
        )
        .write("content/progress/p/2024-09-30.ods", "x")
        .write("content/progress/q/2024-06-30.csv", "unit\n");
    let errors = errors_of(&site);
    for expected in [
        "content/progress/p/2024-12-31/th-ban-lang.yaml:1:1: the file name: unit `th-ban-lang` is not expected to report on 2024-12-31: it closed on 2024-09-01",
        "content/progress/p/2024-12-31/thcs-muong-so.yaml:2:22: `1.520` has a `.` before three digits",
        "content/progress/p/2024-12-31/thcs-muong-so.yaml:3:13: `tap-huan` is a part of a whole: give `{count: 3, of: 4}`",
        "content/progress/p/2024-12-31/thcs-muong-so.yaml:4:24: `cdcs-hoan-thanh-tot` is answered with a word such as `xuat-sac` or `tot`",
        "content/progress/p/2024-12-31.csv:2:1: row 2, column A: unit `thcs-muong-so` is reported twice for 2024-12-31: first at content/progress/p/2024-12-31/thcs-muong-so.yaml:1:1",
        "content/progress/p/2025-01-15/cty-che.yaml:1:1: the report date 2025-01-15 is outside the period of content/progress/p.yaml, 2024-01-01 to 2024-12-31",
        "content/progress/p/2024-06-30/xa-moi.yaml:1:1: unknown key `figurse` (did you mean `figures`?)",
        "content/progress/p/2024-09-30.ods:1:1: danvan reads unit reports in content/progress/p/ as <date>.xlsx or <date>.csv (one sheet per date), or as <date>/<unit-id>.yaml (one file per unit): rename or move this file; open it and save it as .xlsx (Excel Workbook)",
        "content/progress/q/2024-06-30.csv:1:1: unit reports are kept in content/progress/<id>/ beside content/progress/<id>.yaml, but there is no content/progress/q.yaml (did you mean `p`?)",
    ] {
        assert!(errors.contains(expected), "{expected}\n---\n{errors}");
    }
}

#[test]
fn a_target_with_reports_and_from_units_is_an_error() {
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS).write(
        "content/progress/p.yaml",
        "title: T\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - id: k\n    title: K\n    measure: count\n    target: 5\n    from_units: sum\n    reports: [{date: 2024-06-30, value: 1}]\n",
    );
    let errors = errors_of(&site);
    assert!(
        errors.contains(
            "content/progress/p.yaml:8:17: target `k` has both `reports:` and `from_units:`"
        ),
        "{errors}"
    );
}

#[test]
fn new_sheet_writes_the_next_round_ready_to_fill_in() {
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN);
    let run = site.run(&["new", "sheet", "p", "2024-12-31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("created content/progress/p/2024-12-31.xlsx (4 units, 5 columns to fill in)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("tap-huan.of: Cán bộ được tập huấn / Officers trained"),
        "{}",
        run.stdout
    );
    assert!(
        site.path()
            .join("content/progress/p/2024-12-31.xlsx")
            .is_file()
    );
    // Dropped back as it is, with no answers, it builds: no report yet.
    site.build();
    let en = visible_text(&site.read("en/progress/p/ket-nap-doan-vien/index.html"));
    assert!(en.contains("No unit has reported yet"), "{en}");
    // Filled in, it is read back.
    let again = site.run(&["new", "sheet", "p", "2024-12-31", "--format", "csv"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("this sheet already exists; danvan never overwrites"),
        "{}",
        again.stderr
    );
    let csv = site.run(&["new", "sheet", "p", "2024-06-30", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let text =
        std::fs::read_to_string(site.path().join("content/progress/p/2024-06-30.csv")).unwrap();
    assert!(text.starts_with("\u{feff}unit,name,ket-nap-doan-vien,cdcs-hoan-thanh-tot,cu-the-hoa,tap-huan,tap-huan.of\n"), "{text}");
    // June: the school founded in August is not on it; the closed one is.
    assert!(!text.contains("mn-dao-san"));
    assert!(
        text.contains("th-ban-lang,Công đoàn cơ sở Trường Tiểu học Bản Lang,,,,,\n"),
        "{text}"
    );
    let wrong = site.run(&["new", "sheet", "q", "2024-06-30"]);
    assert_eq!(wrong.code, 1);
    assert!(
        wrong
            .stderr
            .contains("there is no progress file content/progress/q.yaml"),
        "{}",
        wrong.stderr
    );
    let outside = site.run(&["new", "sheet", "p", "2025-06-30"]);
    assert!(
        outside.stderr.contains("2025-06-30 is outside the period"),
        "{}",
        outside.stderr
    );
}

#[test]
fn the_sample_rolls_up_its_units() {
    let site = TestSite::built_sample();
    let vi = visible_text(&site.read("progress/2024-dan-van/index.html"));
    assert!(vi.contains("56 đoàn viên"), "{vi}");
    assert!(vi.contains("11/12 đơn vị đã báo cáo"), "{vi}");
    assert!(vi.contains("91,5% (183/200)"), "{vi}");
    let page = visible_text(&site.read("en/progress/2024-dan-van/ket-nap-doan-vien/index.html"));
    assert!(
        page.contains("As of 31 December 2024: 11 of 12 units reported"),
        "{page}"
    );
    assert!(page.contains("Units that have not reported for 31 December 2024 Công đoàn cơ sở Cơ quan UBND xã Ma Li Pho"), "{page}");
    assert!(site.exists("units/mn-dao-san/index.html"));
}

#[test]
fn a_missing_units_file_is_told_once_not_at_every_row() {
    let site = site();
    std::fs::remove_file(site.path().join("content/units.yaml")).unwrap();
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("there is no content/units.yaml"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_target_no_unit_has_answered_yet_lists_every_unit_as_not_reported() {
    let site = site();
    site.write(
        "content/progress/p.yaml",
        &format!(
            "{PLAN}  - id: moi\n    title: {{vi: Mới, en: New}}\n    measure: count\n    target: 5\n    from_units: sum\n"
        ),
    );
    site.build();
    let page = visible_text(&site.read("en/progress/p/moi/index.html"));
    assert!(!page.contains("Every expected unit has reported"), "{page}");
    assert!(page.contains("Units that have not reported for"), "{page}");
    assert!(page.contains("Công ty Chè Phong Thổ"), "{page}");
}

#[test]
fn answers_a_share_does_not_count_are_named_in_a_warning() {
    let site = site();
    site.write(
        "content/progress/p/2024-12-31/tram-y-te.yaml",
        "figures: {cdcs-hoan-thanh-tot: Hoàn thành tốt nhiệm vụ}\n",
    );
    let report = site.build();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    let warning = warnings
        .iter()
        .find(|w| w.contains("`cdcs-hoan-thanh-tot` counts the answers `xuat-sac`, `tot`"))
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    assert!(
        warning.contains("`hoan-thanh-tot-nhiem-vu` (1"),
        "{warning}"
    );
    assert!(warning.contains("`kha` (1"), "{warning}");
    assert!(warning.starts_with("content/progress/p.yaml:"), "{warning}");
}

#[test]
fn a_csv_with_a_title_line_and_blank_lines_is_read_with_excel_row_numbers() {
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN)
        .write(
            "content/progress/p/2024-06-30.csv",
            "BÁO CÁO 6 THÁNG ĐẦU NĂM, NĂM 2024\n\nunit;tap-huan;tap-huan.of\nthcs-muong-so;2;4\n\ntram-y-te;5;4\n",
        );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/progress/p/2024-06-30.csv:6:")
            && errors[0].contains("row 6, column B"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_csv_with_carriage_returns_alone_is_read_line_by_line() {
    let site = TestSite::new();
    site.write("content/units.yaml", UNITS)
        .write("content/progress/p.yaml", PLAN)
        .write(
            "content/progress/p/2024-06-30.csv",
            "unit,tap-huan,tap-huan.of\rthcs-muong-so,2,4\rtram-y-te,5,4\r",
        );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/progress/p/2024-06-30.csv:3:")
            && errors[0].contains("row 3, column B"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_typo_in_a_kind_is_one_error_at_the_target() {
    let site = site();
    site.write(
        "content/progress/p.yaml",
        &PLAN.replace("units: {kind: hcsn}", "units: {kind: hcns}"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .contains("no unit in content/units.yaml is of kind `hcns` (did you mean `hcsn`?)"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_unit_still_reports_on_its_closing_day() {
    let site = TestSite::new();
    site.write(
        "content/units.yaml",
        "units:\n  - {id: a, name: Công đoàn cơ sở A, kind: hcsn, closed: 2024-06-30}\n  - {id: b, name: Công đoàn cơ sở B, kind: hcsn}\n",
    )
    .write("content/progress/p.yaml", PLAN)
    .write(
        "content/progress/p/2024-06-30.csv",
        "unit,ket-nap-doan-vien\na,3\nb,4\n",
    )
    .write(
        "content/progress/p/2024-12-31.csv",
        "unit,ket-nap-doan-vien\nb,6\n",
    );
    site.build();
    let page = visible_text(&site.read("en/progress/p/ket-nap-doan-vien/index.html"));
    assert!(page.contains("2 of 2 units reported"), "{page}");
    assert!(
        page.contains("1 of 1 units reported") || page.contains("1 of 1 unit reported"),
        "{page}"
    );
}

#[test]
fn a_progress_file_in_a_folder_below_is_told_to_move() {
    let site = TestSite::new();
    site.write(
        "content/progress/cu/2023-dan-van.yaml",
        "title: Cũ\nperiod: {start: 2023-01-01, end: 2023-12-31}\ntargets: []\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("progress files live directly in content/progress/")
            && errors[0].contains("content/progress/2023-dan-van.yaml"),
        "{}",
        errors[0]
    );
}
