//! `GET /api/v2/search` and `/search/count`: the part of Zendesk's query language integrations
//! use, over tickets and users.
//!
//! Source: https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/ and
//! https://support.zendesk.com/hc/en-us/articles/4408886879258 (search reference).
//! - `query` is words and `property:value` terms, all of which must hold: `type:ticket|user`,
//!   `status:` with `<`, `>`, `<=`, `>=` by the status order (new < open < pending < hold <
//!   solved < closed), `priority:` likewise (low < normal < high < urgent), `ticket_type:`,
//!   `tags:` (also `tag:`), `requester:` (email, id or name), `assignee:`, `external_id:`,
//!   `subject:`, `description:`, `created` / `updated` with `:`, `<`, `>` and a date
//!   (`2026-01-01`, that whole day) or a time (`2026-01-01T10:00:00Z`); a leading `-` negates a
//!   term; `"quoted words"` are one phrase; terms on the same property are alternatives. Free words match the subject and description (tickets)
//!   or the name and email (users), ignoring case.
//! - `sort_by` (`created_at`, `updated_at`, `priority`, `status`, `ticket_type`) and
//!   `sort_order` (`asc`, `desc`; `desc` when only `sort_by` is given).
//! - Offset pagination only (the docs: "The Search API returns up to 1,000 results per query,
//!   with a maximum of 100 results per page"); asking past 1,000 answers 422
//!   `{"error": "invalid", "description": "Invalid search: Requested response size was greater
//!   than Search Response Limits"}` (what zenpy maps to `SearchResponseLimitExceeded`).
//! - The answer: `{"results": [{..., "result_type": "ticket"}], "facets": null, "next_page",
//!   "previous_page", "count"}`. Real Zendesk indexes writes with a short delay; the sandbox
//!   answers from the current state.

use serde_json::{Value as Json, json};

use super::pages::{self, Default, Listing};
use super::*;

const STATUS_ORDER: &[&str] = &["new", "open", "pending", "hold", "solved", "closed"];
const PRIORITY_ORDER: &[&str] = &["low", "normal", "high", "urgent"];
const RESULT_LIMIT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Is,
    Less,
    Greater,
    LessEq,
    GreaterEq,
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    Word(String),
    Field { key: String, op: Op, value: String },
}

#[derive(Debug, Clone, PartialEq)]
struct Clause {
    negated: bool,
    term: Term,
}

/// Splits a query into clauses, keeping quoted phrases whole.
fn parse(query: &str) -> Vec<Clause> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
        .into_iter()
        .map(|token| {
            let (negated, token) = match token.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
                _ => (false, token),
            };
            let split = token.find([':', '<', '>']);
            let term = match split {
                Some(at) if at > 0 => {
                    let key = token[..at].to_lowercase();
                    let rest = &token[at..];
                    let (op, value) = if let Some(v) = rest.strip_prefix(">=") {
                        (Op::GreaterEq, v)
                    } else if let Some(v) = rest.strip_prefix("<=") {
                        (Op::LessEq, v)
                    } else if let Some(v) = rest.strip_prefix('>') {
                        (Op::Greater, v)
                    } else if let Some(v) = rest.strip_prefix('<') {
                        (Op::Less, v)
                    } else {
                        (Op::Is, &rest[1..])
                    };
                    Term::Field {
                        key,
                        op,
                        value: value.to_owned(),
                    }
                }
                _ => Term::Word(token.to_lowercase()),
            };
            Clause { negated, term }
        })
        .collect()
}

fn text(v: &Json, key: &str) -> String {
    match v.get(key) {
        Some(Json::String(s)) => s.to_lowercase(),
        Some(Json::Null) | None => String::new(),
        Some(other) => other.to_string().to_lowercase(),
    }
}

fn ordered(order: &[&str], have: &str, op: Op, want: &str) -> bool {
    let (Some(h), Some(w)) = (
        order.iter().position(|s| *s == have),
        order.iter().position(|s| *s == want),
    ) else {
        return op == Op::Is && have == want;
    };
    match op {
        Op::Is => h == w,
        Op::Less => h < w,
        Op::Greater => h > w,
        Op::LessEq => h <= w,
        Op::GreaterEq => h >= w,
    }
}

/// A date (`2026-01-01`) compares by day; a time compares by instant.
fn dated(have: &str, op: Op, want: &str) -> bool {
    let (have, want) = if want.len() == 10 {
        (have.get(..10).unwrap_or(have), want)
    } else {
        (have, want)
    };
    let normalise = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| t.to_utc().to_rfc3339())
            .unwrap_or_else(|_| s.to_owned())
    };
    let (have, want) = (normalise(have), normalise(want));
    match op {
        Op::Is => have == want,
        Op::Less => have < want,
        Op::Greater => have > want,
        Op::LessEq => have <= want,
        Op::GreaterEq => have >= want,
    }
}

fn user_matches(state: &State, id: Option<u64>, want: &str) -> bool {
    let Some(id) = id else { return false };
    if want.parse::<u64>() == Ok(id) {
        return true;
    }
    state.users.get(&id).is_some_and(|u| {
        text(u, "email") == want || text(u, "name") == want || text(u, "name").contains(want)
    })
}

fn ticket_holds(state: &State, ticket: &Json, comments_text: &str, term: &Term) -> bool {
    match term {
        Term::Word(w) => {
            text(ticket, "subject").contains(w)
                || text(ticket, "description").contains(w)
                || comments_text.contains(w)
        }
        Term::Field { key, op, value } => {
            let value = value.to_lowercase();
            match key.as_str() {
                "type" => value == "ticket",
                "status" => ordered(STATUS_ORDER, &text(ticket, "status"), *op, &value),
                "priority" => ordered(PRIORITY_ORDER, &text(ticket, "priority"), *op, &value),
                "ticket_type" => text(ticket, "type") == value,
                "tags" | "tag" => ticket
                    .get("tags")
                    .and_then(Json::as_array)
                    .is_some_and(|t| t.iter().any(|x| x.as_str() == Some(value.as_str()))),
                "requester" => user_matches(
                    state,
                    ticket.get("requester_id").and_then(Json::as_u64),
                    &value,
                ),
                "assignee" => {
                    if value == "none" {
                        ticket.get("assignee_id").is_none_or(Json::is_null)
                    } else {
                        user_matches(
                            state,
                            ticket.get("assignee_id").and_then(Json::as_u64),
                            &value,
                        )
                    }
                }
                "external_id" => text(ticket, "external_id") == value,
                "subject" => text(ticket, "subject").contains(&value),
                "description" => text(ticket, "description").contains(&value),
                "id" => text(ticket, "id") == value,
                "created" | "created_at" => dated(&text(ticket, "created_at"), *op, &value),
                "updated" | "updated_at" => dated(&text(ticket, "updated_at"), *op, &value),
                _ => false,
            }
        }
    }
}

fn user_holds(user: &Json, term: &Term) -> bool {
    match term {
        Term::Word(w) => text(user, "name").contains(w) || text(user, "email").contains(w),
        Term::Field { key, op, value } => {
            let value = value.to_lowercase();
            match key.as_str() {
                "type" => value == "user",
                "email" => text(user, "email") == value,
                "name" => text(user, "name").contains(&value),
                "role" => text(user, "role") == value,
                "external_id" => text(user, "external_id") == value,
                "tags" | "tag" => user
                    .get("tags")
                    .and_then(Json::as_array)
                    .is_some_and(|t| t.iter().any(|x| x.as_str() == Some(value.as_str()))),
                "created" | "created_at" => dated(&text(user, "created_at"), *op, &value),
                "updated" | "updated_at" => dated(&text(user, "updated_at"), *op, &value),
                _ => false,
            }
        }
    }
}

/// What `type:` asks for: tickets, users, or both when unsaid.
fn kinds(clauses: &[Clause]) -> (bool, bool) {
    let mut types = clauses.iter().filter_map(|c| match &c.term {
        Term::Field { key, value, .. } if key == "type" && !c.negated => Some(value.to_lowercase()),
        _ => None,
    });
    match types.next() {
        None => (true, true),
        Some(t) => (t == "ticket", t == "user"),
    }
}

/// Terms on the same property are alternatives (`status:new status:open` finds both, as on
/// Zendesk); different properties, words and negations must all hold.
fn holds_all(clauses: &[Clause], holds: impl Fn(&Term) -> bool) -> bool {
    let mut groups: Vec<(&str, bool)> = Vec::new();
    for c in clauses {
        let ok = holds(&c.term) != c.negated;
        match (&c.term, c.negated) {
            (Term::Field { key, .. }, false) => match groups.iter_mut().find(|(k, _)| k == key) {
                Some(group) => group.1 |= ok,
                None => groups.push((key.as_str(), ok)),
            },
            _ => {
                if !ok {
                    return false;
                }
            }
        }
    }
    groups.iter().all(|(_, ok)| *ok)
}

fn matching(state: &State, query: &str) -> Vec<Json> {
    let clauses = parse(query);
    let (tickets, users) = kinds(&clauses);
    let mut results = Vec::new();
    if tickets {
        for record in state.tickets.values() {
            let ticket = Json::Object(record.ticket.clone());
            let comments: String = record
                .comments
                .iter()
                .map(|c| text(c, "body"))
                .collect::<Vec<_>>()
                .join("\n");
            if holds_all(&clauses, |t| ticket_holds(state, &ticket, &comments, t)) {
                let mut t = ticket;
                t["result_type"] = json!("ticket");
                results.push(t);
            }
        }
    }
    if users {
        for user in state.users.values() {
            if clauses
                .iter()
                .all(|c| user_holds(user, &c.term) != c.negated)
            {
                let mut u = user.clone();
                u["result_type"] = json!("user");
                results.push(u);
            }
        }
    }
    results
}

fn missing_query() -> Reply {
    // What Zendesk answers a search without a query.
    Reply::json(
        400,
        &json!({"error": "unavailable", "description": "Sorry, we could not complete your search query. Please try again in a moment."}),
    )
}

pub(super) fn search(shared: &Shared, req: &Req) -> Reply {
    let Some(query) = req.query("query").filter(|q| !q.trim().is_empty()) else {
        return missing_query();
    };
    let results = matching(&shared.state(), query);
    let per_page = req
        .query("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(pages::MAX_PAGE)
        .clamp(1, pages::MAX_PAGE);
    let page = req
        .query("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    if page.saturating_mul(per_page) > RESULT_LIMIT {
        return Reply::json(
            422,
            &json!({"error": "invalid", "description": "Invalid search: Requested response size was greater than Search Response Limits"}),
        );
    }
    let sort_given = req.query("sort_by").is_some();
    let field = req
        .query("sort_by")
        .filter(|f| {
            matches!(
                *f,
                "created_at" | "updated_at" | "priority" | "status" | "ticket_type"
            )
        })
        .map(|f| if f == "ticket_type" { "type" } else { f })
        .unwrap_or("id");
    let desc = match req.query("sort_order") {
        Some(o) => o.eq_ignore_ascii_case("desc"),
        None => sort_given,
    };
    let listing = Listing {
        key: "results",
        items: results,
        url: format!("{}/api/v2/search.json", shared.base_url),
        sort: (field.to_owned(), desc),
        default: Default::Offset,
        keep: vec![("query".into(), query.to_owned())],
    };
    // Search pages by offset only, whatever else is asked.
    let offset_only = Req {
        method: req.method.clone(),
        path: req.path.clone(),
        query: req
            .query
            .iter()
            .filter(|(k, _)| !k.starts_with("page["))
            .cloned()
            .collect(),
        headers: req.headers.clone(),
        body: req.body.clone(),
    };
    match pages::page(&offset_only, listing) {
        Ok(mut body) => {
            body["facets"] = Json::Null;
            Reply::json(200, &body)
        }
        Err(reply) => reply,
    }
}

pub(super) fn count(shared: &Shared, req: &Req) -> Reply {
    let Some(query) = req.query("query").filter(|q| !q.trim().is_empty()) else {
        return missing_query();
    };
    let n = matching(&shared.state(), query).len();
    Reply::json(200, &json!({"count": n}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_split_into_terms_phrases_and_negations() {
        let q = parse(r#"type:ticket status<solved -tags:vip "printer fire" created>2026-01-01"#);
        assert_eq!(q.len(), 5);
        assert_eq!(
            q[1].term,
            Term::Field {
                key: "status".into(),
                op: Op::Less,
                value: "solved".into()
            }
        );
        assert!(q[2].negated);
        assert_eq!(q[3].term, Term::Word("printer fire".into()));
        assert!(ordered(STATUS_ORDER, "open", Op::Less, "solved"));
        assert!(!ordered(STATUS_ORDER, "closed", Op::Less, "solved"));
        assert!(dated("2026-01-02T00:00:00Z", Op::Greater, "2026-01-01"));
        assert!(!dated("2026-01-01T23:59:59Z", Op::Greater, "2026-01-01"));
        assert!(dated("2026-01-01T23:59:59Z", Op::Is, "2026-01-01"));
    }
}
