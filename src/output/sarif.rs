//! SARIF 2.1.0 for `cavra validate --format sarif`: one log, one run, one
//! rule per [`ProblemKind`], one result per problem located at its file and
//! (where known) line, so GitHub code scanning and other SARIF readers show
//! store problems beside the code.

use serde_json::{Value, json};

use crate::error::{Problem, ProblemKind};

/// The SARIF log of `problems`, every rule listed whether it fired or not
/// (a result's `ruleIndex` points into that fixed list).
pub fn log(problems: &[Problem]) -> Value {
    let rules: Vec<Value> = ProblemKind::ALL
        .iter()
        .map(|kind| {
            json!({
                "id": kind.id(),
                "name": rule_name(*kind),
                "shortDescription": {"text": kind.description()},
                "defaultConfiguration": {"level": "error"},
            })
        })
        .collect();
    let results: Vec<Value> = problems.iter().map(result).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cavra",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn result(p: &Problem) -> Value {
    let kind = p.rule();
    let index = ProblemKind::ALL.iter().position(|k| *k == kind).unwrap_or_default();
    let mut text = String::new();
    if let Some(r) = &p.record {
        text.push_str(&format!("record {r}: "));
    }
    if let Some(f) = &p.field {
        text.push_str(&format!("field {f}: "));
    }
    text.push_str(&p.message);
    if let Some(h) = &p.hint {
        text.push_str(&format!(" (hint: {h})"));
    }
    let mut physical = json!({"artifactLocation": artifact(&p.file)});
    if let Some(line) = p.line.filter(|l| *l > 0) {
        physical["region"] = json!({"startLine": line});
    }
    let mut properties = serde_json::Map::new();
    if let Some(r) = &p.record {
        properties.insert("record".into(), r.clone().into());
    }
    if let Some(f) = &p.field {
        properties.insert("field".into(), f.clone().into());
    }
    let mut out = json!({
        "ruleId": kind.id(),
        "ruleIndex": index,
        "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
    });
    if !properties.is_empty() {
        out["properties"] = Value::Object(properties);
    }
    out
}

/// A rule's name: its id's last part in UpperCamelCase (`cavra/json-syntax`
/// → `JsonSyntax`), as SARIF readers show it.
fn rule_name(kind: ProblemKind) -> String {
    let id = kind.id().trim_start_matches("cavra/");
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Where a problem is: a path relative to the repository root (code
/// scanning resolves it against the checkout), or an absolute `file:` URI
/// for a store outside it. Characters a URI reference cannot hold are
/// percent-encoded.
fn artifact(file: &str) -> Value {
    let path = file.replace('\\', "/");
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", encode(&path))})
    } else {
        json!({"uri": encode(&path), "uriBaseId": "%SRCROOT%"})
    }
}

/// Each `/`-separated part of `path` percent-encoded (RFC 3986).
fn encode(path: &str) -> String {
    crate::connector::secret::percent_encode_keeping(path, b"/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(encode(".cavra/api/integrations.json"), ".cavra/api/integrations.json");
        assert_eq!(encode("a dir/x#1.json"), "a%20dir/x%231.json");
        assert_eq!(artifact("/tmp/x.json")["uri"], "file:///tmp/x.json");
        assert_eq!(rule_name(ProblemKind::Syntax), "JsonSyntax");
    }
}
