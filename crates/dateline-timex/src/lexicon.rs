//! Words that time expressions are made of: months, weekdays, units, number words.

use chrono::Weekday;

/// Month number (1-12) of an English month name or abbreviation, any case, trailing dot allowed.
pub fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let m = match w.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

pub fn weekday(word: &str) -> Option<Weekday> {
    let w = word.to_ascii_lowercase();
    let day = match w.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

/// A calendar unit and its ISO 8601 duration letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub fn parse(word: &str) -> Option<Unit> {
        let w = word.to_ascii_lowercase();
        let w = w.trim_end_matches('s');
        Some(match w {
            "second" | "sec" => Unit::Second,
            "minute" | "min" => Unit::Minute,
            "hour" | "hr" => Unit::Hour,
            "day" | "night" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" | "yr" => Unit::Year,
            "decade" => Unit::Decade,
            "century" | "centurie" => Unit::Century,
            _ => return None,
        })
    }

    /// ISO 8601 duration for `n` of this unit (`n` = None means "some": `PXY`).
    pub fn duration(self, n: Option<u32>) -> String {
        let count = n.map_or_else(|| "X".to_string(), |n| n.to_string());
        let scaled = |factor: u32| n.map_or_else(|| "X".to_string(), |n| (n * factor).to_string());
        match self {
            Unit::Second => format!("PT{count}S"),
            Unit::Minute => format!("PT{count}M"),
            Unit::Hour => format!("PT{count}H"),
            Unit::Day => format!("P{count}D"),
            Unit::Week => format!("P{count}W"),
            Unit::Month => format!("P{count}M"),
            Unit::Quarter => format!("P{count}Q"),
            Unit::Year => format!("P{count}Y"),
            Unit::Decade => format!("P{}Y", scaled(10)),
            Unit::Century => format!("P{}Y", scaled(100)),
        }
    }
}

/// What a quantity word means: an exact count, or "some" (several, a few).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(u32),
    Some,
}

/// Parses "3", "three", "twenty-five", "a", "an", "several", "a few".
pub fn count(word: &str) -> Option<Count> {
    let w = word.trim().to_ascii_lowercase();
    if let Ok(n) = w.parse::<u32>() {
        return Some(Count::Exact(n));
    }
    if matches!(
        w.as_str(),
        "several" | "a few" | "few" | "some" | "many" | "a couple of" | "couple of"
    ) {
        return Some(Count::Some);
    }
    if let Some((tens, ones)) = w.split_once(['-', ' ']) {
        let (t, o) = (small_number(tens)?, small_number(ones)?);
        return (t >= 20 && t % 10 == 0 && o < 10).then_some(Count::Exact(t + o));
    }
    small_number(&w).map(Count::Exact)
}

fn small_number(w: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const TENS: [(&str, u32); 7] = [
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    match w {
        "a" | "an" | "one" => Some(1),
        "hundred" | "a hundred" | "one hundred" => Some(100),
        _ => WORDS
            .iter()
            .position(|x| *x == w)
            .map(|p| p as u32)
            .or_else(|| TENS.iter().find(|(x, _)| *x == w).map(|(_, n)| *n)),
    }
}

/// Ordinals as words or digits: "first" / "1st" -> 1.
pub fn ordinal(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    const WORDS: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    WORDS.iter().position(|x| *x == w).map(|p| p as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(month("Sept."), Some(9));
        assert_eq!(month("DECEMBER"), Some(12));
        assert_eq!(month("xyz"), None);
        assert_eq!(weekday("Friday"), Some(Weekday::Fri));
        assert_eq!(count("twenty-five"), Some(Count::Exact(25)));
        assert_eq!(count("an"), Some(Count::Exact(1)));
        assert_eq!(count("several"), Some(Count::Some));
        assert_eq!(count("twenty-twelve"), None);
        assert_eq!(ordinal("3rd"), Some(3));
        assert_eq!(ordinal("fourth"), Some(4));
        assert_eq!(Unit::parse("Decades").unwrap().duration(Some(2)), "P20Y");
        assert_eq!(Unit::parse("hours").unwrap().duration(None), "PTXH");
    }
}
