//! The command line's own words in the CLI's language: `--help` (what each command and argument
//! is, the headings, the possible and default values) and the errors clap finds in the arguments,
//! from the catalogue (`clap.ftl`). The language is read from the arguments (`--lang es`) before
//! clap parses them, else from the locale, as for everything else the CLI prints.
//!
//! clap builds the command at run time: its texts are replaced after the derive made it, and its
//! errors are rendered here from their kind and context instead of clap's English sentences.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory as _, FromArgMatches as _};

use super::Cli;
use crate::i18n::{Catalogue, Language};
use crate::msg;

/// The language the arguments ask for (`--lang xx` or `--lang=xx`, the last one given), else
/// the locale's.
pub fn language_of(args: &[OsString]) -> Language {
    let mut found = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            found = it.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            found = Some(v.to_owned());
        }
    }
    found.map_or_else(Language::from_os, |v| Language::from_locale(&v))
}

/// What parsing printed instead of giving arguments: the help, the version, or an error.
#[derive(Debug)]
pub struct Printed {
    pub text: String,
    pub to_stderr: bool,
    /// The exit code: 0 after the help or the version, 2 after an error.
    pub code: i32,
}

/// The arguments, parsed with the help and errors in the language they ask for.
pub fn parse_from(args: &[OsString]) -> Result<Cli, Printed> {
    let catalogue = Catalogue::get(language_of(args));
    command(catalogue)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| printed(&e, catalogue))
}

/// The process's arguments, parsed; the help, the version or an error is printed and the
/// process exits, as clap's own `parse` does.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    match parse_from(&args) {
        Ok(cli) => cli,
        Err(p) => {
            if p.to_stderr {
                eprint!("{}", p.text);
            } else {
                print!("{}", p.text);
            }
            std::process::exit(p.code)
        }
    }
}

/// The command line with its texts in `catalogue`'s language.
pub fn command(catalogue: &'static Catalogue) -> clap::Command {
    let mut cmd = Cli::command();
    // Built first: the help and version flags, the help subcommand and the global `--lang` of
    // each subcommand exist only once clap has built the command.
    cmd.build();
    localize(cmd, "zenbraze", catalogue)
}

/// The first of `keys` the catalogue has.
fn lookup(catalogue: &Catalogue, keys: &[String]) -> Option<String> {
    keys.iter()
        .find(|k| catalogue.tr(k) != k.as_str())
        .map(|k| catalogue.tr(k).to_owned())
}

/// The catalogue keys a command's about is looked up under: its path (`zenbraze-preset-list`),
/// its path as the help subcommand lists it, and its bare name (the help subcommand's own).
fn about_keys(path: &str, name: &str) -> Vec<String> {
    vec![
        format!("clap-about-{path}"),
        format!("clap-about-{}", path.replace("-help-", "-")),
        format!("clap-about-{name}"),
    ]
}

fn localize(mut cmd: clap::Command, path: &str, catalogue: &'static Catalogue) -> clap::Command {
    let english = catalogue.language() == Language::English;
    if let Some(about) = lookup(catalogue, &about_keys(path, cmd.get_name())) {
        cmd = cmd.about(about).long_about(None);
    }
    let arg_path = path.replace("-help-", "-");
    cmd = cmd.mut_args(|mut arg| {
        let id = arg.get_id().as_str().to_owned();
        let keys = [
            format!("clap-arg-{arg_path}-{id}"),
            format!("clap-arg-{id}"),
        ];
        let mut help = lookup(catalogue, &keys)
            .or_else(|| arg.get_help().map(ToString::to_string))
            .unwrap_or_default();
        if !english {
            // clap's "[possible values: …]" and "[default: …]" are English: said here instead.
            let takes_values = arg.get_action().takes_values();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_owned())
                .collect();
            if takes_values && !arg.is_hide_possible_values_set() && !values.is_empty() {
                let text = msg!("clap-possible-values", values = values.join(", "));
                help = join(&help, &catalogue.message(&text));
                arg = arg.hide_possible_values(true);
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if takes_values && !arg.is_hide_default_value_set() && !defaults.is_empty() {
                let text = msg!("clap-default-value", value = defaults.join(", "));
                help = join(&help, &catalogue.message(&text));
                arg = arg.hide_default_value(true);
            }
            let heading = if arg.is_positional() {
                "clap-heading-arguments"
            } else {
                "clap-heading-options"
            };
            arg = arg.help_heading(catalogue.tr(heading));
        }
        arg.help(help).long_help(None)
    });
    if !english {
        cmd = cmd
            .help_template(format!(
                "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
                catalogue.tr("clap-heading-usage")
            ))
            .subcommand_help_heading(catalogue.tr("clap-heading-commands"))
            .subcommand_value_name(catalogue.tr("clap-value-command"));
    }
    let path = path.to_owned();
    cmd.mut_subcommands(|sub| {
        let sub_path = format!("{path}-{}", sub.get_name());
        localize(sub, &sub_path, catalogue)
    })
}

fn join(help: &str, more: &str) -> String {
    if help.is_empty() {
        more.to_owned()
    } else {
        format!("{help} {more}")
    }
}

/// clap's usage line in the catalogue's words ("Usage:", "[OPTIONS]").
fn usage_words(text: &str, catalogue: &Catalogue) -> String {
    if catalogue.language() == Language::English {
        return text.to_owned();
    }
    text.replace("Usage:", catalogue.tr("clap-heading-usage"))
        .replace("[OPTIONS]", catalogue.tr("clap-usage-options"))
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What to print for clap's `e`: the help or version as clap renders them (from the localized
/// command), or the error in the catalogue's words with the usage line and where to look next.
fn printed(e: &clap::Error, catalogue: &Catalogue) -> Printed {
    let kind = e.kind();
    if matches!(
        kind,
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return Printed {
            text: usage_words(&e.render().to_string(), catalogue),
            to_stderr: e.use_stderr(),
            code: e.exit_code(),
        };
    }
    let get = |k| context(e, k).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let mut lines = vec![];
    let message = match kind {
        ErrorKind::UnknownArgument => msg!("clap-error-unknown-argument", arg = arg.clone()),
        ErrorKind::InvalidSubcommand => msg!(
            "clap-error-unknown-command",
            command = get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::NoEquals => {
            let value = get(ContextKind::InvalidValue);
            if value.is_empty() && kind != ErrorKind::ValueValidation {
                msg!("clap-error-no-value", arg = arg.clone())
            } else {
                msg!("clap-error-invalid-value", value = value, arg = arg.clone())
            }
        }
        ErrorKind::MissingRequiredArgument => {
            msg!("clap-error-missing-required", args = arg.clone())
        }
        ErrorKind::MissingSubcommand => msg!(
            "clap-error-missing-command",
            command = get(ContextKind::InvalidSubcommand),
            commands = get(ContextKind::ValidSubcommand)
        ),
        ErrorKind::ArgumentConflict => msg!(
            "clap-error-conflict",
            arg = arg.clone(),
            other = get(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => msg!(
            "clap-error-too-many-values",
            arg = arg.clone(),
            value = get(ContextKind::InvalidValue)
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            msg!("clap-error-no-value", arg = arg.clone())
        }
        ErrorKind::InvalidUtf8 => msg!("clap-error-not-utf8"),
        _ => msg!("clap-error-other"),
    };
    lines.push(catalogue.message(&msg!("clap-error", message = message)));
    if let Some(values) = context(e, ContextKind::ValidValue) {
        lines.push(format!(
            "  {}",
            catalogue.message(&msg!("clap-error-possible-values", values = values))
        ));
    }
    for suggested in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(suggestion) = context(e, suggested) {
            lines.push(format!(
                "  {}",
                catalogue.message(&msg!("clap-error-tip-similar", suggestion = suggestion))
            ));
        }
    }
    if matches!(
        e.get(ContextKind::TrailingArg),
        Some(ContextValue::Bool(true))
    ) {
        lines.push(format!(
            "  {}",
            catalogue.message(&msg!("clap-error-tip-escape", arg = arg))
        ));
    }
    let mut text = lines.join("\n");
    if let Some(usage) = context(e, ContextKind::Usage) {
        text.push_str("\n\n");
        text.push_str(&usage_words(usage.trim(), catalogue));
    }
    text.push_str("\n\n");
    text.push_str(catalogue.tr("clap-error-more-info"));
    text.push('\n');
    Printed {
        text,
        to_stderr: true,
        code: 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key, command by command, that `localize` would look up and the catalogue lacks.
    fn missing(cmd: &clap::Command, path: &str, catalogue: &Catalogue, out: &mut Vec<String>) {
        if cmd.get_name() != "help"
            && lookup(catalogue, &about_keys(path, cmd.get_name())).is_none()
        {
            out.push(format!("clap-about-{path}"));
        }
        let arg_path = path.replace("-help-", "-");
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            let keys = [
                format!("clap-arg-{arg_path}-{id}"),
                format!("clap-arg-{id}"),
            ];
            if lookup(catalogue, &keys).is_none() {
                out.push(keys[0].clone());
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_name() != "help" {
                missing(sub, &format!("{path}-{}", sub.get_name()), catalogue, out);
            }
        }
    }

    #[test]
    fn every_command_and_argument_is_said_in_both_languages() {
        for language in [Language::English, Language::Spanish] {
            let mut cmd = Cli::command();
            cmd.build();
            let mut out = Vec::new();
            missing(&cmd, "zenbraze", Catalogue::get(language), &mut out);
            assert!(
                out.is_empty(),
                "{language:?} clap.ftl lacks:\n{}",
                out.join("\n")
            );
        }
    }
}
