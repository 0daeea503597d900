//! Go's `time.LoadLocation` (`src/time/zoneinfo.go`, `zoneinfo_read.go`) for the API server's
//! CronJob checks: which zone names load. The names are those of the Go toolchain's embedded
//! tzdata (`tz-names.txt`, written by `gen-tz-names`), which kube-apiserver imports.

/// The zone names, one a line after a header comment.
const NAMES: &str = include_str!("tz-names.txt");

/// `time.LoadLocation(name)`: `Ok` when it loads, else Go's error text.
pub(super) fn load_location(name: &str) -> Result<(), String> {
    if name.is_empty() || name == "UTC" || name == "Local" {
        return Ok(());
    }
    // containsDotDot, or an absolute path.
    if name.contains("..") || name.starts_with(['/', '\\']) {
        return Err("time: invalid location name".into());
    }
    let mut names = NAMES.lines().skip(1);
    if names.clone().any(|n| n == name) {
        Ok(())
    } else if names.any(|n| n.strip_prefix(name).is_some_and(|r| r.starts_with('/'))) {
        // The server reads the system's zoneinfo directory first, where a region is a
        // directory: reading it fails with this error, not with "unknown time zone".
        Err("is a directory".into())
    } else {
        Err(format!("unknown time zone {name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names_of_go_tzdata() {
        for ok in [
            "UTC",
            "Local",
            "",
            "Europe/Berlin",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
        ] {
            assert_eq!(load_location(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            load_location("Europe/Berlín"),
            Err("unknown time zone Europe/Berlín".into())
        );
        assert_eq!(load_location("America"), Err("is a directory".into()));
        assert_eq!(
            load_location("../etc/passwd"),
            Err("time: invalid location name".into())
        );
    }
}
