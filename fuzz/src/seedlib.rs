//! Seed material read from the repository at seed-generation time (never by
//! the fuzz targets themselves).

use std::path::{Path, PathBuf};

/// The repository root (the parent of `fuzz/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Raw string literals `r#"…"#` of a source file, with the text between them.
fn raw_literals(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut gap_start = 0usize;
    let mut consumed = 0usize;
    while let Some(i) = rest.find("r#\"") {
        let body = &rest[i + 3..];
        let Some(end) = body.find("\"#") else { break };
        let gap = &src[gap_start..consumed + i];
        out.push((gap.to_owned(), body[..end].to_owned()));
        let advance = i + 3 + end + 2;
        consumed += advance;
        gap_start = consumed;
        rest = &rest[advance..];
    }
    out
}

fn as_json(s: &str) -> Option<String> {
    for candidate in [s.to_owned(), s.replace("{{", "{").replace("}}", "}")] {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&candidate) {
            if v.is_object() || v.is_array() {
                return Some(candidate);
            }
        }
    }
    None
}

/// JSON objects and arrays written as raw string literals in the unit tests
/// under `dir` (relative to the repository root), including ones split over
/// several adjacent literals (`concat!(r#"{…,"#, r#"…}"#)`).
pub fn json_literals(dir: &str) -> Vec<String> {
    let root = repo_root().join(dir);
    let mut files = Vec::new();
    if root.is_file() {
        files.push(root);
    } else {
        rust_files(&root, &mut files);
    }
    let mut out: Vec<String> = Vec::new();
    for f in files {
        let Ok(src) = std::fs::read_to_string(&f) else { continue };
        let lits = raw_literals(&src);
        for i in 0..lits.len() {
            let mut joined = String::new();
            for (j, (gap, lit)) in lits.iter().enumerate().skip(i).take(6) {
                // Only literals separated by commas/whitespace belong together.
                if j > i && !gap.chars().all(|c| c == ',' || c.is_whitespace()) {
                    break;
                }
                joined.push_str(lit);
                if let Some(j) = as_json(&joined) {
                    if !out.contains(&j) {
                        out.push(j);
                    }
                    break;
                }
            }
        }
    }
    out
}

/// Files of `fuzz/seeds/<target>/` as (file name, bytes).
pub fn hand_seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo_root().join("fuzz/seeds").join(target);
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(String, Vec<u8>)> =
        entries.flatten().filter_map(|e| Some((e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).ok()?))).collect();
    out.sort();
    out
}
