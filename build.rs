//! Embeds every file of `themes/default/` in the binary, so that a site
//! folder holding only `content/` builds.

use std::io::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("theme_files.rs");
    let mut code = std::fs::File::create(out).unwrap();
    writeln!(code, "&[").unwrap();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?}) as &[u8]),",
            file.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "]").unwrap();
}
