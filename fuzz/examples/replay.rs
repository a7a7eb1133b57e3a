//! Runs a target on saved inputs outside libFuzzer, with a normal panic
//! message and backtrace: `cargo run --release --example replay -- fuzz_verify FILE_OR_DIR...`.
//! Exits non-zero when any input panics.

use std::panic;
use std::path::{Path, PathBuf};

fn files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut v: Vec<_> = std::fs::read_dir(p).into_iter().flatten().flatten().map(|e| e.path()).collect();
        v.sort();
        for f in v {
            files(&f, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_default();
    let Some(run) = wechatpay_edge_fuzz::target(&name) else {
        let names: Vec<_> = wechatpay_edge_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!("usage: replay <target> <file|dir>...; targets: {}", names.join(", "));
        std::process::exit(2);
    };
    let mut inputs = Vec::new();
    for a in args {
        files(Path::new(&a), &mut inputs);
    }
    let mut failed = 0;
    for f in &inputs {
        let data = std::fs::read(f).unwrap_or_default();
        if panic::catch_unwind(|| run(&data)).is_err() {
            eprintln!("PANIC on {}", f.display());
            failed += 1;
        }
    }
    println!("{name}: {} inputs, {failed} panicked", inputs.len());
    if failed > 0 {
        std::process::exit(1);
    }
}
