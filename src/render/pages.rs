//! Views of single pages: free pages, documents with their formal header
//! and signature block, stories with their result cards; and the items that
//! stand for a document or story in listings.

use super::views::*;
use super::{Head, Job, Renderer};
use crate::content::Section;
use crate::error::Error;
use crate::i18n::{self, format_date, format_size};
use crate::site::SitePage;

/// The template a content page is rendered with.
pub(super) fn template_of(page: &SitePage) -> &'static str {
    match page.page.section {
        Section::Home | Section::Pages => "page.html",
        Section::Documents => "document.html",
        Section::Stories => "story.html",
    }
}

impl Renderer<'_> {
    /// The job for one content page; the home text is rendered with the
    /// home listing instead.
    pub(super) fn page_job(&self, page: &SitePage) -> Result<Option<Job>, Error> {
        let p = &page.page;
        let lang = p.lang.as_str();
        let versions: Vec<(String, String)> = self
            .site
            .config
            .language_codes()
            .filter_map(|l| {
                self.site.translations[&p.key]
                    .get(l)
                    .map(|i| (l.to_string(), self.site.pages[*i].path.clone()))
            })
            .collect();
        let html = self.site.take_html(page);
        let view = self.page_view(page, &html)?;
        let mut head = Head::new(&p.title);
        head.description = &view.summary;
        if p.section != Section::Pages {
            head.og_type = "article";
        }
        if let Some(image) = &p.front.image {
            head.og_image = self.image_url(page, image);
            if let Some(Ok(photo)) = self.site.photos.get(&p.dir().join(image)) {
                let largest = photo.largest();
                (head.og_image_width, head.og_image_height) = (largest.width, largest.height);
            }
        }
        if let (Some(number), Section::Documents) = (&p.front.number, p.section) {
            let mut line = number.clone();
            if let Some(date) = p.front.date {
                line.push_str(" · ");
                line.push_str(&format_date(date, lang));
            }
            head.card_lines.push(line);
        }
        let mut ctx = self.common(lang, &page.path, head, &versions);
        match p.section {
            Section::Home => return Ok(None),
            Section::Pages => {}
            Section::Documents => ctx.insert("doc", &self.document_view(page, &html)?),
            Section::Stories => ctx.insert("story", &self.story_view(page)),
        }
        let template = template_of(page);
        ctx.insert("page", &view);
        Ok(Some(Job {
            path: format!("{}index.html", page.path),
            template,
            context: ctx,
            origin: p.source.display().to_string(),
        }))
    }

    /// The absolute URL of a page's `image:` (bundle file, static file or
    /// full address), for share previews.
    fn image_url(&self, page: &SitePage, image: &str) -> String {
        if image.contains("://") {
            return image.to_string();
        }
        let local = match image.strip_prefix('/') {
            Some(rest) => self.site.url(rest),
            None => {
                let rel = page.page.dir().join(image);
                if let Some(Ok(photo)) = self.site.photos.get(&rel) {
                    return self.site.config.absolute(&photo.largest().url);
                }
                self.site
                    .files
                    .get(&rel)
                    .or_else(|| {
                        self.site
                            .files
                            .get(&std::path::Path::new("static").join(image))
                    })
                    .map_or_else(|| self.site.url(image), |f| f.url.clone())
            }
        };
        self.site.config.absolute(&local)
    }

    /// A page's summary: its `summary:`, else the start of its text.
    pub(super) fn page_summary(&self, page: &SitePage) -> String {
        match &page.page.front.summary {
            Some(s) => self.text(s, &page.page.lang),
            None => page.rendered.summary(),
        }
    }

    /// The view of `page`, whose Markdown is `html` in HTML.
    pub(super) fn page_view(&self, page: &SitePage, html: &str) -> Result<PageView, Error> {
        let p = &page.page;
        let lang = p.lang.as_str();
        let summary = self.page_summary(page);
        let translation =
            self.site
                .translations_of(page)
                .into_iter()
                .next()
                .map(|t| TranslationLink {
                    lang: t.page.lang.clone(),
                    lang_name: self.site.config.language_name(&t.page.lang).to_string(),
                    url: t.url.clone(),
                });
        Ok(PageView {
            title: p.title.clone(),
            url: page.url.clone(),
            lang: lang.to_string(),
            date: written(p.front.date, lang),
            date_iso: iso(p.front.date),
            updated: written(p.front.updated, lang),
            updated_iso: iso(p.front.updated),
            summary,
            content_html: self.expand_markers(html, lang)?,
            toc: page.rendered.toc.clone(),
            tags: p.front.tags.clone(),
            translation,
        })
    }

    fn attachments(&self, page: &SitePage, lang: &str) -> Vec<AttachmentView> {
        page.page
            .front
            .attachments
            .iter()
            .filter_map(|name| {
                let rel = page.page.dir().join(name);
                let file = self.site.files.get(&rel)?;
                Some(AttachmentView {
                    name: name.clone(),
                    url: file.url.clone(),
                    size: format_size(file.size, lang),
                    sha256: self.hashes.get(&rel).cloned().unwrap_or_default(),
                })
            })
            .collect()
    }

    fn type_name(&self, page: &SitePage, lang: &str) -> String {
        let doc_type = page
            .page
            .front
            .doc_type
            .unwrap_or(crate::content::front_matter::DocType::Other);
        self.t(lang, &doc_type.string_key("doc_type"))
    }

    /// A document as one line of a listing, for a reader of `lang`.
    pub(super) fn doc_item(&self, page: &SitePage, lang: &str) -> DocItem {
        let p = &page.page;
        let shown = p.lang.as_str();
        DocItem {
            title: p.title.clone(),
            url: page.url.clone(),
            number: p.front.number.clone().unwrap_or_default(),
            date: written(p.front.date, lang),
            date_iso: iso(p.front.date),
            type_name: self.type_name(page, lang),
            issuer: p
                .front
                .issuer
                .as_ref()
                .map(|t| self.text(t, shown))
                .unwrap_or_default(),
            attachments: self.attachments(page, lang),
            original_lang_note: self.original_note(lang, page),
            hreflang: shown.to_string(),
        }
    }

    fn document_view(&self, page: &SitePage, html: &str) -> Result<DocumentView, Error> {
        let p = &page.page;
        let lang = p.lang.as_str();
        let f = &p.front;
        let upper = |t: &Option<i18n::Text>| {
            t.as_ref()
                .map(|t| self.text(t, lang).to_uppercase())
                .unwrap_or_default()
        };
        let place = f
            .place
            .as_ref()
            .map(|t| self.text(t, lang))
            .unwrap_or_default();
        let date = written(f.date, lang);
        let place_date = match (place.is_empty(), date.is_empty()) {
            (false, false) => format!("{place}, {date}"),
            (true, _) => date,
            (false, true) => place,
        };
        let type_name = self.type_name(page, lang);
        let status = f
            .status
            .unwrap_or(crate::content::front_matter::Status::InForce);
        let progress_html = match f
            .progress
            .as_deref()
            .and_then(|id| self.site.progress.files.get(id))
        {
            Some(file) => {
                // What the body's shortcodes placed is not repeated.
                let mut placed = self.placed_by(html);
                self.progress_block(
                    file,
                    None,
                    lang,
                    false,
                    self.t(lang, "progress_of_plan"),
                    &mut placed,
                )?
            }
            None => String::new(),
        };
        Ok(DocumentView {
            number: f.number.clone().unwrap_or_default(),
            type_heading: type_name.to_uppercase(),
            type_name,
            issuer_upper: upper(&f.issuer),
            parent_issuer_upper: upper(&f.parent_issuer),
            place_date,
            signer: f.signer.as_ref().map(|s| SignerView {
                capacity: upper(&s.capacity),
                position: upper(&s.position),
                name: self.text(&s.name, lang),
            }),
            recipients: recipients(f.recipients.iter().map(|t| self.text(t, lang)).collect()),
            attachments: self.attachments(page, lang),
            status: status.slug().to_string(),
            status_label: self.t(lang, &status.string_key("status")),
            progress_html,
        })
    }

    /// The unit a story tells of, in the story's language.
    fn story_unit(&self, page: &SitePage) -> String {
        let p = &page.page;
        p.front
            .unit
            .as_ref()
            .map(|t| self.text(t, &p.lang))
            .unwrap_or_default()
    }

    /// The name of a story's field for a reader of `lang`.
    fn field_name(&self, page: &SitePage, lang: &str) -> String {
        page.page
            .front
            .field
            .map(|f| self.t(lang, &f.string_key("field")))
            .unwrap_or_default()
    }

    /// A story as one card of a listing, for a reader of `lang`.
    pub(super) fn story_item(&self, page: &SitePage, lang: &str) -> StoryItem {
        let p = &page.page;
        let summary = self.page_summary(page);
        StoryItem {
            title: p.title.clone(),
            url: page.url.clone(),
            unit: self.story_unit(page),
            field_name: self.field_name(page, lang),
            year: crate::archive::year_of(page)
                .map(|y| y.to_string())
                .unwrap_or_default(),
            summary,
            original_lang_note: self.original_note(lang, page),
            hreflang: p.lang.clone(),
        }
    }

    fn story_view(&self, page: &SitePage) -> StoryView {
        let p = &page.page;
        let lang = p.lang.as_str();
        let prefix = self.home_path(lang);
        let year = crate::archive::year_of(page);
        StoryView {
            unit: self.story_unit(page),
            field_name: self.field_name(page, lang),
            field_url: p
                .front
                .field
                .map(|f| {
                    self.site
                        .url(&format!("{prefix}stories/fields/{}/", f.slug()))
                })
                .unwrap_or_default(),
            year: year.map(|y| y.to_string()).unwrap_or_default(),
            year_url: year
                .map(|y| self.site.url(&format!("{prefix}stories/years/{y}/")))
                .unwrap_or_default(),
            recognition_label: p
                .front
                .recognition
                .map(|r| self.t(lang, &r.string_key("recognition")))
                .unwrap_or_default(),
            results: p
                .front
                .results
                .iter()
                .map(|r| ResultCard {
                    label: self.text(&r.label, lang),
                    // As the editor wrote it: 1.25 stays "1,25".
                    value: super::progress_words::written(r.value, lang),
                })
                .collect(),
        }
    }
}

/// The recipients as the decree lists them: each line ends with ";", the
/// last with "." (an editor's own final mark is kept, not doubled).
fn recipients(names: Vec<String>) -> Vec<String> {
    let last = names.len().saturating_sub(1);
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let name = name.trim_end_matches([';', '.', ',', ' ']).to_string();
            let end = if i == last { '.' } else { ';' };
            format!("{name}{end}")
        })
        .collect()
}

/// A date as the reader's language writes it; empty when there is none.
fn written(date: Option<crate::date::Date>, lang: &str) -> String {
    date.map(|d| format_date(d, lang)).unwrap_or_default()
}

/// A date for `datetime` attributes; empty when there is none.
fn iso(date: Option<crate::date::Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}
