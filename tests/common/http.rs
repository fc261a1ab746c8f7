//! A real HTTP server on 127.0.0.1:0 per test (tiny_http): it checks each
//! request inside its handler, records it, and answers from a script.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub method: String,
    /// Path and query.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
    /// What the shape check found wrong (None: the request was as expected).
    pub problem: Option<String>,
}

impl Hit {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Status, body, extra headers.
    Answer(u16, String, Vec<(String, String)>),
    /// Wait this long before answering 200 (the client should time out first).
    Hang(Duration),
}

pub fn status(code: u16, body: &str) -> Reply {
    Reply::Answer(code, body.to_string(), Vec::new())
}

pub fn with_header(code: u16, body: &str, k: &str, v: &str) -> Reply {
    Reply::Answer(code, body.to_string(), vec![(k.to_string(), v.to_string())])
}

type Check = Box<dyn Fn(&Hit) -> Result<(), String> + Send + Sync>;
type Route = Box<dyn Fn(&Hit, usize) -> Option<Reply> + Send + Sync>;

pub struct Receiver {
    pub base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Receiver {
    /// A server that checks every request with `check` (a failed check is
    /// answered 400 and recorded) and answers the n-th request with
    /// `script[n]` (the last entry repeats).
    pub fn start(script: Vec<Reply>, check: impl Fn(&Hit) -> Result<(), String> + Send + Sync + 'static) -> Receiver {
        Receiver::routed(
            Box::new(check),
            Box::new(move |_, n| Some(script[n.min(script.len() - 1)].clone())),
        )
    }

    /// Like `start`, but `route` picks the answer (None: 404).
    pub fn routed(check: Check, route: Route) -> Receiver {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                let Ok(Some(mut req)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let mut body = Vec::new();
                let _ = req.as_reader().read_to_end(&mut body);
                let mut hit = Hit {
                    method: req.method().to_string(),
                    url: req.url().to_string(),
                    headers: req
                        .headers()
                        .iter()
                        .map(|x| (x.field.to_string(), x.value.to_string()))
                        .collect(),
                    body,
                    at: Instant::now(),
                    problem: None,
                };
                hit.problem = check(&hit).err();
                let n = h.lock().unwrap().len();
                let reply = match &hit.problem {
                    Some(p) => Some(status(400, &format!("shape check failed: {p}"))),
                    None => route(&hit, n),
                };
                h.lock().unwrap().push(hit);
                match reply {
                    None => {
                        let _ = req.respond(tiny_http::Response::from_string("not found").with_status_code(404));
                    }
                    Some(Reply::Hang(d)) => {
                        std::thread::sleep(d);
                        let _ = req.respond(tiny_http::Response::from_string("late"));
                    }
                    Some(Reply::Answer(code, body, headers)) => {
                        let mut resp = tiny_http::Response::from_string(body).with_status_code(code);
                        for (k, v) in headers {
                            resp.add_header(tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap());
                        }
                        let _ = req.respond(resp);
                    }
                }
            }
        });
        Receiver {
            base,
            hits,
            stop,
            thread: Some(thread),
        }
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// Asserts that every request passed the shape check.
    pub fn assert_shapes(&self) {
        for h in self.hits() {
            assert!(h.problem.is_none(), "{} {}: {}", h.method, h.url, h.problem.unwrap());
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A loopback port nothing listens on.
pub fn refused_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Fails with `msg` unless `cond`.
pub fn ensure(cond: bool, msg: &str) -> Result<(), String> {
    if cond { Ok(()) } else { Err(msg.to_string()) }
}
