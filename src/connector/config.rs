//! The connector configuration: `.cavra/connectors.json` (or
//! `CAVRA_CONNECTOR_CONFIG`, or `--config`), committed with the code, so it
//! names secrets and never holds one.
//!
//! Shape: `{"connectors": {"<name>": {"provider": "splunk", "url_env": …,
//! "token_env": …, …}}}`. Secrets are referenced by `*_env` (an environment
//! variable) or `*_file` (a file outside the repository); a literal value
//! under a secret key (`token`, `api_key`, `password`, `secret`, …) is refused
//! by `cavra validate` and by every delivery. Only the connectors a delivery
//! selects are resolved, so a variable missing for another one is no error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};

use super::ConnectorError;
use super::secret::{Redactor, Secret};
use crate::error::Problem;
use crate::store::registry::{CONNECTORS, StoreLocation};

/// Keys that would hold a secret literally; only their `_env`/`_file`
/// references are allowed.
pub const LITERAL_SECRET_KEYS: &[&str] = &[
    "token",
    "api_key",
    "api_token",
    "password",
    "secret",
    "client_secret",
    "authorization",
    "access_token",
];

/// The providers cavra delivers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Splunk,
    Sentinel,
    Datadog,
    Slack,
    Teams,
    Jira,
    Servicenow,
    Webhook,
    Jamf,
    Intune,
    Linux,
}

impl Provider {
    pub const ALL: &[Provider] = &[
        Provider::Splunk,
        Provider::Sentinel,
        Provider::Datadog,
        Provider::Slack,
        Provider::Teams,
        Provider::Jira,
        Provider::Servicenow,
        Provider::Webhook,
        Provider::Jamf,
        Provider::Intune,
        Provider::Linux,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Splunk => "splunk",
            Provider::Sentinel => "sentinel",
            Provider::Datadog => "datadog",
            Provider::Slack => "slack",
            Provider::Teams => "teams",
            Provider::Jira => "jira",
            Provider::Servicenow => "servicenow",
            Provider::Webhook => "webhook",
            Provider::Jamf => "jamf",
            Provider::Intune => "intune",
            Provider::Linux => "linux",
        }
    }
    pub fn parse(name: &str) -> Option<Provider> {
        Provider::ALL.iter().copied().find(|p| p.as_str() == name)
    }
    /// Whether the URL itself is the credential (masked whole in evidence).
    pub fn url_is_secret(self) -> bool {
        super::providers::api(self).url_is_secret()
    }
}

/// One connector as configured, not yet resolved.
#[derive(Debug, Clone)]
pub struct ConnectorDef {
    pub name: String,
    pub provider: Provider,
    pub raw: Map<String, Value>,
}

impl ConnectorDef {
    pub fn enabled(&self) -> bool {
        self.raw.get("enabled").and_then(Value::as_bool).unwrap_or(true)
    }
    /// The inventory integration whose health follows this connector.
    pub fn integration_id(&self) -> Option<String> {
        self.raw
            .get("integration_id")
            .and_then(Value::as_str)
            .map(str::to_string)
    }
    /// The URL as it may be shown without resolving anything: masked, or
    /// `$VAR` when it comes from the environment.
    pub fn display_url(&self) -> Option<String> {
        let s = |k: &str| self.raw.get(k).and_then(Value::as_str);
        match (s("url"), s("url_env")) {
            (_, Some(var)) => Some(format!("${var}")),
            (Some(u), None) => Some(super::redact::url(u, self.provider.url_is_secret())),
            _ => None,
        }
    }
    /// The references this connector makes, as (key, target) pairs, sorted.
    pub fn references(&self) -> Vec<(String, String)> {
        self.raw
            .iter()
            .filter(|(k, _)| k.ends_with("_env") || k.ends_with("_file"))
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect()
    }
}

/// Where the configuration is: `--config`, else where the store registry
/// puts it (`CAVRA_CONNECTOR_CONFIG`, else `.cavra/connectors.json`).
pub fn locate(root: &Path, given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| StoreLocation::resolve(&CONNECTORS, root).path, Path::to_path_buf)
}

/// Every problem with the file's text: JSON, schema, literal secrets.
pub fn check_text(path: &Path, text: &str) -> Result<Value, Vec<Problem>> {
    // Strict: a repeated key (a second `url`) is refused, not last-wins.
    let value: Value = crate::store::json::parse(text.as_bytes()).map_err(|e| vec![e.problem(path)])?;
    let mut problems = crate::store::schema::check(CONNECTORS.record_schema, &value, path, None);
    if let Some(connectors) = value.get("connectors").and_then(Value::as_object) {
        for (name, conn) in connectors {
            for key in LITERAL_SECRET_KEYS {
                if conn.get(*key).is_some() {
                    problems.push(
                        Problem::new(path, "a secret must not be written in the configuration")
                            .record(name.clone())
                            .field(*key)
                            .hint(format!("name an environment variable with `{key}_env` (or a file outside the repository with `{key}_file`)"))
                            .kind(crate::error::ProblemKind::Secret),
                    );
                }
            }
            // A `*_env` names a variable: a random string there is a value
            // pasted where its name belongs (any format, prefix or not).
            for (key, target) in conn.as_object().into_iter().flatten() {
                if let (true, Some(target)) = (key.ends_with("_env"), target.as_str())
                    && crate::secrets::detect(target).is_none()
                    && crate::secrets::looks_random(target)
                {
                    problems.push(
                        Problem::new(path, "looks like a secret value where the name of an environment variable belongs")
                            .record(name.clone())
                            .field(key.clone())
                            .hint(format!("set the value in an environment variable and give its name, e.g. `\"{key}\": \"SPLUNK_HEC_TOKEN\"`"))
                            .kind(crate::error::ProblemKind::Secret),
                    );
                }
            }
        }
    }
    for (name, conn) in value.get("connectors").and_then(Value::as_object).into_iter().flatten() {
        for header in conn
            .get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
            // A name that is itself a secret: the scan below reports it
            // without naming it.
            .filter(|k| crate::secrets::detect(k).is_none())
        {
            let lower = header.to_ascii_lowercase();
            if ["auth", "token", "key", "secret", "password", "cookie", "signature"]
                .iter()
                .any(|w| lower.contains(w))
            {
                problems.push(
                    Problem::new(path, "a credential header must not be written in the configuration")
                        .record(name.clone())
                        .field(format!("headers/{header}"))
                        .hint("use `authorization_env` for the Authorization header")
                        .kind(crate::error::ProblemKind::Secret),
                );
            }
        }
    }
    for (field, kind) in crate::secrets::scan(&value) {
        problems.push(
            Problem::new(
                path,
                format!(
                    "{}: the configuration is committed, so it must hold no secret",
                    crate::secrets::looks_like(kind)
                ),
            )
            .field(field)
            .hint("move the value to an environment variable and reference it with a `*_env` key")
            .kind(crate::error::ProblemKind::Secret),
        );
    }
    if problems.is_empty() { Ok(value) } else { Err(problems) }
}

/// `*_file` references that resolve inside the repository, for `validate`
/// (resolving a connector refuses them too). `display` is the configuration's
/// path relative to the repository root; when it is not (the file lives
/// elsewhere), or a reference is absolute, nothing can be said without
/// resolving, which `deliver` and `connector check` do.
pub fn files_inside_repository(display: &Path, value: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    if display.is_absolute() {
        return problems;
    }
    let dir = display.parent().unwrap_or(Path::new(""));
    for (name, conn) in value.get("connectors").and_then(Value::as_object).into_iter().flatten() {
        for (key, target) in conn.as_object().into_iter().flatten() {
            let (true, Some(target)) = (key.ends_with("_file") && key != "ca_file", target.as_str()) else {
                continue;
            };
            let target = Path::new(target);
            if !target.is_absolute() && stays_inside(&dir.join(target)) {
                problems.push(
                    Problem::new(
                        display,
                        "a secret file inside the repository is one `git add` from being committed",
                    )
                    .kind(crate::error::ProblemKind::Secret)
                    .record(name.clone())
                    .field(key.clone())
                    .hint(format!(
                        "keep the file outside the repository, or use `{}_env`",
                        key.trim_end_matches("_file")
                    )),
                );
            }
        }
    }
    problems
}

/// Whether a relative path, its `..` applied, stays below its starting point.
fn stays_inside(rel: &Path) -> bool {
    let mut depth = 0usize;
    for c in rel.components() {
        match c {
            std::path::Component::ParentDir if depth == 0 => return false,
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    true
}

/// Loads and checks the file.
pub fn load(path: &Path) -> Result<Vec<ConnectorDef>, ConnectorError> {
    let problem = |reason: String| ConnectorError::ConfigInvalid {
        problems: vec![crate::error::Problem::new(path, reason)],
    };
    crate::store::fsio::check_path(path).map_err(|e| problem(e.to_string()))?;
    let text = crate::store::fsio::read_input_text(path).map_err(|e| ConnectorError::ConfigMissing {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let value = check_text(path, &text).map_err(|problems| ConnectorError::ConfigInvalid { problems })?;
    Ok(value["connectors"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, conn)| {
            let raw = conn.as_object().cloned().unwrap_or_default();
            let provider = raw["provider"]
                .as_str()
                .and_then(Provider::parse)
                .expect("the schema admits only known providers");
            ConnectorDef {
                name: name.clone(),
                provider,
                raw,
            }
        })
        .collect())
}

/// A connector with its references resolved, ready to deliver.
#[derive(Debug, Clone)]
pub struct Connector {
    pub name: String,
    pub provider: Provider,
    /// The real URL (may itself be a secret: Slack, Teams, `url_env`).
    pub url: Option<Secret>,
    /// Resolved secrets by their key without `_env`/`_file` (`token`, `api_key`, …).
    pub secrets: BTreeMap<String, Secret>,
    /// Extra literal headers from the configuration.
    pub headers: Vec<(String, String)>,
    pub timeout: Option<Duration>,
    pub ca_file: Option<PathBuf>,
    pub allow_insecure_http: bool,
    /// Every other key: provider options (`index`, `site`, `project_key`, …).
    pub options: Map<String, Value>,
    pub integration_id: Option<String>,
    /// Scrubs every value resolved for this connector.
    pub redactor: Redactor,
    /// Dry runs only: the `*_env` references that were unset, by key and
    /// variable; their values are placeholders (`${VAR}`).
    pub unset: Vec<(String, String)>,
}

impl Connector {
    pub fn secret(&self, key: &str) -> Option<&Secret> {
        self.secrets.get(key)
    }
}

/// Whether `file` lies inside the directory `root` (both existing); a secret
/// file there is one `git add` away from being committed.
fn inside(root: &Path, file: &Path) -> bool {
    match (root.canonicalize(), file.canonicalize()) {
        (Ok(root), Ok(file)) => file.starts_with(root),
        _ => false,
    }
}

/// Resolves one connector: environment variables, files, URL checks.
/// Relative paths are relative to `config_dir`; a `*_file` secret must lie
/// outside the repository at `repo_root`.
pub fn resolve(def: &ConnectorDef, config_dir: &Path, repo_root: &Path) -> Result<Connector, ConnectorError> {
    resolve_as(def, config_dir, repo_root, false)
}

/// The placeholder that stands for an unset variable in a dry run.
pub fn placeholder(var: &str) -> String {
    format!("${{{var}}}")
}

/// [`resolve`]; with `placeholders` (dry runs), an unset `*_env` variable
/// becomes the placeholder `${VAR}` and is listed in [`Connector::unset`]
/// instead of being an error. Placeholders are never scrubbed (they are
/// not secrets) and a placeholder URL skips the URL rules.
pub fn resolve_as(
    def: &ConnectorDef,
    config_dir: &Path,
    repo_root: &Path,
    placeholders: bool,
) -> Result<Connector, ConnectorError> {
    let mut unset = Vec::new();
    let mut secrets = BTreeMap::new();
    let mut redactor = Redactor::default();
    let mut options = Map::new();
    let mut url = def.raw.get("url").and_then(Value::as_str).map(Secret::new);
    let mut ca_file = None;
    for (key, value) in &def.raw {
        let target = value.as_str();
        if key == "ca_file" {
            let p = config_dir.join(target.unwrap_or_default());
            if !p.is_file() {
                return Err(ConnectorError::CaFileMissing {
                    connector: def.name.clone(),
                    path: p,
                });
            }
            ca_file = Some(p);
        } else if let (Some(base), Some(var)) = (key.strip_suffix("_env"), target) {
            let s = match crate::env::var(var) {
                Some(v) => {
                    let s = Secret::new(v.trim_end_matches(['\r', '\n']));
                    redactor.add(&s);
                    s
                }
                None if placeholders => {
                    unset.push((key.clone(), var.to_string()));
                    Secret::new(placeholder(var))
                }
                None => {
                    return Err(ConnectorError::EnvUnset {
                        connector: def.name.clone(),
                        key: key.clone(),
                        var: var.to_string(),
                    });
                }
            };
            if base == "url" {
                url = Some(s);
            } else {
                secrets.insert(base.to_string(), s);
            }
        } else if let (Some(base), Some(file)) = (key.strip_suffix("_file"), target) {
            let p = config_dir.join(file);
            if inside(repo_root, &p) {
                return Err(ConnectorError::SecretFileInRepo {
                    connector: def.name.clone(),
                    key: key.clone(),
                    path: p,
                });
            }
            let v = crate::store::fsio::read_input_text(&p).map_err(|e| ConnectorError::SecretFile {
                connector: def.name.clone(),
                key: key.clone(),
                reason: e.to_string(),
            })?;
            let s = Secret::new(v.trim_end_matches(['\r', '\n']));
            redactor.add(&s);
            secrets.insert(base.to_string(), s);
        } else if !matches!(
            key.as_str(),
            "provider"
                | "url"
                | "headers"
                | "timeout_seconds"
                | "allow_insecure_http"
                | "enabled"
                | "integration_id"
                | "tenant"
        ) {
            options.insert(key.clone(), value.clone());
        }
    }
    let url_unset = unset.iter().any(|(k, _)| k == "url_env");
    if let Some(u) = url.as_ref().filter(|_| !url_unset) {
        for part in super::redact::secret_parts(u.expose(), def.provider.url_is_secret()) {
            redactor.add(&Secret::new(part));
        }
    }
    let allow_insecure_http = def.raw.get("allow_insecure_http").and_then(Value::as_bool) == Some(true);
    let url = match url {
        Some(u) => Some(u),
        None if def.provider == Provider::Datadog => None, // derived from `site`
        None => {
            return Err(ConnectorError::NoUrl {
                connector: def.name.clone(),
            });
        }
    };
    if let Some(u) = url.as_ref().filter(|_| !url_unset) {
        check_scheme(&def.name, u.expose(), allow_insecure_http, def.provider)?;
    }
    let headers = def
        .raw
        .get("headers")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Ok(Connector {
        name: def.name.clone(),
        provider: def.provider,
        url,
        secrets,
        headers,
        timeout: def
            .raw
            .get("timeout_seconds")
            .and_then(Value::as_f64)
            .map(Duration::from_secs_f64),
        ca_file,
        allow_insecure_http,
        options,
        integration_id: def.integration_id(),
        redactor,
        unset,
    })
}

/// `https://`, or `http://` to a loopback host (or with `allow_insecure_http`).
pub fn check_scheme(
    connector: &str,
    url: &str,
    allow_insecure: bool,
    provider: Provider,
) -> Result<(), ConnectorError> {
    let masked = super::redact::url(url, provider.url_is_secret());
    match super::redact::scheme(url).as_deref() {
        Some("https") => Ok(()),
        Some("http") if allow_insecure || super::redact::is_loopback(url) => Ok(()),
        Some("http") => Err(ConnectorError::InsecureUrl {
            connector: connector.to_string(),
            url: masked,
        }),
        _ => Err(ConnectorError::BadUrl {
            connector: connector.to_string(),
            url: masked,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        let ok = |u: &str| check_scheme("c", u, false, Provider::Webhook).is_ok();
        assert!(ok("https://example.com/x"));
        assert!(ok("http://127.0.0.1:8080/x"));
        assert!(ok("http://localhost/x"));
        assert!(ok("http://[::1]:9/x"));
        assert!(!ok("http://example.com/x"));
        assert!(!ok("http://127.0.0.1.example.com/x"));
        assert!(!ok("ftp://example.com/x"));
        assert!(check_scheme("c", "http://example.com", true, Provider::Webhook).is_ok());
    }
}

#[cfg(test)]
mod location_tests {
    use super::*;

    #[test]
    fn the_schema_admits_exactly_the_known_providers() {
        // `load` relies on it: a provider the schema passes parses.
        let schema: Value =
            serde_json::from_str(crate::store::schema::find(CONNECTORS.record_schema).unwrap().text).unwrap();
        let names: Vec<&str> = schema["$defs"]["connector"]["properties"]["provider"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let known: Vec<&str> = Provider::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(names, known);
    }

    #[test]
    fn secret_files_inside_the_repository_are_named() {
        let config = serde_json::json!({"connectors": {
            "a": {"provider": "webhook", "secret_file": "../secrets/hook.txt"},
            "b": {"provider": "webhook", "secret_file": "../../outside.txt"},
            "c": {"provider": "webhook", "token_file": "/run/secrets/token", "ca_file": "ca.pem"},
            "d": {"provider": "webhook", "token_file": "./x/../../../y"},
        }});
        let found = files_inside_repository(Path::new(".cavra/connectors.json"), &config);
        let names: Vec<_> = found.iter().map(|p| p.record.clone().unwrap_or_default()).collect();
        assert_eq!(names, ["a"]);
        assert!(files_inside_repository(Path::new("/etc/cavra/connectors.json"), &config).is_empty());
    }
}
