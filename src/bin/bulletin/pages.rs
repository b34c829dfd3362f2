//! `bulletin pages`: one static HTML page per issue, the targets of the hits' `url`.

use crate::exports::{self, Inputs};
use crate::{folder, progress};
use anyhow::{Context, Result};
use bulletin_search::site;

/// Write one static HTML page per issue (the pages the hits' `url` points to)
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    io: Inputs,
}

pub fn run(args: Args) -> Result<()> {
    let Inputs { input, out, quiet } = args.io;
    let issues = exports::parse_inputs(&input, &out, quiet)?;
    std::fs::create_dir_all(&out).with_context(|| format!("{}: cannot create", out.display()))?;
    let bar = progress::bar("writing", issues.len(), quiet);
    for (issue, _) in &issues {
        folder::write_file(&out.join(site::issue_page_name(issue.number)), site::render_issue_page(issue).as_bytes())?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !quiet {
        println!("wrote {} issue pages to {}", issues.len(), out.display());
    }
    Ok(())
}
