//! The page's charts, inline SVG drawn from figures the CLI computes:
//! deliveries per day and provider (each provider by its own outcome), and
//! a tenant's AISPM events by severity. Colours come from the stylesheet's
//! classes, so they follow light and dark; each chart has a text
//! alternative (`aria-label`, `<title>`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::Value;

use super::data::Daily;
use super::html::esc;

/// At most this many days per delivery chart (the newest).
const CHART_DAYS: usize = 90;

/// Delivery success per day, one small stacked bar chart per provider.
pub fn daily_chart(out: &mut String, daily: &[Daily]) {
    if daily.is_empty() {
        return;
    }
    let days: BTreeSet<&str> = daily.iter().map(|d| d.day.as_str()).collect();
    let days: Vec<&str> = days.into_iter().rev().take(CHART_DAYS).rev().collect();
    let first = days[0];
    let mut by_provider: BTreeMap<&str, BTreeMap<&str, (u64, u64)>> = BTreeMap::new();
    for d in daily.iter().filter(|d| d.day.as_str() >= first) {
        by_provider
            .entry(&d.provider)
            .or_default()
            .insert(&d.day, (d.success, d.failed));
    }
    let max = by_provider
        .values()
        .flat_map(|m| m.values())
        .map(|(s, f)| s + f)
        .max()
        .unwrap_or(1)
        .max(1);
    let _ = write!(
        out,
        r#"<figure class="chart" id="chart-daily"><figcaption>Deliveries per day and provider (days with deliveries, {} to {}; <span class="key ok">delivered</span>, <span class="key critical">failed</span>)</figcaption>"#,
        esc(first),
        esc(days[days.len() - 1])
    );
    // At least 30 slots, newest at the right, so a short history is not
    // drawn as a few bars the width of the page.
    let slots = days.len().max(30);
    let offset = slots - days.len();
    let width = slots * 6;
    for (provider, per_day) in &by_provider {
        let (ok, failed) = per_day.values().fold((0, 0), |(a, b), (s, f)| (a + s, b + f));
        let _ = write!(
            out,
            r#"<div class="spark"><span class="spark-label">{0}</span><svg viewBox="0 0 {width} 40" preserveAspectRatio="none" role="img" aria-label="{0}: {ok} delivered, {failed} failed"><title>{0}: {ok} delivered, {failed} failed</title>"#,
            esc(provider)
        );
        for (x, day) in days.iter().enumerate() {
            let Some((s, f)) = per_day.get(day) else { continue };
            let hs = (*s as f64 / max as f64 * 40.0).max(if *s > 0 { 1.0 } else { 0.0 });
            let hf = (*f as f64 / max as f64 * 40.0).max(if *f > 0 { 1.0 } else { 0.0 });
            let x = (offset + x) * 6;
            if *s > 0 {
                let _ = write!(
                    out,
                    r#"<rect class="ok" x="{x}" y="{:.2}" width="5" height="{hs:.2}"><title>{} {s} delivered</title></rect>"#,
                    40.0 - hs,
                    esc(day)
                );
            }
            if *f > 0 {
                let _ = write!(
                    out,
                    r#"<rect class="critical" x="{x}" y="{:.2}" width="5" height="{hf:.2}"><title>{} {f} failed</title></rect>"#,
                    40.0 - hs - hf,
                    esc(day)
                );
            }
        }
        out.push_str("</svg></div>");
    }
    out.push_str("</figure>");
}

/// Posture by severity: one horizontal bar per severity.
pub fn severity_chart(out: &mut String, tenant: &str, by_severity: &serde_json::Map<String, Value>) {
    if by_severity.is_empty() {
        return;
    }
    const ORDER: &[&str] = &["critical", "high", "medium", "low", "info"];
    let mut rows: Vec<(&str, u64)> = ORDER
        .iter()
        .filter_map(|s| by_severity.get(*s).and_then(Value::as_u64).map(|n| (*s, n)))
        .collect();
    for (k, v) in by_severity {
        if !ORDER.contains(&k.as_str()) {
            rows.push((k, v.as_u64().unwrap_or(0)));
        }
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let height = rows.len() * 22;
    let _ = write!(
        out,
        r#"<figure class="chart"><figcaption>Events by severity</figcaption><svg class="bars" viewBox="0 0 320 {height}" role="img" aria-label="{} events by severity"><title>{} events by severity</title>"#,
        esc(tenant),
        esc(tenant)
    );
    for (i, (severity, n)) in rows.iter().enumerate() {
        let y = i * 22;
        let w = (*n as f64 / max as f64 * 200.0).max(if *n > 0 { 1.0 } else { 0.0 });
        let tone = match *severity {
            "critical" => "critical",
            "high" => "warning",
            _ => "neutral",
        };
        let _ = write!(
            out,
            r#"<text x="0" y="{}" class="axis">{}</text><rect class="{tone}" x="70" y="{}" width="{w:.2}" height="16"></rect><text x="{:.2}" y="{}" class="axis">{n}</text>"#,
            y + 13,
            esc(severity),
            y + 2,
            74.0 + w,
            y + 13
        );
    }
    out.push_str("</svg></figure>");
}
