//! The page's charts, inline SVG drawn from figures the CLI computes:
//! deliveries per day and provider (each provider by its own outcome, over
//! a range of 7, 30 or 90 calendar days with its dates and counts), and
//! a tenant's AISPM events by severity. Colours come from the stylesheet's
//! classes, so they follow light and dark; each chart has a text
//! alternative (`aria-label`, `<title>`).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::data::Daily;
use super::html::esc;

/// The ranges a delivery chart offers, in calendar days ending on the
/// newest day with a delivery; the page opens on the second.
pub const RANGES: [usize; 3] = [7, 30, 90];

/// The `n` calendar days (`YYYY-MM-DD`) ending on `last`, oldest first.
fn days_ending(last: &str, n: usize) -> Vec<String> {
    let Some(end) = crate::clock::Timestamp::parse(&format!("{last}T00:00:00Z")) else {
        return vec![last.to_string()];
    };
    (0..n)
        .rev()
        .map(|back| end.plus_seconds(-(back as i64) * 86_400).rfc3339()[..10].to_string())
        .collect()
}

/// Delivery success per day, one small stacked bar chart per provider,
/// over the last 7, 30 or 90 calendar days (a range switch; 30 shown
/// first), each with its dates on an axis, its largest day and each
/// provider's counts in the range.
pub fn daily_chart(out: &mut String, daily: &[Daily]) {
    let Some(last) = daily.iter().map(|d| d.day.as_str()).max() else {
        return;
    };
    out.push_str(r#"<figure class="chart" id="chart-daily"><figcaption>Deliveries per day and provider (<span class="key ok">delivered</span>, <span class="key critical">failed</span>)</figcaption><div class="range" role="group" aria-label="Range">"#);
    for n in RANGES {
        let _ = write!(
            out,
            r#"<button type="button" data-range="{n}" aria-pressed="{}">{n} days</button>"#,
            n == RANGES[1]
        );
    }
    out.push_str("</div>");
    for n in RANGES {
        range_pane(out, daily, &days_ending(last, n), n != RANGES[1]);
    }
    out.push_str("</figure>");
}

/// One range of [`daily_chart`]: `days` (oldest first), hidden unless it
/// is the range shown first.
fn range_pane(out: &mut String, daily: &[Daily], days: &[String], hidden: bool) {
    let (first, last) = (days[0].as_str(), days[days.len() - 1].as_str());
    let mut by_provider: BTreeMap<&str, BTreeMap<&str, (u64, u64)>> = BTreeMap::new();
    for d in daily
        .iter()
        .filter(|d| d.day.as_str() >= first && d.day.as_str() <= last)
    {
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
        .unwrap_or(0);
    let _ = write!(
        out,
        r#"<div class="range-pane" data-range-pane="{}"{}><p class="axis-note">{} to {}; the tallest bar is {max} deliveries in a day</p>"#,
        days.len(),
        if hidden { " hidden" } else { "" },
        esc(first),
        esc(last)
    );
    if by_provider.is_empty() {
        out.push_str(r#"<p class="axis-note">No delivery in these days.</p>"#);
    }
    let width = days.len() * 6;
    let scale = max.max(1) as f64;
    for (provider, per_day) in &by_provider {
        let (ok, failed) = per_day.values().fold((0, 0), |(a, b), (s, f)| (a + s, b + f));
        let _ = write!(
            out,
            r#"<div class="spark"><span class="spark-label">{0} <span class="spark-count">{ok} delivered, {failed} failed</span></span><svg viewBox="0 0 {width} 40" preserveAspectRatio="none" role="img" aria-label="{0}: {ok} delivered, {failed} failed, {1} to {2}"><title>{0}: {ok} delivered, {failed} failed, {1} to {2}</title>"#,
            esc(provider),
            esc(first),
            esc(last)
        );
        for (x, day) in days.iter().enumerate() {
            let Some((s, f)) = per_day.get(day.as_str()) else {
                continue;
            };
            let hs = (*s as f64 / scale * 40.0).max(if *s > 0 { 1.0 } else { 0.0 });
            let hf = (*f as f64 / scale * 40.0).max(if *f > 0 { 1.0 } else { 0.0 });
            let x = x * 6;
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
    let _ = write!(
        out,
        r#"<div class="axis-dates" aria-hidden="true"><span>{}</span><span>{}</span></div></div>"#,
        esc(first),
        esc(last)
    );
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

#[cfg(test)]
mod tests {
    use super::{Daily, daily_chart, days_ending};

    #[test]
    fn ranges_are_calendar_days_across_a_year_end() {
        let week = days_ending("2026-01-02", 7);
        assert_eq!(week.first().unwrap(), "2025-12-27");
        assert_eq!(week.last().unwrap(), "2026-01-02");
        assert_eq!(week.len(), 7);
        assert_eq!(days_ending("2024-03-01", 2), ["2024-02-29", "2024-03-01"]);
    }

    #[test]
    fn each_range_shows_its_own_days_dates_and_counts() {
        let day = |day: &str, success, failed| Daily {
            day: day.into(),
            provider: "splunk".into(),
            success,
            failed,
        };
        // 2 days before the newest, and 40 days before it.
        let daily = [
            day("2026-03-08", 3, 1),
            day("2026-03-10", 5, 0),
            day("2026-01-29", 7, 0),
        ];
        let mut out = String::new();
        daily_chart(&mut out, &daily);
        let pane = |n: &str| {
            let start = out.find(&format!(r#"data-range-pane="{n}""#)).unwrap();
            let end = out[start..].find("</div></div>").map_or(out.len(), |e| start + e);
            out[start..end].to_string()
        };
        assert!(pane("7").starts_with(r#"data-range-pane="7" hidden>"#), "{}", pane("7"));
        assert!(
            pane("30").starts_with(r#"data-range-pane="30">"#),
            "30 days shown first"
        );
        assert!(pane("7").contains("2026-03-04 to 2026-03-10") && pane("7").contains("8 delivered, 1 failed"));
        assert!(pane("30").contains("tallest bar is 5 deliveries"), "{}", pane("30"));
        assert!(!pane("30").contains("2026-01-29 7 delivered"));
        assert!(pane("90").contains("2026-01-29 7 delivered") && pane("90").contains("15 delivered, 1 failed"));
        assert!(out.contains(r#"<button type="button" data-range="30" aria-pressed="true">30 days</button>"#));
    }
}
