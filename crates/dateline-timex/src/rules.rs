//! The recognition rules: one regular expression per expression shape, each with the
//! function that normalises what it matched. Overlapping matches are settled by length.

use crate::gate::{self, Needs};
use crate::lexicon::{self, Count, Unit};
use crate::resolve::{self, Tense};
use crate::{Anchor, TimexKind};
use chrono::{Datelike, Days, NaiveDate};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A match in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub kind: TimexKind,
    pub value: Option<String>,
    pub anchor: Anchor,
}

struct Outcome {
    kind: TimexKind,
    value: Option<String>,
    anchor: Anchor,
}

impl Outcome {
    fn absolute(kind: TimexKind, value: String) -> Option<Outcome> {
        Some(Outcome {
            kind,
            value: Some(value),
            anchor: Anchor::Absolute,
        })
    }

    fn invalid(kind: TimexKind) -> Option<Outcome> {
        Some(Outcome {
            kind,
            value: None,
            anchor: Anchor::Invalid,
        })
    }
}

struct Context<'t> {
    text: &'t str,
    dct: Option<NaiveDate>,
    start: usize,
    end: usize,
}

impl Context<'_> {
    fn tense(&self) -> Tense {
        resolve::tense_around(self.text, self.start, self.end)
    }

    /// A value computed from the DCT; unanchored when there is none.
    fn relative(
        &self,
        kind: TimexKind,
        value: impl FnOnce(NaiveDate) -> Option<String>,
    ) -> Option<Outcome> {
        match self.dct {
            Some(dct) => Some(Outcome {
                kind,
                value: Some(value(dct)?),
                anchor: Anchor::Dct,
            }),
            None => Some(Outcome {
                kind,
                value: None,
                anchor: Anchor::Unanchored,
            }),
        }
    }
}

type Handler = fn(&Captures, &Context) -> Option<Outcome>;

struct Rule {
    regex: Regex,
    /// The key words a line must hold for this rule to match on it (see [`gate`]).
    needs: Needs,
    handler: Handler,
}

const MONTH: &str = r"(?P<month>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?)";
const DAY: &str = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b";
const YEAR: &str = r"(?P<year>1[6-9]\d\d|20\d\d)\b";
const COMMA: &str = r"[^\S\n]*,?[^\S\n]*";
const WEEKDAY: &str = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const NUMBER: &str = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|several|a few|a couple of)";
const UNIT: &str = r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|months?|quarters?|years?|decades?|centuries|century)";
const PART: &str = r"(?P<part>morning|afternoon|evening|night)";

fn rule(pattern: &str, needs: Needs, handler: Handler) -> Rule {
    // Whitespace inside an expression never spans a line break: a headline's last word and
    // the next line's date are two things.
    // Case-insensitive matching folds every class it meets, and folding "anything but
    // non-space" walks the whole of Unicode (half a second per process for these rules),
    // so the space class is kept case-sensitive.
    let pattern = pattern
        .replace(r"\s", r"[^\S\n]")
        .replace(r"[^\S\n]", r"(?-i:[^\S\n])");
    // ASCII word boundaries: a Unicode one makes the regex engine give up its fast automaton
    // on any text with a curly quote or an accent, which news text always has. A match that
    // an accented letter continues is dropped by `cuts_a_word` in `candidates`.
    let pattern = pattern.replace(r"\b", r"(?-u:\b)");
    let regex = Regex::new(&format!("(?i){pattern}"))
        .unwrap_or_else(|e| panic!("bad timex pattern {pattern}: {e}"));
    Rule {
        regex,
        needs,
        handler,
    }
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        rule(
            &format!(r"\b(?:{WEEKDAY}{COMMA})?{MONTH}\s+{DAY}{COMMA}{YEAR}"),
            gate::MONTH | gate::DIGIT,
            full_date,
        ),
        rule(
            &format!(r"\b(?:{WEEKDAY}{COMMA})?{DAY}\s+(?:of\s+)?{MONTH}{COMMA}{YEAR}"),
            gate::MONTH | gate::DIGIT,
            full_date,
        ),
        rule(
            r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b",
            gate::DIGIT,
            iso_date,
        ),
        rule(
            r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b",
            gate::DIGIT | gate::SLASH,
            slash_date,
        ),
        rule(
            &format!(r"\b(?P<t>(?:(?:early|late|mid)[- ])?{MONTH}{COMMA}{YEAR})"),
            gate::MONTH | gate::DIGIT,
            month_year,
        ),
        rule(
            &format!(
                r"\b(?:the\s+)?{PART}\s+of\s+(?:{WEEKDAY}{COMMA})?{MONTH}\s+{DAY}(?:{COMMA}{YEAR})?"
            ),
            gate::PART_OF_DAY | gate::MONTH | gate::DIGIT,
            part_of_date,
        ),
        rule(
            &format!(r"\b(?:{WEEKDAY}{COMMA})?{MONTH}\s+{DAY}"),
            gate::MONTH | gate::DIGIT,
            month_day,
        ),
        rule(
            &format!(r"\b(?:{WEEKDAY}{COMMA})?{DAY}\s+(?:of\s+)?{MONTH}"),
            gate::MONTH | gate::DIGIT,
            month_day,
        ),
        rule(
            &format!(
                r"\b(?:in|since|until|till|by|during|of|from|to|through|before|after|last|next|this|early|late|mid|in\s+early|in\s+late)\s+(?P<t>(?:(?:early|late|mid)[- ])?{MONTH})"
            ),
            gate::MONTH,
            bare_month,
        ),
        rule(
            &format!(
                r"\b(?:(?P<modifier>last|next|this|on|early|late)\s+)?(?P<t>(?:(?:last|next|this)\s+)?{WEEKDAY}(?:\s+{PART})?)"
            ),
            gate::WEEKDAY,
            weekday,
        ),
        rule(
            r"\b(?P<word>today|tonight|yesterday|tomorrow|now|currently|nowadays|presently|at\s+present|recently|recent|lately|the\s+past|in\s+the\s+future|the\s+future|the\s+near\s+future|soon)\b",
            gate::REFERENCE,
            reference_word,
        ),
        rule(
            &format!(
                r"\b(?P<modifier>yesterday|tomorrow|this|last|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+{PART}"
            ),
            gate::PART_OF_DAY,
            part_of_day,
        ),
        rule(
            r"\b(?P<modifier>this|last|next|previous|past|coming|the|earlier\s+this|later\s+this|early\s+this|late\s+this|late\s+last|early\s+last|early\s+next|late\s+next|the\s+end\s+of\s+(?:this|the|last)|the\s+(?:beginning|start)\s+of\s+(?:this|the|next|last))\s+(?P<unit>week|weekend|month|year|quarter|decade|century)\b",
            gate::CALENDAR_UNIT,
            relative_unit,
        ),
        rule(
            &format!(r"\b{NUMBER}\s+{UNIT}\s+(?P<direction>ago|earlier|later|from\s+now|hence)\b"),
            gate::UNIT | gate::DIRECTION,
            shifted_date,
        ),
        rule(
            &format!(
                r"\b(?:the\s+)?(?:(?P<scope>past|last|next|coming|previous|first|final|following)\s+)?{NUMBER}(?:[- ](?:more|additional|trading|business|straight|consecutive|full))?[- ]{UNIT}(?:[- ](?:long|old))?\b"
            ),
            gate::UNIT,
            duration,
        ),
        rule(
            r"\b(?:the\s+)?(?P<t>(?:(?:early|late|mid)[- ])?(?P<decade>1[6-9]\d0|20\d0)'?s)\b",
            gate::DIGIT,
            decade,
        ),
        rule(
            r"\b(?:the\s+)?'?(?P<short>[2-9]0)'?s\b",
            gate::DIGIT,
            decade,
        ),
        rule(
            r"(?:^|[^\w'’])(?P<t>['’](?P<yy>\d\d))\b",
            gate::WHOLE_TEXT,
            short_year,
        ),
        rule(
            r"\bthe\s+(?P<ord>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+century\b",
            gate::CENTURY,
            century,
        ),
        rule(
            &format!(
                r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter(?:\s+of\s+{YEAR})?"
            ),
            gate::QUARTER,
            quarter,
        ),
        rule(
            &format!(
                r"\b(?:(?P<modifier>this|last|next|early|late)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{YEAR})?"
            ),
            gate::SEASON,
            season,
        ),
        rule(
            &format!(r"\b(?:every|each|per)\s+(?:other\s+)?(?:{NUMBER}\s+)?{UNIT}"),
            gate::EVERY | gate::UNIT,
            set,
        ),
        rule(
            r"\b(?P<adverb>daily|weekly|monthly|annually|yearly|hourly|nightly)\b",
            gate::FREQUENCY,
            set,
        ),
        rule(
            r"\b(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)(?:\s*\(?\s*(?P<tz>UTC|GMT|Z)\b[^)\n]{0,4}\)?)?",
            gate::DIGIT | gate::MERIDIEM,
            clock_time,
        ),
        rule(
            r"\b(?P<h>[01]\d|2[0-3]):?(?P<min>[0-5]\d)\s*(?P<tz>UTC|GMT)\b",
            gate::DIGIT | gate::ZONE,
            clock_time,
        ),
        rule(
            r"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\b",
            gate::DIGIT | gate::COLON,
            clock_time,
        ),
        rule(
            r"\b(?:at\s+)?(?P<t>noon|midday|midnight)\b",
            gate::MIDDAY,
            clock_time,
        ),
        rule(
            &format!(r"\b(?P<t>(?:(?:early|late|mid)[- ])?{YEAR})"),
            gate::DIGIT,
            year,
        ),
    ]
});

/// All time expressions in `text`, longest first where they overlap, in text order.
pub fn candidates(text: &str, dct: Option<NaiveDate>) -> Vec<Candidate> {
    candidates_in(text, dct, gate::lines(text).as_deref())
}

/// [`candidates`], each rule searching only the `lines` that hold its key words, or the
/// whole text when there are no lines.
fn candidates_in(
    text: &str,
    dct: Option<NaiveDate>,
    lines: Option<&[gate::Line]>,
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (priority, rule) in RULES.iter().enumerate() {
        let mut take = |caps: Captures| {
            let whole = caps.get(0).expect("group 0");
            if dateline_document::cuts_a_word(text, whole.start(), whole.end()) {
                return;
            }
            let span = caps.name("t").unwrap_or(whole);
            let context = Context {
                text,
                dct,
                start: span.start(),
                end: span.end(),
            };
            if let Some(outcome) = (rule.handler)(&caps, &context) {
                found.push((
                    priority,
                    Candidate {
                        start: span.start(),
                        end: span.end(),
                        kind: outcome.kind,
                        value: outcome.value,
                        anchor: outcome.anchor,
                    },
                ));
            }
        };
        match lines {
            Some(lines) if rule.needs != gate::WHOLE_TEXT => {
                for line in lines.iter().filter(|l| l.has(rule.needs)) {
                    // The text up to the line's end: look-behind still sees the line before.
                    let haystack = &text[..line.end];
                    let mut at = line.start;
                    while let Some(caps) = rule.regex.captures_at(haystack, at) {
                        let end = caps.get(0).expect("group 0").end();
                        take(caps);
                        if end == at {
                            break;
                        }
                        at = end;
                    }
                }
            }
            _ => rule.regex.captures_iter(text).for_each(&mut take),
        }
    }
    found.sort_by_key(|(priority, c)| (std::cmp::Reverse(c.end - c.start), *priority, c.start));
    let mut chosen: Vec<Candidate> = Vec::new();
    for (_, c) in found {
        if chosen.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
}

fn number(caps: &Captures, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

fn weekday_of(caps: &Captures) -> Option<chrono::Weekday> {
    caps.name("weekday")
        .and_then(|w| lexicon::weekday(w.as_str()))
}

/// "may" and "march" in lower case are a verb, not a month.
fn month_of(caps: &Captures) -> Option<u32> {
    let word = caps.name("month")?.as_str();
    if word.chars().next().is_some_and(char::is_lowercase)
        && matches!(
            word.trim_end_matches('.'),
            "may" | "march" | "mar" | "jan" | "dec"
        )
    {
        return None;
    }
    lexicon::month(word)
}

fn ymd(year: i32, month: u32, day: u32) -> Option<Outcome> {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Outcome::absolute(TimexKind::Date, date.to_string()),
        None => Outcome::invalid(TimexKind::Date),
    }
}

fn full_date(caps: &Captures, _: &Context) -> Option<Outcome> {
    ymd(
        number(caps, "year")? as i32,
        month_of(caps)?,
        number(caps, "day")?,
    )
}

fn iso_date(caps: &Captures, _: &Context) -> Option<Outcome> {
    let year = number(caps, "year")? as i32;
    (1600..2100).contains(&year).then_some(())?;
    ymd(year, number(caps, "m")?, number(caps, "d")?)
}

/// Month first, as in US English news, unless the first number cannot be a month.
fn slash_date(caps: &Captures, _: &Context) -> Option<Outcome> {
    let (a, b) = (number(caps, "a")?, number(caps, "b")?);
    let year = resolve::full_year(number(caps, "y")? as i32);
    let (month, day) = if a > 12 { (b, a) } else { (a, b) };
    ymd(year, month, day)
}

fn month_year(caps: &Captures, _: &Context) -> Option<Outcome> {
    let month = month_of(caps)?;
    Outcome::absolute(
        TimexKind::Date,
        format!("{:04}-{month:02}", number(caps, "year")?),
    )
}

fn part_letters(part: &str) -> &'static str {
    match part.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

fn part_of_date(caps: &Captures, context: &Context) -> Option<Outcome> {
    let part = part_letters(caps.name("part")?.as_str());
    let inner = if caps.name("year").is_some() {
        full_date(caps, context)?
    } else {
        month_day(caps, context)?
    };
    Some(Outcome {
        kind: TimexKind::Time,
        value: inner.value.map(|d| format!("{d}T{part}")),
        anchor: inner.anchor,
    })
}

fn month_day(caps: &Captures, context: &Context) -> Option<Outcome> {
    let (month, day) = (month_of(caps)?, number(caps, "day")?);
    if !(1..=31).contains(&day) {
        return None;
    }
    let Some(dct) = context.dct else {
        return Some(Outcome {
            kind: TimexKind::Date,
            value: None,
            anchor: if NaiveDate::from_ymd_opt(2000, month, day).is_some() {
                Anchor::Unanchored
            } else {
                Anchor::Invalid
            },
        });
    };
    match resolve::month_day(dct, month, day, weekday_of(caps), context.tense()) {
        Ok(date) => Some(Outcome {
            kind: TimexKind::Date,
            value: Some(date.to_string()),
            anchor: Anchor::Dct,
        }),
        Err(()) => Outcome::invalid(TimexKind::Date),
    }
}

fn bare_month(caps: &Captures, context: &Context) -> Option<Outcome> {
    let month = month_of(caps)?;
    if caps
        .name("month")?
        .as_str()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
    {
        return None;
    }
    let tense = context.tense();
    context.relative(TimexKind::Date, |dct| {
        let year = match tense {
            Tense::Past if month > dct.month() => dct.year() - 1,
            Tense::Future if month < dct.month() => dct.year() + 1,
            _ => dct.year(),
        };
        Some(format!("{year:04}-{month:02}"))
    })
}

fn weekday(caps: &Captures, context: &Context) -> Option<Outcome> {
    let day = weekday_of(caps)?;
    let span_text = caps.name("t")?.as_str().to_ascii_lowercase();
    let modifier = ["last", "next", "this"]
        .into_iter()
        .find(|m| span_text.starts_with(m));
    let part = caps.name("part").map(|p| part_letters(p.as_str()));
    let kind = if part.is_some() {
        TimexKind::Time
    } else {
        TimexKind::Date
    };
    let tense = context.tense();
    context.relative(kind, |dct| {
        let date = resolve::weekday(dct, day, modifier, tense);
        Some(match part {
            Some(p) => format!("{date}T{p}"),
            None => date.to_string(),
        })
    })
}

fn reference_word(caps: &Captures, context: &Context) -> Option<Outcome> {
    let word = caps.name("word")?.as_str().to_ascii_lowercase();
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    let reference = |r: &str| Outcome::absolute(TimexKind::Date, r.to_string());
    match word.as_str() {
        "now" | "currently" | "nowadays" | "presently" | "at present" => reference("PRESENT_REF"),
        "recently" | "recent" | "lately" | "the past" => reference("PAST_REF"),
        "the future" | "in the future" | "the near future" | "soon" => reference("FUTURE_REF"),
        "today" => context.relative(TimexKind::Date, |d| Some(d.to_string())),
        "tonight" => context.relative(TimexKind::Time, |d| Some(format!("{d}TNI"))),
        "yesterday" => context.relative(TimexKind::Date, |d| Some((d - Days::new(1)).to_string())),
        "tomorrow" => context.relative(TimexKind::Date, |d| Some((d + Days::new(1)).to_string())),
        _ => None,
    }
}

fn part_of_day(caps: &Captures, context: &Context) -> Option<Outcome> {
    let modifier = caps.name("modifier")?.as_str().to_ascii_lowercase();
    let part = part_letters(caps.name("part")?.as_str());
    let shift: i64 = if modifier == "yesterday" || (modifier == "last" && part == "NI") {
        -1
    } else if modifier == "tomorrow" {
        1
    } else if modifier == "last" {
        return None;
    } else {
        0
    };
    context.relative(TimexKind::Time, |d| {
        Some(format!(
            "{}T{part}",
            d.checked_add_signed(chrono::Duration::days(shift))?
        ))
    })
}

fn relative_unit(caps: &Captures, context: &Context) -> Option<Outcome> {
    let modifier = caps.name("modifier")?.as_str().to_ascii_lowercase();
    let modifier = modifier.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit_word = caps.name("unit")?.as_str().to_ascii_lowercase();
    if unit_word == "weekend" {
        let offset = match modifier.as_str() {
            "last" | "past" | "previous" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        return context.relative(TimexKind::Date, |d| {
            Some(format!("{}-WE", resolve::shifted(d, offset, Unit::Week)?))
        });
    }
    if modifier == "the" {
        return None;
    }
    let unit = Unit::parse(&unit_word)?;
    // "the past year" is a stretch of time; "last year" a point on the calendar.
    if modifier == "past"
        && caps
            .get(0)?
            .as_str()
            .to_ascii_lowercase()
            .starts_with("past")
    {
        return Outcome::absolute(TimexKind::Duration, unit.duration(Some(1)));
    }
    let offset = match modifier.as_str() {
        "last" | "previous" | "past" | "late last" | "early last" => -1,
        "next" | "coming" | "early next" | "late next" => 1,
        m if m.ends_with("last") => -1,
        m if m.ends_with("next") => 1,
        _ => 0,
    };
    context.relative(TimexKind::Date, |d| resolve::shifted(d, offset, unit))
}

fn count_of(caps: &Captures) -> Option<Count> {
    lexicon::count(caps.name("n")?.as_str())
}

fn shifted_date(caps: &Captures, context: &Context) -> Option<Outcome> {
    let Count::Exact(n) = count_of(caps)? else {
        return None;
    };
    let unit = Unit::parse(caps.name("unit")?.as_str())?;
    let direction = caps.name("direction")?.as_str().to_ascii_lowercase();
    let sign = if matches!(direction.as_str(), "ago" | "earlier") {
        -1
    } else {
        1
    };
    // A week ago is a day on the calendar, not a calendar week.
    let (n, unit) = if unit == Unit::Week {
        (n * 7, Unit::Day)
    } else {
        (n, unit)
    };
    context.relative(TimexKind::Date, |d| {
        resolve::shifted(d, sign * i64::from(n), unit)
    })
}

fn duration(caps: &Captures, context: &Context) -> Option<Outcome> {
    let unit = Unit::parse(caps.name("unit")?.as_str())?;
    let n = match count_of(caps)? {
        Count::Exact(n) => Some(n),
        Count::Some => None,
    };
    let number_word = caps.name("n")?.as_str().to_ascii_lowercase();
    // "a second time", "a quarter of the votes": an ordinal or a fraction.
    if matches!(number_word.as_str(), "a" | "an") && matches!(unit, Unit::Second | Unit::Quarter) {
        return None;
    }
    // "twice a year", "once a day": a frequency, not a stretch of time.
    let previous_word = context.text[..caps.get(0)?.start()]
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(number_word.as_str(), "a" | "an")
        && matches!(
            previous_word.as_str(),
            "once" | "twice" | "thrice" | "times"
        )
    {
        return Outcome::absolute(TimexKind::Set, unit.duration(Some(1)));
    }
    Outcome::absolute(TimexKind::Duration, unit.duration(n))
}

fn decade(caps: &Captures, _: &Context) -> Option<Outcome> {
    if let Some(decade) = caps.name("decade") {
        return Outcome::absolute(TimexKind::Date, decade.as_str()[..3].to_string());
    }
    let short = caps.name("short")?.as_str();
    Outcome::absolute(TimexKind::Date, format!("19{}", &short[..1]))
}

fn short_year(caps: &Captures, _: &Context) -> Option<Outcome> {
    Outcome::absolute(
        TimexKind::Date,
        format!("{:04}", resolve::full_year(number(caps, "yy")? as i32)),
    )
}

fn century(caps: &Captures, _: &Context) -> Option<Outcome> {
    let ordinal = lexicon::ordinal(caps.name("ord")?.as_str())?;
    (1..=21).contains(&ordinal).then_some(())?;
    Outcome::absolute(TimexKind::Date, format!("{:02}", ordinal - 1))
}

fn quarter(caps: &Captures, context: &Context) -> Option<Outcome> {
    let word = caps.name("ord")?.as_str().to_ascii_lowercase();
    if let Some(year) = number(caps, "year") {
        let q = if word == "last" || word == "final" {
            4
        } else {
            lexicon::ordinal(&word)?
        };
        return Outcome::absolute(TimexKind::Date, format!("{year:04}-Q{q}"));
    }
    context.relative(TimexKind::Date, |d| {
        if word == "last" {
            return resolve::shifted(d, -1, Unit::Quarter);
        }
        Some(format!("{:04}-Q{}", d.year(), lexicon::ordinal(&word)?))
    })
}

fn season(caps: &Captures, context: &Context) -> Option<Outcome> {
    let season = caps.name("season")?.as_str().to_ascii_lowercase();
    let code = match season.as_str() {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        _ => "WI",
    };
    let modifier = caps
        .name("modifier")
        .map(|m| m.as_str().to_ascii_lowercase());
    if let Some(year) = number(caps, "year") {
        return Outcome::absolute(TimexKind::Date, format!("{year:04}-{code}"));
    }
    // A bare "fall" is far more often the verb.
    if season == "fall" && modifier.is_none() {
        return None;
    }
    let offset = match modifier.as_deref() {
        Some("last") => -1,
        Some("next") => 1,
        _ => 0,
    };
    context.relative(TimexKind::Date, |d| {
        Some(format!("{:04}-{code}", d.year() + offset))
    })
}

fn set(caps: &Captures, _: &Context) -> Option<Outcome> {
    if let Some(adverb) = caps.name("adverb") {
        let unit = match adverb.as_str().to_ascii_lowercase().as_str() {
            "daily" | "nightly" => Unit::Day,
            "weekly" => Unit::Week,
            "monthly" => Unit::Month,
            "hourly" => Unit::Hour,
            _ => Unit::Year,
        };
        return Outcome::absolute(TimexKind::Set, unit.duration(Some(1)));
    }
    let unit = Unit::parse(caps.name("unit")?.as_str())?;
    let n = match caps.name("n").map(|_| count_of(caps)) {
        Some(Some(Count::Exact(n))) => n,
        Some(_) => return None,
        None => 1,
    };
    let n = if caps.get(0)?.as_str().to_ascii_lowercase().contains("other") {
        n * 2
    } else {
        n
    };
    Outcome::absolute(TimexKind::Set, unit.duration(Some(n)))
}

fn clock_time(caps: &Captures, context: &Context) -> Option<Outcome> {
    let (hour, minute) = match caps.name("t").map(|t| t.as_str().to_ascii_lowercase()) {
        Some(word) if word == "midnight" => (0, 0),
        Some(_) => (12, 0),
        None => {
            let mut hour = number(caps, "h")?;
            let minute = caps
                .name("min")
                .map_or(Some(0), |m| m.as_str().parse().ok())?;
            match caps
                .name("ampm")
                .map(|a| a.as_str().to_ascii_lowercase().starts_with('p'))
            {
                Some(true) if hour < 12 => hour += 12,
                Some(false) if hour == 12 => hour = 0,
                Some(_) if hour > 12 => return None,
                _ => {}
            }
            (hour, minute)
        }
    };
    let zone = if caps.name("tz").is_some() { "Z" } else { "" };
    context.relative(TimexKind::Time, |d| {
        Some(format!("{d}T{hour:02}:{minute:02}{zone}"))
    })
}

/// A bare four-digit year, unless it counts something ("2006 cars", "2,006", "$2006").
fn year(caps: &Captures, context: &Context) -> Option<Outcome> {
    let year = number(caps, "year")?;
    let whole = caps.get(0)?;
    let before = &context.text[..whole.start()];
    let after = &context.text[whole.end()..];
    if before.ends_with(['$', '£', '€', ',', '.', '#'])
        || after.starts_with([',', '.']) && after[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let next_word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '%')
        .collect();
    let next_lower = next_word.to_lowercase();
    let counts_something = next_word.starts_with('%')
        || next_lower == "percent"
        || (next_word.chars().next().is_some_and(char::is_lowercase)
            && next_lower.ends_with('s')
            && !matches!(
                next_lower.as_str(),
                "was" | "is" | "has" | "as" | "its" | "this" | "plus" | "versus" | "thus"
            ));
    if counts_something {
        return None;
    }
    Outcome::absolute(TimexKind::Date, format!("{year:04}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with expressions of every rule, line breaks among them, and the Wikinews sample.
    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "On Monday, January 7, 2022 at 10:30 a.m. (UTC) and 7 Jan 2022; 2022-01-07, 1/7/22.",
            "In early March 2021, the morning of Tuesday, March 3 2020, on March 3 and 3rd of May.",
            "Since June, last Friday evening, today, at present, in the near future, soon.",
            "Yesterday morning, this week, the end of this year, three days ago, two weeks from now.",
            "The past 12 months, a three-day visit, the 1990s, the '80s, in '98, the 19th century.",
            "The second fiscal quarter of 2021, last summer, winter of 2020, every other week.",
            "Published daily at 0900 GMT, 14:45, at noon, until midnight; founded in 1908.\n'98\n",
            "A headline on May\n7, 2022 and Tuesday\nmorning: no expression spans a line break.",
            "",
            "\n\n",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample/wikinews");
        for entry in std::fs::read_dir(sample).expect("the Wikinews sample") {
            texts.push(std::fs::read_to_string(entry.expect("an entry").path()).expect("a text"));
        }
        texts
    }

    #[test]
    fn searching_only_the_lines_with_key_words_finds_what_the_whole_text_search_finds() {
        let dct = NaiveDate::from_ymd_opt(2022, 1, 7);
        let mut found = 0;
        for text in texts() {
            let lines = gate::lines(&text).expect("texts the keys vouch for");
            let gated = candidates_in(&text, dct, Some(&lines));
            assert_eq!(gated, candidates_in(&text, dct, None), "{text}");
            found += gated.len();
        }
        assert!(found > 100, "{found}");
    }
}
