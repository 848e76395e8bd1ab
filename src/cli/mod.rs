//! The command line: `zenbraze` with no arguments opens the app; subcommands script the same
//! engine for CI pipelines.

pub mod input;
pub mod lint;
pub mod render;
pub mod sandbox;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::template::Dialect;

#[derive(Debug, Parser)]
#[command(
    name = "zenbraze",
    version,
    about = "Braze ⇄ Zendesk workbench: preview, lint and test webhook payloads"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a template exactly as Braze (or Zendesk) would send it
    Render(RenderArgs),
    /// Find what breaks the JSON or the API's rules, for every sample user
    Lint(LintArgs),
    /// Serve the offline sandbox: Zendesk and Braze on loopback, with demo credentials
    Sandbox(SandboxArgs),
}

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// The port to listen on (127.0.0.1); 0 picks a free one
    #[arg(long, default_value_t = crate::sandbox::DEFAULT_PORT)]
    pub port: u16,
    /// Keep the state in this file between runs (written atomically; a corrupt file is refused)
    #[arg(long)]
    pub state: Option<PathBuf>,
}

/// What a template is rendered for: the subjects and the shared context.
#[derive(Debug, clap::Args)]
pub struct Inputs {
    /// One sample user (a Braze user object as /users/export/ids returns it)
    #[arg(long, conflicts_with = "users")]
    pub user: Option<PathBuf>,
    /// Many users: a JSON array, an export response {"users": [...]}, or JSON Lines
    #[arg(long)]
    pub users: Option<PathBuf>,
    /// Render context: event_properties, content_blocks, connected_content mocks, ...
    #[arg(long)]
    pub context: Option<PathBuf>,
    /// Sample ticket for the zendesk dialect ({"ticket": {...}, "users": [...]})
    #[arg(long)]
    pub ticket: Option<PathBuf>,
    /// The time 'now' means (RFC 3339)
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The template file (`-` for standard input)
    pub template: PathBuf,
    /// braze, zendesk or liquid
    #[arg(long, default_value = "braze")]
    pub dialect: Dialect,
    #[command(flatten)]
    pub inputs: Inputs,
    /// Raw Liquid variables merged at the top level (a JSON object)
    #[arg(long)]
    pub globals: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// The template file (`-` for standard input)
    pub template: PathBuf,
    /// What the body is sent to: zendesk-ticket, braze-users-track or zendesk-webhook-body
    #[arg(long)]
    pub target: String,
    #[command(flatten)]
    pub inputs: Inputs,
    /// text (one finding per line) or json
    #[arg(long, default_value = "text")]
    pub format: String,
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> i32 {
    match command {
        Command::Render(args) => render::run(&args, &mut std::io::stdout(), &mut std::io::stderr()),
        Command::Lint(args) => lint::run(&args, &mut std::io::stdout(), &mut std::io::stderr()),
        Command::Sandbox(args) => sandbox::run(&args),
    }
}
