//! `Usd::parse` and the UI's `parseUsd` agree: this test writes Rust's verdict
//! on 24,000 tricky amount strings into `contract/fixtures/money-cases.json`,
//! and `ui/src/lib/money-agreement.test.ts` asserts the UI gives the same
//! verdict and value for each. The strings are generated deterministically;
//! this test fails when the file is stale.

use openrouter_client::{Usd, UsdError};
use serde_json::{json, Value};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../contract/fixtures/money-cases.json"
);
const REGENERATE: &str =
    "KEYHOLD_REGEN_FIXTURES=1 cargo test -p openrouter-client --test money_cases";
const CASES: usize = 24_000;

/// SplitMix64: tiny, seeded, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

/// Whitespace and look-alikes around and inside amounts.
const SPACES: &[&str] = &[
    " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{85}", "\u{FEFF}", "\u{2009}", "\u{3000}",
    "\u{200B}", "\u{180E}", "\u{2028}", "\u{1680}", "\u{202F}",
];

/// Characters that are not part of an amount but look or feel like one.
const ODD: &[&str] = &[
    "e", "E", "e3", "e-2", "E+5", "x", "0x", "_", "'", "`", "%", "€", "£", "USD", "١", "٣", "٫",
    "٬", "１", "９", "．", "，", "＄", "－", "⁻", "²", "½", "Ⅻ", "𝟗", "߂", "NaN", "Infinity",
    "inf", "null", "true", "-", "+", "$", ",", ".", "..", ",,", "\u{0}", "\u{7F}",
];

/// An amount as people write it, often slightly wrong.
fn amount(rng: &mut Rng) -> String {
    let int_len = match rng.below(10) {
        0 => 0,
        1..=6 => 1 + rng.below(4),
        7 | 8 => 4 + rng.below(7),
        _ => 10 + rng.below(50),
    };
    let mut int = rng.digits(int_len);
    if rng.chance(10) {
        int = format!("{}{int}", "0".repeat(1 + rng.below(45)));
    }
    if rng.chance(5) {
        int = "9".repeat(1 + rng.below(12));
    }
    if rng.chance(35) && !int.is_empty() {
        // Thousands separators, usually in groups of three.
        let bytes = int.as_bytes();
        let mut grouped = String::new();
        let first = match bytes.len() % 3 {
            0 => 3,
            r => r,
        };
        let first = if rng.chance(15) {
            1 + rng.below(bytes.len())
        } else {
            first.min(bytes.len())
        };
        grouped.push_str(std::str::from_utf8(&bytes[..first]).unwrap());
        let mut i = first;
        while i < bytes.len() {
            let step = if rng.chance(10) { 1 + rng.below(4) } else { 3 };
            let end = (i + step).min(bytes.len());
            grouped.push(',');
            grouped.push_str(std::str::from_utf8(&bytes[i..end]).unwrap());
            i = end;
        }
        if rng.chance(5) {
            grouped.push(',');
        }
        int = grouped;
    }
    let mut s = int;
    if rng.chance(55) {
        s.push('.');
        let frac_len = match rng.below(10) {
            0 => 0,
            1..=5 => 1 + rng.below(2),
            6..=8 => 3 + rng.below(4),
            _ => 7 + rng.below(50),
        };
        let mut frac = rng.digits(frac_len.min(2));
        if frac_len > 2 {
            // Beyond cents: mostly zeros, sometimes not.
            let tail = if rng.chance(60) {
                "0".repeat(frac_len - 2)
            } else {
                rng.digits(frac_len - 2)
            };
            frac.push_str(&tail);
        }
        s.push_str(&frac);
    }
    s
}

fn decorate(rng: &mut Rng, core: String) -> String {
    let mut s = core;
    if rng.chance(20) {
        let at = rng.below(s.len() + 1);
        if s.is_char_boundary(at) {
            s.insert_str(at, rng.pick(ODD));
        }
    }
    if rng.chance(8) {
        let at = rng.below(s.len() + 1);
        if s.is_char_boundary(at) {
            s.insert_str(at, rng.pick(SPACES));
        }
    }
    let sign = match rng.below(20) {
        0 => "-",
        1 => "+",
        2 => "+-",
        3 => "--",
        _ => "",
    };
    let dollar = match rng.below(8) {
        0 | 1 => "$",
        2 => "$ ",
        3 => "$\u{A0}",
        _ => "",
    };
    s = if rng.chance(50) {
        format!("{dollar}{sign}{s}")
    } else {
        format!("{sign}{dollar}{s}")
    };
    if rng.chance(15) {
        s = format!("{}{s}", rng.pick(SPACES));
    }
    if rng.chance(15) {
        s.push_str(rng.pick(SPACES));
    }
    s
}

fn cases() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        " ",
        "$",
        "$ ",
        "+",
        "$+",
        "+$",
        "-",
        "$-",
        "-$",
        "-0",
        "0",
        "00",
        "0.0",
        "0.00",
        "0.000",
        ".5",
        "5.",
        ".",
        "..5",
        "1.2.3",
        "12",
        "12.5",
        "12.50",
        "12.505",
        "12.500",
        "$12.50",
        " $ 1,234.50 ",
        "1,234,567",
        "1,234,56",
        "12,34",
        ",123",
        "1234,567",
        "007",
        "+3",
        "+-3",
        "-+3",
        "1e3",
        "1E3",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "inf",
        "0x10",
        "1_000",
        "١٢٣",
        "１２",
        "12\u{A0}",
        "\u{A0}12",
        "12\u{85}",
        "\u{85}12",
        "\u{FEFF}12",
        "12\u{FEFF}",
        "\u{180E}12",
        "\u{200B}12",
        "999999999.99",
        "999,999,999.99",
        "1000000000",
        "1,000,000,000",
        "1000000000.00",
        "1000000000.000000",
        "1000000000.01",
        "1,000,000,000.01",
        "1000000001",
        "99999999999999999999999999999999999999999999",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Many zeros around a small value, and many digits around the maximum.
    for n in [38, 39, 40, 41, 45, 80, 300] {
        out.push(format!("{}1", "0".repeat(n)));
        out.push(format!("1.{}", "0".repeat(n)));
        out.push(format!("{}1.5{}", "0".repeat(n), "0".repeat(n)));
        out.push("9".repeat(n));
        out.push(format!("0.{}1", "0".repeat(n)));
    }
    let mut rng = Rng(0x5553_445F_4341_5345);
    let mut seen: std::collections::HashSet<String> = out.iter().cloned().collect();
    while out.len() < CASES {
        let core = if rng.chance(8) {
            // Free-form noise from the same pieces.
            (0..1 + rng.below(6))
                .map(|_| match rng.below(3) {
                    0 => rng.pick(ODD).to_string(),
                    1 => rng.pick(SPACES).to_string(),
                    _ => {
                        let n = 1 + rng.below(3);
                        rng.digits(n)
                    }
                })
                .collect()
        } else {
            amount(&mut rng)
        };
        let s = decorate(&mut rng, core);
        if seen.insert(s.clone()) {
            out.push(s);
        }
    }
    out
}

fn problem(e: UsdError) -> &'static str {
    match e {
        UsdError::Empty => "empty",
        UsdError::Negative => "negative",
        UsdError::TooPrecise => "too_precise",
        UsdError::TooLarge => "too_large",
        UsdError::Invalid => "invalid",
    }
}

fn verdict(input: &str) -> Value {
    match Usd::parse(input) {
        Ok(usd) => json!({ "input": input, "ok": true, "value": usd.as_decimal().to_string() }),
        Err(e) => json!({ "input": input, "ok": false, "problem": problem(e) }),
    }
}

/// JSON with everything outside printable ASCII escaped, so the file shows
/// no invisible characters to whoever opens it.
fn ascii_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn render() -> String {
    let lines: Vec<String> = cases().iter().map(|c| ascii_json(&verdict(c))).collect();
    format!(
        "{{\n\"about\": \"Amount strings and how Usd::parse (Rust) and parseUsd (UI) judge them. Generated; regenerate with: {REGENERATE}\",\n\"cases\": [\n{}\n]}}\n",
        lines.join(",\n")
    )
}

#[test]
fn fixture_is_current() {
    let fresh = render();
    if std::env::var_os("KEYHOLD_REGEN_FIXTURES").is_some() {
        std::fs::write(FIXTURE, &fresh).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(FIXTURE).unwrap_or_default();
    assert!(
        stored == fresh,
        "{FIXTURE} is missing or stale (Usd::parse or the cases changed); regenerate it with\n  {REGENERATE}\nand commit it."
    );
    assert!(
        fresh.len() < 2_000_000,
        "fixture grew to {} bytes",
        fresh.len()
    );
}

#[test]
fn cases_cover_every_verdict() {
    let all: Vec<Value> = cases().iter().map(|c| verdict(c)).collect();
    assert!(all.len() >= 20_000);
    for want in ["empty", "negative", "too_precise", "too_large", "invalid"] {
        let n = all.iter().filter(|v| v["problem"] == want).count();
        assert!(n >= 20, "only {n} cases for {want}");
    }
    let ok = all.iter().filter(|v| v["ok"] == true).count();
    assert!(ok >= 3_000, "only {ok} accepted amounts");
}
