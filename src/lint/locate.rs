//! Locating: positions in the rendered body mapped back to the template (the `{{` that wrote
//! them, or the same literal text nearby), and the findings settled at their template line
//! and column.

use super::rules::Rule;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::i18n::Message;
use crate::msg;
use crate::template::OutputSpan;

use super::{Finding, Severity, template_finding};

/// At most this many findings per subject: past that, the rest are counted in one hint. A
/// 10 MB body can hold a million broken values; nobody reads that list, and locating each one
/// in the template must stay cheap for the linter to stay linear.
pub const MAX_FINDINGS: usize = 1_000;

/// How far after the previous output a literal of the body is looked for in the template, and
/// how much of the literal is looked for: bounded, so that locating a finding costs the same
/// for a 10 KB body and a 10 MB one.
const SEARCH_WINDOW: usize = 16 * 1024;
const NEEDLE_LIMIT: usize = 120;

/// Positions in the rendered body mapped back to the template.
pub(crate) struct Locator<'a> {
    pub(super) dialect: crate::template::Dialect,
    pub(super) template: &'a str,
    pub(super) body: &'a str,
    /// The outputs in body order (they never overlap: only top-level outputs are traced).
    pub(super) outputs: Cow<'a, [OutputSpan]>,
    /// The text inside each output's `{{ … }}`, in the same order.
    pub(super) expressions: Vec<&'a str>,
    /// Variables the template fills with `capture`.
    pub(super) captured: HashSet<&'a str>,
}

impl<'a> Locator<'a> {
    pub(super) fn new(
        dialect: crate::template::Dialect,
        template: &'a str,
        body: &'a str,
        outputs: &'a [OutputSpan],
    ) -> Locator<'a> {
        let outputs: Cow<'a, [OutputSpan]> =
            if outputs.is_sorted_by_key(|o| (o.output.start, o.output.end)) {
                Cow::Borrowed(outputs)
            } else {
                let mut sorted = outputs.to_vec();
                sorted.sort_by_key(|o| (o.output.start, o.output.end));
                Cow::Owned(sorted)
            };
        // A loop repeats one output many times: read each expression once.
        let mut seen: HashMap<usize, &'a str> = HashMap::new();
        let expressions = outputs
            .iter()
            .map(|o| {
                *seen
                    .entry(o.offset)
                    .or_insert_with(|| output_expression(template, o.offset))
            })
            .collect();
        Locator {
            dialect,
            template,
            body,
            outputs,
            expressions,
            captured: captured_names(template),
        }
    }

    /// The first output that wrote bytes of `range` (an empty output inside it counts).
    fn output_in(&self, range: &Range<usize>) -> Option<&OutputSpan> {
        // Outputs are sorted and disjoint, so their ends are sorted too.
        let first = self.outputs.partition_point(|o| o.output.end < range.start);
        self.outputs[first..]
            .iter()
            .take_while(|o| o.output.start < range.end.max(range.start + 1))
            .find(|o| {
                let o = &o.output;
                (o.start < range.end && o.end > range.start)
                    || (o.start == o.end && range.start <= o.start && o.start < range.end)
            })
    }

    /// Template offset for a byte range of the body: the `{{` that wrote it, or the same literal
    /// text in the template, looked for just after the output before it.
    pub(super) fn template_offset(&self, range: &Range<usize>) -> usize {
        if let Some(o) = self.output_in(range) {
            return o.offset;
        }
        let previous = self
            .outputs
            .partition_point(|o| o.output.end <= range.start);
        let before = previous
            .checked_sub(1)
            .map_or(0, |i| self.outputs[i].offset);
        let start = range.start.min(self.body.len());
        // A short literal (a quote, a brace) is ambiguous: look for the rest of its line too.
        let line_end = self.body[start..]
            .find('\n')
            .map_or(self.body.len(), |i| start + i);
        let rest_of_line = prefix(&self.body[start..line_end.max(range.end.min(self.body.len()))]);
        let literal = prefix(&self.body[start..range.end.clamp(start, self.body.len())]);
        let window = &self.template[before..ceil_boundary(self.template, before + SEARCH_WINDOW)];
        [rest_of_line, literal]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .find_map(|l| window.find(*l).map(|i| before + i))
            .or_else(|| {
                let head = &self.template[..ceil_boundary(self.template, SEARCH_WINDOW)];
                head.find(literal).filter(|_| !literal.is_empty())
            })
            .unwrap_or(before)
    }

    pub(super) fn finding(
        &self,
        severity: Severity,
        rule: Rule,
        range: Range<usize>,
        message: Message,
        fix: Option<Message>,
    ) -> Finding {
        super::report::unplaced(severity, rule, message, fix, UNLOCATED, Some(range))
    }
}

/// The offset of a finding whose template position is found only if it is kept (see
/// [`MAX_FINDINGS`]).
const UNLOCATED: usize = usize::MAX;

/// At most [`NEEDLE_LIMIT`] bytes of a text, cut at a character boundary.
fn prefix(text: &str) -> &str {
    &text[..floor_boundary(text, NEEDLE_LIMIT)]
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The names `{% capture name %}` fills, found in one pass over the template.
pub(super) fn captured_names(template: &str) -> HashSet<&str> {
    template
        .match_indices("capture")
        .filter_map(|(at, word)| {
            let rest = template[at + word.len()..].trim_start_matches([' ', '\t', '\n', '\r']);
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0 && rest.len() < template.len() - at - word.len()).then(|| &rest[..end])
        })
        .collect()
}

/// Keeps the first [`MAX_FINDINGS`] (errors first), finds the template position of each kept
/// one, and fills in lines and columns in one pass over the template.
pub(super) fn settle(mut findings: Vec<Finding>, locator: &Locator<'_>) -> Vec<Finding> {
    debug_assert!(
        findings.iter().all(|f| f.rule.reports(f.severity)),
        "a finding's severity is not in its rule's row of lint::RULES: {:?}",
        findings.iter().find(|f| !f.rule.reports(f.severity))
    );
    if findings.len() > MAX_FINDINGS {
        let total = findings.len();
        // A stable sort: within a severity, the order the checks found them in.
        findings.sort_by_key(|f| f.severity);
        findings.truncate(MAX_FINDINGS);
        let mut more = template_finding(
            0,
            Severity::Hint,
            Rule::Truncated,
            msg!("lint-truncated", count = total - MAX_FINDINGS),
            None,
        );
        more.output = None;
        findings.push(more);
    }
    for f in &mut findings {
        if f.offset == UNLOCATED {
            f.offset = f
                .output
                .as_ref()
                .map_or(0, |range| locator.template_offset(range));
        }
        f.offset = floor_boundary(locator.template, f.offset);
    }
    findings.sort_by_key(|f| f.offset);
    // Lines and columns (in characters) walking forward once.
    let template = locator.template;
    let (mut at, mut line, mut col) = (0usize, 1usize, 1usize);
    for f in &mut findings {
        for c in template[at..f.offset].chars() {
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        at = f.offset;
        f.line = line;
        f.col = col;
    }
    findings.sort_by_key(|a| (a.line, a.col, a.severity));
    findings.dedup_by(|a, b| a.rule == b.rule && a.offset == b.offset);
    findings
}

/// The text inside the `{{ … }}` that starts at `offset`.
pub(super) fn output_expression(template: &str, offset: usize) -> &str {
    let rest = &template[offset..];
    let inner = rest.strip_prefix("{{").unwrap_or(rest);
    let mut depth = 0usize;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'$', b'{') => {
                depth += 1;
                i += 2;
                continue;
            }
            (b'}', b'}') if depth == 0 => return inner[..i].trim_matches('-'),
            (b'}', _) if depth > 0 => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    inner
}

/// Where a literal string value is written in the template (an `assign`, usually).
pub(crate) fn literal_in_template(template: &str, value: &str) -> Option<usize> {
    ['\'', '"']
        .iter()
        .find_map(|q| template.find(&format!("{q}{value}{q}")))
}
