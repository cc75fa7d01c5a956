//! Files the app writes in place of native dialogs (`KEYHOLD_DIALOG_DIR`):
//! a small RFC 4180 CSV reader and the file's permission bits.

use std::path::Path;

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends)
/// into records of fields. A trailing line end does not make an empty record.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    // Whether anything (a field or separator) was read for the current record.
    let mut started = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                started = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                started = false;
            }
            _ => {
                field.push(c);
                started = true;
            }
        }
    }
    if started || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// A CSV file as a header and rows of `column → value`; panics (naming the
/// file) when a row has another number of fields than the header.
pub fn read_csv_table(
    path: &Path,
) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut records = parse_csv(&text).into_iter();
    let header = records
        .next()
        .unwrap_or_else(|| panic!("{} is empty (no header row)", path.display()));
    let rows = records
        .enumerate()
        .map(|(i, r)| {
            assert_eq!(
                r.len(),
                header.len(),
                "{} row {}: {} fields, the header has {}: {r:?}",
                path.display(),
                i + 2,
                r.len(),
                header.len()
            );
            header.iter().cloned().zip(r).collect()
        })
        .collect();
    (header, rows)
}

/// The permission bits (`0o600`, …) of a file.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("cannot stat {}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(test)]
mod tests {
    use super::parse_csv;

    #[test]
    fn reads_quotes_and_line_ends() {
        let got = parse_csv("a,b\r\n\"x, \"\"y\"\"\",\n– 1,2\n");
        assert_eq!(
            got,
            vec![
                vec!["a".to_string(), "b".into()],
                vec!["x, \"y\"".into(), "".into()],
                vec!["– 1".into(), "2".into()],
            ]
        );
        assert_eq!(
            parse_csv("a\nb"),
            vec![vec!["a".to_string()], vec!["b".into()]]
        );
    }
}
