//! `cavra connector list|check`: the configured connectors, redacted, and
//! whether each one's references (environment variables, files, URL rules)
//! resolve. Nothing is sent: `check` answers "would a delivery start?".

use std::path::Path;

use serde::Serialize;

use super::workspace::Workspace;
use crate::connector::ConnectorError;
use crate::connector::config::{self, Provider};

/// One connector as `list` and `check` show it.
#[derive(Debug, Serialize)]
pub struct ConnectorView {
    pub name: String,
    pub provider: Provider,
    pub enabled: bool,
    /// The URL with credentials masked, or `$VAR` when it comes from the environment.
    pub url: Option<String>,
    /// `*_env` and `*_file` references: the key and what it names (never a value).
    pub references: std::collections::BTreeMap<String, String>,
    pub integration_id: Option<String>,
    /// `check` only: whether every reference resolves (not asked of a
    /// disabled connector, which no delivery resolves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolves: Option<bool>,
    /// `check` only: `ok`, `fails` or `disabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The outcome of list and check.
#[derive(Debug, Serialize)]
pub struct ConnectorsOutcome {
    pub config: String,
    pub items: Vec<ConnectorView>,
    pub total: usize,
    /// `check` only: every enabled connector resolves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
}

/// Lists (and with `check`, resolves) the configured connectors.
pub fn connectors(
    ws: &Workspace,
    config_path: Option<&Path>,
    check: bool,
) -> Result<ConnectorsOutcome, ConnectorError> {
    let path = config::locate(&ws.root, config_path);
    let defs = config::load(&path)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut items = Vec::new();
    for def in &defs {
        let url = def.display_url();
        let (resolves, problem, state) = if !check {
            (None, None, None)
        } else if !def.enabled() {
            (None, None, Some("disabled"))
        } else {
            match config::resolve(def, &dir, &ws.root) {
                Ok(_) => (Some(true), None, Some("ok")),
                Err(e) => (Some(false), Some(e.to_string()), Some("fails")),
            }
        };
        items.push(ConnectorView {
            name: def.name.clone(),
            provider: def.provider,
            enabled: def.enabled(),
            url,
            references: def.references().into_iter().collect(),
            integration_id: def.integration_id(),
            resolves,
            state,
            problem,
        });
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    let ok = check.then(|| items.iter().all(|i| !i.enabled || i.resolves == Some(true)));
    Ok(ConnectorsOutcome {
        config: path.strip_prefix(&ws.root).unwrap_or(&path).display().to_string(),
        total: items.len(),
        items,
        ok,
    })
}
