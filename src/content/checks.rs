//! Checks of front matter against the files of `content/`: attachments
//! in their bundle, the `image:` file, the signer's position, recipients
//! run together.

use super::Content;
use crate::error::{Diagnostics, Error};
use crate::yaml;
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// Every attachment a document names must be a file of its own bundle (or
/// its own folder): nothing outside the site, nothing missing.
pub(super) fn check_attachments(content: &mut Content, diagnostics: &mut Diagnostics) {
    let files: BTreeSet<&Path> = content.assets.iter().map(|a| a.rel.as_path()).collect();
    for page in &content.pages {
        for (i, name) in page.front.attachments.iter().enumerate() {
            // Found only for a mistake: locating parses the block again.
            let location = || yaml::locate(page.block(), &["attachments", &i.to_string()]);
            let leaves = Path::new(name)
                .components()
                .any(|c| !matches!(c, Component::Normal(_)));
            if leaves {
                diagnostics.push(Error::content(
                    location(),
                    format!(
                        "attachment `{name}` is outside its bundle: put the file in the document's folder and name it without `..` or `/` at the start"
                    ),
                ));
                continue;
            }
            let rel = page.dir().join(name);
            if !files.contains(rel.as_path()) {
                diagnostics.push(Error::content(
                    location(),
                    format!(
                        "attachment `{name}` is not in the folder {}: add the file there or fix the name",
                        Path::new("content").join(page.dir()).display()
                    ),
                ));
            }
        }
    }
}

/// What front matter names must be there: the `image:` file, the
/// signer's position (the signature block prints it); and recipients run
/// together with `;` in one item are worth a look.
pub(super) fn check_documents(content: &Content, diagnostics: &mut Diagnostics) {
    let bundle_files: BTreeSet<&Path> = content
        .assets
        .iter()
        .filter(|a| !a.is_static)
        .map(|a| a.rel.as_path())
        .collect();
    let static_files: BTreeSet<&Path> = content
        .assets
        .iter()
        .filter(|a| a.is_static)
        .map(|a| a.rel.as_path())
        .collect();
    for page in &content.pages {
        if let Some(image) = &page.front.image
            && !image.contains("://")
        {
            let found = match image.strip_prefix('/') {
                Some(rooted) => static_files.contains(Path::new(rooted)),
                None => {
                    bundle_files.contains(page.dir().join(image).as_path())
                        || static_files.contains(Path::new(image))
                }
            };
            if !found {
                diagnostics.push(Error::content(
                    yaml::locate(page.block(), &["image"]),
                    format!(
                        "the image `{image}` is not in the page's folder {} nor in content/static/: add the file or fix the name (share previews would show nothing)",
                        Path::new("content").join(page.dir()).display()
                    ),
                ));
            }
        }
        if let Some(signer) = &page.front.signer
            && signer.position.is_none()
        {
            diagnostics.push(Error::content(
                yaml::locate(page.block(), &["signer"]),
                "the signer has no `position:` (such as `Chủ tịch`), which the signature block prints under the capacity: add it",
            ));
        }
        for (i, recipient) in page.front.recipients.iter().enumerate() {
            let text = recipient.get(&page.lang, &page.lang);
            let parts: Vec<&str> = text
                .split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if parts.len() > 1 {
                let list: Vec<String> = parts.iter().map(|p| format!("  - {p}")).collect();
                diagnostics.warn(
                    yaml::locate(page.block(), &["recipients", &i.to_string()]),
                    format!(
                        "`{text}` is one recipient with `;` inside: if these are {} recipients, write one per line:\nrecipients:\n{}",
                        parts.len(),
                        list.join("\n")
                    ),
                );
            }
        }
    }
}
