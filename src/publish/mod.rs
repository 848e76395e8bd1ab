//! Publishing a webhook body to Braze as a Content Block: the campaign's body becomes the one
//! line `{{content_blocks.${name}}}`, pasted once, and zenbraze keeps the block itself. Like
//! setup: [`plan`] compares the template with what Braze holds (new, changed with a line diff,
//! unchanged, or changed in Braze by someone else since zenbraze last published it), [`apply`]
//! makes it so (a second run writes nothing; someone else's change is overwritten only when
//! forced), [`retire`] sets the block to draft (Braze has no delete) and [`verify`] lints the
//! block as Braze will render it. What zenbraze last published is kept per profile and block in
//! the [`Ledger`] (docs/braze-api.md#content-blocks).

pub mod diff;
pub mod ledger;
pub mod via_braze;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value as Json, json};
use sha2::{Digest as _, Sha256};

use crate::api::ApiError;
use crate::api::braze::{
    BlockState, BrazeClient, CONTENT_BLOCKS_PAGE, ContentBlockChange, NewContentBlock,
};
use crate::i18n::{Catalogue, Language, Message};
use crate::lint::{self, Report};
use crate::msg;
use crate::target::Target;
use crate::template::{self, Dialect, Environment, RenderContext, TemplateError};

pub use diff::{DiffLine, line_diff, whitespace_only};
pub use ledger::{Ledger, Published};

/// Nested blocks are fetched this deep (Braze renders blocks inside blocks, to a bounded depth).
const NESTED_DEPTH: usize = 3;
/// The description a block zenbraze creates carries.
const DESCRIPTION: &str = "Published by zenbraze";

/// The line the campaign's body becomes.
pub fn liquid_tag(name: &str) -> String {
    format!("{{{{content_blocks.${{{name}}}}}}}")
}

/// The hex SHA-256 of a body: how the ledger recognises what it published.
pub fn hash(body: &str) -> String {
    Sha256::digest(body.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Where the block stands against the template.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Braze has no block of this name: it will be created.
    New,
    /// Braze's block is the template.
    Unchanged,
    /// Braze's block is what zenbraze published last (or nothing was recorded and it is the
    /// template's predecessor): it will be updated.
    Changed,
    /// Braze's block differs from what zenbraze published last: someone else changed it.
    Drifted,
    /// Braze has a block of this name that zenbraze never published from this profile.
    NotOurs,
}

/// An API call as apply will make it (the key travels in a header that is never shown).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub body: Json,
}

impl Call {
    pub fn text(&self) -> String {
        format!(
            "{} {}\n{}",
            self.method,
            self.path,
            serde_json::to_string_pretty(&self.body).unwrap_or_default()
        )
    }
}

/// What apply would do for one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub status: Status,
    /// Braze's id for the block, when it exists.
    pub id: Option<String>,
    /// What Braze holds now.
    pub current: Option<String>,
    /// The template: what apply publishes.
    pub body: String,
    /// Changed: Braze → template. Drifted: what zenbraze published → Braze (their change).
    pub diff: Vec<DiffLine>,
    /// The block was retired (set to draft) by zenbraze: apply sets it active again.
    pub reactivate: bool,
    /// The calls apply makes (none when unchanged).
    pub calls: Vec<Call>,
}

impl Plan {
    /// Apply would write nothing.
    pub fn is_noop(&self) -> bool {
        self.calls.is_empty()
    }

    /// Apply refuses it without `--force`.
    pub fn needs_force(&self) -> bool {
        matches!(self.status, Status::Drifted | Status::NotOurs)
    }

    /// The headline: new, changed, unchanged, someone else's change.
    pub fn headline(&self) -> Message {
        let id = self.id.clone().unwrap_or_default();
        let name = self.name.as_str();
        match self.status {
            Status::New => msg!("publish-new", name = name),
            Status::Unchanged => msg!("publish-unchanged", name = name, id = id),
            Status::Changed => msg!("publish-changed", name = name, id = id),
            Status::Drifted => msg!("publish-drifted", name = name, id = id),
            Status::NotOurs => msg!("publish-not-ours", name = name, id = id),
        }
    }

    /// The plan in English (tests, logs); see [`Plan::text_in`].
    pub fn text(&self) -> String {
        self.text_in(Catalogue::get(Language::English))
    }

    /// The headline, the diff, what force means, and the exact calls.
    pub fn text_in(&self, i18n: &Catalogue) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", i18n.message(&self.headline()));
        if !self.diff.is_empty() {
            let head = match self.status {
                Status::Drifted => msg!("publish-diff-theirs"),
                Status::NotOurs => msg!("publish-diff-not-ours"),
                _ => msg!("publish-diff-ours"),
            };
            let _ = writeln!(out, "  {}", i18n.message(&head));
            for line in &self.diff {
                let _ = writeln!(out, "    {}", line.text());
            }
            if whitespace_only(&self.diff) {
                let _ = writeln!(out, "  {}", i18n.message(&msg!("publish-diff-whitespace")));
            }
        }
        if self.needs_force() {
            let _ = writeln!(out, "  {}", i18n.message(&msg!("publish-force-needed")));
        }
        if self.reactivate {
            let _ = writeln!(out, "  {}", i18n.message(&msg!("publish-reactivate")));
        }
        if self.calls.is_empty() {
            let _ = writeln!(out, "{}", i18n.message(&msg!("publish-nothing-to-change")));
        } else {
            let _ = writeln!(out, "{}", i18n.message(&msg!("publish-calls")));
            for call in &self.calls {
                for line in call.text().lines() {
                    let _ = writeln!(out, "    │ {line}");
                }
            }
        }
        out
    }
}

/// Why publishing stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishError {
    Api(ApiError),
    /// Someone else's change (or a block zenbraze did not publish) and no force.
    Refused(Box<Plan>),
    /// `--retire` of a block Braze does not have.
    NoSuchBlock {
        name: String,
    },
    /// The name Braze would refuse.
    BadName {
        name: String,
    },
}

impl crate::i18n::Localize for PublishError {
    fn message(&self) -> Message {
        match self {
            PublishError::Api(e) => e.message(),
            PublishError::Refused(plan) => {
                msg!("publish-refused", name = plan.name.as_str())
            }
            PublishError::NoSuchBlock { name } => msg!("publish-no-such-block", name = name),
            PublishError::BadName { name } => msg!("publish-bad-name", name = name),
        }
    }
}
crate::display_via_message!(PublishError);

impl From<ApiError> for PublishError {
    fn from(e: ApiError) -> Self {
        PublishError::Api(e)
    }
}

/// Braze's rule for a name: not blank, under 100 characters; and no `}` (the tag could not
/// name it).
pub fn check_name(name: &str) -> Result<(), PublishError> {
    if name.trim().is_empty() || name.chars().count() >= 100 || name.contains('}') {
        return Err(PublishError::BadName {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// The block of this name in Braze: its id and content.
async fn find(client: &BrazeClient, name: &str) -> Result<Option<(String, String)>, ApiError> {
    let rows = client
        .list_content_blocks(CONTENT_BLOCKS_PAGE)
        .await
        .result?;
    let Some(row) = rows.into_iter().find(|r| r.name == name) else {
        return Ok(None);
    };
    let info = client
        .content_block_info(&row.content_block_id)
        .await
        .result?;
    Ok(Some((row.content_block_id, info.content)))
}

/// What apply would do, reading Braze and comparing with the ledger's record.
pub async fn plan(
    client: &BrazeClient,
    name: &str,
    body: &str,
    record: Option<&Published>,
) -> Result<Plan, PublishError> {
    check_name(name)?;
    let found = find(client, name).await?;
    Ok(compare(name, body, found, record))
}

/// The plan for what Braze holds (`found`: id and content) and what was published last.
pub fn compare(
    name: &str,
    body: &str,
    found: Option<(String, String)>,
    record: Option<&Published>,
) -> Plan {
    let reactivate = record.is_some_and(|r| r.retired);
    let mut plan = Plan {
        name: name.to_owned(),
        status: Status::New,
        id: None,
        current: None,
        body: body.to_owned(),
        diff: Vec::new(),
        reactivate: false,
        calls: Vec::new(),
    };
    let Some((id, current)) = found else {
        plan.calls.push(Call {
            method: "POST",
            path: "/content_blocks/create".into(),
            body: json!({"name": name, "description": DESCRIPTION, "content": body, "state": "active"}),
        });
        return plan;
    };
    plan.id = Some(id.clone());
    let ours = record.filter(|r| r.content_block_id == id);
    plan.status = if current == body {
        Status::Unchanged
    } else {
        match ours {
            Some(r) if r.hash == hash(&current) => Status::Changed,
            Some(_) => Status::Drifted,
            None => Status::NotOurs,
        }
    };
    plan.diff = match (&plan.status, ours) {
        (Status::Drifted, Some(r)) => line_diff(&r.body, &current),
        (Status::Unchanged, _) => Vec::new(),
        _ => line_diff(&current, body),
    };
    plan.reactivate = reactivate && plan.status == Status::Unchanged;
    if plan.status != Status::Unchanged {
        plan.calls.push(Call {
            method: "POST",
            path: "/content_blocks/update".into(),
            body: json!({"content_block_id": id, "content": body, "state": "active"}),
        });
    } else if plan.reactivate {
        plan.calls.push(Call {
            method: "POST",
            path: "/content_blocks/update".into(),
            body: json!({"content_block_id": id, "state": "active"}),
        });
    }
    plan.current = Some(current);
    plan
}

/// What apply did: the plan it followed and the record to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub plan: Plan,
    pub record: Published,
    /// Calls made (0 when nothing changed).
    pub writes: usize,
}

/// Makes Braze's block the template. Someone else's change is overwritten only with `force`.
pub async fn apply(
    client: &BrazeClient,
    name: &str,
    body: &str,
    record: Option<&Published>,
    force: bool,
) -> Result<Applied, PublishError> {
    let plan = plan(client, name, body, record).await?;
    if plan.needs_force() && !force {
        return Err(PublishError::Refused(Box::new(plan)));
    }
    let mut writes = 0;
    let id = match (&plan.status, &plan.id) {
        (Status::New, _) | (_, None) => {
            let made = client
                .create_content_block(&NewContentBlock {
                    name: name.to_owned(),
                    description: Some(DESCRIPTION.to_owned()),
                    content: body.to_owned(),
                    state: Some(BlockState::Active),
                    tags: Vec::new(),
                })
                .await
                .result?;
            writes += 1;
            made.content_block_id
        }
        (Status::Unchanged, Some(id)) => {
            if plan.reactivate {
                client
                    .update_content_block(&ContentBlockChange {
                        content_block_id: id.clone(),
                        state: Some(BlockState::Active),
                        ..ContentBlockChange::default()
                    })
                    .await
                    .result?;
                writes += 1;
            }
            id.clone()
        }
        (_, Some(id)) => {
            client
                .update_content_block(&ContentBlockChange {
                    content_block_id: id.clone(),
                    content: Some(body.to_owned()),
                    state: Some(BlockState::Active),
                    ..ContentBlockChange::default()
                })
                .await
                .result?;
            writes += 1;
            id.clone()
        }
    };
    Ok(Applied {
        plan,
        record: Published {
            content_block_id: id,
            hash: hash(body),
            body: body.to_owned(),
            retired: false,
        },
        writes,
    })
}

/// Sets the block to draft (Braze has no delete). The record keeps its body, marked retired.
pub async fn retire(
    client: &BrazeClient,
    name: &str,
    record: Option<&Published>,
) -> Result<Published, PublishError> {
    check_name(name)?;
    let Some((id, current)) = find(client, name).await? else {
        return Err(PublishError::NoSuchBlock {
            name: name.to_owned(),
        });
    };
    client
        .update_content_block(&ContentBlockChange {
            content_block_id: id.clone(),
            state: Some(BlockState::Draft),
            ..ContentBlockChange::default()
        })
        .await
        .result?;
    let mut published = record.cloned().unwrap_or(Published {
        content_block_id: id.clone(),
        hash: hash(&current),
        body: current,
        retired: true,
    });
    published.content_block_id = id;
    published.retired = true;
    Ok(published)
}

/// The names `{{content_blocks.${…}}}` tags in `text` include.
pub fn included_blocks(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("content_blocks.${") {
        rest = &rest[at + "content_blocks.${".len()..];
        if let Some(end) = rest.find('}') {
            let name = rest[..end].trim().to_owned();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
            rest = &rest[end..];
        }
    }
    names
}

/// The blocks `name` needs to render, as Braze holds them: it and the blocks it includes,
/// [`NESTED_DEPTH`] deep. A block Braze does not have is left out (the render names it).
pub async fn fetch_blocks(
    client: &BrazeClient,
    name: &str,
) -> Result<BTreeMap<String, String>, ApiError> {
    let rows = client
        .list_content_blocks(CONTENT_BLOCKS_PAGE)
        .await
        .result?;
    let mut blocks = BTreeMap::new();
    let mut wanted = vec![name.to_owned()];
    for _ in 0..=NESTED_DEPTH {
        let mut next = Vec::new();
        for n in wanted {
            if blocks.contains_key(&n) {
                continue;
            }
            let Some(row) = rows.iter().find(|r| r.name == n) else {
                continue;
            };
            let info = client
                .content_block_info(&row.content_block_id)
                .await
                .result?;
            next.extend(included_blocks(&info.content));
            blocks.insert(n, info.content);
        }
        wanted = next;
    }
    Ok(blocks)
}

/// Lints `{{content_blocks.${name}}}` rendered with Braze's blocks for each user, as a Zendesk
/// ticket body (what the campaign sends).
pub fn lint_published(
    name: &str,
    blocks: &BTreeMap<String, String>,
    users: &[Json],
) -> Result<Report, TemplateError> {
    let context = RenderContext {
        content_blocks: blocks.clone(),
        ..RenderContext::default()
    };
    // A block Braze holds but that does not parse is the render's error, at the tag.
    let env = Environment::new()
        .with_context(&context)
        .unwrap_or_else(|_| Environment::new());
    let compiled = template::parse(&liquid_tag(name), Dialect::Braze)?;
    lint::lint_users(&compiled, &env, users, Target::ZendeskTicket)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &str, id: &str) -> Published {
        Published {
            content_block_id: id.into(),
            hash: hash(body),
            body: body.into(),
            retired: false,
        }
    }

    #[test]
    fn statuses_follow_braze_and_the_ledger() {
        let p = compare("b", "new", None, None);
        assert_eq!((p.status.clone(), p.calls.len()), (Status::New, 1));
        let found = || Some(("id1".to_owned(), "old".to_owned()));
        let p = compare("b", "old", found(), Some(&record("old", "id1")));
        assert_eq!((p.status.clone(), p.is_noop()), (Status::Unchanged, true));
        let p = compare("b", "new", found(), Some(&record("old", "id1")));
        assert_eq!(p.status, Status::Changed);
        assert_eq!(
            p.diff,
            vec![
                DiffLine::Removed("old".into()),
                DiffLine::Added("new".into())
            ]
        );
        // Braze holds something else than what zenbraze published: someone else's change.
        let p = compare("b", "new", found(), Some(&record("mine", "id1")));
        assert_eq!(p.status, Status::Drifted);
        assert!(p.needs_force());
        assert_eq!(
            p.diff,
            vec![
                DiffLine::Removed("mine".into()),
                DiffLine::Added("old".into())
            ]
        );
        let p = compare("b", "new", found(), None);
        assert_eq!(p.status, Status::NotOurs);
        // A retired block that is otherwise unchanged is set active again.
        let mut retired = record("old", "id1");
        retired.retired = true;
        let p = compare("b", "old", found(), Some(&retired));
        assert!(p.reactivate && p.calls.len() == 1);
    }

    #[test]
    fn included_blocks_are_found_and_names_checked() {
        assert_eq!(
            included_blocks(
                "a {{content_blocks.${x}}} {{ content_blocks.${ y } }} {{content_blocks.${x}}}"
            ),
            vec!["x", "y"]
        );
        assert!(check_name("ok_name").is_ok());
        assert!(check_name(&"n".repeat(100)).is_err());
        assert!(check_name(" ").is_err());
        assert!(check_name("a}b").is_err());
        assert_eq!(liquid_tag("t"), "{{content_blocks.${t}}}");
    }
}
