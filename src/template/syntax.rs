//! Ruby Liquid's lax-mode regular expressions, as scanners over byte offsets.
//!
//! Ruby Liquid (the engine Braze runs) parses tag and output markup with regexes and ignores
//! whatever they do not match. Each function here is one of them, named after its Ruby constant,
//! so that zenbraze accepts, ignores and splits exactly what Braze does. `\w`, `\s` and `\b` are
//! ASCII, as in Ruby. In the braze dialect a `${...}` attribute reference is one unit of a
//! fragment (it may hold spaces: `${zip code}`).

/// Ruby's `\w`.
pub fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Ruby's `\s`.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// `\b` at `i`.
pub fn boundary(s: &[u8], i: usize) -> bool {
    let before = i > 0 && is_word(s[i - 1]);
    let after = i < s.len() && is_word(s[i]);
    before != after
}

/// The end of a quoted string opening at `i` (`"[^"]*"` or `'[^']*'`).
fn quoted_at(s: &[u8], i: usize) -> Option<usize> {
    let q = *s.get(i)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    s[i + 1..]
        .iter()
        .position(|&b| b == q)
        .map(|j| i + 1 + j + 1)
}

/// The end of a `${...}` opening at `i` (braze dialect).
fn attribute_at(s: &[u8], i: usize) -> Option<usize> {
    if s.get(i) == Some(&b'$') && s.get(i + 1) == Some(&b'{') {
        s[i + 2..]
            .iter()
            .position(|&b| b == b'}')
            .map(|j| i + 2 + j + 1)
    } else {
        None
    }
}

/// `QuotedFragment` matched at `i` exactly: a quoted string, or a run of characters other than
/// whitespace, `,`, `|` and quotes, with quoted strings (and `${...}`) inside.
pub fn quoted_fragment_at(s: &[u8], i: usize, braze: bool) -> Option<usize> {
    if let Some(end) = quoted_at(s, i) {
        return Some(end);
    }
    let mut j = i;
    loop {
        if braze && let Some(end) = attribute_at(s, j) {
            j = end;
            continue;
        }
        match s.get(j) {
            Some(&b) if !is_space(b) && !matches!(b, b',' | b'|' | b'\'' | b'"') => j += 1,
            Some(b'\'' | b'"') => match quoted_at(s, j) {
                Some(end) => j = end,
                None => break,
            },
            _ => break,
        }
    }
    (j > i).then_some(j)
}

/// The leftmost `QuotedFragment` at or after `from`.
pub fn find_quoted_fragment(s: &[u8], from: usize, braze: bool) -> Option<(usize, usize)> {
    (from..s.len()).find_map(|i| quoted_fragment_at(s, i, braze).map(|end| (i, end)))
}

/// `QuotedFragment+` at `i` (fragments back to back, as `for`'s collection).
pub fn quoted_fragments_at(s: &[u8], i: usize, braze: bool) -> Option<usize> {
    let mut end = quoted_fragment_at(s, i, braze)?;
    while let Some(next) = quoted_fragment_at(s, end, braze) {
        end = next;
    }
    Some(end)
}

fn skip_spaces(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    i
}

/// `\w+` leftmost in `s[from..to]`.
pub fn find_word(s: &[u8], from: usize, to: usize) -> Option<(usize, usize)> {
    let start = (from..to).find(|&i| is_word(s[i]))?;
    let end = (start..to).find(|&i| !is_word(s[i])).unwrap_or(to);
    Some((start, end))
}

/// One filter of an output: its name and its argument texts, as byte ranges of the markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterMarkup {
    pub name: (usize, usize),
    pub args: Vec<(usize, usize)>,
}

/// `Variable#lax_parse`: the first fragment is the value; after the first `|`, runs of
/// fragments (`FilterParser`) are filters, each named by its first word, with the fragments
/// after each `:` or `,` (`FilterArgsRegex`) as arguments.
pub fn variable_markup(s: &[u8], braze: bool) -> (Option<(usize, usize)>, Vec<FilterMarkup>) {
    let Some((name_start, name_end)) = find_quoted_fragment(s, 0, braze) else {
        return (None, Vec::new());
    };
    let mut filters = Vec::new();
    let Some(pipe) = s[name_end..].iter().position(|&b| b == b'|') else {
        return (Some((name_start, name_end)), filters);
    };
    let mut i = skip_spaces(s, name_end + pipe + 1);
    // `FilterParser = /(?:\s+|QuotedFragment|,)+/`: `|` (and a lone quote) end a run.
    while i < s.len() {
        let start = i;
        loop {
            if i < s.len() && is_space(s[i]) {
                i = skip_spaces(s, i);
            } else if let Some(end) = quoted_fragment_at(s, i, braze) {
                i = end;
            } else if s.get(i) == Some(&b',') {
                i += 1;
            } else {
                break;
            }
        }
        if i == start {
            i += 1;
            continue;
        }
        if let Some(name) = find_word(s, start, i) {
            filters.push(FilterMarkup {
                name,
                args: filter_args(s, start, i, braze),
            });
        }
    }
    (Some((name_start, name_end)), filters)
}

/// `FilterArgsRegex = /(?::|,)\s*((?:\w+\s*\:\s*)?QuotedFragment)/`, scanned over one filter.
fn filter_args(s: &[u8], from: usize, to: usize, braze: bool) -> Vec<(usize, usize)> {
    let s = &s[..to];
    let mut args = Vec::new();
    let mut i = from;
    while i < to {
        if s[i] != b':' && s[i] != b',' {
            i += 1;
            continue;
        }
        let start = skip_spaces(s, i + 1);
        // An optional `key:` before the fragment.
        let keyed = (|| {
            let (ws, we) = (start, (start..to).find(|&k| !is_word(s[k])).unwrap_or(to));
            if we == ws {
                return None;
            }
            let colon = skip_spaces(s, we);
            if s.get(colon) != Some(&b':') {
                return None;
            }
            quoted_fragment_at(s, skip_spaces(s, colon + 1), braze)
        })();
        match keyed.or_else(|| quoted_fragment_at(s, start, braze)) {
            Some(end) => {
                args.push((start, end));
                i = end;
            }
            None => i += 1,
        }
    }
    args
}

/// `JustTagAttributes = /\A(\w[\w-]*)\s*\:\s*(QuotedFragment)\z/`: a keyword argument's name
/// and value.
pub fn keyword_argument(s: &[u8], braze: bool) -> Option<((usize, usize), (usize, usize))> {
    if !s.first().is_some_and(|&b| is_word(b)) {
        return None;
    }
    let name_end = (1..s.len())
        .find(|&k| !(is_word(s[k]) || s[k] == b'-'))
        .unwrap_or(s.len());
    let colon = skip_spaces(s, name_end);
    if s.get(colon) != Some(&b':') {
        return None;
    }
    let value = skip_spaces(s, colon + 1);
    let end = quoted_fragment_at(s, value, braze)?;
    (end == s.len()).then_some(((0, name_end), (value, end)))
}

/// `TagAttributes = /(\w[\w-]*)\s*\:\s*(QuotedFragment)/`, scanned: `limit: 3` and friends.
pub fn tag_attributes(s: &[u8], braze: bool) -> Vec<((usize, usize), (usize, usize))> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !is_word(s[i]) {
            i += 1;
            continue;
        }
        let name_end = (i + 1..s.len())
            .find(|&k| !(is_word(s[k]) || s[k] == b'-'))
            .unwrap_or(s.len());
        let colon = skip_spaces(s, name_end);
        let found = (s.get(colon) == Some(&b':'))
            .then(|| {
                let v = skip_spaces(s, colon + 1);
                quoted_fragment_at(s, v, braze).map(|end| (v, end))
            })
            .flatten();
        match found {
            Some(value) => {
                out.push(((i, name_end), value));
                i = value.1;
            }
            // The regex would retry from the next character (inside the same word).
            None => i += 1,
        }
    }
    out
}

/// `VariableParser = /\[[^\]]+\]|[\w-]+\??/` (and `${...}` in the braze dialect), scanned.
pub fn variable_parts(s: &[u8], braze: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if braze && let Some(end) = attribute_at(s, i) {
            out.push((i, end));
            i = end;
        } else if s[i] == b'[' {
            match s[i + 1..].iter().position(|&b| b == b']') {
                Some(j) if j > 0 => {
                    out.push((i, i + 1 + j + 1));
                    i += j + 2;
                }
                _ => i += 1,
            }
        } else if is_word(s[i]) || s[i] == b'-' {
            let mut end = (i..s.len())
                .find(|&k| !(is_word(s[k]) || s[k] == b'-'))
                .unwrap_or(s.len());
            if s.get(end) == Some(&b'?') {
                end += 1;
            }
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// `\b(?:\s?and\s?|\s?or\s?)\b` at `i`: the end of the operator.
fn and_or_at(s: &[u8], i: usize) -> Option<usize> {
    if !boundary(s, i) {
        return None;
    }
    for word in [&b"and"[..], &b"or"[..]] {
        for lead in [1usize, 0] {
            if lead == 1 && !s.get(i).is_some_and(|&b| is_space(b)) {
                continue;
            }
            let w = i + lead;
            if !s[w.min(s.len())..].starts_with(word) {
                continue;
            }
            let after = w + word.len();
            for trail in [1usize, 0] {
                if trail == 1 && !s.get(after).is_some_and(|&b| is_space(b)) {
                    continue;
                }
                if boundary(s, after + trail) {
                    return Some(after + trail);
                }
            }
        }
    }
    None
}

/// `If::ExpressionsAndOperators`, scanned: conditions and the `and`/`or` between them, in order.
pub fn expressions_and_operators(s: &[u8], braze: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if let Some(end) = and_or_at(s, i) {
            out.push((i, end));
            i = end;
            continue;
        }
        // `(?:\s*(?!and|or)(?:QuotedFragment|\S+)\s*)+`
        let start = i;
        let mut j = i;
        loop {
            let k = skip_spaces(s, j);
            if k >= s.len() || and_or_at(s, k).is_some() {
                break;
            }
            let end = quoted_fragment_at(s, k, braze)
                .unwrap_or_else(|| (k..s.len()).find(|&m| is_space(s[m])).unwrap_or(s.len()));
            if end == k {
                break;
            }
            j = skip_spaces(s, end);
        }
        if j > start {
            out.push((start, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A byte range of the markup, `(start, end)`.
pub type Span = (usize, usize);

/// `If::Syntax = /(QuotedFragment)\s*([=!<>a-z_]+)?\s*(QuotedFragment)?/`: left, operator and
/// right of one comparison.
pub fn comparison(s: &[u8], braze: bool) -> Option<(Span, Option<Span>, Option<Span>)> {
    let left = find_quoted_fragment(s, 0, braze)?;
    let op_start = skip_spaces(s, left.1);
    let op_end = (op_start..s.len())
        .find(|&k| !matches!(s[k], b'=' | b'!' | b'<' | b'>' | b'a'..=b'z' | b'_'))
        .unwrap_or(s.len());
    let op = (op_end > op_start).then_some((op_start, op_end));
    let right_start = skip_spaces(s, if op.is_some() { op_end } else { left.1 });
    let right = quoted_fragment_at(s, right_start, braze).map(|end| (right_start, end));
    Some((left, op, right))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(s: &'a str, spans: &[(usize, usize)]) -> Vec<&'a str> {
        spans.iter().map(|(a, b)| &s[*a..*b]).collect()
    }

    #[test]
    fn outputs_split_as_ruby_does() {
        let s = " x | append: 'a:b', y | date: \"%H:%M\" | default: 'n', allow_false: true ";
        let (name, filters) = variable_markup(s.as_bytes(), false);
        assert_eq!(&s[name.unwrap().0..name.unwrap().1], "x");
        let names: Vec<&str> = filters.iter().map(|f| &s[f.name.0..f.name.1]).collect();
        assert_eq!(names, ["append", "date", "default"]);
        assert_eq!(texts(s, &filters[0].args), ["'a:b'", "y"]);
        assert_eq!(texts(s, &filters[1].args), ["\"%H:%M\""]);
        assert_eq!(texts(s, &filters[2].args), ["'n'", "allow_false: true"]);
        let s = "x | plus:1";
        let (_, f) = variable_markup(s.as_bytes(), false);
        assert_eq!(texts(s, &f[0].args), ["1"]);
    }

    #[test]
    fn conditions_split_on_and_or() {
        let s = "a and b or c contains 'and' or android";
        let parts = expressions_and_operators(s.as_bytes(), false);
        assert_eq!(
            texts(s, &parts),
            [
                "a ",
                "and ",
                "b ",
                "or ",
                "c contains 'and' ",
                "or ",
                "android"
            ]
        );
    }

    #[test]
    fn variable_parts_as_ruby() {
        let s = "a.b[0]['c d'].size";
        assert_eq!(
            texts(s, &variable_parts(s.as_bytes(), false)),
            ["a", "b", "[0]", "['c d']", "size"]
        );
        let s = "custom_attribute.${zip code}";
        assert_eq!(
            texts(s, &variable_parts(s.as_bytes(), true)),
            ["custom_attribute", "${zip code}"]
        );
    }
}
