//! PDF files with a text layer, read with `pdf-extract` into plain text
//! that then goes the way of a `.txt` file. `pdf-extract` stops some
//! malformed files with a panic rather than an error: the panic is caught
//! here and reported as a damaged file, and its message kept off the
//! terminal.

use super::ImportError;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

const PROTECTED: &str =
    "this PDF is password-protected: save a copy without the password and import that";

/// Only one extraction at a time swaps the panic hook.
static HOOK: Mutex<()> = Mutex::new(());

/// The text layer of a PDF file.
pub fn text(bytes: &[u8]) -> Result<String, ImportError> {
    if !bytes.starts_with(b"%PDF") {
        return Err(ImportError::Damaged(
            "not a PDF file (it does not start with %PDF)".into(),
        ));
    }
    let encrypted = contains(bytes, b"/Encrypt");
    let result = {
        let _guard = HOOK.lock().unwrap_or_else(|e| e.into_inner());
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::extract_text_from_mem(bytes)
        }));
        std::panic::set_hook(previous);
        result
    };
    let text = match result {
        Ok(Ok(text)) => text,
        Ok(Err(_)) | Err(_) if encrypted => {
            return Err(ImportError::Protected(
                "this PDF is password-protected: save a copy without the password and import that"
                    .into(),
            ));
        }
        Ok(Err(e)) => {
            return Err(ImportError::Damaged(format!("the PDF cannot be read: {e}")));
        }
        Err(_) => {
            return Err(ImportError::Damaged(
                "the PDF is damaged or uses a structure the reader does not know".into(),
            ));
        }
    };
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        // An encrypted file opened with the empty password gives noise.
        return Err(if encrypted {
            ImportError::Protected(PROTECTED.into())
        } else {
            ImportError::NoText
        });
    }
    Ok(text)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
