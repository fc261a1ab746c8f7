//! `cavra aispm …`: live ingestion of signed, tenant-scoped AISPM envelopes.

pub mod collector_add;
pub mod collector_revoke;
pub mod collector_update;
pub mod forward;
pub mod health;
pub mod ingest;
pub mod keygen;
pub mod posture;
pub mod quarantine;
pub mod replay;
pub mod retention_plan;
pub mod sign;
pub mod tenant_add;
pub mod tenant_list;
pub mod tenant_remove;
pub mod tenant_show;
pub mod tenant_update;
pub mod tenants;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::model::aispm::Tenant;
use crate::output::{Render, TableView};

/// AISPM live ingestion: keys, tenants, ingest, posture, replay, forward, health
///
/// Collectors send DSSE-signed NDJSON envelopes; cavra verifies each line
/// against the keys registered for its tenant, then authorises, redacts,
/// deduplicates and appends it to that tenant's ledger, or quarantines it
/// with a reason code. No command crosses tenants unless --all-tenants.
#[derive(Debug, Subcommand)]
pub enum AispmCommand {
    Keygen(keygen::KeygenArgs),
    Sign(sign::SignArgs),
    #[command(subcommand)]
    Tenant(TenantCommand),
    #[command(subcommand)]
    Collector(CollectorCommand),
    Ingest(ingest::IngestArgs),
    Posture(posture::PostureArgs),
    Replay(replay::ReplayArgs),
    Forward(forward::ForwardArgs),
    Health(health::HealthArgs),
    #[command(subcommand)]
    Quarantine(quarantine::QuarantineCommand),
    Tenants(tenants::TenantsArgs),
    RetentionPlan(retention_plan::RetentionPlanArgs),
}

/// The tenant registry (.cavra/aispm/tenants.json)
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    Add(tenant_add::TenantAddArgs),
    Update(tenant_update::TenantUpdateArgs),
    List(tenant_list::TenantListArgs),
    Show(tenant_show::TenantShowArgs),
    Remove(tenant_remove::TenantRemoveArgs),
}

/// A tenant's collectors and their keys
#[derive(Debug, Subcommand)]
pub enum CollectorCommand {
    Add(collector_add::CollectorAddArgs),
    Update(collector_update::CollectorUpdateArgs),
    Revoke(collector_revoke::CollectorRevokeArgs),
}

pub fn run(ctx: &Ctx, cmd: AispmCommand) -> Result<ExitCode, CliError> {
    match cmd {
        AispmCommand::Keygen(a) => keygen::cmd(ctx, a),
        AispmCommand::Sign(a) => sign::cmd(ctx, a),
        AispmCommand::Tenant(TenantCommand::Add(a)) => tenant_add::cmd(ctx, a),
        AispmCommand::Tenant(TenantCommand::Update(a)) => tenant_update::cmd(ctx, a),
        AispmCommand::Tenant(TenantCommand::List(a)) => tenant_list::cmd(ctx, a),
        AispmCommand::Tenant(TenantCommand::Show(a)) => tenant_show::cmd(ctx, a),
        AispmCommand::Tenant(TenantCommand::Remove(a)) => tenant_remove::cmd(ctx, a),
        AispmCommand::Collector(CollectorCommand::Add(a)) => collector_add::cmd(ctx, a),
        AispmCommand::Collector(CollectorCommand::Update(a)) => collector_update::cmd(ctx, a),
        AispmCommand::Collector(CollectorCommand::Revoke(a)) => collector_revoke::cmd(ctx, a),
        AispmCommand::Ingest(a) => ingest::cmd(ctx, a),
        AispmCommand::Posture(a) => posture::cmd(ctx, a),
        AispmCommand::Replay(a) => replay::cmd(ctx, a),
        AispmCommand::Forward(a) => forward::cmd(ctx, a),
        AispmCommand::Health(a) => health::cmd(ctx, a),
        AispmCommand::Quarantine(c) => quarantine::cmd(ctx, c),
        AispmCommand::Tenants(a) => tenants::cmd(ctx, a),
        AispmCommand::RetentionPlan(a) => retention_plan::cmd(ctx, a),
    }
}

/// `--tenant T` or `--all-tenants`, never neither.
#[derive(Debug, Args)]
pub struct TenantScope {
    /// The tenant
    #[arg(long, value_name = "TENANT", conflicts_with = "all_tenants")]
    pub tenant: Option<String>,
    /// Every tenant (and the unattributed quarantine)
    #[arg(long)]
    pub all_tenants: bool,
}

impl TenantScope {
    /// The one tenant, `None` for all; a usage error when neither was given.
    pub fn resolve(&self) -> Result<Option<&str>, CliError> {
        match (&self.tenant, self.all_tenants) {
            (Some(t), _) => Ok(Some(t)),
            (None, true) => Ok(None),
            (None, false) => Err(CliError::usage(
                "give --tenant TENANT, or --all-tenants to cross tenants",
            )),
        }
    }
}

/// A tenant record as a key/value table.
#[derive(Serialize)]
#[serde(transparent)]
pub struct TenantView(pub Tenant);

impl Render for TenantView {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.aispm.tenant.record.v1")
    }
    fn table(&self) -> TableView {
        tenants_table(std::slice::from_ref(&self.0))
    }
}

/// One row per collector (a tenant without collectors gets one row).
pub fn tenants_table(tenants: &[Tenant]) -> TableView {
    let mut t = TableView::new(&[
        "tenant",
        "retention_days",
        "legal_hold",
        "collector",
        "key_type",
        "key_id",
        "status",
    ]);
    for tenant in tenants {
        let base = vec![
            tenant.tenant_id.clone(),
            tenant.retention_days.to_string(),
            tenant.legal_hold.to_string(),
        ];
        if tenant.collectors.is_empty() {
            t.row([base.clone(), vec![String::new(); 4]].concat());
        }
        for c in &tenant.collectors {
            let kt = serde_json::to_value(c.key_type).expect("serializes");
            let st = serde_json::to_value(c.status).expect("serializes");
            t.row(
                [
                    base.clone(),
                    vec![
                        c.collector_id.clone(),
                        crate::output::cell(&kt),
                        c.key_id.clone(),
                        crate::output::cell(&st),
                    ],
                ]
                .concat(),
            );
        }
    }
    t
}

/// A days value between 1 and 36500.
pub fn parse_days(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if (1..=36_500).contains(&n) => Ok(n),
        _ => Err(format!("{text:?} is not a number of days between 1 and 36500")),
    }
}
