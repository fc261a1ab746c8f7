//! The ledger benchmark's helper (benches/ledger.sh): fills a ledger,
//! appends one entry, or reads every entry, through the store's API, so the
//! figures are the store's, not a connector's.
//!
//!   ledger-bench fill LEDGER.jsonl N   append N entries (in batches)
//!   ledger-bench append LEDGER.jsonl   append one entry
//!   ledger-bench read LEDGER.jsonl     read and verify every entry

use cavra::store::ledger;
use cavra::store::registry::{EVIDENCE_METADATA, StoreLocation};
use serde_json::json;

fn record(n: u64) -> serde_json::Value {
    json!({"metadata_kind": "bench", "created_at": "2026-01-01T00:00:00Z", "event_id": format!("evt-{n:08}"),
           "providers": ["webhook"], "status_codes": [204], "delivery_success": true})
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(verb), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: ledger-bench fill|append|read LEDGER.jsonl [N]");
        std::process::exit(2);
    };
    let loc = StoreLocation::at(&EVIDENCE_METADATA, path.into(), "bench");
    match verb.as_str() {
        "fill" => {
            let n: u64 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100_000);
            let mut done = 0;
            while done < n {
                let batch: Vec<_> = (done..(done + 5000).min(n)).map(record).collect();
                done += batch.len() as u64;
                ledger::append(&loc, &batch).expect("append");
            }
        }
        "append" => {
            ledger::append(&loc, &[record(u64::MAX)]).expect("append");
        }
        "read" => {
            let n = ledger::read(&loc).expect("read").len();
            println!("{n}");
        }
        other => {
            eprintln!("unknown verb {other}");
            std::process::exit(2);
        }
    }
}
