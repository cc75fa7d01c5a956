//! The desktop settings' wiring: what the form shows and what saving does
//! with a tray and login items present or missing.

use std::sync::Mutex;

use super::*;

/// The OS's login items, as a switch that can also refuse.
#[derive(Default)]
struct FakeLogin {
    on: Mutex<bool>,
    sets: Mutex<Vec<bool>>,
    refuse: bool,
}

impl LoginStart for FakeLogin {
    fn enabled(&self) -> Result<bool, String> {
        Ok(*self.on.lock().unwrap())
    }
    fn set(&self, on: bool) -> Result<(), String> {
        if self.refuse {
            return Err("the autostart folder is read-only".into());
        }
        self.sets.lock().unwrap().push(on);
        *self.on.lock().unwrap() = on;
        Ok(())
    }
}

fn with_tray(login: Arc<FakeLogin>) -> Desktop {
    Desktop {
        tray_missing: None,
        login: Some(login),
    }
}

#[test]
fn start_at_login_is_off_by_default_and_saving_switches_it() {
    let login = Arc::new(FakeLogin::default());
    let desktop = with_tray(login.clone());
    let warnings = Warnings::load(None);
    let mut form = desktop.form(&warnings);
    assert!(!form.start_at_login);
    assert_eq!(form.start_at_login_unavailable, None);

    form.start_at_login = true;
    let shown = desktop.save(&warnings, &form).unwrap();
    assert!(shown.start_at_login);
    assert_eq!(*login.sets.lock().unwrap(), [true]);

    // Saving other figures leaves the login item alone.
    let mut again = shown.clone();
    again.interval_minutes = "30".into();
    desktop.save(&warnings, &again).unwrap();
    assert_eq!(*login.sets.lock().unwrap(), [true]);

    again.start_at_login = false;
    assert!(!desktop.save(&warnings, &again).unwrap().start_at_login);
    assert_eq!(*login.sets.lock().unwrap(), [true, false]);
}

#[test]
fn a_refused_login_item_is_an_error_and_nothing_is_saved() {
    let login = Arc::new(FakeLogin {
        refuse: true,
        ..FakeLogin::default()
    });
    let desktop = with_tray(login);
    let warnings = Warnings::load(None);
    let mut form = desktop.form(&warnings);
    form.start_at_login = true;
    form.interval_minutes = "30".into();
    let e = desktop.save(&warnings, &form).unwrap_err();
    assert!(e.message.contains("read-only"), "{}", e.message);
    assert_eq!(warnings.get().interval_minutes, 15);
}

#[test]
fn keep_watching_is_on_by_default_and_closing_then_hides() {
    let desktop = with_tray(Arc::new(FakeLogin::default()));
    let warnings = Warnings::load(None);
    let mut form = desktop.form(&warnings);
    assert!(form.keep_watching);
    assert_eq!(form.keep_watching_unavailable, None);
    assert!(desktop.hides_on_close(&warnings));

    form.keep_watching = false;
    assert!(!desktop.save(&warnings, &form).unwrap().keep_watching);
    assert!(!desktop.hides_on_close(&warnings), "off: closing quits");
}

#[test]
fn without_a_tray_closing_quits_and_the_setting_says_why() {
    let desktop = Desktop::bare();
    let warnings = Warnings::load(None);
    let form = desktop.form(&warnings);
    assert!(!form.keep_watching);
    assert!(form
        .keep_watching_unavailable
        .as_deref()
        .is_some_and(|why| why.contains("closing the window quits")));
    assert!(form.start_at_login_unavailable.is_some());
    assert!(!desktop.hides_on_close(&warnings));
    // The choice made where there was a tray survives a save without one.
    desktop.save(&warnings, &form).unwrap();
    assert!(warnings.get().keep_watching);
}
