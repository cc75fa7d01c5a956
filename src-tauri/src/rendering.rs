//! How the web view draws on Linux. WebKitGTK's accelerated compositing
//! falls back to software OpenGL where there is no usable GPU (virtual
//! machines, remote desktops, many laptops' default drivers), and then
//! redraws every frame in software: a blinking caret in the search field
//! cost a third of a core while Keyhold sat idle on a 10,000-key list. A
//! table app gains nothing from GPU compositing, so Keyhold turns it off
//! unless the person has chosen otherwise in the environment.

/// The variable WebKitGTK reads before its first web view exists.
pub const COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// The value to set, if any: only when nothing was chosen already.
pub fn compositing_choice(current: Option<&std::ffi::OsStr>) -> Option<&'static str> {
    if cfg!(target_os = "linux") && current.is_none() {
        Some("1")
    } else {
        None
    }
}

/// Applies the choice; must run before the window (and GTK) starts.
pub fn prefer_plain_drawing() {
    if let Some(value) = compositing_choice(std::env::var_os(COMPOSITING_ENV).as_deref()) {
        // Set before any other thread exists (first thing in `run`).
        std::env::set_var(COMPOSITING_ENV, value);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_turned_off_unless_the_person_chose() {
        assert_eq!(compositing_choice(None), Some("1"));
        assert_eq!(compositing_choice(Some(std::ffi::OsStr::new("0"))), None);
    }
}
