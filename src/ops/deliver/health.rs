//! The integrations' health after a delivery: each integration's
//! `health_status` and `last_checked_at` follow its connectors' outcomes;
//! an answer that means "gone" (410, Slack 404) sets `status: disabled`, so
//! later deliveries skip it. Skipped connectors leave health alone.

use std::collections::BTreeMap;

use serde_json::{Map, json};

use super::DeliverError;
use crate::clock::Timestamp;
use crate::connector::send::Delivery;
use crate::error::StoreError;
use crate::ops::inventory::Inventory;

/// Updates the health of every integration a delivery touched:
/// `integration_of` maps a connector to its integration. `explicit` (the
/// `--integration` flag) makes an unknown integration an error; otherwise
/// it is a warning in the outcome.
pub fn update(
    inventory: &Inventory,
    integration_of: &BTreeMap<String, String>,
    deliveries: &[Delivery],
    now: &Timestamp,
    explicit: bool,
) -> Result<Vec<String>, DeliverError> {
    // integration id → (all ok, gone)
    let mut by_id: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for d in deliveries.iter().filter(|d| d.skipped.is_none()) {
        if let Some(id) = integration_of.get(&d.connector) {
            let entry = by_id.entry(id).or_insert((true, false));
            entry.0 &= d.success;
            entry.1 |= d.integration_disabled;
        }
    }
    let mut warnings = Vec::new();
    for (id, (ok, gone)) in by_id {
        let mut changes = Map::new();
        changes.insert("health_status".into(), json!(if ok { "healthy" } else { "failed" }));
        changes.insert("last_checked_at".into(), json!(now.rfc3339()));
        if gone {
            changes.insert("status".into(), json!("disabled"));
        }
        match inventory.update(id, &changes) {
            Ok(_) => {}
            Err(StoreError::NotFound { .. }) if !explicit => {
                warnings.push(format!(
                    "connector names integration {id}, which is not in the inventory"
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(warnings)
}

/// Whether the integration `id` is disabled in the inventory (an unknown
/// one is not).
pub fn is_disabled(inventory: &Inventory, id: &str) -> Result<bool, DeliverError> {
    match inventory.show(id) {
        Ok(i) => Ok(serde_json::to_value(i.status).ok() == Some(json!("disabled"))),
        Err(StoreError::NotFound { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
