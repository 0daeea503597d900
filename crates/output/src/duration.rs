//! Ages as kubectl prints them: apimachinery's `duration.HumanDuration`, and the printers'
//! `translateTimestampSince` over an RFC 3339 timestamp.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::gofmt::time::days_in;

const NANOS_PER_SEC: i64 = 1_000_000_000;

/// `k8s.io/apimachinery/pkg/util/duration.HumanDuration`: `0s`, `59s`, `5m12s`, `3h`, `2d4h`,
/// `1y30d`...
pub fn human_duration(d: Duration) -> String {
    human_duration_nanos(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// `HumanDuration` of a Go `time.Duration` (signed nanoseconds): negative ones are clock skew,
/// printed `0s` up to a second and `<invalid>` beyond.
pub fn human_duration_nanos(d: i64) -> String {
    const MINUTE: i64 = 60 * NANOS_PER_SEC;
    const HOUR: i64 = 60 * MINUTE;
    let seconds = d / NANOS_PER_SEC;
    if seconds < -1 {
        return "<invalid>".to_owned();
    } else if seconds < 0 {
        return "0s".to_owned();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = d / MINUTE;
    if minutes < 10 {
        let s = (d / NANOS_PER_SEC) % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = d / HOUR;
    if hours < 8 {
        let m = (d / MINUTE) % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{}h", hours / 24, h);
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{}d", hours / 24 / 365, dy);
    }
    format!("{}y", hours / 24 / 365)
}

/// The age kubectl prints for an object created at `timestamp_rfc3339` when the clock reads
/// `now`; `<unknown>` when the timestamp is missing, zero (`0001-01-01T00:00:00Z`) or does not
/// parse as Go's `time.RFC3339`.
pub fn age_since(timestamp_rfc3339: &str, now: SystemTime) -> String {
    let Some((secs, nanos)) = parse_rfc3339(timestamp_rfc3339) else {
        return "<unknown>".to_owned();
    };
    // Go's zero time.Time, which metav1.Time.IsZero reports.
    if secs == ZERO_TIME_UNIX && nanos == 0 {
        return "<unknown>".to_owned();
    }
    let now_nanos: i128 = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap_or(i128::MAX),
    };
    let then = i128::from(secs) * i128::from(NANOS_PER_SEC) + i128::from(nanos);
    // time.Since saturates at the extremes of time.Duration.
    let d = (now_nanos - then).clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    human_duration_nanos(i64::try_from(d).unwrap_or(i64::MAX))
}

/// Seconds from 0001-01-01T00:00:00Z to the Unix epoch, negated.
const ZERO_TIME_UNIX: i64 = -62_135_596_800;

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn two_digits(b: &[u8], at: usize, min: u32, max: u32) -> Option<u32> {
    let (d0, d1) = (*b.get(at)?, *b.get(at + 1)?);
    if !d0.is_ascii_digit() || !d1.is_ascii_digit() {
        return None;
    }
    let v = u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0');
    (min..=max).contains(&v).then_some(v)
}

/// Go's `time.Parse(time.RFC3339, s)` (its strict fast path): Unix seconds and nanoseconds.
pub(crate) fn parse_rfc3339(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    if !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = i64::from(
        b[..4]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0')),
    );
    let month = two_digits(b, 5, 1, 12)?;
    let day = two_digits(b, 8, 1, days_in(month, year))?;
    let hour = two_digits(b, 11, 0, 23)?;
    let minute = two_digits(b, 14, 0, 59)?;
    let second = two_digits(b, 17, 0, 59)?;
    if !(b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':') {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let n = 1 + rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        // Go keeps nine digits and ignores the rest.
        let digits = &rest[1..n.min(10)];
        let mut v = 0u32;
        for &d in digits {
            v = v * 10 + u32::from(d - b'0');
        }
        for _ in digits.len()..9 {
            v *= 10;
        }
        nanos = v;
        rest = &rest[n..];
    }
    let mut offset = 0i64;
    if !(rest.len() == 1 && rest[0] == b'Z') {
        if rest.len() != 6 {
            return None;
        }
        let hr = two_digits(rest, 1, 0, 23)?;
        let mm = two_digits(rest, 4, 0, 59)?;
        if !((rest[0] == b'-' || rest[0] == b'+') && rest[3] == b':') {
            return None;
        }
        offset = i64::from(hr * 60 + mm) * 60;
        if rest[0] == b'-' {
            offset = -offset;
        }
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset;
    Some((secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    // TestHumanDuration and TestHumanDurationBoundaries of apimachinery's duration_test.go.
    #[test]
    fn human_duration_like_apimachinery() {
        const MS: i64 = 1_000_000;
        const S: i64 = 1000 * MS;
        const MIN: i64 = 60 * S;
        const H: i64 = 60 * MIN;
        let cases: &[(i64, &str)] = &[
            (S, "1s"),
            (70 * S, "70s"),
            (190 * S, "3m10s"),
            (70 * MIN, "70m"),
            (47 * H, "47h"),
            (49 * H, "2d1h"),
            ((8 * 24 + 2) * H, "8d"),
            ((367 * 24) * H, "367d"),
            ((365 * 2 * 24 + 25) * H, "2y1d"),
            ((365 * 8 * 24 + 2) * H, "8y"),
            (-2 * S, "<invalid>"),
            (-2 * S + 1, "0s"),
            (0, "0s"),
            (S - MS, "0s"),
            (2 * MIN - MS, "119s"),
            (2 * MIN, "2m"),
            (2 * MIN + S, "2m1s"),
            (10 * MIN - MS, "9m59s"),
            (10 * MIN, "10m"),
            (10 * MIN + S, "10m"),
            (3 * H - MS, "179m"),
            (3 * H, "3h"),
            (3 * H + MIN, "3h1m"),
            (8 * H - MS, "7h59m"),
            (8 * H, "8h"),
            (8 * H + 59 * MIN, "8h"),
            (2 * 24 * H - MS, "47h"),
            (2 * 24 * H, "2d"),
            (2 * 24 * H + H, "2d1h"),
            (8 * 24 * H - MS, "7d23h"),
            (8 * 24 * H, "8d"),
            (8 * 24 * H + 23 * H, "8d"),
            (2 * 365 * 24 * H - MS, "729d"),
            (2 * 365 * 24 * H, "2y"),
            (2 * 365 * 24 * H + 23 * H, "2y"),
            (2 * 365 * 24 * H + 23 * H + 59 * MIN, "2y"),
            (2 * 365 * 24 * H + 24 * H - MS, "2y"),
            (2 * 365 * 24 * H + 24 * H, "2y1d"),
            (3 * 365 * 24 * H, "3y"),
            (4 * 365 * 24 * H, "4y"),
            (5 * 365 * 24 * H, "5y"),
            (6 * 365 * 24 * H, "6y"),
            (7 * 365 * 24 * H, "7y"),
            (8 * 365 * 24 * H - MS, "7y364d"),
            (8 * 365 * 24 * H, "8y"),
            (8 * 365 * 24 * H + 364 * 24 * H, "8y"),
            (9 * 365 * 24 * H, "9y"),
        ];
        for &(d, want) in cases {
            assert_eq!(human_duration_nanos(d), want, "{d}");
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(
            parse_rfc3339("2026-11-24T17:12:20Z"),
            Some((1_795_540_340, 0))
        );
        assert_eq!(
            parse_rfc3339("1970-01-01T01:00:00.5+01:00"),
            Some((0, 500_000_000))
        );
        assert_eq!(parse_rfc3339("2023-02-29T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-11-24 17:12:20Z"), None);
        let now = UNIX_EPOCH + Duration::from_secs(1_795_540_340 + 312);
        assert_eq!(age_since("2026-11-24T17:12:20Z", now), "5m12s");
        assert_eq!(age_since("bogus", now), "<unknown>");
        assert_eq!(age_since("0001-01-01T00:00:00Z", now), "<unknown>");
        assert_eq!(age_since("2026-11-24T17:20:00Z", now), "<invalid>");
    }
}
