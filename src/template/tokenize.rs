//! The tokenizer: a template's text cut into raw text, `{% … %}` tags and `{{ … }}` outputs, as
//! Ruby Liquid 5.4's `TemplateParser` cuts it, with Braze's `${…}` skipped inside tags and
//! outputs in the braze dialect. Each token is a byte range of the user's text; the parser
//! (`parse.rs`) reads them.

use super::error::{ErrorKind, TemplateError};
use super::source_map::line_col;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokKind {
    Text,
    Tag,
    Output,
    /// `{%` or `{{` that is never closed.
    Unclosed {
        tag: bool,
    },
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) kind: TokKind,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Ruby's `TemplateParser`: `{%…%}` ends at the first `%}`, `{{…}}` at the first `}` (and one
/// more if it follows). In the braze dialect `${…}` is skipped first, and an output may hold
/// `{{…}}` inside it.
pub(super) fn tokenize(
    src: &str,
    from: usize,
    to: usize,
    braze: bool,
) -> Result<Vec<Tok>, TemplateError> {
    let b = &src.as_bytes()[..to];
    let mut toks = Vec::new();
    let mut i = from;
    let mut text_start = from;
    while i + 1 < to {
        if b[i] != b'{' || (b[i + 1] != b'%' && b[i + 1] != b'{') {
            i += 1;
            continue;
        }
        if text_start < i {
            toks.push(Tok {
                kind: TokKind::Text,
                start: text_start,
                end: i,
            });
        }
        let tag = b[i + 1] == b'%';
        let end = if tag {
            close_tag(src, b, i + 2, to, braze)?
        } else {
            close_output(src, b, i + 2, to, braze)?
        };
        let tok = match end {
            Some(end) => Tok {
                kind: if tag { TokKind::Tag } else { TokKind::Output },
                start: i,
                end,
            },
            None => Tok {
                kind: TokKind::Unclosed { tag },
                start: i,
                end: i + 2,
            },
        };
        toks.push(tok);
        i = tok.end;
        text_start = i;
    }
    if text_start < to {
        toks.push(Tok {
            kind: TokKind::Text,
            start: text_start,
            end: to,
        });
    }
    Ok(toks)
}

fn attribute_end(src: &str, b: &[u8], i: usize, to: usize) -> Result<usize, TemplateError> {
    match b[i + 2..to].iter().position(|&c| c == b'}') {
        Some(j) => Ok(i + 2 + j + 1),
        None => Err(error_at(src, i, ErrorKind::AttributeNotClosed)),
    }
}

fn close_tag(
    src: &str,
    b: &[u8],
    from: usize,
    to: usize,
    braze: bool,
) -> Result<Option<usize>, TemplateError> {
    let mut i = from;
    while i + 1 < to {
        if braze && b[i] == b'$' && b[i + 1] == b'{' {
            i = attribute_end(src, b, i, to)?;
            continue;
        }
        if b[i] == b'%' && b[i + 1] == b'}' {
            return Ok(Some(i + 2));
        }
        i += 1;
    }
    Ok(None)
}

fn close_output(
    src: &str,
    b: &[u8],
    from: usize,
    to: usize,
    braze: bool,
) -> Result<Option<usize>, TemplateError> {
    let mut i = from;
    let mut nested = 0usize;
    while i < to {
        if braze && i + 1 < to && b[i] == b'$' && b[i + 1] == b'{' {
            i = attribute_end(src, b, i, to)?;
            continue;
        }
        if braze && i + 1 < to && b[i] == b'{' && b[i + 1] == b'{' {
            nested += 1;
            i += 2;
            continue;
        }
        if b[i] == b'}' {
            if nested > 0 && b.get(i + 1) == Some(&b'}') {
                nested -= 1;
                i += 2;
                continue;
            }
            let end = if i + 1 < to && b[i + 1] == b'}' {
                i + 2
            } else {
                i + 1
            };
            return Ok(Some(end));
        }
        i += 1;
    }
    Ok(None)
}

pub(super) fn error_at(src: &str, offset: usize, kind: ErrorKind) -> TemplateError {
    let (line, col) = line_col(src, offset);
    TemplateError {
        line,
        col,
        offset,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(src: &str, braze: bool) -> Vec<(TokKind, &str)> {
        tokenize(src, 0, src.len(), braze)
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, &src[t.start..t.end]))
            .collect()
    }

    #[test]
    fn text_tags_outputs_and_braze_attributes() {
        let src = "a {{ ${first_name} }}{% if x %}b{{";
        assert_eq!(
            cut(src, true),
            vec![
                (TokKind::Text, "a "),
                (TokKind::Output, "{{ ${first_name} }}"),
                (TokKind::Tag, "{% if x %}"),
                (TokKind::Text, "b"),
                (TokKind::Unclosed { tag: false }, "{{"),
            ]
        );
        // Plain Liquid: an output ends at its first `}`.
        assert_eq!(
            cut("{{ ${x} }}", false),
            vec![(TokKind::Output, "{{ ${x}"), (TokKind::Text, " }}")]
        );
        let e = tokenize("{{ ${x", 0, 6, true).unwrap_err();
        assert_eq!((e.offset, e.kind), (3, ErrorKind::AttributeNotClosed));
    }
}
