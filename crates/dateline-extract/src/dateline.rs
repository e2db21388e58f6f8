//! Wire-service dateline parsing ("NUR-SULTAN, January 7. /TASS/.", "WASHINGTON (Reuters) -").

use dateline_document::Dateline;

/// Finds a dateline at the start of `paragraph` (the first body paragraph). Spans in the
/// result are code-point offsets relative to the paragraph's start; the caller shifts them.
/// `published` (ISO date, if known) lets a printed "January 7" be resolved to a full date.
pub fn parse(_paragraph: &str, _published: Option<&str>) -> Option<Dateline> {
    None
}
