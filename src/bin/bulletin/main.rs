//! `bulletin`: build, search and check bulletin indexes.
//!
//! Each command is a module with its flags (`Args`) and its `run`; this file only parses the
//! command line and dispatches. What to build, reuse, keep or remove is decided by the library
//! (`bulletin_search::publish`); the commands read and write files, show progress and report.
//!
//! Exit status: 0 on success; 1 on a failure (bad exports, unreadable or damaged index files,
//! I/O errors), after `error: …` on stderr; 2 on a usage error (unknown flag, missing or
//! malformed value), after clap's message and usage on stderr.

mod build;
mod check;
mod completions;
mod exports;
mod folder;
mod gc;
mod pages;
mod progress;
mod search;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

/// Shown after `bulletin --help`: every command's flags at a glance, and the exit status.
const AFTER_HELP: &str = "\
Commands at a glance:
  bulletin build --input <DIR|FILE>... --out <DIR> [--quiet] [--cache <DIR> | --no-cache]
  bulletin search --index <DIR> [--limit N] [--offset N] [--json | --response] [--section S] [--issue N]
                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|date] <QUERY...>
  bulletin check <FILE|DIR>...
  bulletin pages --input <DIR|FILE>... --out <DIR> [--quiet]
  bulletin gc --index <DIR> [--keep N] [--quiet]
  bulletin completions <SHELL>

Exit status: 0 success; 1 failure (bad exports, unreadable or damaged index files, I/O), after
`error: ...` on stderr; 2 usage error (unknown flag, missing or malformed value).";

/// Full-text search for the weekly bulletin: build an index of the exports, search it, check
/// exports, write the issue pages, remove the files of old builds
#[derive(Parser)]
#[command(name = "bulletin", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(build::Args),
    Search(search::Args),
    Check(check::Args),
    Pages(pages::Args),
    Gc(gc::Args),
    Completions(completions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(search::mark_query_words(std::env::args_os().collect()));
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Search(args) => search::run(args),
        Command::Check(args) => check::run(args),
        Command::Pages(args) => pages::run(args),
        Command::Gc(args) => gc::run(args),
        Command::Completions(args) => completions::run(args, Cli::command()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
