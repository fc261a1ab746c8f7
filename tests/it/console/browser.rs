//! A W3C WebDriver client over HTTP (ureq) for chromedriver, and the
//! checks the console must pass in a real browser.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Env, demo_json};

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = agent()
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

/// Installs Debian's chromium and chromium-driver when missing; `false`
/// (with the reason printed) when that is not possible.
fn installed() -> bool {
    if Path::new(CHROMIUM).is_file() && Path::new(DRIVER).is_file() {
        return true;
    }
    eprintln!("installing chromium and chromium-driver with apt-get …");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let install = ["install", "-y", "chromium", "chromium-driver"];
    let ok = apt(&install) || (apt(&["update"]) && apt(&install));
    if !ok || !Path::new(DRIVER).is_file() {
        eprintln!(
            "SKIPPED every_view_filters_in_headless_chromium: chromium and chromium-driver are not installed and `apt-get install -y chromium chromium-driver` failed (not root, or no package source)"
        );
        return false;
    }
    true
}

/// A client that never goes through a proxy and reads error bodies.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .new_agent()
}

fn post(url: &str, body: Value) -> Value {
    let resp = agent()
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string());
    let text = match resp {
        Ok(r) => r.into_body().read_to_string().unwrap(),
        Err(e) => panic!("{url}: {e}"),
    };
    serde_json::from_str(&text).unwrap()
}

fn get(url: &str) -> Value {
    let text = agent().get(url).call().unwrap().into_body().read_to_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

impl Browser {
    pub fn start() -> Option<Browser> {
        if !installed() {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent().get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,1800",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let session = post(&format!("{base}/session"), caps);
        let session = session["value"]["sessionId"].as_str().expect("a session").to_string();
        Some(Browser {
            driver,
            base,
            session,
            _profile: profile,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}/{path}", self.base, self.session)
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub fn exec(&self, script: &str, args: Value) -> Value {
        let v = post(&self.url("execute/sync"), json!({"script": script, "args": args}));
        assert!(v["value"].get("error").is_none(), "{script}: {}", v["value"]);
        v["value"].clone()
    }

    pub fn open(&self, url: &str) {
        post(&self.url("url"), json!({"url": url}));
    }

    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let v = get(&self.url("screenshot"));
        base64::engine::general_purpose::STANDARD
            .decode(v["value"].as_str().unwrap())
            .unwrap()
    }
}

/// Sets a filter in a view and returns (ms taken, visible rows, count text).
const FILTER: &str = r#"
    const [view, name, value] = arguments;
    const s = document.querySelector(`[data-filters="${view}"] select[data-filter="${name}"]`);
    if (!s) return {missing: true};
    const t = performance.now();
    s.value = value;
    s.dispatchEvent(new Event("change"));
    const ms = performance.now() - t;
    const body = document.querySelector(`[data-rows="${view}"] tbody`);
    const c = document.querySelector(`[data-count="${view}"]`);
    return {ms, rows: body ? body.rows.length : null, count: c ? c.textContent : null,
            options: Array.from(s.options).map(o => o.value)};
"#;

fn filter(b: &Browser, view: &str, name: &str, value: &str) -> (f64, u64, String) {
    let v = b.exec(FILTER, json!([view, name, value]));
    assert!(v.get("missing").is_none(), "no {name} filter in {view}");
    assert!(
        value.is_empty() || v["options"].as_array().unwrap().iter().any(|o| o == value),
        "{view} {name} offers {value}: {}",
        v["options"]
    );
    (
        v["ms"].as_f64().unwrap(),
        v["rows"].as_u64().unwrap_or(0),
        v["count"].as_str().unwrap_or_default().to_string(),
    )
}

fn card(b: &Browser, figure: &str) -> String {
    b.exec(
        "const c = document.querySelector(`[data-figure=\"${arguments[0]}\"] .value`); return c ? c.textContent : null;",
        json!([figure]),
    )
    .as_str()
    .unwrap_or_else(|| panic!("no card {figure}"))
    .to_string()
}

fn show(b: &Browser, view: &str) {
    b.exec(
        "document.querySelector(`a[data-view=\"${arguments[0]}\"]`).click();",
        json!([view]),
    );
    let hidden = b.exec(
        "return document.getElementById('view-' + arguments[0]).hidden;",
        json!([view]),
    );
    assert_eq!(hidden, false, "{view} is shown");
}

/// Opens `page` and prints its first render and the time of each
/// filter set to its first value (for benches/console.sh).
pub fn time_page(b: &Browser, page: &Path) {
    b.open(&format!("file://{}", page.display()));
    let render = b.exec("return window.__consoleRenderMs;", json!([]));
    println!(
        "console bench timing: first render: {:.1} ms (target < 1000 ms)",
        render.as_f64().unwrap()
    );
    let filters = b.exec(
        "return Array.from(document.querySelectorAll('[data-filters] select')).map(s => [s.closest('[data-filters]').dataset.filters, s.dataset.filter, s.options.length > 1 ? s.options[1].value : '']);",
        json!([]),
    );
    for f in filters.as_array().unwrap() {
        let (view, name, value) = (f[0].as_str().unwrap(), f[1].as_str().unwrap(), f[2].as_str().unwrap());
        let (ms, rows, count) = filter(b, view, name, value);
        println!(
            "console bench timing: {view} {name}={value}: {ms:.1} ms (target < 100 ms); {rows} rows drawn; {count}"
        );
        let (ms, _, _) = filter(b, view, name, "");
        println!("console bench timing: {view} {name} cleared: {ms:.1} ms");
    }
    let errors = b.exec("return window.__consoleErrors;", json!([]));
    assert_eq!(errors, json!([]), "the page's script logged errors");
}

pub fn check_page(b: &Browser, env: &Env, page: &Path) {
    let url = format!("file://{}", page.display());
    b.open(&url);
    let render = b.exec("return window.__consoleRenderMs;", json!([]));
    let mut timings = vec![("first render".to_string(), render.as_f64().expect("the script ran"))];

    // It opens on the Overview; a tab's badge counts what its view holds
    // that needs attention; an item's link opens its view.
    let opened = b.exec(
        "return [!document.getElementById('view-overview').hidden, document.getElementById('view-integrations').hidden, document.querySelectorAll('a[data-view] .badge').length, document.querySelectorAll('#view-overview li[data-level]').length];",
        json!([]),
    );
    assert_eq!((&opened[0], &opened[1]), (&json!(true), &json!(true)), "{opened}");
    assert!(
        opened[2].as_u64().unwrap() > 0 && opened[3].as_u64().unwrap() > 0,
        "{opened}"
    );
    let followed = b.exec(
        "document.querySelector('#view-overview li[data-level] a[data-view=aispm]').click(); return document.getElementById('view-aispm').hidden;",
        json!([]),
    );
    assert_eq!(followed, json!(false), "the item's link opened its view");
    // The delivery chart's range switch shows one range at a time.
    let ranged = b.exec(
        "document.querySelector('button[data-range=\"7\"]').click(); return Array.from(document.querySelectorAll('[data-range-pane]')).map(p => [p.dataset.rangePane, p.hidden]);",
        json!([]),
    );
    assert_eq!(ranged, json!([["7", false], ["30", true], ["90", true]]), "{ranged}");

    // Integrations: filter by category, then by owner.
    let all = demo_json(env, &["integration", "list"]);
    let all = all["items"].as_array().unwrap();
    let siem = all.iter().filter(|i| i["category"] == "siem").count() as u64;
    let (ms, rows, count) = filter(b, "integrations", "category", "siem");
    timings.push(("integrations: category".into(), ms));
    assert_eq!(rows, siem);
    assert_eq!(
        count,
        format!("Showing {siem} of {siem} matching integrations ({} in all)", all.len())
    );
    filter(b, "integrations", "category", "");
    let owner = all[0]["owner"].as_str().unwrap();
    let owned = all.iter().filter(|i| i["owner"] == owner).count() as u64;
    let (ms, rows, _) = filter(b, "integrations", "owner", owner);
    timings.push(("integrations: owner".into(), ms));
    assert_eq!(rows, owned);
    for (name, field) in [("status", "status"), ("health", "health_status")] {
        let value = all[0][field].as_str().unwrap();
        let n = all.iter().filter(|i| i[field] == value && i["owner"] == owner).count() as u64;
        let (ms, rows, _) = filter(b, "integrations", name, value);
        timings.push((format!("integrations: {name}"), ms));
        assert_eq!(rows, n, "{name}={value}");
        filter(b, "integrations", name, "");
    }

    // Release deliveries: cards, then provider / event type / outcome.
    show(b, "deliveries");
    let release = demo_json(env, &["release", "connector-delivery-dashboard"]);
    assert_eq!(
        card(b, "release.total_deliveries"),
        release["total_deliveries"].to_string()
    );
    assert_eq!(card(b, "release.alert_level"), release["alert_level"].as_str().unwrap());
    let rate = release["success_rate"]
        .as_f64()
        .map_or("n/a".into(), |r| format!("{:.1}%", r * 100.0));
    assert_eq!(card(b, "release.success_rate"), rate);
    for (name, value, args) in [
        (
            "provider",
            "webhook",
            vec!["delivery", "history", "--provider", "webhook"],
        ),
        (
            "event_type",
            "cavra.rollout_rollback_execution",
            vec![
                "delivery",
                "history",
                "--event-type",
                "cavra.rollout_rollback_execution",
            ],
        ),
    ] {
        let expected = demo_json(env, &args)["total"].as_u64().unwrap();
        let (ms, rows, _) = filter(b, "deliveries", name, value);
        timings.push((format!("deliveries: {name}"), ms));
        assert_eq!(rows, expected.min(100), "{name}={value}");
        filter(b, "deliveries", name, "");
    }
    // Failed deliveries to webhook: the CLI's own-outcome rule.
    let expected = demo_json(
        env,
        &[
            "release",
            "connector-delivery-history",
            "--provider",
            "webhook",
            "--no-success",
        ],
    );
    filter(b, "deliveries", "kind", "release-connector-delivery");
    filter(b, "deliveries", "provider", "webhook");
    let (ms, rows, _) = filter(b, "deliveries", "success", "false");
    timings.push(("deliveries: outcome".into(), ms));
    assert_eq!(rows, expected["total"].as_u64().unwrap());
    assert!(rows > 0, "the demo has a failed webhook delivery");
    // Exported as the filters leave it: the CLI's items, in CSV and JSON.
    let json_text = b.exec("return window.__cavraExport('deliveries', 'json');", json!([]));
    let exported: Value = serde_json::from_str(json_text.as_str().unwrap()).unwrap();
    let ids = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["event_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&exported), ids(&expected["items"]));
    assert!(
        exported
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["success"] == false && i["failed_providers"] == json!(["webhook"]))
    );
    let csv = b.exec("return window.__cavraExport('deliveries', 'csv');", json!([]));
    let csv = csv.as_str().unwrap();
    assert!(
        csv.starts_with(
            "seq,created_at,event_id,event_type,metadata_kind,source,providers,failed_providers,success,retry_of\r\n"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count() as u64, rows + 1, "{csv}");

    // Rollback drills: cards, then source / provider / state / kind.
    show(b, "drills");
    let drill = demo_json(env, &["drill", "dashboard"]);
    for (figure, key) in [
        (
            "drills.acknowledgement_audit_delivery_count",
            "acknowledgement_audit_delivery_count",
        ),
        (
            "drills.acknowledgement_audit_delivery_plan_count",
            "acknowledgement_audit_delivery_plan_count",
        ),
        (
            "drills.failed_acknowledgement_audit_delivery_count",
            "failed_acknowledgement_audit_delivery_count",
        ),
    ] {
        assert_eq!(card(b, figure), drill[key].to_string(), "{figure}");
    }
    assert_eq!(
        card(b, "drills.acknowledgement_audit_delivery_health"),
        drill["acknowledgement_audit_delivery_health"].as_str().unwrap()
    );
    let total = |args: &[&str]| {
        let mut full = vec!["drill", "history"];
        full.extend(args);
        demo_json(env, &full)["total"].as_u64().unwrap()
    };
    let audit_source = "go_backend_rollback_drill_acknowledgement_audit";
    let (ms, rows, _) = filter(b, "drills", "source", audit_source);
    timings.push(("drills: source".into(), ms));
    assert_eq!(rows, total(&["--connector-delivery-source", audit_source]));
    filter(b, "drills", "source", "");
    let (ms, rows, _) = filter(b, "drills", "provider", "splunk");
    timings.push(("drills: provider".into(), ms));
    assert_eq!(rows, total(&["--provider", "splunk"]));
    filter(b, "drills", "provider", "");
    let kind = "go-backend-rollback-drill-acknowledgement-audit-package";
    let (ms, rows, _) = filter(b, "drills", "kind", kind);
    timings.push(("drills: kind".into(), ms));
    assert_eq!(rows, total(&["--metadata-kind", kind]));
    filter(b, "drills", "kind", "");
    let (ms, rows, _) = filter(b, "drills", "state", "delivered");
    timings.push(("drills: state".into(), ms));
    assert_eq!(rows, total(&["--delivery-success", "true"]));
    for state in [
        "delivery_failed",
        "critical",
        "healthy",
        "outstanding",
        "resolved",
        "escalated",
    ] {
        filter(b, "drills", "state", state);
    }
    filter(b, "drills", "state", "");

    // AISPM: one tenant at a time.
    show(b, "aispm");
    let acme = demo_json(env, &["aispm", "posture", "--tenant", "acme"]);
    assert_eq!(card(b, "aispm.acme.events"), acme["events"].to_string());
    let (ms, _, _) = filter(b, "aispm", "tenant", "acme");
    timings.push(("aispm: tenant".into(), ms));
    let visible = b.exec(
        "return Array.from(document.querySelectorAll('article.tenant')).filter(a => !a.hidden).map(a => a.dataset.tenant);",
        json!([]),
    );
    assert_eq!(visible, json!(["acme"]));

    // Stores: every store of `ops stores`, with its integrity.
    show(b, "stores");
    let stores = demo_json(env, &["ops", "stores"]);
    let shown = b.exec(
        "return Array.from(document.querySelectorAll('[data-table=stores] tbody tr')).map(r => [r.dataset.store, r.querySelector('.pill').textContent]);",
        json!([]),
    );
    let expected: Vec<Value> = stores["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!([s["name"], s["checksum_state"]]))
        .collect();
    assert_eq!(shown, Value::Array(expected));

    // No script error, and nothing was requested (a CSP violation would be logged).
    let errors = b.exec("return window.__consoleErrors;", json!([]));
    assert_eq!(errors, json!([]), "the page's script logged errors");
    let resources = b.exec("return performance.getEntriesByType('resource').length;", json!([]));
    assert_eq!(resources, json!(0), "the page requested something");

    // A screenshot of the deliveries view, under the test's temp dir (and
    // where CAVRA_CONSOLE_SCREENSHOT says, for README's docs/console.png).
    show(b, "deliveries");
    for name in ["kind", "provider", "success"] {
        filter(b, "deliveries", name, "");
    }
    b.exec("window.scrollTo(0, 0);", json!([]));
    let png = b.screenshot();
    assert!(png.starts_with(b"\x89PNG"));
    let shot = env.path("console.png");
    std::fs::write(&shot, &png).unwrap();
    if let Ok(path) = std::env::var("CAVRA_CONSOLE_SCREENSHOT") {
        std::fs::write(&path, &png).unwrap();
    }
    for (what, ms) in &timings {
        println!("console timing: {what}: {ms:.1} ms");
    }
    println!("console screenshot: {}", shot.display());
}

/// Filters by the values `constructor` and `__proto__` (event types of the
/// page's deliveries, one each): each is offered and matches its one row.
pub fn check_prototype_names(b: &Browser, page: &Path) {
    b.open(&format!("file://{}", page.display()));
    for value in ["constructor", "__proto__", "toString"] {
        let (_, rows, count) = filter(b, "deliveries", "event_type", value);
        assert_eq!(rows, 1, "event_type={value}: {count}");
    }
    let errors = b.exec("return window.__consoleErrors;", json!([]));
    assert_eq!(errors, json!([]), "the page's script logged errors");
}
