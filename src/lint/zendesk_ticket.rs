//! Rules of `POST /api/v2/tickets.json` (see docs/zendesk-api.md#tickets).

use super::json::{Json, Spanned};
use super::rules::Rule;
use super::{Finding, Locator, Severity, literal_in_template};
use crate::msg;

const TYPES: &[&str] = &["problem", "incident", "question", "task"];
const PRIORITIES: &[&str] = &["urgent", "high", "normal", "low"];
const STATUSES: &[&str] = &["new", "open", "pending", "hold", "solved", "closed"];

/// Fields Zendesk's ticket create accepts; anything else is silently dropped.
const KNOWN_FIELDS: &[&str] = &[
    "subject",
    "raw_subject",
    "comment",
    "requester_id",
    "requester",
    "submitter_id",
    "assignee_id",
    "assignee_email",
    "group_id",
    "organization_id",
    "collaborator_ids",
    "collaborators",
    "email_ccs",
    "email_cc_ids",
    "followers",
    "follower_ids",
    "type",
    "priority",
    "status",
    "tags",
    "custom_fields",
    "fields",
    "external_id",
    "due_at",
    "problem_id",
    "via",
    "recipient",
    "brand_id",
    "ticket_form_id",
    "custom_status_id",
    "sharing_agreement_ids",
    "macro_ids",
    "safe_update",
    "updated_stamp",
    "metadata",
    "is_public",
    "via_followup_source_id",
    "attribute_value_ids",
    "description",
];

pub(crate) fn check(root: &Spanned, loc: &Locator<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(ticket) = root.get("ticket") else {
        out.push(loc.finding(
            Severity::Error,
            Rule::ZendeskTicketWrapper,
            root.span.start..root.span.start + 1,
            msg!("lint-ticket-wrapper"),
            Some(msg!("lint-fix-ticket-wrapper")),
        ));
        return out;
    };
    let Json::Object(fields) = &ticket.value else {
        out.push(loc.finding(
            Severity::Error,
            Rule::ZendeskTicketWrapper,
            ticket.span.clone(),
            msg!("lint-ticket-not-object", kind = ticket.kind()),
            None,
        ));
        return out;
    };

    comment(ticket, loc, &mut out);
    for (field, allowed) in [
        ("type", TYPES),
        ("priority", PRIORITIES),
        ("status", STATUSES),
    ] {
        if let Some(v) = ticket.get(field) {
            enumeration(field, v, allowed, loc, &mut out);
        }
    }
    if let Some(v) = ticket.get("requester_id") {
        requester_id(v, loc, &mut out);
    }
    if let Some(v) = ticket.get("requester") {
        requester(v, loc, &mut out);
    }
    if let Some(v) = ticket.get("tags") {
        let ok =
            matches!(&v.value, Json::Array(items) if items.iter().all(|t| t.as_str().is_some()));
        if !ok {
            out.push(loc.finding(
                Severity::Error,
                Rule::ZendeskTicketTags,
                v.span.clone(),
                msg!("lint-ticket-tags"),
                None,
            ));
        }
    }
    if let Some(v) = ticket.get("custom_fields") {
        custom_fields(v, loc, &mut out);
    }
    for (key, v) in fields {
        if !KNOWN_FIELDS.contains(&key.as_str()) {
            out.push(loc.finding(
                Severity::Warning,
                Rule::ZendeskTicketUnknownField,
                v.span.clone(),
                msg!("lint-ticket-unknown-field", field = key),
                None,
            ));
        }
    }
    out
}

fn comment(ticket: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let Some(comment) = ticket.get("comment") else {
        out.push(loc.finding(
            Severity::Error,
            Rule::ZendeskTicketComment,
            ticket.span.start..ticket.span.start + 1,
            msg!("lint-ticket-no-comment"),
            None,
        ));
        return;
    };
    let body = comment.get("body").or_else(|| comment.get("html_body"));
    match body {
        None => out.push(loc.finding(
            Severity::Error,
            Rule::ZendeskTicketComment,
            comment.span.clone(),
            msg!("lint-ticket-comment-no-body"),
            None,
        )),
        Some(b) if b.as_str().is_some_and(|s| s.trim().is_empty()) => out.push(loc.finding(
            Severity::Error,
            Rule::ZendeskTicketComment,
            b.span.clone(),
            msg!("lint-ticket-comment-empty"),
            None,
        )),
        Some(b) if b.as_str().is_none() => out.push(loc.finding(
            Severity::Error,
            Rule::ZendeskTicketComment,
            b.span.clone(),
            msg!("lint-ticket-comment-not-string", kind = b.kind()),
            None,
        )),
        Some(_) => {}
    }
}

fn enumeration(
    field: &str,
    v: &Spanned,
    allowed: &[&str],
    loc: &Locator<'_>,
    out: &mut Vec<Finding>,
) {
    let rule = Rule::ZendeskTicketEnum;
    let list = allowed.join(", ");
    let Some(s) = v.as_str() else {
        out.push(loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!(
                "lint-ticket-enum-kind",
                field = field,
                choices = &list,
                kind = v.kind()
            ),
            None,
        ));
        return;
    };
    if allowed.contains(&s) {
        return;
    }
    // Point at the literal where the template writes the value, when it does.
    let at = |f: Finding| match literal_in_template(loc.template, s) {
        Some(offset) if !s.is_empty() => Finding {
            offset: offset + 1,
            ..f
        },
        _ => f,
    };
    let lower = s.to_lowercase();
    let finding = if allowed.contains(&lower.as_str()) {
        loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!("lint-ticket-enum-case", field = field, value = s),
            Some(msg!("lint-fix-use", value = &lower)),
        )
    } else if s.contains('/') && s.split('/').all(|p| allowed.contains(&p.trim())) {
        loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!(
                "lint-ticket-enum-choices",
                value = s,
                field = field,
                choices = &list
            ),
            Some(msg!(
                "lint-fix-keep-one",
                value = s.split('/').next().unwrap_or("").trim()
            )),
        )
    } else if s.is_empty() {
        loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!("lint-ticket-enum-empty", field = field, choices = &list),
            None,
        )
    } else {
        loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!(
                "lint-ticket-enum-unknown",
                value = s,
                field = field,
                choices = &list
            ),
            None,
        )
    };
    out.push(at(finding));
}

fn requester_id(v: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::ZendeskTicketRequesterId;
    match &v.value {
        Json::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => {}
        Json::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            out.push(loc.finding(
                Severity::Warning,
                rule,
                v.span.clone(),
                msg!("lint-ticket-requester-id-quoted"),
                Some(msg!("lint-fix-unquote-id")),
            ));
        }
        _ => {
            let shown = match &v.value {
                Json::String(s) => msg!("lint-quoted", text = s),
                _ => v.kind(),
            };
            out.push(loc.finding(
                Severity::Error,
                rule,
                v.span.clone(),
                msg!("lint-ticket-requester-id", value = shown),
                Some(msg!("lint-fix-requester-object")),
            ));
        }
    }
}

fn requester(v: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::ZendeskTicketRequester;
    if !matches!(v.value, Json::Object(_)) {
        out.push(loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!("lint-ticket-requester-kind", kind = v.kind()),
            None,
        ));
        return;
    }
    let text = |k: &str| {
        v.get(k)
            .map(|x| (x, x.as_str().map(str::trim).unwrap_or("")))
    };
    let name = text("name");
    let email = text("email");
    let empty = |f: &Option<(&Spanned, &str)>| f.is_none_or(|(_, s)| s.is_empty());
    if empty(&name) && empty(&email) {
        out.push(loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!("lint-ticket-requester-nobody"),
            None,
        ));
        return;
    }
    match email {
        None => out.push(loc.finding(
            Severity::Warning,
            rule,
            v.span.clone(),
            msg!("lint-ticket-requester-no-email"),
            None,
        )),
        Some((e, "")) => out.push(loc.finding(
            Severity::Warning,
            rule,
            e.span.clone(),
            msg!("lint-ticket-requester-email-empty"),
            None,
        )),
        Some((e, s)) if !s.contains('@') => out.push(loc.finding(
            Severity::Warning,
            rule,
            e.span.clone(),
            msg!("lint-ticket-requester-email-bad", value = s),
            None,
        )),
        _ => {}
    }
    if empty(&name) {
        let range = name.map_or(v.span.clone(), |(n, _)| n.span.clone());
        out.push(loc.finding(
            Severity::Warning,
            rule,
            range,
            msg!("lint-ticket-requester-name-empty"),
            None,
        ));
    }
}

fn custom_fields(v: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::ZendeskTicketCustomFields;
    let Json::Array(items) = &v.value else {
        out.push(loc.finding(
            Severity::Error,
            rule,
            v.span.clone(),
            msg!("lint-ticket-custom-fields"),
            None,
        ));
        return;
    };
    for item in items {
        let id_ok = item.get("id").is_some_and(
            |id| matches!(&id.value, Json::Number(n) if n.bytes().all(|b| b.is_ascii_digit())),
        );
        if !id_ok || item.get("value").is_none() {
            out.push(loc.finding(
                Severity::Error,
                rule,
                item.span.clone(),
                msg!("lint-ticket-custom-field"),
                None,
            ));
        }
    }
}
