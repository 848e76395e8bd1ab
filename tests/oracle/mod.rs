//! The differential fuzzer: every generated case rendered by Shopify's Ruby Liquid (through
//! `render.rb`, one long-lived `ruby` process) and by zenbraze, mismatches minimised and
//! bucketed by the constructs they still contain.

#![allow(dead_code)]

pub mod edges;
pub mod generate;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value as Json, json};
use zenbraze::template::{self, Dialect, Environment, RenderContext, Rendered};

pub use generate::{Case, Flavour};

/// What an engine made of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Output(String),
    /// The template does not parse (Ruby: a `Liquid::SyntaxError`).
    Error(String),
}

impl Answer {
    pub fn agrees(&self, other: &Answer) -> bool {
        match (self, other) {
            (Answer::Output(a), Answer::Output(b)) => a == b,
            (Answer::Error(_), Answer::Error(_)) => true,
            _ => false,
        }
    }
}

/// The Ruby side: `ruby tests/oracle/render.rb`, fed one case per line.
pub struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// Why the oracle cannot run here.
pub fn unavailable() -> Option<String> {
    let probe = Command::new("ruby")
        .args([
            "-e",
            "require 'active_support'; require 'liquid'; print Liquid::VERSION",
        ])
        .output();
    match probe {
        Err(e) => Some(format!(
            "`ruby` cannot be run ({e}): apt-get install ruby ruby-liquid ruby-activesupport"
        )),
        Ok(o) if !o.status.success() => Some(format!(
            "Ruby cannot load Liquid or ActiveSupport ({}): apt-get install ruby-liquid ruby-activesupport",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Ok(o) => {
            let version = String::from_utf8_lossy(&o.stdout).to_string();
            (!version.starts_with("5.4"))
                .then(|| format!("ruby-liquid is {version}, the oracle is Liquid 5.4"))
        }
    }
}

impl Oracle {
    pub fn start(flavour: Flavour) -> Oracle {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle/render.rb");
        let mut child = Command::new("ruby")
            .arg(script)
            .args((flavour == Flavour::Braze).then_some("--braze"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ruby starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Oracle {
            child,
            stdin,
            stdout,
        }
    }

    pub fn render(&mut self, case: &Case, flavour: Flavour) -> Answer {
        let request = json!({
            "template": case.template,
            "data": ruby_data(case, flavour),
            "dialect": match flavour { Flavour::Liquid => "liquid", Flavour::Braze => "braze" },
        });
        writeln!(self.stdin, "{request}").expect("the oracle reads");
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("the oracle answers");
        let answer: Json = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the oracle's answer is JSON ({e}): {line:?}"));
        match (answer.get("output"), answer.get("error")) {
            (Some(Json::String(o)), _) => Answer::Output(o.clone()),
            (_, Some(e)) => Answer::Error(e.as_str().unwrap_or_default().to_owned()),
            _ => panic!("unexpected oracle answer {line}"),
        }
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Braze tags and the profile field each reads (the oracle gets the values under `zb_user`).
const TAGS: &[(&str, &str)] = &[
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("email_address", "email"),
    ("city", "home_city"),
    ("country", "country"),
    ("language", "language"),
    ("user_id", "external_id"),
    ("date_of_birth", "dob"),
    ("gender", "gender"),
];

/// What Ruby renders with: the globals, or for Braze the tags' values and the namespaces.
fn ruby_data(case: &Case, flavour: Flavour) -> Json {
    match flavour {
        Flavour::Liquid => case.data.clone(),
        Flavour::Braze => {
            let mut user = serde_json::Map::new();
            for (tag, field) in TAGS {
                if let Some(v) = case.data.get(*field) {
                    user.insert((*tag).to_owned(), v.clone());
                }
            }
            json!({
                "zb_user": user,
                "custom_attribute": case.data.get("custom_attributes").cloned().unwrap_or(json!({})),
                "event_properties": case.event,
            })
        }
    }
}

/// zenbraze's answer.
pub fn zenbraze(case: &Case, flavour: Flavour) -> Answer {
    let (dialect, env, subject) = match flavour {
        Flavour::Liquid => {
            let globals = case.data.as_object().cloned().unwrap_or_default();
            (
                Dialect::Liquid,
                Environment::new().with_globals(&globals),
                None,
            )
        }
        Flavour::Braze => {
            let context = RenderContext {
                event_properties: case.event.as_object().cloned(),
                ..RenderContext::default()
            };
            let env = Environment::new()
                .with_context(&context)
                .expect("a context without content blocks");
            (Dialect::Braze, env, Some(&case.data))
        }
    };
    match template::parse(&case.template, dialect) {
        Err(e) => Answer::Error(e.to_string()),
        Ok(compiled) => match compiled.render(&env, subject) {
            Ok(Rendered::Output(o)) => Answer::Output(o),
            Ok(Rendered::Aborted(r)) => Answer::Output(format!("<aborted {r:?}>")),
            Err(e) => Answer::Output(format!("<render error {e}>")),
        },
    }
}

/// The template's pieces: text, `{{ … }}` and `{% … %}`.
pub fn tokens(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let open = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min();
        match open {
            Some(0) => {
                let close = if rest.starts_with("{{") { "}}" } else { "%}" };
                let end = rest[2..].find(close).map_or(rest.len(), |i| i + 4);
                out.push(&rest[..end]);
                rest = &rest[end..];
            }
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i..];
            }
            None => {
                out.push(rest);
                rest = "";
            }
        }
    }
    out
}

/// A mismatch, smallest first.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub case: Case,
    pub ruby: Answer,
    pub ours: Answer,
}

fn mismatches(case: &Case, flavour: Flavour, oracle: &mut Oracle) -> Option<(Answer, Answer)> {
    let ours = std::panic::catch_unwind(|| zenbraze(case, flavour))
        .unwrap_or_else(|_| Answer::Output("<panic>".into()));
    let ruby = oracle.render(case, flavour);
    (!ruby.agrees(&ours)).then_some((ruby, ours))
}

/// Shrinks a mismatching case while it still mismatches: pieces of the template dropped
/// (ddmin over tokens), filters dropped from outputs, text shortened, data keys removed.
pub fn minimise(case: &Case, flavour: Flavour, oracle: &mut Oracle) -> Mismatch {
    let mut best = case.clone();
    let (mut ruby, mut ours) = mismatches(case, flavour, oracle).expect("a mismatching case");
    let mut attempts = 0;
    let mut try_case = |candidate: Case, oracle: &mut Oracle, best: &mut Case| -> bool {
        attempts += 1;
        if attempts > 1500 {
            return false;
        }
        match mismatches(&candidate, flavour, oracle) {
            // Keep a reduction only if it still fails the same way (a new parse error on one
            // side is a different problem).
            Some((r, o))
                if matches!(r, Answer::Output(_)) == matches!(ruby, Answer::Output(_))
                    && matches!(o, Answer::Output(_)) == matches!(ours, Answer::Output(_)) =>
            {
                *best = candidate;
                ruby = r;
                ours = o;
                true
            }
            _ => false,
        }
    };
    loop {
        let mut progress = false;
        // Drop runs of tokens, halving the run length.
        let mut len = tokens(&best.template).len() / 2;
        while len >= 1 {
            let mut start = 0;
            while start < tokens(&best.template).len() {
                let toks = tokens(&best.template);
                if start + len > toks.len() {
                    break;
                }
                let candidate: String = toks[..start]
                    .iter()
                    .chain(&toks[start + len..])
                    .copied()
                    .collect();
                let c = Case {
                    template: candidate,
                    ..best.clone()
                };
                if try_case(c, oracle, &mut best) {
                    progress = true;
                } else {
                    start += 1;
                }
            }
            len /= 2;
        }
        // Drop whole blocks (`{% if %}…{% endif %}`), or keep only their body.
        let toks: Vec<String> = tokens(&best.template)
            .into_iter()
            .map(str::to_owned)
            .collect();
        for (open, close) in blocks(&toks) {
            let toks: Vec<String> = tokens(&best.template)
                .into_iter()
                .map(str::to_owned)
                .collect();
            if close >= toks.len() {
                break;
            }
            let without: String = toks[..open].concat() + &toks[close + 1..].concat();
            let unwrapped: String = toks[..open].concat()
                + &toks[open + 1..close].concat()
                + &toks[close + 1..].concat();
            for template in [without, unwrapped] {
                let c = Case {
                    template,
                    ..best.clone()
                };
                if try_case(c, oracle, &mut best) {
                    progress = true;
                    break;
                }
            }
        }
        // Drop filters, and shorten text.
        let toks: Vec<String> = tokens(&best.template)
            .into_iter()
            .map(str::to_owned)
            .collect();
        for i in 0..toks.len() {
            let toks: Vec<String> = tokens(&best.template)
                .into_iter()
                .map(str::to_owned)
                .collect();
            let Some(tok) = toks.get(i) else { break };
            let mut variants = Vec::new();
            if tok.starts_with("{{") || tok.starts_with("{%") {
                let pipes: Vec<usize> = tok.match_indices('|').map(|(i, _)| i).collect();
                for (k, &p) in pipes.iter().enumerate() {
                    let end = pipes
                        .get(k + 1)
                        .copied()
                        .unwrap_or_else(|| tok.len() - 2 - usize::from(tok.ends_with("-}}")));
                    variants.push(format!("{}{}", &tok[..p], &tok[end..]));
                }
                for trim in ["{{-", "{%-"] {
                    if tok.starts_with(trim) {
                        variants.push(format!("{}{}", &trim[..2], &tok[3..]));
                    }
                }
                for trim in ["-}}", "-%}"] {
                    if tok.ends_with(trim) {
                        variants.push(format!("{}{}", &tok[..tok.len() - 3], &trim[1..]));
                    }
                }
            } else if tok.chars().count() > 1 {
                variants.push(String::new());
                variants.push(tok.chars().take(1).collect());
            }
            for v in variants {
                let mut t = toks.clone();
                t[i] = v;
                let c = Case {
                    template: t.concat(),
                    ..best.clone()
                };
                if try_case(c, oracle, &mut best) {
                    progress = true;
                    break;
                }
            }
        }
        // Drop data.
        for path in json_paths(&best.data) {
            let mut data = best.data.clone();
            if remove_path(&mut data, &path) {
                let c = Case {
                    data,
                    ..best.clone()
                };
                if try_case(c, oracle, &mut best) {
                    progress = true;
                }
            }
        }
        if !progress {
            break;
        }
    }
    Mismatch {
        case: best,
        ruby,
        ours,
    }
}

/// Matching `{% name %}` … `{% endname %}` token pairs, innermost last.
fn blocks(toks: &[String]) -> Vec<(usize, usize)> {
    let name = |t: &str| -> Option<String> {
        let t = t.strip_prefix("{%")?.trim_start_matches('-').trim_start();
        Some(
            t.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect(),
        )
    };
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(n) = name(t) else { continue };
        if let Some(base) = n.strip_prefix("end") {
            if let Some(pos) = open.iter().rposition(|(o, _)| o == base) {
                let (_, start) = open.remove(pos);
                open.truncate(pos);
                pairs.push((start, i));
            }
        } else if matches!(
            n.as_str(),
            "if" | "unless"
                | "for"
                | "case"
                | "capture"
                | "raw"
                | "comment"
                | "tablerow"
                | "ifchanged"
        ) {
            open.push((n, i));
        }
    }
    pairs.sort_by_key(|(s, e)| std::cmp::Reverse(e - s));
    pairs
}

fn json_paths(v: &Json) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Json::Object(map) = v {
        for (k, child) in map {
            for mut sub in json_paths(child) {
                sub.insert(0, k.clone());
                out.push(sub);
            }
            out.push(vec![k.clone()]);
        }
    }
    out
}

fn remove_path(v: &mut Json, path: &[String]) -> bool {
    match path {
        [] => false,
        [last] => v
            .as_object_mut()
            .is_some_and(|m| m.shift_remove(last).is_some()),
        [first, rest @ ..] => v
            .get_mut(first)
            .is_some_and(|child| remove_path(child, rest)),
    }
}

/// A bucket's name: the tags and filters a minimised template still uses.
pub fn signature(template: &str) -> String {
    let mut parts = std::collections::BTreeSet::new();
    for tok in tokens(template) {
        let inner = tok
            .trim_start_matches(['{', '%', '-'])
            .trim_end_matches(['}', '%', '-']);
        if tok.starts_with("{%") {
            let name: String = inner
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                .collect();
            if !name.starts_with("end") && name != "else" {
                parts.insert(format!("{{% {name} %}}"));
            }
        } else if tok.starts_with("{{") {
            parts.insert("{{ }}".to_owned());
        } else {
            continue;
        }
        for f in inner.split('|').skip(1) {
            let name: String = f
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            parts.insert(format!("| {name}"));
        }
    }
    parts.into_iter().collect::<Vec<_>>().join(" ")
}

/// One run: cases generated from `seed`, compared, mismatches minimised and bucketed.
pub struct Run {
    pub total: usize,
    pub agreed: usize,
    pub buckets: BTreeMap<String, Vec<Mismatch>>,
}

impl Run {
    pub fn agreement(&self) -> f64 {
        self.agreed as f64 / self.total.max(1) as f64
    }

    /// Buckets, largest first, each with its smallest example.
    pub fn report(&self, flavour: Flavour) -> String {
        let mut buckets: Vec<(&String, &Vec<Mismatch>)> = self.buckets.iter().collect();
        buckets.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        let mut out = format!(
            "{flavour:?}: {}/{} agree ({:.2}%), {} buckets\n",
            self.agreed,
            self.total,
            self.agreement() * 100.0,
            buckets.len()
        );
        for (sig, cases) in buckets {
            let m = cases
                .iter()
                .min_by_key(|m| m.case.template.len())
                .expect("a bucket has cases");
            out.push_str(&format!(
                "\n## {} × {sig}\n  template: {:?}\n  data:     {}\n  ruby:     {:?}\n  zenbraze: {:?}\n",
                cases.len(),
                m.case.template,
                m.case.data,
                m.ruby,
                m.ours
            ));
        }
        out
    }
}

pub fn run(flavour: Flavour, seed: u64, cases: usize, oracle: &mut Oracle) -> Run {
    run_with(generate::case, flavour, seed, cases, oracle)
}

/// A run over the cases `generator` makes (the marketer-style [`generate::case`], or the
/// [`edges::case`] aimed at the corners).
pub fn run_with(
    generator: fn(&mut fastrand::Rng, Flavour) -> Case,
    flavour: Flavour,
    seed: u64,
    cases: usize,
    oracle: &mut Oracle,
) -> Run {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut run = Run {
        total: 0,
        agreed: 0,
        buckets: BTreeMap::new(),
    };
    // `ZENBRAZE_FUZZ_SHOW=n`: print the first n cases with both answers.
    let show: usize = std::env::var("ZENBRAZE_FUZZ_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for _ in 0..cases {
        let case = generator(&mut rng, flavour);
        run.total += 1;
        if run.total <= show {
            let ruby = oracle.render(&case, flavour);
            println!(
                "case {}: {:?}\n  data: {}{}\n  ruby: {ruby:?}\n  ours: {:?}",
                run.total,
                case.template,
                case.data,
                if case.event.is_null() {
                    String::new()
                } else {
                    format!(" event: {}", case.event)
                },
                zenbraze(&case, flavour)
            );
        }
        if mismatches(&case, flavour, oracle).is_none() {
            run.agreed += 1;
            continue;
        }
        let m = minimise(&case, flavour, oracle);
        run.buckets
            .entry(signature(&m.case.template))
            .or_default()
            .push(m);
    }
    run
}
