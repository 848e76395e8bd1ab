//! An exchange as a curl command to paste in a terminal. Secrets are never in it: the
//! credential is read from the same environment variables `zenbraze send` accepts.

use super::exchange::{Exchange, Service};

/// Where the exported command reads the Zendesk token from.
pub const ZENDESK_TOKEN_VAR: &str = "ZENBRAZE_ZENDESK_TOKEN";
/// Where the exported command reads the Braze key from.
pub const BRAZE_KEY_VAR: &str = "ZENBRAZE_BRAZE_KEY";

/// Headers curl sets itself or that would only add noise.
const SKIPPED: &[&str] = &["content-length", "user-agent", "host", "accept-encoding"];

/// `curl -sS -X 'POST' 'URL' -u 'email/token:'"$VAR" -H '…' --data-binary '…'`. Every value is
/// single-quoted (a `'` inside becomes `'\''`), so pasting it runs nothing but curl; only the
/// variable that holds the credential is expanded, and it is the shell's own value.
pub fn to_curl(exchange: &Exchange) -> String {
    let mut parts = vec![
        "curl -sS".to_owned(),
        format!("-X {}", quote(&exchange.method)),
        quote(&exchange.url),
    ];
    let var = match exchange.service {
        Service::Zendesk => ZENDESK_TOKEN_VAR,
        Service::Braze => BRAZE_KEY_VAR,
    };
    for (name, value) in &exchange.request_headers {
        let lower = name.to_ascii_lowercase();
        if SKIPPED.contains(&lower.as_str()) {
            continue;
        }
        if lower == "authorization" {
            if value.starts_with("Bearer ") {
                parts.push(format!("-H {}\"${var}\"", quote("Authorization: Bearer ")));
            } else if let Some(user) = basic_user(value) {
                // The user part was kept visible by the redactor: `email/token`.
                parts.push(format!("-u {}\"${var}\"", quote(&format!("{user}:"))));
            }
            continue;
        }
        parts.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    if !exchange.request_body.is_empty() {
        parts.push(format!("--data-binary {}", quote(&exchange.request_body)));
    }
    parts.join(" \\\n  ")
}

/// `Basic •••• (user:••••)` → `user`.
fn basic_user(masked: &str) -> Option<&str> {
    let inner = masked.split_once(" (")?.1.strip_suffix(')')?;
    inner.rsplit_once(':').map(|(user, _)| user)
}

/// Single-quoted for a POSIX shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::exchange::MASK;

    fn exchange(service: Service, auth: &str) -> Exchange {
        Exchange {
            service,
            operation: "x".into(),
            method: "POST".into(),
            url: "https://acme.zendesk.com/api/v2/tickets.json".into(),
            request_headers: vec![
                ("Authorization".into(), auth.into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            request_body: "{\"subject\": \"it's on fire\"}".into(),
            started_at: chrono::Utc::now(),
            attempts: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn basic_auth_reads_the_token_from_the_environment() {
        let c = to_curl(&exchange(
            Service::Zendesk,
            &format!("Basic {MASK} (admin@acme.test/token:{MASK})"),
        ));
        assert_eq!(
            c,
            "curl -sS \\\n  -X 'POST' \\\n  'https://acme.zendesk.com/api/v2/tickets.json' \\\n  -u 'admin@acme.test/token:'\"$ZENBRAZE_ZENDESK_TOKEN\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{\"subject\": \"it'\\''s on fire\"}'"
        );
        assert!(!c.contains(MASK));
    }

    #[test]
    fn bearer_auth_reads_the_key_from_the_environment() {
        let c = to_curl(&exchange(Service::Braze, &format!("Bearer {MASK}")));
        assert!(
            c.contains("-H 'Authorization: Bearer '\"$ZENBRAZE_BRAZE_KEY\""),
            "{c}"
        );
    }

    /// Every value an exchange can carry, hostile: pasted into bash, the command runs nothing
    /// but `curl`, and `curl` receives each value exactly.
    #[cfg(unix)]
    #[test]
    fn the_command_runs_in_bash_with_exact_values_and_nothing_else() {
        use std::os::unix::fs::PermissionsExt as _;
        let hostile = "$(touch PWNED) `touch PWNED` ' \" \\ \n end $HOME ${x} !! ; touch PWNED";
        let dir = std::env::temp_dir().join(format!(
            "zenbraze-curl-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        let recorder = dir.join("bin/curl");
        // Each argument, NUL-terminated, into args.bin.
        std::fs::write(
            &recorder,
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$RECORD\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&recorder, std::fs::Permissions::from_mode(0o755)).unwrap();
        let user = format!("a{hostile}@acme.test/token");
        let x = Exchange {
            service: Service::Zendesk,
            operation: "x".into(),
            method: "POST".into(),
            url: format!("https://acme.zendesk.com/api/v2/search.json?q={hostile}"),
            request_headers: vec![
                (
                    "Authorization".into(),
                    format!("Basic {MASK} ({user}:{MASK})"),
                ),
                ("X-Note".into(), hostile.into()),
            ],
            request_body: format!("{{\"subject\": \"{hostile}\"}}"),
            started_at: chrono::Utc::now(),
            attempts: vec![],
            warnings: vec![],
        };
        let script = dir.join("command.sh");
        std::fs::write(&script, to_curl(&x)).unwrap();
        let record = dir.join("args.bin");
        let path = format!(
            "{}:{}",
            dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let status = std::process::Command::new("bash")
            .arg(&script)
            .current_dir(&dir)
            .env("PATH", path)
            .env("RECORD", &record)
            .env(ZENDESK_TOKEN_VAR, "s3cr3t")
            .status()
            .unwrap();
        assert!(status.success());
        assert!(!dir.join("PWNED").exists(), "a command in a value ran");
        let bytes = std::fs::read(&record).unwrap();
        let args: Vec<String> = bytes
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8(a.to_vec()).unwrap())
            .collect();
        assert_eq!(
            args,
            [
                "-sS".to_owned(),
                "-X".into(),
                "POST".into(),
                x.url.clone(),
                "-u".into(),
                format!("{user}:s3cr3t"),
                "-H".into(),
                format!("X-Note: {hostile}"),
                "--data-binary".into(),
                x.request_body.clone(),
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
