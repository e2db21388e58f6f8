//! Calendar arithmetic against the document creation time.

use crate::lexicon::Unit;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// Whether the clause around an expression talks about the past or the future; news
/// defaults to the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

/// Tense of the clause around byte range `[start, end)`: the tense marker nearest to the
/// expression in its sentence wins ("will", "is scheduled to" against "said", "was", "-ed"
/// forms); with none, the past, as news mostly reports what happened.
pub fn tense_around(text: &str, start: usize, end: usize) -> Tense {
    let from = text[..start]
        .rfind(['.', '\n', '!', '?'])
        .map_or(0, |i| i + 1);
    let to = text[end..]
        .find(['.', '\n', '!', '?'])
        .map_or(text.len(), |i| end + i);
    let sentence = &text[from..to];
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut word_start = None;
    for (i, c) in sentence
        .char_indices()
        .chain(std::iter::once((sentence.len(), ' ')))
    {
        match (c.is_alphanumeric() || c == '\'', word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(s)) => {
                words.push((from + s, sentence[s..i].to_lowercase()));
                word_start = None;
            }
            _ => {}
        }
    }
    let mut nearest: Option<(usize, Tense)> = None;
    for (i, (offset, word)) in words.iter().enumerate() {
        if (start..end).contains(offset) {
            continue;
        }
        let previous = i.checked_sub(1).map(|p| words[p].1.as_str());
        let next = words.get(i + 1).map(|(_, w)| w.as_str());
        let Some(tense) = word_tense(word, previous, next) else {
            continue;
        };
        let distance = if *offset < start {
            start - offset
        } else {
            offset - end
        };
        if nearest.is_none_or(|(d, _)| distance < d) {
            nearest = Some((distance, tense));
        }
    }
    nearest.map_or(Tense::Past, |(_, tense)| tense)
}

/// The tense a word marks, if any. A participle after "be" ("will be held") marks nothing:
/// the auxiliary before it does.
fn word_tense(word: &str, previous: Option<&str>, next: Option<&str>) -> Option<Tense> {
    const PAST: [&str; 15] = [
        "was", "were", "had", "did", "said", "told", "went", "came", "made", "took", "began",
        "left", "saw", "held", "ago",
    ];
    if matches!(previous, Some("be" | "been" | "being")) {
        return None;
    }
    match (word, next) {
        (
            "will" | "shall" | "'ll" | "upcoming" | "scheduled" | "planned" | "plans" | "expected",
            _,
        ) => Some(Tense::Future),
        ("going" | "is" | "are" | "set", Some("to")) => Some(Tense::Future),
        (w, _) if PAST.contains(&w) => Some(Tense::Past),
        (w, _)
            if w.len() > 4
                && w.ends_with("ed")
                && !matches!(
                    w,
                    "need" | "feed" | "speed" | "proceed" | "succeed" | "exceed"
                ) =>
        {
            Some(Tense::Past)
        }
        _ => None,
    }
}

/// The year of a month-day printed without one. A weekday printed with it decides when
/// exactly one nearby year fits; otherwise the DCT's year, moved back a year for a past
/// event that would lie well after the DCT, and forward for a future one well before it.
/// `Err(())` when the month-day never exists (February 30).
pub fn month_day(
    dct: NaiveDate,
    month: u32,
    day: u32,
    weekday: Option<Weekday>,
    tense: Tense,
) -> Result<NaiveDate, ()> {
    let candidates: Vec<NaiveDate> = [dct.year(), dct.year() - 1, dct.year() + 1]
        .iter()
        .filter_map(|&y| NaiveDate::from_ymd_opt(y, month, day))
        .collect();
    if candidates.is_empty() {
        return Err(());
    }
    if let Some(weekday) = weekday {
        let fitting: Vec<_> = candidates
            .iter()
            .filter(|d| d.weekday() == weekday)
            .collect();
        if let [only] = fitting[..] {
            return Ok(*only);
        }
    }
    let same_year = NaiveDate::from_ymd_opt(dct.year(), month, day);
    let date = match (same_year, tense) {
        (Some(d), Tense::Past) if (d - dct).num_days() > 31 => d.with_year(d.year() - 1),
        (Some(d), Tense::Future) if (dct - d).num_days() > 61 => d.with_year(d.year() + 1),
        (Some(d), _) => Some(d),
        // February 29 outside a leap year: the nearest leap year in the tense's direction.
        (None, _) => candidates.first().copied(),
    };
    date.ok_or(())
}

/// A weekday relative to the DCT: "on Friday" (the nearest one in the tense's direction,
/// the DCT itself included), "last Friday", "next Friday", "this Friday".
pub fn weekday(dct: NaiveDate, day: Weekday, modifier: Option<&str>, tense: Tense) -> NaiveDate {
    let back = (7 + dct.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    let forward = (7 - back) % 7;
    let earlier = dct - Days::new(u64::from(back));
    let later = dct + Days::new(u64::from(forward));
    match modifier {
        Some("last") => {
            if back == 0 {
                dct - Days::new(7)
            } else {
                earlier
            }
        }
        Some("next") => {
            if forward == 0 {
                dct + Days::new(7)
            } else {
                later
            }
        }
        Some("this") => {
            let monday = dct - Days::new(u64::from(dct.weekday().num_days_from_monday()));
            monday + Days::new(u64::from(day.num_days_from_monday()))
        }
        _ => match tense {
            Tense::Past => earlier,
            Tense::Future => later,
        },
    }
}

/// `date` moved by `n` units (negative: back), written at the unit's granularity
/// ("2006-03-26", "2006-W11", "2006-01", "2005").
pub fn shifted(date: NaiveDate, n: i64, unit: Unit) -> Option<String> {
    let months = |m: i64| -> Option<NaiveDate> {
        if m >= 0 {
            date.checked_add_months(Months::new(u32::try_from(m).ok()?))
        } else {
            date.checked_sub_months(Months::new(u32::try_from(-m).ok()?))
        }
    };
    let days = |d: i64| -> Option<NaiveDate> {
        if d >= 0 {
            date.checked_add_days(Days::new(u64::try_from(d).ok()?))
        } else {
            date.checked_sub_days(Days::new(u64::try_from(-d).ok()?))
        }
    };
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            days(if unit == Unit::Day { n } else { 0 })?.to_string()
        }
        Unit::Week => iso_week(days(n.checked_mul(7)?)?),
        Unit::Month => month_value(months(n)?),
        Unit::Quarter => {
            let d = months(n.checked_mul(3)?)?;
            format!("{}-Q{}", d.year(), d.month0() / 3 + 1)
        }
        Unit::Year => format!("{:04}", date.year().checked_add(i32::try_from(n).ok()?)?),
        Unit::Decade => format!(
            "{:03}",
            (date
                .year()
                .checked_add(i32::try_from(n.checked_mul(10)?).ok()?)?)
                / 10
        ),
        Unit::Century => format!(
            "{:02}",
            (date
                .year()
                .checked_add(i32::try_from(n.checked_mul(100)?).ok()?)?)
                / 100
        ),
    })
}

pub fn iso_week(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

pub fn month_value(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Expands a two-digit year: 00-49 -> 2000s, 50-99 -> 1900s.
pub fn full_year(year: i32) -> i32 {
    match year {
        0..=49 => 2000 + year,
        50..=99 => 1900 + year,
        _ => year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekday_with_a_month_day_fixes_the_year() {
        // January 7 was a Friday in 2022, not in 2021 or 2023.
        let d = month_day(date("2021-06-01"), 1, 7, Some(Weekday::Fri), Tense::Past).unwrap();
        assert_eq!(d, date("2022-01-07"));
        assert!(month_day(date("2021-06-01"), 2, 30, None, Tense::Past).is_err());
    }

    #[test]
    fn weekday_relative_to_dct() {
        let friday = date("2022-01-07");
        assert_eq!(weekday(friday, Weekday::Fri, None, Tense::Past), friday);
        assert_eq!(
            weekday(friday, Weekday::Fri, Some("last"), Tense::Past),
            date("2021-12-31")
        );
        assert_eq!(
            weekday(friday, Weekday::Mon, None, Tense::Future),
            date("2022-01-10")
        );
        assert_eq!(
            weekday(friday, Weekday::Mon, Some("this"), Tense::Past),
            date("2022-01-03")
        );
    }

    #[test]
    fn tense_markers() {
        let text = "The vote will be held on Monday. It was held on Monday.";
        assert_eq!(tense_around(text, 25, 31), Tense::Future);
        assert_eq!(tense_around(text, 48, 54), Tense::Past);
        assert_eq!(
            tense_around("Williams said so on Monday", 20, 26),
            Tense::Past
        );
    }

    #[test]
    fn shifting_keeps_granularity() {
        let d = date("2006-03-28");
        assert_eq!(shifted(d, -2, Unit::Day).unwrap(), "2006-03-26");
        assert_eq!(shifted(d, -1, Unit::Month).unwrap(), "2006-02");
        assert_eq!(shifted(d, -1, Unit::Year).unwrap(), "2005");
        assert_eq!(shifted(d, 0, Unit::Week).unwrap(), "2006-W13");
        assert_eq!(shifted(d, -1, Unit::Quarter).unwrap(), "2005-Q4");
        assert!(shifted(d, i64::MAX, Unit::Year).is_none());
    }
}
