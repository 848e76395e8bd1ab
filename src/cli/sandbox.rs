//! `zenbraze sandbox`: the offline Zendesk + Braze on loopback until Ctrl-C (or SIGTERM).
//! What it prints comes from the catalogue (domain `sandbox`), in the language of the system.

use std::io::Write as _;

use crate::i18n::{Language, Localize, Message};
use crate::msg;
use crate::net;
use crate::sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_BRAZE_KEY_NO_TRACK, DEMO_ZENDESK_TOKEN, Sandbox,
    SandboxConfig,
};

use super::SandboxArgs;

pub fn run(args: &SandboxArgs) -> i32 {
    run_in(args, Language::from_os())
}

/// The same, printing in `language`.
pub fn run_in(args: &SandboxArgs, language: Language) -> i32 {
    let say = |m: Message| m.to_string_in(language);
    let config = SandboxConfig {
        port: args.port,
        state_file: args.state.clone(),
        ..SandboxConfig::default()
    };
    net::block_on(async move {
        let sandbox = match Sandbox::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}", say(msg!("sandbox-cli-error", error = e.message())));
                return 2;
            }
        };
        for repair in sandbox.repairs() {
            eprintln!(
                "{}",
                say(msg!("sandbox-cli-warning", warning = repair.message()))
            );
        }
        let url = sandbox.base_url().to_owned();
        let state = match &args.state {
            Some(p) => msg!("sandbox-cli-state-file", path = p.display().to_string()),
            None => msg!("sandbox-cli-state-memory"),
        };
        let lines = [
            msg!("sandbox-cli-listening", url = url.as_str()),
            msg!("sandbox-cli-zendesk", url = url.as_str()),
            msg!(
                "sandbox-cli-zendesk-login",
                email = DEMO_ADMIN_EMAIL,
                token = DEMO_ZENDESK_TOKEN
            ),
            msg!("sandbox-cli-braze", url = url.as_str()),
            msg!(
                "sandbox-cli-braze-keys",
                key = DEMO_BRAZE_KEY,
                key_no_track = DEMO_BRAZE_KEY_NO_TRACK
            ),
            state,
        ];
        // What the journal held, in the banner after the address (its first line): on stdout,
        // and on stderr (the log) too when lines had to be set aside.
        let journal = sandbox.journal_report().map(|report| {
            if report.set_aside.is_some() {
                eprintln!(
                    "{}",
                    say(msg!("sandbox-cli-warning", warning = report.message()))
                );
            }
            msg!("sandbox-cli-warning", warning = report.message())
        });
        let tail = [
            msg!("sandbox-cli-control", url = url.as_str()),
            msg!("sandbox-cli-stop"),
        ];
        for line in lines.into_iter().chain(journal).chain(tail) {
            println!("{}", say(line));
        }
        let _ = std::io::stdout().flush();
        wait_for_stop().await;
        match sandbox.shutdown().await {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("{}", say(msg!("sandbox-cli-error", error = e.message())));
                1
            }
        }
    })
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
