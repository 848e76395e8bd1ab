//! What the template engine knows that the linter reports: `${name}`s that are not Braze
//! personalization tags (Braze renders them empty: `${email}` is not `${email_address}`), and
//! Ruby Liquid's render errors, which Braze writes into the message as `Liquid error: …`, and
//! what the preview could not do as a send does: a `connected_content` with no mock (Braze
//! fetches it at send time) or a mock that answers an error status.

use super::rules::Rule;
use crate::msg;
use crate::template::registry;
use crate::template::{Compiled, ErrorKind, Traced};

use super::{Finding, Severity, template_finding};

/// The engine's findings for one render.
pub fn check(compiled: &Compiled, traced: &Traced) -> Vec<Finding> {
    let mut findings = unknown_attributes(compiled);
    for (text, offset) in compiled.numbers_as_names() {
        findings.push(template_finding(
            *offset,
            Severity::Warning,
            Rule::NumberAsName,
            msg!("template-number-as-name", text = text.as_str()),
            None,
        ));
    }
    for e in &traced.errors {
        findings.push(template_finding(
            e.offset,
            Severity::Error,
            Rule::LiquidError,
            msg!("template-liquid-error-finding", error = e.kind.message()),
            None,
        ));
    }
    for n in &traced.notices {
        let rule = match n.kind {
            ErrorKind::ConnectedContentNoMock { .. } => Rule::ConnectedContentNoMock,
            _ => Rule::ConnectedContentStatus,
        };
        findings.push(template_finding(
            n.offset,
            Severity::Warning,
            rule,
            n.kind.message(),
            None,
        ));
    }
    findings
}

/// `${name}`s Braze does not know: each renders empty, and the finding names the tag meant.
pub fn unknown_attributes(compiled: &Compiled) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (name, offset) in compiled.attributes() {
        if registry::attribute_tag(name).is_some() {
            continue;
        }
        let message = match registry::probable_tag(name) {
            Some(tag) => msg!(
                "template-unknown-attribute-near",
                name = name.as_str(),
                tag = tag
            ),
            None => msg!("template-unknown-attribute", name = name.as_str()),
        };
        let fix = registry::probable_tag(name)
            .map(|tag| msg!("template-unknown-attribute-fix", tag = tag));
        findings.push(template_finding(
            *offset,
            Severity::Warning,
            Rule::UnknownAttribute,
            message,
            fix,
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{self, Dialect};

    #[test]
    fn export_field_names_are_flagged_with_the_tag_meant() {
        let t = template::parse(
            "{{${email}}} {{${first_name}}}\n{{ ${dob} | date: '%Y' }}",
            Dialect::Braze,
        )
        .unwrap();
        let f = unknown_attributes(&t);
        assert_eq!(f.len(), 2);
        // Lines and columns are filled in by the linter's last pass (see tests/braze_dialect.rs).
        assert_eq!(f[0].offset, 2);
        assert_eq!(f[0].message.text_arg("tag"), Some("email_address"));
        assert_eq!(f[1].message.text_arg("tag"), Some("date_of_birth"));
        assert!(
            f[0].message.to_string().contains("${email_address}"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].rule, Rule::UnknownAttribute);
    }
}
