//! Date strings as pages print them (ISO 8601, RFC 2822, "January 7, 2022", URL paths) to ISO.
//!
//! Every parser here is strict: the whole string must be a date (a trailing clock time is
//! the one tolerated extra), the date must exist (no February 30), and its year must be
//! plausible for a news page (from [`EARLIEST_YEAR`] to next year). A wrong date is worse
//! than none, so ambiguous forms ("07/01/2022" without a day above 12) give `None`.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// Dates before this year are taken as misreadings (ids, prices), not publication dates.
pub const EARLIEST_YEAR: i32 = 1990;

/// Parses a date or timestamp as found in meta tags, JSON-LD, `<time>`, feeds or HTTP
/// headers into ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS±HH:MM` when a time is given).
///
/// A time with a zone keeps its offset (`Z` for UTC); a time without a zone is given
/// without an offset (`YYYY-MM-DDTHH:MM:SS`) rather than guessing one. Written dates
/// ("Friday, July 21, 2017") give the date only; a clock time after them is dropped,
/// because its zone is rarely stated.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    // No real date string is this long; refusing early bounds the work on junk input.
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    parse_unix_timestamp(s)
        .or_else(|| parse_iso(s))
        .or_else(|| parse_http_date(s))
        .or_else(|| parse_numeric_date(s).map(iso_date))
        .or_else(|| parse_written_date(s).map(iso_date))
}

/// The publication date printed in a URL path: `/2019/05/12/`, `/2019-05-12/`, `/20190512/`.
pub fn date_from_url(url: &str) -> Option<String> {
    static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/_.-]|$)").expect("valid regex")
    });
    static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)").expect("valid regex")
    });
    let path = url_path(url);
    [&*SEPARATED, &*COMPACT].iter().find_map(|pattern| {
        pattern.captures_iter(path).find_map(|caps| {
            let number = |i: usize| caps[i].parse::<u32>().ok();
            let date = plausible_ymd(number(1)? as i32, number(2)?, number(3)?)?;
            Some(iso_date(date))
        })
    })
}

/// The path of a URL (what follows the host, without query or fragment); the input itself
/// when it has no scheme.
fn url_path(url: &str) -> &str {
    let after_scheme = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("", |slash| &rest[slash..])
        }
        None => url,
    };
    let end = after_scheme.find(['?', '#']).unwrap_or(after_scheme.len());
    &after_scheme[..end]
}

/// Month number (1-12) from an English month name or its usual abbreviation, with or
/// without a trailing period ("January", "Jan.", "Sept").
pub fn month_from_name(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    let month = match word.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// Weekday from an English name or abbreviation ("Friday", "Fri.", "Thurs").
pub fn weekday_from_name(word: &str) -> Option<Weekday> {
    let word = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    let weekday = match word.as_str() {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(weekday)
}

/// Month and day of a year-less date as datelines print it: "January 7", "Jan. 7", "7 January".
pub fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (month, day) = match words.as_slice() {
        [month, day] if month_from_name(month).is_some() => {
            (month_from_name(month)?, parse_day(day)?)
        }
        [day, month] => (month_from_name(month)?, parse_day(day)?),
        _ => return None,
    };
    // 2000 is a leap year, so this checks that the day exists in the month (Feb 29 included).
    NaiveDate::from_ymd_opt(2000, month, day)?;
    Some((month, day))
}

/// Gives a year-less month/day the year that puts it on or before `published`: the year of
/// `published`, or the one before when the day would fall after it ("December 30" printed in
/// a story published on January 2). One day after `published` still counts as the same
/// year, because the dateline and the publication date may be in different time zones.
pub fn resolve_month_day(month: u32, day: u32, published: NaiveDate) -> Option<NaiveDate> {
    let same_year = NaiveDate::from_ymd_opt(published.year(), month, day);
    match same_year {
        Some(date) if date <= published + Duration::days(1) => Some(date),
        _ => NaiveDate::from_ymd_opt(published.year() - 1, month, day),
    }
}

/// How many consecutive years [`year_from_weekday`] searches. A given month/day falls on
/// the same weekday again only after 5, 6 or 11 years (28 for February 29), so within five
/// consecutive years at most one year matches and the answer is never a pick among several.
const WEEKDAY_WINDOW_YEARS: i32 = 5;

/// The date of a year-less month/day that falls on `weekday`, searching the five years
/// ending at `reference` (today, when nothing better is known) for the single one where it
/// does. Use it when the text pins the weekday of that very day ("NUR-SULTAN, January 7 ...
/// on Friday said"): it assumes the story is from the last five years, and gives `None`
/// when no year in that window fits.
pub fn year_from_weekday(
    month: u32,
    day: u32,
    weekday: Weekday,
    reference: NaiveDate,
) -> Option<NaiveDate> {
    let latest = reference + Duration::days(1);
    let mut matches = (0..WEEKDAY_WINDOW_YEARS)
        .filter_map(|back| NaiveDate::from_ymd_opt(reference.year() - back, month, day))
        .filter(|date| *date <= latest && date.weekday() == weekday && plausible(*date));
    let date = matches.next()?;
    matches.next().is_none().then_some(date)
}

/// The calendar date of an ISO date or timestamp as produced by [`parse_date`].
pub fn date_part(iso: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()
}

fn plausible(date: NaiveDate) -> bool {
    (EARLIEST_YEAR..=Utc::now().year() + 1).contains(&date.year())
}

fn plausible_ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).filter(|d| plausible(*d))
}

fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn iso_timestamp(datetime: DateTime<FixedOffset>) -> Option<String> {
    if !plausible(datetime.date_naive()) {
        return None;
    }
    let clock = datetime.format("%Y-%m-%dT%H:%M:%S");
    Some(if datetime.offset().local_minus_utc() == 0 {
        format!("{clock}Z")
    } else {
        format!("{clock}{}", datetime.format("%:z"))
    })
}

/// Unix time in seconds (10 digits) or milliseconds (13 digits), as `data-timestamp`
/// attributes and some meta tags carry it; 8 digits are a compact `YYYYMMDD` date.
fn parse_unix_timestamp(s: &str) -> Option<String> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds = match s.len() {
        8 => {
            let date = NaiveDate::parse_from_str(s, "%Y%m%d").ok()?;
            return plausible(date).then(|| iso_date(date));
        }
        10 => s.parse::<i64>().ok()?,
        13 => s.parse::<i64>().ok()? / 1000,
        _ => return None,
    };
    iso_timestamp(DateTime::from_timestamp(seconds, 0)?.fixed_offset())
}

/// ISO 8601 / RFC 3339 dates and timestamps, with `T` or a space before the time, with or
/// without seconds, fractions and zone (`Z`, `+03`, `+0300`, `+03:00`).
fn parse_iso(s: &str) -> Option<String> {
    const ZONED: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z"];
    const UNZONED: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"];
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return plausible(date).then(|| iso_date(date));
    }
    // Only a separator right after a `YYYY-MM-DD` date is a date/time separator.
    let normalised = match s.as_bytes().get(10) {
        Some(b' ') | Some(b't') if s.as_bytes().get(4) == Some(&b'-') => {
            format!("{}T{}", &s[..10], s[11..].trim_start())
        }
        _ => s.to_string(),
    };
    // A space before the zone ("10:30:00 +03:00") is common in hand-made meta tags.
    let normalised = normalised
        .replace(" +", "+")
        .replace(" -", "-")
        .replace(" Z", "Z");
    if let Some(datetime) = ZONED
        .iter()
        .find_map(|format| DateTime::parse_from_str(&normalised, format).ok())
    {
        return iso_timestamp(datetime);
    }
    let naive = UNZONED
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&normalised, format).ok())?;
    plausible(naive.date()).then(|| naive.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// RFC 2822 / RFC 1123 (RSS `pubDate`, HTTP `Date`, "Fri, 07 Jan 2022 10:30:00 GMT") and
/// the two older forms HTTP still allows, both always UTC: RFC 850 ("Friday, 07-Jan-22
/// 10:30:00 GMT") and C `asctime` ("Fri Jan  7 10:30:00 2022").
fn parse_http_date(s: &str) -> Option<String> {
    const OBSOLETE_HTTP: [&str; 2] = ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"];
    if let Ok(datetime) = DateTime::parse_from_rfc2822(s) {
        return iso_timestamp(datetime);
    }
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let naive = OBSOLETE_HTTP
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&collapsed, format).ok())?;
    iso_timestamp(naive.and_utc().fixed_offset())
}

/// All-number dates: year first ("2022/01/07", "2022.01.07"), dotted day first
/// ("07.01.2022", the European order), or slashed/dashed year last only when the day is
/// recognisable as the number above 12 (otherwise US and European readings disagree).
fn parse_numeric_date(s: &str) -> Option<NaiveDate> {
    let separator = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '/' | '.' | '-') {
        return None;
    }
    let parts: Vec<&str> = s.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (a_len, c_len) = (a.len(), c.len());
    let [a, b, c] = [a, b, c].map(|p| p.parse::<u32>().unwrap_or(0));
    let (year, month, day) = match (a_len, c_len, separator) {
        (4, 1..=2, _) => (a, b, c),
        (1..=2, 4, '.') => (c, b, a),
        (1..=2, 4, _) if a > 12 && b <= 12 => (c, b, a),
        (1..=2, 4, _) if b > 12 && a <= 12 => (c, a, b),
        _ => return None,
    };
    plausible_ymd(year as i32, month, day)
}

/// Day of month as printed: "7", "07", "7th", "21st".
fn parse_day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..].to_lowercase();
    if digits.is_empty()
        || digits.len() > 2
        || !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn parse_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok())?
}

/// Written English dates: "January 7, 2022", "Jan. 7, 2022", "7 January 2022",
/// "7th of January, 2022", each optionally after a weekday ("Friday, July 21, 2017"), which
/// must then agree with the date. A clock time may follow ("... 2022 10:30 GMT", "... 2022
/// at 10:30") and is dropped.
fn parse_written_date(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (weekday, rest) = match words.split_first() {
        Some((first, rest)) if weekday_from_name(first).is_some() => {
            (weekday_from_name(first), rest)
        }
        _ => (None, words.as_slice()),
    };
    let (month, day, year, trailing) = match rest {
        [month, day, year, trailing @ ..] if month_from_name(month).is_some() => (
            month_from_name(month)?,
            parse_day(day)?,
            parse_year(year)?,
            trailing,
        ),
        [day, of, month, year, trailing @ ..] if of.eq_ignore_ascii_case("of") => (
            month_from_name(month)?,
            parse_day(day)?,
            parse_year(year)?,
            trailing,
        ),
        [day, month, year, trailing @ ..] => (
            month_from_name(month)?,
            parse_day(day)?,
            parse_year(year)?,
            trailing,
        ),
        _ => return None,
    };
    let time_follows = trailing.is_empty() || is_clock_time(trailing);
    let date = plausible_ymd(year, month, day).filter(|_| time_follows)?;
    match weekday {
        Some(weekday) if weekday != date.weekday() => None,
        _ => Some(date),
    }
}

/// A clock time as printed after a date: "10:30", "at 10:30 a.m.", "10:30:00 GMT", "10:30pm ET".
fn is_clock_time(words: &[&str]) -> bool {
    static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\d{1,2}:\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?$").expect("valid regex")
    });
    static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[aApP]\.?[mM]\.?|[A-Z]{1,5}|[+-]\d{2}:?\d{2})$").expect("valid regex")
    });
    let words = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("at") => rest,
        _ => words,
    };
    match words.split_first() {
        Some((clock, qualifiers)) => {
            CLOCK.is_match(clock)
                && qualifiers.len() <= 2
                && qualifiers.iter().all(|q| QUALIFIER.is_match(q))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn parsed(s: &str) -> Option<String> {
        parse_date(s)
    }

    #[test]
    fn iso_dates_and_timestamps() {
        assert_eq!(parsed("2022-01-07").as_deref(), Some("2022-01-07"));
        assert_eq!(
            parsed(" 2022-01-07T10:30:00+03:00 ").as_deref(),
            Some("2022-01-07T10:30:00+03:00")
        );
        assert_eq!(
            parsed("2022-01-07T10:30:00Z").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
        assert_eq!(
            parsed("2022-01-07T10:30:00.123+0300").as_deref(),
            Some("2022-01-07T10:30:00+03:00")
        );
        assert_eq!(
            parsed("2022-01-07 10:30:00 +00:00").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
        assert_eq!(
            parsed("2022-01-07T10:30-05:00").as_deref(),
            Some("2022-01-07T10:30:00-05:00")
        );
        assert_eq!(
            parsed("2022-01-07T10:30:00").as_deref(),
            Some("2022-01-07T10:30:00")
        );
    }

    #[test]
    fn http_and_rss_dates() {
        assert_eq!(
            parsed("Fri, 07 Jan 2022 10:30:00 GMT").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
        assert_eq!(
            parsed("Fri, 7 Jan 2022 10:30:00 +0300").as_deref(),
            Some("2022-01-07T10:30:00+03:00")
        );
        assert_eq!(
            parsed("Friday, 07-Jan-22 10:30:00 GMT").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
        assert_eq!(
            parsed("Fri Jan  7 10:30:00 2022").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
    }

    #[test]
    fn written_dates() {
        for s in [
            "January 7, 2022",
            "7 January 2022",
            "Jan. 7, 2022",
            "Jan 7 2022",
            "7th of January, 2022",
            "Friday, January 7, 2022",
            "January 7, 2022 at 10:30",
        ] {
            assert_eq!(parsed(s).as_deref(), Some("2022-01-07"), "{s}");
        }
        assert_eq!(
            parsed("Friday, July 21, 2017").as_deref(),
            Some("2017-07-21")
        );
        // The weekday contradicts the date: one of them is wrong, so neither is trusted.
        assert_eq!(parsed("Thursday, July 21, 2017"), None);
        assert_eq!(parsed("January 7, 2022 and more"), None);
        assert_eq!(
            parsed("January 7, 2022 10:30 a.m. EST").as_deref(),
            Some("2022-01-07")
        );
        assert_eq!(parsed("January 7, 2022, at Paris"), None);
        assert_eq!(parsed("January 7, 2022 at"), None);
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(parsed("2022/01/07").as_deref(), Some("2022-01-07"));
        assert_eq!(parsed("07.01.2022").as_deref(), Some("2022-01-07"));
        assert_eq!(parsed("25/12/2021").as_deref(), Some("2021-12-25"));
        assert_eq!(parsed("12/25/2021").as_deref(), Some("2021-12-25"));
        assert_eq!(
            parsed("07/01/2022"),
            None,
            "day and month order is ambiguous"
        );
    }

    #[test]
    fn unix_timestamps() {
        assert_eq!(
            parsed("1641551400").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
        assert_eq!(
            parsed("1641551400000").as_deref(),
            Some("2022-01-07T10:30:00Z")
        );
        assert_eq!(parsed("20220107").as_deref(), Some("2022-01-07"));
        assert_eq!(parsed("123456"), None);
    }

    #[test]
    fn impossible_and_implausible_dates() {
        assert_eq!(parsed("2022-02-30"), None);
        assert_eq!(parsed("February 30, 2022"), None);
        assert_eq!(parsed("31.04.2022"), None);
        assert_eq!(parsed("1985-05-01"), None);
        let far_future = format!("{}-01-01", Utc::now().year() + 2);
        assert_eq!(parsed(&far_future), None);
        assert_eq!(
            parsed("0000000000"),
            None,
            "1970 is before the earliest plausible year"
        );
        assert_eq!(parsed(""), None);
        assert_eq!(parsed("yesterday"), None);
    }

    #[test]
    fn dates_in_url_paths() {
        let from = |u: &str| date_from_url(u);
        assert_eq!(
            from("https://example.com/2019/05/12/story-title/").as_deref(),
            Some("2019-05-12")
        );
        assert_eq!(
            from("https://example.com/news/20190512/story.html").as_deref(),
            Some("2019-05-12")
        );
        assert_eq!(
            from("https://example.com/world/2019-05-12-title").as_deref(),
            Some("2019-05-12")
        );
        assert_eq!(from("/2019/5/2/").as_deref(), Some("2019-05-02"));
        assert_eq!(from("https://example.com/2019/05/story"), None, "no day");
        assert_eq!(from("https://example.com/2019/02/30/story"), None);
        assert_eq!(
            from("https://20190512.example.com/story"),
            None,
            "host is not the path"
        );
        assert_eq!(
            from("https://example.com/story?d=2019/05/12/"),
            None,
            "query is not the path"
        );
        assert_eq!(from("https://example.com/id/12345678/"), None);
    }

    #[test]
    fn month_day_pairs() {
        assert_eq!(parse_month_day("January 7"), Some((1, 7)));
        assert_eq!(parse_month_day("Jan. 7"), Some((1, 7)));
        assert_eq!(parse_month_day("7 Sept"), Some((9, 7)));
        assert_eq!(parse_month_day("Feb 29"), Some((2, 29)));
        assert_eq!(parse_month_day("Feb 30"), None);
        assert_eq!(parse_month_day("January"), None);
    }

    #[test]
    fn month_day_takes_the_year_that_does_not_lie_after_publication() {
        assert_eq!(
            resolve_month_day(1, 7, ymd(2022, 1, 7)),
            Some(ymd(2022, 1, 7))
        );
        assert_eq!(
            resolve_month_day(12, 30, ymd(2022, 1, 2)),
            Some(ymd(2021, 12, 30))
        );
        // A dateline one day ahead of the publication date is a time-zone difference.
        assert_eq!(
            resolve_month_day(1, 8, ymd(2022, 1, 7)),
            Some(ymd(2022, 1, 8))
        );
        assert_eq!(
            resolve_month_day(3, 1, ymd(2022, 1, 7)),
            Some(ymd(2021, 3, 1))
        );
    }

    #[test]
    fn weekday_pins_a_single_recent_year() {
        let today = ymd(2026, 11, 25);
        assert_eq!(
            year_from_weekday(1, 7, Weekday::Fri, today),
            Some(ymd(2022, 1, 7))
        );
        // January 7 was a Thursday in 2021 and will be one in 2027: outside the window.
        assert_eq!(year_from_weekday(1, 7, Weekday::Thu, today), None);
        // November 27 is a Friday in 2026, but that is still to come; the previous Friday
        // November 27 (2020) is outside the window.
        assert_eq!(year_from_weekday(11, 27, Weekday::Fri, today), None);
        assert_eq!(
            year_from_weekday(11, 24, Weekday::Tue, today),
            Some(ymd(2026, 11, 24))
        );
    }
}
