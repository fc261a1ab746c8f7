//! `cavra release …`: release governance deliveries (promotion audits,
//! rollback executions, endpoint exports) and their views, which are named
//! filters of the one delivery history (`cavra delivery`).

pub mod deliver;
pub mod views;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::release::ReleaseKind;

/// Deliver release governance evidence and look at its delivery history
#[derive(Debug, Subcommand)]
pub enum ReleaseCommand {
    /// Deliver a promotion execution (an audit event, severity high) to the connectors
    ///
    /// EXEC.json is a cavra.go-runtime.endpoint-rollout-promotion-execution.v1
    /// record; it is checked against its schema and its execution_id
    /// ("rpe_" + sha256("{request_id}:{approval_id}")[:12]) before anything
    /// is sent. The event (cavra.rollout_promotion_execution, named by
    /// execution_id, timestamp = created_at) goes through the connector
    /// engine; the evidence metadata ledger records the input's path and
    /// sha256 (for `cavra delivery retry`), never a payload.
    ///
    /// Exits 1 when any delivery failed, unless --allow-failure.
    DeliverPromotionAudit(deliver::ReleaseDeliverArgs),
    /// Deliver a rollback execution (severity critical) to the connectors
    ///
    /// RB.json is a cavra.go-runtime.endpoint-rollout-rollback-execution.v1
    /// record, checked against its schema and its rollback_id ("rre_" +
    /// sha256("{promotion_execution_id}:{approval_id}")[:12]) before
    /// anything is sent. The event is cavra.rollout_rollback_execution,
    /// named by rollback_id. A failed rollback delivery is a critical alert
    /// on `cavra release connector-delivery-dashboard`.
    ///
    /// Exits 1 when any delivery failed, unless --allow-failure.
    DeliverRollbackExecution(deliver::ReleaseDeliverArgs),
    /// Publish an endpoint-management export to its Jamf, Intune and Linux connectors
    ///
    /// MANIFEST.json is a cavra.endpoint-management-export.v1 record beside
    /// checksums.txt (`<sha256>  <name>`) and its artifacts
    /// (jamf-policy.json, intune-win32-app.json, linux-fleet-manifest.json).
    /// Every artifact is checked against checksums.txt before anything is
    /// sent; one mismatch refuses the export. --provider names providers
    /// of the export (default: all of them); another provider is an error.
    /// Ids: export_id = "eme_" + sha256("{channel}:{version}:{providers,
    /// sorted, joined by ,}:{approval_id}")[:12], publication_id = "emp_" +
    /// sha256("{export_id}:{channel}:{version}:{selected providers}")[:12].
    ///
    /// Exits 1 when any delivery failed, unless --allow-failure.
    DeliverEndpointExport(deliver::ReleaseDeliverArgs),
    ConnectorDeliveryHistory(views::ConnectorDeliveryHistoryArgs),
    ConnectorDeliveryDashboard(views::ConnectorDeliveryDashboardArgs),
    EndpointPublicationHistory(views::EndpointPublicationHistoryArgs),
    EndpointPublicationDashboard(views::EndpointPublicationDashboardArgs),
}

pub fn run(ctx: &Ctx, cmd: ReleaseCommand) -> Result<ExitCode, CliError> {
    match cmd {
        ReleaseCommand::DeliverPromotionAudit(a) => deliver::cmd_release_deliver(ctx, ReleaseKind::Promotion, a),
        ReleaseCommand::DeliverRollbackExecution(a) => deliver::cmd_release_deliver(ctx, ReleaseKind::Rollback, a),
        ReleaseCommand::DeliverEndpointExport(a) => deliver::cmd_release_deliver(ctx, ReleaseKind::EndpointExport, a),
        ReleaseCommand::ConnectorDeliveryHistory(a) => views::cmd_connector_delivery_history(ctx, a),
        ReleaseCommand::ConnectorDeliveryDashboard(a) => views::cmd_connector_delivery_dashboard(ctx, a),
        ReleaseCommand::EndpointPublicationHistory(a) => views::cmd_endpoint_publication_history(ctx, a),
        ReleaseCommand::EndpointPublicationDashboard(a) => views::cmd_endpoint_publication_dashboard(ctx, a),
    }
}
