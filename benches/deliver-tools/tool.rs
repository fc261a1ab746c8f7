//! Helpers for `benches/deliver.sh` (built as the `deliver-bench` example):
//!
//!   deliver-bench serve ADDR_FILE         a loopback receiver: Splunk HEC success on
//!                                          /services/collector/event, 204 elsewhere
//!   deliver-bench ureq-loop URL NDJSON     the baseline: a minimal ureq loop posting
//!                                          the webhook bodies cavra would send, one
//!                                          request per event, sequentially
//!   deliver-bench hec-loop URL LEDGER_DIR TOKEN
//!                                          the forwarding baseline: the records of an
//!                                          AISPM tenant ledger (its segment files) in
//!                                          HEC batches as `cavra aispm forward` makes
//!                                          them (1,000 events, halved while over
//!                                          900,000 bytes), posted by a bare ureq loop;
//!                                          prints events and seconds spent posting

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("serve") => serve(&args[2]),
        Some("ureq-loop") => ureq_loop(&args[2], &args[3]),
        Some("hec-loop") => hec_loop(&args[2], &args[3], &args[4]),
        _ => {
            eprintln!("usage: deliver-bench serve ADDR_FILE | ureq-loop URL NDJSON | hec-loop URL LEDGER_DIR TOKEN");
            std::process::exit(2);
        }
    }
}

fn serve(addr_file: &str) {
    let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    std::fs::write(addr_file, server.server_addr().to_ip().unwrap().to_string()).unwrap();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let server = server.clone();
            std::thread::spawn(move || {
                for mut req in server.incoming_requests() {
                    let mut body = Vec::new();
                    let _ = req.as_reader().read_to_end(&mut body);
                    let resp = if req.url().starts_with("/services/collector/event") {
                        tiny_http::Response::from_string(r#"{"text":"Success","code":0}"#)
                    } else {
                        tiny_http::Response::from_string("").with_status_code(204)
                    };
                    let _ = req.respond(resp);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}

fn ureq_loop(url: &str, ndjson: &str) {
    let text = std::fs::read_to_string(ndjson).unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let body = serde_json::to_vec(&serde_json::json!({
            "type": event["event_type"], "timestamp": "2026-01-01T00:00:00Z", "data": event,
        }))
        .unwrap();
        let resp = agent
            .post(url)
            .header("content-type", "application/json")
            .send(&body[..])
            .unwrap();
        assert!(resp.status().is_success());
        n += 1;
    }
    eprintln!("posted {n}");
}

/// The segment files under `dir`, in order.
fn segment_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            segment_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "jsonl") {
            out.push(p);
        }
    }
}

fn hec_loop(url: &str, ledger_dir: &str, token: &str) {
    let mut files = Vec::new();
    segment_files(std::path::Path::new(ledger_dir), &mut files);
    let mut records = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(r) = v.get("record") {
                records.push(r.clone());
            }
        }
    }
    let object = |r: &serde_json::Value| {
        serde_json::json!({
            "time": 1772362770.0, "host": "cavra", "source": "cavra", "sourcetype": "cavra:aispm",
            "event": r, "fields": {"event_type": r["envelope"]["event"]["event_type"], "event_id": r["envelope"]["event"]["event_id"]},
        })
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let url = format!("{}/services/collector/event", url.trim_end_matches('/'));
    let mut posting = std::time::Duration::ZERO;
    let (mut start, mut batches) = (0, 0);
    while start < records.len() {
        let mut end = (start + 1000).min(records.len());
        let body = loop {
            let mut body = Vec::new();
            for r in &records[start..end] {
                serde_json::to_writer(&mut body, &object(r)).unwrap();
            }
            if body.len() <= 900_000 || end - start == 1 {
                break body;
            }
            end = start + (end - start) / 2;
        };
        let t = std::time::Instant::now();
        let resp = agent
            .post(&url)
            .header("content-type", "application/json")
            .header("authorization", &format!("Splunk {token}"))
            .send(&body[..])
            .unwrap();
        assert!(resp.status().is_success());
        let _ = resp.into_body().read_to_string();
        posting += t.elapsed();
        batches += 1;
        start = end;
    }
    println!("{} {:.3} {batches}", records.len(), posting.as_secs_f64());
}
