//! What the template engine knows that the linter reports: `${name}`s that are not Braze
//! personalization tags (Braze renders them empty: `${email}` is not `${email_address}`), and
//! Ruby Liquid's render errors, which Braze writes into the message as `Liquid error: …`.

use crate::msg;
use crate::template::registry;
use crate::template::{Compiled, Traced};

use super::{Finding, Severity, template_finding};

/// The engine's findings for one render.
pub fn check(compiled: &Compiled, traced: &Traced) -> Vec<Finding> {
    let mut findings = unknown_attributes(compiled);
    for e in &traced.errors {
        findings.push(Finding {
            output: None,
            ..template_finding(
                compiled.source(),
                e.offset,
                Severity::Error,
                "liquid-error",
                msg!("template-liquid-error-finding", error = e.kind.message()).to_string(),
                None,
            )
        });
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
            .map(|tag| msg!("template-unknown-attribute-fix", tag = tag).to_string());
        findings.push(template_finding(
            compiled.source(),
            *offset,
            Severity::Warning,
            "unknown-attribute",
            message.to_string(),
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
        assert_eq!((f[0].line, f[0].col), (1, 3));
        assert!(
            f[0].message.contains("${email_address}"),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains("${date_of_birth}"),
            "{}",
            f[1].message
        );
        assert_eq!(f[0].rule, "unknown-attribute");
    }
}
