//! `Usd`: an amount of US dollars typed by a person (spending limits).
//!
//! Amounts are decimals, never floats, so `12.50` stays `12.50` from the text
//! field to the wire. On the wire the API wants a JSON number (`12.5`), which is
//! produced from the decimal's exact text, so no `12.499999` can appear.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative amount of US dollars with at most two decimal places (cents).
///
/// Two places because these are spending limits typed by people: a third
/// decimal is far more likely a typo than a wish for a tenth of a cent.
/// Values above [`Usd::MAX`] are refused so that every amount converts to an
/// `f64` (the API's number type) without losing a cent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Usd(Decimal);

/// Why a text or decimal could not become a [`Usd`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsdError {
    /// Nothing but whitespace (and perhaps a `$`) was given.
    #[error("enter an amount in US dollars")]
    Empty,
    /// A minus sign: limits cannot be negative.
    #[error("the amount cannot be negative")]
    Negative,
    /// More than two decimal places.
    #[error("use at most two decimal places (cents)")]
    TooPrecise,
    /// Larger than [`Usd::MAX`].
    #[error("the amount is too large (at most $1,000,000,000)")]
    TooLarge,
    /// Letters, misplaced separators, exponents, `NaN`, …
    #[error("not a dollar amount; use digits like 1,234.50")]
    Invalid,
}

impl Usd {
    /// Largest accepted amount: one billion dollars.
    pub const MAX: Usd = Usd(Decimal::from_parts(1_000_000_000, 0, 0, false, 0));
    /// Zero dollars.
    pub const ZERO: Usd = Usd(Decimal::ZERO);

    /// Parses an amount as people write it: optional `$`, optional `,`
    /// thousands separators in groups of three, optional `.` and 1–2 decimals.
    /// Surrounding whitespace (see `is_amount_space`) is ignored, and so are
    /// leading zeros and zeros after the cents. `"1,234.50"`, `"$12"`, `".5"`,
    /// `"1.500"` are fine; `"-1"`, `"1.234"`, `"1e3"`, `"12,34"`, `"NaN"` are
    /// not. The UI's `parseUsd` (ui/src/lib/validation.ts) follows the same
    /// rule; contract/fixtures/money-cases.json holds the shared cases.
    pub fn parse(text: &str) -> Result<Usd, UsdError> {
        let mut s = text.trim_matches(is_amount_space);
        if let Some(rest) = s.strip_prefix('$') {
            s = rest.trim_start_matches(is_amount_space);
        }
        if s.starts_with('-') {
            return Err(UsdError::Negative);
        }
        if let Some(rest) = s.strip_prefix('+') {
            s = rest;
        }
        if s.is_empty() {
            return Err(UsdError::Empty);
        }
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let digits = integer_digits(int_part)?;
        // Zeros in front change nothing ("007"); without them the length says
        // whether the amount can fit at all.
        let significant = digits.trim_start_matches('0');
        let mut plain = if significant.is_empty() {
            "0".to_string()
        } else {
            significant.to_string()
        };
        if let Some(frac) = frac_part {
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(UsdError::Invalid);
            }
            if frac.len() > 2 {
                // "1.500" is still a whole number of cents; "1.505" is not.
                if frac[2..].bytes().any(|b| b != b'0') {
                    return Err(UsdError::TooPrecise);
                }
            }
            plain.push('.');
            plain.push_str(&frac[..frac.len().min(2)]);
        } else if int_part.is_empty() {
            return Err(UsdError::Empty);
        }
        // More integer digits than MAX has cannot fit; checked on the text so
        // the decimal parser never sees an absurd length.
        if significant.len() > 10 {
            return Err(UsdError::TooLarge);
        }
        let value = Decimal::from_str(&plain).map_err(|_| UsdError::TooLarge)?;
        Usd::try_from(value)
    }

    /// The amount as a decimal.
    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// The amount as the API's number type. Exact to the cent for every
    /// accepted value, since `MAX` * 100 is far below 2^53.
    pub fn to_f64(&self) -> f64 {
        // Parsing the decimal text is correctly rounded, unlike arithmetic.
        self.0.to_string().parse().unwrap_or(0.0)
    }

    /// Whole cents, e.g. for display or comparisons without decimals.
    pub fn cents(&self) -> i64 {
        (self.0 * Decimal::ONE_HUNDRED)
            .trunc()
            .to_string()
            .parse()
            .unwrap_or(0)
    }

    /// Builds an amount from whole cents (e.g. `1250` → `$12.50`).
    pub fn from_cents(cents: u64) -> Result<Usd, UsdError> {
        Usd::try_from(Decimal::from(cents) / Decimal::ONE_HUNDRED)
    }
}

/// The whitespace ignored around an amount (and after a `$`): Unicode's
/// White_Space characters plus U+FEFF, the same set as around key names.
/// Explicit because Rust's `trim` and JavaScript's `trim` differ.
fn is_amount_space(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'..='\u{000D}'
            | '\u{0020}'
            | '\u{0085}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// Checks the integer part (with optional thousands separators) and returns
/// its bare digits.
fn integer_digits(int_part: &str) -> Result<String, UsdError> {
    if int_part.is_empty() {
        return Ok(String::new());
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(UsdError::Invalid);
    }
    if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return Err(UsdError::Invalid);
        }
    }
    Ok(int_part.replace(',', ""))
}

impl TryFrom<Decimal> for Usd {
    type Error = UsdError;

    fn try_from(value: Decimal) -> Result<Usd, UsdError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(UsdError::Negative);
        }
        if value > Usd::MAX.0 {
            return Err(UsdError::TooLarge);
        }
        let normalized = value.normalize();
        if normalized.scale() > 2 {
            return Err(UsdError::TooPrecise);
        }
        // `normalize` also turns "-0" into "0".
        Ok(Usd(normalized))
    }
}

impl FromStr for Usd {
    type Err = UsdError;

    fn from_str(s: &str) -> Result<Usd, UsdError> {
        Usd::parse(s)
    }
}

impl fmt::Display for Usd {
    /// `$1234.50`-style: always two decimals, no thousands separators (the UI
    /// formats for its locale).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${:.2}", self.0)
    }
}

impl Serialize for Usd {
    /// A JSON number: `12.5`, or `50` for whole dollars (as in the spec's
    /// examples).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract().is_zero() {
            // Whole dollars up to MAX always fit in u64.
            if let Ok(whole) = self.0.trunc().to_string().parse::<u64>() {
                return serializer.serialize_u64(whole);
            }
        }
        serializer.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Usd {
    /// Accepts a JSON number or a string (as [`Usd::parse`]). Numbers are read
    /// through their shortest decimal text, so `12.5` is exactly `12.50`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Usd, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Number(f64),
            Text(String),
        }
        match Wire::deserialize(deserializer)? {
            Wire::Number(n) => {
                if !n.is_finite() {
                    return Err(serde::de::Error::custom(UsdError::Invalid));
                }
                let d = Decimal::from_str(&n.to_string())
                    .or_else(|_| Decimal::from_scientific(&format!("{n:e}")))
                    .map_err(|_| serde::de::Error::custom(UsdError::TooLarge))?;
                Usd::try_from(d).map_err(serde::de::Error::custom)
            }
            Wire::Text(t) => Usd::parse(&t).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        Usd::parse(s)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
            .as_decimal()
            .to_string()
    }

    #[test]
    fn accepts_what_people_type() {
        assert_eq!(ok("12"), "12");
        assert_eq!(ok("12.5"), "12.5");
        assert_eq!(ok("12.50"), "12.5");
        assert_eq!(ok("$12.50"), "12.5");
        assert_eq!(ok("  $ 1,234.50 "), "1234.5");
        assert_eq!(ok("1,234,567"), "1234567");
        assert_eq!(ok(".5"), "0.5");
        assert_eq!(ok("0"), "0");
        assert_eq!(ok("0.00"), "0");
        assert_eq!(ok("+3"), "3");
        assert_eq!(ok("1.500"), "1.5");
        assert_eq!(ok("1000000000"), "1000000000");
        assert_eq!(ok("007"), "7");
        assert_eq!(
            ok(&format!("{}1.5{}", "0".repeat(50), "0".repeat(50))),
            "1.5"
        );
        assert_eq!(ok("\u{FEFF}12\u{85}"), "12");
        assert_eq!(ok("$\u{A0}12"), "12");
    }

    #[test]
    fn rejects_everything_else() {
        use UsdError::*;
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("$", Empty),
            ("+", Empty),
            ("\u{FEFF}", Empty),
            ("-1", Negative),
            ("$-1", Negative),
            ("-0.01", Negative),
            ("1.234", TooPrecise),
            ("0.001", TooPrecise),
            ("1000000000.01", TooLarge),
            ("99999999999999999999999999999999999999999999", TooLarge),
            ("10000000000", TooLarge),
            ("\u{200B}12", Invalid),
            ("1e3", Invalid),
            ("NaN", Invalid),
            ("inf", Invalid),
            ("12,34", Invalid),
            ("1,2345", Invalid),
            (",123", Invalid),
            ("1234,567", Invalid),
            ("12.", Invalid),
            ("1.2.3", Invalid),
            ("12 34", Invalid),
            ("€12", Invalid),
            ("12USD", Invalid),
            ("1.5.", Invalid),
        ];
        for (input, want) in cases {
            assert_eq!(Usd::parse(input), Err(want), "input {input:?}");
        }
        assert!("abc".parse::<Usd>().is_err());
    }

    #[test]
    fn serializes_as_exact_json_number() {
        let cases = [
            ("12.5", "12.5"),
            ("12.49", "12.49"),
            ("0.1", "0.1"),
            ("0.07", "0.07"),
            ("50", "50"),
            ("50.00", "50"),
            ("1000000000", "1000000000"),
            ("999999999.99", "999999999.99"),
        ];
        for (input, json) in cases {
            let usd = Usd::parse(input).unwrap();
            assert_eq!(serde_json::to_string(&usd).unwrap(), json, "input {input}");
        }
    }

    #[test]
    fn deserializes_numbers_and_strings() {
        let a: Usd = serde_json::from_str("12.5").unwrap();
        let b: Usd = serde_json::from_str("\"$12.50\"").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.cents(), 1250);
        assert!(serde_json::from_str::<Usd>("-1").is_err());
        assert!(serde_json::from_str::<Usd>("0.001").is_err());
    }

    #[test]
    fn display_and_cents() {
        assert_eq!(Usd::parse("1234.5").unwrap().to_string(), "$1234.50");
        assert_eq!(Usd::from_cents(1250).unwrap(), Usd::parse("12.50").unwrap());
        assert_eq!(Usd::from_cents(7).unwrap().to_string(), "$0.07");
        assert_eq!(Usd::ZERO.to_string(), "$0.00");
        assert!(Usd::try_from(Decimal::new(-1, 0)).is_err());
    }
}
