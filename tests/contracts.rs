//! The committed contract files (pkg-template/generated/) are what the generator produces
//! from the core today: regenerated into a temporary directory and compared byte for byte.

#[path = "contracts/generate.rs"]
mod generate;

#[test]
fn committed_contract_files_match_the_core() {
    let tmp = std::env::temp_dir().join(format!("wechatpay-edge-contracts-{}", std::process::id()));
    let written = generate::write_all(&tmp).expect("regenerate into a temporary directory");
    let committed = generate::repo_root().join(generate::OUT_DIR);
    let mut stale = Vec::new();
    for fresh in &written {
        let name = fresh.file_name().expect("file name");
        let want = std::fs::read_to_string(fresh).expect("read the regenerated file");
        match std::fs::read_to_string(committed.join(name)) {
            Ok(have) if have == want => {}
            Ok(_) => stale.push(format!("{}/{} differs", generate::OUT_DIR, name.to_string_lossy())),
            Err(_) => stale.push(format!("{}/{} is missing", generate::OUT_DIR, name.to_string_lossy())),
        }
    }
    // A file the generator no longer writes must not linger in the package.
    let expected: Vec<_> = written.iter().filter_map(|p| p.file_name().map(|n| n.to_owned())).collect();
    if let Ok(entries) = std::fs::read_dir(&committed) {
        for e in entries.flatten() {
            if !expected.contains(&e.file_name()) {
                stale.push(format!("{}/{} is not generated any more", generate::OUT_DIR, e.file_name().to_string_lossy()));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(stale.is_empty(), "the generated contract files are stale ({}): run `{}` and commit the result", stale.join("; "), generate::COMMAND);
}

#[test]
fn the_entries_export_what_src_exports_js_lists() {
    let stale: Vec<&str> = generate::entries()
        .into_iter()
        .filter(|(rel, want)| std::fs::read_to_string(generate::repo_root().join(rel)).ok().as_deref() != Some(want.as_str()))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        stale.is_empty(),
        "the export lines of {} differ from pkg-template/src/exports.js: run `{}` and commit the result",
        stale.join(", "),
        generate::COMMAND
    );
}
