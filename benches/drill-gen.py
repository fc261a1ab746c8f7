#!/usr/bin/env python3
"""Writes an evidence metadata ledger of N rollback drill entries (a valid
hash chain), as the drill commands record them, without N runs of cavra:

    python3 benches/drill-gen.py N > metadata.jsonl

Each line is {hash, prev_hash, record, seq}; hash = sha256 of the canonical
compact JSON of {prev_hash, record, seq}. Of every ten entries: four audit
deliveries (one in five to two providers, one in eight failing on one),
two notification deliveries, one notification plan, one acknowledgement,
one audit package, one audit delivery plan.
"""
import hashlib
import json
import sys

n = int(sys.argv[1])
providers = ["splunk", "webhook", "jira", "servicenow", "slack"]
states = ["acknowledged", "dismissed", "escalated", "resolved"]
cadences = ["on_demand", "hourly", "daily", "weekly"]
prev = "sha256:" + "0" * 64
out = sys.stdout
for seq in range(1, n + 1):
    at = "2026-%02d-%02dT%02d:%02d:%02dZ" % (1 + seq // 2_600_000 % 12, 1 + seq // 86_400 % 28, seq // 3600 % 24, seq // 60 % 60, seq % 60)
    schedule = "svc-%03d-prod" % (seq % 200)
    audit = "rda_%012x" % (seq // 10)
    delivery = "rdd_%012x" % (seq // 10)
    slot = seq % 10
    if slot < 6:
        audit_kind = slot < 4
        ps = sorted({providers[seq % 5], providers[(seq // 5) % 5]}) if seq % 5 == 0 else [providers[seq % 5]]
        failed = [ps[-1]] if seq % 8 == 3 else []
        record = {
            "attempt_count": len(ps) + 2 * len(failed),
            "attempt_counts": {p: (3 if p in failed else 1) for p in ps},
            "connector_delivery_source": "go_backend_rollback_drill_acknowledgement_audit" if audit_kind else "go_backend_rollback_drill_notification",
            "created_at": at,
            "delivery_success": not failed,
            "event_id": delivery if audit_kind else "rdn_%012x" % seq,
            "event_type": "cavra.rollback_drill_acknowledgement_audit" if audit_kind else "cavra.rollback_drill_notification",
            "failed_providers": failed,
            "metadata_kind": "rollback-drill-acknowledgement-audit-delivery" if audit_kind else "rollback-drill-notification-delivery",
            "providers": ps,
            "schedule_id": schedule,
            "status_codes": [503 if p in failed else 200 for p in ps],
        }
        if audit_kind:
            record.update({"audit_id": audit, "delivery_id": delivery, "cadence": cadences[seq % 4], "alert_level": "critical"})
    elif slot == 6:
        record = {"metadata_kind": "rollback-drill-notification-plan", "created_at": at, "plan_id": "rdn_%012x" % seq,
                  "schedule_id": schedule, "alert_level": "critical", "selected_providers": ["webhook", "splunk"],
                  "deliverable_providers": ["webhook", "splunk"], "suppressed": []}
    elif slot == 7:
        record = {"metadata_kind": "rollback-drill-acknowledgement", "created_at": at, "acknowledgement_id": "rdk_%012x" % seq,
                  "schedule_id": schedule, "provider": providers[seq % 5], "acknowledgement_state": states[seq % 4],
                  "acknowledged_by": "oncall"}
    elif slot == 8:
        record = {"metadata_kind": "rollback-drill-acknowledgement-audit", "created_at": at, "audit_id": audit,
                  "schedule_id": schedule, "alert_level": "critical", "route_count": 2, "outstanding_count": 1,
                  "route_providers": ["webhook", "splunk"]}
    else:
        record = {"metadata_kind": "rollback-drill-acknowledgement-audit-delivery-plan", "created_at": at,
                  "delivery_id": delivery, "audit_id": audit, "cadence": cadences[seq % 4], "schedule_id": schedule,
                  "selected_providers": ["webhook", "splunk"]}
    body = json.dumps({"prev_hash": prev, "record": record, "seq": seq}, sort_keys=True, separators=(",", ":"))
    h = "sha256:" + hashlib.sha256(body.encode()).hexdigest()
    out.write(json.dumps({"hash": h, "prev_hash": prev, "record": record, "seq": seq}, sort_keys=True, separators=(",", ":")) + "\n")
    prev = h
