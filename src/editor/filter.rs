//! Where Insert… puts a filter: at the end of the expression in the Liquid tag around the caret
//! (`{{ x }}` or `{% assign y = x %}`), never loose in the JSON, where it would print as text.

use std::ops::Range;

/// Why a filter cannot go where the caret is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoTag {
    /// The caret is not in an output `{{ … }}` or an `assign`.
    Outside,
    /// The caret is in a tag that takes no filter (`{% if %}`, `{% for %}`, …).
    NotFiltered,
}

/// A Liquid tag in the text: `{{ … }}` (output) or `{% … %}`, with the range of what is
/// between its delimiters.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    output: bool,
    /// From its opening delimiter to the end of its closing one.
    whole: Range<usize>,
    inner: Range<usize>,
}

/// The tags of `text`, skipping `${…}` and quoted strings inside them (a `}}` there does not
/// close the tag).
fn tags(text: &str) -> Vec<Tag> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        let output = match (b[i], b[i + 1]) {
            (b'{', b'{') => true,
            (b'{', b'%') => false,
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i;
        let mut j = i + 2;
        // `{{-` and `{%-` trim whitespace; the dash is a delimiter's part.
        if b.get(j) == Some(&b'-') {
            j += 1;
        }
        let inner_start = j;
        let close = if output { b'}' } else { b'%' };
        let mut end = None;
        while j < b.len() {
            match b[j] {
                b'$' if b.get(j + 1) == Some(&b'{') => {
                    j = text[j..].find('}').map_or(b.len(), |k| j + k + 1);
                    continue;
                }
                q @ (b'"' | b'\'') => {
                    j = text[j + 1..]
                        .find(q as char)
                        .map_or(b.len(), |k| j + 1 + k + 1);
                    continue;
                }
                c if c == close && b.get(j + 1) == Some(&b'}') => {
                    end = Some(j);
                    break;
                }
                _ => j += 1,
            }
        }
        let Some(close_at) = end else {
            break;
        };
        let inner_end = if close_at > inner_start && b[close_at - 1] == b'-' {
            close_at - 1
        } else {
            close_at
        };
        out.push(Tag {
            output,
            whole: start..close_at + 2,
            inner: inner_start..inner_end,
        });
        i = close_at + 2;
    }
    out
}

/// Where a filter chosen in Insert… goes for the caret at byte `caret`: the end of the
/// expression of the tag the caret is in (or has just left), before its spaces and its closing
/// delimiter.
pub fn filter_place(text: &str, caret: usize) -> Result<usize, NoTag> {
    let tag = tags(text)
        .into_iter()
        .find(|t| t.whole.start < caret && caret <= t.whole.end)
        .ok_or(NoTag::Outside)?;
    let inner = &text[tag.inner.clone()];
    if !tag.output {
        let word = inner.split_whitespace().next().unwrap_or("");
        if word != "assign" {
            return Err(NoTag::NotFiltered);
        }
    }
    Ok(tag.inner.start + inner.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(text: &str, caret: usize) -> Result<String, NoTag> {
        filter_place(text, caret).map(|at| {
            let mut t = text.to_owned();
            t.insert_str(at, " | json_escape");
            t
        })
    }

    #[test]
    fn a_filter_goes_at_the_end_of_the_tag_around_the_caret() {
        let t = r#"{"name": "{{${first_name}}}"}"#;
        let inside = t.find("first").unwrap();
        assert_eq!(
            insert(t, inside).unwrap(),
            r#"{"name": "{{${first_name} | json_escape}}"}"#
        );
        // Just after the tag (it was just inserted) it goes into that tag too.
        let after = t.find("}}\"").unwrap() + 2;
        assert_eq!(
            insert(t, after).unwrap(),
            r#"{"name": "{{${first_name} | json_escape}}"}"#
        );
        let t = "{{ plan | capitalize }} x";
        assert_eq!(
            insert(t, 4).unwrap(),
            "{{ plan | capitalize | json_escape }} x"
        );
        let t = "{% assign p = custom_attribute.${plan} %}";
        assert_eq!(
            insert(t, 12).unwrap(),
            "{% assign p = custom_attribute.${plan} | json_escape %}"
        );
        let t = "{{ 'a}}b' }}";
        assert_eq!(insert(t, 3).unwrap(), "{{ 'a}}b' | json_escape }}");
        let t = "{{- x -}}";
        assert_eq!(insert(t, 4).unwrap(), "{{- x | json_escape -}}");
    }

    #[test]
    fn outside_a_tag_or_in_one_without_filters_it_says_why() {
        let t = r#"{"name": "Zoë {{${first_name}}}"}"#;
        assert_eq!(insert(t, 3), Err(NoTag::Outside));
        assert_eq!(insert(t, 0), Err(NoTag::Outside));
        assert_eq!(insert(t, t.len()), Err(NoTag::Outside));
        let t = "{% if x %}y{% endif %}";
        assert_eq!(insert(t, 4), Err(NoTag::NotFiltered));
        assert_eq!(insert(t, 10), Err(NoTag::NotFiltered), "just after the if");
        assert_eq!(insert(t, 11), Err(NoTag::Outside));
    }
}
