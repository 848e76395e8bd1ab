//! The sandbox's file: a snapshot (`state.json`) and an append-only journal beside it
//! (`state.json.journal`), both `0600` (they hold webhook secrets).
//!
//! Every change marks what it touched ([`State::touch`]). A writer thread turns the marks into one
//! journal line (the touched records, whole, and the id counters) and appends it with an fsync
//! ([`append_durable`]); the request that made a change is answered only once the line holding
//! it is on disk. Requests that arrive while a line is being written share the next one (group
//! commit), so a burst of creates costs a few fsyncs, not one each. When the journal outgrows the
//! snapshot, the state is written whole ([`write_atomic`]) and the journal starts again.
//!
//! So a kill -9 loses nothing that got a 2xx, and the id counters on disk are never behind an id
//! that was handed out. A line that could not be written whole (a full disk) is cut off again at
//! once, and the change it held is rolled back in memory (the state is read back from the files):
//! what was answered as failed is not visible, and the next line starts on a whole record.
//!
//! Loading replays the journal over the snapshot line by line, never holding more than one line:
//! every whole record is kept, and a line that cannot be read (cut by a crash, a block of zero
//! bytes) is copied into a set-aside file beside the journal, named in what loading reports, never
//! dropped silently. The records before and after a damaged block are kept. A file past
//! [`MAX_STATE_FILE`] is refused with the limit named. Then the ids are checked.

use std::io::{BufRead as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::state::{
    ContentBlock, FORMAT, InvocationRecord, Key, Profile, State, TicketRecord, WebhookRecord,
};
use crate::durable::{
    FileLock, Privacy, append_durable, real_path, truncate_durable, write_atomic, write_atomic_with,
};
use crate::i18n::{Localize, Message};
use crate::msg;

/// The journal is folded into the snapshot once it is larger than this and than the snapshot.
const COMPACT_AFTER: u64 = 4 * 1024 * 1024;

/// The largest snapshot or journal the sandbox reads (1 GiB): past it the file is refused, with
/// the limit named, before anything is read into memory.
pub const MAX_STATE_FILE: u64 = 1 << 30;

/// Why a state file could not be used; the files are left as they were.
#[derive(Debug)]
pub enum StateFileError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The ids contradict each other in a way that cannot be repaired safely.
    Inconsistent { path: PathBuf, problem: Message },
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another sandbox uses this file.
    InUse { path: PathBuf },
    /// Past [`MAX_STATE_FILE`].
    TooLarge { path: PathBuf, size: u64 },
}

impl std::error::Error for StateFileError {}

impl Localize for StateFileError {
    fn message(&self) -> Message {
        match self {
            StateFileError::Read { path, source } => msg!(
                "sandbox-state-unreadable",
                path = path.display().to_string(),
                reason = source.to_string()
            ),
            StateFileError::Corrupt {
                path,
                line,
                column,
                message,
            } => msg!(
                "sandbox-state-corrupt",
                path = path.display().to_string(),
                line = *line,
                column = *column,
                // serde's words, in the catalogue's when they are one of its syntax errors
                reason = crate::i18n::json_text::problem(message)
            ),
            StateFileError::Inconsistent { path, problem } => msg!(
                "sandbox-state-inconsistent",
                path = path.display().to_string(),
                problem = problem.clone()
            ),
            StateFileError::Write { path, source } => msg!(
                "sandbox-state-unwritable",
                path = path.display().to_string(),
                reason = source.to_string()
            ),
            StateFileError::InUse { path } => {
                msg!("sandbox-state-in-use", path = path.display().to_string())
            }
            StateFileError::TooLarge { path, size } => msg!(
                "sandbox-state-too-large",
                path = path.display().to_string(),
                size = *size,
                limit = MAX_STATE_FILE
            ),
        }
    }
}

crate::display_via_message!(StateFileError);

/// What loading changed to make the ids consistent (the CLI prints these).
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    pub counter: &'static str,
    pub from: u64,
    pub to: u64,
}

impl Localize for Repair {
    fn message(&self) -> Message {
        msg!(
            "sandbox-state-repaired",
            counter = self.counter,
            from = self.from,
            to = self.to
        )
    }
}

/// What loading found in the journal: the whole records it kept, and the lines it could not read,
/// copied into `set_aside` (the CLI prints this; the app shows it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalReport {
    pub journal: PathBuf,
    pub kept: usize,
    pub set_aside: Option<SetAside>,
}

/// Damaged or cut journal lines, kept in a file of their own.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    pub path: PathBuf,
    pub lines: usize,
    pub bytes: u64,
}

impl Localize for JournalReport {
    fn message(&self) -> Message {
        let journal = self.journal.display().to_string();
        match &self.set_aside {
            None => msg!("sandbox-journal-loaded", path = journal, kept = self.kept),
            Some(aside) => msg!(
                "sandbox-journal-set-aside",
                path = journal,
                kept = self.kept,
                damaged = aside.lines,
                bytes = aside.bytes,
                aside = aside.path.display().to_string()
            ),
        }
    }
}

/// The journal file beside a state file.
pub fn journal_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".journal");
    path.with_file_name(name)
}

/// One journal line: the records changed since the previous line, whole, and the counters.
#[derive(Debug, Serialize, Deserialize)]
struct Batch {
    seq: u64,
    next_ticket_id: u64,
    next_user_id: u64,
    next_trigger_id: u64,
    next_category_id: u64,
    #[serde(default)]
    next_ticket_field_id: u64,
    #[serde(default)]
    next_automation_id: u64,
    #[serde(default)]
    next_custom_status_id: u64,
    trigger_categories_enabled: bool,
    records: Vec<Record>,
}

/// One changed record; `None` means it was deleted.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Record {
    Ticket {
        id: u64,
        value: Option<TicketRecord>,
    },
    User {
        id: u64,
        value: Option<Json>,
    },
    Webhook {
        id: String,
        value: Option<WebhookRecord>,
    },
    Trigger {
        id: u64,
        value: Option<Json>,
    },
    TicketField {
        id: u64,
        value: Option<Json>,
    },
    Automation {
        id: u64,
        value: Option<Json>,
    },
    Clock {
        hours: i64,
    },
    CustomStatuses {
        value: Vec<Json>,
        enabled: bool,
    },
    Categories {
        value: Vec<Json>,
    },
    Invocation {
        id: String,
        value: Option<InvocationRecord>,
    },
    Profile {
        braze_id: String,
        value: Option<Profile>,
    },
    ContentBlock {
        id: String,
        value: Option<ContentBlock>,
    },
    BrazeTags {
        value: Vec<String>,
    },
    Everything {
        /// Read through a JSON value: the record is internally tagged, and serde's buffering of
        /// such records cannot turn the state's string map keys back into its numeric ids.
        #[serde(deserialize_with = "whole_state")]
        value: Box<State>,
    },
}

fn whole_state<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Box<State>, D::Error> {
    let value = Json::deserialize(d)?;
    serde_json::from_value(value)
        .map(Box::new)
        .map_err(serde::de::Error::custom)
}

fn invocation_id(i: &InvocationRecord) -> Option<&str> {
    i.invocation.get("id").and_then(Json::as_str)
}

impl Batch {
    /// The changes marked since the last batch, read from the live state (under its lock).
    /// None when nothing changed.
    fn take(state: &mut State) -> Option<Batch> {
        let keys = state.dirty.take();
        if keys.is_empty() {
            return None;
        }
        let everything = keys.contains(&Key::Everything);
        let records = if everything {
            vec![Record::Everything {
                value: Box::new(state.clone()),
            }]
        } else {
            keys.into_iter()
                .map(|key| match key {
                    Key::Ticket(id) => Record::Ticket {
                        id,
                        value: state.tickets.get(&id).cloned(),
                    },
                    Key::User(id) => Record::User {
                        id,
                        value: state.users.get(&id).cloned(),
                    },
                    Key::Webhook(id) => Record::Webhook {
                        value: state.webhooks.get(&id).cloned(),
                        id,
                    },
                    Key::Trigger(id) => Record::Trigger {
                        id,
                        value: state.triggers.get(&id).cloned(),
                    },
                    Key::TicketField(id) => Record::TicketField {
                        id,
                        value: state.ticket_fields.get(&id).cloned(),
                    },
                    Key::Automation(id) => Record::Automation {
                        id,
                        value: state.automations.get(&id).cloned(),
                    },
                    Key::Clock => Record::Clock {
                        hours: state.clock_hours,
                    },
                    Key::CustomStatuses => Record::CustomStatuses {
                        value: state.custom_statuses.clone(),
                        enabled: state.custom_statuses_enabled,
                    },
                    Key::Categories => Record::Categories {
                        value: state.trigger_categories.clone(),
                    },
                    Key::Invocation(id) => Record::Invocation {
                        value: state
                            .invocations
                            .iter()
                            .find(|i| invocation_id(i) == Some(id.as_str()))
                            .cloned(),
                        id,
                    },
                    Key::Profile(braze_id) => Record::Profile {
                        value: state
                            .braze_profiles
                            .iter()
                            .find(|p| p.braze_id == braze_id)
                            .cloned(),
                        braze_id,
                    },
                    Key::ContentBlock(id) => Record::ContentBlock {
                        value: state
                            .content_blocks
                            .iter()
                            .find(|b| b.content_block_id == id)
                            .cloned(),
                        id,
                    },
                    Key::BrazeTags => Record::BrazeTags {
                        value: state.braze_tags.clone(),
                    },
                    // Handled above.
                    Key::Everything => Record::Categories {
                        value: state.trigger_categories.clone(),
                    },
                })
                .collect()
        };
        Some(Batch {
            seq: state.dirty.seq,
            next_ticket_id: state.next_ticket_id,
            next_user_id: state.next_user_id,
            next_trigger_id: state.next_trigger_id,
            next_category_id: state.next_category_id,
            next_ticket_field_id: state.next_ticket_field_id,
            next_automation_id: state.next_automation_id,
            next_custom_status_id: state.next_custom_status_id,
            trigger_categories_enabled: state.trigger_categories_enabled,
            records,
        })
    }

    fn apply(self, state: &mut State) {
        for record in self.records {
            match record {
                Record::Ticket { id, value } => put(&mut state.tickets, id, value),
                Record::User { id, value } => put(&mut state.users, id, value),
                Record::Webhook { id, value } => put(&mut state.webhooks, id, value),
                Record::Trigger { id, value } => put(&mut state.triggers, id, value),
                Record::TicketField { id, value } => put(&mut state.ticket_fields, id, value),
                Record::Automation { id, value } => put(&mut state.automations, id, value),
                Record::Clock { hours } => state.clock_hours = hours,
                Record::CustomStatuses { value, enabled } => {
                    state.custom_statuses = value;
                    state.custom_statuses_enabled = enabled;
                }
                Record::Categories { value } => state.trigger_categories = value,
                Record::Invocation { id, value } => upsert(
                    &mut state.invocations,
                    |i| invocation_id(i) == Some(id.as_str()),
                    value,
                ),
                Record::Profile { braze_id, value } => {
                    upsert(&mut state.braze_profiles, |p| p.braze_id == braze_id, value)
                }
                Record::ContentBlock { id, value } => upsert(
                    &mut state.content_blocks,
                    |b| b.content_block_id == id,
                    value,
                ),
                Record::BrazeTags { value } => state.braze_tags = value,
                Record::Everything { value } => *state = *value,
            }
        }
        // Counters only move forward, even if a line were applied twice.
        state.next_ticket_id = state.next_ticket_id.max(self.next_ticket_id);
        state.next_user_id = state.next_user_id.max(self.next_user_id);
        state.next_trigger_id = state.next_trigger_id.max(self.next_trigger_id);
        state.next_category_id = state.next_category_id.max(self.next_category_id);
        state.next_ticket_field_id = state.next_ticket_field_id.max(self.next_ticket_field_id);
        state.next_automation_id = state.next_automation_id.max(self.next_automation_id);
        state.next_custom_status_id = state.next_custom_status_id.max(self.next_custom_status_id);
        state.trigger_categories_enabled = self.trigger_categories_enabled;
        state.dirty.seq = self.seq;
    }
}

fn put<K: Ord, V>(map: &mut std::collections::BTreeMap<K, V>, key: K, value: Option<V>) {
    match value {
        Some(v) => {
            map.insert(key, v);
        }
        None => {
            map.remove(&key);
        }
    }
}

fn upsert<T>(list: &mut Vec<T>, is: impl Fn(&T) -> bool, value: Option<T>) {
    let at = list.iter().position(&is);
    match (at, value) {
        (Some(i), Some(v)) => list[i] = v,
        (None, Some(v)) => list.push(v),
        (Some(i), None) => {
            list.remove(i);
        }
        (None, None) => {}
    }
}

/// Reads the snapshot and replays the journal over it; a missing snapshot means a new, seeded
/// sandbox. Then checks the ids: counters behind an existing record are moved past it (and
/// reported), records filed under another id than their own are refused. Damaged journal lines
/// are set aside (see [`load_reporting`]).
pub fn load(path: &Path) -> Result<(State, Vec<Repair>), StateFileError> {
    load_reporting(path).map(|(state, repairs, _)| (state, repairs))
}

/// [`load`], saying what the journal held: the records kept, and the damaged or cut lines copied
/// into a new file beside it (`<journal>.damaged-<time>`), so that nothing is lost when the
/// journal is next emptied.
pub fn load_reporting(path: &Path) -> Result<(State, Vec<Repair>, JournalReport), StateFileError> {
    read_files(path, true)
}

fn read_files(
    path: &Path,
    set_aside: bool,
) -> Result<(State, Vec<Repair>, JournalReport), StateFileError> {
    // Through a symlink, the journal is the one beside the real file.
    let path = &real_path(path);
    let mut state = match open_bounded(path)? {
        Some(file) => parse_snapshot(path, file)?,
        None => State::seeded(),
    };
    let snapshot_seq = state.journal_seq;
    state.dirty.seq = snapshot_seq;
    let journal = journal_path(path);
    let report = match open_bounded(&journal)? {
        Some(file) => replay(&journal, file, snapshot_seq, &mut state, set_aside)?,
        None => JournalReport {
            journal: journal.clone(),
            ..JournalReport::default()
        },
    };
    let repairs = check_ids(path, &mut state)?;
    Ok((state, repairs, report))
}

/// The file if it exists and is within [`MAX_STATE_FILE`].
fn open_bounded(path: &Path) -> Result<Option<std::fs::File>, StateFileError> {
    let read_err = |source| StateFileError::Read {
        path: path.to_owned(),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_err(e)),
    };
    let size = file.metadata().map_err(read_err)?.len();
    if size > MAX_STATE_FILE {
        return Err(StateFileError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    Ok(Some(file))
}

/// Applies each whole line of the journal, one line in memory at a time. A line that does not
/// read is copied to the set-aside file; a block of zero bytes inside one still gives up the
/// record before it and the one after it.
fn replay(
    journal: &Path,
    file: std::fs::File,
    snapshot_seq: u64,
    state: &mut State,
    set_aside: bool,
) -> Result<JournalReport, StateFileError> {
    let read_err = |source| StateFileError::Read {
        path: journal.to_owned(),
        source,
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file.take(MAX_STATE_FILE));
    let mut report = JournalReport {
        journal: journal.to_owned(),
        ..JournalReport::default()
    };
    let mut aside: Option<(PathBuf, std::fs::File)> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(read_err)? == 0 {
            break;
        }
        let body = line.strip_suffix(b"\n").unwrap_or(&line);
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut apply = |batch: Batch| {
            report.kept += 1;
            if batch.seq > snapshot_seq {
                batch.apply(state);
            }
        };
        if let Ok(batch) = serde_json::from_slice::<Batch>(body) {
            apply(batch);
            continue;
        }
        // Damaged: what is whole on either side of a block of zero bytes is still a record.
        if let Some(first) = body.iter().position(|b| *b == 0) {
            let last = body.iter().rposition(|b| *b == 0).unwrap_or(first);
            for part in [&body[..first], &body[last + 1..]] {
                if let Ok(batch) = serde_json::from_slice::<Batch>(part) {
                    apply(batch);
                }
            }
        }
        if !set_aside {
            continue;
        }
        let write_err = |source| StateFileError::Write {
            path: journal.to_owned(),
            source,
        };
        if aside.is_none() {
            aside = Some(create_set_aside(journal).map_err(write_err)?);
        }
        if let Some((_, out)) = &mut aside {
            out.write_all(&line).map_err(write_err)?;
            if !line.ends_with(b"\n") {
                out.write_all(b"\n").map_err(write_err)?;
            }
        }
        let stats = report.set_aside.get_or_insert_with(|| SetAside {
            path: PathBuf::new(),
            lines: 0,
            bytes: 0,
        });
        stats.lines += 1;
        stats.bytes += line.len() as u64;
    }
    if let Some((path, out)) = aside {
        out.sync_all().map_err(|source| StateFileError::Write {
            path: path.clone(),
            source,
        })?;
        if let Some(stats) = &mut report.set_aside {
            stats.path = path;
        }
    }
    Ok(report)
}

/// `<journal>.damaged-<UTC time>[-n]`, new (never one that exists), `0600`.
fn create_set_aside(journal: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{stamp}"));
    for n in 0u32.. {
        let mut candidate = name.clone();
        if n > 0 {
            candidate.push(format!("-{n}"));
        }
        let path = journal.with_file_name(candidate);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free name"))
}

/// Checks the whole file is JSON without building anything (a cut or corrupt file is refused in
/// constant memory), then reads the state from it, streamed.
fn parse_snapshot(path: &Path, file: std::fs::File) -> Result<State, StateFileError> {
    let corrupt = |e: serde_json::Error| StateFileError::Corrupt {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let read_err = |source| StateFileError::Read {
        path: path.to_owned(),
        source,
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    serde_json::from_reader::<_, serde::de::IgnoredAny>(&mut reader).map_err(corrupt)?;
    std::io::Seek::rewind(reader.get_mut()).map_err(read_err)?;
    let reader = std::io::BufReader::with_capacity(1 << 16, reader.into_inner());
    let state: State = serde_json::from_reader(reader).map_err(corrupt)?;
    if state.format != FORMAT {
        return Err(StateFileError::Corrupt {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("format {} is not the supported {FORMAT}", state.format),
        });
    }
    Ok(state)
}

/// Each record's own id must be the one it is filed under; each counter must be past every id
/// in use (a counter behind would hand out an existing id and overwrite that record).
fn check_ids(path: &Path, state: &mut State) -> Result<Vec<Repair>, StateFileError> {
    let inconsistent = |problem: Message| StateFileError::Inconsistent {
        path: path.to_owned(),
        problem,
    };
    for (id, record) in &state.tickets {
        if record.ticket.get("id").and_then(Json::as_u64) != Some(*id) {
            return Err(inconsistent(msg!(
                "sandbox-state-misfiled",
                kind = "ticket",
                key = id.to_string()
            )));
        }
    }
    for (id, user) in &state.users {
        if user.get("id").and_then(Json::as_u64) != Some(*id) {
            return Err(inconsistent(msg!(
                "sandbox-state-misfiled",
                kind = "user",
                key = id.to_string()
            )));
        }
    }
    for (id, trigger) in &state.triggers {
        if trigger.get("id").and_then(Json::as_u64) != Some(*id) {
            return Err(inconsistent(msg!(
                "sandbox-state-misfiled",
                kind = "trigger",
                key = id.to_string()
            )));
        }
    }
    let mut repairs = Vec::new();
    let mut past = |counter: &'static str, next: &mut u64, highest: Option<u64>| {
        if let Some(h) = highest
            && *next <= h
        {
            repairs.push(Repair {
                counter,
                from: *next,
                to: h + 1,
            });
            *next = h + 1;
        }
    };
    past(
        "next_ticket_id",
        &mut state.next_ticket_id,
        state.tickets.keys().next_back().copied(),
    );
    past(
        "next_user_id",
        &mut state.next_user_id,
        state.users.keys().next_back().copied(),
    );
    past(
        "next_trigger_id",
        &mut state.next_trigger_id,
        state.triggers.keys().next_back().copied(),
    );
    let highest_category = state
        .trigger_categories
        .iter()
        .filter_map(|c| match c.get("id") {
            Some(Json::String(s)) => s.parse::<u64>().ok(),
            Some(other) => other.as_u64(),
            None => None,
        })
        .max();
    past(
        "next_category_id",
        &mut state.next_category_id,
        highest_category,
    );
    past(
        "next_ticket_field_id",
        &mut state.next_ticket_field_id,
        state.ticket_fields.keys().next_back().copied(),
    );
    let highest_status = state
        .custom_statuses
        .iter()
        .filter_map(|s| s.get("id").and_then(Json::as_u64))
        .max();
    past(
        "next_custom_status_id",
        &mut state.next_custom_status_id,
        highest_status,
    );
    past(
        "next_automation_id",
        &mut state.next_automation_id,
        state.automations.keys().next_back().copied(),
    );
    Ok(repairs)
}

/// The files on disk, owned by one sandbox (the lock) for its whole life.
pub(crate) struct Files {
    snapshot: PathBuf,
    journal: PathBuf,
    journal_len: u64,
    snapshot_len: u64,
    _lock: FileLock,
}

/// The lock on a state file, taken before it is read: a second sandbox is refused before it
/// reads (or sets anything aside).
pub(crate) struct Claim {
    path: PathBuf,
    lock: FileLock,
}

/// Takes the state file at `path` (its real file: a symlink to one in use is refused too).
pub(crate) fn claim(path: &Path) -> Result<Claim, StateFileError> {
    let path = real_path(path);
    match FileLock::try_acquire(&path) {
        Ok(Some(lock)) => Ok(Claim { path, lock }),
        Ok(None) => Err(StateFileError::InUse { path }),
        Err(source) => Err(StateFileError::Write { path, source }),
    }
}

impl Files {
    /// Takes the files and writes the loaded state as the new snapshot with an empty journal:
    /// an unusable path (a missing directory, no permission) fails here, at start.
    #[cfg(test)]
    pub fn open(path: &Path, state: &mut State) -> Result<Files, StateFileError> {
        Files::open_claimed(claim(path)?, state)
    }

    /// [`Files::open`] on a file already claimed.
    pub fn open_claimed(claim: Claim, state: &mut State) -> Result<Files, StateFileError> {
        let path = &claim.path;
        let write_err = |source| StateFileError::Write {
            path: path.to_owned(),
            source,
        };
        let mut files = Files {
            snapshot: path.to_owned(),
            journal: journal_path(path),
            journal_len: 0,
            snapshot_len: 0,
            _lock: claim.lock,
        };
        files.compact(state).map_err(write_err)?;
        Ok(files)
    }

    /// Writes `state` whole, then empties the journal. A crash in between leaves a snapshot
    /// whose `journal_seq` covers every line of the old journal: they are skipped on load.
    ///
    /// `state` is written as it is, streamed into the file: no copy of a large state is made
    /// (its `journal_seq` is only read when loading, so it is set here on the state itself).
    fn compact(&mut self, state: &mut State) -> std::io::Result<()> {
        state.journal_seq = state.dirty.seq;
        let written = write_atomic_with(&self.snapshot, Privacy::Private, |out| {
            serde_json::to_writer(out, &*state).map_err(std::io::Error::other)
        })?;
        write_atomic(&self.journal, b"", Privacy::Private)?;
        self.snapshot_len = written;
        self.journal_len = 0;
        Ok(())
    }

    fn append(&mut self, batch: &Batch) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(batch).map_err(std::io::Error::other)?;
        line.push(b'\n');
        // A failed append that could not be cut back leaves more than the whole records: cut
        // it now, before this line is written after it.
        if std::fs::metadata(&self.journal)?.len() != self.journal_len {
            truncate_durable(&self.journal, self.journal_len)?;
        }
        append_durable(&self.journal, &line, Privacy::Private)?;
        self.journal_len += line.len() as u64;
        Ok(())
    }

    fn wants_compaction(&self) -> bool {
        self.journal_len > COMPACT_AFTER.max(self.snapshot_len)
    }
}

/// How far the journal has got: every change up to `seq` is on disk. `failed` holds the last
/// sequence number whose line could not be written, and why.
#[derive(Debug, Clone, Default)]
pub(crate) struct Durable {
    pub seq: u64,
    pub failed: Option<(u64, String)>,
}

enum Order {
    Flush,
    /// Write what is left, fold it into the snapshot, and stop.
    Finish(mpsc::Sender<Result<(), std::io::Error>>),
}

/// The writer thread's handle.
pub(crate) struct Writer {
    orders: Mutex<mpsc::Sender<Order>>,
    durable: tokio::sync::watch::Receiver<Durable>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Writer {
    pub fn start(files: Files, state: Arc<Mutex<State>>) -> std::io::Result<Writer> {
        let (orders, inbox) = mpsc::channel();
        let initial = lock(&state).dirty.seq;
        let (durable_tx, durable) = tokio::sync::watch::channel(Durable {
            seq: initial,
            failed: None,
        });
        let thread = std::thread::Builder::new()
            .name("sandbox-journal".into())
            .spawn(move || write_loop(files, state, inbox, durable_tx))?;
        Ok(Writer {
            orders: Mutex::new(orders),
            durable,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Asks for the pending changes to be written (returns at once).
    pub fn flush(&self) {
        let _ = lock(&self.orders).send(Order::Flush);
    }

    /// Waits until every change up to `target` is on disk, or its line failed.
    pub async fn wait_for(&self, target: u64) -> Result<(), String> {
        let mut durable = self.durable.clone();
        if durable.borrow().seq >= target {
            return Ok(());
        }
        self.flush();
        loop {
            {
                let d = durable.borrow_and_update();
                if d.seq >= target {
                    return Ok(());
                }
                if let Some((failed, why)) = &d.failed
                    && *failed >= target
                {
                    return Err(why.clone());
                }
            }
            if durable.changed().await.is_err() {
                return Err("the journal writer stopped".into());
            }
        }
    }

    /// Writes everything, compacts, and stops the thread.
    pub fn finish(&self) -> std::io::Result<()> {
        let (done, result) = mpsc::channel();
        if lock(&self.orders).send(Order::Finish(done)).is_err() {
            return Ok(());
        }
        let outcome = result
            .recv()
            .unwrap_or_else(|_| Err(std::io::Error::other("the journal writer stopped")));
        if let Some(t) = lock(&self.thread).take() {
            let _ = t.join();
        }
        outcome
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn write_loop(
    mut files: Files,
    state: Arc<Mutex<State>>,
    inbox: mpsc::Receiver<Order>,
    durable: tokio::sync::watch::Sender<Durable>,
) {
    // A closed channel (the sandbox dropped without shutdown) still writes what is pending.
    let mut finish = None;
    loop {
        match inbox.recv() {
            Ok(Order::Flush) => {}
            Ok(Order::Finish(done)) => finish = Some(done),
            Err(_) => {
                let _ = write_pending(&mut files, &state, &durable);
                return;
            }
        }
        // Everyone who asked meanwhile is served by the same line.
        while let Ok(order) = inbox.try_recv() {
            if let Order::Finish(done) = order {
                finish = Some(done);
            }
        }
        let written = write_pending(&mut files, &state, &durable);
        if let Some(done) = finish.take() {
            let result = written.and_then(|()| {
                let mut snapshot = lock(&state).clone();
                files.compact(&mut snapshot)
            });
            let _ = done.send(result);
            return;
        }
        if written.is_ok() && files.wants_compaction() {
            let mut snapshot = lock(&state).clone();
            let seq = snapshot.dirty.seq;
            match files.compact(&mut snapshot) {
                Ok(()) => durable.send_modify(|d| d.seq = d.seq.max(seq)),
                Err(e) => eprintln!("zenbraze sandbox: {e}"),
            }
        }
    }
}

fn write_pending(
    files: &mut Files,
    state: &Mutex<State>,
    durable: &tokio::sync::watch::Sender<Durable>,
) -> std::io::Result<()> {
    let batch = {
        let mut state = lock(state);
        Batch::take(&mut state)
    };
    let Some(batch) = batch else {
        return Ok(());
    };
    let seq = batch.seq;
    match files.append(&batch) {
        Ok(()) => {
            durable.send_modify(|d| d.seq = d.seq.max(seq));
            Ok(())
        }
        Err(e) => {
            // Nothing of this line is acknowledged, and nothing of it may stay visible: the state
            // goes back to what the files hold (every change since the last whole line is
            // undone, and answered as failed). Should the files not read, the next line carries
            // everything instead.
            let mut live = lock(state);
            let failed = live.dirty.seq;
            match read_files(&files.snapshot, false) {
                Ok((on_disk, _, _)) => {
                    // Ids handed out stay handed out (a retry gets a new one).
                    let counters = (
                        live.next_ticket_id,
                        live.next_user_id,
                        live.next_trigger_id,
                        live.next_category_id,
                        live.next_ticket_field_id,
                        live.next_automation_id,
                        live.next_custom_status_id,
                    );
                    *live = on_disk;
                    live.next_ticket_id = live.next_ticket_id.max(counters.0);
                    live.next_user_id = live.next_user_id.max(counters.1);
                    live.next_trigger_id = live.next_trigger_id.max(counters.2);
                    live.next_category_id = live.next_category_id.max(counters.3);
                    live.next_ticket_field_id = live.next_ticket_field_id.max(counters.4);
                    live.next_automation_id = live.next_automation_id.max(counters.5);
                    live.next_custom_status_id = live.next_custom_status_id.max(counters.6);
                    live.dirty.seq = failed;
                }
                Err(_) => live.touch(Key::Everything),
            }
            drop(live);
            durable.send_modify(|d| d.failed = Some((failed, e.to_string())));
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::state::ulid;
    use serde_json::json;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zb-store-{name}-{}", ulid()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn ticket(id: u64) -> TicketRecord {
        TicketRecord {
            ticket: crate::sandbox::trigger_engine::json_map(
                json!({"id": id, "subject": format!("t{id}")}),
            ),
            comments: Vec::new(),
            audits: Vec::new(),
            rules: Default::default(),
        }
    }

    #[test]
    fn a_corrupt_file_is_refused_with_its_position_and_left_alone() {
        let dir = temp_dir("corrupt");
        let path = dir.join("state.json");
        std::fs::write(&path, "{\"format\": 1,\n  \"tickets\": [oops").unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("left untouched"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"format\": 1,\n  \"tickets\": [oops"
        );
        assert!(load(&dir.join("missing.json")).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_journal_replays_over_the_snapshot_and_a_cut_last_line_is_dropped() {
        let dir = temp_dir("replay");
        let path = dir.join("state.json");
        let mut state = State::seeded();
        let mut files = Files::open(&path, &mut state).unwrap();
        for id in 1..=3 {
            state.tickets.insert(id, ticket(id));
            state.next_ticket_id = id + 1;
            state.touch(Key::Ticket(id));
            files.append(&Batch::take(&mut state).unwrap()).unwrap();
        }
        state.tickets.remove(&2);
        state.touch(Key::Ticket(2));
        files.append(&Batch::take(&mut state).unwrap()).unwrap();
        drop(files);
        // A crash in the middle of the next line.
        let journal = journal_path(&path);
        let mut bytes = std::fs::read(&journal).unwrap();
        bytes.extend_from_slice(b"{\"seq\": 99, \"records\": [{\"kind\": \"tic");
        std::fs::write(&journal, bytes).unwrap();
        let (loaded, repairs) = load(&path).unwrap();
        assert!(repairs.is_empty());
        assert_eq!(loaded.tickets.keys().copied().collect::<Vec<_>>(), [1, 3]);
        assert_eq!(loaded.next_ticket_id, 4);
        assert_eq!(loaded, state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Ticket fields (issue 27) are journaled with the rest, and their counter with them.
    #[test]
    fn ticket_fields_replay_from_the_journal() {
        let dir = temp_dir("fields");
        let path = dir.join("state.json");
        let mut state = State::seeded();
        let mut files = Files::open(&path, &mut state).unwrap();
        let id = state.next_ticket_field_id;
        state.next_ticket_field_id += 2;
        state
            .ticket_fields
            .insert(id, json!({"id": id, "type": "text", "title": "Order"}));
        state.ticket_fields.insert(
            id + 1,
            json!({"id": id + 1, "type": "text", "title": "Gone"}),
        );
        state.touch(Key::TicketField(id));
        state.touch(Key::TicketField(id + 1));
        files.append(&Batch::take(&mut state).unwrap()).unwrap();
        state.ticket_fields.remove(&(id + 1));
        state.touch(Key::TicketField(id + 1));
        files.append(&Batch::take(&mut state).unwrap()).unwrap();
        drop(files);
        let (loaded, repairs) = load(&path).unwrap();
        assert!(repairs.is_empty());
        assert_eq!(
            loaded.ticket_fields.keys().copied().collect::<Vec<_>>(),
            [id]
        );
        assert_eq!(loaded.next_ticket_field_id, id + 2);
        assert_eq!(loaded, state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Automations and the clock's hours are journaled with the rest.
    #[test]
    fn automations_and_the_clock_replay_from_the_journal() {
        let dir = temp_dir("automations");
        let path = dir.join("state.json");
        let mut state = State::seeded();
        let mut files = Files::open(&path, &mut state).unwrap();
        let id = state.next_automation_id;
        state.next_automation_id += 1;
        state
            .automations
            .insert(id, json!({"id": id, "title": "Close after 4 days"}));
        state.touch(Key::Automation(id));
        state.clock_hours = 25;
        state.touch(Key::Clock);
        files.append(&Batch::take(&mut state).unwrap()).unwrap();
        drop(files);
        let (loaded, repairs) = load(&path).unwrap();
        assert!(repairs.is_empty());
        assert_eq!(loaded.automations.keys().copied().collect::<Vec<_>>(), [id]);
        assert_eq!(
            (loaded.clock_hours, loaded.next_automation_id),
            (25, id + 1)
        );
        assert_eq!(loaded, state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_counter_behind_an_existing_ticket_is_moved_past_it() {
        let dir = temp_dir("counter");
        let path = dir.join("state.json");
        let mut state = State::seeded();
        state.tickets.insert(1, ticket(1));
        state.tickets.insert(7, ticket(7));
        state.next_ticket_id = 1;
        std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        let (loaded, repairs) = load(&path).unwrap();
        assert_eq!(loaded.next_ticket_id, 8);
        assert_eq!(
            repairs,
            [Repair {
                counter: "next_ticket_id",
                from: 1,
                to: 8
            }]
        );
        assert!(repairs[0].message().to_string().contains("next_ticket_id"));
        // A ticket filed under another id than its own is refused.
        state.tickets.insert(9, ticket(3));
        std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        let e = load(&path).unwrap_err();
        assert!(matches!(e, StateFileError::Inconsistent { .. }), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_files_are_private_and_a_second_owner_is_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir("private");
        let path = dir.join("state.json");
        let mut state = State::seeded();
        let files = Files::open(&path, &mut state).unwrap();
        for p in [&path, &journal_path(&path)] {
            let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", p.display());
        }
        assert!(matches!(
            Files::open(&path, &mut state),
            Err(StateFileError::InUse { .. })
        ));
        drop(files);
        assert!(Files::open(&path, &mut state).is_ok());
        let missing = dir.join("no/such/dir/state.json");
        assert!(matches!(
            Files::open(&missing, &mut state),
            Err(StateFileError::Write { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A second sandbox on the same state file through a symlink is refused like one on the
    /// same path, and the files it would write are the target's.
    #[cfg(unix)]
    #[test]
    fn a_second_owner_through_a_symlink_is_refused() {
        let dir = temp_dir("symlink");
        let path = dir.join("state.json");
        let mut state = State::seeded();
        let files = Files::open(&path, &mut state).unwrap();
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(matches!(
            Files::open(&link, &mut state),
            Err(StateFileError::InUse { .. })
        ));
        drop(files);
        let files = Files::open(&link, &mut state).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(journal_path(&path).exists());
        assert!(!journal_path(&link).exists());
        drop(files);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Thirty acknowledged tickets, one journal line each, maybe with a reset in the middle (the
    /// whole-state record). Returns the journal's bytes, the end of each line, and the state
    /// before the first line and after each.
    fn thirty(path: &Path, reset_at: Option<u64>) -> (Vec<u8>, Vec<usize>, Vec<State>) {
        let mut state = State::seeded();
        // Small records, so that the test can afford a restart at every byte.
        state.braze_profiles.clear();
        let mut files = Files::open(path, &mut state).unwrap();
        let mut ends = Vec::new();
        let mut states = vec![state.clone()];
        for id in 1..=30u64 {
            if Some(id) == reset_at {
                state.reset();
            } else {
                state.tickets.insert(id, ticket(id));
                state.next_ticket_id = id + 1;
                state.touch(Key::Ticket(id));
            }
            files.append(&Batch::take(&mut state).unwrap()).unwrap();
            ends.push(files.journal_len as usize);
            states.push(state.clone());
        }
        drop(files);
        (std::fs::read(journal_path(path)).unwrap(), ends, states)
    }

    /// A reset writes the whole state as one record: after a kill -9 it reads back.
    #[test]
    fn a_reset_then_a_crash_restarts_with_everything() {
        let dir = temp_dir("reset");
        let path = dir.join("state.json");
        let (_, _, states) = thirty(&path, Some(10));
        let (loaded, _, report) = load_reporting(&path).unwrap();
        assert_eq!(loaded, states[30]);
        assert_eq!(report.kept, 30);
        assert_eq!(report.set_aside, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The journal cut at every byte: every whole line is kept, the cut one is set aside in a
    /// named file that holds exactly its bytes, and nothing else is there.
    #[test]
    fn a_journal_cut_at_every_byte_keeps_every_whole_record_and_sets_the_rest_aside() {
        let dir = temp_dir("cut");
        let path = dir.join("state.json");
        let snapshot = {
            let (bytes, ends, states) = thirty(&path, None);
            (bytes, ends, states, std::fs::read(&path).unwrap())
        };
        let (bytes, ends, states, snap) = snapshot;
        let journal = journal_path(&path);
        for cut in 0..=bytes.len() {
            std::fs::write(&journal, &bytes[..cut]).unwrap();
            let (loaded, _, report) = load_reporting(&path).unwrap();
            let whole = ends.iter().filter(|end| **end <= cut).count();
            // A last line cut just before its newline is whole.
            let whole = if whole < 30 && cut + 1 == ends[whole] {
                whole + 1
            } else {
                whole
            };
            assert_eq!(loaded, states[whole], "cut at {cut}");
            assert_eq!(report.kept, whole, "cut at {cut}");
            let start = if whole == 0 { 0 } else { ends[whole - 1] };
            if start >= cut {
                assert_eq!(report.set_aside, None, "cut at {cut}");
            } else {
                let aside = report.set_aside.clone().expect("set aside");
                let text = std::fs::read(&aside.path).unwrap();
                let mut tail = bytes[start..cut].to_vec();
                tail.push(b'\n');
                assert_eq!(text, tail, "cut at {cut}");
                assert_eq!(aside.lines, 1);
                assert!(
                    report
                        .message()
                        .to_string()
                        .contains(&aside.path.display().to_string())
                );
                std::fs::remove_file(&aside.path).unwrap();
            }
            assert_eq!(std::fs::read(&path).unwrap(), snap);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A block of zero bytes in the middle: the records before and after it are kept, and the
    /// damaged lines are set aside, not emptied away.
    #[test]
    fn a_block_of_zeros_in_the_middle_keeps_the_good_records_on_both_sides() {
        let dir = temp_dir("zeros");
        let path = dir.join("state.json");
        let (mut bytes, ends, states) = thirty(&path, Some(10));
        // Zeros from the middle of line 15 to the middle of line 17.
        let from = ends[13] + 20;
        let to = ends[16] - 20;
        bytes[from..to].fill(0);
        std::fs::write(journal_path(&path), &bytes).unwrap();
        let (loaded, _, report) = load_reporting(&path).unwrap();
        let aside = report.set_aside.clone().expect("set aside");
        assert_eq!(aside.lines, 1);
        // Lines 15 and 17 are damaged, line 16 is gone under the zeros; all others are kept.
        assert_eq!(report.kept, 27);
        let ids: Vec<u64> = loaded.tickets.keys().copied().collect();
        let mut expected: Vec<u64> = states[30].tickets.keys().copied().collect();
        expected.retain(|id| ![15, 16, 17].contains(id));
        assert_eq!(ids, expected);
        assert!(std::fs::read(&aside.path).unwrap().contains(&0));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file past the limit is refused before it is read, with the limit named.
    #[test]
    fn a_state_file_past_the_limit_is_refused_with_the_limit_named() {
        let dir = temp_dir("large");
        let path = dir.join("state.json");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_STATE_FILE + 1).unwrap();
        let e = load(&path).unwrap_err();
        assert!(matches!(e, StateFileError::TooLarge { .. }), "{e}");
        assert!(e.to_string().contains(&MAX_STATE_FILE.to_string()), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Appends on a really full disk (a 256 KiB tmpfs, root only): each failed line is cut off
    /// again and its change rolled back (answered as failed, not visible); once space is freed
    /// writes go on; after a crash every acknowledged ticket is there and no failed one.
    #[cfg(target_os = "linux")]
    #[test]
    #[ignore = "needs root to mount a small full tmpfs: run as root (.ci/run does)"]
    fn appends_on_a_full_disk_are_cut_back_and_rolled_back() {
        let base = temp_dir("full");
        let disk = crate::durable::full_disk::Tmpfs::mount(&base.join("disk"), 256);
        let path = disk.dir.join("state.json");
        let state = Arc::new(Mutex::new(State::seeded()));
        let files = Files::open(&path, &mut lock(&state)).unwrap();
        let writer = Writer::start(files, state.clone()).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let create = |id: u64| {
            let target = {
                let mut s = lock(&state);
                let mut t = ticket(id);
                t.comments.push(json!({"body": "x".repeat(2000)}));
                s.tickets.insert(id, t);
                s.next_ticket_id = id + 1;
                s.touch(Key::Ticket(id));
                s.dirty.seq
            };
            runtime.block_on(writer.wait_for(target))
        };
        let mut acknowledged = Vec::new();
        let mut failed = Vec::new();
        for id in 1..=10 {
            create(id).unwrap();
            acknowledged.push(id);
        }
        let filler = disk.fill();
        for id in 11..=20 {
            match create(id) {
                Ok(()) => acknowledged.push(id),
                Err(_) => {
                    failed.push(id);
                    // Answered as failed, and not visible.
                    assert!(!lock(&state).tickets.contains_key(&id), "{id} visible");
                }
            }
        }
        assert!(!failed.is_empty(), "the disk never filled");
        // The journal holds whole lines only.
        let journal = std::fs::read(journal_path(&path)).unwrap();
        assert!(journal.ends_with(b"\n"));
        std::fs::remove_file(filler).unwrap();
        for id in 21..=25 {
            create(id).unwrap();
            acknowledged.push(id);
        }
        // A crash: the writer is dropped unfinished; the files are read as they are.
        drop(writer);
        let (loaded, _, report) = load_reporting(&path).unwrap();
        assert_eq!(report.set_aside, None);
        let ids: Vec<u64> = loaded.tickets.keys().copied().collect();
        assert_eq!(ids, acknowledged);
        for id in failed {
            assert!(!loaded.tickets.contains_key(&id));
        }
        drop(disk);
        let _ = std::fs::remove_dir_all(&base);
    }
}
