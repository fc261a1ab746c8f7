//! A tiny HTTP receiver on 127.0.0.1 for `cavra demo`, so the delivery part
//! of the demo runs offline: it answers Splunk HEC's success body on
//! `/services/collector/event`, and on any other path first 503 (to show a
//! retry) and then 204 (`/hooks/release` counts its own requests: the
//! release section's rollback delivery fails, its retry recovers).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Starts the receiver on a free loopback port; it runs until the process ends.
pub fn start() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let others = Arc::new(AtomicUsize::new(0));
    let release = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (others, release) = (others.clone(), release.clone());
            std::thread::spawn(move || {
                let _ = serve(stream, &others, &release);
            });
        }
    });
    Ok(base)
}

fn serve(stream: TcpStream, others: &AtomicUsize, release: &AtomicUsize) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            if h == "\r\n" || h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let (status, text) = if path.starts_with("/services/collector/event") {
            ("200 OK", r#"{"text":"Success","code":0}"#)
        } else if (if path.starts_with("/hooks/release") {
            release
        } else {
            others
        })
        .fetch_add(1, Ordering::SeqCst)
            == 0
        {
            ("503 Service Unavailable", "busy")
        } else {
            ("204 No Content", "")
        };
        write!(
            stream,
            "HTTP/1.1 {status}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n{text}",
            text.len()
        )?;
        stream.flush()?;
    }
}
