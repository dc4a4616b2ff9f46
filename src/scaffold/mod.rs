//! `danvan new` and `danvan init`: files that start right. Every new file
//! carries the full front matter of its kind, each field explained in
//! Vietnamese and English; nothing existing is ever overwritten.

use crate::date::Date;
use crate::error::{Error, Location};
use crate::i18n::slugify;
use std::path::{Path, PathBuf};

mod ci;

/// What `danvan new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Document,
    Story,
    Page,
    Progress,
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The path and text of a new file of `kind`.
pub fn new_file(kind: Kind, title: &str, lang: &str, date: Date) -> (PathBuf, String) {
    let slug = match slugify(title) {
        s if s.is_empty() => "moi".to_string(),
        s => s,
    };
    let title = quoted(title);
    match kind {
        Kind::Document => (
            PathBuf::from(format!(
                "content/documents/{}/{slug}/index.{lang}.md",
                date.year
            )),
            format!(
                r#"---
title: {title}             # tiêu đề / title
number: "01/KH-LĐLĐ"       # số và ký hiệu / number and code
type: ke-hoach             # loại văn bản / type: ke-hoach, bao-cao, nghi-quyet, quyet-dinh, chi-thi, huong-dan, thong-bao, chuong-trinh, quy-che, quy-dinh, to-trinh, bien-ban, cong-van, giay-moi, other
issuer: Liên đoàn Lao động huyện           # cơ quan ban hành / issuing body
parent_issuer: Liên đoàn Lao động tỉnh     # cơ quan cấp trên / parent body
place: Phong Thổ           # địa danh / place of issue
date: {date}           # ngày ban hành / date of issue (year-month-day)
signer:                    # người ký / signer
  name: Họ Tên             # họ tên / name
  position: Chủ tịch       # chức vụ / position
  capacity: TM. Ban Thường vụ   # TM. / KT. / TL. / Q. (may be left out)
recipients: [Lưu]          # nơi nhận / recipients
attachments: []            # tệp trong thư mục này / files in this folder, e.g. [01-KH-LDLD.pdf]
status: in-force           # hiệu lực / in-force, superseded, expired
# summary: ""              # tóm tắt một câu / one-sentence summary (else the first lines)
# progress: 2024-dan-van   # tệp tiến độ của kế hoạch / the plan's progress file
---

## I. Mục đích, yêu cầu

## II. Nội dung
"#
            ),
        ),
        Kind::Story => (
            PathBuf::from(format!("content/stories/{slug}.{lang}.md")),
            format!(
                r#"---
title: {title}             # tên mô hình / name of the model
unit: Công đoàn cơ sở      # đơn vị xây dựng mô hình / unit that built it
field: van-hoa-xa-hoi      # lĩnh vực / field: kinh-te, van-hoa-xa-hoi, quoc-phong-an-ninh, xay-dung-he-thong-chinh-tri
year: {year}                 # năm / year
recognition: co-so         # cấp công nhận / recognised at: co-so, huyen, tinh, trung-uong
date: {date}           # ngày đăng / date published
# summary: ""              # tóm tắt một câu / one-sentence summary (else the first lines)
results:                   # kết quả nổi bật / figures shown as cards (plain numbers)
  - {{label: {{vi: Đoàn viên tham gia, en: Members taking part}}, value: 0}}
---

## Cách làm

## Kết quả
"#,
                year = date.year
            ),
        ),
        Kind::Page => (
            PathBuf::from(format!("content/pages/{slug}.{lang}.md")),
            format!(
                r#"---
title: {title}             # tiêu đề / title
weight: 10                 # thứ tự trong trình đơn / order in the menu
# summary: ""              # tóm tắt một câu / one-sentence summary (else the first lines)
---

"#
            ),
        ),
        Kind::Progress => (
            PathBuf::from(format!("content/progress/{slug}.yaml")),
            format!(
                r#"# Tiến độ thực hiện chỉ tiêu / progress toward targets
plan: "01/KH-LĐLĐ"         # số của kế hoạch đặt chỉ tiêu / number of the plan that set the targets
title: {title}             # hoặc / or {{vi: "...", en: "..."}}
period: {{start: {year}-01-01, end: {year}-12-31}}   # thời gian thực hiện / period
targets:
  - id: ket-nap-doan-vien  # mã chỉ tiêu, không dấu / id: lower-case ASCII
    title: {{vi: Kết nạp đoàn viên công đoàn, en: New union members admitted}}
    measure: count         # count (số lượng) | percent (tỷ lệ %) | done (hoàn thành có/không)
    comparator: at-least   # at-least (ít nhất, trở lên) | more-than (trên) | exactly (đúng) | at-most (không quá)
    target: 50             # số cần đạt, viết số thường / the figure to reach, a plain number
    unit: {{vi: đoàn viên, en: members}}
    baseline: 0            # số đầu kỳ / figure at the start of the period
    reports:               # các kỳ báo cáo, cũ trước / reports, oldest first
      - {{date: {year}-06-30, value: 0}}
"#,
                year = date.year
            ),
        ),
    }
}

/// Writes a new file of `kind` in `site`; refuses to overwrite.
pub fn create(site: &Path, kind: Kind, title: &str, lang: &str) -> Result<PathBuf, Error> {
    let (rel, text) = new_file(kind, title, lang, Date::today());
    let path = site.join(&rel);
    if path.exists() {
        return Err(Error::content(
            Location::file(&rel),
            "this file already exists; danvan never overwrites: choose another title or edit the file",
        ));
    }
    crate::fs::write(&path, text.as_bytes())?;
    Ok(rel)
}

/// The files of a new site: a minimal sample that builds at once.
/// The name and address of a new site.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// The site's title, in every language.
    pub name: Option<String>,
    pub base_url: Option<String>,
}

pub fn init_files(date: Date, identity: &Identity) -> Vec<(PathBuf, String)> {
    let title = identity.name.as_deref().map_or_else(
        || "{vi: Công tác dân vận, en: Mass mobilisation}".to_string(),
        quoted,
    );
    let base_url = identity
        .base_url
        .as_deref()
        .unwrap_or("https://example.org/");
    let mut files = vec![
        (
            PathBuf::from("content/site.yaml"),
            format!(
                r#"# Cài đặt của trang / site settings (every key may be left out)
title: {title}
description: {{vi: "Kế hoạch, chỉ tiêu và mô hình “Dân vận khéo”", en: "Plans, targets and model stories"}}
base_url: {base_url}     # địa chỉ của trang / the site's address
organisation: {{vi: Liên đoàn Lao động huyện, en: District Labour Federation}}
"#
            ),
        ),
        (
            PathBuf::from("content/_index.vi.md"),
            "---\ntitle: Trang chủ\n---\n\nChào mừng đoàn viên đến với trang công tác dân vận.\n"
                .to_string(),
        ),
        (
            PathBuf::from("content/_index.en.md"),
            "---\ntitle: Home\n---\n\nWelcome to our mass mobilisation pages.\n".to_string(),
        ),
    ];
    let (doc_path, doc) = new_file(Kind::Document, "Kế hoạch công tác dân vận", "vi", date);
    let doc = doc
        .replace(
            "# progress: 2024-dan-van",
            &format!("progress: chi-tieu-{}", date.year),
        )
        .replace(
            "## II. Nội dung\n",
            "## II. Nội dung\n\n{{ progress(id=\"ket-nap-doan-vien\") }}\n",
        );
    files.push((doc_path, doc));
    files.push(new_file(Kind::Story, "Bữa cơm công đoàn", "vi", date));
    let (_, progress) = new_file(Kind::Progress, "Chỉ tiêu", "vi", date);
    files.push((
        PathBuf::from(format!("content/progress/chi-tieu-{}.yaml", date.year)),
        progress,
    ));
    files.extend(ci::files());
    files
}

/// Creates a new site in `dir`, which must be empty or absent.
pub fn init(dir: &Path, identity: &Identity) -> Result<Vec<PathBuf>, Error> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, "cannot read folder", e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::Output {
                path: dir.to_path_buf(),
                message: "this folder is not empty; danvan init only fills an empty or new folder"
                    .to_string(),
            });
        }
    }
    let mut written = Vec::new();
    for (rel, text) in init_files(Date::today(), identity) {
        crate::fs::write(&dir.join(&rel), text.as_bytes())?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_go_where_their_kind_lives() {
        let date = Date::new(2025, 3, 8).unwrap();
        let (p, _) = new_file(Kind::Story, "Đoàn viên giúp nhau", "vi", date);
        assert_eq!(
            p,
            PathBuf::from("content/stories/doan-vien-giup-nhau.vi.md")
        );
        let (p, text) = new_file(Kind::Document, "Kế hoạch \"A\"", "en", date);
        assert_eq!(
            p,
            PathBuf::from("content/documents/2025/ke-hoach-a/index.en.md")
        );
        assert!(text.contains("title: \"Kế hoạch \\\"A\\\"\""));
        assert!(text.contains("date: 2025-03-08"));
    }
}
