//! Files only their owner may read: the CSV of new key strings and the logs.
//! On unix the mode is 0600 from creation on; on Windows the file's ACL is
//! cut down to the current user (inherited entries removed) before anything
//! is written to it.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Creates (or truncates) a file only its owner can read and write. An
/// existing file is tightened before anything is written to it.
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
    #[cfg(windows)]
    restrict_to_current_user(path)?;
    Ok(file)
}

/// Opens a file for appending, creating it owner-only. On unix an existing
/// file looser than that (an older version's, a copy put back) is tightened
/// before anything is appended; on Windows the ACL is set when the file is
/// created.
pub fn append_owner_only(path: &Path) -> io::Result<File> {
    #[cfg(windows)]
    let created = !path.exists();
    let mut options = File::options();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    // Each append would otherwise start a process: only a new file's ACL is set.
    #[cfg(windows)]
    if created {
        restrict_to_current_user(path)?;
    }
    Ok(file)
}

/// Writes `bytes` to an owner-only file and flushes it to disk.
pub fn write_owner_only(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = create_owner_only(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Replaces the file's ACL by one entry: full control for the signed-in
/// user. `icacls` ships with every Windows since Vista, which keeps this
/// free of unsafe Win32 calls.
#[cfg(windows)]
fn restrict_to_current_user(path: &Path) -> io::Result<()> {
    let user = std::env::var("USERNAME")
        .map_err(|_| io::Error::new(io::ErrorKind::PermissionDenied, "no current user name"))?;
    let domain = std::env::var("USERDOMAIN").unwrap_or_default();
    let account = if domain.is_empty() {
        user
    } else {
        format!("{domain}\\{user}")
    };
    let status = std::process::Command::new("icacls")
        .arg(path)
        .arg("/inheritance:r")
        .arg("/grant:r")
        .arg(format!("{account}:F"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file could not be made private to its owner",
        ))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_and_existing_files_end_up_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("keys.csv");
        std::fs::write(&old, "old").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_owner_only(&old, b"new").unwrap();
        assert_eq!(
            std::fs::metadata(&old).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "new");
        let fresh = dir.path().join("fresh.csv");
        write_owner_only(&fresh, b"x").unwrap();
        assert_eq!(
            std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
