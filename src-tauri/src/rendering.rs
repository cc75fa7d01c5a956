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
//! key strings. The price is slower script: filtering 10,000 keys on a
//! keystroke takes ~7 ms instead of ~4 ms.

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

/// The variable JavaScriptCore reads when the web process starts.
pub const JIT_ENV: &str = "JSC_useJIT";

/// The value to set, if any: only when nothing was chosen already.
pub fn jit_choice(current: Option<&std::ffi::OsStr>) -> Option<&'static str> {
    if cfg!(target_os = "linux") && current.is_none() {
        Some("0")
    } else {
        None
    }
}

/// Applies both choices; must run before the window (and GTK) starts.
pub fn prefer_plain_drawing() {
    type Choice = fn(Option<&std::ffi::OsStr>) -> Option<&'static str>;
    let choices: [(&str, Choice); 2] =
        [(COMPOSITING_ENV, compositing_choice), (JIT_ENV, jit_choice)];
    for (name, choice) in choices {
        if let Some(value) = choice(std::env::var_os(name).as_deref()) {
            // Set before any other thread exists (first thing in `run`).
            std::env::set_var(name, value);
        }
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

    #[test]
    fn scripts_run_without_a_jit_unless_the_person_chose() {
        assert_eq!(jit_choice(None), Some("0"));
        assert_eq!(jit_choice(Some(std::ffi::OsStr::new("1"))), None);
    }
}
