//! CSV import of sample users, in two steps a person can check: parse the table (the `csv`
//! crate), then map its columns to Braze fields (standard fields, or custom attributes, nested
//! with dots). The first mapping is guessed from the headers; every problem names its line and
//! column.

use serde_json::{Map, Value as Json};

use crate::i18n::{Localize, Message};
use crate::msg;

/// The fields a column can map to: the identifiers, then the standard attributes.
pub fn standard_fields() -> impl Iterator<Item = &'static str> {
    ["external_id", "braze_id"]
        .into_iter()
        .chain(super::STANDARD_ATTRIBUTES.iter().copied())
}

/// Header spellings people use for the standard fields.
const ALIASES: &[(&str, &str)] = &[
    ("user_id", "external_id"),
    ("externalid", "external_id"),
    ("id", "external_id"),
    ("e_mail", "email"),
    ("email_address", "email"),
    ("mail", "email"),
    ("firstname", "first_name"),
    ("given_name", "first_name"),
    ("lastname", "last_name"),
    ("surname", "last_name"),
    ("family_name", "last_name"),
    ("phone_number", "phone"),
    ("mobile", "phone"),
    ("date_of_birth", "dob"),
    ("birthday", "dob"),
    ("birth_date", "dob"),
    ("city", "home_city"),
    ("timezone", "time_zone"),
    ("tz", "time_zone"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The line each row starts on (for messages).
    pub row_lines: Vec<usize>,
    pub delimiter: char,
}

/// Where a column goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Skip,
    Standard(&'static str),
    /// A custom attribute; dots make nested objects (`address.city`).
    Custom(String),
}

/// A problem in a CSV file: its line, its column (the value's position in the row, from 1)
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CsvProblem {
    pub line: usize,
    pub column: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A quoted value that is never closed (an error: the rest of the file would be one value).
    UnclosedQuote,
    /// No header line.
    Empty,
    /// More values than columns: the extra ones are not imported.
    ExtraValues { values: usize, columns: usize },
    /// No external_id, braze_id, email or phone: imported, but Braze could not tell who it is.
    NoIdentifier,
    /// What the CSV reader refused.
    Unreadable(String),
}

impl Localize for CsvProblem {
    fn message(&self) -> Message {
        let problem = match &self.kind {
            ProblemKind::UnclosedQuote => msg!("users-csv-unclosed-quote"),
            ProblemKind::Empty => msg!("users-csv-empty"),
            ProblemKind::ExtraValues { values, columns } => {
                msg!(
                    "users-csv-extra-values",
                    values = *values,
                    columns = *columns
                )
            }
            ProblemKind::NoIdentifier => msg!("users-csv-no-identifier"),
            ProblemKind::Unreadable(reason) => msg!("users-csv-unreadable", reason = reason),
        };
        msg!(
            "users-csv-at",
            line = self.line,
            column = self.column,
            problem = problem
        )
    }
}
crate::display_via_message!(CsvProblem);

/// Comma, or semicolon when the header line has more of them (spreadsheets in locales that
/// write decimals with commas export that way).
fn delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// Reads the table with the `csv` crate (RFC 4180: quoted values may hold delimiters, doubled
/// quotes and line breaks); blank lines are skipped, rows may be shorter or longer than the
/// header.
pub fn parse(text: &str) -> Result<Table, CsvProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // One line ending: the reader would count a CRLF record as starting on the line before.
    let text = &text.replace("\r\n", "\n");
    if let Some((line, column)) = unclosed_quote(text, delimiter(text)) {
        return Err(CsvProblem {
            line,
            column,
            kind: ProblemKind::UnclosedQuote,
        });
    }
    let delim = delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim as u8)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            CsvProblem {
                line,
                column: 1,
                kind: ProblemKind::Unreadable(e.to_string()),
            }
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let values: Vec<String> = record.iter().map(str::to_owned).collect();
        if values.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        records.push((line, values));
    }
    let mut records = records.into_iter();
    let Some((_, headers)) = records.next() else {
        return Err(CsvProblem {
            line: 1,
            column: 1,
            kind: ProblemKind::Empty,
        });
    };
    let (row_lines, rows) = records.unzip();
    Ok(Table {
        headers: headers.into_iter().map(|h| h.trim().to_owned()).collect(),
        rows,
        row_lines,
        delimiter: delim,
    })
}

/// Where a quoted value that never closes begins (line, column), following the reader's own
/// rule: a value that starts with `"` is quoted until a `"` that is not doubled. The `csv`
/// crate reads such a value to the end of the file without complaint; this names it instead.
fn unclosed_quote(text: &str, delim: char) -> Option<(usize, usize)> {
    let (mut line, mut column) = (1usize, 1usize);
    let mut at_value_start = true;
    let mut open: Option<(usize, usize)> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if open.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => open = None,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if at_value_start => open = Some((line, column)),
            '\n' => {
                line += 1;
                column = 1;
                at_value_start = true;
                continue;
            }
            c if c == delim => {
                column += 1;
                at_value_start = true;
                continue;
            }
            _ => {}
        }
        at_value_start = false;
    }
    open
}

fn normalise(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// The first guess at where each column goes.
pub fn guess_mapping(headers: &[String]) -> Vec<Field> {
    headers
        .iter()
        .map(|h| {
            let n = normalise(h);
            if n.is_empty() {
                return Field::Skip;
            }
            let alias = ALIASES.iter().find(|(a, _)| *a == n).map(|(_, s)| *s);
            if let Some(s) = standard_fields().find(|s| *s == n || Some(*s) == alias) {
                return Field::Standard(s);
            }
            let custom = ["custom_attributes.", "custom_attribute.", "custom."]
                .iter()
                .find_map(|p| h.trim().strip_prefix(p))
                .unwrap_or(h.trim());
            Field::Custom(custom.to_owned())
        })
        .collect()
}

/// A custom attribute's value: booleans, numbers (not ids with leading zeros) and JSON
/// arrays/objects keep their type; everything else is text.
fn typed(cell: &str) -> Json {
    let t = cell.trim();
    match t {
        "true" | "TRUE" | "True" => return Json::Bool(true),
        "false" | "FALSE" | "False" => return Json::Bool(false),
        _ => {}
    }
    let leading_zero = t.len() > 1 && t.starts_with('0') && !t.starts_with("0.");
    if !leading_zero
        && !t.starts_with('+')
        && let Ok(n) = t.parse::<serde_json::Number>()
    {
        return Json::Number(n);
    }
    if (t.starts_with('[') || t.starts_with('{'))
        && let Ok(v) = serde_json::from_str::<Json>(t)
    {
        return v;
    }
    Json::String(cell.to_owned())
}

fn set_nested(map: &mut Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        Some((head, rest)) if !head.is_empty() && !rest.is_empty() => {
            let entry = map
                .entry(head.to_owned())
                .or_insert_with(|| Json::Object(Map::new()));
            if !entry.is_object() {
                *entry = Json::Object(Map::new());
            }
            if let Json::Object(inner) = entry {
                set_nested(inner, rest, value);
            }
        }
        _ => {
            map.insert(path.to_owned(), value);
        }
    }
}

/// Builds the users. Empty cells are left out; a row with more cells than headers keeps the
/// mapped ones and is named in a warning, as is a user Braze could not identify.
pub fn apply(table: &Table, mapping: &[Field]) -> (Vec<Json>, Vec<CsvProblem>) {
    let mut users = Vec::new();
    let mut warnings = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let line = table.row_lines.get(i).copied().unwrap_or(0);
        if row.len() > table.headers.len() {
            warnings.push(CsvProblem {
                line,
                column: table.headers.len() + 1,
                kind: ProblemKind::ExtraValues {
                    values: row.len(),
                    columns: table.headers.len(),
                },
            });
        }
        let mut user = Map::new();
        let mut custom = Map::new();
        for (cell, field) in row.iter().zip(mapping) {
            if cell.trim().is_empty() {
                continue;
            }
            match field {
                Field::Skip => {}
                Field::Standard(name) => {
                    user.insert((*name).to_owned(), Json::String(cell.trim().to_owned()));
                }
                Field::Custom(path) => set_nested(&mut custom, path, typed(cell)),
            }
        }
        if !custom.is_empty() {
            user.insert("custom_attributes".into(), Json::Object(custom));
        }
        if !["external_id", "braze_id", "email", "phone"]
            .iter()
            .any(|k| user.contains_key(*k))
        {
            warnings.push(CsvProblem {
                line,
                column: 1,
                kind: ProblemKind::NoIdentifier,
            });
        }
        users.push(Json::Object(user));
    }
    (users, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let t = parse("\u{feff}user_id,First Name,notes\r\nu1,\"Dwayne \"\"The Rock\"\"\",\"a, b\nc\"\r\nu2,Zoë,\n").unwrap();
        assert_eq!(t.headers, ["user_id", "First Name", "notes"]);
        assert_eq!(t.rows[0], ["u1", "Dwayne \"The Rock\"", "a, b\nc"]);
        assert_eq!(t.rows[1], ["u2", "Zoë", ""]);
        assert_eq!(t.row_lines, [2, 4]);
    }

    #[test]
    fn semicolon_files_from_spreadsheets_are_read() {
        let t = parse("external_id;plan;score\nu1;pro;2,5\n").unwrap();
        assert_eq!(t.delimiter, ';');
        assert_eq!(t.rows[0], ["u1", "pro", "2,5"]);
    }

    #[test]
    fn broken_files_name_the_place() {
        assert_eq!(
            parse("a,b\n1,\"open\n2,3\n").unwrap_err().to_string(),
            "line 2, column 2: this quoted value is never closed"
        );
        let e = parse("a,b\n1,2\n3,\"x\"\"\n").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.kind),
            (3, 2, ProblemKind::UnclosedQuote)
        );
        // A stray quote inside an unquoted value is kept, as spreadsheets do.
        let t = parse("a,b\n1,x\"y\n").unwrap();
        assert_eq!(t.rows[0], ["1", "x\"y"]);
        let e = parse("\n\n").unwrap_err();
        assert_eq!(e.kind, ProblemKind::Empty);
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn columns_are_mapped_and_values_typed() {
        let t = parse(
            "User ID,E-mail,firstname,Surname,city,plan,address.city,vip,visits,zip,tags,\nu1,ada@example.com,Ada,Lovelace,London,pro,London,true,12,02134,\"[\"\"a\"\"]\",x\n,,Grace,,,,,,,,,\n",
        )
        .unwrap();
        let mapping = guess_mapping(&t.headers);
        assert_eq!(
            mapping[..5],
            [
                Field::Standard("external_id"),
                Field::Standard("email"),
                Field::Standard("first_name"),
                Field::Standard("last_name"),
                Field::Standard("home_city"),
            ]
        );
        assert_eq!(mapping[11], Field::Skip);
        let (users, warnings) = apply(&t, &mapping);
        assert_eq!(
            users[0],
            json!({"external_id": "u1", "email": "ada@example.com", "first_name": "Ada",
                "last_name": "Lovelace", "home_city": "London",
                "custom_attributes": {"plan": "pro", "address": {"city": "London"}, "vip": true,
                    "visits": 12, "zip": "02134", "tags": ["a"]}})
        );
        assert_eq!(users[1], json!({"first_name": "Grace"}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            (warnings[0].line, &warnings[0].kind),
            (3, &ProblemKind::NoIdentifier)
        );
        assert!(
            warnings[0]
                .to_string()
                .starts_with("line 3, column 1: no external_id"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_changed_mapping_is_applied() {
        let t = parse("a,b\nx,y,z\n").unwrap();
        let (users, warnings) = apply(&t, &[Field::Standard("external_id"), Field::Skip]);
        assert_eq!(users, [json!({"external_id": "x"})]);
        assert_eq!(
            warnings[0].to_string(),
            "line 2, column 3: 3 values for 2 columns; the extra ones are not imported"
        );
    }
}
