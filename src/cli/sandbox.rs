//! `zenbraze sandbox`: the offline Zendesk + Braze on loopback until Ctrl-C (or SIGTERM).

use std::io::Write as _;

use crate::net;
use crate::sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_BRAZE_KEY_NO_TRACK, DEMO_ZENDESK_TOKEN, Sandbox,
    SandboxConfig,
};

use super::SandboxArgs;

pub fn run(args: &SandboxArgs) -> i32 {
    let config = SandboxConfig {
        port: args.port,
        state_file: args.state.clone(),
        ..SandboxConfig::default()
    };
    net::block_on(async move {
        let sandbox = match Sandbox::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("zenbraze sandbox: {e}");
                return 2;
            }
        };
        let url = sandbox.base_url().to_owned();
        let state = match &args.state {
            Some(p) => format!("{} (saved after every change)", p.display()),
            None => "in memory (pass --state FILE to keep it)".to_owned(),
        };
        println!("zenbraze sandbox listening on {url}");
        println!("  Zendesk  {url}/api/v2");
        println!("           email {DEMO_ADMIN_EMAIL}  API token {DEMO_ZENDESK_TOKEN}");
        println!("  Braze    {url}");
        println!(
            "           REST key {DEMO_BRAZE_KEY}  (without users.track: {DEMO_BRAZE_KEY_NO_TRACK})"
        );
        println!("  State    {state}");
        println!(
            "  Control  GET {url}/__sandbox/state · POST {url}/__sandbox/reset · POST {url}/__sandbox/faults"
        );
        println!("Press Ctrl-C to stop.");
        let _ = std::io::stdout().flush();
        wait_for_stop().await;
        match sandbox.shutdown().await {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("zenbraze sandbox: {e}");
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
