//! Text taken from an event is data, never markup. Slack mrkdwn treats `&`,
//! `<` and `>` as control characters (`<!channel>` pings a channel,
//! `<url|label>` forges a link), so they are escaped as Slack documents;
//! Teams Adaptive Card text is markdown, so its significant characters are
//! backslash-escaped. Lengths are cut at the provider's limit after
//! escaping, never inside an escape.

/// `text` escaped for Slack (`text` and mrkdwn fields).
pub fn slack(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters markdown gives a meaning to (CommonMark's escapable
/// punctuation that the Adaptive Cards renderer interprets).
const MARKDOWN: &[char] = &[
    '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '<', '>', '|', '~',
];

/// `text` escaped for markdown (Teams Adaptive Card TextBlock and facts).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if MARKDOWN.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// At most `limit` characters of already escaped `text`, never ending in
/// the middle of an escape (`&amp;` or `\*`).
pub fn cut(text: &str, limit: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return text.to_string();
    };
    let mut head = &text[..end];
    // An entity cut short: drop its beginning.
    if let Some(amp) = head.rfind('&')
        && !head[amp..].contains(';')
        && head.len() - amp < 5
    {
        head = &head[..amp];
    }
    // A backslash escape cut from its character: drop the odd backslash.
    let trailing = head.len() - head.trim_end_matches('\\').len();
    if trailing % 2 == 1 {
        head = &head[..head.len() - 1];
    }
    head.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_control_characters_are_escaped() {
        assert_eq!(
            slack("<!channel> & <https://evil.example|click here>"),
            "&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;"
        );
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(
            markdown("[click](https://x.y) **b**"),
            "\\[click\\]\\(https://x\\.y\\) \\*\\*b\\*\\*"
        );
    }

    #[test]
    fn cuts_never_split_an_escape() {
        assert_eq!(cut(&slack("ab<"), 4), "ab");
        assert_eq!(cut(&slack("ab<"), 6), "ab&lt;");
        assert_eq!(cut(&markdown("ab*"), 3), "ab");
        assert_eq!(cut(&markdown("ab*"), 4), "ab\\*");
        assert_eq!(cut("héllo", 2), "hé");
    }
}
