//! The `danvan` binary: parse the command line, run, exit with its code.

use clap::Parser;

// glibc's allocator grows each thread's heap with one mprotect call at a
// time; on a 20,000-page build that was ~190,000 system calls. mimalloc
// keeps allocation in user space and is faster for many small strings.
// Built without transparent huge pages (Cargo.toml, `no_thp`).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same in its v2 and v3
/// `mimalloc.h`; libmimalloc-sys names no constant for it).
#[cfg(not(feature = "system-allocator"))]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    let cli = danvan::cli::Cli::parse();
    // `serve` runs for hours, holding one site while it builds the next:
    // what a rebuild frees goes back to the system at once, not after a
    // second, so that two rebuilds' garbage never stacks up (at 20,000
    // pages its peak fell from 290 to 267 MB). A build is over too soon
    // for it to matter.
    #[cfg(not(feature = "system-allocator"))]
    if matches!(cli.command, danvan::cli::Command::Serve(_))
        && std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
    {
        // SAFETY: sets an option of the allocator, which takes any value
        // for any option at any time.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    }
    danvan::cli::run(cli)
}
