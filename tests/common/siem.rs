//! A SIEM-like receiver on 127.0.0.1:0, on raw TCP (HTTP/1.1, keep-alive),
//! so a test can fail a request every way a network does: an error status,
//! no answer until the client times out, a connection cut before the
//! answer, or a batch accepted whose answer is lost. It accepts webhook
//! batches (Standard Webhooks, `cavra.batch`), Splunk HEC concatenated
//! events and Logs Ingestion arrays, and dedupes by the request's
//! idempotency key as a destination that honours it does.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

/// What the receiver does with the n-th request (counting from 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    Accept,
    /// Answer this status; nothing is accepted.
    Status(u16),
    /// Say nothing for this long, then close; nothing is accepted.
    Hang(Duration),
    /// Close the connection before answering; nothing is accepted.
    Cut,
    /// Accept the batch, then close the connection before answering.
    LostAnswer,
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub key: String,
    /// The dedupe keys of the events in the body.
    pub events: Vec<String>,
    pub bytes: usize,
    pub fault: Fault,
    /// The key had been accepted before: the destination dropped it.
    pub duplicate: bool,
}

#[derive(Default)]
pub struct State {
    pub requests: Vec<Received>,
    /// Accepted keys.
    pub keys: HashSet<String>,
    /// How many times each event was accepted (duplicates by key dropped).
    pub accepted: HashMap<String, u32>,
}

type Script = Box<dyn Fn(usize) -> Fault + Send + Sync>;

pub struct Siem {
    pub base: String,
    pub state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl Siem {
    /// A receiver answering the n-th request as `script(n)` says, each
    /// accepted request after `delay`.
    pub fn start(delay: Duration, script: impl Fn(usize) -> Fault + Send + Sync + 'static) -> Siem {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let script: Arc<Script> = Arc::new(Box::new(script));
        let (st, sp) = (state.clone(), stop.clone());
        std::thread::spawn(move || {
            while !sp.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((conn, _)) => {
                        let (st, script) = (st.clone(), script.clone());
                        std::thread::spawn(move || serve(conn, &st, &script, delay));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Siem { base, state, stop }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn accepted(&self) -> HashMap<String, u32> {
        self.state.lock().unwrap().accepted.clone()
    }

    pub fn accepted_events(&self) -> usize {
        self.state.lock().unwrap().accepted.len()
    }
}

impl Drop for Siem {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(conn: TcpStream, state: &Mutex<State>, script: &Script, delay: Duration) {
    conn.set_nonblocking(false).unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut conn = conn;
    loop {
        let mut length = 0usize;
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end().to_string();
            if line.is_empty() {
                if headers.is_empty() {
                    continue;
                }
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            } else {
                headers.push((String::new(), line));
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let header = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
        let key = header("webhook-id")
            .or_else(|| header("idempotency-key"))
            .unwrap_or_default();
        let splunk = header("authorization").is_some_and(|a| a.starts_with("Splunk "));
        let sentinel = headers.iter().any(|(_, v)| v.contains("dataCollectionRules"));
        let n;
        let fault;
        {
            let mut s = state.lock().unwrap();
            n = s.requests.len();
            fault = script(n);
            let events = dedupe_keys(&body);
            let accept = matches!(fault, Fault::Accept | Fault::LostAnswer);
            let duplicate = accept && s.keys.contains(&key);
            if accept && !duplicate {
                s.keys.insert(key.clone());
                for e in &events {
                    *s.accepted.entry(e.clone()).or_default() += 1;
                }
            }
            s.requests.push(Received {
                key,
                events,
                bytes: body.len(),
                fault,
                duplicate,
            });
        }
        let answer = |conn: &mut TcpStream, status: u16, text: &str| {
            let reason = if status < 300 { "OK" } else { "Error" };
            let _ = write!(
                conn,
                "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{text}",
                text.len()
            );
            let _ = conn.flush();
        };
        match fault {
            Fault::Accept => {
                std::thread::sleep(delay);
                if splunk {
                    answer(&mut conn, 200, r#"{"text":"Success","code":0}"#);
                } else if sentinel {
                    answer(&mut conn, 204, "");
                } else {
                    answer(&mut conn, 200, "{}");
                }
            }
            Fault::Status(code) => answer(&mut conn, code, r#"{"text":"Server is busy","code":9}"#),
            Fault::Hang(d) => {
                std::thread::sleep(d);
                return;
            }
            Fault::Cut | Fault::LostAnswer => {
                let _ = conn.shutdown(std::net::Shutdown::Both);
                return;
            }
        }
    }
}

/// The `dedupe_key` of every forwarded record in a body: a webhook message
/// or `cavra.batch`, HEC concatenated objects, or a Logs Ingestion array.
pub fn dedupe_keys(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        let Ok(v) = v else { break };
        collect(&v, &mut out);
    }
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
        Value::Object(m) => {
            if m.get("type").and_then(Value::as_str) == Some("cavra.batch") {
                collect(&v["data"]["events"], out);
            } else if let Some(d) = m.get("data") {
                collect(d, out);
            } else if let Some(e) = m.get("event").or_else(|| m.get("Event")) {
                collect(e, out);
            } else if let Some(k) = m.get("dedupe_key").and_then(Value::as_str) {
                out.push(k.to_string());
            }
        }
        _ => {}
    }
}
