// TEMPORARY diagnostic (to delete): per-kind anaphora recall/precision on GUM.
use dateline_coref::cluster_token_ranges;
use dateline_eval::coref::read_gum;
use std::collections::HashMap;

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let gold = std::fs::read_to_string(&path).unwrap();
    let docs = read_gum(&gold).unwrap();
    let mut stats: HashMap<String, [usize; 4]> = HashMap::new();
    let mut examples: HashMap<String, Vec<String>> = HashMap::new();
    for (input, clusters) in &docs {
        let doc = input.document();
        let pred = cluster_token_ranges(&doc, &input.gold_mentions);
        let mut gold_of = HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            for m in c {
                gold_of.insert(*m, i);
            }
        }
        let mut pred_of = HashMap::new();
        for (i, c) in pred.iter().enumerate() {
            for m in c {
                pred_of.insert(*m, i);
            }
        }
        let text = |m: &(usize, usize)| {
            input.words[m.0..m.1]
                .iter()
                .map(|w| w.form.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let kind = |m: &(usize, usize)| {
            let w = &input.words[m.0..m.1];
            if w.len() == 1 && w[0].upos == "PRON" {
                format!("PRON:{}", w[0].form.to_lowercase())
            } else if w.iter().any(|x| x.upos == "PROPN") {
                "NAME".to_string()
            } else {
                "NOM".to_string()
            }
        };
        for m in &input.gold_mentions {
            let k = kind(m);
            let k = if k.starts_with("PRON") {
                let p = k[5..].to_string();
                let g = match p.as_str() {
                    "he" | "him" | "his" | "himself" | "she" | "her" | "hers" | "herself" => {
                        "PRON3hs"
                    }
                    "it" | "its" | "itself" => "PRONit",
                    "they" | "them" | "their" | "themselves" => "PRONthey",
                    "i" | "me" | "my" | "we" | "us" | "our" | "you" | "your" => "PRON12",
                    _ => "PRONother",
                };
                g.to_string()
            } else {
                k
            };
            let g = gold_of[m];
            let gold_ante = clusters[g].iter().any(|a| a.0 < m.0);
            let p = pred_of.get(m).copied();
            let pred_antes: Vec<&(usize, usize)> = p
                .map(|p| pred[p].iter().filter(|a| a.0 < m.0).collect())
                .unwrap_or_default();
            let e = stats.entry(k.clone()).or_default();
            if gold_ante {
                e[0] += 1;
                if pred_antes.iter().any(|a| gold_of[a] == g) {
                    e[1] += 1;
                } else {
                    let ex = examples.entry(format!("MISS {k}")).or_default();
                    let prev = clusters[g].iter().filter(|a| a.0 < m.0).last().unwrap();
                    if ex.len() < 25 {
                        ex.push(format!("{} <- {} [{}]", text(m), text(prev), input.id));
                    }
                }
            }
            if !pred_antes.is_empty() {
                e[2] += 1;
                if pred_antes.iter().any(|a| gold_of[a] == g) {
                    e[3] += 1;
                } else {
                    let ex = examples.entry(k.clone()).or_default();
                    if ex.len() < 8 {
                        ex.push(format!(
                            "{} -> {} [{}]",
                            text(m),
                            text(pred_antes[pred_antes.len() - 1]),
                            input.id
                        ));
                    }
                }
            }
        }
    }
    let mut keys: Vec<_> = stats.keys().cloned().collect();
    keys.sort();
    for k in keys {
        let s = stats[&k];
        println!(
            "{k:10} gold-anaphoric {:5} found {:5} ({:.2}) | linked {:5} correct {:5} ({:.2})",
            s[0],
            s[1],
            s[1] as f64 / s[0].max(1) as f64,
            s[2],
            s[3],
            s[3] as f64 / s[2].max(1) as f64
        );
    }
    for (k, ex) in examples {
        println!("== wrong {k}");
        for e in ex {
            println!("   {e}");
        }
    }
}
