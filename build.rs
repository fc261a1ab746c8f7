//! Build script: the git commit and commit date `cavra --version` shows,
//! read with the `git` command when the source is a git checkout; without
//! git (a crate tarball, no `git` on PATH) the version says so instead of
//! failing the build.

use std::process::Command;

fn root() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| ".".into(), Into::into)
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).current_dir(root()).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn main() {
    let detail = match (
        git(&["rev-parse", "--short=12", "HEAD"]),
        git(&["log", "-1", "--format=%cs", "HEAD"]),
    ) {
        (Some(commit), Some(date)) => format!("{commit} {date}"),
        _ => "no git commit recorded".to_string(),
    };
    println!("cargo:rustc-env=CAVRA_BUILD_COMMIT={detail}");
    // Rebuild when HEAD moves: HEAD itself, the branch it names, packed refs.
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        let dir = root().join(dir);
        println!("cargo:rerun-if-changed={}", dir.join("HEAD").display());
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let common = git(&["rev-parse", "--git-common-dir"])
                .map(|c| root().join(c))
                .unwrap_or_else(|| dir.clone());
            println!("cargo:rerun-if-changed={}", common.join(&branch).display());
            println!("cargo:rerun-if-changed={}", common.join("packed-refs").display());
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
