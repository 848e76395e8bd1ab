//! Expressions as Ruby Liquid's lax parser reads them: `Expression.parse` (literals, ranges,
//! variable lookups), `VariableLookup` (`a.b[0].size`) and `If`'s conditions, plus Braze's
//! `${attribute}` references.

use super::syntax;
use super::value::ruby_strip;

/// A parsed expression. Literals own their text so a compiled template is `Send + Sync`.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    /// A range of literals, already whole numbers.
    Range(i64, i64),
    /// A range with a variable end: `(1..n)`.
    DynRange(Box<Expr>, Box<Expr>),
    Var(Box<Var>),
    /// `blank` and `empty` in a condition (Ruby's `MethodLiteral`); elsewhere they are `''`.
    Blank,
    Empty,
}

/// `a.b[0].size`: a root and the lookups after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    pub root: Root,
    pub path: Vec<Seg>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Root {
    Name(Box<str>),
    /// `[expr]` as the first part.
    Dynamic(Expr),
    /// Braze's `${name}`: a profile attribute.
    Attribute(Box<str>),
    /// Nothing the lookup regex matched: always nil.
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    /// `.key`; `size`, `first` and `last` also work as methods when no such key exists.
    Key(Box<str>, bool),
    /// `[expr]`.
    Index(Expr),
}

/// An integer literal that does not fit in 64 bits (Ruby would make a Bignum).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge(pub String);

/// `Expression.parse`.
pub fn parse(markup: &str, braze: bool) -> Result<Expr, TooLarge> {
    let m = ruby_strip(markup);
    if m.len() >= 2 || m.len() == 1 {
        let b = m.as_bytes();
        if (b[0] == b'"' && b[b.len() - 1] == b'"') || (b[0] == b'\'' && b[b.len() - 1] == b'\'') {
            let inner = if m.len() >= 2 { &m[1..m.len() - 1] } else { "" };
            return Ok(Expr::Str(inner.into()));
        }
    }
    if is_integer(m) {
        return m
            .parse::<i64>()
            .map(Expr::Int)
            .map_err(|_| TooLarge(m.to_owned()));
    }
    if let Some((start, end)) = range_parts(m) {
        let (a, b) = (parse(start, braze)?, parse(end, braze)?);
        return Ok(match (literal_to_i(&a), literal_to_i(&b)) {
            (Some(a), Some(b)) => Expr::Range(a, b),
            _ => Expr::DynRange(Box::new(a), Box::new(b)),
        });
    }
    if is_float(m) {
        return Ok(Expr::Float(super::number::string_to_f(m)));
    }
    Ok(match m {
        "" | "nil" | "null" => Expr::Nil,
        "true" => Expr::Bool(true),
        "false" => Expr::Bool(false),
        "blank" | "empty" => Expr::Str("".into()),
        _ => Expr::Var(Box::new(lookup(m, braze)?)),
    })
}

/// `Condition.parse_expression`: `blank` and `empty` alone are method literals.
pub fn parse_condition_operand(markup: &str, braze: bool) -> Result<Expr, TooLarge> {
    match markup {
        "blank" => Ok(Expr::Blank),
        "empty" => Ok(Expr::Empty),
        _ => parse(markup, braze),
    }
}

/// `/\A(-?\d+)\z/`
fn is_integer(m: &str) -> bool {
    let digits = m.strip_prefix('-').unwrap_or(m);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `/\A(-?\d[\d\.]+)\z/`
fn is_float(m: &str) -> bool {
    let body = m.strip_prefix('-').unwrap_or(m).as_bytes();
    body.len() >= 2
        && body[0].is_ascii_digit()
        && body[1..].iter().all(|b| b.is_ascii_digit() || *b == b'.')
}

/// `RANGES_REGEX = /\A\(\s*(?>(\S+)\s*\.\.)\s*(\S+)\s*\)\z/`: the two ends' texts.
fn range_parts(m: &str) -> Option<(&str, &str)> {
    let inner = m.strip_prefix('(')?.strip_suffix(')')?;
    let b = inner.as_bytes();
    let start = b.iter().position(|c| !syntax::is_space(*c))?;
    let first_space = (start..b.len())
        .find(|&i| syntax::is_space(b[i]))
        .unwrap_or(b.len());
    // `(\S+)` is greedy: the last `..` reachable from a run of non-spaces.
    let dots = (start + 1..=b.len().saturating_sub(2))
        .rev()
        .filter(|&k| b[k..].starts_with(b".."))
        .find(|&k| {
            let run_end = k.min(first_space);
            // Non-spaces up to `run_end`, then optional spaces, then `..` at k.
            run_end > start && b[run_end..k].iter().all(|c| syntax::is_space(*c))
        })?;
    let run_end = dots.min(first_space);
    let rest = &inner[dots + 2..];
    let end = rest.trim_matches(|c: char| c.is_ascii() && syntax::is_space(c as u8));
    if end.is_empty() || end.bytes().any(syntax::is_space) {
        return None;
    }
    Some((&inner[start..run_end], end))
}

/// `to_i` of a literal end of a range (Ruby: `start_obj.to_i`).
fn literal_to_i(e: &Expr) -> Option<i64> {
    match e {
        Expr::Nil => Some(0),
        Expr::Int(i) => Some(*i),
        Expr::Float(f) if f.is_finite() => Some(*f as i64),
        Expr::Str(s) => Some(super::number::string_to_i(s)),
        _ => None,
    }
}

/// `VariableLookup.parse`.
pub fn lookup(markup: &str, braze: bool) -> Result<Var, TooLarge> {
    let parts = syntax::variable_parts(markup.as_bytes(), braze);
    let mut parts = parts.iter().map(|(a, b)| &markup[*a..*b]);
    let root = match parts.next() {
        None => Root::Missing,
        Some(p) if p.starts_with('[') => Root::Dynamic(parse(&p[1..p.len() - 1], braze)?),
        Some(p) if p.starts_with("${") => Root::Attribute(attribute_name(p).into()),
        Some(p) => Root::Name(p.into()),
    };
    let mut path = Vec::new();
    // `custom_attribute.${a.b}` keeps a dotted path inside `${}`.
    if let Root::Attribute(name) = &root
        && name.contains('.')
    {
        let mut keys = name.split('.').map(str::trim);
        let first = keys.next().unwrap_or_default().to_owned();
        path.extend(keys.map(|k| Seg::Key(k.into(), false)));
        return finish(Root::Attribute(first.into()), path, parts, braze);
    }
    finish(root, path, parts, braze)
}

fn finish<'p>(
    root: Root,
    mut path: Vec<Seg>,
    parts: impl Iterator<Item = &'p str>,
    braze: bool,
) -> Result<Var, TooLarge> {
    for p in parts {
        if p.starts_with('[') {
            path.push(Seg::Index(parse(&p[1..p.len() - 1], braze)?));
        } else if p.starts_with("${") {
            for key in attribute_name(p).split('.') {
                path.push(Seg::Key(key.trim().into(), false));
            }
        } else {
            let command = matches!(p, "size" | "first" | "last");
            path.push(Seg::Key(p.into(), command));
        }
    }
    Ok(Var { root, path })
}

/// `${ name }` → `name`.
pub fn attribute_name(p: &str) -> &str {
    p.strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(p)
        .trim()
}

/// A condition of `if`, `unless`, `elsif` or `when`.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Test(Expr),
    /// The operator as written: an unknown one is an error when it is evaluated, as in Ruby.
    Compare(Expr, Box<str>, Expr),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Else,
}

/// Why a condition does not parse (Ruby's "Syntax Error in tag 'if'").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CondError {
    Syntax,
    TooLarge(TooLarge),
}

impl From<TooLarge> for CondError {
    fn from(e: TooLarge) -> Self {
        CondError::TooLarge(e)
    }
}

/// `If#lax_parse`: comparisons joined by `and`/`or`, grouped from the right.
pub fn condition(markup: &str, braze: bool) -> Result<Cond, CondError> {
    let b = markup.as_bytes();
    let mut parts: Vec<&str> = syntax::expressions_and_operators(b, braze)
        .into_iter()
        .map(|(s, e)| &markup[s..e])
        .collect();
    let last = parts.pop().ok_or(CondError::Syntax)?;
    let mut cond = comparison(last, braze)?;
    while let Some(op) = parts.pop() {
        let left = parts.pop().ok_or(CondError::Syntax)?;
        let left = comparison(left, braze)?;
        cond = match op.trim() {
            "and" => Cond::And(Box::new(left), Box::new(cond)),
            "or" => Cond::Or(Box::new(left), Box::new(cond)),
            _ => return Err(CondError::Syntax),
        };
    }
    Ok(cond)
}

fn comparison(text: &str, braze: bool) -> Result<Cond, CondError> {
    let (left, op, right) = syntax::comparison(text.as_bytes(), braze).ok_or(CondError::Syntax)?;
    let left = parse_condition_operand(&text[left.0..left.1], braze)?;
    match op {
        None => Ok(Cond::Test(left)),
        Some((a, b)) => {
            let right = match right {
                Some((c, d)) => parse_condition_operand(&text[c..d], braze)?,
                None => Expr::Nil,
            };
            Ok(Cond::Compare(left, text[a..b].into(), right))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_as_ruby_reads_them() {
        assert_eq!(parse(" 'a b' ", false), Ok(Expr::Str("a b".into())));
        assert_eq!(parse("-12", false), Ok(Expr::Int(-12)));
        assert_eq!(parse("1.5", false), Ok(Expr::Float(1.5)));
        assert_eq!(parse("1.2.3", false), Ok(Expr::Float(1.2)));
        assert_eq!(parse("(1..3)", false), Ok(Expr::Range(1, 3)));
        assert_eq!(parse("( 2 .. 5 )", false), Ok(Expr::Range(2, 5)));
        assert_eq!(parse("empty", false), Ok(Expr::Str("".into())));
        assert!(matches!(parse("1e308", false), Ok(Expr::Var(_))));
        assert_eq!(
            parse("99999999999999999999", false),
            Err(TooLarge("99999999999999999999".into()))
        );
        assert!(matches!(parse("(1..n)", false), Ok(Expr::DynRange(..))));
    }

    #[test]
    fn lookups_as_ruby_reads_them() {
        let v = lookup("a.b[0].size", false).unwrap();
        assert_eq!(v.root, Root::Name("a".into()));
        assert_eq!(
            v.path,
            vec![
                Seg::Key("b".into(), false),
                Seg::Index(Expr::Int(0)),
                Seg::Key("size".into(), true)
            ]
        );
        let v = lookup("custom_attribute.${address.city}", true).unwrap();
        assert_eq!(
            v.path,
            vec![
                Seg::Key("address".into(), false),
                Seg::Key("city".into(), false)
            ]
        );
        let v = lookup("${first_name}", true).unwrap();
        assert_eq!(v.root, Root::Attribute("first_name".into()));
    }

    #[test]
    fn and_binds_from_the_right() {
        let c = condition("a and b or c", false).unwrap();
        let Cond::And(_, rest) = c else {
            panic!("{c:?}")
        };
        assert!(matches!(*rest, Cond::Or(..)));
        assert_eq!(condition("", false), Err(CondError::Syntax));
    }
}
