//! Users: list, show, update, the signed-in user (and the connection test), search, by
//! external id, and create-or-update.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::pages::{CursorPage, PageRequest, cursor_page};
use super::{SERVICE, ZendeskClient, url_encode};
use crate::api::error::ApiError;
use crate::api::{Outcome, decode_json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// None for the anonymous user `/users/me` returns when the credentials are wrong.
    pub id: Option<u64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A user from `create_or_update`, and whether it is new (201) or was found (200).
#[derive(Debug, Clone, PartialEq)]
pub struct UpsertedUser {
    pub user: User,
    pub created: bool,
}

impl ZendeskClient {
    /// One page of users with cursor pagination.
    pub async fn list_users(&self, page: &PageRequest) -> Outcome<CursorPage<User>> {
        let path = format!("/users.json?{}", page.query());
        self.call("users.list", Method::GET, &path, None, |r| {
            cursor_page::<User>(r, "users")
        })
        .await
    }

    pub async fn show_user(&self, id: u64) -> Outcome<User> {
        self.call(
            "users.show",
            Method::GET,
            &format!("/users/{id}.json"),
            None,
            |r| decode_json::<UserWrapper>(SERVICE, r).map(|w| w.user),
        )
        .await
    }

    /// Changes the fields given, e.g. `{"name": "Ada"}`.
    pub async fn update_user(&self, id: u64, user: &Json) -> Outcome<User> {
        self.call(
            "users.update",
            Method::PUT,
            &format!("/users/{id}.json"),
            Some(json!({ "user": user }).to_string()),
            |r| decode_json::<UserWrapper>(SERVICE, r).map(|w| w.user),
        )
        .await
    }

    /// The authenticated user, as Zendesk reports it (anonymous when the credentials are wrong).
    pub async fn me(&self) -> Outcome<User> {
        self.call("users.me", Method::GET, "/users/me.json", None, |r| {
            decode_json::<UserWrapper>(SERVICE, r).map(|w| w.user)
        })
        .await
    }

    /// A connection test: the credentials must name a real agent or admin.
    pub async fn verify(&self) -> Outcome<User> {
        let mut outcome = self.me().await;
        outcome.result = outcome
            .result
            .and_then(|user| match (&user.id, &user.role) {
                (None, _) => Err(ApiError::AnonymousUser),
                (Some(_), Some(role)) if role != "admin" && role != "agent" => {
                    Err(ApiError::NotAgent {
                        email: user.email.clone().unwrap_or_default(),
                        role: role.clone(),
                    })
                }
                _ => Ok(user),
            });
        outcome
    }

    /// Search with Zendesk's syntax, e.g. `email:ada@example.com`.
    pub async fn search_users(&self, query: &str) -> Outcome<Vec<User>> {
        let path = format!("/users/search.json?query={}", url_encode(query));
        self.call("users.search", Method::GET, &path, None, |r| {
            decode_json::<UsersWrapper>(SERVICE, r).map(|w| w.users)
        })
        .await
    }

    /// Exact lookup by external id.
    pub async fn users_by_external_id(&self, external_id: &str) -> Outcome<Vec<User>> {
        let path = format!("/users/search.json?external_id={}", url_encode(external_id));
        self.call("users.search", Method::GET, &path, None, |r| {
            decode_json::<UsersWrapper>(SERVICE, r).map(|w| w.users)
        })
        .await
    }

    /// Creates the user, or returns the one with this email or external id.
    pub async fn create_or_update_user(&self, user: &Json) -> Outcome<UpsertedUser> {
        self.call(
            "users.create_or_update",
            Method::POST,
            "/users/create_or_update.json",
            Some(json!({ "user": user }).to_string()),
            |r| {
                decode_json::<UserWrapper>(SERVICE, r).map(|w| UpsertedUser {
                    user: w.user,
                    created: r.status == 201,
                })
            },
        )
        .await
    }
}

#[derive(Deserialize)]
struct UserWrapper {
    user: User,
}

#[derive(Deserialize)]
struct UsersWrapper {
    users: Vec<User>,
}
