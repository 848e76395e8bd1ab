//! Typed clients for the Zendesk Support API and the Braze REST API.
//!
//! The clients are async (reqwest with rustls) and run on the one runtime in [`crate::net`].
//! Every call returns an [`Outcome`]: the typed result and the [`Exchange`] record the console
//! shows (method, URL, headers and bodies with secrets masked, each attempt's status and timing).

pub mod braze;
pub mod call;
pub mod curl;
pub mod endpoint;
pub mod error;
pub mod exchange;
pub mod zendesk;

use serde::de::DeserializeOwned;

pub use call::{ClientOptions, Control, Phase, RetryPolicy, Timeouts, WaitReason, Watch};
pub use error::{ApiError, BrazeObjectError, EndpointError, FieldError};
pub use exchange::{Attempt, Exchange, MASK, Redactor, Secret, Service, Warning, pretty_body};

use call::Response;

/// A call's typed result together with what was sent and received.
#[derive(Debug, Clone)]
pub struct Outcome<T> {
    pub result: Result<T, ApiError>,
    pub exchange: Exchange,
}

impl<T> Outcome<T> {
    pub fn into_result(self) -> Result<T, ApiError> {
        self.result
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        Outcome {
            result: self.result.map(f),
            exchange: self.exchange,
        }
    }
}

/// Parses a 2xx body as `T`, naming what did not fit.
fn decode_json<T: DeserializeOwned>(service: Service, r: &Response) -> Result<T, ApiError> {
    serde_json::from_slice(&r.body).map_err(|e| ApiError::Decode {
        service,
        status: r.status,
        message: (!r.body.is_empty()).then(|| e.to_string()),
    })
}

/// The body as JSON, when it is JSON.
fn body_json(r: &Response) -> Option<serde_json::Value> {
    serde_json::from_slice(&r.body).ok()
}
