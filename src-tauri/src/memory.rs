//! Giving memory back after large answers. Listing 10,000 keys builds tens
//! of megabytes of short-lived buffers (pages, keys, the answer for the
//! window) across the async worker threads; glibc keeps what they freed in
//! its arenas, so an app left open would sit on it for good. Once the answer
//! has gone out, the freed pages are returned to the system.
//!
//! Two allocator settings keep less to return in the first place. By default
//! glibc gives each busy thread its own arena (up to eight per core) and,
//! after a large block is freed, serves the next large ones from an arena
//! instead of mapping them; both leave freed memory scattered among live
//! blocks where trimming cannot reach it. Keyhold uses two arenas and maps
//! every block of 128 KiB or more on its own, so such a block goes back to
//! the system the moment it is freed.

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

/// Blocks at least this large are mapped on their own.
pub const OWN_MAPPING_FROM: usize = 128 * 1024;
const ARENAS: i32 = 2;

/// Applies the allocator settings; true when glibc took both. Runs first
/// thing in `run`, before other threads make arenas of their own.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn keep_heap_compact() -> bool {
    // SAFETY: mallopt only changes glibc's own tuning values.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS) == 1
            && libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM as i32) == 1
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn keep_heap_compact() -> bool {
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

    /// Bytes glibc holds in blocks mapped on their own.
    fn mapped_bytes() -> usize {
        // SAFETY: mallinfo2 only reads glibc's counters.
        unsafe { libc::mallinfo2().hblkhd }
    }

    #[test]
    fn large_blocks_stay_mapped_after_one_is_freed() {
        assert!(keep_heap_compact());
        // glibc's default raises its threshold past a freed mapped block, so
        // the second block of the same size would come from an arena. (Kept
        // under 32 MiB, the most glibc's own threshold rises to.) The counter
        // is process-wide and other tests run meanwhile: only half the block
        // must show, which their frees cannot hide.
        let size = 16 << 20;
        drop(std::hint::black_box(vec![1u8; size]));
        let before = mapped_bytes();
        let second = std::hint::black_box(vec![2u8; size]);
        assert!(
            mapped_bytes() >= before + size / 2,
            "the second large block was not mapped on its own"
        );
        drop(second);
    }
}
