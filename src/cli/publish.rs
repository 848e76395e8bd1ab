//! `zenbraze publish --profile P --block NAME TEMPLATE`: the body kept in Braze as a Content
//! Block. `--plan` shows the calls and whether the block is new, changed (with a line diff) or
//! unchanged, or was changed in Braze by someone else; `--apply` publishes (a second run writes
//! nothing; someone else's change only with `--force`) and prints, once, what to paste into the
//! campaign; `--verify` lints the published block as Braze renders it; `--retire` sets it to
//! draft. Exit codes: 0 done, 1 refused, failed or lint errors, 2 usage, file or keyring errors.

use super::PublishArgs;
use super::credentials::{CliStore, Failure, find_profile};
use super::input::{read_text, read_users};
use super::{catalogue, say, text};
use crate::api::ClientOptions;
use crate::i18n::Localize;
use crate::msg;
use crate::net;
use crate::publish::{self, Ledger, PublishError};
use crate::workspace::Workspace;

pub fn run(args: &PublishArgs) -> i32 {
    match execute(args) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("zenbraze publish: {}", say(&message));
            2
        }
    }
}

fn execute(args: &PublishArgs) -> Result<i32, Failure> {
    let name = args.block.as_str();
    publish::check_name(name).map_err(|e| Failure(e.message()))?;
    let profile = find_profile(&args.profile)?;
    let client = crate::connect::braze_client(&profile, &CliStore::new(), ClientOptions::default())
        .map_err(|e| Failure(e.message()))?;
    let ledger = Ledger::default_file();
    let record = match &ledger {
        Some(l) => l
            .get(&profile.name, name)
            .map_err(|e| Failure(e.message()))?,
        None => None,
    };
    let failed = |e: PublishError| {
        if let PublishError::Refused(plan) = &e {
            print!("{}", plan.text_in(catalogue()));
        }
        eprintln!("zenbraze publish: {}", say(&e));
        Ok(1)
    };
    if args.verify {
        let users = match &args.users {
            Some(path) => {
                read_users(path, crate::parallel::threads(None)).map_err(|e| Failure(e.0))?
            }
            None => Workspace::default().users,
        };
        let blocks = match net::block_on(publish::fetch_blocks(&client, name)) {
            Ok(b) => b,
            Err(e) => return failed(PublishError::Api(e)),
        };
        if !blocks.contains_key(name) {
            return failed(PublishError::NoSuchBlock {
                name: name.to_owned(),
            });
        }
        let report = match publish::lint_published(name, &blocks, &users) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}", super::lint::template_error(name, &e));
                return Ok(1);
            }
        };
        if report.groups.is_empty() && report.aborted.is_empty() {
            println!(
                "{}",
                text(msg!("publish-verify-ok", name = name, users = report.users))
            );
            return Ok(0);
        }
        println!("{}", text(msg!("publish-verify-errors", name = name)));
        print!("{}", super::lint::report_text(name, &report));
        return Ok(if report.has_errors() { 1 } else { 0 });
    }
    if args.retire {
        return match net::block_on(publish::retire(&client, name, record.as_ref())) {
            Ok(published) => {
                println!(
                    "{}",
                    text(msg!(
                        "publish-retired",
                        name = name,
                        id = published.content_block_id.as_str()
                    ))
                );
                Ok(record_it(ledger.as_ref(), &profile.name, name, &published))
            }
            Err(e) => failed(e),
        };
    }
    let body = read_text(&args.template).map_err(|e| Failure(e.0))?;
    if args.plan {
        return match net::block_on(publish::plan(&client, name, &body, record.as_ref())) {
            Ok(plan) => {
                print!("{}", plan.text_in(catalogue()));
                Ok(0)
            }
            Err(e) => failed(e),
        };
    }
    let applied = match net::block_on(publish::apply(
        &client,
        name,
        &body,
        record.as_ref(),
        args.force,
    )) {
        Ok(a) => a,
        Err(e) => return failed(e),
    };
    let id = applied.record.content_block_id.as_str();
    if applied.writes == 0 {
        println!(
            "{}",
            text(msg!("publish-applied-nothing", name = name, id = id))
        );
    } else {
        print!("{}", applied.plan.text_in(catalogue()));
        println!("{}", text(msg!("publish-applied", name = name, id = id)));
    }
    let code = record_it(ledger.as_ref(), &profile.name, name, &applied.record);
    // What the campaign holds: the one line, with the profile's Zendesk address and the
    // Authorization header's Liquid (never the token).
    let placeholder = text(msg!("wizard-token-placeholder"));
    if let Ok(settings) = crate::setup::composer::settings_with(
        &profile,
        &publish::liquid_tag(name),
        &[],
        &placeholder,
    ) {
        println!("{}", text(msg!("publish-paste-head")));
        print!("{}", settings.text_in(catalogue()));
    }
    Ok(code)
}

/// Writes the ledger; a failure is said, and the exit code says it.
fn record_it(
    ledger: Option<&Ledger>,
    profile: &str,
    name: &str,
    published: &publish::Published,
) -> i32 {
    let Some(ledger) = ledger else {
        return 0;
    };
    match ledger.put(profile, name, published) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "zenbraze publish: {}",
                say(&msg!("publish-ledger-failed", reason = e.message()))
            );
            1
        }
    }
}
