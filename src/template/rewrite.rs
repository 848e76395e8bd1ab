//! Source-to-source rewriting that lets liquid-core parse Braze (and Ruby-Liquid-5) templates.
//!
//! liquid-core's grammar knows neither Braze's `${...}` attribute tags, nor inner braces inside
//! tags (`{% if {{x}} == 1 %}`), nor `echo` / `{% liquid %}` / `{%# %}`, nor Braze's own tags whose
//! arguments are free text (`connected_content`, `catalog_items`, ...). We rewrite those into
//! plain liquid-core syntax once, at parse time, and keep a [`SourceMap`] so that every error
//! still points at the user's original line and column.

use super::braze;
use super::source_map::SourceMap;

/// Text runs at least this long are moved to the side table (see `Writer::plain`).
const TEXT_TABLE_MIN: usize = 12;
/// The tags that stand for a text run, and for a whitespace-only one.
pub const TEXT_TAG: &str = "zb_text";
pub const TEXT_SPACE_TAG: &str = "zb_space";

/// Ruby Liquid refuses blocks nested deeper than this; so do we, before liquid-core's
/// recursive parser could exhaust the stack.
pub const MAX_NESTING: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewriteError {
    /// Byte offset in the original template.
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Rewritten {
    pub source: String,
    pub map: SourceMap,
    /// Every filter call, in source order: its name and byte offset in `source`.
    pub filters: Vec<(String, usize)>,
    /// Text runs referred to by `{% zb_text N %}`; `N` counts from the segment's first text.
    pub texts: Vec<String>,
    /// Top-level segments: stretches that open and close their own blocks, so each parses on
    /// its own and an edit re-parses only the segment it touches.
    pub segments: Vec<SegmentMark>,
}

/// Where a top-level segment starts: in `source`, in `filters` and in `texts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentMark {
    pub out: usize,
    pub filters: usize,
    pub texts: usize,
}

const BLOCK_TAGS: &[&str] = &[
    "if",
    "unless",
    "for",
    "case",
    "capture",
    "tablerow",
    "ifchanged",
];

pub fn rewrite(src: &str, braze_syntax: bool) -> Result<Rewritten, RewriteError> {
    let mut w = Writer {
        src,
        out: String::with_capacity(src.len() + src.len() / 4),
        map: SourceMap::default(),
        braze: braze_syntax,
        open_blocks: Vec::new(),
        filters: Vec::new(),
        texts: Vec::new(),
        trim_next: false,
        segments: vec![SegmentMark {
            out: 0,
            filters: 0,
            texts: 0,
        }],
        nesting: 0,
    };
    w.text(0, src.len())?;
    if let Some((name, at)) = w.open_blocks.last() {
        return Err(RewriteError {
            offset: *at,
            message: format!("`{{% {name} %}}` is never closed with `{{% end{name} %}}`"),
        });
    }
    Ok(Rewritten {
        source: w.out,
        map: w.map,
        filters: w.filters,
        texts: w.texts,
        segments: w.segments,
    })
}

struct Writer<'s> {
    src: &'s str,
    out: String,
    map: SourceMap,
    braze: bool,
    /// Blocks opened and not yet closed: name and offset of the opening tag.
    open_blocks: Vec<(String, usize)>,
    filters: Vec<(String, usize)>,
    texts: Vec<String>,
    /// The previous markup ended with `-}}` / `-%}`: trim the start of the next text.
    trim_next: bool,
    segments: Vec<SegmentMark>,
    /// How many `text` calls deep we are (free-text tag arguments recurse).
    nesting: usize,
}

impl<'s> Writer<'s> {
    fn copy(&mut self, from: usize, to: usize) {
        if from < to {
            self.map.push(self.out.len(), from, true);
            self.out.push_str(&self.src[from..to]);
        }
    }

    fn emit(&mut self, text: &str, orig: usize) {
        if !text.is_empty() {
            self.map.push(self.out.len(), orig, false);
            self.out.push_str(text);
        }
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, RewriteError> {
        Err(RewriteError {
            offset,
            message: message.into(),
        })
    }

    /// Template text between `from` and `to`: plain text copied, markup rewritten.
    fn text(&mut self, from: usize, to: usize) -> Result<(), RewriteError> {
        self.nesting += 1;
        let mut pos = from;
        while let Some(start) = find_open(&self.src[pos..to]).map(|i| pos + i) {
            let trim_before = self.src.as_bytes().get(start + 2) == Some(&b'-');
            self.plain(pos, start, trim_before);
            if self.nesting == 1 && self.open_blocks.is_empty() {
                self.mark_segment();
            }
            pos = if self.src[start..].starts_with("{%") {
                self.tag(start, to)?
            } else {
                self.output(start, to)?
            };
            self.trim_next = pos >= 3 && self.src.as_bytes()[pos - 3] == b'-';
        }
        self.plain(pos, to, false);
        self.nesting -= 1;
        Ok(())
    }

    fn mark_segment(&mut self) {
        let mark = SegmentMark {
            out: self.out.len(),
            filters: self.filters.len(),
            texts: self.texts.len(),
        };
        match self.segments.last_mut() {
            Some(last) if last.out == mark.out => *last = mark,
            _ => self.segments.push(mark),
        }
    }

    /// Plain text between markup, with the whitespace control of its neighbours applied here.
    /// Long runs go to a side table and appear as `{% zb_text N %}`: liquid-core's grammar
    /// tests every character of raw text for `{{`/`{%`, which dominated parse time.
    fn plain(&mut self, from: usize, to: usize, trim_end: bool) {
        let mut from = from;
        let mut to = to;
        if std::mem::take(&mut self.trim_next) {
            let text = &self.src[from..to];
            from += text.len() - text.trim_start().len();
        }
        if trim_end {
            to = from + self.src[from..to].trim_end().len();
        }
        if to - from < TEXT_TABLE_MIN {
            self.copy(from, to);
            return;
        }
        let text = &self.src[from..to];
        let tag = if text.trim().is_empty() {
            TEXT_SPACE_TAG
        } else {
            TEXT_TAG
        };
        let base = self.segments.last().map_or(0, |s| s.texts);
        self.emit(&format!("{{% {tag} {} %}}", self.texts.len() - base), from);
        self.texts.push(text.to_owned());
    }

    /// Finds `close` after `from`, skipping `${...}` and nested `{{ ... }}`.
    fn find_close(
        &self,
        from: usize,
        to: usize,
        close: &str,
        open_at: usize,
    ) -> Result<usize, RewriteError> {
        let bytes = self.src.as_bytes();
        let mut i = from;
        let mut nested = 0usize;
        while i < to {
            let rest = &bytes[i..to];
            if let q @ (b'"' | b'\'') = rest[0] {
                // A quoted string may hold braces; an unmatched quote is just a character.
                i += self.src[i + 1..to].find(q as char).map_or(1, |j| j + 2);
            } else if rest.starts_with(b"${") {
                match self.src[i..to].find('}') {
                    Some(j) => i += j + 1,
                    None => return self.err(i, "`${` is never closed with `}`"),
                }
            } else if rest.starts_with(b"{{") {
                nested += 1;
                i += 2;
            } else if nested > 0 && rest.starts_with(b"}}") {
                nested -= 1;
                i += 2;
            } else if nested == 0 && rest.starts_with(close.as_bytes()) {
                return Ok(i);
            } else {
                i += 1;
            }
        }
        let what = if close == "%}" {
            "tag `{%`"
        } else {
            "output `{{`"
        };
        self.err(open_at, format!("{what} is never closed with `{close}`"))
    }

    fn output(&mut self, start: usize, to: usize) -> Result<usize, RewriteError> {
        let end = self.find_close(start + 2, to, "}}", start)?;
        let (l, inner_start) = trim_flag_left(self.src, start + 2, end);
        let (r, inner_end) = trim_flag_right(self.src, inner_start, end);
        let inner = self.src[inner_start..inner_end].trim();
        if self.braze
            && let Some(name) = inner
                .strip_prefix("content_blocks.${")
                .and_then(|s| s.strip_suffix('}'))
        {
            let tag = format!("{{%{l} zb_content_block {} {r}%}}", quote(name));
            self.emit(&tag, start);
            return Ok(end + 2);
        }
        if inner.is_empty() {
            // Ruby Liquid renders `{{}}` as nothing; liquid-core would reject it.
            if !l.is_empty() || !r.is_empty() {
                self.emit(&format!("{{%{l} comment %}}{{% endcomment {r}%}}"), start);
            }
            return Ok(end + 2);
        }
        self.emit(&format!("{{{{{l}"), start);
        let from = self.range_literal(inner_start, inner_end)?;
        self.markup(from, inner_end)?;
        self.render_filter(start);
        self.emit(&format!("{r}}}}}"), end);
        Ok(end + 2)
    }

    /// A leading range literal `(a..b)` (liquid-core only knows them in `for`) becomes
    /// `a | zb_range: b`. Returns where the rest of the expression starts.
    fn range_literal(&mut self, from: usize, to: usize) -> Result<usize, RewriteError> {
        let text = &self.src[from..to];
        let open = from + (text.len() - text.trim_start().len());
        if !self.src[open..to].starts_with('(') {
            return Ok(from);
        }
        let Some(close) = self.src[open..to].find(')').map(|i| open + i) else {
            return Ok(from);
        };
        let Some(dots) = self.src[open..close].find("..").map(|i| open + i) else {
            return Ok(from);
        };
        self.copy(from, open);
        self.markup(open + 1, dots)?;
        let name = super::filters::ruby::RANGE;
        self.filters.push((name.to_owned(), self.out.len() + 3));
        self.emit(&format!(" | {name}: "), dots);
        self.markup(dots + 2, close)?;
        Ok(close + 1)
    }

    /// Every output ends in Ruby's `to_s` (floats keep `.0`, hashes print as Ruby does). It is
    /// mapped to the output's opening `{{`, which traced renders report as the output's position.
    fn render_filter(&mut self, at: usize) {
        let name = super::filters::ruby::RENDER;
        self.filters.push((name.to_owned(), self.out.len() + 3));
        self.emit(&format!(" | {name}"), at);
    }

    fn tag(&mut self, start: usize, to: usize) -> Result<usize, RewriteError> {
        let end = self.find_close(start + 2, to, "%}", start)?;
        let after = end + 2;
        let (l, body_start) = trim_flag_left(self.src, start + 2, end);
        let (r, body_end) = trim_flag_right(self.src, body_start, end);
        let body = &self.src[body_start..body_end];
        let name_at = body_start + (body.len() - body.trim_start().len());
        let name = tag_name(&self.src[name_at..body_end]);
        let args_at = name_at + name.len();

        if name.starts_with('#') {
            let text = &self.src[name_at..body_end];
            if let Some(line) = text.lines().skip(1).find(|line| {
                let line = line.trim();
                !line.is_empty() && !line.starts_with('#')
            }) {
                let at = name_at + text.find(line).unwrap_or(0);
                return self.err(at, "every line of an inline comment must start with `#`");
            }
            if !l.is_empty() || !r.is_empty() {
                self.emit(&format!("{{%{l} comment %}}{{% endcomment {r}%}}"), start);
            }
            return Ok(after);
        }
        match name {
            "raw" | "comment" | "doc" => return self.verbatim_block(start, after, name, l, to),
            "echo" => {
                if self.src[args_at..body_end].trim().is_empty() {
                    return Ok(after);
                }
                self.emit(&format!("{{{{{l}"), start);
                self.markup(args_at, body_end)?;
                self.render_filter(start);
                self.emit(&format!("{r}}}}}"), end);
                return Ok(after);
            }
            "liquid" => {
                self.liquid_tag(start, args_at, body_end, l, r)?;
                return Ok(after);
            }
            _ => {}
        }
        if self.braze {
            match name {
                "abort_message" => {
                    let reason = self.src[args_at..body_end].trim();
                    let reason = reason
                        .strip_prefix('(')
                        .and_then(|s| s.strip_suffix(')'))
                        .unwrap_or(reason)
                        .trim();
                    self.emit(&format!("{{%{l} abort_message {reason} {r}%}}"), start);
                    return Ok(after);
                }
                "connected_content" | "catalog_items" | "message_extras" => {
                    // Free-text arguments that may hold Liquid: render them as a block body.
                    self.emit(&format!("{{%{l} {name} %}}"), start);
                    let args_start = args_at
                        + (self.src[args_at..body_end].len()
                            - self.src[args_at..body_end].trim_start().len());
                    self.text(args_start, body_end)?;
                    self.emit(&format!("{{% end{name} {r}%}}"), end);
                    return Ok(after);
                }
                _ => {}
            }
        }
        self.track_depth(name, start)?;
        self.emit(&format!("{{%{l}"), start);
        self.copy(body_start, args_at);
        let mut args_at = args_at;
        if name == "assign"
            && let Some(eq) = self.src[args_at..body_end]
                .find('=')
                .map(|i| args_at + i + 1)
        {
            self.markup(args_at, eq)?;
            args_at = self.range_literal(eq, body_end)?;
        }
        self.markup(args_at, body_end)?;
        self.emit(&format!("{r}%}}"), end);
        Ok(after)
    }

    fn track_depth(&mut self, name: &str, at: usize) -> Result<(), RewriteError> {
        if BLOCK_TAGS.contains(&name) {
            self.open_blocks.push((name.to_owned(), at));
            if self.open_blocks.len() > MAX_NESTING {
                return self.err(
                    at,
                    format!("blocks are nested more than {MAX_NESTING} deep"),
                );
            }
        } else if let Some(opened) = name.strip_prefix("end")
            && BLOCK_TAGS.contains(&opened)
        {
            match self.open_blocks.last() {
                Some((top, _)) if top == opened => {
                    self.open_blocks.pop();
                }
                Some((top, _)) => {
                    let message = format!(
                        "`{{% end{opened} %}}` found where `{{% end{top} %}}` was expected"
                    );
                    return self.err(at, message);
                }
                None => return self.err(at, format!("`{{% end{opened} %}}` closes nothing")),
            }
        }
        Ok(())
    }

    /// `raw`, `comment` and `doc` bodies are not Liquid. `raw` is copied through its end tag;
    /// comments and docs become an empty comment that keeps their whitespace control.
    fn verbatim_block(
        &mut self,
        start: usize,
        body: usize,
        name: &str,
        l: &str,
        to: usize,
    ) -> Result<usize, RewriteError> {
        let end_name = format!("end{name}");
        let mut pos = body;
        let mut nested = 0usize;
        while let Some(open) = self.src[pos..to].find("{%").map(|i| pos + i) {
            let rest = self.src[open + 2..to].trim_start_matches('-').trim_start();
            let found = tag_name(rest);
            let opens = name == "comment" && found == "comment";
            if found != end_name && !opens {
                pos = open + 2;
                continue;
            }
            let Some(close) = self.src[open..to].find("%}").map(|i| open + i) else {
                break;
            };
            if opens {
                nested += 1;
            } else if nested > 0 {
                nested -= 1;
            } else {
                if name == "raw" {
                    self.copy(start, close + 2);
                } else {
                    let r = if self.src[..close].ends_with('-') {
                        "-"
                    } else {
                        ""
                    };
                    self.emit(&format!("{{%{l} comment %}}{{% endcomment {r}%}}"), start);
                }
                return Ok(close + 2);
            }
            pos = close + 2;
        }
        self.err(
            start,
            format!("`{{% {name} %}}` is never closed with `{{% end{name} %}}`"),
        )
    }

    /// `{% liquid %}`: one tag per line, `echo` for output, `#` for comments.
    fn liquid_tag(
        &mut self,
        start: usize,
        from: usize,
        to: usize,
        l: &str,
        r: &str,
    ) -> Result<(), RewriteError> {
        if !l.is_empty() {
            self.emit(&format!("{{%{l} comment %}}{{% endcomment %}}"), start);
        }
        let mut pos = from;
        let mut in_comment = 0usize;
        let outer_blocks = self.open_blocks.len();
        while pos < to {
            let line_end = self.src[pos..to].find('\n').map_or(to, |i| pos + i);
            let line = &self.src[pos..line_end];
            let mut lead = line.len() - line.trim_start().len();
            let mut content = line.trim();
            // `liquid` inside `liquid` just continues the same list of tags.
            while tag_name(content) == "liquid" {
                let rest = &content["liquid".len()..];
                lead += content.len() - rest.trim_start().len();
                content = rest.trim();
            }
            let at = pos + lead;
            let end = at + content.len();
            let name = tag_name(content);
            pos = line_end + 1;
            if name.starts_with("end")
                && self.open_blocks.len() <= outer_blocks
                && BLOCK_TAGS.contains(&&name[3..])
            {
                return self.err(
                    at,
                    format!("`{name}` cannot close a block opened outside this `liquid` tag"),
                );
            }
            if content.is_empty() || name.starts_with('#') {
                continue;
            }
            if in_comment > 0 {
                match name {
                    "comment" => in_comment += 1,
                    "endcomment" => in_comment -= 1,
                    _ => {}
                }
                continue;
            }
            if name == "comment" {
                in_comment = 1;
                continue;
            }
            if name == "echo" {
                self.emit("{{", at);
                self.markup(at + 4, end)?;
                self.render_filter(at);
                self.emit("}}", end);
                continue;
            }
            self.track_depth(name, at)?;
            self.emit("{%", at);
            self.copy(at, at + name.len());
            self.markup(at + name.len(), end)?;
            self.emit("%}", end);
        }
        if !r.is_empty() {
            self.emit(&format!("{{% comment %}}{{% endcomment {r}%}}"), to);
        }
        Ok(())
    }

    /// The inside of `{{ }}` or `{% %}`: strings copied, inner braces dropped, `${...}` resolved.
    fn markup(&mut self, from: usize, to: usize) -> Result<(), RewriteError> {
        let bytes = self.src.as_bytes();
        let mut run = from;
        let mut i = from;
        while i < to {
            match bytes[i] {
                q @ (b'"' | b'\'') => {
                    i = self.src[i + 1..to]
                        .find(q as char)
                        .map_or(to, |j| i + 1 + j + 1);
                }
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    self.copy(run, i);
                    self.emit(" ", i);
                    i += 2;
                    run = i;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') && i + 1 < to => {
                    self.copy(run, i);
                    self.emit(" ", i);
                    i += 2;
                    run = i;
                }
                b'|' => {
                    i += 1;
                    let ws = self.src[i..to].len() - self.src[i..to].trim_start().len();
                    let name = tag_name(&self.src[i + ws..to]);
                    if !name.is_empty() && !name.starts_with('#') {
                        let out_at = self.out.len() + (i + ws - run);
                        self.filters.push((name.to_owned(), out_at));
                    }
                }
                c if (c.is_ascii_alphabetic() || c == b'_')
                    && (i == from || !is_ident_byte(bytes[i - 1]) && bytes[i - 1] != b'.') =>
                {
                    let end = i + self.src[i..to]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                        .unwrap_or(to - i);
                    let ident = &self.src[i..end];
                    if starts_with_keyword(ident) {
                        self.copy(run, i);
                        self.emit(KEYWORD_PREFIX, i);
                        run = i;
                    }
                    i = end;
                }
                b'$' if self.braze && bytes.get(i + 1) == Some(&b'{') => {
                    self.copy(run, i);
                    let close = match self.src[i..to].find('}') {
                        Some(j) => i + j,
                        None => return self.err(i, "`${` is never closed with `}`"),
                    };
                    self.attribute(i, &self.src[i + 2..close])?;
                    i = close + 1;
                    run = i;
                }
                _ => i += 1,
            }
        }
        self.copy(run, to);
        Ok(())
    }

    /// `${name}` alone is a profile field; `namespace.${a.b}` indexes into that namespace.
    fn attribute(&mut self, at: usize, name: &str) -> Result<(), RewriteError> {
        let name = name.trim();
        if name.is_empty() {
            return self.err(at, "`${}` names no attribute");
        }
        let namespaced = self.out.ends_with('.')
            && self.out[..self.out.len() - 1]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ']');
        let mut keys = name.split('.').map(str::trim);
        let mut text = String::new();
        if namespaced {
            self.out.pop();
        } else {
            let first = keys.next().unwrap_or_default();
            text.push_str(braze::USER_VAR);
            push_key(&mut text, braze::profile_field(first));
        }
        for key in keys {
            push_key(&mut text, key);
        }
        self.emit(&text, at);
        Ok(())
    }
}

/// `.key` when the key is a plain identifier (cheaper for liquid-core to parse), else `["key"]`.
fn push_key(text: &mut String, key: &str) {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        text.push('.');
        text.push_str(key);
    } else {
        text.push('[');
        text.push_str(&quote(key));
        text.push(']');
    }
}

/// liquid-core reads `nil_reason` as the literal `nil` followed by junk. Such names are
/// prefixed consistently in the rewritten template, and the lax runtime strips the prefix when
/// it looks the name up in the data.
pub const KEYWORD_PREFIX: &str = "zb_kw_";

fn starts_with_keyword(ident: &str) -> bool {
    ["nil", "null", "empty", "blank", "true", "false"]
        .iter()
        .any(|k| {
            ident.len() > k.len()
                && ident.starts_with(k)
                && is_ident_byte(ident.as_bytes()[k.len()])
        })
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn find_open(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find('{').map(|i| from + i) {
        match bytes.get(i + 1) {
            Some(b'{') | Some(b'%') => return Some(i),
            _ => from = i + 1,
        }
    }
    None
}

fn trim_flag_left(src: &str, at: usize, end: usize) -> (&'static str, usize) {
    if at < end && src.as_bytes()[at] == b'-' {
        ("-", at + 1)
    } else {
        ("", at)
    }
}

fn trim_flag_right(src: &str, start: usize, end: usize) -> (&'static str, usize) {
    if end > start && src.as_bytes()[end - 1] == b'-' {
        ("-", end - 1)
    } else {
        ("", end)
    }
}

/// The tag name at the start of markup: an identifier, or `#` for an inline comment.
fn tag_name(s: &str) -> &str {
    let s = s.trim_start();
    if s.starts_with('#') {
        return &s[..1];
    }
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// A Liquid string literal for `s` (Liquid has no escapes: pick the quote it does not contain).
pub(crate) fn quote(s: &str) -> String {
    if s.contains('"') {
        format!("'{s}'")
    } else {
        format!("\"{s}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rewritten text, without the `to_s` filter every output gets.
    fn rw(src: &str) -> String {
        rewrite(src, true).unwrap().source.replace(" | zb_to_s", "")
    }

    #[test]
    fn attribute_tags_in_every_position() {
        assert_eq!(rw("{{${first_name}}}"), "{{zb_user.first_name}}");
        assert_eq!(rw("{{${user_id}}}"), "{{zb_user.external_id}}");
        assert_eq!(
            rw("{{custom_attribute.${zip code}}}"),
            "{{custom_attribute[\"zip code\"]}}"
        );
        assert_eq!(
            rw("{% if {{custom_attribute.${games}}} == 1 %}{% endif %}"),
            "{% if  custom_attribute.games  == 1 %}{% endif %}"
        );
        assert_eq!(
            rw("{{x | plus: {{custom_attribute.${balance}}}}}"),
            "{{x | plus:  custom_attribute.balance }}"
        );
        assert_eq!(
            rw("{{custom_attribute.${songs}[0].artist}}"),
            "{{custom_attribute.songs[0].artist}}"
        );
        assert_eq!(
            rw("{{custom_attribute.${address.city}}}"),
            "{{custom_attribute.address.city}}"
        );
    }

    #[test]
    fn echo_liquid_and_inline_comments() {
        assert_eq!(rw("{% echo a | upcase %}"), "{{ a | upcase }}");
        assert_eq!(rw("a{%# note %}b"), "ab");
        assert_eq!(
            rw("{% liquid\n assign x = 1\n echo x\n %}"),
            "{%assign x = 1%}{{ x}}"
        );
    }

    #[test]
    fn raw_and_strings_are_untouched() {
        assert_eq!(
            rw("{% raw %}{{${x}}}{% endraw %}"),
            "{% raw %}{{${x}}}{% endraw %}"
        );
        assert_eq!(rw("{{ '{{' }}"), "{{ '{{' }}");
    }

    #[test]
    fn unterminated_markup_points_at_its_opening() {
        let e = rewrite("ab\n{{ x", true).unwrap_err();
        assert_eq!(e.offset, 3);
        let e = rewrite("{{ ${x", true).unwrap_err();
        assert!(e.message.contains("${"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "{% if true %}".repeat(MAX_NESTING + 1);
        let e = rewrite(&src, false).unwrap_err();
        assert!(e.message.contains("nested"));
    }

    #[test]
    fn map_points_into_the_original() {
        let src = "{{${first_name}}}\n{{ x | f }}";
        let r = rewrite(src, true).unwrap();
        let at = r.source.find("| f").unwrap() + 2;
        assert_eq!(r.map.original_offset(at), src.find("f }}").unwrap());
    }
}
