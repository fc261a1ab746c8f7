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
