//! The command line: `zenbraze` with no arguments opens the app; subcommands script the same
//! engine for CI pipelines.
//!
//! Every sentence it prints comes from the catalogue, in the language `--lang` names (by default
//! the locale's: `LC_ALL`, `LC_MESSAGES`, `LANG`), clap's help and argument errors included
//! (`help`). Machine formats (`--format json`, the JSON
//! lines of `render --users`) keep their stable ids and fields and add the localized text.

pub mod credentials;
pub mod help;
pub mod input;
pub mod lint;
pub mod preset;
pub mod publish;
pub mod render;
pub mod sandbox;
pub mod send;
pub mod setup;

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::{Parser, Subcommand};

use crate::i18n::{Catalogue, Language, Localize, Message};
use crate::template::Dialect;

#[derive(Debug, Parser)]
#[command(
    name = "zenbraze",
    version = crate::about::VERSION_LINE,
    about = "Braze ⇄ Zendesk workbench: preview, lint and test webhook payloads"
)]
pub struct Cli {
    /// The language of what zenbraze prints: en or es (default: the locale's)
    #[arg(long, global = true, value_parser = ["en", "es"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// `--lang`, else the locale's language.
    pub fn language(&self) -> Language {
        self.lang
            .as_deref()
            .map_or_else(Language::from_os, Language::from_locale)
    }
}

static LANGUAGE: OnceLock<Language> = OnceLock::new();

/// Sets the language of everything the subcommands print (once per process; the first wins).
pub fn set_language(language: Language) {
    let _ = LANGUAGE.set(language);
}

/// The catalogue the subcommands print with (English until [`set_language`]).
pub fn catalogue() -> &'static Catalogue {
    Catalogue::get(LANGUAGE.get().copied().unwrap_or_default())
}

/// A message in the CLI's language.
pub fn say(what: &impl Localize) -> String {
    catalogue().say(what)
}

/// `msg!` rendered in the CLI's language.
pub fn text(message: Message) -> String {
    catalogue().message(&message)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a template exactly as Braze (or Zendesk) would send it
    Render(RenderArgs),
    /// Find what breaks the JSON or the API's rules, for every sample user
    Lint(LintArgs),
    /// Serve the offline sandbox: Zendesk and Braze on loopback, with demo credentials
    Sandbox(SandboxArgs),
    /// Connection profiles and their secrets (kept in the OS keyring)
    Credentials(CredentialsArgs),
    /// Render, lint and send one payload with a profile's credentials
    Send(SendArgs),
    /// Create (or update, or remove) the Zendesk webhook and trigger that send a Braze event
    Setup(SetupArgs),
    /// Keep a webhook body in Braze as a Content Block: plan, apply, verify, retire
    Publish(PublishArgs),
    /// The presets the app starts with (templates and sample users), as files
    Preset {
        #[command(subcommand)]
        action: PresetAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum PresetAction {
    /// The presets' names and what each is linted as
    List,
    /// Print a preset, e.g. `zenbraze preset export seed-ticket > seed.liquid`
    Export { name: String },
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["plan", "apply", "remove", "verify"])))]
pub struct SetupArgs {
    /// The connection profile (`sandbox` is built in); both services are used
    #[arg(long)]
    pub profile: String,
    /// Names the webhook and the trigger: how later runs find them
    #[arg(long)]
    pub name: String,
    /// The Braze custom event, e.g. zendesk_ticket_solved
    #[arg(long, default_value = "zendesk_ticket_solved")]
    pub event: String,
    /// Statuses the ticket changes to: solved, closed, or both
    #[arg(long, default_value = "solved")]
    pub on: String,
    /// A webhook body of your own (Zendesk Liquid) instead of the standard event
    #[arg(long)]
    pub body: Option<PathBuf>,
    /// A trigger category, found by name or created
    #[arg(long)]
    pub category: Option<String>,
    /// Tags that stop the trigger (the loop guard: the tag Braze-created tickets carry)
    #[arg(long)]
    pub tag_guard: Option<String>,
    /// Only tickets with at least one of these tags
    #[arg(long)]
    pub require_tags: Option<String>,
    /// The business rule that calls the webhook: trigger (on the update) or automation (hours later)
    #[arg(long, default_value = "trigger")]
    pub rule: String,
    /// An automation's wait: it notifies Braze this many hours after the ticket is solved
    #[arg(long, default_value_t = crate::setup::DEFAULT_AFTER_HOURS)]
    pub after_hours: u32,
    /// An automation without its re-fire guard (the braze_notified tag it adds and excludes)
    #[arg(long)]
    pub no_refire_guard: bool,
    /// Test the status category instead of the status (an account with custom statuses)
    #[arg(long)]
    pub status_category: bool,
    /// Only tickets of this type: question, incident, problem, task
    #[arg(long = "type")]
    pub r#type: Option<String>,
    /// Only tickets of this priority: low, normal, high, urgent
    #[arg(long)]
    pub priority: Option<String>,
    /// Only on ticket creation (create) or later updates (change)
    #[arg(long)]
    pub update: Option<String>,
    /// The sample ticket --verify renders the body for
    #[arg(long)]
    pub ticket: Option<PathBuf>,
    /// Send the profile's Braze key to an existing webhook again (after rotating the key)
    #[arg(long)]
    pub resend_key: bool,
    /// Show the exact calls apply would make, and what exists
    #[arg(long)]
    pub plan: bool,
    /// Create or update; a second run changes nothing
    #[arg(long)]
    pub apply: bool,
    /// Delete the trigger and webhook apply created for this name
    #[arg(long)]
    pub remove: bool,
    /// Test the webhook with the body rendered for a sample ticket (on the sandbox, run the loop)
    #[arg(long)]
    pub verify: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["plan", "apply", "verify", "retire"])))]
pub struct PublishArgs {
    /// The template file (`-` for standard input): the body the block holds
    pub template: PathBuf,
    /// The connection profile (`sandbox` is built in); its Braze connection is used
    #[arg(long)]
    pub profile: String,
    /// The Content Block's name: the campaign includes it as {{content_blocks.${NAME}}}
    #[arg(long)]
    pub block: String,
    /// Show the exact calls, and whether the block is new, changed (with a diff) or unchanged
    #[arg(long)]
    pub plan: bool,
    /// Create or update the block; a second run changes nothing
    #[arg(long)]
    pub apply: bool,
    /// Lint the published block as Braze will render it, for the sample users
    #[arg(long)]
    pub verify: bool,
    /// Set the block to draft (Braze has no delete)
    #[arg(long)]
    pub retire: bool,
    /// Overwrite a change made in Braze since zenbraze last published
    #[arg(long)]
    pub force: bool,
    /// The sample users --verify renders for (default: the bundled ones)
    #[arg(long)]
    pub users: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CredentialsArgs {
    #[command(subcommand)]
    pub action: CredentialsAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ServiceArg {
    Zendesk,
    Braze,
}

#[derive(Debug, Subcommand)]
pub enum CredentialsAction {
    /// Save a connection; the token or key is read from standard input
    Set {
        profile: String,
        service: ServiceArg,
        /// Zendesk: `acme`, `acme.zendesk.com` or any URL on it
        #[arg(long)]
        subdomain: Option<String>,
        /// Zendesk or Braze: an explicit https URL (http only to this machine)
        #[arg(long)]
        url: Option<String>,
        /// Zendesk: the agent the API token belongs to
        #[arg(long)]
        email: Option<String>,
        /// Zendesk: the secret is an OAuth access token, not an API token
        #[arg(long)]
        oauth: bool,
        /// Braze: the instance, e.g. US-03 or EU-01
        #[arg(long)]
        instance: Option<String>,
    },
    /// List the profiles (secrets masked)
    List,
    /// Test a profile: exit 0 only when both services answer as a real account
    Test { profile: String },
    /// Delete a profile's connection and its secret (both services when none is named)
    Delete {
        profile: String,
        service: Option<ServiceArg>,
    },
}

#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// zendesk-ticket, braze-users-track or zendesk-webhook-body
    pub target: String,
    /// The template file (`-` for standard input)
    pub template: PathBuf,
    /// The connection profile (`sandbox` is built in)
    #[arg(long)]
    pub profile: String,
    /// The sample user (braze dialect targets)
    #[arg(long)]
    pub user: Option<PathBuf>,
    /// The sample ticket (zendesk-webhook-body)
    #[arg(long)]
    pub ticket: Option<PathBuf>,
    /// Render context: event_properties, content_blocks, connected_content mocks, ...
    #[arg(long)]
    pub context: Option<PathBuf>,
    /// The time 'now' means (RFC 3339)
    #[arg(long)]
    pub now: Option<String>,
    /// Send even when the linter finds errors
    #[arg(long)]
    pub force: bool,
    /// Also print the request as a curl command (the secret read from an environment variable)
    #[arg(long)]
    pub curl: bool,
    /// zendesk-ticket only: Braze renders and sends it (/messages/send) for the Braze user
    /// `--user EXTERNAL_ID`; the ticket it makes is compared with zenbraze's preview
    #[arg(long)]
    pub via_braze: bool,
    /// How long --via-braze waits for Braze's ticket, in seconds
    #[arg(long, default_value_t = 60)]
    pub wait: u64,
    /// With --via-braze: when Braze's ticket differs from the preview, write the test case
    /// (template, user, both outputs) to this file
    #[arg(long, requires = "via_braze")]
    pub export_case: Option<PathBuf>,
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
    /// Threads for --users (default: every core, or ZENBRAZE_THREADS; 1 renders in one thread)
    #[arg(long)]
    pub threads: Option<usize>,
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
    /// Threads for --users (default: every core, or ZENBRAZE_THREADS; 1 lints in one thread)
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> i32 {
    // A read-modify-write that waits on another zenbraze says so after a second.
    crate::durable::on_lock_wait(|path| {
        eprintln!(
            "zenbraze: {}",
            say(&crate::msg!(
                "cli-waiting-for-lock",
                path = path.display().to_string()
            ))
        );
    });
    match command {
        Command::Render(args) => {
            render::run(&args, &mut std::io::stdout().lock(), &mut std::io::stderr())
        }
        Command::Lint(args) => {
            lint::run(&args, &mut std::io::stdout().lock(), &mut std::io::stderr())
        }
        Command::Sandbox(args) => sandbox::run(&args),
        Command::Credentials(args) => credentials::run(&args.action),
        Command::Send(args) => send::run(&args),
        Command::Setup(args) => setup::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Preset { action } => {
            preset::run(&action, &mut std::io::stdout(), &mut std::io::stderr())
        }
    }
}
