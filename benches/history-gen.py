#!/usr/bin/env python3
"""Writes an evidence metadata ledger of N deliveries (a valid hash chain),
as cavra's delivery engine records them, without N runs of cavra:

    python3 benches/history-gen.py N > metadata.jsonl

Each line is {hash, prev_hash, record, seq}; hash = sha256 of the canonical
compact JSON of {prev_hash, record, seq} (keys sorted, as cavra writes it).
About one delivery in ten fails on one provider; one in five goes to two.
"""
import hashlib
import json
import sys

n = int(sys.argv[1])
providers = ["splunk", "webhook", "datadog", "jamf", "intune"]
kinds = [
    ("release-connector-delivery", "release_governance_promotion", "cavra.rollout_promotion_execution"),
    ("release-connector-delivery", "release_governance_rollback", "cavra.rollout_rollback_execution"),
    ("connector-delivery", "cli_integration_deliver", "policy.decision"),
]
prev = "sha256:" + "0" * 64
out = sys.stdout
for seq in range(1, n + 1):
    kind, source, event_type = kinds[seq % 3]
    ps = sorted({providers[seq % 5], providers[(seq // 5) % 5]}) if seq % 5 == 0 else [providers[seq % 5]]
    failed = [ps[-1]] if seq % 10 == 3 else []
    record = {
        "attempt_count": len(ps) + 2 * len(failed),
        "attempt_counts": {p: (3 if p in failed else 1) for p in ps},
        "connector_delivery_source": source,
        "created_at": "2026-%02d-%02dT%02d:%02d:%02dZ" % (1 + seq // 2_600_000 % 12, 1 + seq // 86_400 % 28, seq // 3600 % 24, seq // 60 % 60, seq % 60),
        "delivery_success": not failed,
        "event_id": "evt_%08d" % seq,
        "event_type": event_type,
        "failed_providers": failed,
        "metadata_kind": kind,
        "providers": ps,
        "status_codes": [503 if p in failed else 200 for p in ps],
    }
    body = json.dumps({"prev_hash": prev, "record": record, "seq": seq}, sort_keys=True, separators=(",", ":"))
    h = "sha256:" + hashlib.sha256(body.encode()).hexdigest()
    out.write(json.dumps({"hash": h, "prev_hash": prev, "record": record, "seq": seq}, sort_keys=True, separators=(",", ":")) + "\n")
    prev = h
