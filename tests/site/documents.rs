//! Office files made by the tests themselves: Word files in the official
//! layout of a Vietnamese administrative document (a header table, the
//! type line and title, the body, a signature table), built as zip + XML,
//! and PDFs with a text layer in a Unicode font.

#![allow(dead_code)]

use std::io::Write;

/// A run of text: plain, bold or italic.
pub enum R {
    Plain(&'static str),
    Bold(&'static str),
    Italic(&'static str),
}

/// A paragraph: its runs and whether it is centred.
pub struct P {
    pub runs: Vec<R>,
    pub centered: bool,
}

pub fn p(text: &'static str) -> P {
    P {
        runs: vec![R::Plain(text)],
        centered: false,
    }
}

pub fn bold(text: &'static str) -> P {
    P {
        runs: vec![R::Bold(text)],
        centered: false,
    }
}

pub fn centered(runs: Vec<R>) -> P {
    P {
        runs,
        centered: true,
    }
}

/// A body element of the Word file.
pub enum El {
    P(P),
    /// Rows of cells, each cell its paragraphs.
    Table(Vec<Vec<Vec<P>>>),
    /// A paragraph written as Word XML, for styles and numbering.
    Raw(String),
}

/// A paragraph in Word's heading style `style` ("Heading1").
pub fn styled(style: &str, text: &str) -> El {
    El::Raw(format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    ))
}

/// An item of a list numbered by Word itself.
pub fn numbered(text: &str) -> El {
    El::Raw(format!(
        r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    ))
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn paragraph_xml(p: &P) -> String {
    let mut out = String::from("<w:p>");
    if p.centered {
        out.push_str(r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#);
    } else {
        out.push_str(r#"<w:pPr><w:jc w:val="both"/></w:pPr>"#);
    }
    for run in &p.runs {
        let (props, text) = match run {
            R::Plain(t) => ("", *t),
            R::Bold(t) => ("<w:rPr><w:b/></w:rPr>", *t),
            R::Italic(t) => ("<w:rPr><w:i/></w:rPr>", *t),
        };
        out.push_str(&format!(
            r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            xml_escape(text)
        ));
    }
    out.push_str("</w:p>");
    out
}

fn element_xml(el: &El) -> String {
    match el {
        El::P(p) => paragraph_xml(p),
        El::Raw(xml) => xml.clone(),
        El::Table(rows) => {
            let mut out =
                String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
            for row in rows {
                out.push_str("<w:tr>");
                for cell in row {
                    out.push_str("<w:tc><w:tcPr><w:tcW w:w=\"4500\" w:type=\"dxa\"/></w:tcPr>");
                    for p in cell {
                        out.push_str(&paragraph_xml(p));
                    }
                    // Word puts an empty paragraph in an empty cell.
                    if cell.is_empty() {
                        out.push_str("<w:p/>");
                    }
                    out.push_str("</w:tc>");
                }
                out.push_str("</w:tr>");
            }
            out.push_str("</w:tbl>");
            out
        }
    }
}

/// A paragraph numbered by Word: list `num`, level `ilvl`; bold when it
/// is a heading.
pub fn auto(num: u32, ilvl: u32, text: &str) -> El {
    let bold = if num == 1 {
        "<w:rPr><w:b/></w:rPr>"
    } else {
        ""
    };
    El::Raw(format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r>{bold}<w:t>{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    ))
}

/// Word's list definitions: list 1 numbers parts I., II. and headings 1.,
/// 2. under them; list 2 is bullets.
pub const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

/// A .docx file holding `body`.
pub fn docx(body: &[El]) -> Vec<u8> {
    docx_with(body, None)
}

/// A .docx file holding `body` and Word's list definitions `numbering`.
pub fn docx_with(body: &[El], numbering: Option<&str>) -> Vec<u8> {
    let mut document = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for el in body {
        document.push_str(&element_xml(el));
    }
    document.push_str(
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
    );
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        ("word/document.xml", document),
    ];
    let numbering = numbering.map(|n| ("word/numbering.xml", n.to_string()));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files.into_iter().chain(numbering) {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A PDF whose text layer holds `lines`; each line is a list of (x, text)
/// pieces on one baseline, so two columns can share a line as they do in
/// a real header. An empty line starts a new page.
pub fn pdf(lines: &[Vec<(f32, &str)>]) -> Vec<u8> {
    let mut chars: Vec<char> = lines
        .iter()
        .flatten()
        .flat_map(|(_, t)| t.chars())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let hex = |t: &str| -> String { t.encode_utf16().map(|u| format!("{u:04X}")).collect() };
    let mut pages: Vec<String> = Vec::new();
    for page in lines.split(|l| l.is_empty()) {
        let mut content = String::from("BT\n/F1 11 Tf\n");
        let mut y = 800.0;
        for line in page {
            for (x, text) in line {
                content.push_str(&format!("1 0 0 1 {x} {y} Tm\n<{}> Tj\n", hex(text)));
            }
            y -= 16.0;
        }
        content.push_str("ET\n");
        pages.push(content);
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for c in chunk {
            let code = hex(&c.to_string());
            cmap.push_str(&format!("<{code}> <{code}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    // 1 catalog, 2 page tree, 3-6 the font, then a page and its content
    // stream for each page.
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 7 + 2 * i))
        .collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /FontDescriptor 6 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{cmap}endstream", cmap.len()),
        "<< /Type /FontDescriptor /FontName /TimesNewRoman /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>".to_string(),
    ];
    for (i, content) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            8 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// `pdf` marked as encrypted with a password (RC4, revision 2), as a
/// password-protected PDF is.
pub fn password_protected(pdf: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(pdf).unwrap();
    let key = "A".repeat(64);
    text.replacen(
        "/Root 1 0 R >>",
        &format!("/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <{key}> /U <{key}> /P -44 >> /ID [<{k}> <{k}>] >>", k = "B".repeat(32)),
        1,
    )
    .into_bytes()
}
