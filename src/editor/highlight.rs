//! Liquid inside JSON, as token kinds over byte ranges. The editor colours them from the theme;
//! Liquid wins inside JSON strings, because that is where the breaks hide.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Whitespace and anything unclassified.
    Plain,
    Punctuation,
    /// A JSON object key.
    Key,
    /// A JSON string value.
    String,
    /// Numbers, `true`, `false`, `null`.
    Literal,
    /// `{{ ... }}`.
    Output,
    /// `{% ... %}`.
    Tag,
    /// Braze's `${name}` personalisation tag.
    Attribute,
    /// `{% comment %}` blocks and `{# ... #}`.
    Comment,
}

/// Contiguous tokens covering all of `source`.
pub fn tokens(source: &str) -> Vec<(Range<usize>, Kind)> {
    let b = source.as_bytes();
    let mut out: Vec<(Range<usize>, Kind)> = Vec::new();
    let mut push = |out: &mut Vec<(Range<usize>, Kind)>, range: Range<usize>, kind: Kind| {
        if range.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((last, k)) if *k == kind && last.end == range.start => last.end = range.end,
            _ => out.push((range, kind)),
        }
    };
    let mut i = 0;
    // Inside a JSON string: where it started, so its kind can be decided at the closing quote.
    let mut string: Option<usize> = None;
    let mut string_parts: Vec<(Range<usize>, Kind)> = Vec::new();
    while i < b.len() {
        if let Some((end, kind)) = liquid_at(source, i) {
            let target = if string.is_some() {
                &mut string_parts
            } else {
                &mut out
            };
            push_attributes(target, source, i..end, kind, &mut push);
            i = end;
            continue;
        }
        let c = b[i];
        if let Some(start) = string {
            let mut j = i;
            while j < b.len() && b[j] != b'"' && b[j] != b'\\' && !starts_liquid(b, j) {
                j += 1;
            }
            if j > i {
                push(&mut string_parts, i..j, Kind::String);
                i = j;
                continue;
            }
            if c == b'\\' {
                let end = (i + 2).min(b.len());
                let end = (end..=b.len())
                    .find(|&e| source.is_char_boundary(e))
                    .unwrap_or(b.len());
                push(&mut string_parts, i..end, Kind::String);
                i = end;
                continue;
            }
            // The closing quote: a key when a colon follows.
            push(&mut string_parts, i..i + 1, Kind::String);
            i += 1;
            let next = source[i..].trim_start_matches([' ', '\t']);
            let is_key = next.starts_with(':');
            for (r, k) in string_parts.drain(..) {
                let k = if is_key && k == Kind::String {
                    Kind::Key
                } else {
                    k
                };
                push(&mut out, r, k);
            }
            let _ = start;
            string = None;
            continue;
        }
        match c {
            b'"' => {
                string = Some(i);
                push(&mut string_parts, i..i + 1, Kind::String);
                i += 1;
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                push(&mut out, i..i + 1, Kind::Punctuation);
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = i
                    + 1
                    + b[i + 1..]
                        .iter()
                        .take_while(|c| {
                            c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                        })
                        .count();
                push(&mut out, i..end, Kind::Literal);
                i = end;
            }
            _ if ["true", "false", "null"]
                .iter()
                .any(|w| source[i..].starts_with(w)) =>
            {
                let len = if source[i..].starts_with("false") {
                    5
                } else {
                    4
                };
                push(&mut out, i..i + len, Kind::Literal);
                i += len;
            }
            _ => {
                let end = (i + 1..=b.len())
                    .find(|&e| source.is_char_boundary(e))
                    .unwrap_or(b.len());
                push(&mut out, i..end, Kind::Plain);
                i = end;
            }
        }
    }
    // An unterminated string keeps its parts as strings.
    for (r, k) in string_parts {
        push(&mut out, r, k);
    }
    out
}

/// What a finding at `offset` underlines: the whole `{{ … }}` / `{% … %}` / `${…}` starting
/// there, else the rest of the word (at most to the end of the line).
pub fn underline_range(source: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(source.len());
    if !source.is_char_boundary(offset) {
        return offset..offset;
    }
    if let Some((end, _)) = liquid_at(source, offset) {
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |e| offset + e);
        return offset..end.min(line_end.max(offset + 2));
    }
    let end = source[offset..]
        .find(|c: char| c.is_whitespace())
        .map_or(source.len(), |e| offset + e);
    offset..end.max((offset + 1).min(source.len()))
}

fn starts_liquid(b: &[u8], i: usize) -> bool {
    b[i] == b'{' && matches!(b.get(i + 1), Some(b'{' | b'%' | b'#'))
        || b[i] == b'$' && b.get(i + 1) == Some(&b'{')
}

/// The end of the Liquid construct at `i`, and its kind.
fn liquid_at(source: &str, i: usize) -> Option<(usize, Kind)> {
    let rest = &source[i..];
    let (close, kind) = if rest.starts_with("{{") {
        ("}}", Kind::Output)
    } else if let Some(after) = rest.strip_prefix("{%") {
        let inner = after.trim_start_matches(['-', ' ', '\t', '\n']);
        if inner.starts_with("comment") {
            let end = rest
                .find("endcomment")
                .and_then(|e| rest[e..].find("%}").map(|c| e + c + 2))
                .unwrap_or(rest.len());
            return Some((i + end, Kind::Comment));
        }
        ("%}", Kind::Tag)
    } else if rest.starts_with("{#") {
        ("#}", Kind::Comment)
    } else if rest.starts_with("${") {
        return Some((
            i + rest.find('}').map_or(rest.len(), |e| e + 1),
            Kind::Attribute,
        ));
    } else {
        return None;
    };
    // `${...}` closes its own brace before the construct's end.
    let mut j = 2;
    while j < rest.len() {
        if rest[j..].starts_with("${") {
            j += rest[j..].find('}').map_or(rest.len() - j, |e| e + 1);
            continue;
        }
        if rest[j..].starts_with(close) {
            return Some((i + j + close.len(), kind));
        }
        j += rest[j..].chars().next().map_or(1, char::len_utf8);
    }
    Some((source.len(), kind))
}

/// Splits a Liquid construct so its `${...}` tags get their own colour.
fn push_attributes(
    out: &mut Vec<(Range<usize>, Kind)>,
    source: &str,
    range: Range<usize>,
    kind: Kind,
    push: &mut impl FnMut(&mut Vec<(Range<usize>, Kind)>, Range<usize>, Kind),
) {
    if kind == Kind::Comment || kind == Kind::Attribute {
        push(out, range, kind);
        return;
    }
    let text = &source[range.clone()];
    let mut at = 0;
    while let Some(found) = text[at..].find("${") {
        let start = at + found;
        let end = text[start..]
            .find('}')
            .map_or(text.len(), |e| start + e + 1);
        push(out, range.start + at..range.start + start, kind);
        push(out, range.start + start..range.start + end, Kind::Attribute);
        at = end;
    }
    push(out, range.start + at..range.end, kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(&str, Kind)> {
        tokens(source)
            .into_iter()
            .filter(|(_, k)| *k != Kind::Plain)
            .map(|(r, k)| (&source[r], k))
            .collect()
    }

    #[test]
    fn liquid_inside_json_strings_keeps_its_own_colour() {
        let src = r#"{"subject": "Hi {{${first_name}}}", "n": 3, "ok": true}"#;
        assert_eq!(
            kinds(src),
            vec![
                ("{", Kind::Punctuation),
                ("\"subject\"", Kind::Key),
                (":", Kind::Punctuation),
                ("\"Hi ", Kind::String),
                ("{{", Kind::Output),
                ("${first_name}", Kind::Attribute),
                ("}}", Kind::Output),
                ("\"", Kind::String),
                (",", Kind::Punctuation),
                ("\"n\"", Kind::Key),
                (":", Kind::Punctuation),
                ("3", Kind::Literal),
                (",", Kind::Punctuation),
                ("\"ok\"", Kind::Key),
                (":", Kind::Punctuation),
                ("true", Kind::Literal),
                ("}", Kind::Punctuation),
            ]
        );
    }

    #[test]
    fn tags_comments_and_escapes() {
        let src = "{% assign x = 'a' %}{% comment %}{{ no }}{% endcomment %}\"a\\\"b\"";
        assert_eq!(
            kinds(src),
            vec![
                ("{% assign x = 'a' %}", Kind::Tag),
                ("{% comment %}{{ no }}{% endcomment %}", Kind::Comment),
                ("\"a\\\"b\"", Kind::String),
            ]
        );
    }

    #[test]
    fn underlines_cover_the_construct_at_the_finding() {
        let src = "{\"s\": \"{{${first_name}}}\",\n \"t\": New}";
        let at = src.find("{{").unwrap();
        assert_eq!(&src[underline_range(src, at)], "{{${first_name}}}");
        let at = src.find("New").unwrap();
        assert_eq!(&src[underline_range(src, at)], "New}");
        assert_eq!(underline_range(src, 999), src.len()..src.len());
    }

    #[test]
    fn tokens_cover_every_byte_even_when_unterminated() {
        for src in [
            "{\"a\": \"unterminated {{ x",
            "{{ ${a",
            "ñ€ \"é\": {% if",
            "",
            "\\",
        ] {
            let t = tokens(src);
            let mut at = 0;
            for (r, _) in &t {
                assert_eq!(r.start, at, "{src:?}");
                at = r.end;
            }
            assert_eq!(at, src.len(), "{src:?}");
        }
    }
}
