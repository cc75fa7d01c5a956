//! Where each process's memory (PSS) lies, by kind of mapping: the malloc
//! heap, other anonymous memory (thread arenas, JS heap), memory shared
//! between processes (memfd, /dev/shm) and mapped files.

use std::collections::BTreeMap;

use crate::procs;

fn kind(path: &str) -> &'static str {
    match path {
        "" => "anon",
        "[heap]" => "heap",
        p if p.starts_with("[stack") => "stack",
        p if p.starts_with('[') => "other",
        p if p.starts_with("/memfd:") => "memfd",
        p if p.starts_with("/dev/shm") || p.starts_with("/SYSV") => "shm",
        _ => "files",
    }
}

/// PSS in kB of one process by kind of mapping.
fn by_kind(pid: u32) -> BTreeMap<&'static str, u64> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return out;
    };
    let mut current = "anon";
    for line in text.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            // "start-end perms offset dev inode [path]"
            let path = line.split_whitespace().nth(5).unwrap_or("");
            current = kind(path);
        } else if let Some(v) = line.strip_prefix("Pss:") {
            let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
            *out.entry(current).or_default() += kb;
        }
    }
    out
}

/// "app: heap 12.0, anon 30.1, … MB; WebKitWebProces: …" for the tree.
pub fn describe(root: u32) -> String {
    procs::tree(root)
        .into_iter()
        .filter_map(|pid| {
            let name = procs::name(pid)?;
            let parts: Vec<String> = by_kind(pid)
                .into_iter()
                .filter(|(_, kb)| *kb >= 512)
                .map(|(k, kb)| format!("{k} {:.1}", kb as f64 / 1024.0))
                .collect();
            Some(format!("{name}: {} MB", parts.join(", ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
