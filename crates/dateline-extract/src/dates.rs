//! Date strings as pages print them (ISO 8601, RFC 2822, "January 7, 2022", URL paths) to ISO.

/// Parses a date or timestamp as found in meta tags, JSON-LD, `<time>`, feeds or HTTP
/// headers into ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS±HH:MM` when a time is given).
pub fn parse_date(_s: &str) -> Option<String> {
    None
}
