//! The secret-scan benchmark's helper (benches/secrets.sh): times the
//! scanner alone over every string value of a store file, the strings
//! `cavra validate` scans, so its share of `validate` can be computed.
//!
//!   secrets-bench scan FILE [ROUNDS]   prints the mean ms of one pass over
//!                                       every string in FILE (JSON or JSONL)

use std::time::Instant;

fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some("scan"), Some(path)) = (args.get(1).map(String::as_str), args.get(2)) else {
        eprintln!("usage: secrets-bench scan FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: u32 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20);
    let text = std::fs::read_to_string(path).expect("read the store");
    let mut all = Vec::new();
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => strings(&v, &mut all),
        Err(_) => text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .for_each(|v: serde_json::Value| strings(&v, &mut all)),
    }
    let bytes: usize = all.iter().map(String::len).sum();
    // One pass first: the automaton and any pattern compile once per process, as in cavra.
    let mut found = all.iter().filter(|s| cavra::secrets::detect(s).is_some()).count();
    let start = Instant::now();
    for _ in 0..rounds {
        found = all.iter().filter(|s| cavra::secrets::detect(s).is_some()).count();
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    println!(
        "{ms:.3} ms per pass over {} strings ({bytes} bytes), {found} findings",
        all.len()
    );
}
