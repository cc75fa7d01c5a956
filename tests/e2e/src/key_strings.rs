//! Recognising key strings (`sk-or-v1-` + 64 hex digits) and the label
//! OpenRouter derives from one.

/// Whether `text` holds a whole key string (`sk-or-v1-` + 64 hex digits);
/// labels (`sk-or-v1-abc...xyz`) and masks do not count.
pub fn holds_key_string(text: &str) -> bool {
    const PREFIX: &str = "sk-or-v1-";
    text.match_indices(PREFIX).any(|(i, _)| {
        let rest = &text.as_bytes()[i + PREFIX.len()..];
        rest.len() >= 64 && rest[..64].iter().all(|b| b.is_ascii_hexdigit())
    })
}

/// The label the simulator (like OpenRouter) derives from a key string.
pub fn label_of(secret: &str) -> String {
    let hex = secret.strip_prefix("sk-or-v1-").unwrap_or(secret);
    format!("sk-or-v1-{}...{}", &hex[..3], &hex[hex.len() - 3..])
}

/// What the batch reveal shows in place of a key string until "Show all".
pub const MASK: &str = "sk-or-v1-••••••••••••";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_strings_only() {
        let s = format!("sk-or-v1-{}", "ab".repeat(32));
        assert!(holds_key_string(&format!("x,{s},y")));
        assert!(!holds_key_string(&label_of(&s)));
        assert!(!holds_key_string(MASK));
        assert_eq!(label_of(&s), "sk-or-v1-aba...bab");
    }
}
