//! `bulletin completions`: a shell's completion script on stdout.

use anyhow::Result;
use clap_complete::Shell;

/// Print the completion script for a shell
///
/// For example `bulletin completions bash > /etc/bash_completion.d/bulletin`.
#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: Args, mut command: clap::Command) -> Result<()> {
    clap_complete::generate(args.shell, &mut command, "bulletin", &mut std::io::stdout());
    Ok(())
}
