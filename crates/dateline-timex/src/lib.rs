//! Time expressions (TIMEX3).
//!
//! In: text and, when known, the document creation time (DCT: the dateline date, else the
//! publication date, else a date the user gives).
//! Out: [`Timex`]es with their span, TIMEX3 type (DATE, TIME, DURATION, SET), ISO value and
//! what the value was anchored to. A relative expression without a DCT is returned with no
//! value and `Anchor::Unanchored`; an impossible date ("February 30") with `Anchor::Invalid`:
//! flagged, never silently wrong.

mod gate;
mod lexicon;
mod resolve;
mod rules;

use chrono::NaiveDate;
use dateline_document::TextIndex;
pub use dateline_document::{Anchor, Timex, TimexKind};

/// Finds and normalises the time expressions in `text`.
pub fn find(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    let index = TextIndex::new(text);
    rules::candidates(text, dct)
        .into_iter()
        .map(|c| Timex {
            span: index.span_of_bytes(c.start, c.end),
            kind: c.kind,
            value: c.value,
            anchor: c.anchor,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, dct: &str) -> Vec<(String, &'static str, Option<String>)> {
        let dct = NaiveDate::parse_from_str(dct, "%Y-%m-%d").unwrap();
        find(text, Some(dct))
            .into_iter()
            .map(|t| {
                (
                    text.chars().skip(t.span.start).take(t.span.len()).collect(),
                    t.kind.as_str(),
                    t.value,
                )
            })
            .collect()
    }

    fn v(s: &str, kind: &'static str, value: &str) -> (String, &'static str, Option<String>) {
        (s.to_string(), kind, Some(value.to_string()))
    }

    #[test]
    fn words_continued_by_an_accented_letter_are_no_dates() {
        assert_eq!(
            values("Llegó Marín el martes; el Mayoría dijo.", "2022-01-07"),
            vec![]
        );
        assert_eq!(
            values("“Mar 3” said Zoë, in ‘May 2021’.", "2022-01-07"),
            vec![
                v("Mar 3", "DATE", "2021-03-03"),
                v("May 2021", "DATE", "2021-05")
            ]
        );
    }

    #[test]
    fn absolute_and_partial_dates() {
        assert_eq!(
            values("It happened on January 7, 2022 in Almaty.", "2022-03-01"),
            [v("January 7, 2022", "DATE", "2022-01-07")]
        );
        assert_eq!(
            values(
                "Protests erupted on January 2, later growing.",
                "2022-01-07"
            ),
            [v("January 2", "DATE", "2022-01-02")]
        );
        // A past-tense mention of a later month-day belongs to the previous year.
        assert_eq!(
            values("Talks collapsed on December 20.", "2022-01-07"),
            [v("December 20", "DATE", "2021-12-20")]
        );
        assert_eq!(
            values("The vote will be held on January 20.", "2022-01-07"),
            [v("January 20", "DATE", "2022-01-20")]
        );
        assert_eq!(
            values("Tokens: March 06 , 2008 .", "2008-03-06"),
            [v("March 06 , 2008", "DATE", "2008-03-06")]
        );
        assert_eq!(
            values("Prices rose in April 1997.", "2009-02-24"),
            [v("April 1997", "DATE", "1997-04")]
        );
        assert_eq!(
            values("See 7/8/07 for details.", "2007-07-09"),
            [v("7/8/07", "DATE", "2007-07-08")]
        );
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2022-01-07 is a Friday.
        assert_eq!(
            values(
                "Tokayev on Friday said the operation goes on.",
                "2022-01-07"
            ),
            [v("Friday", "DATE", "2022-01-07")]
        );
        assert_eq!(
            values("He said on Wednesday that it was over.", "2022-01-07"),
            [v("Wednesday", "DATE", "2022-01-05")]
        );
        assert_eq!(
            values("The court will rule on Monday.", "2022-01-07"),
            [v("Monday", "DATE", "2022-01-10")]
        );
        assert_eq!(
            values("Thursday night was quiet.", "2006-01-27"),
            [v("Thursday night", "TIME", "2006-01-26TNI")]
        );
    }

    #[test]
    fn parts_of_day_and_relative_expressions() {
        assert_eq!(
            values(
                "Order was restored by the morning of January 7, officials said.",
                "2022-01-07"
            ),
            [v("the morning of January 7", "TIME", "2022-01-07TMO")]
        );
        assert_eq!(
            values("He arrived yesterday.", "2011-03-18"),
            [v("yesterday", "DATE", "2011-03-17")]
        );
        assert_eq!(
            values("Sales fell last year.", "2010-01-28"),
            [v("last year", "DATE", "2009")]
        );
        assert_eq!(
            values("It opened this week.", "2006-03-28"),
            [v("this week", "DATE", "2006-W13")]
        );
        assert_eq!(
            values("It rained earlier this month.", "2006-03-28"),
            [v("earlier this month", "DATE", "2006-03")]
        );
        assert_eq!(
            values("It happened two days ago.", "2006-03-28"),
            [v("two days ago", "DATE", "2006-03-26")]
        );
        assert_eq!(
            values("It is currently closed.", "2006-03-28"),
            [v("currently", "DATE", "PRESENT_REF")]
        );
    }

    #[test]
    fn durations_sets_years_times() {
        assert_eq!(
            values("She has worked there for 33 years.", "2013-12-10"),
            [v("33 years", "DURATION", "P33Y")]
        );
        assert_eq!(
            values("A five-year plan.", "2010-03-03"),
            [v("five-year", "DURATION", "P5Y")]
        );
        assert_eq!(
            values("The board meets every week.", "2010-03-03"),
            [v("every week", "SET", "P1W")]
        );
        assert_eq!(
            values("In 2006, the firm grew.", "2008-01-09"),
            [v("2006", "DATE", "2006")]
        );
        assert_eq!(values("It sold 2006 cars.", "2008-01-09"), []);
        assert_eq!(
            values("Music of the 1970s.", "2008-01-09"),
            [v("1970s", "DATE", "197")]
        );
        assert_eq!(
            values("The quake struck at 14:58 UTC.", "2008-09-20"),
            [v("14:58 UTC", "TIME", "2008-09-20T14:58Z")]
        );
        assert_eq!(
            values("Results for the fourth quarter of 2005.", "2006-01-27"),
            [v("the fourth quarter of 2005", "DATE", "2005-Q4")]
        );
    }

    #[test]
    fn bad_and_unanchored_input_is_flagged() {
        let invalid = find("It was dated February 30, 2021.", None);
        assert_eq!(invalid.len(), 1);
        assert_eq!(invalid[0].anchor, Anchor::Invalid);
        assert_eq!(invalid[0].value, None);
        let unanchored = find("He left on Friday.", None);
        assert_eq!(unanchored[0].anchor, Anchor::Unanchored);
        assert_eq!(unanchored[0].value, None);
        assert!(find("", None).is_empty());
        let _ = find(&"9".repeat(100_000), None);
        let _ = find(
            "In 99999999999 years, on January 99, 2022",
            Some(NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()),
        );
    }
}
