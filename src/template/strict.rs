//! Ruby Liquid's strict parser (`Liquid::Lexer` and `Liquid::Parser`), which the plain-Liquid
//! dialect uses as Shopify's strict mode does: markup is tokenized and checked, then each
//! expression is spelt back in canonical form (`bar[ 'baz' ]` → `bar['baz']`) and read by the lax
//! `Expression.parse`, exactly as Ruby does.

/// A token of `Liquid::Lexer`.
#[derive(Debug, Clone, PartialEq)]
enum Tok<'s> {
    Comparison(&'s str),
    Str(&'s str),
    Number(&'s str),
    Id(&'s str),
    DotDot,
    Special(u8),
    End,
}

/// What the strict parser refused: the text it found there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unexpected(pub String);

fn lex(s: &str) -> Result<Vec<Tok<'_>>, Unexpected> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && super::syntax::is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            out.push(Tok::End);
            return Ok(out);
        }
        let rest = &b[i..];
        let comparison = ["==", "!=", "<>", "<=", ">=", "<", ">"]
            .iter()
            .find(|op| rest.starts_with(op.as_bytes()))
            .map(|op| op.len())
            .or_else(|| {
                (rest.starts_with(b"contains")
                    && rest.get(8).is_some_and(|&c| super::syntax::is_space(c)))
                .then_some(8)
            });
        if let Some(n) = comparison {
            out.push(Tok::Comparison(&s[i..i + n]));
            i += n;
            continue;
        }
        if (rest[0] == b'\'' || rest[0] == b'"')
            && let Some(j) = rest[1..].iter().position(|&c| c == rest[0])
        {
            out.push(Tok::Str(&s[i..i + j + 2]));
            i += j + 2;
            continue;
        }
        // NUMBER_LITERAL = /-?\d+(\.\d+)?/
        let digits_from = usize::from(rest[0] == b'-');
        let digits = rest[digits_from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 {
            let mut n = digits_from + digits;
            if rest.get(n) == Some(&b'.') {
                let frac = rest[n + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if frac > 0 {
                    n += 1 + frac;
                }
            }
            out.push(Tok::Number(&s[i..i + n]));
            i += n;
            continue;
        }
        // IDENTIFIER = /[a-zA-Z_][\w-]*\??/
        if rest[0].is_ascii_alphabetic() || rest[0] == b'_' {
            let mut n = 1 + rest[1..]
                .iter()
                .take_while(|&&c| super::syntax::is_word(c) || c == b'-')
                .count();
            if rest.get(n) == Some(&b'?') {
                n += 1;
            }
            out.push(Tok::Id(&s[i..i + n]));
            i += n;
            continue;
        }
        if rest.starts_with(b"..") {
            out.push(Tok::DotDot);
            i += 2;
            continue;
        }
        match rest[0] {
            c @ (b'|' | b'.' | b':' | b',' | b'[' | b']' | b'(' | b')' | b'?' | b'-') => {
                out.push(Tok::Special(c));
                i += 1;
            }
            _ => {
                let ch = s[i..].chars().next().unwrap_or(' ');
                return Err(Unexpected(ch.to_string()));
            }
        }
    }
}

struct P<'s> {
    toks: Vec<Tok<'s>>,
    at: usize,
}

fn shown(t: &Tok<'_>) -> String {
    match t {
        Tok::Comparison(s) | Tok::Str(s) | Tok::Number(s) | Tok::Id(s) => (*s).to_owned(),
        Tok::DotDot => "..".into(),
        Tok::Special(c) => (*c as char).to_string(),
        Tok::End => "end of the tag".into(),
    }
}

impl<'s> P<'s> {
    fn new(s: &'s str) -> Result<Self, Unexpected> {
        Ok(P {
            toks: lex(s)?,
            at: 0,
        })
    }

    fn peek(&self, ahead: usize) -> &Tok<'s> {
        self.toks.get(self.at + ahead).unwrap_or(&Tok::End)
    }

    fn fail<T>(&self) -> Result<T, Unexpected> {
        Err(Unexpected(shown(self.peek(0))))
    }

    fn special(&mut self, c: u8) -> bool {
        if *self.peek(0) == Tok::Special(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect_special(&mut self, c: u8) -> Result<(), Unexpected> {
        if self.special(c) { Ok(()) } else { self.fail() }
    }

    fn id(&mut self) -> Result<&'s str, Unexpected> {
        match *self.peek(0) {
            Tok::Id(s) => {
                self.at += 1;
                Ok(s)
            }
            _ => self.fail(),
        }
    }

    fn is_id(&mut self, word: &str) -> bool {
        if *self.peek(0) == Tok::Id(word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn end(&self) -> Result<(), Unexpected> {
        if *self.peek(0) == Tok::End {
            Ok(())
        } else {
            self.fail()
        }
    }

    /// `Parser#expression`, spelt back as text.
    fn expression(&mut self) -> Result<String, Unexpected> {
        match *self.peek(0) {
            Tok::Id(s) => {
                self.at += 1;
                let mut out = s.to_owned();
                out.push_str(&self.variable_lookups()?);
                Ok(out)
            }
            Tok::Special(b'[') => {
                self.at += 1;
                let inner = self.expression()?;
                self.expect_special(b']')?;
                Ok(format!("[{inner}]{}", self.variable_lookups()?))
            }
            Tok::Str(s) | Tok::Number(s) => {
                self.at += 1;
                Ok(s.to_owned())
            }
            Tok::Special(b'(') => {
                self.at += 1;
                let first = self.expression()?;
                if *self.peek(0) != Tok::DotDot {
                    return self.fail();
                }
                self.at += 1;
                let last = self.expression()?;
                self.expect_special(b')')?;
                Ok(format!("({first}..{last})"))
            }
            _ => self.fail(),
        }
    }

    fn variable_lookups(&mut self) -> Result<String, Unexpected> {
        let mut out = String::new();
        loop {
            if self.special(b'[') {
                out.push('[');
                out.push_str(&self.expression()?);
                self.expect_special(b']')?;
                out.push(']');
            } else if self.special(b'.') {
                out.push('.');
                out.push_str(self.id()?);
            } else {
                return Ok(out);
            }
        }
    }

    /// `Parser#argument`: `key: value` or a value.
    fn argument(&mut self) -> Result<String, Unexpected> {
        if let (Tok::Id(key), Tok::Special(b':')) = (self.peek(0).clone(), self.peek(1).clone()) {
            self.at += 2;
            return Ok(format!("{key}: {}", self.expression()?));
        }
        self.expression()
    }
}

/// A checked output: the value's text and each filter's name and argument texts.
pub struct StrictVariable {
    pub value: Option<String>,
    pub filters: Vec<(String, Vec<String>)>,
}

/// `Variable#strict_parse`.
pub fn variable(markup: &str) -> Result<StrictVariable, Unexpected> {
    let mut p = P::new(markup)?;
    if *p.peek(0) == Tok::End {
        return Ok(StrictVariable {
            value: None,
            filters: Vec::new(),
        });
    }
    let value = p.expression()?;
    let mut filters = Vec::new();
    while p.special(b'|') {
        let name = p.id()?.to_owned();
        let mut args = Vec::new();
        if p.special(b':') {
            args.push(p.argument()?);
            while p.special(b',') {
                args.push(p.argument()?);
            }
        }
        filters.push((name, args));
    }
    p.end()?;
    Ok(StrictVariable {
        value: Some(value),
        filters,
    })
}

/// One comparison of a strict condition: left, operator and right as texts.
pub type Comparison = (String, Option<(String, String)>);

/// `If#strict_parse`: comparisons and the `and`/`or` between them, in order.
pub fn condition(markup: &str) -> Result<(Vec<Comparison>, Vec<&'static str>), Unexpected> {
    let mut p = P::new(markup)?;
    let mut comparisons = vec![comparison(&mut p)?];
    let mut operators = Vec::new();
    loop {
        let op = if p.is_id("and") {
            "and"
        } else if p.is_id("or") {
            "or"
        } else {
            break;
        };
        operators.push(op);
        comparisons.push(comparison(&mut p)?);
    }
    p.end()?;
    Ok((comparisons, operators))
}

fn comparison(p: &mut P<'_>) -> Result<Comparison, Unexpected> {
    let left = p.expression()?;
    if let Tok::Comparison(op) = *p.peek(0) {
        p.at += 1;
        let right = p.expression()?;
        return Ok((left, Some((op.to_owned(), right))));
    }
    Ok((left, None))
}

/// A checked `for` header.
pub struct StrictFor {
    pub var: String,
    pub collection: String,
    pub reversed: bool,
    pub attributes: Vec<(String, String)>,
}

/// `For#strict_parse`.
pub fn for_header(markup: &str) -> Result<StrictFor, Unexpected> {
    let mut p = P::new(markup)?;
    let var = p.id()?.to_owned();
    if !p.is_id("in") {
        return p.fail();
    }
    let collection = p.expression()?;
    let reversed = p.is_id("reversed");
    let mut attributes = Vec::new();
    // Current Liquid also takes commas between the attributes.
    p.special(b',');
    while matches!(p.peek(0), Tok::Id(_)) && *p.peek(1) == Tok::Special(b':') {
        let key = if p.is_id("limit") {
            "limit"
        } else if p.is_id("offset") {
            "offset"
        } else {
            return p.fail();
        };
        p.at += 1;
        attributes.push((key.to_owned(), p.expression()?));
        p.special(b',');
    }
    p.end()?;
    Ok(StrictFor {
        var,
        collection,
        reversed,
        attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_expressions() {
        let v = variable(" bar[ 'baz'  ] | default: 'x', allow_false: true | upcase ").unwrap();
        assert_eq!(v.value.as_deref(), Some("bar['baz']"));
        assert_eq!(
            v.filters[0],
            (
                "default".into(),
                vec!["'x'".into(), "allow_false: true".into()]
            )
        );
        assert_eq!(
            variable("(1 .. \n5)").unwrap().value.as_deref(),
            Some("(1..5)")
        );
        assert_eq!(
            variable("foo \n\t.bar").unwrap().value.as_deref(),
            Some("foo.bar")
        );
        for bad in [
            "@foo", "-foo", "1 + 2", "x * 3", "a[0]b", "a.0.b", "a.['b']", "foo..bar", "foo bar",
        ] {
            assert!(variable(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn conditions_and_loops() {
        let (c, ops) = condition("a == 'x' and b contains 'y' or c").unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(ops, ["and", "or"]);
        let f = for_header("x? in foo reversed limit: 2 offset: continue").unwrap();
        assert_eq!((f.var.as_str(), f.reversed), ("x?", true));
        assert_eq!(f.attributes[1], ("offset".into(), "continue".into()));
        assert!(for_header("x in -foo").is_err());
        assert!(for_header("x in foo limit: 2 reversed").is_err());
    }
}
