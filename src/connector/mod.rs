//! Connector delivery: sending evidence to the systems people already watch
//! (SIEM, ITSM, ChatOps, endpoint management), on each provider's real wire
//! format, with retries that respect the destination, leaving a record that
//! holds no secret.
//!
//! Policy: a body the real service would reject is a bug even if a test
//! double answers 2xx, so every provider module builds its own
//! request and owns its own success rule. Retries follow [`retry`] (a pure
//! function). Nothing that leaves the process carries a secret: values are
//! held in [`secret::Secret`], requests are written down through [`redact`],
//! and every resolved value is scrubbed from responses and errors.

pub mod config;
pub mod providers;
pub mod redact;
pub mod retry;
pub mod secret;
pub mod send;
pub mod transport;

use std::path::PathBuf;

use crate::error::Problem;

/// One HTTP request, exactly as it goes on the wire. Header values may hold
/// secrets: write it down only through [`redact`].
#[derive(Clone)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &redact::url(&self.url, true))
            .field("headers", &redact::headers(&self.headers))
            .finish_non_exhaustive()
    }
}

/// What can stop a delivery before anything is sent.
#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    #[error("cannot read the connector configuration {}: {reason}", path.display())]
    ConfigMissing { path: PathBuf, reason: String },
    #[error("{}", problems.first().map(ToString::to_string).unwrap_or_default())]
    ConfigInvalid { problems: Vec<Problem> },
    #[error("no connector {name:?} in the configuration")]
    UnknownConnector { name: String, known: Vec<String> },
    #[error("connector {connector}: no `url` or `url_env`")]
    NoUrl { connector: String },
    #[error("connector {connector}: `{key}` names {var}, which is not set")]
    EnvUnset {
        connector: String,
        key: String,
        var: String,
    },
    #[error("connector {connector}: cannot read `{key}`: {reason}")]
    SecretFile {
        connector: String,
        key: String,
        reason: String,
    },
    #[error("connector {connector}: `{key}` is inside the repository ({})", path.display())]
    SecretFileInRepo {
        connector: String,
        key: String,
        path: PathBuf,
    },
    #[error("connector {connector}: ca_file {} does not exist", path.display())]
    CaFileMissing { connector: String, path: PathBuf },
    #[error("connector {connector}: cannot use the CA file: {reason}")]
    CaFileBad { connector: String, reason: String },
    #[error("connector {connector}: {url} is plain http to a host that is not loopback")]
    InsecureUrl { connector: String, url: String },
    #[error("connector {connector}: {url} is not an https URL")]
    BadUrl { connector: String, url: String },
    #[error("connector {connector}: {message}")]
    Option { connector: String, message: String },
    #[error("event {event_id} is {bytes} bytes for connector {connector}, over the destination's limit of {limit}")]
    EventTooLarge {
        connector: String,
        event_id: String,
        bytes: usize,
        limit: usize,
    },
}

impl crate::error::Diagnostic for ConnectorError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            ConnectorError::ConfigInvalid { .. }
            | ConnectorError::NoUrl { .. }
            | ConnectorError::Option { .. }
            | ConnectorError::EventTooLarge { .. } => ExitCode::Data,
            ConnectorError::ConfigMissing { .. }
            | ConnectorError::UnknownConnector { .. }
            | ConnectorError::EnvUnset { .. }
            | ConnectorError::SecretFileInRepo { .. }
            | ConnectorError::SecretFile { .. }
            | ConnectorError::CaFileMissing { .. }
            | ConnectorError::CaFileBad { .. }
            | ConnectorError::InsecureUrl { .. }
            | ConnectorError::BadUrl { .. } => ExitCode::Usage,
        }
    }
    fn causes(&self) -> Vec<String> {
        match self {
            ConnectorError::ConfigInvalid { problems } => crate::error::problem_causes(problems, 1, 20),
            _ => Vec::new(),
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            ConnectorError::ConfigMissing { path, .. } => format!(
                "create {} (see examples/connectors/connectors.json), or point --config / CAVRA_CONNECTOR_CONFIG at it",
                path.display()
            ),
            ConnectorError::ConfigInvalid { problems } => match problems.iter().find_map(|p| p.hint.clone()) {
                Some(h) => h,
                None => return Vec::new(),
            },
            ConnectorError::UnknownConnector { known, .. } => {
                if known.is_empty() {
                    "the configuration has no connectors".to_string()
                } else {
                    format!("configured connectors: {}", known.join(", "))
                }
            }
            ConnectorError::NoUrl { .. } | ConnectorError::Option { .. } => {
                "fix the connector in the configuration, then run `cavra connector check`".to_string()
            }
            ConnectorError::EnvUnset { var, .. } => {
                format!("export {var}=… before delivering, or select other connectors with --provider")
            }
            ConnectorError::SecretFileInRepo { key, .. } => format!(
                "a secret file in the repository is one `git add` from being committed: move it outside, or use `{}_env`",
                key.trim_end_matches("_file")
            ),
            ConnectorError::SecretFile { .. }
            | ConnectorError::CaFileMissing { .. }
            | ConnectorError::CaFileBad { .. } => {
                "fix the path in the configuration (relative paths are relative to the configuration file)".to_string()
            }
            ConnectorError::EventTooLarge { .. } => {
                "the destination would reject or truncate it: shrink the event, or deliver it to another connector"
                    .to_string()
            }
            ConnectorError::InsecureUrl { .. } | ConnectorError::BadUrl { .. } => {
                "use https://, or set `allow_insecure_http: true` on the connector if plain http is really intended"
                    .to_string()
            }
        };
        vec![hint]
    }
}
