//! The named filters and alert rules of the release dashboards and
//! histories, shared by `cavra release …` and the evidence console so both
//! show the same figures.

use crate::ops::history::Filter;
use crate::ops::history::dashboard::{AlertRules, DEFAULT_RULES};

use super::{EXPORT_SOURCE, PROMOTION_SOURCE};

/// The release connector deliveries (promotion audits and rollbacks).
pub fn release_filter() -> Filter {
    Filter {
        metadata_kinds: vec![PROMOTION_SOURCE.metadata_kind.to_string()],
        ..Filter::default()
    }
}

/// The endpoint-management publications, narrowed to these exports and channels.
pub fn publication_filter(export_ids: &[String], channels: &[String]) -> Filter {
    let field = |name: &str, values: &[String]| (!values.is_empty()).then(|| (name.to_string(), values.to_vec()));
    Filter {
        metadata_kinds: vec![EXPORT_SOURCE.metadata_kind.to_string()],
        fields: [field("export_id", export_ids), field("channel", channels)]
            .into_iter()
            .flatten()
            .collect(),
        ..Filter::default()
    }
}

/// The delivery dashboard's rules ([`crate::ops::history::dashboard::failure_level`]: a failed rollback
/// delivery is critical, any other failure a warning), so every dashboard
/// judges the same failure alike.
pub const RELEASE_RULES: AlertRules<'static> = DEFAULT_RULES;

/// The keys of the endpoint publication dashboard's `latest` figure.
pub const LATEST_KEYS: &[&str] = &["channel", "provider"];
