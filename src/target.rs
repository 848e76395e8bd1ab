//! What a payload body is sent to, and so what it is checked as: the domain type the workspace,
//! the linter, a send and the setup share. Each target names its endpoint and its dialect.

use crate::i18n::Message;
use crate::msg;
use crate::template::Dialect;

/// What the rendered body is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `POST /api/v2/tickets.json` on Zendesk, from a Braze webhook (braze dialect).
    ZendeskTicket,
    /// `POST /users/track` on Braze (braze dialect).
    BrazeUsersTrack,
    /// A Zendesk trigger's webhook body to Braze `/users/track` (zendesk dialect, sample ticket).
    ZendeskWebhookBody,
}

impl Target {
    pub const ALL: [Target; 3] = [
        Target::ZendeskTicket,
        Target::BrazeUsersTrack,
        Target::ZendeskWebhookBody,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::ZendeskTicket => "zendesk-ticket",
            Target::BrazeUsersTrack => "braze-users-track",
            Target::ZendeskWebhookBody => "zendesk-webhook-body",
        }
    }

    /// The dialect the body is written in.
    pub fn dialect(self) -> Dialect {
        match self {
            Target::ZendeskWebhookBody => Dialect::Zendesk,
            _ => Dialect::Braze,
        }
    }
}

/// A target name that is not one of [`Target::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownTarget(pub String);

impl crate::i18n::Localize for UnknownTarget {
    fn message(&self) -> Message {
        msg!("lint-unknown-target", target = &self.0)
    }
}
crate::display_via_message!(UnknownTarget);

impl std::str::FromStr for Target {
    type Err = UnknownTarget;
    fn from_str(s: &str) -> Result<Self, UnknownTarget> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| UnknownTarget(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_reads_back_from_its_name() {
        for t in Target::ALL {
            assert_eq!(t.name().parse::<Target>(), Ok(t));
        }
        assert_eq!(
            "zendesk".parse::<Target>(),
            Err(UnknownTarget("zendesk".into()))
        );
    }
}
