//! Every error type's presentation at the command line (exit code, message,
//! causes, hints), pinned: the conversion to `CliError` lives beside each
//! error type, and this snapshot holds it byte for byte.

use std::path::PathBuf;

use crate::error::{CliError, Problem, StoreError};

fn p(file: &str, message: &str, hint: Option<&str>) -> Problem {
    let problem = Problem::new(std::path::Path::new(file), message)
        .record("rec-1")
        .field("owner");
    match hint {
        Some(h) => problem.hint(h),
        None => problem,
    }
}

fn store_errors() -> Vec<(&'static str, StoreError)> {
    let path = PathBuf::from(".cavra/api/integrations.json");
    vec![
        (
            "store io",
            StoreError::io("read", &path, std::io::Error::other("disk on fire")),
        ),
        (
            "store malformed",
            StoreError::Malformed {
                path: path.clone(),
                line: 3,
                column: 7,
                message: "expected value".into(),
            },
        ),
        (
            "store invalid one",
            StoreError::Invalid {
                problems: vec![p("a.json", "bad owner", Some("fix owner"))],
            },
        ),
        (
            "store invalid many",
            StoreError::Invalid {
                problems: (0..23)
                    .map(|i| {
                        p(
                            "a.json",
                            &format!("bad {i}"),
                            Some(if i % 2 == 0 { "even" } else { "odd" }),
                        )
                    })
                    .collect(),
            },
        ),
        (
            "store checksum",
            StoreError::Checksum {
                path: path.clone(),
                store: "integrations".into(),
                stored: "sha256:aa".into(),
                computed: "sha256:bb".into(),
            },
        ),
        (
            "store ledger",
            StoreError::Ledger {
                problem: Box::new(p("l.jsonl", "chain broken", Some("restore it"))),
            },
        ),
        (
            "store lock",
            StoreError::LockTimeout {
                path: path.clone(),
                lock: PathBuf::from(".cavra/.locks/x.lock"),
                waited_secs: 1.5,
            },
        ),
        (
            "store exists",
            StoreError::Exists {
                store: path.clone(),
                id: "okta-prod".into(),
            },
        ),
        (
            "store not found",
            StoreError::NotFound {
                store: path.clone(),
                id: "okta".into(),
                nearest: vec!["okta-prod".into()],
            },
        ),
        (
            "store not found none",
            StoreError::NotFound {
                store: path.clone(),
                id: "zz".into(),
                nearest: vec![],
            },
        ),
        (
            "store symlink",
            StoreError::Symlink {
                path: path.clone(),
                link: PathBuf::from(".cavra"),
            },
        ),
    ]
}

fn all() -> Vec<(String, CliError)> {
    use crate::ops;
    let path = PathBuf::from("in.json");
    let mut out: Vec<(String, CliError)> = Vec::new();
    for (label, e) in store_errors() {
        out.push((label.to_string(), e.into()));
    }
    for (label, e) in store_errors() {
        out.push((
            format!("import wraps {label}"),
            ops::inventory::ImportError::Store(e).into(),
        ));
    }
    let s = || StoreError::Exists {
        store: PathBuf::from("s.json"),
        id: "x".into(),
    };
    out.push(("repair".into(), ops::repair::RepairError::Store(s()).into()));
    out.push(("retention".into(), ops::retention::RetentionError::Store(s()).into()));
    out.push(("console".into(), ops::console::ConsoleError::Store(s()).into()));
    out.push(("backup".into(), ops::backup::BackupError::Store(s()).into()));
    out.push(("restore store".into(), ops::restore::RestoreError::Store(s()).into()));
    out.push(("aispm store".into(), ops::aispm::AispmError::Store(s()).into()));
    out.push(("drill store".into(), ops::drill::DrillError::Store(s()).into()));
    out.push(("diff store".into(), ops::diff::DiffError::Store(s()).into()));
    out.push((
        "git setup store".into(),
        ops::git_setup::GitSetupError::Store(s()).into(),
    ));
    out.push(("ledger store".into(), ops::ledger::LedgerError::Store(s()).into()));
    use ops::inventory::ImportError as I;
    out.push((
        "import not json".into(),
        I::NotJson {
            input: "x".into(),
            line: 1,
            column: 2,
            message: "m".into(),
        }
        .into(),
    ));
    out.push(("import no records".into(), I::NoRecords { input: "x".into() }.into()));
    out.push((
        "import exists".into(),
        I::Exists {
            store: PathBuf::from("s.json"),
            ids: vec!["a".into(), "b".into()],
        }
        .into(),
    ));
    use ops::ledger::LedgerError as L;
    out.push((
        "ledger unknown".into(),
        L::UnknownLedger {
            name: "x".into(),
            known: "a, b".into(),
        }
        .into(),
    ));
    out.push((
        "ledger hold".into(),
        L::LegalHold {
            ledger: "x".into(),
            reason: "litigation".into(),
        }
        .into(),
    ));
    out.push((
        "ledger beyond retention".into(),
        L::BeyondRetention {
            ledger: "aispm-events/acme".into(),
            before: "2026-02-28T00:00:00Z".into(),
            allowed: "2025-03-01T12:00:00Z".into(),
            days: 365,
        }
        .into(),
    ));
    out.push((
        "hold lift without a hold".into(),
        crate::ops::hold::HoldError::NotHeld {
            what: ".cavra/legal-hold is absent".into(),
        }
        .into(),
    ));
    out.push((
        "hold without a reason".into(),
        crate::ops::hold::HoldError::NoReason.into(),
    ));
    out.push((
        "ledger not valid".into(),
        L::NotValid {
            ledger: "x".into(),
            problems: (0..3).map(|i| p("l", &format!("p{i}"), None)).collect(),
        }
        .into(),
    ));
    out.push((
        "ledger future".into(),
        L::FutureDate {
            before: "2999-01-01".into(),
            now: "2026-01-01".into(),
        }
        .into(),
    ));
    out.push((
        "ledger not segmented".into(),
        L::NotSegmented {
            ledger: "evidence".into(),
        }
        .into(),
    ));
    use crate::git::GitError as G;
    out.push((
        "git not repo".into(),
        G::NotARepository {
            path: PathBuf::from("/tmp/x"),
        }
        .into(),
    ));
    out.push((
        "git unknown rev".into(),
        G::UnknownRevision { rev: "nope".into() }.into(),
    ));
    out.push((
        "ledger git".into(),
        L::Git(G::UnknownRevision { rev: "nope".into() }).into(),
    ));
    out.push((
        "validate git".into(),
        ops::validate::ValidateError::Git(G::UnknownRevision { rev: "r".into() }).into(),
    ));
    out.push(("diff no commits".into(), ops::diff::DiffError::NoCommits.into()));
    out.push((
        "diff not json".into(),
        ops::diff::DiffError::NotJson {
            label: "l".into(),
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "diff ledger".into(),
        ops::diff::DiffError::Ledger {
            label: "l".into(),
            source: s(),
        }
        .into(),
    ));
    use ops::restore::RestoreError as R;
    out.push(("restore usage".into(), R::Usage.into()));
    out.push((
        "restore manifest".into(),
        R::Manifest {
            path: path.clone(),
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "restore refused".into(),
        R::Refused {
            problems: vec![
                p("a", "x", Some("h1")),
                p("b", "y", Some("h1")),
                p("c", "z", Some("h2")),
            ],
        }
        .into(),
    ));
    out.push((
        "restore conflicts".into(),
        R::Conflicts {
            problems: vec![p("a", "x", None)],
        }
        .into(),
    ));
    out.push(("restore read back".into(), R::ReadBack.into()));
    out.push((
        "restore journal".into(),
        R::Journal {
            path: path.clone(),
            reason: "r".into(),
        }
        .into(),
    ));
    use ops::history::HistoryError as H;
    out.push((
        "history broken".into(),
        H::Broken {
            ledger: PathBuf::from("l"),
            problem: Box::new(p("l", "x", Some("h"))),
        }
        .into(),
    ));
    out.push((
        "history window".into(),
        H::EmptyWindow {
            since: "a".into(),
            until: "b".into(),
        }
        .into(),
    ));
    use ops::release::ReleaseError as Re;
    out.push((
        "release read".into(),
        Re::Read {
            path: path.clone(),
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "release invalid".into(),
        Re::Invalid {
            path: path.clone(),
            schema: "cavra.x.v1",
            problems: (0..13).map(|i| p("a", &format!("q{i}"), None)).collect(),
        }
        .into(),
    ));
    out.push((
        "release id".into(),
        Re::IdMismatch {
            path: path.clone(),
            field: "id",
            found: "a".into(),
            expected: "b".into(),
        }
        .into(),
    ));
    out.push((
        "release checksums missing".into(),
        Re::ChecksumsMissing {
            manifest: path.clone(),
            checksums: PathBuf::from("c.txt"),
        }
        .into(),
    ));
    out.push((
        "release mismatch".into(),
        Re::ChecksumMismatch {
            path: path.clone(),
            expected: "a".into(),
            computed: "b".into(),
        }
        .into(),
    ));
    out.push((
        "release provider".into(),
        Re::ProviderNotInExport {
            manifest: path.clone(),
            provider: "x".into(),
            contains: vec!["jamf".into(), "intune".into()],
        }
        .into(),
    ));
    use ops::release::retry::RetryError as Rt;
    out.push((
        "retry unknown".into(),
        Rt::UnknownEvent {
            event_id: "e".into(),
            nearest: vec!["e1".into()],
        }
        .into(),
    ));
    out.push((
        "retry unknown none".into(),
        Rt::UnknownEvent {
            event_id: "e".into(),
            nearest: vec![],
        }
        .into(),
    ));
    out.push(("retry nothing".into(), Rt::NothingOpen { event_id: "e".into() }.into()));
    out.push((
        "retry not".into(),
        Rt::NotRetryable {
            seq: 3,
            source_name: "s".into(),
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "retry changed".into(),
        Rt::InputChanged {
            path: path.clone(),
            seq: 1,
            recorded: "a".into(),
            now: "b".into(),
        }
        .into(),
    ));
    out.push((
        "retry history".into(),
        Rt::History(H::EmptyWindow {
            since: "a".into(),
            until: "b".into(),
        })
        .into(),
    ));
    use ops::drill::DrillError as D;
    out.push((
        "drill unknown".into(),
        D::UnknownSchedule {
            store: "s".into(),
            id: "d".into(),
            nearest: vec![],
        }
        .into(),
    ));
    out.push((
        "drill unknown near".into(),
        D::UnknownSchedule {
            store: "s".into(),
            id: "d".into(),
            nearest: vec!["d1".into()],
        }
        .into(),
    ));
    out.push((
        "drill exists".into(),
        D::ScheduleExists {
            store: "s".into(),
            id: "d".into(),
        }
        .into(),
    ));
    out.push((
        "drill provider".into(),
        D::ProviderNotOnSchedule {
            schedule: "s".into(),
            provider: "p".into(),
            providers: vec!["a".into()],
        }
        .into(),
    ));
    out.push((
        "drill audit".into(),
        D::UnknownAudit {
            ledger: "l".into(),
            id: "a".into(),
        }
        .into(),
    ));
    out.push(("drill delivery".into(), D::UnknownDelivery { id: "a".into() }.into()));
    out.push((
        "drill policy".into(),
        D::UnknownPolicy {
            store: "s".into(),
            id: "a".into(),
        }
        .into(),
    ));
    out.push((
        "drill field".into(),
        D::BadField {
            field: "f",
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "drill no provider".into(),
        D::NoProvider { audit_id: "a".into() }.into(),
    ));
    use ops::aispm::AispmError as A;
    out.push(("aispm tenant id".into(), A::BadTenantId { id: "X".into() }.into()));
    out.push(("aispm key inside".into(), A::KeyInsideStore { dir: "d".into() }.into()));
    out.push((
        "aispm unknown tenant".into(),
        A::UnknownTenant {
            tenant: "t".into(),
            store: "s".into(),
        }
        .into(),
    ));
    out.push((
        "aispm unknown collector".into(),
        A::UnknownCollector {
            tenant: "t".into(),
            collector: "c".into(),
        }
        .into(),
    ));
    out.push(("aispm exists".into(), A::TenantExists { tenant: "t".into() }.into()));
    out.push((
        "aispm bad input".into(),
        A::BadInput {
            path: "p".into(),
            message: "m".into(),
        }
        .into(),
    ));
    out.push((
        "aispm read".into(),
        A::Read {
            path: "p".into(),
            source: std::io::Error::other("gone"),
        }
        .into(),
    ));
    out.push(("aispm random".into(), A::Random("x".into()).into()));
    use ops::aispm::forward::ForwardError as Fw;
    out.push((
        "forward no connector".into(),
        Fw::NoConnector {
            provider: "webhook",
            named: Some("siem".into()),
            config: ".cavra/connectors.json".into(),
        }
        .into(),
    ));
    out.push((
        "forward cross tenant".into(),
        Fw::CrossTenant {
            connector: "siem".into(),
            bound: "acme".into(),
            tenant: "globex".into(),
        }
        .into(),
    ));
    out.push((
        "forward cursor lost".into(),
        Fw::CursorLost {
            tenant: "acme".into(),
            connector: "siem".into(),
            seq: 7,
            hash: "sha256:00".into(),
        }
        .into(),
    ));
    out.push(("forward aispm".into(), Fw::Aispm(A::Random("x".into())).into()));
    use ops::deliver::DeliverError as De;
    out.push((
        "deliver read".into(),
        De::Read {
            path: path.clone(),
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "deliver not object".into(),
        De::NotObject {
            path: path.clone(),
            line: Some(2),
        }
        .into(),
    ));
    out.push((
        "deliver invalid line".into(),
        De::InvalidLine {
            path: path.clone(),
            line: 2,
            reason: "r".into(),
        }
        .into(),
    ));
    out.push((
        "deliver bad id".into(),
        De::BadEventId {
            path: path.clone(),
            line: None,
            field: "event_id",
            reason: "r".into(),
        }
        .into(),
    ));
    out.push(("deliver schema".into(), De::Schema("s".into()).into()));
    out.push(("release deliver".into(), Re::Deliver(De::Schema("s".into())).into()));
    out.push((
        "drill deliver".into(),
        D::Deliver(De::NoEvent { path: path.clone() }).into(),
    ));
    use ops::demo::DemoError as Dm;
    out.push((
        "demo dir".into(),
        Dm::DirNotEmpty {
            dir: PathBuf::from("d"),
        }
        .into(),
    ));
    out.push((
        "demo pipe".into(),
        Dm::Output(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).into(),
    ));
    out.push(("demo output".into(), Dm::Output(std::io::Error::other("full")).into()));
    out.push((
        "demo receiver".into(),
        Dm::Receiver(std::io::Error::other("port")).into(),
    ));
    use ops::git_setup::GitSetupError as Gs;
    out.push(("git setup merge".into(), Gs::MergeFile { reason: "r".into() }.into()));
    out.push((
        "env".into(),
        crate::env::EnvError {
            name: "CAVRA_LOCK_TIMEOUT",
            value: "x".into(),
            accepted: "seconds".into(),
        }
        .into(),
    ));
    out
}

fn render(label: &str, e: &CliError) -> String {
    let mut s = format!("[{label}] {:?} {}\n", e.code, e.message);
    for c in &e.causes {
        s.push_str(&format!("  caused by: {c}\n"));
    }
    for h in &e.hints {
        s.push_str(&format!("  hint: {h}\n"));
    }
    s
}

#[test]
fn every_error_presents_as_pinned() {
    let text: String = all().iter().map(|(label, e)| render(label, e)).collect();
    let expected = include_str!("error_snapshots.txt");
    if text != expected {
        std::fs::write(std::env::temp_dir().join("cavra-error-snapshots.txt"), &text).unwrap();
    }
    assert_eq!(
        text, expected,
        "error presentation changed (new text in $TMPDIR/cavra-error-snapshots.txt)"
    );
}
