//! The rule for a key's name, the same here and in the UI
//! (`validateName` in `ui/src/lib/validation.ts`; the shared cases in
//! `contract/fixtures/key-name-cases.json` keep the two in step).
//!
//! 1. Whitespace at both ends is removed. "Whitespace" is one explicit set,
//!    [`is_name_space`], because Rust's `trim` and JavaScript's `trim` differ
//!    (U+0085 vs U+FEFF).
//! 2. Nothing left: [`NameProblem::Empty`].
//! 3. A control character (Unicode category Cc: NUL, tab, line breaks, DEL,
//!    U+0080–U+009F) inside the name: [`NameProblem::ControlCharacter`]. Names
//!    end up in lists, CSV files and terminals, where these break lines or
//!    hide text.
//! 4. An invisible text-direction character (U+202A–U+202E, U+2066–U+2069,
//!    U+200E, U+200F, U+061C): [`NameProblem::DirectionCharacter`]. They can
//!    make a name display as something else than it is.
//! 5. More than [`NAME_MAX`](crate::NAME_MAX) characters, counted as Unicode
//!    scalar values (an emoji outside the BMP is one, a ZWJ sequence several):
//!    [`NameProblem::TooLong`].

use crate::NAME_MAX;

/// Why a name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    ControlCharacter,
    DirectionCharacter,
    /// With the length the trimmed name has.
    TooLong {
        chars: usize,
    },
}

impl NameProblem {
    /// A sentence for people; the UI shows the same text.
    pub fn message(&self) -> String {
        match self {
            NameProblem::Empty => "Enter a name for the key.".into(),
            NameProblem::ControlCharacter => {
                "Remove the line break, tab or other control character from the name.".into()
            }
            NameProblem::DirectionCharacter => {
                "Remove the invisible text-direction character from the name.".into()
            }
            NameProblem::TooLong { chars } => {
                format!("Use at most {NAME_MAX} characters (now {chars}).")
            }
        }
    }

    /// A stable snake_case name (used by the shared test cases).
    pub fn code(&self) -> &'static str {
        match self {
            NameProblem::Empty => "empty",
            NameProblem::ControlCharacter => "control_character",
            NameProblem::DirectionCharacter => "direction_character",
            NameProblem::TooLong { .. } => "too_long",
        }
    }
}

impl std::fmt::Display for NameProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NameProblem {}

/// The whitespace trimmed from both ends of a name: Unicode's White_Space
/// characters plus U+FEFF (a byte order mark pasted along with the text).
pub fn is_name_space(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'..='\u{000D}'
            | '\u{0020}'
            | '\u{0085}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// Marks that reorder how text is displayed without being visible.
pub fn is_direction_character(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// The name to send: trimmed and checked as described in this module.
pub fn validate_key_name(raw: &str) -> Result<String, NameProblem> {
    let name = raw.trim_matches(is_name_space);
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name.chars().any(char::is_control) {
        return Err(NameProblem::ControlCharacter);
    }
    if name.chars().any(is_direction_character) {
        return Err(NameProblem::DirectionCharacter);
    }
    let chars = name.chars().count();
    if chars > NAME_MAX {
        return Err(NameProblem::TooLong { chars });
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_the_explicit_set() {
        assert_eq!(validate_key_name("  Bot\t\n").unwrap(), "Bot");
        assert_eq!(validate_key_name("\u{FEFF}Bot\u{0085}").unwrap(), "Bot");
        assert_eq!(validate_key_name("\u{3000}Bot\u{00A0}").unwrap(), "Bot");
        // Not whitespace: kept (and then allowed).
        assert_eq!(validate_key_name("\u{200B}Bot").unwrap(), "\u{200B}Bot");
    }

    #[test]
    fn problems() {
        assert_eq!(validate_key_name(""), Err(NameProblem::Empty));
        assert_eq!(validate_key_name(" \u{FEFF} "), Err(NameProblem::Empty));
        for bad in ["a\0b", "a\nb", "a\rb", "a\tb", "a\u{7F}b", "a\u{9F}b"] {
            assert_eq!(
                validate_key_name(bad),
                Err(NameProblem::ControlCharacter),
                "{bad:?}"
            );
        }
        for bad in ["a\u{202E}b", "a\u{2066}b", "a\u{200F}b", "a\u{061C}b"] {
            assert_eq!(
                validate_key_name(bad),
                Err(NameProblem::DirectionCharacter),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn counts_scalar_values() {
        assert!(validate_key_name(&"x".repeat(200)).is_ok());
        assert!(validate_key_name(&"😀".repeat(200)).is_ok());
        let err = validate_key_name(&"😀".repeat(201)).unwrap_err();
        assert_eq!(err, NameProblem::TooLong { chars: 201 });
        assert_eq!(err.message(), "Use at most 200 characters (now 201).");
    }
}
