//! Prints the time expressions found in each MEANTIME-style JSONL document (debug aid).
fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: timex_dump FILE.jsonl");
    for line in std::fs::read_to_string(path).expect("readable").lines() {
        let doc: serde_json::Value = serde_json::from_str(line).expect("json");
        let text = doc["text"].as_str().unwrap_or_default();
        let dct = doc["dct"]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let found: Vec<_> = dateline_timex::find(text, dct)
            .into_iter()
            .map(|t| serde_json::json!({"span": t.span, "type": t.kind.as_str(), "value": t.value}))
            .collect();
        println!("{}", serde_json::json!({"id": doc["id"], "found": found}));
    }
}
