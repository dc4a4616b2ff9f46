//! Thin wrappers over `std::fs` whose errors name the path they were about,
//! so that "permission denied" never reaches a user without its file.

use crate::error::{Error, Result};
use std::path::Path;

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, "cannot read", e))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, "cannot write", e))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, "cannot create folder", e))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io(from, "cannot move into place", e))
}

/// A file's size and modification time: what tells, between two rebuilds
/// of one process, that it did not change.
pub type Stamp = (u64, std::time::SystemTime);

/// The [`Stamp`] of the file at `path`, if it can be read.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}
