//! The app's process tree from /proc: the app and the WebKit processes it
//! starts (web content, network), their memory (PSS) and CPU time.

use std::collections::HashMap;
use std::path::Path;

fn stat_fields(pid: u32) -> Option<(String, Vec<String>)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat[open + 1..close].to_string();
    let rest = stat[close + 1..]
        .split_whitespace()
        .map(str::to_string)
        .collect();
    Some((comm, rest))
}

fn all_parents() -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            // After ')': state, ppid, ...
            if let Some((_, rest)) = stat_fields(pid) {
                if let Some(ppid) = rest.get(1).and_then(|s| s.parse().ok()) {
                    out.push((pid, ppid));
                }
            }
        }
    }
    out
}

/// `root` and all its descendants.
pub fn tree(root: u32) -> Vec<u32> {
    let parents = all_parents();
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        for &(child, parent) in &parents {
            if parent == p && !out.contains(&child) {
                out.push(child);
            }
        }
        i += 1;
    }
    out
}

/// The app process: a descendant of this program running `binary`.
/// When the app runs under a wrapper (a heap profiler, say), BENCH_APP_EXE
/// names the binary whose process is measured instead.
pub fn app_pid(binary: &Path) -> Option<u32> {
    let exe = std::env::var_os("BENCH_APP_EXE").map(std::path::PathBuf::from);
    let want = exe.as_deref().unwrap_or(binary).canonicalize().ok()?;
    tree(std::process::id()).into_iter().find(|&p| {
        std::fs::read_link(format!("/proc/{p}/exe"))
            .map(|exe| exe == want)
            .unwrap_or(false)
    })
}

/// The process's name (`comm`).
pub fn name(pid: u32) -> Option<String> {
    stat_fields(pid).map(|(comm, _)| comm)
}

/// Sum of `Pss:` (kB) over the app and its descendants.
pub fn tree_pss_kb(root: u32) -> u64 {
    tree_pss_parts(root).iter().map(|(_, kb)| kb).sum()
}

/// `Pss:` (kB) of the app and each descendant, with the process name.
pub fn tree_pss_parts(root: u32) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for p in tree(root) {
        let Ok(text) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) else {
            continue;
        };
        let name = stat_fields(p).map(|(comm, _)| comm).unwrap_or_default();
        let kb = text
            .lines()
            .filter_map(|line| line.strip_prefix("Pss:"))
            .filter_map(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .sum();
        out.push((name, kb));
    }
    out
}

/// "name 12.3 MB, …" for the figures of [`tree_pss_parts`].
pub fn describe_pss(root: u32) -> String {
    tree_pss_parts(root)
        .iter()
        .map(|(name, kb)| format!("{name} {:.1} MB", *kb as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// utime + stime (clock ticks) of every process of the tree, with its name.
pub fn tree_ticks(root: u32) -> HashMap<u32, (String, u64)> {
    let mut out = HashMap::new();
    for p in tree(root) {
        if let Some((comm, rest)) = stat_fields(p) {
            // Fields 14 and 15 of stat; `rest` starts at field 3.
            let utime: u64 = rest.get(11).and_then(|s| s.parse().ok()).unwrap_or(0);
            let stime: u64 = rest.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
            out.insert(p, (comm, utime + stime));
        }
    }
    out
}

pub fn clock_ticks_per_sec() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}
