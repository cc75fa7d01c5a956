//! Names (and optional limits) for a bulk create, from text pasted or read from
//! a CSV file.
//!
//! - A UTF-8 byte order mark is ignored.
//! - The delimiter is `,`, `;` or a tab, whichever occurs most (outside
//!   quotes) in the first non-empty line; on a tie `;` wins over `,`
//!   (commas also appear in amounts like `1,000`), and `,` is the default.
//! - Quoted fields may hold delimiters, quotes (`""`) and line breaks.
//! - A first row with a cell `name` (any case) is a header; a header
//!   cell starting with `limit` marks the limit column. Without a header the
//!   columns are name, limit; further columns are ignored.
//! - Empty and blank lines are skipped.
//! - A limit is US dollars as people type them (`25`, `$1,250.50`); in a
//!   `;`-delimited file a decimal comma (`12,50`) is read as a decimal point.
//! - A row with no name or a bad limit is left out and reported with its line.

use csv::{ReaderBuilder, StringRecord, Trim};
use openrouter_client::Usd;

use crate::{validate_key_name, NameProblem};

/// A usable row: the name trimmed, the limit as typed (trimmed, checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRow {
    /// 1-based line where the row starts.
    pub line: u32,
    pub name: String,
    pub limit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedNames {
    pub rows: Vec<NameRow>,
    pub problems: Vec<Problem>,
}

/// Rows beyond this are reported once and not read.
pub const MAX_ROWS: usize = 10_000;

pub fn parse(text: &str) -> ParsedNames {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The csv crate miscounts lines after a CRLF, and ends a record at a lone
    // CR (old Mac files) without counting a line; line numbers must match the
    // file, so every line break becomes `\n` first.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.as_str();
    let delimiter = detect_delimiter(text);
    let mut reader = csv_reader(text, delimiter);
    let mut out = ParsedNames::default();
    let mut columns: Option<(usize, Option<usize>)> = None;
    let mut record = StringRecord::new();
    loop {
        let line = u32::try_from(reader.position().line()).unwrap_or(u32::MAX);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                out.problems.push(unreadable(&e, line));
                continue;
            }
        }
        let line = record_line(&record, text, line);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let (name_col, limit_col) = match columns {
            Some(c) => c,
            None => {
                if let Some(c) = header_columns(&record) {
                    columns = Some(c);
                    continue;
                }
                *columns.insert((0, Some(1)))
            }
        };
        if out.rows.len() >= MAX_ROWS {
            out.problems.push(Problem {
                line,
                message: format!("Only the first {MAX_ROWS} names are read; this row and the rest were left out."),
            });
            break;
        }
        match name_row(&record, (name_col, limit_col), delimiter, line) {
            Ok(row) => out.rows.push(row),
            Err(problem) => out.problems.push(problem),
        }
    }
    out
}

/// Rows of any width, fields trimmed, no header assumed (it is detected).
fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(Trim::All)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// A row the CSV reader could not read, at the line it reports (or the
/// line the row started on).
fn unreadable(e: &csv::Error, line: u32) -> Problem {
    let line = e
        .position()
        .map(|p| u32::try_from(p.line()).unwrap_or(u32::MAX))
        .unwrap_or(line);
    Problem {
        line,
        message: "This row could not be read as CSV.".into(),
    }
}

/// The file line a record starts on. The reader reports where it started
/// reading, before the empty lines it skipped: those are counted too.
fn record_line(record: &StringRecord, text: &str, fallback: u32) -> u32 {
    record
        .position()
        .map(|p| {
            let skipped = usize::try_from(p.byte())
                .ok()
                .and_then(|b| text.get(b..))
                .map_or(0, |rest| rest.bytes().take_while(|&c| c == b'\n').count());
            u32::try_from(p.line() + skipped as u64).unwrap_or(u32::MAX)
        })
        .unwrap_or(fallback)
}

/// One row's name and optional limit, or why the row cannot be used.
fn name_row(
    record: &StringRecord,
    (name_col, limit_col): (usize, Option<usize>),
    delimiter: u8,
    line: u32,
) -> Result<NameRow, Problem> {
    let name = validate_key_name(record.get(name_col).unwrap_or("")).map_err(|problem| {
        let message = match problem {
            NameProblem::Empty => "This row has no name.".into(),
            other => other.message(),
        };
        Problem { line, message }
    })?;
    let raw_limit = limit_col
        .and_then(|c| record.get(c))
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let limit = match raw_limit {
        None => None,
        Some(raw) => {
            // A semicolon file comes from a locale that writes 12,50.
            let typed = if delimiter == b';' {
                decimal_comma(raw)
            } else {
                raw.to_string()
            };
            if let Err(e) = Usd::parse(&typed) {
                return Err(Problem {
                    line,
                    message: format!("The limit \"{raw}\" of \"{name}\" is not usable: {e}."),
                });
            }
            Some(typed)
        }
    };
    Ok(NameRow { line, name, limit })
}

/// `(name column, limit column)` when the record is a header row.
fn header_columns(record: &StringRecord) -> Option<(usize, Option<usize>)> {
    let cells: Vec<String> = record.iter().map(|c| c.trim().to_lowercase()).collect();
    let name_col = cells
        .iter()
        .position(|c| c == "name" || c == "key name" || c == "names")?;
    let limit_col = cells.iter().position(|c| c.starts_with("limit"));
    Some((name_col, limit_col))
}

fn detect_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semi > 0 && semi >= comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

/// `12,50` → `12.50` (one comma followed by one or two digits); anything
/// else, such as `1,000`, is left as it is.
fn decimal_comma(raw: &str) -> String {
    match raw.split_once(',') {
        Some((int, frac))
            if !int.contains('.')
                && !frac.contains(',')
                && (1..=2).contains(&frac.len())
                && frac.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{int}.{frac}")
        }
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &ParsedNames) -> Vec<&str> {
        p.rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn one_name_per_line() {
        let p = parse("Alice\nBob\r\nCarol\n");
        assert_eq!(names(&p), vec!["Alice", "Bob", "Carol"]);
        assert!(p.problems.is_empty());
        assert_eq!(p.rows[2].line, 3);
        assert!(p.rows.iter().all(|r| r.limit.is_none()));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let p = parse("Alice;1\rBob;5\r\rCarol");
        assert_eq!(names(&p), vec!["Alice", "Bob", "Carol"]);
        let lines: Vec<u32> = p.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
        assert_eq!(p.rows[1].limit.as_deref(), Some("5"));
    }

    #[test]
    fn quotes_hold_commas_quotes_and_newlines() {
        let p = parse(
            "name,limit\n\"Smith, John\",25\n\"The \"\"Boss\"\"\",\"1,250.50\"\n\"two\nlines\",\nlast,5\n",
        );
        assert_eq!(names(&p), vec!["Smith, John", "The \"Boss\"", "last"]);
        assert_eq!(p.rows[0].limit.as_deref(), Some("25"));
        assert_eq!(p.rows[1].limit.as_deref(), Some("1,250.50"));
        // A line break is read as part of the cell, and then refused as a
        // name; lines count from the file: that row starts on line 4.
        assert_eq!(
            p.problems,
            vec![Problem {
                line: 4,
                message: NameProblem::ControlCharacter.message()
            }]
        );
        assert_eq!(p.rows[2].line, 6);
    }

    #[test]
    fn byte_order_mark_and_header() {
        let p = parse("\u{feff}Name;Limit (USD)\r\nAda;10\r\nGrace;12,50\r\n");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(names(&p), vec!["Ada", "Grace"]);
        assert_eq!(p.rows[1].limit.as_deref(), Some("12.50"));
        // The BOM did not become part of the first name of a header-less file.
        let p = parse("\u{feff}Ada\nGrace\n");
        assert_eq!(names(&p), vec!["Ada", "Grace"]);
    }

    #[test]
    fn semicolons_are_detected_and_header_columns_found() {
        let p = parse("limit;name\n5;x\n");
        assert_eq!(names(&p), vec!["x"]);
        assert_eq!(p.rows[0].limit.as_deref(), Some("5"));
        let p = parse("name;team;limit\nAda;ops;7\n");
        assert_eq!(p.rows[0].limit.as_deref(), Some("7"));
        let p = parse("a;b;c\n");
        assert!(p.rows.is_empty());
        assert_eq!(p.problems.len(), 1, "b is not a limit");
        let p = parse("Ada\t3\nBob\t4\n");
        assert_eq!(p.rows[1].limit.as_deref(), Some("4"));
        // Semicolons inside quotes do not count.
        let p = parse("\"a;b;c\",1\n");
        assert_eq!(names(&p), vec!["a;b;c"]);
        // `1,000` in a ;-file stays a thousands separator.
        let p = parse("x;1,000\n");
        assert_eq!(p.rows[0].limit.as_deref(), Some("1,000"));
    }

    #[test]
    fn empty_and_blank_lines_are_skipped() {
        let p = parse("\n\nAda\n\n   \n,\nBob\n\n");
        assert_eq!(names(&p), vec!["Ada", "Bob"]);
        assert_eq!(p.rows[0].line, 3);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.rows[1].line, 7);
        assert!(parse("").rows.is_empty());
        assert!(parse("\u{feff}").rows.is_empty());
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let p = parse("name,limit\nAda,abc\n,5\n\r\n\nBob,-1\nCarol,1.234\nDan,\n");
        assert_eq!(names(&p), vec!["Dan"]);
        let lines: Vec<u32> = p.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 6, 7]);
        assert!(p.problems[0].message.contains("\"abc\""));
        assert!(p.problems[1].message.contains("no name"));
        assert!(p.problems[2].message.contains("negative"));
        let long = format!("{}\n", "x".repeat(201));
        assert_eq!(parse(&long).problems[0].line, 1);
    }

    #[test]
    fn a_thousand_rows_and_more() {
        let mut text = String::from("name,limit\n");
        for i in 1..=1_000 {
            text.push_str(&format!("\"Student {i}, group {}\",{}.50\n", i % 7, i));
        }
        let p = parse(&text);
        assert!(p.problems.is_empty());
        assert_eq!(p.rows.len(), 1_000);
        assert_eq!(p.rows[999].name, "Student 1000, group 6");
        assert_eq!(p.rows[999].limit.as_deref(), Some("1000.50"));
        assert_eq!(p.rows[999].line, 1_001);

        let many: String = (0..MAX_ROWS + 5).map(|i| format!("k{i}\n")).collect();
        let p = parse(&many);
        assert_eq!(p.rows.len(), MAX_ROWS);
        assert_eq!(p.problems.len(), 1);
    }
}
