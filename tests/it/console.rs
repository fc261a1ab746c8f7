//! `cavra console build`: the page's figures are the CLI's, nothing secret
//! is embedded, the same stores give the same bytes, broken stores give a
//! banner and exit 1, an empty repository a page saying what to run; and
//! in headless Chromium every view's filters work (`browser` below).

use crate::common;

use common::Env;
use common::http::{Receiver, status};
use serde_json::{Value, json};

/// The data embedded in a built page.
fn embedded(page: &str) -> Value {
    let start = page
        .find(r#"<script type="application/json" id="console-data">"#)
        .expect("the page embeds its data");
    let rest = &page[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[open..close]).expect("the embedded data is JSON")
}

/// A repository filled by `cavra demo` (integrations, release deliveries
/// and a recovered failure, drills, two AISPM tenants), under `env`'s root
/// as `demo/`.
pub fn demo_env() -> Env {
    let env = Env::outside_git();
    let run = env.run(&["demo", "--dir", env.path("demo").to_str().unwrap()]);
    assert_eq!(run.code, 0, "the demo runs:\n{}\n{}", run.stdout, run.stderr);
    env
}

/// Runs cavra in the demo repository.
fn in_demo(env: &Env, args: &[&str]) -> common::Run {
    let mut full = vec!["-C", "demo"];
    full.extend(args);
    env.run(&full)
}

fn demo_json(env: &Env, args: &[&str]) -> Value {
    let mut full = args.to_vec();
    full.extend(["--format", "json"]);
    let run = in_demo(env, &full);
    assert_eq!(run.code, 0, "cavra {args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn build(env: &Env, out: &str) -> (common::Run, String) {
    let run = in_demo(env, &["console", "build", "--output", out, "--format", "json"]);
    let page = std::fs::read_to_string(env.path("demo").join(out).join("index.html")).unwrap_or_default();
    (run, page)
}

#[test]
fn every_figure_is_the_clis_and_the_same_stores_give_the_same_bytes() {
    let env = demo_env();
    let (run, page) = build(&env, "site");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcome: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(outcome["valid"], true);
    let data = embedded(&page);

    // Dashboards: the very JSON the CLI prints, less the `schema` member
    // naming its schema (the page's data names its own).
    let dashboard = |args: &[&str]| -> Value {
        let mut v = demo_json(&env, args);
        assert_eq!(v["schema"], "cavra.delivery.dashboard.v1", "{args:?}");
        v.as_object_mut().unwrap().remove("schema");
        v
    };
    assert_eq!(data["deliveries"]["dashboard"], dashboard(&["delivery", "dashboard"]));
    assert_eq!(
        data["deliveries"]["release"],
        dashboard(&["release", "connector-delivery-dashboard"])
    );
    assert_eq!(
        data["deliveries"]["publications"],
        dashboard(&["release", "endpoint-publication-dashboard"])
    );
    assert_eq!(data["drills"]["dashboard"], dashboard(&["drill", "dashboard"]));
    assert_eq!(data["stores"], demo_json(&env, &["ops", "stores"]));
    let tenants = data["aispm"].as_array().unwrap();
    assert_eq!(tenants.len(), 2, "acme and globex");
    for t in tenants {
        let id = t["tenant"].as_str().unwrap();
        assert_eq!(
            *t,
            demo_json(&env, &["aispm", "posture", "--tenant", id]),
            "tenant {id}"
        );
    }
    // Histories: every row, in the CLI's order.
    let seqs = |items: &Value| -> Vec<u64> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["seq"].as_u64().unwrap())
            .collect()
    };
    let rows = |rows: &Value| -> Vec<u64> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r[0].as_u64().unwrap())
            .collect()
    };
    let history = demo_json(&env, &["delivery", "history"]);
    assert_eq!(rows(&data["deliveries"]["rows"]), seqs(&history["items"]));
    let drill = demo_json(&env, &["drill", "history"]);
    assert_eq!(rows(&data["drills"]["rows"]), seqs(&drill["items"]));
    assert!(!data["drills"]["rows"].as_array().unwrap().is_empty());
    // Integrations: the inventory, every one.
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["integration_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&data["integrations"]),
        ids(&demo_json(&env, &["integration", "list"])["items"])
    );
    // The per-day chart adds up to the dashboard's per-provider totals.
    for p in data["deliveries"]["dashboard"]["providers"].as_array().unwrap() {
        let name = p["provider"].as_str().unwrap();
        let (ok, failed) = data["deliveries"]["daily"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["provider"] == name)
            .fold((0, 0), |(a, b), d| {
                (a + d["success"].as_u64().unwrap(), b + d["failed"].as_u64().unwrap())
            });
        assert_eq!(
            (ok, failed),
            (p["success"].as_u64().unwrap(), p["failed"].as_u64().unwrap()),
            "{name}"
        );
    }
    // The cards show those figures.
    let release = &data["deliveries"]["release"];
    assert!(page.contains(&format!(
        r#"data-figure="release.total_deliveries"><span class="label">Deliveries</span><span class="value">{}</span>"#,
        release["total_deliveries"]
    )));

    // The Overview comes first: the worst level over every view, and each
    // open AISPM block listed with a link to its view.
    let overview = page.find(r#"id="view-overview""#).expect("an overview");
    assert!(overview < page.find(r#"id="view-integrations""#).unwrap());
    let levels: Vec<&str> = [
        &data["deliveries"]["dashboard"]["alert_level"],
        &data["deliveries"]["release"]["alert_level"],
        &data["deliveries"]["publications"]["alert_level"],
        &data["drills"]["dashboard"]["alert_level"],
    ]
    .into_iter()
    .chain(tenants.iter().map(|t| &t["level"]))
    .map(|l| l.as_str().unwrap())
    .collect();
    let worst = if levels.contains(&"critical") {
        "critical"
    } else if levels.contains(&"warning") {
        "warning"
    } else {
        "ok"
    };
    assert!(
        page.contains(&format!(
            r#"data-figure="overview.level">Worst alert level over every view: <span class="pill {worst}">"#
        )),
        "worst {worst} of {levels:?}"
    );
    let blocks: Vec<&Value> = tenants
        .iter()
        .flat_map(|t| t["open_blocks"].as_array().unwrap())
        .collect();
    assert!(!blocks.is_empty(), "the demo has open blocks");
    for b in &blocks {
        assert!(
            page.contains(&format!("block {} by agent", b["event_id"].as_str().unwrap())),
            "{b}"
        );
    }
    assert!(
        page.contains(r#"aria-label=""#) && page.contains(r#"class="badge "#),
        "tabs carry badges"
    );
    let routes = data["drills"]["dashboard"]["outstanding_routes"].as_array().unwrap();
    assert_eq!(
        routes.len() as u64,
        data["drills"]["dashboard"]["outstanding_route_count"].as_u64().unwrap()
    );
    for r in routes {
        let line = format!(
            "route {} of schedule {} (owner {}) not acknowledged",
            r["provider"].as_str().unwrap(),
            r["schedule_id"].as_str().unwrap(),
            r["owner"].as_str().unwrap()
        );
        assert!(page.contains(&line), "{line}");
    }

    // Self-contained: nothing to fetch, a strict CSP.
    assert!(page.contains("default-src 'none'"));
    for needle in [
        "http://",
        "https://",
        "src=\"",
        "@import",
        "url(",
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
    ] {
        assert!(!page.contains(needle), "the page holds {needle}");
    }
    // Deterministic: the same stores and clock give the same bytes.
    let (_, again) = build(&env, "site2");
    assert!(page == again, "two builds differ");
    // The default output is git-ignored by `cavra init`'s .gitignore.
    in_demo(&env, &["console", "build"]);
    assert!(env.path("demo/.cavra/console/index.html").is_file());
    let mut git = std::process::Command::new("git");
    git.args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(env.path("demo"));
    common::hermetic_git(&mut git, env.root());
    let status = String::from_utf8(git.output().unwrap().stdout).unwrap();
    assert!(!status.contains(".cavra/console"), "{status}");
}

#[test]
fn text_from_the_stores_cannot_break_out_of_the_page() {
    let env = Env::new();
    let name = r#"</script><!--<script>alert(1)</script> & "q" 'a' <b>"#;
    env.ok(&[
        "integration",
        "add",
        "--provider",
        "splunk",
        "--environment",
        "prod",
        "--owner",
        "soc</script>",
        "--name",
        name,
    ]);
    env.ok(&["console", "build", "--output", "out"]);
    let page = env.read("out/index.html");
    assert_eq!(
        page.matches("</script>").count(),
        3,
        "only the page's own scripts close"
    );
    assert!(!page.contains("<!--"));
    assert!(!page.contains("<b>"));
    let data = embedded(&page);
    assert_eq!(data["integrations"][0]["name"], name);
    assert_eq!(data["integrations"][0]["owner"], "soc</script>");
}

const SECRETS: &[(&str, &str)] = &[
    ("LEAK_SPLUNK_TOKEN", "LEAKSPLUNK-9f1c2e"),
    ("LEAK_SENTINEL_CLIENT_SECRET", "LEAKSENTCS-77aa01"),
    ("LEAK_DD_KEY", "LEAKDDKEY-31c0ff"),
    ("LEAK_JIRA_TOKEN", "LEAKJIRA-1234ab"),
    ("LEAK_SNOW_PASSWORD", "LEAKSNOWPW-c0ffee"),
    ("LEAK_WEBHOOK_SECRET", "LEAKWHSEC-beef42"),
    ("LEAK_WEBHOOK_AUTH", "LEAKWHAUTH-abc999"),
    ("LEAK_JAMF_CLIENT_SECRET", "LEAKJAMFCS-4242aa"),
    ("LEAK_INTUNE_TOKEN", "LEAKINTUNE-8888bb"),
];

#[test]
fn no_secret_url_or_payload_reaches_the_page() {
    let mut pages = Vec::new();
    for fail in [false, true] {
        let rx = Receiver::routed(
            Box::new(|_| Ok(())),
            Box::new(move |h, _| {
                // A failure answer echoes the request: a page that kept it would leak.
                let echo = format!("{} {} {:?} {}", h.method, h.url, h.headers, h.text());
                if h.url.contains("oauth") || h.url.contains("token") {
                    return Some(status(200, &json!({"access_token": "LEAKACCESS-issued-1"}).to_string()));
                }
                if h.method == "GET" {
                    return Some(status(200, r#"{"issues":[]}"#));
                }
                if fail {
                    return Some(status(400, &json!({"text": echo, "errorMessages": [echo]}).to_string()));
                }
                Some(if h.url.starts_with("/services/collector") {
                    status(200, r#"{"text":"Success","code":0}"#)
                } else if h.url.contains("dataCollectionRules") {
                    status(204, "")
                } else if h.url.starts_with("/services/") {
                    status(200, "ok")
                } else if h.url.contains("/rest/api/3/issue") {
                    status(201, r#"{"id":"1","key":"SEC-1","self":"x"}"#)
                } else if h.url.contains("change_request") {
                    status(201, r#"{"result":{"sys_id":"1","number":"CHG1"}}"#)
                } else {
                    status(202, "{}")
                })
            }),
        );
        let b = rx.base.clone();
        let mut env = Env::new();
        for (k, v) in SECRETS {
            env.set(k, v);
        }
        env.set("LEAK_SLACK_URL", &format!("{b}/services/T0/B0/LEAKSLACKPATH-0a9b8c"));
        env.set(
            "LEAK_TEAMS_URL",
            &format!("{b}/workflows/1/invoke?api-version=1&sig=LEAKTEAMSSIG-5d4e3f"),
        );
        env.set("CAVRA_TEST_NO_RETRY_DELAY", "1");
        env.write(
            ".cavra/connectors.json",
            &json!({"connectors": {
                "splunk": {"provider": "splunk", "url": b, "token_env": "LEAK_SPLUNK_TOKEN"},
                "sentinel": {"provider": "sentinel", "url": b, "tenant_id": "t", "client_id": "c",
                    "client_secret_env": "LEAK_SENTINEL_CLIENT_SECRET", "token_url": format!("{b}/t/oauth2/v2.0/token"),
                    "dcr_immutable_id": "d", "stream_name": "Custom-S_CL"},
                "datadog": {"provider": "datadog", "url": format!("{b}/api/v2/logs"), "api_key_env": "LEAK_DD_KEY"},
                "slack": {"provider": "slack", "url_env": "LEAK_SLACK_URL"},
                "teams": {"provider": "teams", "url_env": "LEAK_TEAMS_URL"},
                "jira": {"provider": "jira", "url": b, "email": "soc@example.com", "api_token_env": "LEAK_JIRA_TOKEN", "project_key": "SEC"},
                "servicenow": {"provider": "servicenow", "url": b, "username": "bot", "password_env": "LEAK_SNOW_PASSWORD"},
                "webhook": {"provider": "webhook", "url": format!("{b}/hook"), "secret_env": "LEAK_WEBHOOK_SECRET", "secret_encoding": "raw",
                    "authorization_env": "LEAK_WEBHOOK_AUTH"},
                "jamf": {"provider": "jamf", "url": format!("{b}/jamf"), "client_id": "c",
                    "client_secret_env": "LEAK_JAMF_CLIENT_SECRET", "token_url": format!("{b}/api/oauth/token")},
                "intune": {"provider": "intune", "url": format!("{b}/intune"), "token_env": "LEAK_INTUNE_TOKEN"},
            }})
            .to_string(),
        );
        env.write(
            "event.json",
            r#"{"event_id":"evt-7","event_type":"policy.decision","severity":"critical","payload_marker":"PAYLOADMARK-1"}"#,
        );
        env.ok(&[
            "integration",
            "add",
            "--provider",
            "splunk",
            "--environment",
            "prod",
            "--endpoint-ref",
            "https://siem.internal.example/private-ENDPOINTMARK",
        ]);
        let run = env.run(&["integration", "deliver", "event.json", "--retries", "1"]);
        assert!(run.code == 0 || fail, "{}", run.stderr);
        env.ok(&["console", "build", "--output", "out"]);
        let page = env.read("out/index.html");
        let data = embedded(&page);
        assert!(
            data["deliveries"]["rows"].as_array().is_some_and(|r| !r.is_empty()),
            "the delivery is on the page"
        );
        pages.push((page, b));
    }
    for (page, base) in &pages {
        for (_, secret) in SECRETS.iter().chain(&[
            ("", "LEAKSLACKPATH-0a9b8c"),
            ("", "LEAKTEAMSSIG-5d4e3f"),
            ("", "LEAKACCESS-issued-1"),
        ]) {
            assert!(!page.contains(secret), "the page holds {secret}");
        }
        let host = base.trim_start_matches("http://");
        assert!(!page.contains(host), "the page holds the receiver's address {host}");
        assert!(!page.contains("ENDPOINTMARK"), "the page holds an endpoint reference");
        assert!(!page.contains("PAYLOADMARK"), "the page holds a payload");
    }
}

#[test]
fn stores_that_fail_validation_give_a_page_with_a_banner_and_exit_1() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--environment", "prod"]);
    let store = env.read(".cavra/api/integrations.json");
    env.write(
        ".cavra/api/integrations.json",
        &store.replace("\"prod\"", "\"hand-edited\""),
    );
    let validate = env.run(&["validate", "--format", "json"]);
    assert_eq!(validate.code, 1);
    let problems: Value = serde_json::from_str(&validate.stdout).unwrap();
    let run = env.fails(&["console", "build", "--output", "out"], 1);
    assert!(run.stderr.contains("fail validation"), "{}", run.stderr);
    let page = env.read("out/index.html");
    assert!(page.contains(r#"<div class="banner" role="alert" id="validation">"#));
    let problems = problems["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    for p in problems {
        let message = p["message"].as_str().unwrap();
        let escaped = message
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(page.contains(&escaped), "the banner names {message}");
    }
    assert_eq!(
        embedded(&page)["validation"]["problems"].as_array().unwrap().len(),
        problems.len()
    );

    // A broken ledger: its sections say why instead of showing figures.
    let env = Env::new();
    env.append_evidence(&["a", "b"]);
    let segment = walk_files(&env.path(".cavra/evidence/metadata"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .expect("a ledger segment");
    let text = std::fs::read_to_string(&segment).unwrap().replace("\"a\"", "\"x\"");
    std::fs::write(&segment, text).unwrap();
    env.fails(&["console", "build", "--output", "out"], 1);
    let page = env.read("out/index.html");
    assert!(page.contains("Not shown:"), "a section says why it is not shown");
    assert!(page.contains(r#"id="validation""#));
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn an_empty_repository_gets_a_page_that_says_what_to_run_first() {
    let env = Env::bare();
    let run = env.ok(&["console", "build", "--output", "out", "--format", "json"]);
    let outcome: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(outcome["empty"], true);
    let page = env.read("out/index.html");
    assert!(page.contains("Nothing recorded yet"));
    assert!(page.contains("<code>cavra init</code>"));
    let env = Env::new();
    env.ok(&["console", "build"]);
    let page = env.read(".cavra/console/index.html");
    assert!(page.contains("Nothing recorded yet") && !page.contains("<code>cavra init</code>"));
    assert!(page.contains("cavra demo"));
}

#[test]
fn init_adds_the_console_to_an_older_gitignore() {
    let env = Env::bare();
    env.write(".cavra/.gitignore", ".locks/\n.*.tmp*\n");
    env.ok(&["init"]);
    assert_eq!(env.read(".cavra/.gitignore"), ".locks/\n.*.tmp*\nconsole/\n");
    let again = env.json(&["init"]);
    assert_eq!(again["created"], json!([]));
    assert_eq!(env.read(".cavra/.gitignore"), ".locks/\n.*.tmp*\nconsole/\n");
    assert!(
        common::open_repo(env.root())
            .is_path_ignored(std::path::Path::new(".cavra/console/index.html"))
            .unwrap()
    );
}

/// The page in headless Chromium (see `browser`).
#[test]
fn every_view_filters_in_headless_chromium() {
    let Some(browser) = browser::Browser::start() else {
        return;
    };
    // benches/console.sh: time a large page instead.
    if let Ok(page) = std::env::var("CAVRA_CONSOLE_BENCH_PAGE") {
        browser::time_page(&browser, std::path::Path::new(&page));
        return;
    }
    let env = demo_env();
    let (run, _) = build(&env, "site");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = env.path("demo/site/index.html");
    browser::check_page(&browser, &env, &page);
}

/// Values that name Object.prototype's members are filtered like any other.
#[test]
fn filters_match_constructor_and_proto_in_headless_chromium() {
    let Some(browser) = browser::Browser::start() else {
        return;
    };
    let rx = Receiver::start(vec![status(204, "")], |_| Ok(()));
    let env = Env::new();
    env.write(
        ".cavra/connectors.json",
        &json!({"connectors": {"hook": {"provider": "webhook", "url": format!("{}/hook", rx.base)}}}).to_string(),
    );
    for (i, t) in ["constructor", "__proto__", "toString", "policy.decision"]
        .iter()
        .enumerate()
    {
        env.write(
            "event.json",
            &json!({"event_id": format!("evt-{i}"), "event_type": t}).to_string(),
        );
        env.ok(&["integration", "deliver", "event.json"]);
    }
    env.ok(&["console", "build", "--output", "site"]);
    browser::check_prototype_names(&browser, &env.path("site/index.html"));
}

#[path = "console/browser.rs"]
mod browser;

/// The header says what the page was built from: "committed" only when the
/// working tree is HEAD's, else the commit it differs from, or no commit.
#[test]
fn the_provenance_line_says_committed_only_when_it_is() {
    let env = Env::new();
    env.ok(&["integration", "add", "--provider", "splunk", "--integration-id", "s"]);
    let page = |env: &Env| {
        env.ok(&["console", "build", "--output", "out"]);
        let page = env.read("out/index.html");
        let start = page.find(r#"id="provenance">"#).unwrap();
        page[start..start + page[start..].find("</p>").unwrap()].to_string()
    };
    let line = page(&env);
    assert!(line.contains("the repository has no commit yet"), "{line}");
    assert!(!line.contains("committed"), "{line}");
    assert!(
        line.contains(&format!("built at <time>{}</time>", common::NOW)),
        "{line}"
    );
    assert!(line.contains(&format!("cavra {}", env!("CARGO_PKG_VERSION"))), "{line}");
    std::fs::write(env.path(".gitignore"), "out/\n").unwrap();
    env.git_ok(&["add", "-A"]);
    env.git_ok(&["commit", "-qm", "stores"]);
    let head = env.git_ok(&["rev-parse", "HEAD"]).stdout.trim().to_string();
    let branch = env.git_ok(&["branch", "--show-current"]).stdout.trim().to_string();
    let line = page(&env);
    assert!(
        line.contains(&format!(
            "Built from the stores committed at <code>{}</code> on branch <code>{branch}</code>",
            &head[..12]
        )),
        "{line}"
    );
    // An uncommitted change (a hand edit, a new record): not "committed".
    env.ok(&["integration", "update", "s", "--owner", "soc"]);
    let line = page(&env);
    assert!(!line.contains("committed at"), "{line}");
    assert!(
        line.contains(&format!(
            "working tree, whose stores differ from commit <code>{}</code>",
            &head[..12]
        )),
        "{line}"
    );
}

/// Past the newest 20,000 deliveries the page stays the same size: its
/// table holds the newest, its figures and chart count every one, and
/// every delivery is in `deliveries.csv` beside it.
#[test]
fn a_long_history_keeps_the_page_small_and_every_delivery_beside_it() {
    let env = Env::new();
    let n = 20_003;
    let records: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "metadata_kind": "connector-delivery",
                "connector_delivery_source": "cli_integration_deliver",
                "created_at": common::NOW,
                "event_id": format!("=cmd|{i}"),
                "event_type": "policy.decision",
                "delivery_success": i % 10 != 3,
                "providers": ["webhook"],
                "failed_providers": if i % 10 == 3 { json!(["webhook"]) } else { json!([]) },
                "attempt_count": 1,
            })
        })
        .collect();
    env.append_evidence_records(&records);
    let out = env.json(&["console", "build", "--output", "out"]);
    assert_eq!(out["deliveries"], n);
    let page = env.read("out/index.html");
    let data = embedded(&page);
    assert_eq!(data["deliveries"]["rows"].as_array().unwrap().len(), 20_000);
    assert_eq!(data["deliveries"]["total_rows"], n);
    assert_eq!(data["deliveries"]["dashboard"]["total_deliveries"], n);
    assert!(page.contains(r#"id="deliveries-capped""#), "no note on the cap");
    assert!(page.contains("newest 20000 of 20003 deliveries"));
    let csv = env.read("out/deliveries.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), n + 1);
    assert!(lines[0].starts_with("seq,created_at,event_id,"));
    // A value a spreadsheet would run as a formula is not one.
    assert!(
        lines[1].starts_with(&format!("1,{},'=cmd|0,", common::NOW)),
        "{}",
        lines[1]
    );
    let data_dashboard = env.json(&["delivery", "dashboard"]);
    assert_eq!(
        data_dashboard["failed_deliveries"],
        data["deliveries"]["dashboard"]["failed_deliveries"]
    );
}

/// `deliveries.csv` is staged as the ledger streams by and renamed in only
/// when every delivery was read: a ledger broken since the last build
/// leaves the last good file (and no staged copy); a symlink in its place
/// is refused before anything is written.
#[test]
fn deliveries_csv_is_replaced_whole_or_not_at_all() {
    let env = Env::new();
    let records: Vec<Value> = ["evt-a", "evt-b"]
        .iter()
        .map(|id| {
            json!({"metadata_kind": "connector-delivery", "created_at": common::NOW, "event_id": id,
                "event_type": "policy.decision", "delivery_success": true, "providers": ["webhook"]})
        })
        .collect();
    env.append_evidence_records(&records);
    env.ok(&["console", "build", "--output", "out"]);
    let good = env.read("out/deliveries.csv");
    assert_eq!(good.lines().count(), 3, "{good}");
    let segment = walk_files(&env.path(".cavra/evidence/metadata"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .expect("a ledger segment");
    let text = std::fs::read_to_string(&segment).unwrap();
    std::fs::write(&segment, text.replace("evt-b", "evt-x")).unwrap();
    env.fails(&["console", "build", "--output", "out"], 1);
    assert_eq!(env.read("out/deliveries.csv"), good);
    let names: Vec<String> = std::fs::read_dir(env.path("out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    std::fs::write(&segment, text).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("kept.csv");
    std::fs::write(&target, "kept").unwrap();
    std::fs::remove_file(env.path("out/deliveries.csv")).unwrap();
    std::os::unix::fs::symlink(&target, env.path("out/deliveries.csv")).unwrap();
    let run = env.fails(&["console", "build", "--output", "out"], 4);
    assert!(run.stderr.contains("is a symlink"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
}
