//! man/ and completions/ are generated from the clap definition and
//! committed; this fails when they drift. Fix: `cargo run -- __generate`.

#[test]
fn man_pages_and_completions_are_current() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cavra"))
        .args(["__generate", "--check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "generated files are out of date; run `cargo run -- __generate` and commit:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The evidence ledger is `.cavra/evidence/metadata/` (segments): no help
/// text, man page, completion or README line may name the single file it
/// was before, `.cavra/evidence/metadata.jsonl`, as where it is.
#[test]
fn no_help_man_page_or_readme_names_the_old_ledger_path() {
    const OLD: &str = ".cavra/evidence/metadata.jsonl";
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = vec![(
        "README.md".into(),
        std::fs::read_to_string(root.join("README.md")).unwrap(),
    )];
    for dir in ["man", "completions"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            texts.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    for args in [
        &["--help"][..],
        &["integration", "deliver", "--help"],
        &["delivery", "dashboard", "--help"],
        &["release", "deliver-rollback-execution", "--help"],
        &["validate", "--help"],
        &["ops", "retention-plan", "--help"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cavra"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        texts.push((
            format!("cavra {}", args.join(" ")),
            String::from_utf8(out.stdout).unwrap(),
        ));
    }
    assert!(texts.len() > 20, "the man pages were read");
    for (name, text) in &texts {
        assert!(!text.contains(OLD), "{name} names {OLD}");
    }
}
