//! End-to-end reading of every input format, good and bad, from files written here.
//! Each failure case checks that the error names the file (and record or line) and that
//! the good documents around it still come out.

use dateline_read::{
    discover, read_bytes, read_path, Content, RawDocument, ReadError, ReadOptions,
};
use encoding_rs::{WINDOWS_1251, WINDOWS_1252};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read_all(path: &Path) -> Vec<Result<RawDocument, ReadError>> {
    read_path(path, &ReadOptions::default()).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn html(document: &RawDocument) -> &str {
    match &document.content {
        Content::Html(html) => html,
        Content::Text(text) => panic!("expected HTML, got text {text:?}"),
    }
}

fn text(document: &RawDocument) -> &str {
    match &document.content {
        Content::Text(text) => text,
        Content::Html(html) => panic!("expected text, got HTML {html:?}"),
    }
}

/// Splits results into documents and error messages (as displayed).
fn split(results: Vec<Result<RawDocument, ReadError>>) -> (Vec<RawDocument>, Vec<String>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(error.to_string()),
        }
    }
    (documents, errors)
}

#[test]
fn empty_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty.html", b"");
    let (documents, errors) = split(read_all(&path));
    assert!(documents.is_empty());
    assert_eq!(errors, vec![format!("{}: empty file", path.display())]);
}

#[test]
fn binary_garbage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let path = write(dir.path(), "photo.html", &garbage);
    let (documents, errors) = split(read_all(&path));
    assert!(documents.is_empty());
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("{}: binary content", path.display())),
        "{}",
        errors[0]
    );
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = b"<html><head><meta charset=\"utf-8\"></head><body><p>caf\xE9 ".to_vec();
    page.extend_from_slice("naïve</p></body></html>".as_bytes());
    let path = write(dir.path(), "bad-utf8.html", &page);
    let (documents, errors) = split(read_all(&path));
    assert!(errors.is_empty(), "{errors:?}");
    let document = &documents[0];
    assert!(html(document).contains("caf\u{FFFD} naïve"));
    assert_eq!(document.source.encoding.as_deref(), Some("utf-8 (meta)"));
    assert!(
        document.warnings[0].contains("invalid UTF-8"),
        "{:?}",
        document.warnings
    );
}

#[test]
fn a_page_over_the_limit_is_an_error_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>words and words</p>\n".repeat(200_000)
    );
    let path = write(dir.path(), "huge.html", big.as_bytes());
    let small = write(dir.path(), "small.html", b"<p>fits</p>");
    let options = ReadOptions {
        max_document_bytes: 1024 * 1024,
    };
    let (documents, errors) = split(read_path(&path, &options).collect());
    assert!(documents.is_empty());
    assert_eq!(
        errors,
        vec![format!(
            "{}: document larger than the limit of 1048576 bytes (max_document_bytes)",
            path.display()
        )]
    );
    assert_eq!(read_path(&small, &options).filter(Result::is_ok).count(), 1);

    // The limit applies after decompression too.
    let gz = write(dir.path(), "huge.html.gz", &gzip(big.as_bytes()));
    let (_, errors) = split(read_path(&gz, &options).collect());
    assert!(errors[0].contains("limit of 1048576 bytes"), "{errors:?}");
}

#[test]
fn gzipped_page_and_truncated_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><body>{}</body></html>",
        "<p>Almaty, Jan 7.</p>".repeat(500)
    );
    let compressed = gzip(page.as_bytes());
    let whole = write(dir.path(), "page.html.gz", &compressed);
    let (documents, errors) = split(read_all(&whole));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(html(&documents[0]), page);
    assert_eq!(documents[0].source.format, "html");

    // Names lie: gzip is found by its magic bytes, not by `.gz`.
    let unnamed = write(dir.path(), "page.txt", &compressed);
    assert_eq!(html(read_all(&unnamed)[0].as_ref().unwrap()), page);
    let not_gzip = write(dir.path(), "plain.html.gz", page.as_bytes());
    assert_eq!(html(read_all(&not_gzip)[0].as_ref().unwrap()), page);

    let cut = write(
        dir.path(),
        "cut.html.gz",
        &compressed[..compressed.len() / 2],
    );
    let (documents, errors) = split(read_all(&cut));
    assert!(
        documents.is_empty(),
        "a partial page must not pass as complete"
    );
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("{}: truncated or corrupt", cut.display())),
        "{}",
        errors[0]
    );
}

#[test]
fn plain_text_is_kept_verbatim_without_its_bom() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Kazakh president says\r\n\r\nALMATY, January 7. /TASS/. «Quoted» — text.\n";
    let path = write(
        dir.path(),
        "capture.txt",
        &[b"\xEF\xBB\xBF", body.as_bytes()].concat(),
    );
    let (documents, errors) = split(read_all(&path));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(text(&documents[0]), body);
    assert_eq!(documents[0].source.format, "text");
    assert_eq!(documents[0].source.encoding.as_deref(), Some("utf-8 (bom)"));
}

#[test]
fn utf16_page_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><body><p>Привет</p></body></html>";
    let mut bytes = vec![0xFE, 0xFF];
    for unit in page.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    let path = write(dir.path(), "utf16.htm", &bytes);
    let (documents, errors) = split(read_all(&path));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(html(&documents[0]), page);
    assert_eq!(
        documents[0].source.encoding.as_deref(),
        Some("utf-16be (bom)")
    );
}

#[test]
fn windows_1251_and_latin1_pages() {
    let dir = tempfile::tempdir().unwrap();
    let russian = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
        <title>Новости</title></head><body><p>Президент Казахстана заявил, что боевики не сложили оружие.</p></body></html>";
    let path = write(dir.path(), "ru.html", &WINDOWS_1251.encode(russian).0);
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(html(&documents[0]), russian);
    assert_eq!(
        documents[0].source.encoding.as_deref(),
        Some("windows-1251 (meta)")
    );

    let undeclared = "<html><body><p>Контртеррористическая операция продолжается в Алматы и других регионах страны, \
        сообщил президент.</p></body></html>";
    let path = write(
        dir.path(),
        "ru-undeclared.html",
        &WINDOWS_1251.encode(undeclared).0,
    );
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(html(&documents[0]), undeclared);
    assert_eq!(
        documents[0].source.encoding.as_deref(),
        Some("windows-1251 (detected)")
    );

    let french = "<html><head><meta charset=\"ISO-8859-1\"></head><body><p>Le président a déclaré à Genève : « ça suffit »</p></body></html>";
    let path = write(dir.path(), "fr.html", &WINDOWS_1252.encode(french).0);
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(html(&documents[0]), french);
    assert_eq!(
        documents[0].source.encoding.as_deref(),
        Some("windows-1252 (meta)")
    );
}

/// One WARC record with a correct Content-Length.
fn warc_record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2022-01-07T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn http_response(headers: &str, body: &[u8]) -> Vec<u8> {
    [format!("HTTP/1.1 200 OK\r\n{headers}\r\n").as_bytes(), body].concat()
}

fn response_record(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    warc_record(
        "response",
        uri,
        "application/http; msgtype=response",
        &http_response(headers, body),
    )
}

/// warcinfo, page 1, a request, a JPEG, a 404, page 2 (chunked, gzipped, windows-1251),
/// then page 3 cut short.
fn sample_warc_records() -> Vec<Vec<u8>> {
    let mut chunked_gzip = Vec::new();
    let page2 = WINDOWS_1251
        .encode("<html><body><p>Вторая страница</p></body></html>")
        .0;
    let compressed = gzip(&page2);
    for chunk in compressed.chunks(10) {
        chunked_gzip.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked_gzip.extend_from_slice(chunk);
        chunked_gzip.extend_from_slice(b"\r\n");
    }
    chunked_gzip.extend_from_slice(b"0\r\n\r\n");
    let truncated = response_record(
        "https://example.com/3",
        "Content-Type: text/html\r\n",
        b"<p>third page</p>",
    );
    vec![
        warc_record("warcinfo", "", "application/warc-fields", b"software: test\r\n"),
        response_record(
            "https://example.com/1",
            "Content-Type: text/html; charset=utf-8\r\nLast-Modified: Fri, 07 Jan 2022 09:30:00 GMT\r\n",
            "<html><body><p>First page — ok</p></body></html>".as_bytes(),
        ),
        warc_record("request", "https://example.com/2", "application/http; msgtype=request", b"GET /2 HTTP/1.1\r\n\r\n"),
        response_record("https://example.com/photo.jpg", "Content-Type: image/jpeg\r\n", b"\xFF\xD8\xFF\xE0binary"),
        warc_record(
            "response",
            "https://example.com/missing",
            "application/http; msgtype=response",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no</p>",
        ),
        response_record(
            "https://example.com/2",
            "Content-Type: text/html; charset=windows-1251\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked_gzip,
        ),
        truncated[..truncated.len() - 15].to_vec(),
    ]
}

fn check_sample_warc(path: &Path) {
    let (documents, errors) = split(read_all(path));
    assert_eq!(documents.len(), 2, "{errors:?}");
    assert_eq!(
        html(&documents[0]),
        "<html><body><p>First page — ok</p></body></html>"
    );
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://example.com/1")
    );
    assert_eq!(documents[0].source.record, Some(2));
    assert_eq!(documents[0].source.format, "warc");
    assert_eq!(
        documents[0].hints.date.as_deref(),
        Some("2022-01-07T09:30:00Z")
    );
    assert_eq!(
        documents[0].hints.fetched.as_deref(),
        Some("2022-01-07T12:00:00Z")
    );
    assert_eq!(
        html(&documents[1]),
        "<html><body><p>Вторая страница</p></body></html>"
    );
    assert_eq!(documents[1].source.record, Some(6));
    assert_eq!(
        documents[1].source.encoding.as_deref(),
        Some("windows-1251 (http)")
    );
    assert_eq!(
        documents[1].hints.date.as_deref(),
        Some("2022-01-07T12:00:00Z"),
        "WARC-Date is the fallback"
    );
    assert!(
        documents[1].warnings.is_empty(),
        "{:?}",
        documents[1].warnings
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{}#7: truncated", path.display())),
        "{}",
        errors[0]
    );
}

#[test]
fn warc_with_two_good_records_then_a_truncated_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc", &sample_warc_records().concat());
    check_sample_warc(&path);
}

#[test]
fn warc_gz_with_one_gzip_member_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let records = sample_warc_records();
    let (last, whole) = records.split_last().unwrap();
    let mut bytes: Vec<u8> = whole.iter().flat_map(|record| gzip(record)).collect();
    let last_member = gzip(last);
    bytes.extend_from_slice(&last_member);
    let path = write(dir.path(), "CC-NEWS-20220107.warc.gz", &bytes);
    check_sample_warc(&path);

    // A cut inside the last gzip member: the earlier records still come.
    let cut = write(
        dir.path(),
        "cut.warc.gz",
        &bytes[..bytes.len() - last_member.len() / 2],
    );
    let (documents, errors) = split(read_all(&cut));
    assert_eq!(documents.len(), 2);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{}#7: truncated", cut.display())),
        "{}",
        errors[0]
    );
}

#[test]
fn warc_garbage_between_records_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let good = response_record(
        "https://example.com/a",
        "Content-Type: text/html\r\n",
        b"<p>a</p>",
    );
    let bytes = [&good[..], b"this is not a record\r\n", &good].concat();
    let path = write(dir.path(), "messy.warc", &bytes);
    let (documents, errors) = split(read_all(&path));
    assert_eq!(documents.len(), 2, "{errors:?}");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!(
            "{}#2: expected a WARC record header",
            path.display()
        )),
        "{}",
        errors[0]
    );
    assert_eq!(documents[1].source.record, Some(3));
}

#[test]
fn warc_with_lf_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let block = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>lf</p>";
    let record = format!(
        "WARC/1.1\nWARC-Type: response\nWARC-Target-URI: <https://example.com/lf>\nContent-Length: {}\n\n",
        block.len()
    );
    let cut_by_crawler = record.replace("WARC/1.1\n", "WARC/1.1\nWARC-Truncated: length\n");
    let bytes = [
        record.as_bytes(),
        block,
        b"\n\n",
        cut_by_crawler.as_bytes(),
        block,
    ]
    .concat();
    let path = write(dir.path(), "lf.warc", &bytes);
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(documents.len(), 2);
    assert_eq!(html(&documents[1]), "<p>lf</p>");
    assert_eq!(
        documents[1].source.url.as_deref(),
        Some("https://example.com/lf")
    );
}

#[test]
fn warc_record_over_the_limit_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("<p>{}</p>", "long ".repeat(1000));
    let records = [
        response_record(
            "https://example.com/big",
            "Content-Type: text/html\r\n",
            big.as_bytes(),
        ),
        response_record(
            "https://example.com/small",
            "Content-Type: text/html\r\n",
            b"<p>small</p>",
        ),
    ];
    let path = write(dir.path(), "limits.warc", &records.concat());
    let options = ReadOptions {
        max_document_bytes: 1000,
    };
    let (documents, errors) = split(read_path(&path, &options).collect());
    assert_eq!(documents.len(), 1);
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://example.com/small")
    );
    assert_eq!(
        errors,
        vec![format!(
            "{}#1: document larger than the limit of 1000 bytes (max_document_bytes)",
            path.display()
        )]
    );
}

/// Reads `-` from real stdin: the test runs itself as a child with the input piped in.
#[test]
fn stdin_is_sniffed_like_a_file() {
    if std::env::var_os("DATELINE_READ_STDIN_CHILD").is_some() {
        for result in read_path(Path::new("-"), &ReadOptions::default()) {
            match result {
                Ok(document) => println!(
                    "document {} {}",
                    document.source.label(),
                    document.source.format
                ),
                Err(error) => println!("error {error}"),
            }
        }
        return;
    }
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "stdin_is_sniffed_like_a_file",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DATELINE_READ_STDIN_CHILD", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&gzip(RSS.as_bytes()))
        .unwrap();
    let output = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    assert!(
        output.contains("document -#1 rss\ndocument -#2 rss\n"),
        "{output}"
    );
}

#[test]
fn stdin_style_bytes_are_sniffed() {
    let records = sample_warc_records();
    let bytes: Vec<u8> = records[..2].concat();
    let documents: Vec<_> = read_bytes("-", gzip(&bytes), &ReadOptions::default()).collect();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].as_ref().unwrap().source.label(), "-#2");
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wire</title><link>https://wire.example/</link><description>News</description><language>en</language>
<item><title>First story</title><link>https://wire.example/1</link><pubDate>Fri, 07 Jan 2022 10:00:00 GMT</pubDate>
<dc:creator>Jane Roe</dc:creator><description>Short summary.</description>
<content:encoded><![CDATA[<p>ALMATY, January 7. Full story.</p>]]></content:encoded></item>
<item><title>Second&nbsp;story</title><link>https://wire.example/2</link><description>&lt;p&gt;Only a summary.&lt;/p&gt;</description></item>
</channel></rss>"#;

#[test]
fn rss_items_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "wire.xml", RSS.as_bytes());
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(documents.len(), 2);
    let first = &documents[0];
    assert_eq!(html(first), "<p>ALMATY, January 7. Full story.</p>");
    assert_eq!(first.source.format, "rss");
    assert_eq!(first.source.record, Some(1));
    assert_eq!(first.source.url.as_deref(), Some("https://wire.example/1"));
    assert_eq!(first.hints.date.as_deref(), Some("2022-01-07T10:00:00Z"));
    assert_eq!(first.hints.title.as_deref(), Some("First story"));
    assert_eq!(first.hints.summary.as_deref(), Some("Short summary."));
    assert_eq!(first.hints.authors, vec!["Jane Roe".to_string()]);
    assert_eq!(first.hints.language.as_deref(), Some("en"));
    assert_eq!(
        first.source.encoding.as_deref(),
        Some("utf-8 (xml declaration)")
    );
    assert_eq!(html(&documents[1]), "<p>Only a summary.</p>");
    assert_eq!(
        documents[1].hints.title.as_deref(),
        Some("Second\u{a0}story"),
        "HTML entity in a title"
    );
    assert_eq!(documents[1].source.record, Some(2));
}

#[test]
fn windows_1251_feed_with_its_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let feed = RSS
        .replace("encoding=\"UTF-8\"", "encoding=\"windows-1251\"")
        .replace("Full story.", "Полный текст.");
    let path = write(dir.path(), "ru.rss", &WINDOWS_1251.encode(&feed).0);
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(
        html(&documents[0]),
        "<p>ALMATY, January 7. Полный текст.</p>"
    );
    assert_eq!(
        documents[0].source.encoding.as_deref(),
        Some("windows-1251 (xml declaration)")
    );
}

#[test]
fn rss1_and_atom_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://wire.example/"><title>Wire</title><link>https://wire.example/</link><description>d</description></channel>
<item rdf:about="https://wire.example/r1"><title>RDF story</title><link>https://wire.example/r1</link><description>RDF summary</description></item>
</rdf:RDF>"#;
    let path = write(dir.path(), "wire.rdf", rdf.as_bytes());
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(documents.len(), 1);
    assert_eq!(html(&documents[0]), "RDF summary");
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://wire.example/r1")
    );

    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Fil</title><id>urn:fil</id><updated>2022-01-07T10:00:00Z</updated>
<entry><title>Premier</title><id>urn:1</id><link rel="alternate" href="https://fil.example/1"/>
<updated>2022-01-07T11:00:00Z</updated><published>2022-01-07T10:30:00+01:00</published><author><name>Jean Dupont</name></author>
<summary>Résumé</summary><content type="html">&lt;p&gt;Texte complet.&lt;/p&gt;</content></entry>
<entry><title>Second</title><id>urn:2</id><updated>2022-01-07T12:00:00Z</updated><content type="text">Juste du texte.</content></entry>
</feed>"#;
    // Named .txt: the content, not the name, says what it is.
    let path = write(dir.path(), "fil.txt", atom.as_bytes());
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0].source.format, "atom");
    assert_eq!(html(&documents[0]), "<p>Texte complet.</p>");
    assert_eq!(
        documents[0].hints.date.as_deref(),
        Some("2022-01-07T09:30:00Z")
    );
    assert_eq!(documents[0].hints.authors, vec!["Jean Dupont".to_string()]);
    assert_eq!(documents[0].hints.summary.as_deref(), Some("Résumé"));
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://fil.example/1")
    );
    assert_eq!(text(&documents[1]), "Juste du texte.");
    assert_eq!(documents[1].source.record, Some(2));
}

#[test]
fn json_feed_items_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
        "items": [{"id": "1", "url": "https://wire.example/j1", "title": "JSON story",
                   "content_html": "<p>Body.</p>", "date_published": "2022-01-07T10:00:00Z"}]}"#;
    let path = write(dir.path(), "feed.json", feed.as_bytes());
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    assert_eq!(documents.len(), 1);
    assert_eq!(html(&documents[0]), "<p>Body.</p>");
    assert_eq!(documents[0].source.format, "jsonfeed");
    assert_eq!(
        documents[0].source.encoding.as_deref(),
        Some("utf-8 (json)")
    );
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://wire.example/j1")
    );
    assert_eq!(
        documents[0].hints.date.as_deref(),
        Some("2022-01-07T10:00:00Z")
    );
}

#[test]
fn malformed_feed_item_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let broken = RSS.replace(
        "<item><title>Second&nbsp;story</title>",
        "<item><title>Broken</titel><description>x</description></item>\n<item><title>Second&nbsp;story</title>",
    );
    let path = write(dir.path(), "broken.rss", broken.as_bytes());
    let (documents, errors) = split(read_all(&path));
    assert_eq!(documents.len(), 2, "{errors:?}");
    assert_eq!(documents[0].hints.title.as_deref(), Some("First story"));
    assert_eq!(
        documents[1].hints.title.as_deref(),
        Some("Second\u{a0}story")
    );
    assert_eq!(documents[1].source.record, Some(3));
    assert!(documents[1].warnings[0].starts_with("item read on its own"));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!("{}#2: malformed feed item", path.display())),
        "{}",
        errors[0]
    );

    // Bare ampersands (even in the channel, which every item shares) are repaired.
    let bare = RSS
        .replace("<title>Wire</title>", "<title>Wire & Co</title>")
        .replace(
            "https://wire.example/1",
            "https://wire.example/?id=1&lang=en",
        );
    let path = write(dir.path(), "bare.rss", bare.as_bytes());
    let (documents, errors) = split(read_all(&path));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(documents.len(), 2);
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://wire.example/?id=1&lang=en")
    );
    assert_eq!(
        documents[0].warnings,
        vec!["malformed feed repaired before parsing: bare '&' escaped"]
    );

    let hopeless = write(
        dir.path(),
        "hopeless.xml",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</ti",
    );
    let (documents, errors) = split(read_all(&hopeless));
    assert!(documents.is_empty());
    assert!(
        errors[0].starts_with(&format!("{}: malformed feed", hopeless.display())),
        "{errors:?}"
    );
}

#[test]
fn jsonl_bad_lines_cost_only_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let lines = concat!(
        "\u{feff}",
        r#"{"url": "https://a.example/1", "html": "<p>one</p>", "date": "2022-01-07", "title": "One"}"#,
        "\n",
        "{not json}\n",
        r#"{"url": "https://a.example/3"}"#,
        "\n\n",
        r#"{"url": "https://a.example/5", "text": "five"}"#,
        "\n"
    );
    let path = write(dir.path(), "dump.jsonl", lines.as_bytes());
    let (documents, errors) = split(read_all(&path));
    assert_eq!(documents.len(), 2);
    assert_eq!(html(&documents[0]), "<p>one</p>");
    assert_eq!(documents[0].hints.date.as_deref(), Some("2022-01-07"));
    assert_eq!(documents[0].hints.title.as_deref(), Some("One"));
    assert_eq!(
        documents[0].source.url.as_deref(),
        Some("https://a.example/1")
    );
    assert_eq!(text(&documents[1]), "five");
    assert_eq!(documents[1].source.record, Some(5));
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0].starts_with(&format!("{}#2: not a JSON object", path.display())),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(&format!("{}#3: JSON object has neither", path.display())),
        "{}",
        errors[1]
    );
}

#[test]
fn pretty_printed_json_is_one_error_not_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "gold.json",
        b"{\n  \"url\": \"u\",\n  \"html\": \"<p>x</p>\"\n}\n",
    );
    let (documents, errors) = split(read_all(&path));
    assert!(documents.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{}#1: not JSONL", path.display())),
        "{}",
        errors[0]
    );
}

#[test]
fn jsonl_line_over_the_limit_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{{\"url\": \"u\", \"html\": \"{}\"}}\n", "x".repeat(5000));
    let lines = format!("{long}{{\"url\": \"v\", \"html\": \"<p>short</p>\"}}\n");
    let path = write(dir.path(), "dump.jsonl", lines.as_bytes());
    let (documents, errors) = split(
        read_path(
            &path,
            &ReadOptions {
                max_document_bytes: 1000,
            },
        )
        .collect(),
    );
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].source.record, Some(2));
    assert!(errors[0].starts_with(&format!(
        "{}#1: document larger than the limit of 1000",
        path.display()
    )));
}

#[test]
fn directories_are_walked_in_order_skipping_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b/2.html", b"<p>2</p>");
    write(root, "b/1.txt", b"one");
    write(root, "a.html", b"<p>a</p>");
    write(root, "b/c/deep.jsonl", b"{}\n");
    write(root, ".hidden.html", b"<p>h</p>");
    write(root, ".git/config", b"x");
    // A link to nowhere is an error inside the walk, which goes on past it.
    let dangling = root.join("b/broken-link.html");
    std::os::unix::fs::symlink(root.join("nowhere.html"), &dangling).unwrap();
    let missing = root.join("missing");
    let (files, errors) = discover(&[root.to_path_buf(), PathBuf::from("-"), missing.clone()]);
    let relative: Vec<_> = files
        .iter()
        .map(|file| {
            file.strip_prefix(root)
                .map_or(file.display().to_string(), |p| p.display().to_string())
        })
        .collect();
    assert_eq!(
        relative,
        vec!["a.html", "b/1.txt", "b/2.html", "b/c/deep.jsonl", "-"]
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    let named = |error: &dateline_read::ReadError, path: &Path| {
        error.to_string().starts_with(&path.display().to_string())
    };
    assert!(named(&errors[0], &dangling), "{}", errors[0]);
    assert!(named(&errors[1], &missing), "{}", errors[1]);
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let errors: Vec<_> = read_all(Path::new("/nonexistent/page.html"));
    let message = errors[0].as_ref().unwrap_err().to_string();
    assert!(message.starts_with("/nonexistent/page.html: "), "{message}");
    let directory = tempfile::tempdir().unwrap();
    let errors: Vec<_> = read_all(directory.path());
    let message = errors[0].as_ref().unwrap_err().to_string();
    assert!(
        message.starts_with(&format!("{}: read failed", directory.path().display())),
        "{message}"
    );
}

/// Bad input never panics: every sample format, cut and corrupted at many places.
#[test]
fn corrupted_inputs_never_panic() {
    let warc = sample_warc_records().concat();
    let jsonl = b"{\"url\": \"u\", \"html\": \"<p>x</p>\"}\n{\"text\": \"y\"}\n".to_vec();
    let samples = [
        gzip(&warc),
        warc,
        RSS.as_bytes().to_vec(),
        jsonl,
        gzip(b"<html><p>page</p></html>"),
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let options = ReadOptions {
        max_document_bytes: 4096,
    };
    for sample in &samples {
        for _ in 0..200 {
            let mut bytes = sample.clone();
            for _ in 0..1 + next(4) {
                let at = next(bytes.len());
                bytes[at] = next(256) as u8;
            }
            bytes.truncate(1 + next(bytes.len()));
            for result in read_bytes("fuzz", bytes, &options) {
                if let Err(error) = result {
                    assert!(error.to_string().starts_with("fuzz"), "{error}");
                }
            }
        }
    }
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

#[test]
fn seed_text_is_read_verbatim() {
    let path = shared().join("corpus/seed/tass-2022-01-07-kazakhstan.txt");
    let documents: Vec<_> = read_all(&path).into_iter().map(Result::unwrap).collect();
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text(&documents[0]),
        expected.strip_prefix('\u{feff}').unwrap_or(&expected)
    );
    assert_eq!(documents[0].source.format, "text");
}

#[test]
fn every_scrapinghub_page_reads_as_html() {
    let (files, errors) = discover(&[shared().join("corpus/extraction/scrapinghub/html")]);
    assert!(errors.is_empty());
    assert_eq!(files.len(), 136);
    for file in files {
        let documents: Vec<_> = read_all(&file);
        assert_eq!(documents.len(), 1);
        let document = documents[0].as_ref().unwrap_or_else(|err| panic!("{err}"));
        assert!(html(document).len() > 1000, "{}", file.display());
    }
}
