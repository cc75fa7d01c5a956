//! Writing CSV: a header row, then one record per row, quoted only where
//! needed (RFC 4180, `\n` line ends). Files holding key strings are created
//! owner-only.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// The whole CSV as bytes.
pub fn to_bytes<R, I, S>(header: &[&str], rows: R) -> io::Result<Vec<u8>>
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
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

/// Creates (or truncates) a file only its owner can read and write (mode
/// 0600 on unix). An existing file's mode is tightened before anything is
/// written to it.
pub fn create_owner_only(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

/// Writes `bytes` to a new owner-only file and flushes it to disk.
pub fn write_owner_only(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = create_owner_only(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_where_needed() {
        let bytes = to_bytes(
            &["name", "limit"],
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

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1000.0), "1000");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(0.000_1), "0.0001");
        assert_eq!(number(1e9), "1000000000");
    }

    #[cfg(unix)]
    #[test]
    fn owner_only_even_over_an_existing_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_owner_only(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let fresh = dir.path().join("fresh.csv");
        write_owner_only(&fresh, b"x").unwrap();
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
