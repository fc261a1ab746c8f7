//! The HTTP transport: ureq (blocking, rustls), one agent per connector.
//!
//! Policy: connect and total timeouts always set; no redirect is followed (a
//! 3xx is an answer, and following it could carry credentials to another
//! host); `HTTPS_PROXY`/`ALL_PROXY` and `NO_PROXY` are honoured; a
//! connector's `ca_file` replaces the built-in roots. Non-2xx answers are
//! answers, not errors, so a 429's `Retry-After` or a HEC error body can be read.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use super::config::Connector;
use super::{ConnectorError, Request};

/// The most of a response body cavra reads (enough for any success rule).
const BODY_LIMIT: u64 = 64 * 1024;

/// An answer to one request.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Builds the agent for one connector.
pub fn agent(conn: &Connector, timeout: Duration) -> Result<Agent, ConnectorError> {
    let mut tls = TlsConfig::builder();
    if let Some(path) = &conn.ca_file {
        let bad = |reason: String| ConnectorError::CaFileBad {
            connector: conn.name.clone(),
            reason,
        };
        let pem = crate::store::fsio::read_input(path).map_err(|e| bad(e.to_string()))?;
        let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if certs.is_empty() {
            return Err(bad(format!("{} holds no PEM certificate", path.display())));
        }
        tls = tls.root_certs(RootCerts::new_with_certs(&certs));
    }
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
        .timeout_global(Some(timeout))
        .timeout_per_read(Some(per_io(timeout)))
        .timeout_per_write(Some(per_io(timeout)))
        .proxy(ureq::Proxy::try_from_env())
        .user_agent(concat!("cavra/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls.build())
        .build();
    Ok(Agent::with_parts(
        config,
        DefaultConnector::new(),
        Cached::<DefaultResolver>::default(),
    ))
}

/// How long a resolved host name is reused (curl's default DNS cache age).
const DNS_CACHE_AGE: Duration = Duration::from_secs(60);

/// The limit of one socket read or write: just under the total. ureq gives
/// each operation what is left of the total, a new value every time, so each
/// read and write cost a `setsockopt` call (three per request); capped by a
/// constant just below the total, the socket keeps its timeout for the life
/// of the connection. A request still never takes longer than the total; a
/// peer that stalls from the first byte is given up on up to 1% (at most
/// 100 ms) early.
fn per_io(total: Duration) -> Duration {
    total.saturating_sub((total / 100).min(Duration::from_millis(100)))
}

/// ureq resolves the host before every request, pooled connection or not,
/// and with a timeout set it does so on a new thread. This resolver uses an
/// IP-literal host as it is, and looks a host name up once per connector
/// (for [`DNS_CACHE_AGE`]), so 1,000 sequential deliveries to a host name
/// make one lookup, not 1,000.
#[derive(Debug, Default)]
struct Cached<R = DefaultResolver> {
    inner: R,
    names: Mutex<HashMap<(String, u16), (Instant, ResolvedSocketAddrs)>>,
}

impl<R: Resolver> Resolver for Cached<R> {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let port = uri
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("https") { 443 } else { 80 });
        if let Ok(ip) = host.parse::<std::net::IpAddr>() {
            let mut out = self.empty();
            out.push(std::net::SocketAddr::new(ip, port));
            return Ok(out);
        }
        let key = (host.to_ascii_lowercase(), port);
        let names = || self.names.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, addrs)) = names().get(&key)
            && at.elapsed() < DNS_CACHE_AGE
        {
            return Ok(addrs.clone());
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        names().insert(key, (Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

/// Sends one request; `Err` is a transport failure (already a plain message).
pub fn send(agent: &Agent, req: &Request) -> Result<Answer, String> {
    let mut builder = ureq::http::Request::builder().method(req.method).uri(&req.url);
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    // A transport error may quote the URL (ureq's bad-URI errors do): it is
    // masked as evidence masks it, path and all.
    let masked = |text: String| text.replace(&req.url, &super::redact::url(&req.url, true));
    let request = builder
        .body(&req.body[..])
        .map_err(|e| masked(format!("bad request: {e}")))?;
    let mut response = agent.run(request).map_err(|e| masked(describe(&e)))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // Read as bytes: a body that is not UTF-8 (or is cut inside a
    // character by the limit) is still judged and quoted, lossily.
    let mut bytes = Vec::new();
    let _ = response.body_mut().as_reader().take(BODY_LIMIT).read_to_end(&mut bytes);
    Ok(Answer {
        status,
        retry_after,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

fn describe(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(ureq::Timeout::Connect) => "timed out connecting".into(),
        ureq::Error::Timeout(ureq::Timeout::Resolve) => "timed out looking up the host".into(),
        // The total, or one read or write just under it (see `per_io`).
        ureq::Error::Timeout(_) => "timed out before a complete answer (the request's time limit)".into(),
        ureq::Error::Io(e) => format!("connection failed: {e}"),
        other => other.to_string(),
    }
}

/// Fetches an OAuth 2.0 access token with client credentials (Microsoft
/// identity platform for Sentinel and Intune, Jamf Pro's own endpoint).
pub fn client_credentials(
    agent: &Agent,
    token_url: &str,
    client_id: &str,
    secret: &str,
    scope: Option<&str>,
) -> Result<String, String> {
    use super::secret::percent_encode;
    let mut form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        percent_encode(client_id),
        percent_encode(secret)
    );
    if let Some(scope) = scope {
        form.push_str(&format!("&scope={}", percent_encode(scope)));
    }
    let req = Request {
        method: "POST",
        url: token_url.to_string(),
        headers: vec![
            ("Content-Type".into(), "application/x-www-form-urlencoded".into()),
            ("Accept".into(), "application/json".into()),
        ],
        body: form.into_bytes(),
    };
    let answer = send(agent, &req)?;
    if answer.status != 200 {
        return Err(format!("token endpoint answered HTTP {}", answer.status));
    }
    serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|v| v["access_token"].as_str().map(str::to_string))
        .ok_or_else(|| "token endpoint answer has no access_token".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Resolves every name to 127.0.0.1 and counts the lookups.
    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);

    impl Resolver for Counting {
        fn resolve(
            &self,
            uri: &ureq::http::Uri,
            _: &ureq::config::Config,
            _: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            self.0.fetch_add(1, Ordering::SeqCst);
            let mut out = self.empty();
            out.push(std::net::SocketAddr::from((
                [127, 0, 0, 1],
                uri.port_u16().unwrap_or(80),
            )));
            Ok(out)
        }
    }

    #[test]
    fn host_names_are_looked_up_once_and_ip_literals_never() {
        let resolver = Cached::<Counting>::default();
        let config = ureq::config::Config::default();
        let resolve = |url: &str| {
            let uri: ureq::http::Uri = url.parse().unwrap();
            resolver.resolve(&uri, &config, NextTimeout::default()).unwrap()[0]
        };
        assert_eq!(resolve("http://hec.example.test:8088/a").port(), 8088);
        assert_eq!(resolve("http://HEC.example.test:8088/b").port(), 8088);
        assert_eq!(
            resolver.inner.0.load(Ordering::SeqCst),
            1,
            "the second lookup is cached"
        );
        resolve("http://hec.example.test:9000/");
        assert_eq!(
            resolver.inner.0.load(Ordering::SeqCst),
            2,
            "another port is another entry"
        );
        let literal = resolve("http://[::1]:7000/");
        assert_eq!((literal.ip().to_string().as_str(), literal.port()), ("::1", 7000));
        resolve("https://10.1.2.3/");
        assert_eq!(
            resolver.inner.0.load(Ordering::SeqCst),
            2,
            "IP literals are never looked up"
        );
    }
}
