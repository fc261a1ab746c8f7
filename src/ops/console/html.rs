//! The page: static HTML for the figures (cards, charts, stores), the data
//! as JSON for the filtered tables, and the stylesheet and script written
//! for it (`console.css`, `console.js`, embedded at compile time). Every
//! string from the stores is escaped here, in text and in the JSON.

use std::fmt::Write;

use serde_json::Value;

use super::charts::{daily_chart, severity_chart};
use super::data::{Data, Section};
use crate::ops::history::dashboard::Dashboard;

const CSS: &str = include_str!("console.css");
const JS: &str = include_str!("console.js");

/// Nothing may be fetched: not a script, style, font, image, frame or connection.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// A view's history: its filters, its count, an empty table with these
/// column headings (the script fills it) and its "Show more" button, all
/// tied to the script by `name`.
fn history_table(out: &mut String, name: &str, columns: &[&str]) {
    out.push_str(&format!(
        r#"<h3>History</h3><div class="filters" data-filters="{name}"></div><p class="count" aria-live="polite" data-count="{name}"></p><p class="export">Export what the filters leave: <button type="button" data-export="{name}" data-export-format="csv">CSV</button> <button type="button" data-export="{name}" data-export-format="json">JSON</button></p><div class="scroll"><table data-rows="{name}"><thead><tr>"#
    ));
    for c in columns {
        out.push_str(&format!(r#"<th scope="col">{c}</th>"#));
    }
    out.push_str(&format!(
        r#"</tr></thead><tbody></tbody></table></div><button type="button" class="more" data-more="{name}" hidden>Show more</button>"#
    ));
}

/// `text` escaped for HTML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `data` as JSON that is safe inside `<script type="application/json">`:
/// no `<`, `>` or `&` (so no `</script>` or `<!--`), and no U+2028/9.
pub fn script_json(data: &Data) -> String {
    let json = serde_json::to_string(data).expect("console data serializes");
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".to_string(), |r| format!("{:.1}%", r * 100.0))
}

fn card(out: &mut String, figure: &str, label: &str, value: &str, tone: &str) {
    let _ = write!(
        out,
        r#"<div class="card {tone}" data-figure="{}"><span class="label">{}</span><span class="value">{}</span></div>"#,
        esc(figure),
        esc(label),
        esc(value)
    );
}

fn level_tone(level: &str) -> &'static str {
    match level {
        "critical" => "critical",
        "warning" => "warning",
        "none" | "ok" | "healthy" => "ok",
        _ => "",
    }
}

/// The cards and provider table of one delivery dashboard.
fn dashboard_cards(out: &mut String, key: &str, title: &str, d: &Dashboard) {
    let _ = write!(
        out,
        r#"<section class="dash" aria-labelledby="h-{key}"><h3 id="h-{key}">{}</h3><div class="cards">"#,
        esc(title)
    );
    let level = d.alert_level.as_str();
    card(
        out,
        &format!("{key}.alert_level"),
        "Alert level",
        level,
        level_tone(level),
    );
    card(
        out,
        &format!("{key}.total_deliveries"),
        "Deliveries",
        &d.total_deliveries.to_string(),
        "",
    );
    card(
        out,
        &format!("{key}.success_rate"),
        "Success rate",
        &rate(d.success_rate),
        "",
    );
    card(
        out,
        &format!("{key}.successful_deliveries"),
        "Delivered",
        &d.successful_deliveries.to_string(),
        "",
    );
    let failed_tone = if d.failed_deliveries > d.recovered_deliveries {
        "critical"
    } else {
        ""
    };
    card(
        out,
        &format!("{key}.failed_deliveries"),
        "Failed",
        &d.failed_deliveries.to_string(),
        failed_tone,
    );
    card(
        out,
        &format!("{key}.recovered_deliveries"),
        "Recovered by retry",
        &d.recovered_deliveries.to_string(),
        "",
    );
    out.push_str("</div>");
    if !d.providers.is_empty() {
        let _ = write!(
            out,
            r#"<div class="scroll"><table class="providers" data-table="{key}.providers"><caption>Per provider, each by its own outcome</caption><thead><tr><th scope="col">Provider</th><th scope="col" class="num">Deliveries</th><th scope="col" class="num">Delivered</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Recovered</th><th scope="col">Last delivery</th></tr></thead><tbody>"#
        );
        for p in &d.providers {
            let _ = write!(
                out,
                r#"<tr data-provider="{0}"><th scope="row">{0}</th><td class="num">{1}</td><td class="num">{2}</td><td class="num">{3}</td><td class="num">{4}</td><td>{5}</td></tr>"#,
                esc(&p.provider),
                p.total,
                p.success,
                p.failed,
                p.recovered,
                esc(p.last_delivery_at.as_deref().unwrap_or("-"))
            );
        }
        out.push_str("</tbody></table></div>");
    }
    alerts(out, d);
    out.push_str("</section>");
}

fn alerts(out: &mut String, d: &Dashboard) {
    if d.alerts.is_empty() {
        return;
    }
    out.push_str(r#"<ul class="alerts">"#);
    for a in &d.alerts {
        let level = a.level.as_str();
        let _ = write!(
            out,
            r#"<li class="{}"><strong>{}</strong> {}</li>"#,
            level_tone(level),
            esc(level),
            esc(&a.message)
        );
    }
    out.push_str("</ul>");
}

fn unavailable(out: &mut String, error: &str) {
    let _ = write!(
        out,
        r#"<p class="unavailable" role="status">Not shown: {}</p>"#,
        esc(error)
    );
}

fn banner(out: &mut String, data: &Data) {
    if data.validation.ok {
        return;
    }
    let n = data.validation.problems.len();
    let _ = write!(
        out,
        r#"<div class="banner" role="alert" id="validation"><h2>The stores fail validation: {n} problem{}</h2><p>These are the problems the stores' own checks find (schema, checksum, hash chain, secrets), as <code>cavra validate</code> names them; <code>cavra validate</code> also anchors the ledgers in git. Figures of a store that cannot be read are not shown. Fix them, then build the console again.</p><ul>"#,
        if n == 1 { "" } else { "s" }
    );
    for p in &data.validation.problems {
        let mut place = p.file.clone();
        if let Some(line) = p.line {
            let _ = write!(place, ":{line}");
        }
        for (what, v) in [("record", &p.record), ("field", &p.field)] {
            if let Some(v) = v {
                let _ = write!(place, " {what} {v}");
            }
        }
        let _ = write!(out, "<li><code>{}</code>: {}", esc(&place), esc(&p.message));
        if let Some(h) = &p.hint {
            let _ = write!(out, r#" <span class="hint">(hint: {})</span>"#, esc(h));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></div>");
}

fn empty_notice(out: &mut String, data: &Data) {
    if !data.empty {
        return;
    }
    out.push_str(r#"<div class="notice" id="empty" role="status"><h2>Nothing recorded yet</h2><ol>"#);
    if !data.initialised {
        out.push_str("<li>Run <code>cavra init</code> to lay out <code>.cavra/</code> in this repository.</li>");
    }
    out.push_str(
        "<li>Add an integration: <code>cavra integration add --provider splunk --environment prod --owner team-a --name \"SIEM\"</code>, or import an inventory with <code>cavra integration import FILE</code>.</li>\
         <li>Deliver evidence: <code>cavra integration deliver</code>; or take the tour with <code>cavra demo</code>, which fills a scratch repository.</li>\
         <li>Then build this page again: <code>cavra console build</code>.</li></ol></div>",
    );
}

fn drill_cards(out: &mut String, d: &Dashboard) {
    let x = &d.extra;
    let num = |k: &str| x.get(k).map_or_else(|| "0".to_string(), |v| v.to_string());
    let health = x
        .get("acknowledgement_audit_delivery_health")
        .and_then(Value::as_str)
        .unwrap_or("warning");
    out.push_str(r#"<div class="cards">"#);
    card(
        out,
        "drills.alert_level",
        "Alert level",
        d.alert_level.as_str(),
        level_tone(d.alert_level.as_str()),
    );
    card(
        out,
        "drills.acknowledgement_audit_delivery_health",
        "Audit delivery health",
        health,
        level_tone(health),
    );
    card(
        out,
        "drills.acknowledgement_audit_delivery_plan_count",
        "Audit delivery plans",
        &num("acknowledgement_audit_delivery_plan_count"),
        "",
    );
    card(
        out,
        "drills.acknowledgement_audit_delivery_count",
        "Audit sends",
        &num("acknowledgement_audit_delivery_count"),
        "",
    );
    let failed = num("failed_acknowledgement_audit_delivery_count");
    card(
        out,
        "drills.failed_acknowledgement_audit_delivery_count",
        "Failed audit sends",
        &failed,
        if failed == "0" { "" } else { "critical" },
    );
    card(
        out,
        "drills.acknowledgement_audit_delivery_success_rate",
        "Audit success rate",
        &rate(
            x.get("acknowledgement_audit_delivery_success_rate")
                .and_then(Value::as_f64),
        ),
        "",
    );
    card(
        out,
        "drills.acknowledgement_audit_package_count",
        "Audit packages",
        &num("acknowledgement_audit_package_count"),
        "",
    );
    card(
        out,
        "drills.notification_delivery_count",
        "Notification sends",
        &num("notification_delivery_count"),
        "",
    );
    card(
        out,
        "drills.outstanding_route_count",
        "Unacknowledged routes",
        &num("outstanding_route_count"),
        if num("outstanding_route_count") == "0" {
            ""
        } else {
            "critical"
        },
    );
    card(out, "drills.schedule_count", "Schedules", &num("schedule_count"), "");
    out.push_str("</div>");
    alerts(out, d);
}

/// How far each connector's forwarding is behind (nothing when none forwards).
fn forwarding(out: &mut String, tenant: &str, lags: &Value) {
    let Some(lags) = lags.as_array().filter(|l| !l.is_empty()) else {
        return;
    };
    let _ = write!(
        out,
        r#"<table data-table="aispm.{}.forwarding"><thead><tr><th scope="col">Forwarding to</th><th scope="col" class="num">Events behind</th><th scope="col" class="num">Time behind</th><th scope="col">Last forwarded event</th></tr></thead><tbody>"#,
        esc(tenant)
    );
    for l in lags {
        let secs = l["behind_seconds"]
            .as_i64()
            .map_or("-".to_string(), |s| format!("{s}s"));
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            esc(l["connector"].as_str().unwrap_or_default()),
            l["behind_events"],
            esc(&secs),
            esc(l["last_forwarded_event_at"].as_str().unwrap_or("-")),
        );
    }
    out.push_str("</tbody></table>");
}

fn aispm_tenant(out: &mut String, t: &Value) {
    let tenant = t["tenant"].as_str().unwrap_or_default();
    let _ = write!(
        out,
        r#"<article class="tenant" data-tenant="{0}" aria-labelledby="h-tenant-{0}"><h3 id="h-tenant-{0}">Tenant {0}</h3>"#,
        esc(tenant)
    );
    if let Some(e) = t.get("error").and_then(Value::as_str) {
        unavailable(out, e);
        out.push_str("</article>");
        return;
    }
    let open_blocks = t["open_blocks"].as_array().map_or(&[][..], Vec::as_slice);
    let critical = open_blocks.iter().filter(|b| b["severity"] == "critical").count();
    let collectors = t["collectors"].as_array().map_or(&[][..], Vec::as_slice);
    let reporting = collectors.iter().filter(|c| c["reporting"] == true).count();
    let h = &t["health"];
    // A percentile is null past the histogram's last bucket (a week) and
    // when nothing was received: the first is ">7d", the second "-".
    let received = h["lag_histogram"]
        .as_object()
        .is_some_and(|m| m.values().any(|n| n.as_u64().unwrap_or(0) > 0));
    let lag = |q: &str| match h["lag_seconds"][q].as_i64() {
        Some(s) => format!("≤{s}s"),
        None if received => ">7d".to_string(),
        None => "-".to_string(),
    };
    let key = |k: &str| format!("aispm.{tenant}.{k}");
    let level = t["level"].as_str().unwrap_or_default();
    out.push_str(r#"<div class="cards">"#);
    card(out, &key("level"), "Posture", level, level_tone(level));
    card(out, &key("events"), "Events", &t["events"].to_string(), "");
    card(
        out,
        &key("open_critical_blocks"),
        "Open critical blocks",
        &critical.to_string(),
        if critical > 0 { "critical" } else { "" },
    );
    card(
        out,
        &key("open_blocks"),
        "Open blocks",
        &open_blocks.len().to_string(),
        "",
    );
    card(
        out,
        &key("open_approvals"),
        "Open approvals",
        &t["open_approvals"].as_array().map_or(0, Vec::len).to_string(),
        "",
    );
    card(
        out,
        &key("collectors_reporting"),
        "Collectors reporting",
        &format!("{reporting} of {}", collectors.len()),
        if reporting < collectors.len() { "warning" } else { "" },
    );
    card(out, &key("lag_p50"), "Lag p50", &lag("p50"), "");
    card(out, &key("lag_p95"), "Lag p95", &lag("p95"), "");
    card(out, &key("accepted"), "Accepted", &h["accepted"].to_string(), "");
    card(out, &key("duplicates"), "Duplicates", &h["duplicates"].to_string(), "");
    card(out, &key("rejected"), "Rejected", &h["rejected"].to_string(), "");
    card(
        out,
        &key("storage_failures"),
        "Storage failures",
        &h["storage_failures"].to_string(),
        "",
    );
    out.push_str("</div>");
    forwarding(out, tenant, &h["forwarding"]);
    let counts = &t["counts"];
    if let Some(s) = counts["by_severity"].as_object() {
        severity_chart(out, tenant, s);
    }
    out.push_str(r#"<div class="grid">"#);
    for (field, title) in [
        ("by_event_type", "Event type"),
        ("by_decision", "Decision"),
        ("by_severity", "Severity"),
    ] {
        let _ = write!(
            out,
            r#"<table data-table="aispm.{}.{field}"><thead><tr><th scope="col">{title}</th><th scope="col" class="num">Events</th></tr></thead><tbody>"#,
            esc(tenant)
        );
        let mut none = true;
        for (k, v) in counts[field].as_object().into_iter().flatten() {
            none = false;
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}</th><td class="num">{v}</td></tr>"#,
                esc(k)
            );
        }
        if none {
            out.push_str(r#"<tr><td colspan="2">no event yet</td></tr>"#);
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div>");
    if !collectors.is_empty() {
        out.push_str(r#"<div class="scroll"><table><caption>Collector coverage</caption><thead><tr><th scope="col">Collector</th><th scope="col">Status</th><th scope="col">Reporting</th><th scope="col" class="num">Events</th><th scope="col">Last event</th></tr></thead><tbody>"#);
        for c in collectors {
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                esc(c["collector_id"].as_str().unwrap_or_default()),
                esc(c["status"].as_str().unwrap_or_default()),
                if c["reporting"] == true { "yes" } else { "no" },
                c["events"],
                esc(c["last_event"].as_str().unwrap_or("-"))
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</article>");
}

fn stores_table(out: &mut String, data: &Data) {
    out.push_str(r#"<div class="scroll"><table data-table="stores"><thead><tr><th scope="col">Store</th><th scope="col">Kind</th><th scope="col">Path</th><th scope="col" class="num">Records</th><th scope="col" class="num">Bytes</th><th scope="col">Integrity</th><th scope="col" class="num">Problems</th></tr></thead><tbody>"#);
    for s in &data.stores.stores {
        let tone = match s.checksum_state.as_str() {
            "ok" => "ok",
            "absent" => "",
            _ => "critical",
        };
        let _ = write!(
            out,
            r#"<tr data-store="{0}"><th scope="row">{0}</th><td>{1}</td><td><code>{2}</code></td><td class="num">{3}</td><td class="num">{4}</td><td><span class="pill {tone}">{5}</span></td><td class="num">{6}</td></tr>"#,
            esc(&s.name),
            esc(&s.kind),
            esc(&s.path),
            s.records,
            s.bytes,
            esc(&s.checksum_state),
            s.problems
        );
    }
    out.push_str("</tbody></table></div>");
}

/// One thing that needs attention, for the Overview: how grave, in which
/// view, what.
#[derive(Debug, PartialEq)]
struct Attention {
    /// `critical` or `warning`.
    level: &'static str,
    /// The view it links to (`aispm`, `drills`, …).
    view: &'static str,
    text: String,
}

/// At most this many items of one view are listed; the rest are counted.
const OVERVIEW_PER_VIEW: usize = 50;

fn attention_level(level: &str) -> Option<&'static str> {
    match level {
        "critical" => Some("critical"),
        "warning" => Some("warning"),
        _ => None,
    }
}

/// A dashboard's alerts (failed deliveries not recovered, routes not
/// acknowledged, …), each as its own item.
fn dashboard_attention(view: &'static str, title: &str, d: &Dashboard, out: &mut Vec<Attention>) {
    for a in &d.alerts {
        if let Some(level) = attention_level(a.level.as_str()) {
            out.push(Attention {
                level,
                view,
                text: match title {
                    "" => a.message.clone(),
                    _ => format!("{title}: {}", a.message),
                },
            });
        }
    }
}

/// A tenant's open blocks and approval requests (id, agent, repository,
/// since when) and its quarantined lines.
fn aispm_attention(t: &Value, out: &mut Vec<Attention>) {
    let tenant = t["tenant"].as_str().unwrap_or_default();
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    let items = |key: &str| t[key].as_array().map_or(&[][..], Vec::as_slice);
    for b in items("open_blocks") {
        let level = if b["severity"] == "critical" {
            "critical"
        } else {
            "warning"
        };
        out.push(Attention {
            level,
            view: "aispm",
            text: format!(
                "tenant {tenant}: open {} block {} by agent {} in {}, since {}",
                s(&b["severity"]),
                s(&b["event_id"]),
                s(&b["agent_id"]),
                s(&b["repository"]),
                s(&b["occurred_at"])
            ),
        });
    }
    for a in items("open_approvals") {
        out.push(Attention {
            level: "warning",
            view: "aispm",
            text: format!(
                "tenant {tenant}: approval {} requested by agent {} in {}, since {}, not answered",
                s(&a["event_id"]),
                s(&a["agent_id"]),
                s(&a["repository"]),
                s(&a["occurred_at"])
            ),
        });
    }
    let quarantined = t["health"]["quarantined"].as_u64().unwrap_or(0);
    if quarantined > 0 {
        out.push(Attention {
            level: "warning",
            view: "aispm",
            text: format!(
                "tenant {tenant}: {quarantined} quarantined line{} (`cavra aispm quarantine list --tenant {tenant}`)",
                if quarantined == 1 { "" } else { "s" }
            ),
        });
    }
}

/// Integrations whose health is failed (critical) or degraded, or that
/// were last checked more than 30 days before `now`.
fn integration_attention(rows: &[super::data::IntegrationRow], now: &str, out: &mut Vec<Attention>) {
    let now = crate::clock::Timestamp::parse(now);
    for r in rows {
        let who = format!("integration {} ({}, owner {})", r.integration_id, r.provider, r.owner);
        match r.health_status.as_str() {
            Some("failed") => out.push(Attention {
                level: "critical",
                view: "integrations",
                text: format!("{who} is failed"),
            }),
            Some("degraded") => out.push(Attention {
                level: "warning",
                view: "integrations",
                text: format!("{who} is degraded"),
            }),
            _ => {}
        }
        let checked = r.last_checked_at.as_deref().and_then(crate::clock::Timestamp::parse);
        if let (Some(now), Some(at)) = (now, checked)
            && at.plus_seconds(30 * 86_400) < now
        {
            out.push(Attention {
                level: "warning",
                view: "integrations",
                text: format!("{who} was last checked at {}, over 30 days ago", at.rfc3339()),
            });
        }
    }
}

/// Everything the page's data says needs attention, graver first.
fn attention(data: &Data) -> Vec<Attention> {
    let mut out = Vec::new();
    if !data.validation.ok {
        let n = data.validation.problems.len();
        out.push(Attention {
            level: "critical",
            view: "stores",
            text: format!(
                "the stores fail validation: {n} problem{}",
                if n == 1 { "" } else { "s" }
            ),
        });
    }
    if let Section::Ok(rows) = &data.integrations {
        integration_attention(rows, &data.now, &mut out);
    }
    if let Section::Ok(d) = &data.deliveries {
        dashboard_attention("deliveries", "Release connector deliveries", &d.release, &mut out);
        dashboard_attention("deliveries", "Endpoint publications", &d.publications, &mut out);
        dashboard_attention("deliveries", "Every delivery", &d.dashboard, &mut out);
    }
    if let Section::Ok(d) = &data.drills {
        // Each route not acknowledged, with its owner.
        let routes = d.dashboard.extra.get("outstanding_routes").and_then(Value::as_array);
        for r in routes.map_or(&[][..], Vec::as_slice) {
            let s = |k: &str| r[k].as_str().unwrap_or("-").to_string();
            out.push(Attention {
                level: "critical",
                view: "drills",
                text: format!(
                    "route {} of schedule {} (owner {}) not acknowledged",
                    s("provider"),
                    s("schedule_id"),
                    s("owner")
                ),
            });
        }
        // The view is the drills' only dashboard: its link names it.
        dashboard_attention("drills", "", &d.dashboard, &mut out);
    }
    if let Section::Ok(tenants) = &data.aispm {
        for t in tenants {
            aispm_attention(t, &mut out);
        }
    }
    // Critical first, each level in the order found (stable).
    out.sort_by_key(|a| a.level != "critical");
    out
}

/// The views, in tab order.
const VIEWS: [(&str, &str); 6] = [
    ("overview", "Overview"),
    ("integrations", "Integrations"),
    ("deliveries", "Release deliveries"),
    ("drills", "Rollback drills"),
    ("aispm", "AISPM posture"),
    ("stores", "Stores"),
];

/// The Overview: the worst level over every view, then what needs
/// attention, each item linking to its view (at most
/// [`OVERVIEW_PER_VIEW`] per view, the rest counted).
fn overview(out: &mut String, items: &[Attention]) {
    let worst = items.first().map_or("ok", |a| a.level);
    let _ = write!(
        out,
        r#"<section class="view" id="view-overview" aria-labelledby="h-overview"><h2 id="h-overview">Overview</h2><p class="worst" data-figure="overview.level">Worst alert level over every view: <span class="pill {0}">{1}</span></p>"#,
        level_tone(worst),
        if worst == "ok" {
            "ok: nothing needs attention"
        } else {
            worst
        },
    );
    if !items.is_empty() {
        out.push_str(r#"<ul class="attention">"#);
        // Critical items first, over every view, then warnings; at most
        // OVERVIEW_PER_VIEW of each view in all.
        let mut listed: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for level in ["critical", "warning"] {
            for (view, label) in VIEWS {
                for a in items.iter().filter(|a| a.view == view && a.level == level) {
                    let n = listed.entry(view).or_default();
                    if *n == OVERVIEW_PER_VIEW {
                        break;
                    }
                    *n += 1;
                    let _ = write!(
                        out,
                        r##"<li data-level="{0}"><span class="pill {0}">{0}</span> <a href="#view-{1}" data-view="{1}">{2}</a>: {3}</li>"##,
                        a.level,
                        view,
                        esc(label),
                        esc(&a.text)
                    );
                }
            }
        }
        for (view, label) in VIEWS {
            let of_view: Vec<&Attention> = items.iter().filter(|a| a.view == view).collect();
            if of_view.len() > OVERVIEW_PER_VIEW {
                let _ = write!(
                    out,
                    r##"<li><a href="#view-{view}" data-view="{view}">{}</a>: and {} more</li>"##,
                    esc(label),
                    of_view.len() - OVERVIEW_PER_VIEW
                );
            }
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

/// The whole page.
pub fn page(data: &Data) -> String {
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>cavra evidence console</title>
<script>window.__consoleErrors=[];window.addEventListener("error",function(e){{window.__consoleErrors.push(String(e.message||e))}});window.addEventListener("unhandledrejection",function(e){{window.__consoleErrors.push(String(e.reason))}});</script>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the views</a>
<header><h1>cavra evidence console</h1><p class="meta" id="provenance">{}; drill schedules judged at <time>{}</time>. Metadata only: no credential, URL or payload.</p>
<nav aria-label="Views"><ul class="tabs">"##,
        CSP,
        provenance_line(&data.provenance),
        esc(&data.now)
    );
    let items = attention(data);
    for (id, label) in VIEWS {
        // A badge: how many items of the view need attention, in the tone
        // of the gravest.
        let of_view: Vec<&Attention> = items.iter().filter(|a| a.view == id).collect();
        let badge = match of_view.first() {
            Some(first) if id != "overview" => format!(
                r#" <span class="badge {}" aria-label="{n} need attention">{n}</span>"#,
                level_tone(first.level),
                n = of_view.len()
            ),
            _ => String::new(),
        };
        let _ = write!(
            out,
            r##"<li><a href="#view-{id}" data-view="{id}">{label}{badge}</a></li>"##
        );
    }
    out.push_str("</ul></nav></header>\n");
    banner(&mut out, data);
    empty_notice(&mut out, data);
    out.push_str(r#"<main id="main" tabindex="-1">"#);
    overview(&mut out, &items);

    out.push_str(r#"<section class="view" id="view-integrations" aria-labelledby="h-integrations"><h2 id="h-integrations">Integrations</h2>"#);
    match &data.integrations {
        Section::Ok(_) => out.push_str(r#"<div class="filters" data-filters="integrations"></div><p class="count" aria-live="polite" data-count="integrations"></p><div class="scroll"><table data-rows="integrations"><thead><tr><th scope="col">Integration</th><th scope="col">Provider</th><th scope="col">Environment</th><th scope="col">Capabilities</th><th scope="col">Status</th><th scope="col">Health</th><th scope="col">Owner</th><th scope="col">Last checked</th></tr></thead><tbody></tbody></table></div><button type="button" class="more" data-more="integrations" hidden>Show more</button>"#),
        Section::Unavailable { error } => unavailable(&mut out, error),
    }
    out.push_str("</section>\n");

    out.push_str(r#"<section class="view" id="view-deliveries" aria-labelledby="h-deliveries"><h2 id="h-deliveries">Release deliveries and endpoint publications</h2>"#);
    match &data.deliveries {
        Section::Ok(d) => {
            dashboard_cards(
                &mut out,
                "release",
                "Release connector deliveries (promotion audits, rollbacks)",
                &d.release,
            );
            dashboard_cards(&mut out, "publications", "Endpoint publications", &d.publications);
            dashboard_cards(&mut out, "deliveries", "Every delivery", &d.dashboard);
            daily_chart(&mut out, &d.daily);
            if d.total_rows > d.rows.len() {
                out.push_str(&format!(
                    r#"<p class="note" id="deliveries-capped">The table holds the newest {} of {} deliveries (the figures and the chart count every one). Every delivery is in <a href="{csv}">{csv}</a> beside this page; <code>cavra delivery history --format json</code> lists them with filters.</p>"#,
                    d.rows.len(),
                    d.total_rows,
                    csv = super::data::DELIVERIES_CSV
                ));
            }
            history_table(
                &mut out,
                "deliveries",
                &["Time", "Event", "Event type", "Kind", "Providers", "Outcome"],
            );
        }
        Section::Unavailable { error } => unavailable(&mut out, error),
    }
    out.push_str("</section>\n");

    out.push_str(
        r#"<section class="view" id="view-drills" aria-labelledby="h-drills"><h2 id="h-drills">Rollback drills</h2>"#,
    );
    match &data.drills {
        Section::Ok(d) => {
            drill_cards(&mut out, &d.dashboard);
            history_table(
                &mut out,
                "drills",
                &["Time", "Entry", "Kind", "Schedule", "Providers", "State"],
            );
        }
        Section::Unavailable { error } => unavailable(&mut out, error),
    }
    out.push_str("</section>\n");

    out.push_str(
        r#"<section class="view" id="view-aispm" aria-labelledby="h-aispm"><h2 id="h-aispm">AISPM posture</h2>"#,
    );
    match &data.aispm {
        Section::Ok(tenants) if tenants.is_empty() => out.push_str(
            r#"<p class="unavailable">No AISPM tenant: <code>cavra aispm tenant add</code> registers one.</p>"#,
        ),
        Section::Ok(tenants) => {
            out.push_str(r#"<div class="filters" data-filters="aispm"></div>"#);
            for t in tenants {
                aispm_tenant(&mut out, t);
            }
        }
        Section::Unavailable { error } => unavailable(&mut out, error),
    }
    out.push_str("</section>\n");

    out.push_str(r#"<section class="view" id="view-stores" aria-labelledby="h-stores"><h2 id="h-stores">Stores</h2><p>What <code>cavra ops stores</code> reports, with each store's integrity.</p>"#);
    stores_table(&mut out, data);
    out.push_str("</section>\n</main>\n");
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"console-data\">{}</script>\n<script>{JS}</script>\n</body>\n</html>\n",
        script_json(data)
    );
    out
}

/// The header's provenance: what the page was built from ("committed"
/// only when the working tree is exactly HEAD), by which cavra, when.
fn provenance_line(p: &super::data::Provenance) -> String {
    let short = |c: &str| esc(&c[..c.len().min(12)]);
    let branch = p
        .branch
        .as_deref()
        .map_or_else(String::new, |b| format!(" on branch <code>{}</code>", esc(b)));
    let source = match (&p.commit, p.working_tree_differs) {
        (Some(c), Some(false)) => format!("Built from the stores committed at <code>{}</code>{branch}", short(c)),
        (Some(c), _) => format!(
            "Built from the working tree, whose stores differ from commit <code>{}</code>{branch} (not committed)",
            short(c)
        ),
        (None, Some(_)) => format!("Built from the working tree{branch}: the repository has no commit yet"),
        (None, None) => "Built from the working tree: not a git repository".to_string(),
    };
    format!(
        "{source}; cavra {}, built at <time>{}</time>",
        esc(p.cavra_version),
        esc(&p.built_at)
    )
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn lag_beyond_a_week_reads_more_than_seven_days() {
        let tenant = |p50: serde_json::Value, hist: serde_json::Value| {
            let mut out = String::new();
            let t = serde_json::json!({"tenant": "acme", "level": "none", "open_blocks": [], "collectors": [],
                "health": {"lag_seconds": {"p50": p50, "p95": p50, "p99": p50}, "lag_histogram": hist}});
            super::aispm_tenant(&mut out, &t);
            out
        };
        let late = tenant(serde_json::Value::Null, serde_json::json!({"604800": 0, "inf": 3}));
        assert!(late.contains("&gt;7d"), "{late}");
        let none = tenant(serde_json::Value::Null, serde_json::json!({}));
        assert!(!none.contains("&gt;7d") && !none.contains(">7d"), "{none}");
        let soon = tenant(serde_json::json!(60), serde_json::json!({"60": 1}));
        assert!(soon.contains("≤60s"), "{soon}");
    }

    #[test]
    fn the_overview_lists_open_blocks_worst_first_and_links_each_to_its_view() {
        let t = serde_json::json!({"tenant": "acme", "level": "critical", "collectors": [],
            "open_blocks": [
                {"event_id": "evt-1", "agent_id": "codex", "repository": "acme/payments", "occurred_at": "2026-03-01T11:59:30Z", "severity": "high"},
                {"event_id": "evt-<2>", "agent_id": "codex", "repository": "acme/payments", "occurred_at": "2026-03-01T12:00:00Z", "severity": "critical"}],
            "open_approvals": [{"event_id": "evt-3", "agent_id": "claude", "repository": "acme/web", "occurred_at": "2026-03-02T00:00:00Z", "severity": "none"}],
            "health": {"quarantined": 2}});
        let mut items = Vec::new();
        super::aispm_attention(&t, &mut items);
        assert_eq!(items.len(), 4, "{items:?}");
        items.sort_by_key(|a| a.level != "critical");
        let mut out = String::new();
        super::overview(&mut out, &items);
        assert!(out.contains(r#"data-figure="overview.level">Worst alert level over every view: <span class="pill critical">critical</span>"#), "{out}");
        let first = out.find("evt-&lt;2&gt;").expect("escaped, listed");
        assert!(first < out.find("evt-1").unwrap(), "critical first: {out}");
        assert!(
            out.contains("by agent codex in acme/payments, since 2026-03-01T12:00:00Z"),
            "{out}"
        );
        assert!(out.contains("approval evt-3 requested by agent claude"), "{out}");
        assert!(out.contains("2 quarantined lines"), "{out}");
        assert_eq!(out.matches(r##"href="#view-aispm""##).count(), 4);

        // Critical first over every view: a critical drill route before a
        // stale integration, although Integrations is the earlier tab.
        let mixed = [
            super::Attention {
                level: "critical",
                view: "drills",
                text: "route splunk not acknowledged".into(),
            },
            super::Attention {
                level: "warning",
                view: "integrations",
                text: "integration x is degraded".into(),
            },
        ];
        let mut both = String::new();
        super::overview(&mut both, &mixed);
        assert!(
            both.find("route splunk").unwrap() < both.find("integration x").unwrap(),
            "{both}"
        );

        let mut calm = String::new();
        super::overview(&mut calm, &[]);
        assert!(
            calm.contains("ok: nothing needs attention") && !calm.contains("<ul"),
            "{calm}"
        );

        let many: Vec<super::Attention> = (0..60)
            .map(|i| super::Attention {
                level: "warning",
                view: "drills",
                text: format!("route {i}"),
            })
            .collect();
        let mut long = String::new();
        super::overview(&mut long, &many);
        assert_eq!(long.matches("<li data-level").count(), super::OVERVIEW_PER_VIEW);
        assert!(long.contains("and 10 more"), "{long}");
    }

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(esc(r#"</script><!--"a'&"#), "&lt;/script&gt;&lt;!--&quot;a&#39;&amp;");
    }
}
