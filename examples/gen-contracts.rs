//! Writes the package's generated contract files (pkg-template/generated/) from the core, and
//! the entries' export lines from pkg-template/src/exports.js:
//! `cargo run --example gen-contracts`. `cargo test --test contracts` fails while they differ.

#[path = "../tests/contracts/generate.rs"]
mod generate;

fn main() {
    let dir = generate::repo_root().join(generate::OUT_DIR);
    for (rel, text) in generate::entries() {
        let path = generate::repo_root().join(rel);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen-contracts: {rel}: {e}");
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
    match generate::write_all(&dir) {
        Ok(paths) => {
            for p in paths {
                println!("wrote {}", p.display());
            }
            println!("({} regenerates them; commit the result)", generate::COMMAND);
        }
        Err(e) => {
            eprintln!("gen-contracts: {e}");
            std::process::exit(1);
        }
    }
}
