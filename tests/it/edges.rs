//! The edges of the store promise (issue 8): a panic is a documented exit
//! that echoes nothing, numeric variables are checked, no message repeats a
//! secret or a whole input, the pre-commit hook sees what git commits,
//! inputs are regular files of bounded size, and validate refuses to pass
//! outside a repository.

use crate::common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Env, Run, record, table_file};

const STORE: &str = ".cavra/api/integrations.json";

/// One of each kind of secret the scanner knows, each with a tail that
/// must never appear in any output.
const SECRETS: &[&str] = &[
    "ghp_TAILghp0123456789abcdef",
    "xoxb-1234567890-TAILxoxb",
    "AKIAIOSFODNN7TAILAKIA",
    "Bearer TAILbearer0123456789",
    "https://bot:TAILpassword@jira.example.com",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJUQUlMand0In0.TAILjwtsignature0",
];

/// The part of `secret` that gives it away.
fn tail(secret: &str) -> &str {
    &secret[secret.find("TAIL").unwrap()..]
}

fn assert_not_echoed(run: &Run, secret: &str, context: &str) {
    let t = tail(secret);
    assert!(
        !run.stdout.contains(t) && !run.stderr.contains(t),
        "{context}: {secret} was echoed\nstdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
}

/// Runs cavra with a deadline, so an input that blocks fails the test
/// instead of hanging it.
fn run_with_deadline(env: &Env, args: &[&str], secs: u64) -> Run {
    let mut child = env
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("cavra {args:?} did not finish within {secs}s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

#[test]
fn a_panic_is_exit_6_with_one_line_and_no_input() {
    let mut env = Env::new();
    env.set("CAVRA_TEST_PANIC", SECRETS[0]);
    let run = env.fails(&["integration", "list"], 6);
    assert_not_echoed(&run, SECRETS[0], "panic");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: internal error in cavra") && run.stderr.contains("please report it"),
        "{}",
        run.stderr
    );
}

#[test]
fn numeric_variables_refuse_anything_but_a_number_in_range() {
    for (var, bad) in [
        (
            "CAVRA_LOCK_TIMEOUT",
            vec!["abc", "-1", "nan", "inf", "1e30", "", "86401"],
        ),
        (
            "CAVRA_MAX_INPUT_BYTES",
            vec!["abc", "-1", "nan", "1e30", "", "0", "1.5"],
        ),
    ] {
        for value in bad {
            let mut env = Env::new();
            env.set(var, value);
            let run = env.fails(&["integration", "list"], 2);
            assert!(
                run.stderr.contains(var) && run.stderr.contains(" from "),
                "{var}={value:?}: {}",
                run.stderr
            );
        }
    }
    let mut env = Env::new();
    env.set("CAVRA_LOCK_TIMEOUT", "2.5");
    env.set("CAVRA_MAX_INPUT_BYTES", "1000000");
    env.ok(&["integration", "add", "--provider", "aws"]);
}

#[test]
fn secrets_are_never_echoed_from_flags() {
    let env = Env::new();
    for secret in SECRETS {
        for args in [
            // A pattern rule breaks, and the secret scan fires.
            vec!["integration", "add", "--provider", "github", "--auth-mode", secret],
            // clap refuses the value itself.
            vec!["integration", "add", "--provider", "github", "--status", secret],
            vec!["integration", "list", "--format", secret],
            vec!["integration", "show", secret],
            vec!["ops", "retention-plan", "--output", "x", "--retention-days", secret],
        ] {
            let run = env.run(&args);
            assert_ne!(run.code, 0, "{args:?}");
            assert_not_echoed(&run, secret, &format!("{args:?}"));
        }
        let flag = format!("--status={secret}");
        let run = env.run(&["integration", "add", "--provider", "github", &flag]);
        assert_eq!(run.code, 2);
        assert_not_echoed(&run, secret, &flag);
    }
}

#[test]
fn secrets_are_never_echoed_from_files() {
    for secret in SECRETS {
        let mut env = Env::new();
        // An import file: a record breaking a pattern with the secret, and
        // an array where an object belongs.
        let mut r = record("a", "github");
        r["auth_mode"] = (*secret).into();
        env.write("in.json", &serde_json::to_string(&[r.clone()]).unwrap());
        let run = env.run(&["integration", "import", "in.json"]);
        assert_eq!(run.code, 4, "{}", run.stderr);
        assert_not_echoed(&run, secret, "import");
        env.write("nested.json", &serde_json::json!([[{"password": secret}]]).to_string());
        let run = env.run(&["integration", "import", "nested.json"]);
        assert_ne!(run.code, 0);
        assert_not_echoed(&run, secret, "import of nested arrays");

        // A hand-edited store with a correct checksum: validate (text,
        // json, GitHub annotations) and the commands that read it.
        env.write(STORE, &table_file(&[r]));
        for args in [
            vec!["validate"],
            vec!["validate", "--format", "github"],
            vec!["validate", "--format", "json"],
            vec!["integration", "list"],
            vec!["ops", "stores"],
        ] {
            let run = env.run(&args);
            // `ops stores` reports the store's state and succeeds.
            assert!(run.code != 0 || args == ["ops", "stores"], "{args:?}");
            assert_not_echoed(&run, secret, &format!("hand-edited store, {args:?}"));
        }

        // A store variable pointing at a JSON array holding the secret.
        env.write("array.json", &serde_json::json!([{"password": secret}]).to_string());
        env.set("CAVRA_INTEGRATION_STORE", "array.json");
        let run = env.run(&["integration", "list"]);
        assert_eq!(run.code, 4, "{}", run.stderr);
        assert_not_echoed(&run, secret, "CAVRA_INTEGRATION_STORE at an array");
        env.vars.clear();

        // connectors.json: an array in place of the object, a secret where
        // a variable name belongs, and in an unknown field.
        for config in [
            serde_json::json!([{"password": secret}]),
            serde_json::json!({"connectors": {"s": {"provider": "splunk", "url": "https://s.example.com", "token_env": secret}}}),
            serde_json::json!({"connectors": {"s": {"provider": "splunk", "url": "https://s.example.com", "token_env": "T", "integration_id": secret}}}),
        ] {
            env.write(".cavra/connectors.json", &config.to_string());
            for args in [
                vec!["connector", "list"],
                vec!["validate"],
                vec!["validate", "--format", "github"],
            ] {
                let run = env.run(&args);
                assert_ne!(run.code, 0, "{args:?} {config}");
                assert_not_echoed(&run, secret, &format!("connectors.json {config}, {args:?}"));
            }
        }
    }
}

#[test]
fn a_huge_field_gives_a_short_message() {
    let mut env = Env::new();
    let huge = "x".repeat(4 << 20);
    let mut r = record("a", "github");
    r["auth_mode"] = huge.clone().into();
    env.write("in.json", &serde_json::to_string(&[r.clone()]).unwrap());
    let run = env.fails(&["integration", "import", "in.json"], 4);
    assert!(run.stderr.len() < 4096, "{} bytes of stderr", run.stderr.len());
    env.write(STORE, &table_file(&[r]));
    for args in [vec!["validate"], vec!["validate", "--format", "github"]] {
        let run = env.fails(&args, 1);
        assert!(
            run.stdout.len() + run.stderr.len() < 4096,
            "{args:?}: {} bytes",
            run.stdout.len()
        );
    }
    let run = env.run(&["integration", "add", "--provider", &huge[..100_000]]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.len() < 4096, "{} bytes of stderr", run.stderr.len());
    env.write("array.json", &serde_json::json!([{"name": huge}]).to_string());
    env.set("CAVRA_INTEGRATION_STORE", "array.json");
    let run = env.fails(&["integration", "list"], 4);
    assert!(run.stderr.len() < 4096, "{} bytes of stderr", run.stderr.len());
}

/// The pre-commit hook refuses a broken store however the commit is made.
#[test]
fn the_hook_validates_what_git_commits() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "aws"]);
    env.ok(&["git", "install"]);
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-q", "-m", "first"]);
    let good = env.read(STORE);
    let broken = good.replacen("\"owner\": \"", "\"owner\": \"x", 1);
    assert_ne!(broken, good);

    let attempts: [&[&str]; 3] = [
        &["commit", "-q", "-a", "-m", "with -a"],
        &["commit", "-q", "-m", "with a path", STORE],
        &["commit", "-q", "--amend", "-a", "-m", "amended"],
    ];
    for args in attempts {
        env.write(STORE, &broken);
        let run = env.git(args);
        assert_ne!(run.code, 0, "git {args:?} committed a broken store:\n{}", run.stderr);
        assert!(run.stderr.contains("checksum"), "git {args:?}: {}", run.stderr);
        let head = env.git_ok(&["show", &format!("HEAD:{STORE}")]).stdout;
        assert_eq!(head, good, "git {args:?}");
    }
    // A valid change goes through each way.
    env.write(STORE, &good);
    env.ok(&["integration", "add", "--provider", "okta"]);
    let run = env.git_ok(&["commit", "-a", "-m", "okta"]);
    assert!(run.stderr.contains("(2 records)"), "{}", run.stderr);
    env.ok(&["integration", "add", "--provider", "jamf"]);
    env.git_ok(&["commit", "-q", "-m", "jamf", STORE]);
    env.ok(&["integration", "add", "--provider", "slack"]);
    env.git_ok(&["commit", "-q", "--amend", "-a", "-m", "jamf and slack"]);
}

#[cfg(unix)]
#[test]
fn inputs_that_are_not_regular_files_are_refused() {
    let env = Env::new();
    let fifo = env.path("fifo.json");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    std::fs::create_dir(env.path("dir.json")).unwrap();
    for (file, kind) in [
        ("fifo.json", "is a FIFO"),
        ("/dev/zero", "is a device"),
        ("dir.json", "is a directory"),
    ] {
        let run = run_with_deadline(&env, &["integration", "import", file], 20);
        assert_eq!(run.code, 5, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(kind), "{file}: {}", run.stderr);
        let run = run_with_deadline(&env, &["integration", "deliver", file, "--dry-run"], 20);
        assert_ne!(run.code, 0, "{file}");
        assert!(run.stderr.contains(kind), "{file}: {}", run.stderr);
    }
    for var in ["CAVRA_INTEGRATION_STORE", "CAVRA_CONNECTOR_CONFIG"] {
        for file in ["fifo.json", "/dev/zero"] {
            let mut env2 = Env::new();
            let target = if file.starts_with('/') {
                file.to_string()
            } else {
                fifo.display().to_string()
            };
            env2.set(var, &target);
            let args: &[&str] = if var == "CAVRA_INTEGRATION_STORE" {
                &["integration", "list"]
            } else {
                &["connector", "list"]
            };
            let run = run_with_deadline(&env2, args, 20);
            assert_ne!(run.code, 0, "{var}={target}");
            assert!(
                run.stderr.contains("not a regular file"),
                "{var}={target}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn inputs_over_the_size_limit_are_refused_before_reading() {
    let mut env = Env::new();
    env.write(
        "in.json",
        &serde_json::to_string(&(0..20).map(|i| record(&format!("aws-{i}"), "aws")).collect::<Vec<_>>()).unwrap(),
    );
    env.set("CAVRA_MAX_INPUT_BYTES", "1000");
    let run = env.fails(&["integration", "import", "in.json"], 5);
    assert!(
        run.stderr.contains("larger than 1000 bytes") && run.stderr.contains("CAVRA_MAX_INPUT_BYTES"),
        "{}",
        run.stderr
    );
    let text = env.read("in.json");
    let run = env.run_stdin(&["integration", "import", "-"], &text);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 1000 bytes"), "{}", run.stderr);
    assert!(!env.store().exists());
    // The stores themselves are inputs too.
    env.vars.clear();
    env.ok(&["integration", "import", "in.json"]);
    env.set("CAVRA_MAX_INPUT_BYTES", "1000");
    let run = env.fails(&["integration", "list"], 5);
    assert!(run.stderr.contains("larger than 1000 bytes"), "{}", run.stderr);
}

#[test]
fn validate_outside_a_repository_is_a_usage_error() {
    let env = Env::outside_git();
    let run = env.fails(&["validate"], 2);
    assert!(run.stderr.contains("not in a git repository"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(!run.stdout.contains("ok"), "{}", run.stdout);
    // In a repository cavra was never set up in, a gate must not pass on
    // nothing either (issue 27).
    let env = Env::bare();
    let run = env.fails(&["validate"], 2);
    assert!(run.stderr.contains("run `cavra init`"), "{}", run.stderr);
}

/// A directory holding `cavra`: a link to the binary under test, or a
/// script that is something else.
fn path_with_cavra(dir: &Path, real: bool) -> String {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cavra = bin.join("cavra");
    if real {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_cavra"), &cavra).unwrap();
    } else {
        std::fs::write(&cavra, "#!/bin/sh\necho not-cavra 9\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cavra, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

#[cfg(unix)]
#[test]
fn git_install_works_before_init_and_calls_cavra_through_path() {
    // Before init, with cavra on PATH: attributes written, hook and
    // driver call `cavra`, no warning.
    let mut env = Env::bare();
    let tools = tempfile::tempdir().unwrap();
    env.set("PATH", &path_with_cavra(tools.path(), true));
    let run = env.ok(&["git", "install"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        env.read(".gitattributes")
            .contains(".cavra/api/integrations.json merge=cavra"),
        "{}",
        env.read(".gitattributes")
    );
    assert!(
        env.read(".git/hooks/pre-commit")
            .contains("\nexec cavra validate --staged\n")
    );
    let driver = env.git_ok(&["config", "merge.cavra.driver"]).stdout;
    assert_eq!(driver.trim(), "cavra git merge-driver %O %A %B %P");
    // The hook works from PATH once cavra is initialised and a store added.
    env.ok(&["init"]);
    env.ok(&["integration", "add", "--provider", "aws"]);
    env.git_ok(&["add", "-A"]);
    let mut git = std::process::Command::new("git");
    git.args(["commit", "-q", "-m", "first"]).current_dir(env.root());
    common::hermetic_git(&mut git, env.root());
    let out = git
        .env("PATH", &env.vars[0].1)
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "T")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Without cavra on PATH, or with something else called cavra there:
    // the absolute path, and a warning saying so.
    for real_on_path in [None, Some(false)] {
        let mut env = Env::bare();
        let tools = tempfile::tempdir().unwrap();
        if let Some(real) = real_on_path {
            env.set("PATH", &path_with_cavra(tools.path(), real));
        } else {
            env.set("PATH", "/usr/bin:/bin");
        }
        let run = env.ok(&["git", "install"]);
        assert!(
            run.stderr.contains("warning:") && run.stderr.contains("absolute path"),
            "{}",
            run.stderr
        );
        let hook = env.read(".git/hooks/pre-commit");
        assert!(hook.contains(env!("CARGO_BIN_EXE_cavra")), "{hook}");
    }
}

/// Issue 8 item 9: the ops modules and git/ return their own errors; the
/// `CliError`, clap and stderr belong to the command layer. Issue 20: each
/// error says its own exit code in its `Diagnostic` impl beside it, and
/// nowhere else in the module.
#[test]
fn converted_ops_modules_name_no_cli_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "src/ops/demo.rs",
        "src/ops/diff.rs",
        "src/ops/git_setup.rs",
        "src/ops/mod.rs",
        "src/ops/retention.rs",
        "src/git/mod.rs",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for word in ["CliError", "eprintln", "clap"] {
            assert!(!text.contains(word), "{file} names {word}");
        }
        let mut in_diagnostic = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("impl crate::error::Diagnostic for ") {
                in_diagnostic = true;
            } else if line == "}" {
                in_diagnostic = false;
            }
            assert!(
                in_diagnostic || !line.contains("ExitCode"),
                "{file}:{}: ExitCode outside the error's Diagnostic impl",
                n + 1
            );
        }
    }
}

#[test]
fn a_repeated_key_in_the_connector_configuration_is_refused() {
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        r#"{"connectors": {"s": {"provider": "splunk", "url": "https://a.example.com", "token_env": "T", "url": "https://b.example.com"}}}"#,
    );
    for (args, code) in [(vec!["connector", "list"], 4), (vec!["validate"], 1)] {
        let run = env.fails(&args, code);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(
            all.contains("duplicate key") && all.contains("/connectors/s/url"),
            "{args:?}: {all}"
        );
    }
}
