//! The key-name rule, as a list of cases the UI checks too: Rust writes its
//! verdict for each tricky name into `contract/fixtures/key-name-cases.json`,
//! and `ui/src/lib/key-name-agreement.test.ts` asserts `validateName` gives the
//! same verdict, value and message. The cases are generated deterministically;
//! this test fails when the file is stale.

use keyhold_ops::validate_key_name;
use serde_json::{json, Value};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../contract/fixtures/key-name-cases.json"
);
const REGENERATE: &str = "KEYHOLD_REGEN_FIXTURES=1 cargo test -p keyhold-ops --test key_name_cases";

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

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces names are built from: plain text, every character the rule treats
/// specially, and look-alikes it must leave alone.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "7",
    "-",
    "_",
    ".",
    "'",
    "\"",
    ",",
    "key",
    "Prod",
    "é",
    "e\u{301}",
    "名",
    "Ω",
    "😀",
    "👩\u{200D}💻",
    "👩\u{200D}👩\u{200D}👧\u{200D}👦",
    "🇫🇷",
    "\u{1F3FD}",
    "\u{10FFFF}",
    "\u{E000}",
    "\u{FFFD}",
    " ",
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{0}",
    "\u{1B}",
    "\u{7F}",
    "\u{80}",
    "\u{85}",
    "\u{9F}",
    "\u{A0}",
    "\u{AD}",
    "\u{1680}",
    "\u{180E}",
    "\u{2000}",
    "\u{2007}",
    "\u{200A}",
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{200E}",
    "\u{200F}",
    "\u{2028}",
    "\u{2029}",
    "\u{202A}",
    "\u{202B}",
    "\u{202C}",
    "\u{202D}",
    "\u{202E}",
    "\u{202F}",
    "\u{205F}",
    "\u{2060}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{061C}",
    "\u{3000}",
    "\u{FEFF}",
    "\u{FFFE}",
];

fn cases() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        " ",
        "Bot",
        "  Bot  ",
        "\tBot\n",
        "\r\nBot\r\n",
        "a\0b",
        "\0",
        "a\r\nb",
        "a\nb",
        "Bot\u{85}",
        "\u{85}Bot",
        "\u{FEFF}Bot",
        "Bot\u{FEFF}",
        "\u{FEFF}",
        "\u{A0}Bot\u{A0}",
        "\u{3000}",
        "\u{200B}",
        "\u{180E}Bot",
        "Bot\u{180E}",
        "\u{202E}cod.exe",
        "abc\u{2066}",
        "\u{200E}x",
        "x\u{061C}",
        "😀",
        "👩\u{200D}👩\u{200D}👧\u{200D}👦 family",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Around the 200-character limit, in scalar values.
    for unit in ["x", "😀", "é", "e\u{301}", "👩\u{200D}💻", "名"] {
        let per = unit.chars().count();
        for n in [199, 200, 201, 202] {
            let count = n / per;
            out.push(unit.repeat(count));
            out.push(format!(" {} ", unit.repeat(count)));
            out.push(format!("{}\u{FEFF}", unit.repeat(count)));
        }
    }
    out.push(format!("{}\u{202E}", "x".repeat(199)));
    out.push(format!("{}\n", "x".repeat(201)));
    out.push(format!("{}\0{}", "x".repeat(150), "x".repeat(60)));
    let mut rng = Rng(0x4B45_5948_4F4C_4421);
    for _ in 0..3000 {
        let len = match rng.below(10) {
            0 => 190 + rng.below(20),
            1..=3 => rng.below(3),
            _ => rng.below(12),
        };
        let mut s = String::new();
        for _ in 0..len {
            // Half plain letters, so that most names are otherwise fine.
            if rng.below(2) == 0 {
                s.push_str(rng.pick(&["a", "b", "x", "1", " "]));
            } else {
                s.push_str(rng.pick(PIECES));
            }
        }
        out.push(s);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

fn verdict(input: &str) -> Value {
    match validate_key_name(input) {
        Ok(value) => json!({ "input": input, "ok": true, "value": value }),
        Err(p) => {
            json!({ "input": input, "ok": false, "problem": p.code(), "message": p.message() })
        }
    }
}

/// JSON with everything outside printable ASCII escaped, so the file shows
/// no invisible or direction-changing characters to whoever opens it.
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
        "{{\n\"about\": \"Key names and how validate_key_name (Rust) and validateName (UI) judge them. Generated; regenerate with: {REGENERATE}\",\n\"cases\": [\n{}\n]}}\n",
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
        "{FIXTURE} is missing or stale (the rule or the cases changed); regenerate it with\n  {REGENERATE}\nand commit it."
    );
}

#[test]
fn fixture_covers_every_verdict() {
    let all: Vec<Value> = cases().iter().map(|c| verdict(c)).collect();
    for want in [
        "empty",
        "control_character",
        "direction_character",
        "too_long",
    ] {
        let n = all.iter().filter(|v| v["problem"] == want).count();
        assert!(n >= 5, "only {n} cases for {want}");
    }
    let ok = all.iter().filter(|v| v["ok"] == true).count();
    assert!(ok >= 200, "only {ok} accepted names");
}
