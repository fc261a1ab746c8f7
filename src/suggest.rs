//! "Did you mean": the nearest known names to a mistyped one, for enum
//! values in records and for unknown ids, as clap does for flags and values.
//!
//! Edit distance (Levenshtein) rather than a fuzzy score, so the rule is easy
//! to state: a candidate is offered when at most a third of its letters (and
//! at least one) would have to change, or when it begins with what was typed
//! (three letters or more: `okta-prod` for `okta-production`); the closest
//! come first, at most three.

/// The candidates nearest to `given`, closest first (ties keep their order).
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != given)
        .map(|c| (distance(given, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) || (given.len() >= 3 && c.starts_with(given)))
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.into_iter().take(3).map(|(_, c)| c.to_string()).collect()
}

/// `did you mean "a" or "b"?`, or nothing when there is no near candidate.
pub fn did_you_mean(nearest: &[String]) -> Option<String> {
    let quoted: Vec<String> = nearest.iter().map(|n| format!("{n:?}")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_come_first_and_far_ones_never() {
        let statuses = ["planned", "configured", "active", "paused", "disabled"];
        assert_eq!(nearest("actve", statuses), ["active"]);
        assert_eq!(nearest("pased", statuses), ["paused"]);
        assert!(nearest("zzz", statuses).is_empty());
        assert_eq!(
            nearest("okta-prd", ["okta-prod", "okta-dev", "jira-prod"]),
            ["okta-prod"]
        );
        assert_eq!(nearest("slak", ["slack", "splunk"]), ["slack"]);
        assert_eq!(
            nearest("okta-prod", ["okta-production", "okta-staging"]),
            ["okta-production"]
        );
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_suggestion_reads_as_a_question() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(did_you_mean(&["a".into()]).unwrap(), r#"did you mean "a"?"#);
        assert_eq!(
            did_you_mean(&["a".into(), "b".into(), "c".into()]).unwrap(),
            r#"did you mean "a", "b" or "c"?"#
        );
    }
}
