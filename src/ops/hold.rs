//! Legal holds: judged on the working tree and on what git committed.
//!
//! A hold is the workspace's marker `.cavra/legal-hold` (any text: why,
//! who, until when) or, for an AISPM tenant's ledgers, the tenant's own
//! `legal_hold` in the tenant registry. A hold that is only moved aside in
//! the working tree still holds: [`held`] looks at the working tree, HEAD
//! and a base revision, so removing evidence under a hold fails until a
//! commit of its own lifted it (`cavra ops hold lift`), which review sees.
//! Setting and lifting are recorded in the evidence metadata ledger
//! (`legal-hold-set`, `legal-hold-lift`: reason, who, when).

use std::path::Path;

use serde::Serialize;

use super::workspace::Workspace;
use crate::clock::Timestamp;
use crate::error::StoreError;
use crate::git::{GitError, Repo};
use crate::store::ledger::prune::{LEGAL_HOLD, hold_reason};
use crate::store::registry::{AISPM_TENANTS, EVIDENCE_METADATA, StoreLocation};

/// One hold found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hold {
    /// Where it was found: `working tree`, `index`, or a commit.
    pub state: String,
    /// What holds: `.cavra/legal-hold`, or `tenant acme (.cavra/aispm/tenants.json)`.
    pub source: String,
    pub reason: String,
}

impl std::fmt::Display for Hold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} (in the {})", self.source, self.reason, self.state)
    }
}

/// What a hold check or `ops hold` fails with.
#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("no legal hold is in place ({what}): nothing to lift")]
    NotHeld { what: String },
    #[error(transparent)]
    Tenant(#[from] crate::ops::aispm::AispmError),
    #[error("--reason is empty: say why (and who asked, until when)")]
    NoReason,
}

impl crate::error::Diagnostic for HoldError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            HoldError::Store(e) => e.exit_code(),
            HoldError::Git(e) => e.exit_code(),
            HoldError::NotHeld { .. } => ExitCode::Conflict,
            HoldError::Tenant(e) => e.exit_code(),
            HoldError::NoReason => ExitCode::Usage,
        }
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            HoldError::Store(e) => Some(e),
            HoldError::Git(e) => Some(e),
            HoldError::Tenant(e) => Some(e),
            _ => None,
        }
    }
}

/// A state holds are judged in.
#[derive(Debug, Clone, Copy)]
pub enum State<'a> {
    WorkTree,
    Index,
    /// A commit (its id, as named in messages).
    Rev(&'a str),
}

impl State<'_> {
    fn name(&self) -> String {
        match self {
            State::WorkTree => "working tree".into(),
            State::Index => "index".into(),
            State::Rev(rev) => format!("commit {rev}"),
        }
    }

    fn read(&self, repo: Option<&Repo>, path: &Path) -> Result<Option<Vec<u8>>, HoldError> {
        match (self, repo) {
            (State::WorkTree, _) => Ok(crate::store::fsio::read_optional(path, path)?),
            (_, None) => Ok(None),
            (State::Index, Some(repo)) => match repo.relative(path) {
                Some(rel) => Ok(repo.read_staged(&rel)?),
                None => Ok(None),
            },
            (State::Rev(rev), Some(repo)) => match repo.relative(path) {
                Some(rel) => Ok(repo.read_at(rev, &rel)?),
                None => Ok(None),
            },
        }
    }
}

/// Every legal hold over `tenant`'s ledgers (`None`: the workspace's own
/// ledgers) in the working tree, at HEAD and at `base` (when `ws` is a git
/// repository): the one check every command that removes evidence calls
/// (`ledger prune`, and any removal of a tenant's stores). Empty when
/// nothing holds.
pub fn held(ws: &Workspace, tenant: Option<&str>, base: Option<&str>) -> Result<Vec<Hold>, HoldError> {
    let repo = Repo::discover(&ws.root).ok();
    let mut revs = Vec::new();
    if let Some(repo) = &repo {
        for rev in std::iter::once("HEAD").chain(base) {
            match repo.commit(rev) {
                Ok(c) => revs.push(c.id().to_string()),
                // No commit yet: nothing committed holds.
                Err(_) if rev == "HEAD" => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let mut states = vec![State::WorkTree];
    states.extend(revs.iter().map(|r| State::Rev(r)));
    holds_in(ws, repo.as_ref(), tenant, &states)
}

/// The holds over `tenant` (`None`: the workspace's own) in each of `states`.
pub fn holds_in(
    ws: &Workspace,
    repo: Option<&Repo>,
    tenant: Option<&str>,
    states: &[State<'_>],
) -> Result<Vec<Hold>, HoldError> {
    let marker = ws.cavra_dir().join(LEGAL_HOLD);
    let registry = StoreLocation::resolve(&AISPM_TENANTS, &ws.root);
    let mut out = Vec::new();
    for state in states {
        if let Some(text) = state.read(repo, &marker)? {
            out.push(Hold {
                state: state.name(),
                source: format!(".cavra/{LEGAL_HOLD}"),
                reason: hold_reason(&text),
            });
        }
        let Some(tenant) = tenant else { continue };
        let Some(bytes) = state.read(repo, &registry.path)? else {
            continue;
        };
        // A registry that does not verify is `validate`'s to report; a
        // hold is looked for in whatever records it holds.
        let records: Vec<serde_json::Value> = match crate::store::table::verify_bytes(&registry, &bytes) {
            Ok(table) => table.values().unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        if records
            .iter()
            .any(|r| r["tenant_id"] == tenant && r["legal_hold"] == serde_json::Value::Bool(true))
        {
            out.push(Hold {
                state: state.name(),
                source: format!("tenant {tenant}'s ({})", registry.display.display()),
                reason: "the tenant is under legal hold".into(),
            });
        }
    }
    Ok(out)
}

/// Who runs a command, as a prune or hold entry records it: git's
/// `user.name <user.email>`, else the login name, else `unknown`.
pub fn who(ws: &Workspace) -> String {
    let from_git = Repo::discover(&ws.root).ok().and_then(|repo| {
        let config = repo.inner().config().ok()?;
        let name = config.get_string("user.name").ok()?;
        Some(match config.get_string("user.email") {
            Ok(email) => format!("{name} <{email}>"),
            Err(_) => name,
        })
    });
    let name = from_git
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into());
    let name: String = name.chars().take(200).collect();
    crate::secrets::scrub(&name)
}

/// `cavra ops hold set|lift`: what was done.
#[derive(Debug, Serialize)]
pub struct HoldOutcome {
    /// `set` or `lift`.
    pub action: String,
    /// The tenant held or released; absent for the workspace's hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// What records the hold: `.cavra/legal-hold`, or the tenant registry.
    pub file: String,
    pub reason: String,
    pub by: String,
    pub at: String,
    /// The `seq` of the evidence metadata entry recording it.
    pub recorded_seq: u64,
}

/// Sets (`lift` false) or lifts a legal hold, recording it in the evidence
/// metadata ledger: the workspace's (`tenant` `None`: `.cavra/legal-hold`,
/// whose text setting replaces) or AISPM tenant `tenant`'s (its
/// `legal_hold` in the tenant registry). Lifting what is not held is
/// refused, and so is a tenant that is not registered, before anything is
/// written.
pub fn set_or_lift(
    ws: &Workspace,
    tenant: Option<&str>,
    lift: bool,
    reason: &str,
    now: Timestamp,
) -> Result<HoldOutcome, HoldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(HoldError::NoReason);
    }
    let reason = hold_reason(reason.as_bytes());
    let marker = ws.cavra_dir().join(LEGAL_HOLD);
    let by = who(ws);
    let action = if lift { "lift" } else { "set" };
    let file = match tenant {
        None => {
            if lift {
                crate::store::fsio::check_path(&marker)?;
                if !marker.is_file() {
                    return Err(HoldError::NotHeld {
                        what: format!(".cavra/{LEGAL_HOLD} is absent"),
                    });
                }
            }
            format!(".cavra/{LEGAL_HOLD}")
        }
        Some(id) => {
            let registered = crate::ops::aispm::load_tenant(&ws.root, id)?;
            if lift && !registered.legal_hold {
                return Err(HoldError::NotHeld {
                    what: format!("tenant {id} is not under legal hold"),
                });
            }
            StoreLocation::resolve(&AISPM_TENANTS, &ws.root)
                .display
                .display()
                .to_string()
        }
    };
    let mut record = serde_json::json!({
        "metadata_kind": format!("legal-hold-{action}"),
        "created_at": now.rfc3339(),
        "reason": reason,
        "by": by,
    });
    if let Some(id) = tenant {
        record["tenant"] = id.into();
    }
    let seqs = crate::store::ledger::append(&ws.locate(&EVIDENCE_METADATA), &[record])?;
    match (tenant, lift) {
        (Some(id), _) => {
            let fields = crate::ops::aispm::tenants::TenantFields {
                legal_hold: Some(!lift),
                ..Default::default()
            };
            crate::ops::aispm::tenants::update(&ws.root, id, &fields, &now.rfc3339())?;
        }
        (None, true) => std::fs::remove_file(&marker).map_err(|e| StoreError::io("remove", &marker, e))?,
        (None, false) => crate::store::fsio::atomic_write(
            &marker,
            format!("{reason}\nset by {by} at {}\n", now.rfc3339()).as_bytes(),
        )?,
    }
    Ok(HoldOutcome {
        action: action.into(),
        tenant: tenant.map(str::to_string),
        file,
        reason,
        by,
        at: now.rfc3339(),
        recorded_seq: seqs.first().copied().unwrap_or_default(),
    })
}
