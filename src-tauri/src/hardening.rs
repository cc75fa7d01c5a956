//! Process hardening. A core dump of Keyhold could hold the management key
//! and new key strings, so release builds on Linux forbid them.

/// Turns core dumps off for this process: no core file (RLIMIT_CORE = 0)
/// and not dumpable (also keeps other processes of the user from attaching).
#[cfg(target_os = "linux")]
pub fn disable_core_dumps() -> bool {
    let limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on this process with valid arguments.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &limit) == 0
            && libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    }
}

#[cfg(not(target_os = "linux"))]
pub fn disable_core_dumps() -> bool {
    false
}

/// Debug builds keep core dumps for developers.
pub fn disable_core_dumps_in_release() {
    if !cfg!(debug_assertions) {
        disable_core_dumps();
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn core_dumps_are_off_afterwards() {
        assert!(super::disable_core_dumps());
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: reads this process's limit into a valid struct.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
        // SAFETY: reads a flag of this process.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
