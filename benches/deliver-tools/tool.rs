//! Helpers for `benches/deliver.sh` (built as the `deliver-bench` example):
//!
//!   deliver-bench serve ADDR_FILE         a loopback receiver: Splunk HEC success on
//!                                          /services/collector/event, 204 elsewhere
//!   deliver-bench ureq-loop URL NDJSON     the baseline: a minimal ureq loop posting
//!                                          the webhook bodies cavra would send, one
//!                                          request per event, sequentially

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("serve") => serve(&args[2]),
        Some("ureq-loop") => ureq_loop(&args[2], &args[3]),
        _ => {
            eprintln!("usage: deliver-bench serve ADDR_FILE | ureq-loop URL NDJSON");
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
