//! HTTP responses as WARC stores them: status line, headers, and a body that may still be
//! chunked and compressed.

use std::io::Read;

/// A parsed response whose body is de-chunked and decompressed.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    /// The media type without parameters, lowercased (`text/html`); `None` if not sent.
    pub media_type: Option<String>,
    pub charset: Option<String>,
    pub last_modified: Option<String>,
    /// `Content-Language`, first tag only (`en-US, fr` gives `en-US`).
    pub language: Option<String>,
    pub body: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Response headers beyond this many are an error; real servers send a few dozen.
const MAX_HEADERS: usize = 256;

/// Parses `message` (head and body); `max_body_bytes` bounds the decompressed body.
pub(crate) fn parse_response(message: Vec<u8>, max_body_bytes: usize) -> Result<Response, String> {
    let mut message = as_http_1(message);
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    // Archived responses come from every server on the web; accept their sloppiness.
    let head_length = match httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut response, &message)
    {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Err("HTTP response ends inside its headers".into()),
        Err(err) => return Err(format!("malformed HTTP response: {err}")),
    };
    let status = response.code.unwrap_or(0);
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = header("content-type");
    let media_type = content_type.as_deref().map(|value| {
        value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let charset = content_type.as_deref().and_then(charset_parameter);
    let last_modified = header("last-modified").and_then(|value| http_date_to_iso(&value));
    let language = header("content-language")
        .and_then(|value| value.split(',').next().map(|tag| tag.trim().to_string()))
        .filter(|tag| !tag.is_empty());
    let chunked =
        header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let content_encoding = header("content-encoding").map(|v| v.to_ascii_lowercase());

    message.drain(..head_length);
    let mut body = message;
    let mut warnings = Vec::new();
    if chunked {
        match dechunk(&body) {
            Ok(joined) => body = joined,
            // Crawlers often store the body already de-chunked but keep the header.
            Err(reason) => warnings.push(format!(
                "Transfer-Encoding: chunked, but {reason}; body kept as stored"
            )),
        }
    }
    match content_encoding.as_deref() {
        None | Some("" | "identity") => {}
        Some(coding @ ("gzip" | "x-gzip" | "deflate")) => {
            if coding != "deflate" && !body.starts_with(&[0x1f, 0x8b]) {
                warnings.push(format!(
                    "Content-Encoding: {coding}, but the body is not gzip; body kept as stored"
                ));
            } else {
                body = decompress(coding, &body, max_body_bytes)?;
            }
        }
        Some(other) => return Err(format!("unsupported Content-Encoding: {other}")),
    }
    Ok(Response {
        status,
        media_type,
        charset,
        last_modified,
        language,
        body,
        warnings,
    })
}

/// Archivers that fetch over HTTP/2 or 3 write `HTTP/2 200`; httparse reads only HTTP/1.x
/// status lines, and the rest of the head has the same form, so the version is rewritten.
fn as_http_1(message: Vec<u8>) -> Vec<u8> {
    let version_length = message.iter().position(|&b| b == b' ').unwrap_or(0);
    let version = &message[..version_length];
    if version.starts_with(b"HTTP/2") || version.starts_with(b"HTTP/3") {
        [&b"HTTP/1.1"[..], &message[version_length..]].concat()
    } else {
        message
    }
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// RFC 7231 dates (`Tue, 15 Nov 1994 08:12:31 GMT`) as ISO 8601.
fn http_date_to_iso(value: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|date| crate::iso_8601(date.with_timezone(&chrono::Utc)))
}

/// Joins the chunks of a `Transfer-Encoding: chunked` body.
fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut joined = Vec::with_capacity(body.len());
    loop {
        let (size_line_length, size) = match httparse::parse_chunk_size(body) {
            Ok(httparse::Status::Complete(parsed)) => parsed,
            _ => return Err("a chunk size line is malformed".into()),
        };
        if size == 0 {
            return Ok(joined);
        }
        let data = &body[size_line_length..];
        let size = usize::try_from(size).map_err(|_| "a chunk size is too large".to_string())?;
        if data.len() < size {
            return Err("the last chunk is cut short".into());
        }
        joined.extend_from_slice(&data[..size]);
        body = &data[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
}

fn decompress(coding: &str, body: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let decoder: Box<dyn Read + '_> = match coding {
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(body)),
        _ => Box::new(flate2::read::MultiGzDecoder::new(body)),
    };
    crate::read_limited(decoder, limit)
        .map_err(|reason| format!("Content-Encoding: {coding}: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_charset_and_dates() {
        let message = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=\"Windows-1251\"\r\n\
            Last-Modified: Fri, 07 Jan 2022 10:15:00 GMT\r\nContent-Language: ru-RU, en\r\n\r\n<p>x</p>"
            .to_vec();
        let response = parse_response(message, 1000).unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.media_type.as_deref(), Some("text/html"));
        assert_eq!(response.charset.as_deref(), Some("Windows-1251"));
        assert_eq!(
            response.last_modified.as_deref(),
            Some("2022-01-07T10:15:00Z")
        );
        assert_eq!(response.language.as_deref(), Some("ru-RU"));
        assert_eq!(response.body, b"<p>x</p>");
    }

    #[test]
    fn http2_status_lines_and_missing_reasons() {
        for status_line in [
            "HTTP/2 200",
            "HTTP/2.0 200 OK",
            "HTTP/1.1 200",
            "HTTP/1.0 200 OK",
        ] {
            let message = format!("{status_line}\r\nContent-Type: text/html\r\n\r\n<p>x</p>");
            let response = parse_response(message.into_bytes(), 100).unwrap();
            assert_eq!(
                (response.status, response.body.as_slice()),
                (200, &b"<p>x</p>"[..])
            );
        }
    }

    #[test]
    fn chunked_body_is_joined() {
        let message = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>a\r\n\
            c;ext=1\r\nbc</p><p>def\r\n4\r\n</p>\r\n0\r\n\r\n"
            .to_vec();
        let response = parse_response(message, 1000).unwrap();
        assert_eq!(response.body, b"<p>abc</p><p>def</p>");
        assert!(response.warnings.is_empty());
    }

    #[test]
    fn stored_dechunked_body_is_kept_with_a_warning() {
        let message = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>plain</p>".to_vec();
        let response = parse_response(message, 1000).unwrap();
        assert_eq!(response.body, b"<p>plain</p>");
        assert_eq!(response.warnings.len(), 1);
    }

    #[test]
    fn gzip_body_is_decompressed_within_the_limit() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all("<p>gzipped</p>".repeat(100).as_bytes())
            .unwrap();
        let mut message = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        message.extend(encoder.finish().unwrap());
        let response = parse_response(message.clone(), 10_000).unwrap();
        assert_eq!(response.body.len(), 1400);
        let err = parse_response(message, 100).unwrap_err();
        assert!(err.contains("limit of 100 bytes"), "{err}");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_response(b"\x00\x01garbage".to_vec(), 100).is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Type: te".to_vec(), 100).is_err());
    }
}
