//! The `danvan` binary: parse the command line, run, exit with its code.

use clap::Parser;

// glibc's allocator grows each thread's heap with one mprotect call at a
// time; on a 20,000-page build that was ~190,000 system calls. mimalloc
// keeps allocation in user space and is faster for many small strings.
// Built without transparent huge pages (Cargo.toml, `no_thp`).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    danvan::cli::run(danvan::cli::Cli::parse())
}
