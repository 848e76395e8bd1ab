//! Edits of the workspace: payloads, the body (insert, complete, apply a fix), sample users,
//! tickets and render contexts, and which of them is selected. Each is a plain change of state
//! that records the edit, so the autosave and the derived views follow.

use serde_json::{Value as Json, json};

use super::ZenbrazeApp;
use super::command::Command;
use super::panel::Panel;
use crate::msg;
use crate::workspace::{NamedContext, Payload, Workspace};

impl ZenbrazeApp {
    /// Records an edit of a payload (the panels call it when a field changed).
    pub fn edited(&mut self) {
        self.editor.insert_refused = None;
        // A refused send named findings of the body as it was.
        self.console.blocked = None;
        self.doc.touch(self.clock.now());
    }

    /// Records an edit of users, tickets or contexts.
    pub fn edited_data(&mut self) {
        self.console.blocked = None;
        self.doc.touch_data(self.clock.now());
    }

    pub(crate) fn clamp_selection(&mut self) {
        let ws = &self.doc.workspace;
        let r = &mut self.remembered;
        r.payload = r.payload.min(ws.payloads.len().saturating_sub(1));
        r.user = r.user.min(ws.users.len().saturating_sub(1));
        r.ticket = r.ticket.min(ws.tickets.len().saturating_sub(1));
        if r.context.is_some_and(|c| c >= ws.contexts.len()) {
            r.context = None;
        }
    }

    pub(crate) fn new_payload(&mut self) {
        let payload = Payload {
            name: self.i18n.tr("default-payload-name").to_owned(),
            ..Workspace::default().payloads[0].clone()
        };
        self.doc.workspace.payloads.push(payload);
        self.remembered.payload = self.doc.workspace.payloads.len() - 1;
        self.remembered.panel = Panel::Payloads;
        self.edited();
    }

    pub(crate) fn duplicate_payload(&mut self) {
        if let Some(p) = self.payload().cloned() {
            let copy = Payload {
                name: self.say(&msg!("copy-of", name = p.name.clone())),
                ..p
            };
            self.doc
                .workspace
                .payloads
                .insert(self.remembered.payload + 1, copy);
            self.remembered.payload += 1;
            self.edited();
        }
    }

    pub(crate) fn delete_payload(&mut self) {
        if self.remembered.payload < self.doc.workspace.payloads.len() {
            self.doc.workspace.payloads.remove(self.remembered.payload);
            self.edited();
        }
    }

    /// Adds one of the bundled presets as a new payload.
    pub(crate) fn add_preset(&mut self, i: usize) {
        if let Some(p) = Workspace::presets(self.i18n).payloads.get(i).cloned() {
            self.doc.workspace.payloads.push(p);
            self.remembered.payload = self.doc.workspace.payloads.len() - 1;
            self.edited();
        }
    }

    pub(crate) fn select_subject(&mut self, i: usize) {
        let last = self.subjects().len().saturating_sub(1);
        let i = i.min(last);
        if self.uses_tickets() {
            self.remembered.ticket = i;
        } else {
            self.remembered.user = i;
        }
    }

    /// Applies the mechanical fix of the shown finding at `i`. Only while the findings describe
    /// the body as it is: an offset from an older version could land anywhere.
    pub(crate) fn apply_fix(&mut self, i: usize) {
        if self.preview_updating() {
            return;
        }
        let dialect = self.dialect();
        let fixed = self.findings().get(i).and_then(|f| {
            let body = &self.payload()?.body;
            crate::lint::apply_fix(body, f, dialect)
        });
        if let (Some(fixed), Some(p)) = (fixed, self.payload_mut()) {
            p.body = fixed;
            self.edited();
        }
    }

    /// Puts the body editor's cursor at `offset`.
    pub(crate) fn jump_to(&mut self, offset: usize) {
        self.editor.jump_to = Some(offset);
        self.editor.jump_selects = true;
        self.remembered.panel = Panel::Payloads;
    }

    /// Inserts text at the body editor's cursor (at the end when it has none).
    pub(crate) fn insert(&mut self, text: &str) {
        let cursor = self.editor.cursor;
        if let Some(p) = self.payload_mut() {
            let at = cursor
                .filter(|c| *c <= p.body.len() && p.body.is_char_boundary(*c))
                .unwrap_or(p.body.len());
            p.body.insert_str(at, text);
            self.editor.jump_to = Some(at + text.len());
            self.edited();
        }
    }

    /// One of the start card's journeys: the docs' body with its findings, the console, or the
    /// wizard. The card stays, so the other two are still a click away.
    pub(crate) fn start_journey(&mut self, journey: usize) {
        match journey {
            0 => {
                // The Braze docs' own body, with the findings it earns.
                // Named in this language, or in the one the workspace was first made in.
                let names: Vec<String> = [Workspace::default(), Workspace::presets(self.i18n)]
                    .iter()
                    .filter_map(|w| w.payloads.get(1).map(|p| p.name.clone()))
                    .collect();
                if let Some(at) = self
                    .doc
                    .workspace
                    .payloads
                    .iter()
                    .position(|p| names.contains(&p.name))
                {
                    self.push(Command::SelectPayload(at));
                }
                self.push(Command::Show(Panel::Payloads));
            }
            1 => self.push(Command::Show(Panel::Console)),
            _ => {
                // The journey starts the setup at its beginning, not on the step last visited.
                self.push(Command::Wizard(super::wizard::WizardCommand::Go(
                    super::wizard::WizardStep::Connection,
                )));
                self.push(Command::Show(Panel::Wizard));
            }
        }
    }

    /// Adds a filter to the tag at the cursor (at the end of its expression); outside a tag
    /// that takes one, nothing changes and the editor says why.
    pub(crate) fn insert_filter(&mut self, text: &str) {
        use crate::editor::filter::{NoTag, filter_place};
        let cursor = self.editor.cursor;
        let Some(p) = self.payload() else {
            return;
        };
        let caret = cursor
            .filter(|c| *c <= p.body.len() && p.body.is_char_boundary(*c))
            .unwrap_or(p.body.len());
        let filter = text.trim().to_owned();
        match filter_place(&p.body, caret) {
            Ok(at) => {
                self.editor.insert_refused = None;
                self.editor.cursor = Some(at);
                self.insert(text);
            }
            Err(why) => {
                self.editor.insert_refused = Some(match why {
                    NoTag::Outside => crate::msg!("insert-filter-outside", filter = filter),
                    NoTag::NotFiltered => {
                        crate::msg!("insert-filter-not-filtered", filter = filter)
                    }
                });
                // The caret stays where it was, in the editor.
                self.editor.jump_to = Some(caret);
            }
        }
    }

    /// Replaces a range of the body (a completion); a range that no longer fits is ignored.
    pub(crate) fn replace(&mut self, range: std::ops::Range<usize>, text: &str) {
        if let Some(p) = self.payload_mut()
            && range.start <= range.end
            && range.end <= p.body.len()
            && p.body.is_char_boundary(range.start)
            && p.body.is_char_boundary(range.end)
        {
            p.body.replace_range(range.clone(), text);
            self.editor.jump_to = Some(range.start + text.len());
            self.edited();
        }
    }

    pub(crate) fn add_user(&mut self) {
        let n = self.doc.workspace.users.len() + 1;
        self.doc
            .workspace
            .users
            .push(json!({"external_id": format!("user-{n}"), "first_name": "", "email": ""}));
        self.remembered.user = self.doc.workspace.users.len() - 1;
        self.users_view.form = None;
        self.edited_data();
    }

    pub(crate) fn duplicate_user(&mut self) {
        if let Some(mut u) = self.doc.workspace.users.get(self.remembered.user).cloned() {
            if let Some(id) = u.get("external_id").and_then(Json::as_str) {
                u["external_id"] = Json::String(format!("{id}-copy"));
            }
            self.doc.workspace.users.insert(self.remembered.user + 1, u);
            self.remembered.user += 1;
            self.users_view.form = None;
            self.edited_data();
        }
    }

    pub(crate) fn delete_user(&mut self) {
        if self.remembered.user < self.doc.workspace.users.len() {
            self.doc.workspace.users.remove(self.remembered.user);
            self.users_view.form = None;
            self.edited_data();
        }
    }

    pub(crate) fn add_ticket(&mut self) {
        let mut t = Workspace::default().tickets.remove(0);
        let id = 35436 + self.doc.workspace.tickets.len() as u64;
        t["ticket"]["id"] = json!(id);
        self.doc.workspace.tickets.push(t);
        self.remembered.ticket = self.doc.workspace.tickets.len() - 1;
        self.users_view.json.clear();
        self.edited_data();
    }

    pub(crate) fn delete_ticket(&mut self) {
        if self.remembered.ticket < self.doc.workspace.tickets.len() {
            self.doc.workspace.tickets.remove(self.remembered.ticket);
            self.users_view.json.clear();
            self.edited_data();
        }
    }

    pub(crate) fn add_context(&mut self) {
        let n = self.doc.workspace.contexts.len() + 1;
        self.doc.workspace.contexts.push(NamedContext {
            name: self.say(&msg!("default-context-name", n = n)),
            context: json!({"event_properties": {}, "canvas_entry_properties": {}, "api_trigger_properties": {}}),
            kept: Vec::new(),
        });
        self.remembered.context = Some(n - 1);
        self.users_view.json.clear();
        self.edited_data();
    }

    pub(crate) fn delete_context(&mut self) {
        if let Some(c) = self
            .remembered
            .context
            .filter(|c| *c < self.doc.workspace.contexts.len())
        {
            self.doc.workspace.contexts.remove(c);
            self.remembered.context = None;
            self.users_view.json.clear();
            self.edited_data();
        }
    }

    /// Adds users (an import); the import dialog closes and the Users panel shows the first.
    pub(crate) fn add_users(&mut self, users: Vec<Json>) {
        let count = users.len();
        let first = self.doc.workspace.users.len();
        self.doc.workspace.users.extend(users);
        self.import = None;
        self.remembered.user = first;
        self.remembered.panel = Panel::Users;
        self.users_view.form = None;
        self.edited_data();
        self.notify(false, msg!("imported-users", count = count));
    }
}
