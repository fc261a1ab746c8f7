//! The README's Tour and "Use it in your repository" run as written.
//!
//! Every ```sh block after a `<!-- tour: … -->` marker in README.md is split
//! into commands (a trailing `\` continues a line, a heredoc runs to its
//! delimiter) and run one by one with `bash -c` in a fresh git repository
//! whose default branch is `master`, with the real binary first on PATH as
//! `cavra`. A command must exit 0, or the code its own line announces with
//! `# exit N`.

use std::path::Path;
use std::process::Command;

/// One command of a block: its text and the exit status it announces.
#[derive(Debug, PartialEq)]
struct Step {
    text: String,
    expect: i32,
}

/// The command blocks the README marks as runnable.
fn marked_blocks(readme: &str) -> Vec<Vec<Step>> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("<!-- tour:") {
            continue;
        }
        assert_eq!(
            lines.next(),
            Some("```sh"),
            "a tour marker is followed by a ```sh block"
        );
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        blocks.push(steps(&body));
    }
    blocks
}

fn steps(body: &[&str]) -> Vec<Step> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if body[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let first = body[i];
        let mut text = first.to_string();
        if let Some(delimiter) = heredoc_delimiter(first) {
            loop {
                i += 1;
                let line = body.get(i).unwrap_or_else(|| panic!("heredoc {delimiter} never ends"));
                text.push('\n');
                text.push_str(line);
                if line.trim() == delimiter {
                    break;
                }
            }
        } else {
            while text.ends_with('\\') {
                i += 1;
                text.push('\n');
                text.push_str(body[i]);
            }
        }
        let expect = first.split_once("# exit ").map_or(0, |(_, rest)| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .parse()
                .unwrap()
        });
        out.push(Step { text, expect });
        i += 1;
    }
    out
}

/// `EOF` in `cat > f <<'EOF'`.
fn heredoc_delimiter(line: &str) -> Option<String> {
    let (_, rest) = line.split_once("<<")?;
    Some(rest.trim().trim_matches('\'').trim_matches('"').to_string())
}

/// Runs one block in a new repository; panics naming the first step that
/// does not exit as announced.
fn run_block(steps: &[Step]) -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("cavra-readme-").tempdir().unwrap();
    let repo = dir.path().join("repo");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_cavra")).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let shell = |cwd: &Path, script: &str| {
        let mut cmd = Command::new("bash");
        cmd.args(["-c", script])
            .current_dir(cwd)
            .env_clear()
            .env("PATH", &path)
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Tour")
            .env("GIT_AUTHOR_EMAIL", "tour@example.invalid")
            .env("GIT_COMMITTER_NAME", "Tour")
            .env("GIT_COMMITTER_EMAIL", "tour@example.invalid")
            .env("NO_COLOR", "1");
        cmd.output().unwrap()
    };
    // A default branch called master: nothing in the README may assume main.
    let init = shell(dir.path(), "git -c init.defaultBranch=master init -q repo");
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    for step in steps {
        let out = shell(&repo, &step.text);
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(
            code,
            step.expect,
            "README step exited {code}, the README says {}:\n$ {}\n--- stdout\n{}\n--- stderr\n{}",
            step.expect,
            step.text,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn the_tour_runs_as_written_from_an_empty_repository() {
    let blocks = marked_blocks(&readme());
    assert_eq!(blocks.len(), 2, "the Tour and \"Use it in your repository\" are marked");
    let tour = &blocks[0];
    assert!(tour.len() > 30, "the whole Tour is marked: {} steps", tour.len());
    let refused: Vec<i32> = tour.iter().map(|s| s.expect).filter(|c| *c != 0).collect();
    assert_eq!(refused, [3, 3, 1, 1, 1], "the refusals the Tour shows on purpose");
    let dir = run_block(tour);
    // It ends with the history it describes: three commits on master.
    let repo = git2::Repository::open(dir.path().join("repo")).unwrap();
    let head = repo.head().unwrap();
    assert_eq!(head.shorthand().ok(), Some("master"));
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    assert_eq!(walk.count(), 3);
}

#[test]
fn using_it_in_a_repository_ends_with_a_hook_a_record_a_commit_and_a_diff() {
    let blocks = marked_blocks(&readme());
    let steps = &blocks[1];
    let dir = run_block(steps);
    let repo = dir.path().join("repo");
    let hook = std::fs::read_to_string(repo.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("validate --staged"), "{hook}");
    let store = std::fs::read_to_string(repo.join(".cavra/api/integrations.json")).unwrap();
    assert!(store.contains("okta-production") && store.contains("github-production"));
    assert_eq!(
        steps.last().unwrap().text.split_whitespace().collect::<Vec<_>>()[..2],
        ["cavra", "diff"]
    );
}

#[test]
fn the_step_splitter_follows_continuations_heredocs_and_exit_marks() {
    let body = [
        "a \\",
        "  b",
        "",
        "cat > f <<'EOF'",
        "x # exit 9 inside a heredoc is data",
        "EOF",
        "c   # exit 3: refused",
    ];
    assert_eq!(
        steps(&body),
        [
            Step {
                text: "a \\\n  b".into(),
                expect: 0
            },
            Step {
                text: "cat > f <<'EOF'\nx # exit 9 inside a heredoc is data\nEOF".into(),
                expect: 0
            },
            Step {
                text: "c   # exit 3: refused".into(),
                expect: 3
            },
        ]
    );
}
