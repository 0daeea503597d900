//! `resource.ParseQuantity`'s acceptance of a quantity string (k8s.io/apimachinery
//! `pkg/api/resource/quantity.go`, v0.37.2), as far as its error messages go: what the decoder
//! of a built-in object reports for `cpu: 1.2.3`.

use std::sync::LazyLock;

use regex::Regex;

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$").expect("quantity regex compiles")
});

/// `resource.ParseQuantity`'s acceptance, as far as its error messages go.
pub(super) fn quantity_error(s: &str) -> Option<&'static str> {
    let Some(c) = QUANTITY.captures(s) else {
        return Some(
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        );
    };
    let number = &c[1];
    let suffix = &c[2];
    if number.matches('.').count() > 1 || number.trim_start_matches(['+', '-']) == "." {
        return Some(
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        );
    }
    let ok = matches!(
        suffix,
        "" | "Ki"
            | "Mi"
            | "Gi"
            | "Ti"
            | "Pi"
            | "Ei"
            | "n"
            | "u"
            | "m"
            | "k"
            | "M"
            | "G"
            | "T"
            | "P"
            | "E"
    ) || (suffix.starts_with(['e', 'E'])
        && suffix[1..]
            .trim_start_matches(['+', '-'])
            .parse::<i32>()
            .is_ok());
    (!ok).then_some("unable to parse quantity's suffix")
}

/// How a quantity prints (`resource.Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `1e3`.
    DecimalExponent,
    /// `1k`, `500m`, `1`.
    DecimalSI,
    /// `1Ki`.
    BinarySI,
}

/// A parsed `resource.Quantity`: its exact value, in units of 10⁻⁹ (`ParseQuantity` rounds
/// finer values up to that), and its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::validate::builtin) struct Quantity {
    nanos: i128,
    format: Format,
}

const NANOS: i128 = 1_000_000_000;

/// The ceiling of `n / d` for positive `n` and `d`.
fn div_ceil(n: i128, d: i128) -> i128 {
    n / d + i128::from(n % d != 0)
}

impl Quantity {
    /// `resource.ParseQuantity`, for a string that [`quantity_error`] accepts; `None` otherwise,
    /// or for a value beyond what is compared exactly here (about 10²⁹).
    pub(in crate::validate::builtin) fn parse(s: &str) -> Option<Quantity> {
        if quantity_error(s).is_some() {
            return None;
        }
        let c = QUANTITY.captures(s)?;
        let number = c.get(1)?.as_str();
        let suffix = c.get(2)?.as_str();
        let negative = number.starts_with('-');
        let (int, frac) = number
            .trim_start_matches(['+', '-'])
            .split_once('.')
            .unwrap_or((number.trim_start_matches(['+', '-']), ""));
        let digits: i128 = format!("{int}{frac}0").parse::<i128>().ok()? / 10;
        let scale = i32::try_from(frac.len()).ok()?;
        let (base2, exponent, mut format) = match suffix {
            "" => (false, 0, Format::DecimalSI),
            "n" => (false, -9, Format::DecimalSI),
            "u" => (false, -6, Format::DecimalSI),
            "m" => (false, -3, Format::DecimalSI),
            "k" => (false, 3, Format::DecimalSI),
            "M" => (false, 6, Format::DecimalSI),
            "G" => (false, 9, Format::DecimalSI),
            "T" => (false, 12, Format::DecimalSI),
            "P" => (false, 15, Format::DecimalSI),
            "E" => (false, 18, Format::DecimalSI),
            "Ki" => (true, 10, Format::BinarySI),
            "Mi" => (true, 20, Format::BinarySI),
            "Gi" => (true, 30, Format::BinarySI),
            "Ti" => (true, 40, Format::BinarySI),
            "Pi" => (true, 50, Format::BinarySI),
            "Ei" => (true, 60, Format::BinarySI),
            e => (false, e[1..].parse::<i32>().ok()?, Format::DecimalExponent),
        };
        let pow10 = |e: i32| 10_i128.checked_pow(e.unsigned_abs());
        let mut nanos = if base2 {
            let v = digits.checked_mul(1_i128.checked_shl(exponent.unsigned_abs())?)?;
            if scale > 9 {
                div_ceil(v, pow10(scale - 9)?)
            } else {
                v.checked_mul(pow10(9 - scale)?)?
            }
        } else {
            let shift = exponent - scale + 9;
            if shift < 0 {
                match pow10(-shift) {
                    Some(d) => div_ceil(digits, d),
                    // Finer than any digits: rounded up to one nano, or zero.
                    None => i128::from(digits != 0),
                }
            } else {
                digits.checked_mul(pow10(shift)?)?
            }
        };
        // `ParseQuantity` caps binary quantities at the largest int64.
        if format == Format::BinarySI {
            nanos = nanos.min(i128::from(i64::MAX) * NANOS);
            if nanos < 1024 * NANOS {
                format = Format::DecimalSI;
            }
        }
        Some(Quantity {
            nanos: if negative { -nanos } else { nanos },
            format,
        })
    }

    /// A quantity of a JSON value as `Quantity.UnmarshalJSON` reads it: a string, or a
    /// number's text.
    pub(in crate::validate::builtin) fn of(v: &serde_json::Value) -> Option<Quantity> {
        match v {
            serde_json::Value::String(s) => Quantity::parse(s.trim()),
            serde_json::Value::Number(n) => Quantity::parse(&n.to_string()),
            _ => None,
        }
    }

    /// `Sign() < 0`.
    pub(in crate::validate::builtin) fn is_negative(self) -> bool {
        self.nanos < 0
    }

    /// `MilliValue() % 1000 != 0`: the value, rounded away from zero to a thousandth, is not
    /// an integer.
    pub(in crate::validate::builtin) fn is_fractional(self) -> bool {
        let milli = div_ceil(self.nanos.abs(), 1_000_000);
        milli % 1000 != 0
    }

    /// `Value()`: the value rounded up (away from zero) to an integer.
    pub(in crate::validate::builtin) fn value(self) -> i128 {
        div_ceil(self.nanos.abs(), NANOS) * self.nanos.signum()
    }

    /// `MilliValue()`: the value in thousandths, rounded up (away from zero).
    pub(in crate::validate::builtin) fn milli_value(self) -> i128 {
        div_ceil(self.nanos.abs(), 1_000_000) * self.nanos.signum()
    }

    /// `Quantity.String()`: the canonical form (`CanonicalizeBytes`).
    pub(in crate::validate::builtin) fn canonical(self) -> String {
        if self.nanos == 0 {
            return "0".to_owned();
        }
        let mut format = self.format;
        if format == Format::BinarySI
            && (self.nanos.abs() < 1024 * NANOS || self.nanos % NANOS != 0)
        {
            format = Format::DecimalSI;
        }
        if format == Format::BinarySI {
            let (mut m, mut e) = (self.nanos / NANOS, 0);
            while m.abs() >= 1024 && m % 1024 == 0 {
                m /= 1024;
                e += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
                .get(e)
                .unwrap_or(&"");
            return format!("{m}{suffix}");
        }
        let (mut m, mut e) = (self.nanos, -9_i32);
        while m.abs() >= 10 && m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        while e % 3 != 0 {
            m *= 10;
            e -= 1;
        }
        let suffix = match (format, e) {
            (Format::DecimalExponent, 0) => String::new(),
            (Format::DecimalExponent, e) => format!("e{e}"),
            (_, -9) => "n".to_owned(),
            (_, -6) => "u".to_owned(),
            (_, -3) => "m".to_owned(),
            (_, 3) => "k".to_owned(),
            (_, 6) => "M".to_owned(),
            (_, 9) => "G".to_owned(),
            (_, 12) => "T".to_owned(),
            (_, 15) => "P".to_owned(),
            (_, 18) => "E".to_owned(),
            // Go's `constructBytes` finds no suffix and prints none.
            _ => String::new(),
        };
        format!("{m}{suffix}")
    }
}

impl PartialOrd for Quantity {
    /// `Quantity.Cmp`: by value, whatever the format.
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.nanos.cmp(&other.nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_like_resource_quantity() {
        let c = |s: &str| Quantity::parse(s).unwrap().canonical();
        for (input, want) in [
            ("1500m", "1500m"),
            ("1.5", "1500m"),
            ("2000m", "2"),
            ("0.1", "100m"),
            ("1000", "1k"),
            ("1e3", "1e3"),
            ("1500e-3", "1500e-3"),
            ("128Mi", "128Mi"),
            ("1024Ki", "1Mi"),
            ("0.5Gi", "512Mi"),
            ("0.5Ki", "512"),
            ("1.5Ki", "1536"),
            ("1G", "1G"),
            ("0", "0"),
            ("-1", "-1"),
            ("1n", "1n"),
            ("0.1n", "1n"),
            ("100u", "100u"),
            (".5", "500m"),
            ("1.0000000001", "1000000001n"),
        ] {
            assert_eq!(c(input), want, "{input}");
        }
        let q = |s: &str| Quantity::parse(s).unwrap();
        assert!(q("1") > q("999m"));
        assert!(q("1Gi") > q("1G"));
        assert_eq!(
            q("1k").partial_cmp(&q("1000")),
            Some(std::cmp::Ordering::Equal)
        );
        assert!(q("1.5").is_fractional());
        assert!(!q("2k").is_fractional());
        assert!(q("0.0001").is_fractional());
        assert_eq!(q("2.1").value(), 3);
        assert!(q("-1m").is_negative());
        assert!(Quantity::parse("lots").is_none());
    }
}
