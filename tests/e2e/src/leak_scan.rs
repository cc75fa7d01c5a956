//! The end of a scenario: close the app and search everything it left behind
//! for secrets — the management key and every key string the scenario saw.

use std::path::PathBuf;

use crate::fixture::Fixture;
use crate::key_strings::holds_key_string;
use crate::{audit, driver, eventually, scan, step};

/// What to look for, besides the management key (always looked for).
#[derive(Default)]
pub struct Secrets {
    /// (what it is, the secret): must be in no file, log or request.
    needles: Vec<(String, String)>,
    /// Files the user chose to save key strings in: they must hold every
    /// needle (a control: the scan can find them) and are deleted at the end.
    key_string_files: Vec<PathBuf>,
}

impl Secrets {
    pub fn none() -> Secrets {
        Secrets::default()
    }

    pub fn with(mut self, what: &str, secret: &str) -> Secrets {
        assert!(!secret.is_empty(), "empty secret given for {what}");
        self.needles.push((what.to_string(), secret.to_string()));
        self
    }

    /// Key strings, as (key name, key string).
    pub fn with_key_strings<'a>(
        mut self,
        keys: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Secrets {
        for (name, secret) in keys {
            self = self.with(&format!("the key string of {name:?}"), secret);
        }
        self
    }

    /// A file that holds the key strings on purpose (see `key_string_files`).
    pub fn saved_in(mut self, file: PathBuf) -> Secrets {
        self.key_string_files.push(file);
        self
    }
}

impl Fixture {
    /// Closes the app and checks that no secret was left behind:
    /// - the page (DOM and web storage) does not hold the management key;
    /// - no file under the app's XDG data/config/cache folders holds a secret;
    /// - the audit log, every file saved in the dialog folder (but the key
    ///   strings files) and both output logs hold no secret and no key string
    ///   at all (`sk-or-v1-` + 64 hex);
    /// - no request the simulator received carried a secret in its body or query.
    pub async fn finish(self, secrets: Secrets) {
        step(&format!("{}: secrets scan", self.name));
        // The web view writes its profile (storage, caches) shortly after it
        // starts: wait for it, so that the scan below has the app's files to read.
        eventually("the app to write files under its XDG folders", || async {
            let found: usize = scan::app_dirs().iter().map(|d| scan::file_count(d)).sum();
            (found > 0).then_some(())
        })
        .await;
        self.app
            .assert_not_in_page(&self.management_key, "the management key", "at the end")
            .await;
        let Fixture {
            app,
            driver,
            sim,
            management_key,
            dialog_dir,
            name,
            _one_at_a_time,
        } = self;
        app.close().await;
        let (log, app_log) = (driver.log.clone(), driver.app_log.clone());
        drop(driver);

        let mut needles = vec![("the management key".to_string(), management_key.clone())];
        needles.extend(secrets.needles.iter().cloned());

        // Control: a file saved on purpose holds every key string of the scenario.
        for file in &secrets.key_string_files {
            for (what, secret) in &secrets.needles {
                assert!(
                    scan::file_contains(file, secret.as_bytes()),
                    "control: {what} should be in the saved key strings file {}",
                    file.display()
                );
            }
        }

        let app_output = std::fs::read_to_string(&app_log).unwrap_or_default();
        assert!(
            app_output.contains(driver::LAUNCH_MARKER),
            "{name}: the app's output was not captured in {}",
            app_log.display()
        );
        let mut files = vec![log, app_log];
        if audit::audit_path().is_file() {
            files.push(audit::audit_path());
        }
        for e in std::fs::read_dir(&dialog_dir)
            .expect("list the dialog dir")
            .flatten()
        {
            if e.path().is_file() && !secrets.key_string_files.contains(&e.path()) {
                files.push(e.path());
            }
        }
        for f in &files {
            let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
            assert!(
                !holds_key_string(&String::from_utf8_lossy(&bytes)),
                "{name}: {} holds a key string",
                f.display()
            );
            for (what, secret) in &needles {
                assert!(
                    !scan::file_contains(f, secret.as_bytes()),
                    "{name}: {what} is in {}",
                    f.display()
                );
            }
        }

        let mut scanned = 0;
        for dir in scan::app_dirs() {
            for (what, secret) in &needles {
                let (hits, read) = scan::files_containing(&dir, secret.as_bytes());
                scanned += read;
                assert!(
                    hits.is_empty(),
                    "{name}: {what} was written to disk: {hits:?}"
                );
            }
        }
        step(&format!(
            "{name}: scanned {} files and {scanned} file reads under the app's XDG dirs",
            files.len()
        ));
        assert!(
            scanned > 0,
            "{name}: no file of the app was found to scan under {:?}",
            scan::app_dirs()
        );

        for r in sim.requests() {
            for (what, secret) in &needles {
                assert!(
                    !r.body.contains(secret.as_str())
                        && !r.query.as_deref().unwrap_or("").contains(secret.as_str()),
                    "{name}: {what} was sent in a request body or query: {} {}",
                    r.method,
                    r.path
                );
            }
        }

        // The key strings are live (simulated) keys: remove the saved copies.
        for file in &secrets.key_string_files {
            std::fs::remove_file(file)
                .unwrap_or_else(|e| panic!("remove the saved key strings {}: {e}", file.display()));
        }
    }
}
