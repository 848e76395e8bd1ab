//! `zenbraze preset`: the presets the app starts with, as files for the CLI (`zenbraze preset
//! export seed-ticket > seed.liquid && zenbraze lint seed.liquid --target zendesk-ticket`).
//! Exit codes: 0 done, 2 an unknown name.

use std::io::Write;

use super::PresetAction;
use crate::msg;

/// A bundled preset: its name, what it is linted as (none for sample data), and its text.
pub struct Preset {
    pub name: &'static str,
    /// The catalogue key of its title, the name the app shows it under.
    pub title: &'static str,
    pub target: Option<&'static str>,
    pub text: &'static str,
}

/// The same files the app's first workspace is made of.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "seed-ticket",
        title: "preset-ticket-docs",
        target: Some("zendesk-ticket"),
        text: include_str!("../../assets/presets/seed-ticket.liquid"),
    },
    Preset {
        name: "ticket",
        title: "preset-ticket-corrected",
        target: Some("zendesk-ticket"),
        text: include_str!("../../assets/presets/ticket.liquid"),
    },
    Preset {
        name: "zendesk-solved-event",
        title: "preset-solved-event",
        target: Some("zendesk-webhook-body"),
        text: include_str!("../../assets/presets/zendesk-solved-event.liquid"),
    },
    Preset {
        name: "users",
        title: "preset-users",
        target: None,
        text: include_str!("../../assets/presets/users.json"),
    },
];

pub fn run(action: &PresetAction, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match action {
        PresetAction::List => {
            // The name is what `export` takes; the title, in the CLI's language, the app's name.
            for p in PRESETS {
                let title = super::catalogue().tr(p.title);
                let target = p.target.unwrap_or("users");
                let _ = writeln!(out, "{}\t{target}\t{title}", p.name);
            }
            0
        }
        PresetAction::Export { name } => match PRESETS.iter().find(|p| p.name == name) {
            Some(p) => {
                let _ = out.write_all(p.text.as_bytes());
                0
            }
            None => {
                let known: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
                let message = msg!(
                    "files-preset-unknown",
                    name = name,
                    known = known.join(", ")
                );
                let _ = writeln!(err, "zenbraze preset: {}", super::text(message));
                2
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_prints_the_preset_and_an_unknown_name_lists_the_known_ones() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let action = PresetAction::Export {
            name: "seed-ticket".into(),
        };
        assert_eq!(run(&action, &mut out, &mut err), 0);
        assert_eq!(out, PRESETS[0].text.as_bytes());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let action = PresetAction::Export {
            name: "nope".into(),
        };
        assert_eq!(run(&action, &mut out, &mut err), 2);
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.contains("`nope`") && err.contains("seed-ticket, ticket"),
            "{err}"
        );
    }
}
