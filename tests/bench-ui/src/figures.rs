//! Turning measurements into the printed figures.

use std::time::Duration;

use serde_json::Value;

pub fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// Nearest-rank percentile.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    v[rank.min(v.len()) - 1]
}

pub fn list_ms(values: &[f64]) -> String {
    let parts: Vec<String> = values.iter().map(|v| format!("{v:.0}")).collect();
    format!(
        "{} ms (median {:.0})",
        parts.join(", "),
        percentile(values, 50.0)
    )
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The painted times split by what the keystroke did to the key table's rows
/// (the count of rows in the DOM, `rows[i]` after keystroke `i`, the first
/// compared with `start`):
/// rows appearing cost more paint than rows rewritten in place.
pub fn by_row_change(painted: &[f64], rows: &[f64], start: f64) -> String {
    let mut groups: [(&str, Vec<f64>); 3] = [
        ("rows added", vec![]),
        ("rows removed", vec![]),
        ("rows rewritten", vec![]),
    ];
    let mut before = start;
    for (&p, &r) in painted.iter().zip(rows) {
        let g = if r > before {
            0
        } else if r < before {
            1
        } else {
            2
        };
        groups[g].1.push(p);
        before = r;
    }
    let parts: Vec<String> = groups
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(name, v)| {
            format!(
                "{name}: {} keystrokes, median {:.0} ms, p95 {:.0} ms",
                v.len(),
                percentile(v, 50.0),
                percentile(v, 95.0)
            )
        })
        .collect();
    parts.join("; ")
}
