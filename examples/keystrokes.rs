//! Types queries into an index on disk character by character, as the benchmark's warm pass does
//! in the browser, and prints per-keystroke times of the engine alone (native): a profiling aid.
//!
//!   cargo run --release --example keystrokes -- <INDEX DIR> [PASSES] <QUERY>...

use bulletin_search::{Index, SearchOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: keystrokes <INDEX DIR> [PASSES] <QUERY>...");
        std::process::exit(2);
    };
    let (passes, queries) = match args.get(1).and_then(|p| p.parse::<usize>().ok()) {
        Some(p) => (p, &args[2..]),
        None => (3, &args[1..]),
    };
    let read = |name: &str| {
        let bytes = std::fs::read(std::path::Path::new(dir).join(name)).expect("index file");
        bulletin_search::format::unpack(name, bytes).expect("index file unpacks")
    };
    let mut index = Index::open(&read("manifest.bin")).expect("manifest");
    let options = SearchOptions::default();
    let mut times = Vec::new();
    for pass in 0..=passes {
        for q in queries {
            let chars: Vec<char> = q.chars().collect();
            for i in 1..=chars.len() {
                let prefix: String = chars[..i].iter().collect();
                let started = Instant::now();
                index.run(&prefix, &options, |f| Ok(read(f))).expect("search");
                // The first pass fetches files: only warm passes count.
                if pass > 0 {
                    times.push((started.elapsed().as_secs_f64() * 1000.0, prefix));
                }
            }
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].0;
    println!("{} keystrokes: p50 {:.3} ms, p99 {:.3} ms", times.len(), at(0.5), at(0.99));
    for (ms, q) in times.iter().rev().take(8) {
        println!("  {ms:8.3} ms  {q}");
    }
}
