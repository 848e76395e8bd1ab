//! Every lint rule in one table, as `template/registry.rs` has every filter: its stable id (in
//! `zenbraze lint --format json`, the findings list and tests), the targets it checks, the
//! severities it reports, and the catalogue id of its one-line description
//! (`assets/i18n/*/lint.ftl`). A finding names its rule by [`Rule`], so a rule that is not in the
//! table does not compile; the README's rules table is generated from this one
//! (`ZENBRAZE_WRITE_README=1 cargo test --lib readme_rule_table`).

use super::Severity;
use crate::target::Target;

/// The targets a rule checks.
const ALL: &[Target] = &Target::ALL;
const TICKET: &[Target] = &[Target::ZendeskTicket];
const TRACK: &[Target] = &[Target::BrazeUsersTrack, Target::ZendeskWebhookBody];
const WEBHOOK_BODY: &[Target] = &[Target::ZendeskWebhookBody];

use Severity::{Error as E, Hint as H, Warning as W};

/// One rule of [`RULES`].
#[derive(Debug)]
pub struct RuleDef {
    pub rule: Rule,
    pub id: &'static str,
    pub targets: &'static [Target],
    /// What its findings can be, most severe first.
    pub severities: &'static [Severity],
    /// The catalogue id of its one-line description: `lint-rule-<id>`.
    pub description: &'static str,
}

macro_rules! rules {
    ($( $variant:ident $id:literal $targets:ident [$($sev:ident),+]; )*) => {
        /// A lint rule: the name a finding carries (see [`RULES`] for what each checks).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $variant, )*
        }

        /// Every rule, in the order the README lists them.
        pub static RULES: &[RuleDef] = &[$(
            RuleDef {
                rule: Rule::$variant,
                id: $id,
                targets: $targets,
                severities: &[$($sev),+],
                description: concat!("lint-rule-", $id),
            },
        )*];
    };
}

rules! {
    // The template and the JSON, for every target.
    TemplateSyntax "template-syntax" ALL [E];
    JsonSyntax "json-syntax" ALL [E];
    JsonStringBroken "json-string-broken" ALL [E];
    JsonStringUnescaped "json-string-unescaped" ALL [W];
    ChecksNotRun "checks-not-run" ALL [W];
    LeftoverPlaceholder "leftover-placeholder" ALL [E];
    LiquidError "liquid-error" ALL [E];
    NumberAsName "number-as-name" ALL [W];
    UnknownAttribute "unknown-attribute" ALL [W];
    ConnectedContentNoMock "connected-content-no-mock" ALL [W];
    ConnectedContentStatus "connected-content-status" ALL [W];
    Truncated "lint-truncated" ALL [H];
    // A Zendesk ticket (`POST /api/v2/tickets.json`).
    ZendeskTicketWrapper "zendesk-ticket-wrapper" TICKET [E];
    ZendeskTicketComment "zendesk-ticket-comment" TICKET [E];
    ZendeskTicketEnum "zendesk-ticket-enum" TICKET [E];
    ZendeskTicketTags "zendesk-ticket-tags" TICKET [E];
    ZendeskTicketRequester "zendesk-ticket-requester" TICKET [E, W];
    ZendeskTicketRequesterId "zendesk-ticket-requester-id" TICKET [E, W];
    ZendeskTicketCustomFields "zendesk-ticket-custom-fields" TICKET [E];
    ZendeskTicketUnknownField "zendesk-ticket-unknown-field" TICKET [W];
    // Braze's `/users/track` (from Braze, or from a Zendesk trigger's webhook).
    BrazeTrackShape "braze-track-shape" TRACK [E, W];
    BrazeTrackLimit "braze-track-limit" TRACK [E];
    BrazeTrackIdentifier "braze-track-identifier" TRACK [E];
    BrazeTrackRequired "braze-track-required" TRACK [E];
    BrazeTrackTime "braze-track-time" TRACK [E];
    BrazeTrackProperties "braze-track-properties" TRACK [E];
    BrazeTrackPurchase "braze-track-purchase" TRACK [E];
    BrazeTrackAttribute "braze-track-attribute" TRACK [E, W];
    ZendeskEmptyIdentifier "zendesk-empty-identifier" WEBHOOK_BODY [W];
    // The rule that sends the webhook body (setup's automation).
    AutomationNoGuard "automation-no-guard" WEBHOOK_BODY [W];
    // The webhook's URL and headers, for where the target sends.
    RequestPlaceholder "request-placeholder" ALL [E];
    RequestInsecure "request-insecure" ALL [E];
    RequestUrl "request-url" ALL [E, W];
    RequestMethod "request-method" ALL [E];
    RequestContentType "request-content-type" ALL [E, W];
    RequestAuth "request-auth" ALL [E];
}

impl Rule {
    /// Its row of [`RULES`].
    pub fn def(self) -> &'static RuleDef {
        // RULES is in declaration order, so the variant's index is its row.
        &RULES[self as usize]
    }

    /// The stable id (`zendesk-ticket-enum`).
    pub fn id(self) -> &'static str {
        self.def().id
    }

    /// Whether a finding of this severity is one the table says the rule reports. The finding
    /// constructors assert it in debug builds, so the table cannot drift from the checks.
    pub fn reports(self, severity: Severity) -> bool {
        self.def().severities.contains(&severity)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// So a test can say `finding.rule == "json-syntax"`.
impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<Rule> for &str {
    fn eq(&self, other: &Rule) -> bool {
        *self == other.id()
    }
}

/// The README's rules table (English), generated from [`RULES`].
pub fn readme_rule_table() -> String {
    use crate::i18n::{Catalogue, Language};
    let english = Catalogue::get(Language::English);
    let mut out =
        String::from("| rule | targets | severity | what it checks |\n|---|---|---|---|\n");
    for r in RULES {
        let targets = if r.targets.len() == Target::ALL.len() {
            "every target".to_owned()
        } else {
            let names: Vec<String> = r
                .targets
                .iter()
                .map(|t| format!("`{}`", t.name()))
                .collect();
            names.join(", ")
        };
        let severities: Vec<&str> = r.severities.iter().map(|s| s.name()).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            targets,
            severities.join(", "),
            english.tr(r.description)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Language};

    #[test]
    fn each_row_is_its_variant_and_each_id_is_unique() {
        assert!(RULES.len() > 20, "only {} rules", RULES.len());
        let mut ids = std::collections::HashSet::new();
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.rule as usize, i, "{} is out of place", r.id);
            assert!(ids.insert(r.id), "{} twice", r.id);
            assert!(
                !r.targets.is_empty() && !r.severities.is_empty(),
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn every_rule_is_described_in_both_languages() {
        for language in [Language::English, Language::Spanish] {
            let keys = Catalogue::keys(language);
            for r in RULES {
                assert!(
                    keys.iter().any(|k| k == r.description),
                    "{} has no {language:?} description ({})",
                    r.id,
                    r.description
                );
            }
        }
    }

    /// The README's table between its markers is the registry's; `ZENBRAZE_WRITE_README=1`
    /// rewrites it.
    #[test]
    fn readme_rule_table_is_the_registry() {
        let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let start = "<!-- rules:start (generated from lint::rules::RULES) -->\n";
        let table = readme_rule_table();
        crate::about::readme_block(&readme, start, "<!-- rules:end -->", &table).unwrap();
    }
}
