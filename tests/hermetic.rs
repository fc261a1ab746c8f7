//! Tests read no git configuration from the host (issue 8). This binary
//! holds one test, which plants a hostile host configuration in its own
//! environment (safe here: no other test of this binary runs alongside) and
//! checks that neither the `git` binary, nor cavra, nor git2 in the test
//! process sees it.

mod common;

use common::Env;

#[test]
fn git_in_tests_reads_only_the_repository_config() {
    let host = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(host.path().join("xdg/git")).unwrap();
    let hostile = "[core]\n\thooksPath = /nonexistent/host-hooks\n[user]\n\tname = host-leak\n";
    std::fs::write(host.path().join("xdg/git/config"), hostile).unwrap();
    std::fs::write(host.path().join("global"), hostile).unwrap();
    // SAFETY: the only test in this binary, and no other thread of it reads
    // the environment meanwhile.
    unsafe {
        std::env::set_var("XDG_CONFIG_HOME", host.path().join("xdg"));
        std::env::set_var("GIT_CONFIG_GLOBAL", host.path().join("global"));
        std::env::set_var("GIT_CONFIG_PARAMETERS", "'user.name'='host-leak'");
    }

    let env = Env::new();
    let run = env.git_ok(&["config", "--list", "--show-origin"]);
    for line in run.stdout.lines() {
        assert!(line.starts_with("file:.git/config"), "host config leaked: {line}");
    }
    // cavra (git2 in the binary) installs its hook where the repository
    // says, not where the host's hooksPath points.
    env.ok(&["git", "install"]);
    assert!(env.path(".git/hooks/pre-commit").exists());
    // git2 in this process.
    let repo = common::open_repo(env.root());
    let config = repo.config().unwrap();
    let mut entries = config.entries(None).unwrap();
    while let Some(entry) = entries.next() {
        let entry = entry.unwrap();
        assert_eq!(
            entry.level(),
            git2::ConfigLevel::Local,
            "host config leaked: {:?}",
            entry.name()
        );
    }
}
