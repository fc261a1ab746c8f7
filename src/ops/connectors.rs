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

/// Whether the provider can build a request with this connector's options
/// and secrets (a missing `project_key`, a webhook secret that is not
/// base64, …), for a sample event; nothing is sent and no token fetched.
fn builds(conn: &crate::connector::config::Connector) -> Result<(), ConnectorError> {
    let mut conn = conn.clone();
    let oauth = crate::connector::send::token_endpoint(&conn).map_err(|message| ConnectorError::Option {
        connector: conn.name.clone(),
        message,
    })?;
    if oauth.is_some() {
        let stand_in = crate::connector::secret::Secret::new(crate::ops::deliver::plan::TOKEN_STAND_IN);
        conn.secrets.insert("token".into(), stand_in);
    }
    let sample = crate::connector::providers::Event::sample();
    crate::connector::providers::api(conn.provider)
        .build(&conn, std::slice::from_ref(&sample), "msg_check")
        .map(drop)
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
            match config::resolve(def, &dir, &ws.root).and_then(|c| builds(&c)) {
                Ok(()) => (Some(true), None, Some("ok")),
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
