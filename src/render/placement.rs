//! Where bars go on a page: progress shortcode markers in rendered Markdown
//! become blocks of bars, each target once per page (a second shortcode
//! for it, or the block after a plan's body, links to it instead).

use super::Renderer;
use super::progress::Placed;
use crate::error::Error;
use crate::progress::shortcode::{MARKER_END, MARKER_START};

impl Renderer<'_> {
    /// The (file, target) of every progress shortcode marker in rendered
    /// Markdown, in order; the target is empty for a whole file.
    fn markers(html: &str) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find(MARKER_START) {
            let after = &rest[start + MARKER_START.len()..];
            let Some(end) = after.find(MARKER_END) else {
                break;
            };
            out.push(after[..end].split_once(':').unwrap_or((&after[..end], "")));
            rest = &after[end + MARKER_END.len()..];
        }
        out
    }

    /// The anchors the shortcodes of `html` place: a target with its
    /// sub-targets, or every target of a file.
    pub(super) fn placed_by(&self, html: &str) -> Placed {
        let mut placed = Placed::new();
        for (file_id, target) in Self::markers(html) {
            let Some(file) = self.site.progress.files.get(file_id) else {
                continue;
            };
            let mut stack: Vec<usize> = match file.targets.iter().position(|t| t.id == target) {
                Some(i) => vec![i],
                None if target.is_empty() => (0..file.targets.len()).collect(),
                None => Vec::new(),
            };
            while let Some(i) = stack.pop() {
                if placed.insert(format!("{}-{}", file.id, file.targets[i].id)) {
                    stack.extend(file.children(i).map(|(c, _)| c));
                }
            }
        }
        placed
    }

    /// Replaces the shortcode markers of rendered Markdown with bars, each
    /// target once: a second shortcode for it says where it is.
    pub(super) fn expand_markers(&self, html: &str, lang: &str) -> Result<String, Error> {
        if !html.contains(MARKER_START) {
            return Ok(html.to_string());
        }
        let mut placed = Placed::new();
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find(MARKER_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + MARKER_START.len()..];
            let Some(end) = after.find(MARKER_END) else {
                break;
            };
            let (file_id, target) = after[..end].split_once(':').unwrap_or((&after[..end], ""));
            if let Some(file) = self.site.progress.files.get(file_id) {
                let target = (!target.is_empty()).then_some(target);
                out.push_str(&self.progress_block(
                    file,
                    target,
                    lang,
                    false,
                    String::new(),
                    &mut placed,
                )?);
            }
            rest = &after[end + MARKER_END.len()..];
        }
        out.push_str(rest);
        Ok(out)
    }
}
