//! The edge generator (issue 25): small templates aimed at the corners the marketer-style
//! generator rarely reaches. Four families, mixed one to three to a case:
//! - `date` with the whole `strftime` directive set, flags (`-_0^#`), widths, `E`/`O`
//!   modifiers and colons, over many input shapes (Unix seconds either side of 1970, numeric
//!   text, ISO 8601 with `Z`, named and numeric zones, fractions of a second, month names) and
//!   formats that end inside a directive;
//! - number filters over numeric text (`' 12 '`, `'1e3'`, `'.5'`, `'12abc'`…);
//! - base64 in both alphabets, padded or not, and text that is not base64;
//! - tags over empty and odd inputs: `for`/`tablerow` over `''`, nil, numbers, empty lists,
//!   reversed ranges, odd `cols`/`limit`/`offset`; `increment`/`decrement` over data of every
//!   type; `cycle`, `ifchanged`, `capture`, `case` and `unless` on blanks.
//!
//! Every output is valid UTF-8 (binary text is a known difference, and the oracle's JSON cannot
//! carry it), no case reads the clock, and no integer passes 64 bits.

use fastrand::Rng;
use serde_json::{Value as Json, json};

use super::generate::{Case, Flavour};

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// Times as the data or a literal gives them to `date`.
const TIME_TEXTS: &[&str] = &[
    "2024-03-01 12:00:00 UTC",
    "2024-03-01T12:00:00Z",
    "2024-03-01",
    "2023-12-31T23:59:59+01:00",
    "2024-02-29 08:05:09",
    "2024-03-01T12:00:00+05:30",
    "2024-03-01T12:00:00-00:30",
    "2024-03-01T12:00:00-03:00",
    "2021-01-03 00:00:00",
    "2020-12-31 23:00:00 GMT",
    "2024-03-01T09:08:07.123456Z",
    "2024-03-01 00:00:00.5",
    "March 1, 2024",
    "1 Mar 2024",
    "2024/03/01",
    "Tue, 05 Mar 2024 10:00:00 -0500",
    "1709294400",
    "0",
    "86399",
    "2016-01-01",
    "2027-01-01 13:14:15",
    "not a date",
    "",
    "2024-03-01T12:00:00.987+02:00",
    "2024-12-30 10:00:00",
    "2026-01-01 00:00:00 UTC",
    "2010-01-03T05:06:07-0800",
    "DECEMBER 25, 2023",
    "25 dec 2023 18:30",
    "Sat, 01 Jan 2000 00:00:00 +0000",
    "1999-12-31 23:59:59.999999999 UTC",
];
const TIME_INTS: &[i64] = &[
    -86400,
    0,
    1,
    1_709_294_400,
    951_782_400,
    -1_000_000_000,
    2_000_000_000,
    -62_135_596_800,
    1_104_537_600,
    1_230_681_600,
    43_200,
];
/// Every conversion Ruby knows, and a few it does not.
const CONVERSIONS: &[u8] = b"aAbBcCdDeFgGhHIjklLmMnNpPrRsStTuUvVwWxXyYzZ%+Qqf";

fn strftime_format(rng: &mut Rng) -> String {
    let mut f = String::new();
    let n = rng.usize(1..4);
    for k in 0..n {
        if rng.usize(..4) == 0 {
            f.push_str(pick(rng, &["-", " ", "/", ":", "T", "x", "de ", ", "]));
        }
        f.push('%');
        for _ in 0..[0, 0, 1, 1, 2][rng.usize(..5)] {
            f.push(b"-_0^#"[rng.usize(..5)] as char);
        }
        if rng.usize(..3) == 0 {
            f.push_str(pick(
                rng,
                &[
                    "1", "2", "3", "4", "5", "6", "7", "8", "10", "12", "02", "0",
                ],
            ));
        }
        match rng.usize(..8) {
            0 => f.push(['E', 'O'][rng.usize(..2)]),
            1 => f.push_str(pick(rng, &[":", "::", ":::", "::::"])),
            // A flag after the width: Ruby prints the directive as written.
            2 if rng.usize(..3) == 0 => f.push(b"-_^#"[rng.usize(..4)] as char),
            _ => {}
        }
        let conv = if rng.usize(..3) == 0 {
            *b"zZ"[..].get(rng.usize(..2)).unwrap_or(&b'z')
        } else {
            CONVERSIONS[rng.usize(..CONVERSIONS.len())]
        };
        f.push(conv as char);
        // A format that ends inside a directive: Ruby's "invalid format".
        if k + 1 == n && rng.usize(..25) == 0 {
            f.push_str(pick(rng, &["%", "%-", "%5", "%_", "%E%"]));
        }
    }
    f
}

const NUMERIC_TEXTS: &[&str] = &[
    "1",
    "-1",
    "0",
    "1.5",
    "-0.5",
    " 12 ",
    "1e3",
    "1.0e2",
    "12abc",
    "abc",
    "",
    "007",
    "3.",
    ".5",
    "+4",
    "1_000",
    "0x1A",
    "2.675",
    "1,000",
    "-0",
    "9.99",
    "1.23456789",
    "  ",
    "0.1",
    "1e-2",
    "-7.25",
    "5.0",
    "100",
    "0.0",
    "-",
    "1.2.3",
    "\t8\n",
];
const NUMBER_ARGS: &[&str] = &[
    "1", "2", "-3", "0", "0.5", "2.5", "-1.5", "'2'", "'0.5'", "' 3 '", "'x'", "''", "'1e2'", "10",
    "3.0", "'-4'", "nil",
];

const BASE64_TEXTS: &[&str] = &[
    "aaa",
    "a",
    "ab",
    "abc",
    "hello world",
    "",
    "🎉",
    "é",
    "¿qué?",
    "?x>",
    "ÿÿ",
    "<b>&</b>",
    "line\nbreak",
    "50% off",
];
/// Encoded text in both alphabets, padded or not, and text that is not base64; every one
/// decodes to UTF-8 or is refused.
const BASE64_CODES: &[&str] = &[
    "YWFh",
    "YQ==",
    "YQ",
    "YQ=",
    "YWI=",
    "YWI",
    "8J+OiQ==",
    "8J-OiQ==",
    "8J-OiQ",
    "8J+OiQ",
    "w6k=",
    "w6k",
    "P3g+",
    "P3g-",
    "w7_Dvw==",
    "w7/Dvw==",
    "w7_Dvw",
    "Y",
    "YWFh\n",
    "YW Fh",
    "YQ===",
    "=",
    "",
    "aGVsbG8gd29ybGQ=",
    "aGVsbG8gd29ybGQ",
    "YR==",
    "****",
];

/// Values for the tag family: (liquid literal or nil, JSON for the data).
const ODD_VALUES: &[&str] = &[
    r#""""#,
    r#""abc""#,
    "null",
    "0",
    "5",
    "0.5",
    "-1.5",
    "2.0",
    "true",
    "false",
    "[]",
    "[null]",
    r#"["a", "", null]"#,
    "{}",
    r#"{"a": 1}"#,
    r#"" ""#,
    "-3",
];

struct Edge<'r> {
    rng: &'r mut Rng,
    flavour: Flavour,
    data: serde_json::Map<String, Json>,
    vars: usize,
}

pub fn case(rng: &mut Rng, flavour: Flavour) -> Case {
    let mut g = Edge {
        rng,
        flavour,
        data: serde_json::Map::new(),
        vars: 0,
    };
    let mut template = String::new();
    for i in 0..g.rng.usize(1..4) {
        if i > 0 {
            template.push('|');
        }
        match g.rng.usize(..10) {
            0..=3 => g.date(&mut template),
            4 | 5 => g.number(&mut template),
            6 => g.base64(&mut template),
            _ => g.tag(&mut template),
        }
    }
    let data = Json::Object(g.data);
    match flavour {
        Flavour::Liquid => Case {
            template,
            data,
            event: Json::Null,
        },
        Flavour::Braze => Case {
            template,
            data: json!({"external_id": "user-1"}),
            event: data,
        },
    }
}

/// A quoted literal (the texts hold no quote of the other kind).
fn quote(s: &str) -> String {
    if s.contains('\'') {
        format!("\"{s}\"")
    } else {
        format!("'{s}'")
    }
}

impl Edge<'_> {
    /// A value read from the data: `v3`, or Braze's `event_properties.${v3}`.
    fn datum(&mut self, value: Json) -> String {
        let name = format!("v{}", self.vars);
        self.vars += 1;
        self.data.insert(name.clone(), value);
        match self.flavour {
            Flavour::Liquid => name,
            Flavour::Braze => format!("event_properties.${{{name}}}"),
        }
    }

    fn date(&mut self, out: &mut String) {
        let input = match self.rng.usize(..4) {
            0 => TIME_INTS[self.rng.usize(..TIME_INTS.len())].to_string(),
            1 => {
                // Unix seconds, and now and then a value that is not a time at all.
                let v = match self.rng.usize(..8) {
                    0 => [
                        json!(0.5),
                        json!(1709294400.5),
                        json!(true),
                        json!(null),
                        json!([]),
                    ][self.rng.usize(..5)]
                    .clone(),
                    _ => json!(TIME_INTS[self.rng.usize(..TIME_INTS.len())]),
                };
                self.datum(v)
            }
            2 => {
                let v = json!(pick(self.rng, TIME_TEXTS));
                self.datum(v)
            }
            _ => quote(pick(self.rng, TIME_TEXTS)),
        };
        let format = strftime_format(self.rng);
        out.push_str(&format!("{{{{ {input} | date: {} }}}}", quote(&format)));
    }

    fn number(&mut self, out: &mut String) {
        let text = pick(self.rng, NUMERIC_TEXTS);
        let input = if self.rng.bool() {
            quote(text)
        } else {
            self.datum(json!(text))
        };
        let mut chain = input;
        for _ in 0..self.rng.usize(1..3) {
            let f = match self.rng.usize(..12) {
                0 => "round".to_owned(),
                1 => format!("round: {}", pick(self.rng, &["0", "1", "2", "'1'", "-1"])),
                2 => "ceil".to_owned(),
                3 => "floor".to_owned(),
                4 => "abs".to_owned(),
                _ => {
                    let name = pick(
                        self.rng,
                        &[
                            "plus",
                            "minus",
                            "times",
                            "divided_by",
                            "modulo",
                            "at_least",
                            "at_most",
                        ],
                    );
                    format!("{name}: {}", pick(self.rng, NUMBER_ARGS))
                }
            };
            chain.push_str(" | ");
            chain.push_str(&f);
        }
        out.push_str(&format!("{{{{ {chain} }}}}"));
    }

    fn base64(&mut self, out: &mut String) {
        let encoders = ["base64_encode", "base64_url_safe_encode"];
        let decoders = ["base64_decode", "base64_url_safe_decode"];
        let chain = match self.rng.usize(..3) {
            0 => format!(
                "{} | {}",
                quote(pick(self.rng, BASE64_TEXTS)),
                encoders[self.rng.usize(..2)]
            ),
            1 => format!(
                "{} | {} | {}",
                quote(pick(self.rng, BASE64_TEXTS)),
                encoders[self.rng.usize(..2)],
                decoders[self.rng.usize(..2)]
            ),
            _ => {
                let code = pick(self.rng, BASE64_CODES);
                let input = if self.rng.bool() {
                    quote(code)
                } else {
                    self.datum(json!(code))
                };
                format!("{input} | {}", decoders[self.rng.usize(..2)])
            }
        };
        out.push_str(&format!("{{{{ {chain} }}}}"));
    }

    /// An odd value, from the data or assigned from a literal.
    fn odd(&mut self) -> String {
        let v: Json = serde_json::from_str(pick(self.rng, ODD_VALUES)).expect("valid JSON");
        self.datum(v)
    }

    fn tag(&mut self, out: &mut String) {
        let body = pick(
            self.rng,
            &["{{ i }}", "[{{ i }}]", "", "{{ forloop.index }}", "x"],
        );
        match self.rng.usize(..9) {
            0 => {
                let c = self.collection();
                let mut header = format!("for i in {c}");
                self.loop_options(&mut header);
                out.push_str(&format!(
                    "{{% {header} %}}{body}{{% else %}}E{{% endfor %}}"
                ));
            }
            1 | 2 => {
                let c = self.collection();
                // The plain-Liquid dialect always writes `cols` (its default is a known difference).
                let mut header = format!("tablerow i in {c}");
                // `cols: nil` is the same difference.
                if self.flavour == Flavour::Liquid {
                    header.push_str(&format!(
                        " cols: {}",
                        pick(self.rng, &["0", "1", "2", "3", "'2'", "-1"])
                    ));
                } else if self.rng.bool() {
                    header.push_str(&format!(
                        " cols: {}",
                        pick(self.rng, &["0", "1", "2", "3", "'2'", "-1", "nil"])
                    ));
                }
                self.loop_options(&mut header);
                let body = body.replace("forloop", "tablerowloop");
                out.push_str(&format!("{{% {header} %}}{body}{{% endtablerow %}}"));
            }
            3 | 4 => {
                // `increment` reads the data (Ruby's first environment), never an `assign`.
                let which = ["increment", "decrement"];
                let (a, b) = (which[self.rng.usize(..2)], which[self.rng.usize(..2)]);
                let name = match self.flavour {
                    Flavour::Liquid => {
                        let v: Json =
                            serde_json::from_str(pick(self.rng, ODD_VALUES)).expect("valid JSON");
                        let name = format!("c{}", self.vars);
                        self.vars += 1;
                        self.data.insert(name.clone(), v);
                        name
                    }
                    Flavour::Braze => {
                        let name = format!("c{}", self.vars);
                        self.vars += 1;
                        if self.rng.bool() {
                            let lit = pick(self.rng, &["0.5", "2", "'a'", "''", "nil", "-1.5"]);
                            out.push_str(&format!("{{% assign {name} = {lit} %}}"));
                        }
                        name
                    }
                };
                out.push_str(&format!(
                    "{{% {a} {name} %}},{{% {b} {name} %}},{{{{ {name} }}}}"
                ));
            }
            5 => {
                let v = self.odd();
                out.push_str(&format!(
                    "{{% if {v} %}}T{{% elsif {v} == empty %}}E{{% elsif {v} == blank %}}B{{% else %}}F{{% endif %}}"
                ));
            }
            6 => {
                let v = self.odd();
                let p = pick(self.rng, &["size", "first", "last"]);
                out.push_str(&format!(
                    "{{{{ {v}.{p} }}}}{{% unless {v} %}}U{{% endunless %}}"
                ));
            }
            7 => {
                let v = self.odd();
                out.push_str(&format!(
                    "{{% case {v} %}}{{% when '' %}}S{{% when nil %}}N{{% when 0 %}}Z{{% when empty %}}M{{% else %}}O{{% endcase %}}"
                ));
            }
            _ => {
                let c = self.collection();
                out.push_str(&format!(
                    "{{% capture k %}}{{% endcapture %}}[{{{{ k }}}}]{{% for i in {c} %}}{{% cycle '', 'b' %}}{{% ifchanged %}}{{{{ i }}}}{{% endifchanged %}}{{% endfor %}}"
                ));
            }
        }
    }

    fn collection(&mut self) -> String {
        if self.rng.usize(..4) == 0 {
            let (a, b) = (self.rng.i64(-2..4), self.rng.i64(-2..4));
            format!("({a}..{b})")
        } else {
            self.odd()
        }
    }

    fn loop_options(&mut self, header: &mut String) {
        if self.rng.usize(..3) == 0 {
            header.push_str(&format!(
                " limit: {}",
                pick(self.rng, &["0", "1", "2", "'1'", "nil"])
            ));
        }
        if self.rng.usize(..3) == 0 {
            header.push_str(&format!(
                " offset: {}",
                pick(self.rng, &["0", "1", "3", "'1'", "nil"])
            ));
        }
    }
}
