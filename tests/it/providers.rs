//! Every provider against a loopback server that checks method, path,
//! headers and body shape as the provider's module documents them, then answers the
//! provider's own success.

use crate::common;

use base64::Engine;
use common::Env;
use common::http::{Hit, Receiver, ensure, status, with_header};
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

const EVENT: &str = r#"{"event_id":"evt-42","event_type":"policy.decision","session_id":"sess-1","severity":"high","summary":"agent blocked from pushing to main","timestamp":"2026-03-01T11:59:00Z"}"#;

fn env_with(connectors: Value) -> Env {
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &json!({ "connectors": connectors }).to_string(),
    );
    env.write("event.json", EVENT);
    env
}

fn post_json(h: &Hit, path: &str) -> Result<Value, String> {
    ensure(h.method == "POST", "method must be POST")?;
    ensure(h.url == path, &format!("path {} != {path}", h.url))?;
    ensure(
        h.header("content-type") == Some("application/json"),
        "content-type must be application/json",
    )?;
    let v: Value = serde_json::from_slice(&h.body).map_err(|e| format!("body is not one JSON value: {e}"))?;
    Ok(v)
}

fn deliver(env: &Env) -> Value {
    let run = env.run(&["integration", "deliver", "event.json", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, run.stdout);
    serde_json::from_str(&run.stdout).unwrap()
}

fn one_delivery(out: &Value) -> &Value {
    assert_eq!(out["success"], true, "{out:#}");
    let d = &out["deliveries"][0];
    assert_eq!(d["attempt_count"], 1);
    d
}

#[test]
fn splunk_hec() {
    let rx = Receiver::start(vec![status(200, r#"{"text":"Success","code":0}"#)], |h| {
        ensure(
            h.method == "POST" && h.url == "/services/collector/event",
            "POST /services/collector/event",
        )?;
        ensure(
            h.header("authorization") == Some("Splunk hec-token-1"),
            "Authorization: Splunk <token>",
        )?;
        let text = h.text();
        ensure(
            !text.trim_start().starts_with('['),
            "events are concatenated objects, not an array",
        )?;
        let objs: Vec<Value> = serde_json::Deserializer::from_str(&text)
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        for o in &objs {
            for k in ["time", "host", "source", "sourcetype", "index", "event"] {
                ensure(o.get(k).is_some(), &format!("missing {k}"))?;
            }
            ensure(o["time"].is_number(), "time is epoch seconds")?;
            ensure(o["event"]["event_id"] == "evt-42", "event is the evidence object")?;
        }
        Ok(())
    });
    let mut env = env_with(
        json!({"splunk": {"provider": "splunk", "url": rx.base, "token_env": "HEC_TOKEN", "index": "security"}}),
    );
    env.set("HEC_TOKEN", "hec-token-1");
    let out = deliver(&env);
    assert_eq!(one_delivery(&out)["status_code"], 200);
    assert_eq!(rx.hits().len(), 1);
    rx.assert_shapes();
}

#[test]
fn splunk_hec_error_code_at_200_is_not_success_and_not_retried() {
    let rx = Receiver::start(vec![status(200, r#"{"text":"Invalid data format","code":6}"#)], |_| {
        Ok(())
    });
    let mut env = env_with(json!({"splunk": {"provider": "splunk", "url": rx.base, "token_env": "HEC_TOKEN"}}));
    env.set("HEC_TOKEN", "hec-token-1");
    let run = env.fails(&["integration", "deliver", "event.json", "--format", "json"], 1);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["deliveries"][0]["attempt_count"], 1);
    assert!(out["deliveries"][0]["error"].as_str().unwrap().contains("code 6"));
}

#[test]
fn sentinel_logs_ingestion_with_a_token_and_with_client_credentials() {
    let check = |h: &Hit| -> Result<(), String> {
        if h.url.starts_with("/tenant-1/oauth2/v2.0/token") {
            let body = h.text();
            ensure(
                body.contains("grant_type=client_credentials"),
                "client credentials grant",
            )?;
            ensure(
                body.contains("scope=https%3A%2F%2Fmonitor.azure.com%2F.default"),
                "monitor scope",
            )?;
            return Ok(());
        }
        let v = post_json(
            h,
            "/dataCollectionRules/dcr-0123/streams/Custom-CavraEvidence_CL?api-version=2023-01-01",
        )?;
        ensure(
            h.header("authorization") == Some("Bearer sentinel-token-1"),
            "Authorization: Bearer",
        )?;
        let rows = v.as_array().ok_or("body must be an array of rows")?;
        ensure(rows[0]["TimeGenerated"] == "2026-03-01T11:59:00Z", "TimeGenerated")?;
        Ok(())
    };
    let rx = Receiver::routed(
        Box::new(check),
        Box::new(|h, _| {
            Some(if h.url.contains("oauth2") {
                status(
                    200,
                    r#"{"access_token":"sentinel-token-1","token_type":"Bearer","expires_in":3599}"#,
                )
            } else {
                status(204, "")
            })
        }),
    );
    let mut env = env_with(json!({
        "sentinel": {"provider": "sentinel", "url": rx.base, "token_env": "SENTINEL_TOKEN",
            "dcr_immutable_id": "dcr-0123", "stream_name": "Custom-CavraEvidence_CL"},
        "sentinel-oauth": {"provider": "sentinel", "url": rx.base, "tenant_id": "tenant-1", "client_id": "app-1",
            "client_secret_env": "SENTINEL_CLIENT_SECRET", "token_url": format!("{}/tenant-1/oauth2/v2.0/token", rx.base),
            "dcr_immutable_id": "dcr-0123", "stream_name": "Custom-CavraEvidence_CL"}
    }));
    env.set("SENTINEL_TOKEN", "sentinel-token-1");
    env.set("SENTINEL_CLIENT_SECRET", "client-secret-1");
    let out = deliver(&env);
    assert_eq!(out["success"], true, "{out:#}");
    assert_eq!(out["deliveries"].as_array().unwrap().len(), 2);
    assert_eq!(rx.hits().len(), 3);
    rx.assert_shapes();
}

#[test]
fn sentinel_403_names_the_missing_role() {
    let rx = Receiver::start(vec![status(403, "")], |_| Ok(()));
    let mut env = env_with(
        json!({"sentinel": {"provider": "sentinel", "url": rx.base, "token_env": "T",
        "dcr_immutable_id": "d", "stream_name": "Custom-X_CL"}}),
    );
    env.set("T", "tok-123456");
    let run = env.fails(&["integration", "deliver", "event.json", "--format", "json"], 1);
    assert!(run.stdout.contains("Monitoring Metrics Publisher"), "{}", run.stdout);
}

#[test]
fn datadog_logs_v2() {
    let rx = Receiver::start(vec![status(202, "{}")], |h| {
        let v = post_json(h, "/api/v2/logs")?;
        ensure(h.header("dd-api-key") == Some("dd-key-1"), "DD-API-KEY")?;
        let entries = v.as_array().ok_or("body must be an array")?;
        for e in entries {
            for k in ["ddsource", "ddtags", "hostname", "service", "message", "status"] {
                ensure(e[k].is_string(), &format!("{k} must be a string"))?;
            }
            ensure(e["ddtags"].as_str().unwrap().contains("env:prod"), "ddtags k:v,k:v")?;
        }
        Ok(())
    });
    let mut env = env_with(
        json!({"datadog": {"provider": "datadog", "url": format!("{}/api/v2/logs", rx.base),
        "api_key_env": "DD_API_KEY", "service": "cavra", "tags": {"env": "prod"}}}),
    );
    env.set("DD_API_KEY", "dd-key-1");
    deliver(&env);
    rx.assert_shapes();
    assert_eq!(rx.hits().len(), 1);
}

#[test]
fn datadog_site_selects_the_intake_host() {
    let mut env =
        env_with(json!({"datadog": {"provider": "datadog", "site": "datadoghq.eu", "api_key_env": "DD_API_KEY"}}));
    env.set("DD_API_KEY", "dd-key-1");
    let run = env.ok(&["integration", "deliver", "event.json", "--dry-run", "--format", "json"]);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        out["dry_run"][0]["url"],
        "https://http-intake.logs.datadoghq.eu/api/v2/logs"
    );
}

#[test]
fn slack_incoming_webhook() {
    let rx = Receiver::start(vec![status(200, "ok")], |h| {
        let v = post_json(h, "/services/T000/B000/slackpath1")?;
        ensure(v["text"].is_string(), "text fallback")?;
        ensure(v["blocks"][0]["type"] == "header", "header block")?;
        ensure(
            v["blocks"][1]["type"] == "section" && v["blocks"][1]["fields"].is_array(),
            "section fields",
        )?;
        Ok(())
    });
    let mut env = env_with(json!({"slack": {"provider": "slack", "url_env": "SLACK_WEBHOOK_URL"}}));
    env.set(
        "SLACK_WEBHOOK_URL",
        &format!("{}/services/T000/B000/slackpath1", rx.base),
    );
    let out = deliver(&env);
    let d = one_delivery(&out);
    assert_eq!(d["request"]["url"].as_str().unwrap(), format!("{}/[REDACTED]", rx.base));
    rx.assert_shapes();
}

#[test]
fn teams_workflows_adaptive_card() {
    let rx = Receiver::start(vec![status(202, "")], |h| {
        let v = post_json(
            h,
            "/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=teamssig1",
        )?;
        ensure(v["type"] == "message", "type message")?;
        let a = &v["attachments"][0];
        ensure(
            a["contentType"] == "application/vnd.microsoft.card.adaptive",
            "adaptive card",
        )?;
        ensure(a.get("contentUrl") == Some(&Value::Null), "contentUrl null")?;
        ensure(
            a["content"]["type"] == "AdaptiveCard" && a["content"]["version"] == "1.4",
            "AdaptiveCard 1.4",
        )?;
        ensure(
            a["content"]["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json",
            "$schema",
        )?;
        ensure(a["content"]["body"].is_array(), "body")?;
        ensure(!h.text().contains("MessageCard"), "no MessageCard")?;
        Ok(())
    });
    let mut env = env_with(json!({"teams": {"provider": "teams", "url_env": "TEAMS_URL"}}));
    env.set(
        "TEAMS_URL",
        &format!(
            "{}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=teamssig1",
            rx.base
        ),
    );
    deliver(&env);
    rx.assert_shapes();
}

fn jira_check(h: &Hit) -> Result<(), String> {
    let basic = base64::engine::general_purpose::STANDARD.encode("soc@example.com:jira-token-1");
    ensure(
        h.header("authorization") == Some(&format!("Basic {basic}")),
        "basic auth email:api_token",
    )?;
    if h.method == "GET" {
        ensure(
            h.url.starts_with("/rest/api/3/search/jql?jql=labels%20%3D%20%22cavra-"),
            "search by label",
        )?;
        return Ok(());
    }
    let v = post_json(h, "/rest/api/3/issue")?;
    let f = &v["fields"];
    ensure(f["project"]["key"] == "SEC", "project key")?;
    ensure(f["issuetype"]["name"] == "Task", "issuetype name")?;
    ensure(f["summary"].is_string(), "summary")?;
    ensure(
        f["description"]["type"] == "doc" && f["description"]["version"] == 1,
        "ADF doc",
    )?;
    ensure(
        f["description"]["content"][0]["content"][0]["type"] == "text",
        "ADF text",
    )?;
    let labels = f["labels"].as_array().ok_or("labels")?;
    ensure(
        labels.iter().any(|l| l.as_str().unwrap_or("").starts_with("cavra-")),
        "idempotency label",
    )?;
    Ok(())
}

fn jira_env(rx: &Receiver) -> Env {
    let mut env = env_with(
        json!({"jira": {"provider": "jira", "url": rx.base, "email": "soc@example.com",
        "api_token_env": "JIRA_API_TOKEN", "project_key": "SEC"}}),
    );
    env.set("JIRA_API_TOKEN", "jira-token-1");
    env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
    env
}

#[test]
fn jira_cloud_creates_one_issue_and_keeps_its_key() {
    let rx = Receiver::routed(
        Box::new(jira_check),
        Box::new(|h, _| {
            Some(if h.method == "GET" {
                status(200, r#"{"issues":[]}"#)
            } else {
                status(
                    201,
                    r#"{"id":"10001","key":"SEC-7","self":"https://x/rest/api/3/issue/10001"}"#,
                )
            })
        }),
    );
    let env = jira_env(&rx);
    let out = deliver(&env);
    assert_eq!(one_delivery(&out)["reference"], "SEC-7");
    rx.assert_shapes();
}

#[test]
fn jira_retry_after_a_lost_answer_does_not_create_a_second_issue() {
    // The first POST creates the issue but its answer is lost (503); the
    // retry's search finds it by label, so no second POST is made.
    let created = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let c = created.clone();
    let rx = Receiver::routed(
        Box::new(jira_check),
        Box::new(move |h, _| {
            let mut created = c.lock().unwrap();
            Some(if h.method == "GET" {
                match &*created {
                    Some(_) => status(200, r#"{"issues":[{"id":"10001","key":"SEC-8"}]}"#),
                    None => status(200, r#"{"issues":[]}"#),
                }
            } else {
                *created = Some("SEC-8".into());
                status(503, "upstream lost")
            })
        }),
    );
    let env = jira_env(&rx);
    let run = env.ok(&["integration", "deliver", "event.json", "--format", "json"]);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["deliveries"][0]["reference"], "SEC-8");
    assert_eq!(out["deliveries"][0]["found_existing"], true);
    assert_eq!(out["deliveries"][0]["attempt_count"], 2);
    let posts = rx.hits().iter().filter(|h| h.method == "POST").count();
    assert_eq!(posts, 1);
    rx.assert_shapes();
}

#[test]
fn jira_data_center_v2_plain_description_and_bearer() {
    let rx = Receiver::routed(
        Box::new(|h| {
            ensure(h.header("authorization") == Some("Bearer jira-pat-1"), "Bearer PAT")?;
            if h.method == "GET" {
                return ensure(h.url.starts_with("/rest/api/2/search?jql="), "v2 search");
            }
            let v = post_json(h, "/rest/api/2/issue")?;
            ensure(v["fields"]["description"].is_string(), "plain-text description")
        }),
        Box::new(|h, _| {
            Some(if h.method == "GET" {
                status(200, r#"{"issues":[]}"#)
            } else {
                status(201, r#"{"id":"1","key":"OPS-1","self":"x"}"#)
            })
        }),
    );
    let mut env = env_with(json!({"jira": {"provider": "jira", "url": rx.base, "api_version": 2,
        "token_env": "JIRA_PAT", "project_key": "OPS", "issue_type": "Bug"}}));
    env.set("JIRA_PAT", "jira-pat-1");
    let out = deliver(&env);
    assert_eq!(one_delivery(&out)["reference"], "OPS-1");
    rx.assert_shapes();
}

fn servicenow_check(h: &Hit) -> Result<(), String> {
    let basic = base64::engine::general_purpose::STANDARD.encode("cavra-bot:snow-pass-1");
    ensure(
        h.header("authorization") == Some(&format!("Basic {basic}")),
        "basic auth",
    )?;
    if h.method == "GET" {
        return ensure(
            h.url
                .starts_with("/api/now/table/change_request?sysparm_query=correlation_id%3Dmsg_"),
            "look-up by correlation_id",
        );
    }
    let v = post_json(h, "/api/now/table/change_request")?;
    ensure(
        v["correlation_id"].as_str().is_some_and(|c| c.starts_with("msg_")),
        "correlation_id is the delivery's stable key",
    )?;
    for k in ["short_description", "description", "category", "type"] {
        ensure(v[k].is_string(), k)?;
    }
    Ok(())
}

fn servicenow_env() -> impl Fn(&Receiver) -> Env {
    |rx| {
        let mut env = env_with(json!({"servicenow": {"provider": "servicenow", "url": rx.base,
            "username": "cavra-bot", "password_env": "SNOW_PASSWORD"}}));
        env.set("SNOW_PASSWORD", "snow-pass-1");
        env
    }
}

#[test]
fn servicenow_change_request() {
    let rx = Receiver::routed(
        Box::new(servicenow_check),
        Box::new(|h, _| {
            Some(if h.method == "GET" {
                status(200, r#"{"result":[]}"#)
            } else {
                status(201, r#"{"result":{"sys_id":"abc123","number":"CHG0030001"}}"#)
            })
        }),
    );
    let out = deliver(&servicenow_env()(&rx));
    assert_eq!(one_delivery(&out)["reference"], "CHG0030001");
    assert_eq!(out["deliveries"][0]["found_existing"], false);
    rx.assert_shapes();
    // The same key on the look-up and the create.
    let hits = rx.hits();
    let key = hits[1].json()["correlation_id"].as_str().unwrap().to_string();
    assert!(hits[0].url.contains(&format!("%3D{key}&")), "{}", hits[0].url);
}

#[test]
fn servicenow_retry_after_a_lost_answer_does_not_open_a_second_change() {
    // The first POST creates the change request but its answer is lost
    // (503); the retry's look-up finds it by correlation_id: no second POST.
    let created = std::sync::Arc::new(std::sync::Mutex::new(false));
    let c = created.clone();
    let rx = Receiver::routed(
        Box::new(servicenow_check),
        Box::new(move |h, _| {
            let mut created = c.lock().unwrap();
            Some(if h.method == "GET" {
                if *created {
                    status(200, r#"{"result":[{"number":"CHG0030002","sys_id":"x1"}]}"#)
                } else {
                    status(200, r#"{"result":[]}"#)
                }
            } else {
                *created = true;
                status(503, "upstream lost")
            })
        }),
    );
    let out = deliver(&servicenow_env()(&rx));
    let d = &out["deliveries"][0];
    assert_eq!(d["reference"], "CHG0030002");
    assert_eq!(d["found_existing"], true);
    assert_eq!(d["attempt_count"], 2);
    assert_eq!(rx.hits().iter().filter(|h| h.method == "POST").count(), 1);
    rx.assert_shapes();
}

/// Checks a Standard Webhooks signature made with `key`, and that its
/// timestamp is fresh (receivers reject one over 5 minutes old).
fn verify_webhook(h: &Hit, key: &[u8]) -> Result<(), String> {
    let id = h.header("webhook-id").ok_or("webhook-id")?;
    let ts = h.header("webhook-timestamp").ok_or("webhook-timestamp")?;
    let ts: u64 = ts.parse().map_err(|_| "unix seconds")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    ensure(now.abs_diff(ts) <= 1, "a fresh timestamp")?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(&h.body);
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    ensure(h.header("webhook-signature") == Some(&expected), "signature verifies")
}

#[test]
fn webhook_standard_webhooks_signature() {
    let key = b"0123456789abcdef0123456789abcdef";
    let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
    let rx = Receiver::start(vec![status(204, "")], move |h| {
        let v = post_json(h, "/hooks/cavra")?;
        ensure(
            v["type"] == "policy.decision" && v["data"]["event_id"] == "evt-42",
            "type and data",
        )?;
        ensure(v["timestamp"].is_string(), "timestamp")?;
        verify_webhook(h, key)
    });
    let mut env = env_with(
        json!({"webhook": {"provider": "webhook", "url": format!("{}/hooks/cavra", rx.base),
        "secret_env": "WEBHOOK_SECRET"}}),
    );
    env.set("WEBHOOK_SECRET", &secret);
    deliver(&env);
    rx.assert_shapes();
}

#[test]
fn a_retried_webhook_keeps_its_id_and_a_valid_signature() {
    // That a retry after a wait is signed afresh (a new timestamp) is
    // proved in real time by retries.rs `retry_after_and_backoff_are_waited_for`.
    let key = b"fedcba9876543210fedcba9876543210";
    let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
    let rx = Receiver::start(
        vec![with_header(429, "", "Retry-After", "0"), status(204, "")],
        move |h| verify_webhook(h, key),
    );
    let mut env = env_with(
        json!({"webhook": {"provider": "webhook", "url": format!("{}/hook", rx.base), "secret_env": "WEBHOOK_SECRET"}}),
    );
    env.set("WEBHOOK_SECRET", &secret);
    let out = deliver(&env);
    assert_eq!(out["deliveries"][0]["attempt_count"], 2);
    rx.assert_shapes();
    let hits = rx.hits();
    let header = |i: usize, k: &str| hits[i].header(k).unwrap().to_string();
    assert_eq!(header(0, "webhook-id"), header(1, "webhook-id"));
}

/// An endpoint-management export event carrying each provider's artifact.
const EXPORT_EVENT: &str = r#"{"event_id": "exp-1", "event_type": "endpoint.export", "export_id": "eme_0123456789ab",
    "channel": "stable", "version": "1.2.3", "approval_id": "apr-1",
    "artifacts": {"jamf-policy.json": {"name": "jamf-policy.json"},
        "intune-win32-app.json": {"name": "intune-win32-app.json"},
        "linux-fleet-manifest.json": {"name": "linux-fleet-manifest.json"}}}"#;

fn endpoint_test(provider: &str, artifact: &'static str) {
    let rx = Receiver::start(vec![status(201, "{}")], move |h| {
        let v = post_json(h, "/publish")?;
        ensure(h.header("authorization") == Some("Bearer ep-token-1"), "Bearer token")?;
        ensure(v["artifact_name"] == artifact, "artifact name")?;
        ensure(v["artifact"]["name"] == artifact, "the provider's own artifact")?;
        let ctx = &v["publication_context"];
        ensure(
            ctx["export_id"] == "eme_0123456789ab" && ctx["channel"] == "stable",
            "publication context",
        )?;
        ensure(
            ctx["artifact_sha256"][artifact].as_str().map(str::len) == Some(64),
            "artifact sha256",
        )
    });
    let mut env = env_with(
        json!({provider: {"provider": provider, "url": format!("{}/publish", rx.base), "token_env": "EP_TOKEN"}}),
    );
    env.set("EP_TOKEN", "ep-token-1");
    env.write("event.json", EXPORT_EVENT);
    deliver(&env);
    rx.assert_shapes();
    assert_eq!(rx.hits().len(), 1);
}

#[test]
fn jamf_publication() {
    endpoint_test("jamf", "jamf-policy.json");
}

#[test]
fn intune_publication() {
    endpoint_test("intune", "intune-win32-app.json");
}

#[test]
fn linux_publication() {
    endpoint_test("linux", "linux-fleet-manifest.json");
}

#[test]
fn jamf_and_intune_fetch_a_token_with_client_credentials() {
    // Jamf Pro's own token endpoint ({base}/api/oauth/token, no scope) and the
    // Microsoft identity platform for Intune (Graph scope); the client secret
    // comes from a `client_secret_file` for one and `client_secret_env` for
    // the other. The publication then carries the fetched bearer token.
    let check = |h: &Hit| -> Result<(), String> {
        if h.url == "/api/oauth/token" || h.url == "/tenant-9/oauth2/v2.0/token" {
            let body = h.text();
            ensure(h.method == "POST", "token request is a POST")?;
            ensure(
                h.header("content-type") == Some("application/x-www-form-urlencoded"),
                "form-encoded token request",
            )?;
            ensure(
                body.contains("grant_type=client_credentials"),
                "client credentials grant",
            )?;
            if h.url == "/api/oauth/token" {
                ensure(body.contains("client_id=jamf-client"), "Jamf client id")?;
                ensure(
                    body.contains("client_secret=jamf%20secret%2F1"),
                    "Jamf secret from the file",
                )?;
                ensure(!body.contains("scope="), "Jamf takes no scope")?;
            } else {
                ensure(body.contains("client_secret=intune-secret-1"), "Intune secret")?;
                ensure(
                    body.contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"),
                    "Graph scope",
                )?;
            }
            return Ok(());
        }
        post_json(
            h,
            if h.url.starts_with("/jamf") {
                "/jamf/publish"
            } else {
                "/intune/publish"
            },
        )?;
        let want = if h.url.starts_with("/jamf") {
            "Bearer jamf-token"
        } else {
            "Bearer intune-token"
        };
        ensure(h.header("authorization") == Some(want), "the fetched bearer token")
    };
    let rx = Receiver::routed(
        Box::new(check),
        Box::new(|h, _| {
            Some(match h.url.as_str() {
                "/api/oauth/token" => status(
                    200,
                    r#"{"access_token":"jamf-token","token_type":"Bearer","expires_in":1199}"#,
                ),
                "/tenant-9/oauth2/v2.0/token" => status(200, r#"{"access_token":"intune-token","expires_in":3599}"#),
                _ => status(202, "{}"),
            })
        }),
    );
    // A secret file lives outside the repository.
    let outside = tempfile::tempdir().unwrap();
    let secret_file = outside.path().join("jamf-secret.txt");
    std::fs::write(&secret_file, "jamf secret/1\n").unwrap();
    let mut env = env_with(json!({
        "jamf": {"provider": "jamf", "url": format!("{}/jamf/publish", rx.base), "client_id": "jamf-client",
            "client_secret_file": secret_file.display().to_string()},
        "intune": {"provider": "intune", "url": format!("{}/intune/publish", rx.base), "tenant_id": "tenant-9",
            "client_id": "intune-client", "client_secret_env": "INTUNE_SECRET",
            "token_url": format!("{}/tenant-9/oauth2/v2.0/token", rx.base)}
    }));
    env.set("INTUNE_SECRET", "intune-secret-1");
    env.write("event.json", EXPORT_EVENT);
    let out = deliver(&env);
    assert_eq!(out["success"], true, "{out:#}");
    assert_eq!(rx.hits().len(), 4, "two tokens, two publications");
    rx.assert_shapes();
    let text = out.to_string();
    for secret in [
        "jamf secret/1",
        "jamf%20secret%2F1",
        "intune-secret-1",
        "jamf-token",
        "intune-token",
    ] {
        assert!(!text.contains(secret), "{secret} in the evidence");
    }
}
