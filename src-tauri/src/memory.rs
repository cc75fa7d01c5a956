//! Giving memory back after large answers. Listing 10,000 keys builds tens
//! of megabytes of short-lived buffers (pages, keys, the answer for the
//! window) across the async worker threads; glibc keeps what they freed in
//! its arenas, so an app left open would sit on it for good. Once the answer
//! has gone out, the freed pages are returned to the system.

use std::time::Duration;

/// Long enough for the answer to have been handed to the window.
const AFTER: Duration = Duration::from_secs(2);

/// Returns freed heap pages to the system a moment from now.
pub fn release_freed_soon() {
    tauri::async_runtime::spawn(async {
        tokio::time::sleep(AFTER).await;
        release_freed();
    });
}

/// Returns freed heap pages to the system now; true when some were.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed() -> bool {
    // SAFETY: malloc_trim only walks glibc's own free lists.
    unsafe { libc::malloc_trim(0) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() -> bool {
    false
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn freed_small_buffers_go_back_to_the_system() {
        // Many small blocks, as a parsed key list leaves behind, then freed.
        let blocks: Vec<Vec<u8>> = (0..50_000).map(|i| vec![i as u8; 600]).collect();
        assert_eq!(blocks.len(), 50_000);
        drop(blocks);
        assert!(release_freed(), "glibc returned nothing");
    }
}
