//! Property tests: the key-name rule and the names CSV import take any text,
//! never panic, and what they accept obeys the rule.

use keyhold_ops::key_name::{is_direction_character, is_name_space};
use keyhold_ops::names_csv::{self, MAX_ROWS};
use keyhold_ops::{check_name, validate_key_name, NameProblem, NAME_MAX};
use openrouter_client::Usd;
use proptest::prelude::*;

/// Text made of the characters the rule cares about, plain letters, and
/// anything at all.
fn tricky_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec!['a', 'Z', '7', ' ', '-', '\'', '"', ',', ';', '=', '@', '+']),
        2 => prop::sample::select(vec![
            '\t', '\n', '\r', '\0', '\u{7F}', '\u{85}', '\u{9F}', '\u{A0}', '\u{FEFF}',
            '\u{200B}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}',
            '\u{2069}', '\u{061C}', '\u{2028}', '\u{3000}', '😀', '👩', '\u{1F3FD}', 'é',
            '\u{301}', '名', '\u{10FFFF}',
        ]),
        1 => any::<char>(),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|c| c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30_000))]

    #[test]
    fn key_names(raw in prop_oneof![tricky_text(24), tricky_text(230), any::<String>()]) {
        match validate_key_name(&raw) {
            Ok(name) => {
                prop_assert!(!name.is_empty());
                prop_assert!(name.chars().count() <= NAME_MAX);
                prop_assert!(!name.starts_with(is_name_space) && !name.ends_with(is_name_space));
                prop_assert!(!name.chars().any(|c| c.is_control() || is_direction_character(c)));
                prop_assert!(raw.contains(&name));
                // Accepting is stable: the accepted name passes as it is.
                prop_assert_eq!(validate_key_name(&name), Ok(name.clone()));
                prop_assert_eq!(check_name(&raw).map_err(|e| e.message), Ok(name));
            }
            Err(problem) => {
                let trimmed = raw.trim_matches(is_name_space);
                match problem {
                    NameProblem::Empty => prop_assert!(trimmed.is_empty()),
                    NameProblem::ControlCharacter => {
                        prop_assert!(trimmed.chars().any(char::is_control))
                    }
                    NameProblem::DirectionCharacter => {
                        prop_assert!(trimmed.chars().any(is_direction_character))
                    }
                    NameProblem::TooLong { chars } => {
                        prop_assert_eq!(chars, trimmed.chars().count());
                        prop_assert!(chars > NAME_MAX);
                    }
                }
                prop_assert!(!problem.message().is_empty());
                prop_assert_eq!(check_name(&raw).unwrap_err().message, problem.message());
            }
        }
    }
}

/// A CSV of names and limits as people paste it, sometimes broken.
fn csv_text() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        3 => tricky_text(12),
        1 => "[0-9$,. ]{0,10}",
        1 => Just("\"quoted, \"\"cell\"\"\"".to_string()),
        1 => Just("\"two\nlines\"".to_string()),
        1 => Just("\"unclosed".to_string()),
    ];
    let row = (
        prop::collection::vec(cell, 0..4),
        prop::sample::select(vec![",", ";", "\t"]),
    )
        .prop_map(|(cells, delimiter)| cells.join(delimiter));
    (
        prop::option::of(prop::sample::select(vec![
            "name,limit",
            "Name;Limit (USD)",
            "names",
            "key name\tlimit",
            "\u{feff}name",
        ])),
        prop::collection::vec(row, 0..12),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(header, rows, newline)| {
            header
                .map(str::to_string)
                .into_iter()
                .chain(rows)
                .collect::<Vec<_>>()
                .join(newline)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]

    #[test]
    fn names_csv_import(text in prop_oneof![4 => csv_text(), 1 => any::<String>()]) {
        let parsed = names_csv::parse(&text);
        prop_assert!(parsed.rows.len() <= MAX_ROWS);
        let lines = text.split('\n').count() as u32 + text.matches('\r').count() as u32;
        let mut last = 0;
        for row in &parsed.rows {
            // Every imported name obeys the rule, unchanged by it.
            prop_assert_eq!(validate_key_name(&row.name), Ok(row.name.clone()));
            prop_assert!(row.line >= 1 && row.line <= lines, "line {} of {}", row.line, lines);
            prop_assert!(row.line > last, "lines go down: {} after {}", row.line, last);
            last = row.line;
            if let Some(limit) = &row.limit {
                prop_assert!(!limit.trim().is_empty());
                // A kept limit is one the client accepts (after the decimal
                // comma of `;` files).
                let typed = limit.replacen(',', ".", usize::from(
                    Usd::parse(limit).is_err()
                ));
                prop_assert!(Usd::parse(&typed).is_ok(), "{:?}", limit);
            }
        }
        for problem in &parsed.problems {
            prop_assert!(problem.line >= 1);
            prop_assert!(!problem.message.is_empty());
        }
    }
}
