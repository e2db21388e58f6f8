//! Decoding HTML/text bytes to UTF-8: BOM, then the HTTP charset, then `<meta>` (or the
//! XML declaration), then detection; every choice is recorded with its reason.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use memchr::memmem;

/// Decoded text and how it was decoded.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    /// Encoding name and the reason it was chosen, e.g. `windows-1251 (meta)`.
    pub encoding: String,
    pub warnings: Vec<String>,
}

/// How far into a page `<meta charset>` is looked for (the HTML spec's prescan uses 1024
/// bytes; pages with long inline scripts in `<head>` put it later, so a bit more).
const PRESCAN_BYTES: usize = 4096;
/// How much is fed to the detector; it settles well within this.
const DETECT_BYTES: usize = 64 * 1024;

/// Decodes `bytes`, trusting `http_charset` (from a `Content-Type` header) after a BOM.
/// Fails only for content that is not text in any encoding.
pub(crate) fn decode(bytes: Vec<u8>, http_charset: Option<&str>) -> Result<Decoded, String> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(&bytes) {
        return Ok(decode_with(encoding, bytes, bom_length, "bom"));
    }
    check_text(&bytes)?;
    let declared = http_charset
        .and_then(|label| usable(label.as_bytes()).map(|e| (e, "http")))
        .or_else(|| prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]).map(|e| (e, "meta")));
    if let Some((encoding, why)) = declared {
        return Ok(decode_with(encoding, bytes, 0, why));
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            let encoding = "utf-8 (valid utf-8)".to_string();
            return Ok(Decoded {
                text,
                encoding,
                warnings: Vec::new(),
            });
        }
        Err(not_utf8) => not_utf8.into_bytes(),
    };
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(
        &bytes[..bytes.len().min(DETECT_BYTES)],
        bytes.len() <= DETECT_BYTES,
    );
    let guessed = detector.guess(None, Utf8Detection::Allow);
    Ok(decode_with(guessed, bytes, 0, "detected"))
}

/// Decodes with a chosen encoding, without copying when UTF-8 is already valid.
/// Malformed sequences become U+FFFD with a warning: a page is never lost to a bad byte.
fn decode_with(
    encoding: &'static Encoding,
    mut bytes: Vec<u8>,
    bom_length: usize,
    why: &str,
) -> Decoded {
    let label = format!("{} ({why})", encoding.name().to_ascii_lowercase());
    let mut warnings = Vec::new();
    if encoding == UTF_8 {
        bytes.drain(..bom_length);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let bytes = err.into_bytes();
                let valid = UTF_8.decode_without_bom_handling(&bytes).0.into_owned();
                warnings.push(format!(
                    "invalid UTF-8 in a page read as utf-8 ({why}): malformed bytes replaced with U+FFFD"
                ));
                valid
            }
        };
        return Decoded {
            text,
            encoding: label,
            warnings,
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
    if had_errors {
        warnings.push(format!(
            "bytes not valid in {} replaced with U+FFFD",
            encoding.name()
        ));
    }
    Decoded {
        text: text.into_owned(),
        encoding: label,
        warnings,
    }
}

/// An encoding a page may declare; UTF-16 declarations in a byte-oriented page are wrong
/// by construction and the HTML spec reads them as UTF-8, as it reads x-user-defined as
/// windows-1252.
fn usable(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label)?;
    Some(match encoding {
        e if e == UTF_16LE || e == UTF_16BE => UTF_8,
        e if e.name() == "x-user-defined" => WINDOWS_1252,
        e => e,
    })
}

/// Finds `encoding=` in an XML declaration or `charset=` in a `<meta>` tag (both
/// `<meta charset>` and the `http-equiv` form carry it).
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    if let Some(encoding) = xml_declared_encoding(head) {
        return Some(encoding);
    }
    let lower = head.to_ascii_lowercase();
    let mut rest = &lower[..];
    while let Some(at) = memmem::find(rest, b"<meta") {
        rest = &rest[at + b"<meta".len()..];
        let tag = &rest[..memmem::find(rest, b">").unwrap_or(rest.len())];
        if let Some(at) = memmem::find(tag, b"charset") {
            if let Some(encoding) = attribute_value(&tag[at + b"charset".len()..]).and_then(usable)
            {
                return Some(encoding);
            }
        }
    }
    None
}

/// The encoding named by `<?xml ... encoding="..."?>` at the start of `head`.
pub(crate) fn xml_declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let declaration = &head[..memmem::find(head, b"?>").unwrap_or(head.len()).min(200)];
    let declaration = declaration.to_ascii_lowercase();
    let at = memmem::find(&declaration, b"encoding")?;
    attribute_value(&declaration[at + b"encoding".len()..]).and_then(usable)
}

/// The value after `=` (quoted or not), from text just past an attribute name.
fn attribute_value(after_name: &[u8]) -> Option<&[u8]> {
    let rest = after_name
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// How much of the start decides whether content is text at all.
const BINARY_SAMPLE_BYTES: usize = 8 * 1024;

/// Rejects binary content (images, PDFs, compressed data, UTF-16 without a BOM): text in
/// any 8-bit encoding has almost no C0 control bytes besides tab, newline, form feed and
/// carriage return, while such data has about one in ten. A stray NUL in a page passes.
fn check_text(bytes: &[u8]) -> Result<(), String> {
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE_BYTES)];
    let controls = sample
        .iter()
        .filter(|&&b| {
            (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | 0x1b)) || b == 0x7f
        })
        .count();
    if controls * 100 > sample.len() * 2 {
        return Err(format!(
            "binary content ({controls} control bytes in the first {} bytes; not text in any encoding)",
            sample.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_2, WINDOWS_1251};

    fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn meta_charset_in_either_form() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>Привет, мир</body></html>";
        let decoded = decode(encode(WINDOWS_1251, page), None).unwrap();
        assert_eq!(decoded.text, page);
        assert_eq!(decoded.encoding, "windows-1251 (meta)");
        let page = "<meta charset='ISO-8859-2'><p>Zażółć gęślą jaźń</p>";
        let decoded = decode(encode(ISO_8859_2, page), None).unwrap();
        assert_eq!(decoded.text, page);
        assert_eq!(decoded.encoding, "iso-8859-2 (meta)");
    }

    #[test]
    fn http_charset_beats_meta_and_bom_beats_both() {
        let page = "<meta charset=utf-8><p>Café</p>";
        let decoded = decode(encode(WINDOWS_1252, page), Some("ISO-8859-1")).unwrap();
        assert_eq!(decoded.text, page);
        assert_eq!(decoded.encoding, "windows-1252 (http)");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("<meta charset=windows-1251><p>Café</p>".as_bytes());
        let decoded = decode(bytes, Some("koi8-r")).unwrap();
        assert_eq!(decoded.text, "<meta charset=windows-1251><p>Café</p>");
        assert_eq!(decoded.encoding, "utf-8 (bom)");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Привет".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(bytes, None).unwrap();
        assert_eq!(decoded.text, "Привет");
        assert_eq!(decoded.encoding, "utf-16le (bom)");
    }

    #[test]
    fn undeclared_pages_are_detected() {
        let text =
            "Президент Казахстана Касым-Жомарт Токаев заявил, что боевики не сложили оружие. \
                    Контртеррористическая операция продолжается в Алматы и других регионах страны.";
        let decoded = decode(encode(WINDOWS_1251, text), None).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, "windows-1251 (detected)");
        let text = "Le président a déclaré que la sécurité était rétablie à Almaty, où l'aéroport a rouvert.";
        let decoded = decode(encode(WINDOWS_1252, text), None).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, "windows-1252 (detected)");
        let decoded = decode("Ünïcödé".as_bytes().to_vec(), None).unwrap();
        assert_eq!(decoded.encoding, "utf-8 (valid utf-8)");
    }

    #[test]
    fn invalid_utf8_in_a_utf8_page_is_replaced_with_a_warning() {
        let mut bytes = b"<meta charset=\"utf-8\"><p>ok ".to_vec();
        bytes.extend_from_slice(&[0xC3, 0x28, 0xFF]);
        bytes.extend_from_slice(b" still here</p>");
        let decoded = decode(bytes, None).unwrap();
        assert!(
            decoded.text.contains("ok \u{FFFD}(\u{FFFD} still here"),
            "{}",
            decoded.text
        );
        assert_eq!(decoded.warnings.len(), 1);
        assert!(decoded.warnings[0].contains("invalid UTF-8"));
    }

    #[test]
    fn binary_is_refused_but_a_stray_nul_is_not() {
        let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode(binary, None)
            .unwrap_err()
            .starts_with("binary content"));
        let mut page = "<p>".repeat(200).into_bytes();
        page.push(0);
        assert!(decode(page, None).is_ok());
    }
}
