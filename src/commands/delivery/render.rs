//! How histories and dashboards are shown: shared by `cavra delivery`,
//! `cavra release` and drill views, so every dashboard reads the same.

use serde::Serialize;
use serde_json::Value;

use super::GateArgs;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::history::Page;
use crate::ops::history::dashboard::{Dashboard, fails};
use crate::output::{Render, TableView, cell, emit, markdown_table};

/// A history page: `{items, total}`; NDJSON is one item per line.
#[derive(Serialize)]
#[serde(transparent)]
pub struct HistoryView<'a>(pub Page<'a>);

impl Render for HistoryView<'_> {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.delivery.history.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "seq",
            "created_at",
            "kind",
            "event_id",
            "event_type",
            "providers",
            "failed",
            "success",
            "attempts",
            "source",
        ]);
        for i in &self.0.items {
            let retry = i.retry_of.map(|s| format!(" (retry of {s})")).unwrap_or_default();
            t.row(vec![
                i.seq.to_string(),
                i.created_at().to_string(),
                i.str("metadata_kind").unwrap_or_default().to_string(),
                i.event_id().to_string(),
                i.event_type().to_string(),
                i.providers.join(", "),
                i.failed_providers.join(", "),
                i.success.to_string(),
                i.attempt_count().to_string(),
                format!("{}{retry}", i.str("connector_delivery_source").unwrap_or_default()),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<Value> {
        crate::output::ndjson_items(&self.0.items)
    }
}

/// A dashboard: one JSON object; table and Markdown show the figures, the
/// providers, the view's extra figures and the alerts.
#[derive(Serialize)]
#[serde(transparent)]
pub struct DashboardView<'a> {
    #[serde(skip)]
    pub title: &'a str,
    pub dashboard: &'a Dashboard,
}

impl DashboardView<'_> {
    fn sections(&self) -> Vec<(String, TableView)> {
        let d = self.dashboard;
        let mut summary = TableView::new(&["figure", "value"]);
        let rate = d
            .success_rate
            .map_or_else(|| "n/a (nothing sent)".to_string(), |r| format!("{:.2}%", r * 100.0));
        for (k, v) in [
            ("alert level", d.alert_level.as_str().to_string()),
            ("deliveries", d.total_deliveries.to_string()),
            ("successful", d.successful_deliveries.to_string()),
            ("failed", d.failed_deliveries.to_string()),
            ("recovered by retry", d.recovered_deliveries.to_string()),
            ("success rate", rate),
            ("ledger entries", d.entries.to_string()),
        ] {
            summary.row(vec![k.into(), v]);
        }
        if let Some(s) = &d.since {
            summary.row(vec!["since".into(), s.clone()]);
        }
        if let Some(u) = &d.until {
            summary.row(vec!["until".into(), u.clone()]);
        }
        let mut extra_tables = Vec::new();
        for (k, v) in &d.extra {
            let title = k.replace('_', " ");
            match v {
                Value::Array(rows) if rows.iter().all(Value::is_object) => {
                    extra_tables.push((title, objects_table(rows)))
                }
                // A count per name (`category_counts`) is a table of its
                // own, not a JSON cell.
                Value::Object(m) => {
                    let mut t = TableView::new(&["name", "value"]);
                    for (name, value) in m {
                        t.row(vec![name.clone(), cell(value)]);
                    }
                    extra_tables.push((title, t));
                }
                other => summary.row(vec![title, cell(other)]),
            }
        }
        let mut providers = TableView::new(&[
            "provider",
            "total",
            "success",
            "failed",
            "recovered",
            "attempts",
            "last delivery",
        ]);
        for p in &d.providers {
            providers.row(vec![
                p.provider.clone(),
                p.total.to_string(),
                p.success.to_string(),
                p.failed.to_string(),
                p.recovered.to_string(),
                p.attempt_count.to_string(),
                p.last_delivery_at.clone().unwrap_or_default(),
            ]);
        }
        let mut types = TableView::new(&["event type", "deliveries"]);
        for (t, n) in &d.event_types {
            types.row(vec![t.clone(), n.to_string()]);
        }
        let mut alerts = TableView::new(&["level", "alert"]);
        for a in &d.alerts {
            alerts.row(vec![a.level.as_str().into(), a.message.clone()]);
        }
        let mut notes = TableView::new(&["note"]);
        for n in &d.notes {
            notes.row(vec![n.clone()]);
        }
        let mut out = vec![(String::new(), summary), ("providers".into(), providers)];
        out.push(("event types".into(), types));
        out.extend(extra_tables);
        out.push(("alerts".into(), alerts));
        out.push(("notes".into(), notes));
        out.retain(|(_, t)| !t.rows.is_empty());
        out
    }
}

/// Rows of JSON objects as a table (columns from the first row).
fn objects_table(rows: &[Value]) -> TableView {
    let header: Vec<String> = rows
        .first()
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut t = TableView {
        header: header.iter().map(|h| h.replace('_', " ")).collect(),
        rows: Vec::new(),
    };
    for r in rows {
        t.row(header.iter().map(|h| r.get(h).map(cell).unwrap_or_default()).collect());
    }
    t
}

impl Render for DashboardView<'_> {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.delivery.dashboard.v1")
    }
    fn table(&self) -> TableView {
        self.sections().into_iter().next().map(|(_, t)| t).unwrap_or_default()
    }
    fn text(&self) -> Option<String> {
        let mut s = String::new();
        for (title, t) in self.sections() {
            if !title.is_empty() {
                s.push_str(&format!("\n{}:\n", title));
            }
            s.push_str(&crate::output::plain_table(&t));
        }
        Some(s)
    }
    fn markdown(&self) -> Option<String> {
        let level = self.dashboard.alert_level.as_str();
        let mut s = format!("## {}: {}\n", self.title, level.to_uppercase());
        for (title, t) in self.sections() {
            if !title.is_empty() {
                s.push_str(&format!("\n### {}\n", capitalise(&title)));
            }
            s.push('\n');
            s.push_str(&markdown_table(&t));
        }
        Some(s)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Prints `d` and judges the gate: exit 1 when its alert level is at or
/// above `--fail-on`.
pub fn emit_dashboard(ctx: &Ctx, title: &str, d: &Dashboard, gate: &GateArgs) -> Result<ExitCode, CliError> {
    emit(&DashboardView { title, dashboard: d }, ctx.format)?;
    let failing = fails(d.alert_level, gate.fail_on.map(|f| f.level()));
    ctx.shell.status(&format!(
        "{title}: {} deliveries, {} alert(s), alert level {}{}",
        d.total_deliveries,
        d.alerts.len(),
        d.alert_level.as_str(),
        match (failing, gate.fail_on) {
            (true, _) => " (at or above --fail-on: failing)",
            (false, Some(_)) => " (below --fail-on)",
            (false, None) => "",
        }
    ));
    Ok(if failing { ExitCode::Verdict } else { ExitCode::Success })
}

#[cfg(test)]
mod tests {
    use super::DashboardView;
    use crate::output::Render;

    /// Markdown is for people: headings in words, a count per name as a
    /// table, never a JSON cell.
    #[test]
    fn markdown_dashboards_read_as_headings_lists_and_tables() {
        let mut d = crate::ops::history::dashboard::Dashboard {
            alert_level: crate::ops::history::dashboard::Level::Warning,
            total_deliveries: 0,
            successful_deliveries: 0,
            failed_deliveries: 0,
            recovered_deliveries: 0,
            success_rate: None,
            providers: Vec::new(),
            event_types: Default::default(),
            alerts: Vec::new(),
            entries: 0,
            since: None,
            until: None,
            notes: Vec::new(),
            extra: Default::default(),
        };
        d.extra.insert(
            "category_counts".into(),
            serde_json::json!({"ticketing": 2, "chatops": 1}),
        );
        d.extra.insert(
            "outstanding_routes".into(),
            serde_json::json!([{"schedule_id": "s-1", "owner": "sre", "provider": "slack"}]),
        );
        d.extra.insert("route_count".into(), serde_json::json!(3));
        let md = DashboardView {
            title: "Drills",
            dashboard: &d,
        }
        .markdown()
        .unwrap();
        assert!(
            md.contains("### Category counts") && md.contains("| ticketing | 2"),
            "{md}"
        );
        assert!(
            md.contains("### Outstanding routes") && md.contains("| schedule id |"),
            "{md}"
        );
        assert!(
            md.lines()
                .any(|l| l.starts_with("| route count ") && l.contains("| 3 ")),
            "{md}"
        );
        assert!(
            !md.contains('{') && !md.contains("_counts") && !md.contains("_routes"),
            "{md}"
        );
    }
}
