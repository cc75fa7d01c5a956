//! How the web view draws on Linux. WebKitGTK's accelerated compositing
//! falls back to software OpenGL where there is no usable GPU (virtual
//! machines, remote desktops, many laptops' default drivers), and then
//! redraws every frame in software: a blinking caret in the search field
//! cost a third of a core while Keyhold sat idle on a 10,000-key list. A
//! table app gains nothing from GPU compositing, so Keyhold turns it off
//! unless the person has chosen otherwise in the environment.
//!
//! For the same kind of reason Keyhold runs its page's scripts without
//! JavaScriptCore's just-in-time compilers. The page is Keyhold's own, small
//! and mostly waiting on the network; compiled code and the compilers' memory
//! added ~20 MB to the web view on a 10,000-key list, and a JIT is the part of
//! a script engine that attackers aim at first, in a window that shows new
//! key strings. The price is slower script: the page's work on a search
//! keystroke at 10,000 keys takes 5–7 ms instead of ~4 ms.

/// The variable WebKitGTK reads before its first web view exists, and the
/// value that turns compositing off.
pub const NO_COMPOSITING: (&str, &str) = ("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
/// The variable JavaScriptCore reads when the web process starts, and the
/// value that turns its JIT off.
pub const NO_JIT: (&str, &str) = ("JSC_useJIT", "0");

/// The value to set for `setting`, if any: on Linux, and only when the
/// person has not chosen one in the environment already.
pub fn choice(
    setting: (&str, &'static str),
    current: Option<&std::ffi::OsStr>,
) -> Option<&'static str> {
    (cfg!(target_os = "linux") && current.is_none()).then_some(setting.1)
}

/// Applies both choices; must run before the window (and GTK) starts.
pub fn prefer_plain_drawing() {
    for setting in [NO_COMPOSITING, NO_JIT] {
        if let Some(value) = choice(setting, std::env::var_os(setting.0).as_deref()) {
            // Set before any other thread exists (first thing in `run`).
            std::env::set_var(setting.0, value);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_turned_off_unless_the_person_chose() {
        let linux = cfg!(target_os = "linux");
        assert_eq!(choice(NO_COMPOSITING, None), linux.then_some("1"));
        let chosen = std::ffi::OsStr::new("0");
        assert_eq!(choice(NO_COMPOSITING, Some(chosen)), None);
    }

    #[test]
    fn scripts_run_without_a_jit_unless_the_person_chose() {
        let linux = cfg!(target_os = "linux");
        assert_eq!(choice(NO_JIT, None), linux.then_some("0"));
        let chosen = std::ffi::OsStr::new("1");
        assert_eq!(choice(NO_JIT, Some(chosen)), None);
    }
}
