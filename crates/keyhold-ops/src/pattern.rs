//! Names from a pattern: `Workshop Nov 2026 – {n}` with count 3 and start 1
//! gives `… – 1`, `… – 2`, `… – 3`. `{n:W}` pads the number with zeros to W
//! digits (`{n:2}` → `01`, `02`, …, `10`; longer numbers are not cut). The
//! placeholder may appear more than once; every other character, braces
//! included, is kept as it is.

use crate::{check_name, InputError};

/// Most names one pattern may produce (one batch).
pub const MAX_COUNT: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Number { width: usize },
}

fn parse(pattern: &str) -> Result<Vec<Part>, InputError> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find("{n") {
        text.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        if let Some(tail) = after.strip_prefix('}') {
            parts.push(Part::Text(std::mem::take(&mut text)));
            parts.push(Part::Number { width: 0 });
            rest = tail;
        } else if let Some(spec) = after.strip_prefix(':') {
            let close = spec.find('}').ok_or_else(|| bad_width(&rest[at..]))?;
            let width: usize = spec[..close]
                .parse()
                .ok()
                .filter(|w| (1..=9).contains(w))
                .ok_or_else(|| bad_width(&rest[at..at + 3 + close + 1]))?;
            parts.push(Part::Text(std::mem::take(&mut text)));
            parts.push(Part::Number { width });
            rest = &spec[close + 1..];
        } else {
            // `{name}` and the like: plain text.
            text.push_str("{n");
            rest = after;
        }
    }
    text.push_str(rest);
    parts.push(Part::Text(text));
    if !parts.iter().any(|p| matches!(p, Part::Number { .. })) {
        return Err(InputError::new(
            "pattern",
            "Put {n} in the pattern where the number goes, e.g. \"Workshop – {n}\".",
        ));
    }
    Ok(parts)
}

fn bad_width(found: &str) -> InputError {
    InputError::new(
        "pattern",
        format!("\"{found}\" is not a placeholder: use {{n}}, or {{n:2}} … {{n:9}} for zero-padded numbers."),
    )
}

/// The `count` names for numbers `start`, `start + 1`, …; each is a valid key
/// name (trimmed, not empty, at most 200 characters).
pub fn expand(pattern: &str, count: u32, start: u32) -> Result<Vec<String>, InputError> {
    if count == 0 || count > MAX_COUNT {
        return Err(InputError::new(
            "count",
            format!("Choose between 1 and {MAX_COUNT} keys."),
        ));
    }
    let parts = parse(pattern)?;
    let last = start
        .checked_add(count - 1)
        .ok_or_else(|| InputError::new("start", "The numbers would run past 4,294,967,295."))?;
    (start..=last)
        .map(|n| {
            let name: String = parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => t.clone(),
                    Part::Number { width } => format!("{n:0width$}"),
                })
                .collect();
            check_name(&name).map_err(|e| InputError::new("pattern", e.message))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_replace_the_placeholder() {
        assert_eq!(
            expand("Workshop Nov 2026 – {n}", 3, 1).unwrap(),
            vec![
                "Workshop Nov 2026 – 1",
                "Workshop Nov 2026 – 2",
                "Workshop Nov 2026 – 3"
            ]
        );
        assert_eq!(expand("{n}", 2, 0).unwrap(), vec!["0", "1"]);
    }

    #[test]
    fn padding_and_repeats() {
        let names = expand("team-{n:2} (seat {n})", 11, 1).unwrap();
        assert_eq!(names[0], "team-01 (seat 1)");
        assert_eq!(names[10], "team-11 (seat 11)");
        // Padding never cuts a longer number.
        assert_eq!(expand("{n:2}", 1, 123).unwrap(), vec!["123"]);
        assert_eq!(expand("k{n:9}", 1, 7).unwrap(), vec!["k000000007"]);
    }

    #[test]
    fn other_braces_are_plain_text() {
        assert_eq!(
            expand("{name} {x} {n}", 1, 5).unwrap(),
            vec!["{name} {x} 5"]
        );
        assert_eq!(expand("{{n}}", 1, 5).unwrap(), vec!["{5}"]);
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(expand("Workshop", 3, 1).unwrap_err().field, "pattern");
        assert_eq!(expand("{N}", 3, 1).unwrap_err().field, "pattern");
        assert_eq!(expand("{n}", 0, 1).unwrap_err().field, "count");
        assert_eq!(expand("{n}", 501, 1).unwrap_err().field, "count");
        assert!(expand("{n}", 500, 1).is_ok());
        for bad in ["{n:}", "{n:0}", "{n:10}", "{n:x}", "{n:2"] {
            assert_eq!(expand(bad, 1, 1).unwrap_err().field, "pattern", "{bad}");
        }
        assert_eq!(expand("{n}", 2, u32::MAX).unwrap_err().field, "start");
        assert!(expand("{n}", 1, u32::MAX).is_ok());
        // A pattern that yields names too long or blank.
        assert!(expand(&format!("{}{{n}}", "x".repeat(200)), 1, 1).is_err());
        assert!(expand("  {n}  ", 1, 1).unwrap() == vec!["1"]);
    }
}
