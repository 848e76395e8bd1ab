//! Issue 14's first "Must show": the app in Spanish, with its embedded sandbox, walked through
//! the real flows — lint findings on the seed preset, a send refused with a 401 and one that
//! waits out a 429, a connection test that fails, the wizard's plan / apply / verify, an import
//! with problems — collecting every string drawn (the accessibility tree, and the text of every
//! shape egui painted) and failing on any English sentence.
//!
//! English is recognised two ways: a fragment of the English catalogue (every domain, every
//! message rendered with stand-ins for its arguments) that Spanish does not share, or a line
//! with two or more English function words ("the", "of", "cannot", …) whichever message it came
//! from. What the person typed and what the services and the workspace hold (bodies, names,
//! the sandbox's state, exchanges) is data, not the interface's language, and is skipped.
//!
//! `the_english_detector_…` below checks the detector itself: it passes every Spanish message and
//! catches English ones, so the walk can fail. `WALK_DUMP=1` prints every line the walk checks,
//! with why it was skipped (typed, data).

mod app_support;

use std::collections::BTreeMap;

use app_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use zenbraze::app::{Command, Panel, ZenbrazeApp};
use zenbraze::i18n::{Catalogue, Language, arg, variables};

/// Stands in for a message's arguments when the catalogue is rendered into fragments.
const MARK: char = '\u{E000}';

/// English words no Spanish sentence uses.
const ENGLISH_WORDS: &str = "the is are was were of and with for this that these those cannot can \
    could should would must not be been from into your you it its an or at by on in if have does \
    did there here which what than then will only all any every before after again to as but yet \
    while when where found missing expected invalid empty unknown failed inside without because \
    about through each other how why who they their them we our puts quote needs uses used done \
    already never always still check checks sent send created deleted updated arrived answered \
    signed accepted refused line create update delete remove keep use add change changed named \
    titled takes exactly choices example";

/// Spanish words no English sentence uses: a line with one of them is not read as English on a
/// single English word (a payload's English name inside a Spanish sentence, say).
const SPANISH_WORDS: &str = "el la los las lo de del un una unos unas y o en con por para que se \
    es son al su sus sin como más este esta ese esa hay ya aquí";

struct Detector {
    /// English catalogue fragments that Spanish does not share, and their message id.
    fragments: Vec<(String, String)>,
    /// Whole English messages without arguments (short ones match only whole lines).
    whole: Vec<(String, String)>,
}

fn rendered(language: Language, id: &str) -> String {
    let c = Catalogue::get(language);
    let mark = MARK.to_string();
    let names = variables(language, id);
    let values: Vec<(&str, _)> = names
        .iter()
        .map(|n| (n.as_str(), arg(mark.as_str())))
        .collect();
    c.format(id, &values)
}

impl Detector {
    fn new() -> Detector {
        let es = Catalogue::get(Language::Spanish);
        let en = Catalogue::get(Language::English);
        let mut fragments = Vec::new();
        let mut whole = Vec::new();
        for id in Catalogue::keys(Language::English) {
            let english = rendered(Language::English, &id);
            let spanish = rendered(Language::Spanish, &id);
            if english == spanish {
                continue;
            }
            if variables(Language::English, &id).is_empty() && en.tr(&id) != es.tr(&id) {
                whole.push((english.trim().to_owned(), id.clone()));
            }
            for part in english.split(MARK) {
                let part = part.trim();
                let words = part
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .count();
                if words >= 2 && part.len() >= 8 && !spanish.contains(part) {
                    fragments.push((part.to_owned(), id.clone()));
                }
            }
        }
        assert!(
            !fragments.is_empty() && !whole.is_empty(),
            "no English text found in the catalogue to look for: the detector is broken"
        );
        Detector { fragments, whole }
    }

    /// Why `line` reads as English, if it does.
    fn english(&self, line: &str) -> Option<String> {
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        if let Some((_, id)) = self.whole.iter().find(|(w, _)| w == line) {
            return Some(format!("the English of `{id}`"));
        }
        if let Some((f, id)) = self
            .fragments
            .iter()
            .find(|(f, _)| line.contains(f.as_str()))
        {
            return Some(format!("`{f}` from `{id}`"));
        }
        // Quoted text is data (a template snippet in backticks, a service's reply in quotes),
        // and so are addresses, paths and generated ids (letters mixed with digits, as in a
        // temporary folder's `Gme6tO` or a ULID's `…XT023AT22…`), whatever words they hold.
        let unquoted = without_quotes(line);
        let generated = |w: &str| {
            w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(|c| c.is_ascii_alphabetic())
        };
        let lower: String = unquoted
            .split_whitespace()
            .filter(|w| !w.contains("://") && !w.contains('/') && !generated(w))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let spanish = SPANISH_WORDS.split_whitespace().any(|w| words.contains(&w));
        let mut hits: Vec<&str> = ENGLISH_WORDS
            .split_whitespace()
            .filter(|e| words.contains(e))
            .collect();
        hits.dedup();
        // Two English words make a sentence English; one does when nothing in the line is
        // Spanish ("delete the placeholder", "create webhook \"…\"").
        let english = hits.len() >= 2 || (hits.len() == 1 && !spanish && words.len() >= 2);
        english.then(|| format!("English words: {}", hits.join(", ")))
    }
}

/// `line` without the spans between backticks or double quotes.
fn without_quotes(line: &str) -> String {
    let mut out = String::new();
    let mut open: Option<char> = None;
    for c in line.chars() {
        match open {
            Some(q) if c == q => open = None,
            Some(_) => {}
            None if c == '`' || c == '"' => open = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Every string drawn: the accessibility tree's labels, values and descriptions, and the text
/// of every shape painted. Text inputs' contents are returned apart: data the person typed.
fn drawn(h: &egui_kittest::Harness<'_, ZenbrazeApp>) -> (Vec<String>, Vec<String>) {
    let mut texts = Vec::new();
    let mut typed = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        // A text input's value is what the person typed (its text runs are inside it); a
        // label's text runs are the interface's words.
        let input = matches!(n.role(), Role::TextInput | Role::MultilineTextInput);
        if let Some(v) = n.value() {
            if input {
                typed.push(v.to_owned());
            } else {
                texts.push(v.to_owned());
            }
        }
        texts.extend(n.label());
        texts.extend(n.description());
    }
    fn walk(shape: &egui::Shape, out: &mut Vec<String>) {
        match shape {
            egui::Shape::Text(t) => out.push(t.galley.text().to_owned()),
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut texts);
    }
    (texts, typed)
}

/// What the app holds as data right now: the workspace, the preview's output, the exchanges,
/// the sandbox's state, the wizard's calls and bodies. Lines found in it are not the
/// interface's words.
fn data_corpus(app: &ZenbrazeApp) -> String {
    let mut out = String::new();
    let mut add = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    let ws = &app.doc.workspace;
    add(&zenbraze::workspace::to_string(ws));
    for p in &ws.payloads {
        add(&p.name);
        add(&p.body);
        add(&p.url);
    }
    for u in ws.users.iter().chain(&ws.tickets) {
        add(&serde_json::to_string_pretty(u).unwrap_or_default());
        add(&u.to_string());
    }
    if let Some(zenbraze::preview::Preview::Output(o)) = app.preview() {
        add(o);
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(o) {
            add(&serde_json::to_string_pretty(&v).unwrap_or_default());
        }
    }
    for e in app
        .console
        .history
        .iter()
        .chain(&app.console.shown)
        .chain(&app.console.compare)
    {
        let x = &e.exchange;
        add(&x.url);
        add(&zenbraze::api::pretty_body(&x.request_body));
        add(&zenbraze::api::pretty_body(x.response_body()));
        for (k, v) in &x.request_headers {
            add(&format!("{k}: {v}"));
        }
        for a in &x.attempts {
            for (k, v) in &a.response_headers {
                add(&format!("{k}: {v}"));
            }
        }
        add(e.subject.as_deref().unwrap_or(""));
        add(&e.template);
        add(&e.target);
    }
    if let Some((_, state)) = &app.sandbox_view.snapshot {
        add(&serde_json::to_string_pretty(state).unwrap_or_default());
        add(&state.to_string());
    }
    let w = &app.wizard;
    add(&w.spec.name);
    add(&w.custom_body);
    if let Some((_, Some((Ok(body), _)))) = &w.preview {
        add(body);
    }
    for report in w.plan.iter().chain(&w.applied).chain(&w.removed) {
        for step in &report.plan.steps {
            if let Some(call) = &step.call
                && let Some(body) = &call.body
            {
                add(&serde_json::to_string_pretty(body).unwrap_or_default());
            }
        }
    }
    if let Some(v) = &w.verified {
        add(&zenbraze::api::pretty_body(&v.body));
        if let Some(t) = &v.test {
            add(&zenbraze::api::pretty_body(&t.payload));
        }
    }
    if let Some(url) = app.sandbox_url() {
        add(url);
    }
    if let Some(r) = app.rendered_request() {
        if let Ok(url) = &r.url {
            add(url);
        }
        for (name, value) in &r.headers {
            add(name);
            if let Ok(v) = value {
                add(v);
            }
        }
    }
    out
}

/// The English found, by text, with where and why.
#[derive(Default)]
struct Findings(BTreeMap<String, (String, String)>);

impl Findings {
    fn visit(&mut self, detector: &Detector, h: &TestApp, place: &str) {
        let (texts, typed) = drawn(h);
        let corpus = data_corpus(h.state());
        for text in texts {
            // A line is checked in the parts the interface joins with " · " (a number and a
            // ticket's subject, a status and a duration): a part that is data is skipped.
            for line in text.lines().flat_map(|l| l.split(" · ")) {
                let trimmed = line.trim();
                if std::env::var("WALK_DUMP").is_ok() {
                    let why = if typed.iter().any(|t| t.contains(trimmed)) {
                        "typed"
                    } else if corpus.contains(trimmed) {
                        "data"
                    } else {
                        ""
                    };
                    eprintln!("[{place}] {why} {trimmed:?}");
                }
                if trimmed.is_empty()
                    || typed.iter().any(|t| t.contains(trimmed))
                    || corpus.contains(trimmed)
                {
                    continue;
                }
                if let Some(why) = detector.english(trimmed) {
                    self.0
                        .entry(trimmed.to_owned())
                        .or_insert_with(|| (place.to_owned(), why));
                }
            }
        }
    }

    /// Each English text once: a row of a wrapped paragraph found whole elsewhere is left out.
    fn report(&self) -> String {
        self.0
            .iter()
            .filter(|(text, _)| {
                !self
                    .0
                    .keys()
                    .any(|other| other.len() > text.len() && other.contains(text.as_str()))
            })
            .map(|(text, (place, why))| format!("  [{place}] {text:?}\n      ({why})"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn the_english_detector_passes_every_spanish_message_and_catches_english_ones() {
    let detector = Detector::new();
    assert!(
        detector.fragments.len() > 100,
        "{}",
        detector.fragments.len()
    );
    let mut false_alarms = Vec::new();
    for id in Catalogue::keys(Language::Spanish) {
        let spanish = rendered(Language::Spanish, &id).replace(MARK, "Ada");
        for line in spanish.lines() {
            if let Some(why) = detector.english(line) {
                false_alarms.push(format!("{id}: {line:?} ({why})"));
            }
        }
    }
    assert!(
        false_alarms.is_empty(),
        "Spanish read as English:\n{}",
        false_alarms.join("\n")
    );
    for english in [
        "The body passes every check",
        "Not sent: the linter found 2 errors. Fix them, or tick \"Send even with lint errors\"",
        "status changed to solved (any of)",
        "`{{${first_name}}}` puts a quote (\") inside a JSON string",
        "Couldn't authenticate you: check the token and the email",
        "Save",
    ] {
        assert!(
            detector.english(english).is_some(),
            "{english:?} passed as Spanish"
        );
    }
}

#[test]
fn the_real_flows_in_spanish_show_no_english_sentence() {
    let detector = Detector::new();
    let es = Catalogue::get(Language::Spanish);
    let t = |key: &str| es.tr(key).to_owned();
    let dir = temp_dir("spanish-walk");
    // A "real" account that refuses the token: a second sandbox, and a wrong token in the store.
    let (_staging, store) = staging_profile(
        &dir,
        &[
            zenbraze::secrets::Service::Zendesk,
            zenbraze::secrets::Service::Braze,
        ],
    );
    let mut config = config(&dir, Language::Spanish);
    config.start_sandbox = true;
    config.store = store;
    let mut h = open(config);
    let url = h.wait_sandbox();
    h.settle();
    let mut found = Findings::default();

    // Lint findings on the seed preset: the body, the request, every sample.
    let seed = h
        .state()
        .doc
        .workspace
        .payloads
        .iter()
        .position(|p| p.body == include_str!("../assets/presets/seed-ticket.liquid"))
        .expect("the seed preset is in the default workspace");
    h.state_mut().push(Command::SelectPayload(seed));
    h.run_ok();
    h.settle();
    assert!(
        !h.state().findings().is_empty(),
        "the seed preset has findings"
    );
    found.visit(&detector, &h, "seed preset: findings");
    h.click(&t("tab-request"));
    h.settle();
    found.visit(&detector, &h, "seed preset: request");
    h.click(&t("tab-all-users"));
    h.pause_typing();
    h.step_until("every sample's row", |h| {
        h.state().survey().0.is_some() && !h.state().survey().1
    });
    found.visit(&detector, &h, "seed preset: every sample");
    h.click(&t("tab-body"));

    // A send refused with a 401 (the real account, confirmed first), then one that waits out a
    // 429 (the sandbox), with the corrected preset.
    h.state_mut().push(Command::SelectPayload(0));
    h.state_mut()
        .push(Command::SetActiveProfile("staging".into()));
    h.run_ok();
    h.settle();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the confirmation", |h| h.state().console.confirm.is_some());
    found.visit(&detector, &h, "send: confirmation");
    h.get_by_role_and_label(Role::Button, &t("action-send"))
        .click();
    h.run_ok();
    h.wait_sent();
    assert_eq!(
        h.state().console.shown.as_ref().unwrap().exchange.status(),
        Some(401)
    );
    found.visit(&detector, &h, "send: 401");
    // A connection test that fails: the token is refused.
    h.state_mut().push(Command::Show(Panel::Settings));
    h.state_mut().push(Command::TestProfile("staging".into()));
    h.run_ok();
    h.step_until("the connection test", |h| {
        !h.state().settings.checks.is_empty()
    });
    assert!(h.state().settings.checks.iter().any(|(ok, _)| !ok));
    found.visit(&detector, &h, "connection test: refused");
    h.state_mut().push(Command::SetActiveProfile(
        zenbraze::profiles::SANDBOX_PROFILE.into(),
    ));
    h.run_ok();
    h.settle();
    inject(
        &url,
        json!([{"kind": "rate_limit", "retry_after": 1, "path": "/api/v2/tickets*", "count": 1}]),
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the wait for the retry", |h| {
        h.state()
            .console
            .in_flight
            .as_ref()
            .is_some_and(|f| f.watch.remaining_wait().is_some())
    });
    found.visit(&detector, &h, "send: waiting after a 429");
    h.step_until("the retried send", |h| h.state().console.history.len() == 2);
    found.visit(&detector, &h, "send: after the 429");

    // A connection test that fails another way: the service answers 503.
    inject(&url, json!([{"kind": "server_error", "status": 503}]));
    h.state_mut().push(Command::Show(Panel::Settings));
    h.run_ok();
    h.state_mut().settings.checks.clear();
    h.state_mut().push(Command::TestProfile(
        zenbraze::profiles::SANDBOX_PROFILE.into(),
    ));
    h.run_ok();
    h.step_until("the connection test", |h| {
        !h.state().settings.checks.is_empty()
    });
    found.visit(&detector, &h, "connection test: 503");
    clear_faults(&url);

    // The wizard: connection, plan, apply, verify.
    h.state_mut().push(Command::Show(Panel::Wizard));
    h.run_ok();
    h.click(&t("wizard-test"));
    h.step_until("the wizard's connection test", |h| {
        !h.state().wizard.checks.is_empty()
    });
    found.visit(&detector, &h, "wizard: connection");
    h.click(&format!("2 · {}", t("wizard-step-event")));
    h.settle();
    found.visit(&detector, &h, "wizard: event");
    h.click(&format!("3 · {}", t("wizard-step-trigger")));
    found.visit(&detector, &h, "wizard: trigger");
    h.click(&format!("5 · {}", t("wizard-step-plan")));
    h.step_until("the plan", |h| h.state().wizard.plan.is_some());
    found.visit(&detector, &h, "wizard: plan");
    h.click(&t("wizard-apply-now"));
    h.step_until("apply", |h| h.state().wizard.applied.is_some());
    found.visit(&detector, &h, "wizard: apply");
    h.click(&format!("7 · {}", t("wizard-step-verify")));
    h.get_by_role_and_label(Role::Button, &t("wizard-verify"))
        .click();
    h.run_ok();
    h.step_until("verify", |h| h.state().wizard.verified.is_some());
    found.visit(&detector, &h, "wizard: verify");

    // An import with problems: a CSV row with too many columns, a BOM, then broken JSON.
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    h.click(&t("import-paste"));
    h.get_by_label(&t("import-text"))
        .set_text_value_accesskit("\u{feff}external_id,first_name\nu1,Ada,extra\n,Nameless\n");
    h.run_ok();
    h.settle();
    found.visit(&detector, &h, "import: CSV with problems");
    h.get_by_label(&t("import-text"))
        .set_text_value_accesskit("[{\"external_id\": \"a\"},\n {\"external_id\": }]");
    h.run_ok();
    h.settle();
    found.visit(&detector, &h, "import: broken JSON");

    assert!(
        found.0.is_empty(),
        "English shown in the Spanish app:\n{}",
        found.report()
    );
}

/// What the walk above skips as data, on a first start in Spanish: the presets' names (the
/// payload list, the Add a preset menu, the payload it adds) and their render context are the
/// app's words there, not the person's. One error reads as one finding ("1 hallazgo", not
/// "1 aviso", the word for a warning), and the sandbox is called one thing.
#[test]
fn a_first_start_in_spanish_names_its_presets_and_counts_its_findings_in_spanish() {
    let es = Catalogue::get(Language::Spanish);
    let dir = temp_dir("es-presets");
    let mut h = app(&dir, Language::Spanish);
    let names = [
        "preset-ticket-corrected",
        "preset-ticket-docs",
        "preset-solved-event",
    ]
    .map(|k| es.tr(k).to_owned());
    for name in &names {
        assert!(
            h.query_by_label(name).is_some(),
            "the payload list lacks `{name}`: {:?}",
            visible_texts(&h)
        );
    }
    let texts = visible_texts(&h);
    for english in [
        "Ticket from Braze (corrected)",
        "Ticket from Braze (as the docs publish it)",
        "Survey answer",
    ] {
        assert!(
            !texts.iter().any(|t| t.contains(english)),
            "`{english}` is shown: {texts:?}"
        );
    }
    // The render context beside the preview.
    let survey = es.tr("preset-context-survey");
    assert!(
        texts.iter().any(|t| t.contains(survey)),
        "the context is not `{survey}`: {texts:?}"
    );
    // The Add a preset menu, and the payload it adds.
    h.click(es.tr("presets"));
    let offered = h.query_all_by_label(&names[2]).count();
    assert!(offered >= 2, "the menu does not offer `{}`", names[2]);
    h.query_all_by_label(&names[2])
        .rfind(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    h.run_ok();
    h.settle();
    let payloads = &h.state().doc.workspace.payloads;
    assert_eq!(payloads.len(), 4);
    assert_eq!(payloads[3].name, names[2]);

    // One template error: one finding (on a real host: the presets' `your-subdomain` URL is a
    // finding of its own).
    h.state_mut().push(Command::SelectPayload(0));
    h.run_ok();
    h.get_by_label(es.tr("field-url"))
        .set_text_value_accesskit("https://acme.zendesk.com/api/v2/tickets.json");
    h.run_ok();
    h.settle();
    h.get_by_label(es.tr("field-body"))
        .set_text_value_accesskit("{\n  \"subject\": \"Hi\",\n  \"name\": \"{{ ${first_name}\"\n}");
    h.run_ok();
    h.settle();
    h.pause_typing();
    h.settle();
    let findings =
        h.state().findings().len() + h.state().rendered_request().map_or(0, |r| r.findings.len());
    assert_eq!(findings, 1, "{:?}", h.state().findings());
    assert!(
        h.query_by_label("1 hallazgo").is_some(),
        "the heading does not say `1 hallazgo`: {:?}",
        visible_texts(&h)
    );
    assert!(h.query_by_label("1 aviso").is_none());

    // The sandbox view and every Spanish message: "sandbox", never "entorno de pruebas".
    h.state_mut().push(Command::Show(Panel::Sandbox));
    h.run_ok();
    h.settle();
    let texts = visible_texts(&h);
    assert!(texts.iter().any(|t| t.contains("sandbox")), "{texts:?}");
    for domain in [
        "app", "sandbox", "cli", "setup", "connect", "send", "common",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/i18n/es")
            .join(format!("{domain}.ftl"));
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            !text.to_lowercase().contains("entorno de pruebas"),
            "es/{domain}.ftl calls the sandbox `entorno de pruebas`"
        );
    }
}
