//! Scrubbing of key strings from text that may end up in errors or logs.

/// Replaces everything that looks like an OpenRouter key (`sk-or-` followed by
/// key characters) with `sk-or-[REDACTED]`, and cuts the text to `max_chars`.
///
/// Used on anything the server sends back (error messages) and on parser
/// messages that can quote response text. Deliberately broader than
/// `sk-or-v1-[0-9a-f]+`: a future key format must not slip through.
pub fn redact(text: &str, max_chars: usize) -> String {
    const PREFIX: &str = "sk-or-";
    let mut out = String::with_capacity(text.len().min(max_chars + 16));
    let mut rest = text;
    while let Some(at) = find_ascii_ci(rest, PREFIX) {
        out.push_str(&rest[..at]);
        out.push_str("sk-or-[REDACTED]");
        let tail = &rest[at + PREFIX.len()..];
        let key_len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(tail.len());
        rest = &tail[key_len..];
    }
    out.push_str(rest);
    truncate_chars(out, max_chars)
}

/// Removes an exact secret from text (e.g. a management key that does not
/// follow the `sk-or-` pattern but was echoed by a server).
pub fn scrub_exact(text: String, secret: &str) -> String {
    // Short secrets would match innocent text; such keys are rejected anyway.
    if secret.len() < 8 || !text.contains(secret) {
        return text;
    }
    text.replace(secret, "[REDACTED]")
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn truncate_chars(mut s: String, max_chars: usize) -> String {
    if let Some((cut, _)) = s.char_indices().nth(max_chars) {
        s.truncate(cut);
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_key_like_strings() {
        let key = format!("sk-or-v1-{}", "ab".repeat(32));
        let text = format!(
            "Invalid key {key}, try again; also SK-OR-v1-{}.",
            "0".repeat(10)
        );
        let out = redact(&text, 500);
        assert!(!out.contains(&key));
        assert!(!out.contains("0000000000"));
        assert_eq!(
            out,
            "Invalid key sk-or-[REDACTED], try again; also sk-or-[REDACTED]."
        );
    }

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(redact("héllo wörld", 5), "héllo…");
        assert_eq!(redact("short", 50), "short");
    }

    #[test]
    fn scrubs_exact_secrets() {
        assert_eq!(
            scrub_exact("bad key: my-weird-key-123".into(), "my-weird-key-123"),
            "bad key: [REDACTED]"
        );
        assert_eq!(scrub_exact("abc".into(), "abc"), "abc");
    }
}
