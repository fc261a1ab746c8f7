//! What the console shows, gathered from the stores by the CLI's own view
//! functions: the figures are theirs, unchanged; history rows are cut down
//! to a fixed list of metadata fields and encoded compactly (strings
//! interned, times as Unix seconds) so a large ledger still makes a small
//! page.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use crate::clock::Timestamp;
use crate::ops::aispm::health::{PostureReport, posture};
use crate::ops::drill::views::{self as drill_views, DrillFilter};
use crate::ops::history::dashboard::{DEFAULT_RULES, Dashboard, DashboardFold, LatestFold};
use crate::ops::history::{Batched, Filter, History, HistoryError, Item, PageFold};
use crate::ops::inventory::{Backend, Inventory};
use crate::ops::release::views::{LATEST_KEYS, RELEASE_RULES, publication_filter, release_filter};
use crate::ops::stores::{StoresOutcome, stores_and_problems_given};
use crate::ops::workspace::Workspace;
use crate::store::Inspection;
use crate::store::ledger;
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation, all_locations};

/// A section of the page: its figures, or why its stores could not be read.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Section<T> {
    Ok(T),
    Unavailable { error: String },
}

impl<T> Section<T> {
    fn of<E: std::error::Error>(r: Result<T, E>) -> Section<T> {
        match r {
            Ok(v) => Section::Ok(v),
            Err(e) => Section::Unavailable {
                error: crate::error::error_chain(&e),
            },
        }
    }
    /// The figures, when the section could be read.
    pub fn rows(&self) -> Option<&T> {
        match self {
            Section::Ok(v) => Some(v),
            Section::Unavailable { .. } => None,
        }
    }
}

/// Everything the page embeds (`cavra.console.data.v1`).
#[derive(Debug, Serialize)]
pub struct Data {
    pub schema: &'static str,
    /// The clock the drill schedules were judged by.
    pub now: String,
    /// What the page was built from and by.
    pub provenance: Provenance,
    /// Nothing recorded yet.
    pub empty: bool,
    /// Whether `.cavra/` exists at all.
    pub initialised: bool,
    pub validation: Validation,
    pub integrations: Section<Vec<IntegrationRow>>,
    pub deliveries: Section<Deliveries>,
    pub drills: Section<Drills>,
    pub aispm: Section<Vec<Value>>,
    pub stores: StoresOutcome,
}

/// What a page was built from: the repository's HEAD commit and branch,
/// whether the working tree differs from that commit (the page reads the
/// working tree), and the cavra that built it, when (the clock, so
/// `CAVRA_NOW` pins it).
#[derive(Debug, Serialize)]
pub struct Provenance {
    /// HEAD's commit id; `None` outside git or before the first commit.
    pub commit: Option<String>,
    pub branch: Option<String>,
    /// Whether `.cavra/` in the working tree differs from HEAD (then the
    /// page shows what is not committed); `None` outside git.
    pub working_tree_differs: Option<bool>,
    pub cavra_version: &'static str,
    pub built_at: String,
}

impl Provenance {
    /// Whether the page shows exactly what HEAD committed.
    pub fn committed(&self) -> bool {
        self.commit.is_some() && self.working_tree_differs == Some(false)
    }
}

fn provenance(ws: &Workspace, now: &Timestamp) -> Provenance {
    let repo = crate::git::Repo::discover(&ws.root).ok();
    let state = repo.as_ref().and_then(|r| r.head_state().ok());
    Provenance {
        commit: state.and_then(|s| s.commit),
        branch: repo.as_ref().and_then(crate::git::Repo::branch),
        working_tree_differs: repo.as_ref().and_then(|r| {
            let dir = r.relative(&ws.cavra_dir())?;
            r.tree_differs(&dir.to_string_lossy()).ok()
        }),
        cavra_version: crate::VERSION,
        built_at: now.rfc3339(),
    }
}

/// The stores' own checks (`cavra validate` without the git anchoring).
#[derive(Debug, Serialize)]
pub struct Validation {
    pub ok: bool,
    pub problems: Vec<crate::error::Problem>,
}

/// One integration, without its endpoint reference.
#[derive(Debug, Serialize)]
pub struct IntegrationRow {
    pub integration_id: String,
    pub name: String,
    pub provider: String,
    pub category: Value,
    pub environment: String,
    pub capabilities: Vec<String>,
    pub status: Value,
    pub health_status: Value,
    pub last_checked_at: Option<String>,
    pub owner: String,
}

/// Interned strings: a row names a string by its index.
#[derive(Debug, Default)]
struct Strings {
    list: Vec<String>,
    /// Lookup only: the indexes follow first use, so the page stays deterministic.
    index: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
    fn ids<'a>(&mut self, items: impl IntoIterator<Item = &'a String>) -> Vec<u32> {
        items.into_iter().map(|s| self.id(s)).collect()
    }
}

/// A delivery: `[seq, created (Unix s), event_id, event_type, metadata_kind,
/// source, providers, failed_providers, success (0/1), retry_of]`, strings
/// as indexes into `strings` (except the event id).
pub type DeliveryRow = (u64, i64, String, u32, u32, u32, Vec<u32>, Vec<u32>, u8, Option<u64>);

/// One day's deliveries to one provider, each by its own outcome.
#[derive(Debug, Serialize)]
pub struct Daily {
    pub day: String,
    pub provider: String,
    pub success: u64,
    pub failed: u64,
}

/// Release deliveries and endpoint publications.
#[derive(Debug, Serialize)]
pub struct Deliveries {
    /// `cavra delivery dashboard`.
    pub dashboard: Dashboard,
    /// `cavra release connector-delivery-dashboard`.
    pub release: Dashboard,
    /// `cavra release endpoint-publication-dashboard`.
    pub publications: Dashboard,
    pub daily: Vec<Daily>,
    pub strings: Vec<String>,
    /// `cavra delivery history`, newest first: the newest [`NEWEST_ROWS`].
    pub rows: Vec<DeliveryRow>,
    /// How many deliveries there are in all.
    pub total_rows: usize,
}

/// A drill entry: `[seq, created (Unix s), id, metadata_kind, source,
/// providers, failed_providers, success (0/1/null), states, schedule_id]`.
pub type DrillRow = (
    u64,
    i64,
    String,
    u32,
    u32,
    Vec<u32>,
    Vec<u32>,
    Option<u8>,
    Vec<u32>,
    u32,
);

/// Rollback drills.
#[derive(Debug, Serialize)]
pub struct Drills {
    /// `cavra drill dashboard`.
    pub dashboard: Dashboard,
    pub strings: Vec<String>,
    /// `cavra drill history`, newest first, every drill entry.
    pub rows: Vec<DrillRow>,
}

/// Gathers the page's data, writing every delivery as CSV to `csv` as it
/// goes ([`DELIVERIES_CSV`], beside the page); an error only when that
/// cannot be written.
pub fn gather(ws: &Workspace, now: &Timestamp, csv: &mut dyn Write) -> std::io::Result<Data> {
    // One inspection of every store gives both the stores view and the
    // validation problems (the ledgers' git anchoring is `validate`'s). The
    // evidence ledger, the largest store, is read once for its inspection
    // and both views' entries; the other stores are inspected beside it.
    let evidence = ws.locate(&EVIDENCE_METADATA);
    std::thread::scope(|scope| {
        let others = scope.spawn(|| {
            all_locations(&ws.root)
                .into_iter()
                .filter(|(name, _)| name != EVIDENCE_METADATA.name)
                .map(|(name, loc)| (name, crate::ops::stores::inspect(&loc)))
                .collect::<Vec<_>>()
        });
        let (inspection, read) = read_views(&evidence, csv)?;
        let views = views(ws, now, read);
        let mut given = others.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        given.push((EVIDENCE_METADATA.name.to_string(), inspection));
        let (stores, problems) = stores_and_problems_given(ws, given);
        let (integrations, deliveries, drills, aispm) = views;
        let ok = problems.is_empty();
        let empty = integrations.rows().is_none_or(Vec::is_empty)
            && deliveries.rows().is_none_or(|d| d.rows.is_empty())
            && drills.rows().is_none_or(|d| d.rows.is_empty())
            && aispm.rows().is_none_or(Vec::is_empty)
            && ok;
        Ok(Data {
            schema: "cavra.console.data.v1",
            now: now.rfc3339(),
            provenance: provenance(ws, now),
            empty,
            initialised: ws.cavra_dir().is_dir(),
            validation: Validation { ok, problems },
            integrations,
            deliveries,
            drills,
            aispm,
            stores,
        })
    })
}

type Views = (
    Section<Vec<IntegrationRow>>,
    Section<Deliveries>,
    Section<Drills>,
    Section<Vec<Value>>,
);

/// Every view's figures, each from the CLI's function (its fold), over
/// the evidence ledger read once ([`read_views`]).
fn views(ws: &Workspace, now: &Timestamp, read: Read) -> Views {
    let integrations = Section::of(integrations(ws));
    let (deliveries, drills) = match read {
        Ok((deliveries, drill)) => (Section::Ok(deliveries), Section::of(drills(ws, drill, now))),
        Err(e) => {
            let error = crate::error::error_chain(&e);
            (
                Section::Unavailable { error: error.clone() },
                Section::Unavailable { error },
            )
        }
    };
    let aispm = Section::of(aispm(ws));
    (integrations, deliveries, drills, aispm)
}

/// The delivery views and the drill entries, or why the ledger could not
/// be read.
type Read = Result<(Deliveries, History), HistoryError>;

/// The evidence ledger inspected and read in one streaming pass, keeping
/// none of it: the deliveries folded into their views as they go by (a
/// batch of entries made into items on every core), the drill entries kept
/// (on their own text, not their segment's).
fn read_views(evidence: &StoreLocation, csv: &mut dyn Write) -> std::io::Result<(Inspection, Read)> {
    let filters = (Filter::default(), release_filter(), publication_filter(&[], &[]));
    let mut folds = DeliveryFolds::new(&filters, csv);
    let mut drill = History::default();
    let make = |e: &ledger::Entry| (Item::delivery(e), drill_views::item(e));
    let mut items = Batched::new(&make);
    let mut each = |(delivery, drilled): (Option<Item>, Option<Item>)| {
        if let Some(i) = delivery {
            folds.push(i);
        }
        drill.items.extend(drilled);
    };
    let (inspection, broken) = ledger::inspect_each(evidence, &mut |e| items.push(e, &mut each));
    items.flush(&mut each);
    let read = match broken {
        Some(problem) => Err(HistoryError::reading(
            evidence,
            crate::error::StoreError::Ledger {
                problem: Box::new(problem),
            },
        )),
        None => Ok((folds.finish()?, drill)),
    };
    Ok((inspection, read))
}

fn integrations(ws: &Workspace) -> Result<Vec<IntegrationRow>, crate::error::StoreError> {
    let inventory = Inventory::new(ws, Backend::from_env(ws), "");
    Ok(inventory
        .list(&Default::default())?
        .into_iter()
        .map(|i| IntegrationRow {
            category: serde_json::to_value(i.category).unwrap_or(Value::Null),
            status: serde_json::to_value(i.status).unwrap_or(Value::Null),
            health_status: serde_json::to_value(i.health_status).unwrap_or(Value::Null),
            integration_id: i.integration_id,
            name: i.name,
            provider: i.provider,
            environment: i.environment,
            capabilities: i.capabilities,
            last_checked_at: i.last_checked_at,
            owner: i.owner,
        })
        .collect())
}

fn seconds(item: &Item) -> i64 {
    (item.created / 1_000_000_000) as i64
}

/// The delivery views as folds over the deliveries streaming by, oldest
/// first: the three dashboards and the publications' latest figure, the
/// chart's daily counts and the CSV of every delivery, and the newest
/// [`NEWEST_ROWS`] for the page's table.
struct DeliveryFolds<'f> {
    dashboard: DashboardFold<'f>,
    release: DashboardFold<'f>,
    publications: DashboardFold<'f>,
    latest: LatestFold<'f>,
    newest: PageFold<'f>,
    /// Day -> provider -> (succeeded, failed).
    daily: BTreeMap<String, BTreeMap<String, (u64, u64)>>,
    /// The CSV rows not yet written to `out`, and the first write error.
    csv: String,
    out: &'f mut dyn Write,
    failed: Option<std::io::Error>,
}

impl<'f> DeliveryFolds<'f> {
    /// Folds for the filters (everything, releases, publications).
    fn new((all, release, publications): &'f (Filter, Filter, Filter), out: &'f mut dyn Write) -> Self {
        DeliveryFolds {
            dashboard: DashboardFold::new(all, &DEFAULT_RULES),
            release: DashboardFold::new(release, &RELEASE_RULES),
            publications: DashboardFold::new(publications, &RELEASE_RULES),
            latest: LatestFold::new(publications, LATEST_KEYS),
            newest: PageFold::new(all, Some(NEWEST_ROWS), 0),
            daily: BTreeMap::new(),
            csv: String::from(CSV_HEADER),
            out,
            failed: None,
        }
    }

    /// Writes the CSV rows held so far.
    fn write_csv(&mut self) {
        if self.failed.is_none()
            && let Err(e) = self.out.write_all(self.csv.as_bytes())
        {
            self.failed = Some(e);
        }
        self.csv.clear();
    }

    fn push(&mut self, i: Item) {
        self.dashboard.push(&i);
        self.release.push(&i);
        self.publications.push(&i);
        self.latest.push(&i);
        let day = i.created_at().get(..10).unwrap_or_default();
        if !self.daily.contains_key(day) {
            self.daily.insert(day.to_string(), BTreeMap::new());
        }
        let providers = self.daily.get_mut(day).expect("inserted above");
        for p in &i.providers {
            if !providers.contains_key(p.as_str()) {
                providers.insert(p.clone(), (0, 0));
            }
            let d = providers.get_mut(p.as_str()).expect("inserted above");
            if i.provider_success(p) == Some(true) {
                d.0 += 1;
            } else {
                d.1 += 1;
            }
        }
        csv_row(&mut self.csv, &i);
        if self.csv.len() >= 1 << 20 {
            self.write_csv();
        }
        self.newest.push(i);
    }

    fn finish(mut self) -> std::io::Result<Deliveries> {
        self.write_csv();
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut publications = self.publications.finish();
        publications
            .extra
            .insert("latest".into(), Value::Array(self.latest.finish()));
        let (newest, total_rows) = self.newest.finish();
        let mut strings = Strings::default();
        let rows = newest
            .items
            .iter()
            .rev()
            .map(|i| {
                (
                    i.seq,
                    seconds(i),
                    i.event_id().to_string(),
                    strings.id(i.event_type()),
                    // Kinds by their present names (an earlier name is an
                    // alias), and the audit source of a package or delivery
                    // plan recorded before it carried one: the console's
                    // filters find what `drill history` finds.
                    strings.id(drill_kind(i)),
                    strings.id(drill_source(i)),
                    strings.ids(&i.providers),
                    strings.ids(&i.failed_providers),
                    u8::from(i.success),
                    i.retry_of,
                )
            })
            .collect();
        Ok(Deliveries {
            dashboard: self.dashboard.finish(),
            release: self.release.finish(),
            publications,
            daily: self
                .daily
                .into_iter()
                .flat_map(|(day, providers)| {
                    providers.into_iter().map(move |(provider, (success, failed))| Daily {
                        day: day.clone(),
                        provider,
                        success,
                        failed,
                    })
                })
                .collect(),
            strings: strings.list,
            rows,
            total_rows,
        })
    }
}

/// How many deliveries the page's table holds (the newest); the figures,
/// the chart and [`DELIVERIES_CSV`] beside the page count every one.
pub const NEWEST_ROWS: usize = 20_000;

/// The file beside the page that holds every delivery, as the page's own
/// CSV export spells a row.
pub const DELIVERIES_CSV: &str = "deliveries.csv";

const CSV_HEADER: &str =
    "seq,created_at,event_id,event_type,metadata_kind,source,providers,failed_providers,success,retry_of\n";

/// One delivery as a CSV row (oldest first in the file): a cell that a
/// spreadsheet would take for a formula starts with `'`, a cell holding a
/// comma, quote or line break is quoted.
fn csv_row(out: &mut String, i: &Item) {
    fn cell(out: &mut String, v: &str) {
        let guarded = v.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let text = if guarded { format!("'{v}") } else { v.to_string() };
        if text.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&text);
        }
    }
    let cells = [
        i.seq.to_string(),
        i.created_at().to_string(),
        i.event_id().to_string(),
        i.event_type().to_string(),
        drill_kind(i).to_string(),
        drill_source(i).to_string(),
        i.providers.join(";"),
        i.failed_providers.join(";"),
        i.success.to_string(),
        i.retry_of.map(|r| r.to_string()).unwrap_or_default(),
    ];
    for (n, c) in cells.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        cell(out, c);
    }
    out.push('\n');
}

/// The states a drill entry can be filtered by: a delivery's outcome, an
/// alert level, an acknowledgement's state, and the route states an audit
/// package counts.
fn drill_states(i: &Item) -> Vec<&'static str> {
    let mut states = Vec::new();
    if let Some(ok) = i.bool("delivery_success") {
        states.push(if ok { "delivered" } else { "delivery_failed" });
    }
    for (field, values) in [
        ("alert_level", &["healthy", "warning", "critical"][..]),
        (
            "acknowledgement_state",
            &["acknowledged", "dismissed", "escalated", "resolved"][..],
        ),
    ] {
        if let Some(v) = i.str(field).and_then(|v| values.iter().find(|x| **x == v)) {
            states.push(v);
        }
    }
    for (field, state) in [
        ("outstanding_count", "outstanding"),
        ("escalated_count", "escalated"),
        ("resolved_count", "resolved"),
    ] {
        if i.u64(field).is_some_and(|n| n > 0) && !states.contains(&state) {
            states.push(state);
        }
    }
    states
}

fn drill_kind(i: &Item) -> &str {
    crate::ops::drill::canonical_kind(i.metadata_kind().unwrap_or_default())
}

fn drill_source(i: &Item) -> &str {
    use crate::ops::drill::{AUDIT_SOURCE, KIND_AUDIT, KIND_AUDIT_PLAN};
    match i.source() {
        Some(s) => s,
        None if [KIND_AUDIT, KIND_AUDIT_PLAN].contains(&drill_kind(i)) => AUDIT_SOURCE.connector_delivery_source,
        None => "",
    }
}

fn drills(ws: &Workspace, mut drill: History, now: &Timestamp) -> Result<Drills, crate::ops::drill::DrillError> {
    let dashboard = drill_views::dashboard_of(ws, &drill, None, now, Default::default())?;
    let page = drill_views::history(&mut drill, &DrillFilter::default(), None, 0);
    let mut strings = Strings::default();
    let rows = page
        .items
        .iter()
        .map(|i| {
            let id = ["event_id", "audit_id", "acknowledgement_id", "plan_id", "delivery_id"]
                .iter()
                .find_map(|f| i.str(f))
                .unwrap_or_default();
            let states: Vec<String> = drill_states(i).into_iter().map(String::from).collect();
            (
                i.seq,
                seconds(i),
                id.to_string(),
                // Kinds by their present names (an earlier name is an
                // alias), and the audit source of a package or delivery
                // plan recorded before it carried one: the console's
                // filters find what `drill history` finds.
                strings.id(drill_kind(i)),
                strings.id(drill_source(i)),
                strings.ids(&i.providers),
                strings.ids(&i.failed_providers),
                i.bool("delivery_success").map(u8::from),
                strings.ids(&states),
                strings.id(i.str("schedule_id").unwrap_or_default()),
            )
        })
        .collect();
    Ok(Drills {
        dashboard,
        strings: strings.list,
        rows,
    })
}

fn aispm(ws: &Workspace) -> Result<Vec<Value>, crate::ops::aispm::AispmError> {
    let root = &ws.root;
    let tenants = crate::ops::aispm::load_tenants(root)?;
    Ok(tenants
        .iter()
        .map(|t| match posture(root, &t.tenant_id, None) {
            Ok(report) => posture_value(report),
            Err(e) => serde_json::json!({"tenant": t.tenant_id, "error": crate::error::error_chain(&e)}),
        })
        .collect())
}

fn posture_value(report: PostureReport) -> Value {
    serde_json::to_value(report).unwrap_or(Value::Null)
}
