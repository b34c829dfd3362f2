//! `bulletin search`: the browser engine's code path over the files of an index folder.

use anyhow::{Context, Result};
use bulletin_search::format::{self, MANIFEST_NAME};
use bulletin_search::query::Sort;
use bulletin_search::{Error, Index, SearchOptions};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use std::ffi::OsString;
use std::path::PathBuf;

/// Search an index with the browser engine's code
///
/// Prints ranked hits with snippets, or with --json a JSON array of hits (`id`, `title`, `issue`,
/// `date`, `section`, `url`, `score`, `snippet` and the highlighted ranges of title and snippet),
/// or with --response the whole answer as a JSON object: `total`, `hits`, `partial` (when no
/// item holds every word: the items that lack one, each naming it in `missing`), `expanded` (the
/// other names searched besides the query's), `suggestions` and the facet counts.
#[derive(clap::Args)]
pub struct Args {
    /// The index folder.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Hits to print.
    #[arg(long, value_name = "N", default_value_t = SearchOptions::default().limit)]
    limit: usize,
    /// Hits to skip (paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
    /// Print the hits as JSON.
    #[arg(long, conflicts_with = "response")]
    json: bool,
    /// Print the whole answer as a JSON object (hits, partial matches, the other names searched).
    #[arg(long)]
    response: bool,
    /// Only this section.
    #[arg(long, value_name = "S")]
    section: Option<String>,
    /// Only this issue.
    #[arg(long, value_name = "N")]
    issue: Option<u32>,
    /// Only issues dated on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Only issues dated on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// Result order (overrides `sort:` in the query).
    #[arg(long, value_parser = sort_parser())]
    sort: Option<Sort>,
    /// The query, its words joined by spaces (`-word` excludes a word, `"…"` is a phrase,
    /// `section:S` filters).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
}

/// `--sort`: the names of [`Sort`], listed in help and completions, read by its `FromStr`.
fn sort_parser() -> impl TypedValueParser<Value = Sort> {
    PossibleValuesParser::new(Sort::ALL.map(Sort::name)).try_map(|name| name.parse::<Sort>())
}

/// Put before a query word that starts with `-` ([`mark_query_words`]).
const MARK: char = '\u{e000}';

/// Marks the arguments of `bulletin search` that are query words starting with one `-` (`-快手`
/// excludes 快手), which clap would read as short flags: every argument that is not a flag, the
/// value of one, `-h` or after `--`. [`run`] removes the marks.
pub fn mark_query_words(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_none_or(|a| a != "search") {
        return args;
    }
    let command = <Args as clap::Args>::augment_args(clap::Command::new("search"));
    let takes_value = |flag: &str| {
        let name = flag.trim_start_matches('-');
        command.get_arguments().any(|a| a.get_long() == Some(name) && a.get_action().takes_values())
    };
    let mut value_next = false;
    for arg in args.iter_mut().skip(2) {
        let Some(text) = arg.to_str() else {
            value_next = false;
            continue;
        };
        if value_next {
            value_next = false;
        } else if text == "--" {
            break;
        } else if text.starts_with("--") {
            value_next = !text.contains('=') && takes_value(text);
        } else if text.starts_with('-') && text.len() > 1 && text != "-h" {
            *arg = format!("{MARK}{text}").into();
        }
    }
    args
}

pub fn run(args: Args) -> Result<()> {
    let dir = args.index.as_path();
    let words: Vec<&str> = args.query.iter().map(|w| w.strip_prefix(MARK).unwrap_or(w)).collect();
    let query = words.join(" ");
    let options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        section: args.section,
        issue: args.issue,
        from: args.from,
        to: args.to,
        sort: args.sort,
    };
    let index_context = || format!("index {}", dir.display());
    let manifest = std::fs::read(dir.join(MANIFEST_NAME))
        .with_context(|| format!("{}: cannot read index file", dir.join(MANIFEST_NAME).display()))?;
    let mut index = Index::open(&format::unpack(MANIFEST_NAME, manifest)?).with_context(index_context)?;
    // The engine's errors have no room for an I/O error: a file that cannot be read stops the
    // search as missing, and the I/O error is what is reported.
    let mut read_error = None;
    let response = index.run(&query, &options, |name| {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => format::unpack(name, bytes),
            Err(e) => {
                read_error = Some(anyhow::Error::new(e).context(format!("{}: cannot read index file", path.display())));
                Err(Error::MissingFile { file: name.to_string() })
            }
        }
    });
    let response = match response {
        Ok(response) => response,
        Err(e) => return Err(read_error.unwrap_or_else(|| anyhow::Error::new(e).context(index_context()))),
    };
    let mut out = String::new();
    if args.response {
        out = serde_json::to_string_pretty(&response)?;
        out.push('\n');
    } else if args.json {
        out = serde_json::to_string_pretty(&response.hits)?;
        out.push('\n');
    } else {
        use std::fmt::Write as _;
        let _ = writeln!(out, "{} results for {query}", response.total);
        if !response.expanded.is_empty() {
            let _ = writeln!(out, "also searched: {}", response.expanded.join(", "));
        }
        if !response.suggestions.is_empty() {
            let _ = writeln!(out, "did you mean: {}", response.suggestions.join(" | "));
        }
        let line =
            |h: &bulletin_search::Hit| format!("{}  [第{}期 {} {}] {}", h.title, h.issue, h.date, h.section, h.url);
        for (i, h) in response.hits.iter().enumerate() {
            let _ = writeln!(out, "{:>2}. {}", i + 1, line(h));
            let _ = writeln!(out, "    {}", h.snippet);
        }
        if !response.partial.is_empty() {
            let _ = writeln!(out, "no item holds every word; items that lack one:");
            for (i, p) in response.partial.iter().enumerate() {
                let _ = writeln!(out, "{:>2}. {}  (missing: {})", i + 1, line(&p.hit), p.missing);
                let _ = writeln!(out, "    {}", p.hit.snippet);
            }
        }
    }
    write_stdout(&out)
}

/// Writes to stdout; a reader that went away (`bulletin search … | head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
