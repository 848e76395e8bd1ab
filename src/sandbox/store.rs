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
//! that was handed out. Loading replays the journal over the snapshot (a line cut by a crash at
//! the end was never acknowledged and is dropped), then checks that the ids agree.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::state::{FORMAT, InvocationRecord, Key, Profile, State, TicketRecord, WebhookRecord};
use crate::durable::{FileLock, Privacy, append_durable, real_path, write_atomic};
use crate::i18n::{Localize, Message};
use crate::msg;

/// The journal is folded into the snapshot once it is larger than this and than the snapshot.
const COMPACT_AFTER: u64 = 4 * 1024 * 1024;

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
                reason = message.as_str()
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
    Everything {
        value: Box<State>,
    },
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
                Record::Categories { value } => state.trigger_categories = value,
                Record::Invocation { id, value } => upsert(
                    &mut state.invocations,
                    |i| invocation_id(i) == Some(id.as_str()),
                    value,
                ),
                Record::Profile { braze_id, value } => {
                    upsert(&mut state.braze_profiles, |p| p.braze_id == braze_id, value)
                }
                Record::Everything { value } => *state = *value,
            }
        }
        // Counters only move forward, even if a line were applied twice.
        state.next_ticket_id = state.next_ticket_id.max(self.next_ticket_id);
        state.next_user_id = state.next_user_id.max(self.next_user_id);
        state.next_trigger_id = state.next_trigger_id.max(self.next_trigger_id);
        state.next_category_id = state.next_category_id.max(self.next_category_id);
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
/// reported), records filed under another id than their own are refused.
pub fn load(path: &Path) -> Result<(State, Vec<Repair>), StateFileError> {
    // Through a symlink, the journal is the one beside the real file.
    let path = &real_path(path);
    let mut state = match std::fs::read_to_string(path) {
        Ok(text) => parse_snapshot(path, &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::seeded(),
        Err(source) => {
            return Err(StateFileError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let snapshot_seq = state.journal_seq;
    state.dirty.seq = snapshot_seq;
    let journal = journal_path(path);
    let text = match std::fs::read(&journal) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(StateFileError::Read {
                path: journal,
                source,
            });
        }
    };
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let batch: Batch = match serde_json::from_slice(line) {
            Ok(b) => b,
            // The last line, cut by a crash while it was written: never acknowledged.
            Err(_) if i + 1 == lines.len() => break,
            Err(e) => {
                return Err(StateFileError::Corrupt {
                    path: journal,
                    line: i + 1,
                    column: e.column(),
                    message: e.to_string(),
                });
            }
        };
        if batch.seq > snapshot_seq {
            batch.apply(&mut state);
        }
    }
    let repairs = check_ids(path, &mut state)?;
    Ok((state, repairs))
}

fn parse_snapshot(path: &Path, text: &str) -> Result<State, StateFileError> {
    let state: State = serde_json::from_str(text).map_err(|e| StateFileError::Corrupt {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
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

impl Files {
    /// Takes the files and writes the loaded state as the new snapshot with an empty journal:
    /// an unusable path (a missing directory, no permission) fails here, at start.
    pub fn open(path: &Path, state: &State) -> Result<Files, StateFileError> {
        // One sandbox per real file, whatever path (or symlink) names it.
        let path = &real_path(path);
        let write_err = |source| StateFileError::Write {
            path: path.to_owned(),
            source,
        };
        let lock = match FileLock::try_acquire(path) {
            Ok(Some(lock)) => lock,
            Ok(None) => {
                return Err(StateFileError::InUse {
                    path: path.to_owned(),
                });
            }
            Err(source) => return Err(write_err(source)),
        };
        let mut files = Files {
            snapshot: path.to_owned(),
            journal: journal_path(path),
            journal_len: 0,
            snapshot_len: 0,
            _lock: lock,
        };
        files.compact(state).map_err(write_err)?;
        Ok(files)
    }

    /// Writes `state` whole, then empties the journal. A crash in between leaves a snapshot
    /// whose `journal_seq` covers every line of the old journal: they are skipped on load.
    fn compact(&mut self, state: &State) -> std::io::Result<()> {
        let mut snapshot = state.clone();
        snapshot.journal_seq = state.dirty.seq;
        let bytes = serde_json::to_vec(&snapshot).map_err(std::io::Error::other)?;
        write_atomic(&self.snapshot, &bytes, Privacy::Private)?;
        write_atomic(&self.journal, b"", Privacy::Private)?;
        self.snapshot_len = bytes.len() as u64;
        self.journal_len = 0;
        Ok(())
    }

    fn append(&mut self, batch: &Batch) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(batch).map_err(std::io::Error::other)?;
        line.push(b'\n');
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
                let snapshot = lock(&state).clone();
                files.compact(&snapshot)
            });
            let _ = done.send(result);
            return;
        }
        if written.is_ok() && files.wants_compaction() {
            let snapshot = lock(&state).clone();
            let seq = snapshot.dirty.seq;
            match files.compact(&snapshot) {
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
            // Nothing of this line is acknowledged; the next one carries everything.
            lock(state).touch(Key::Everything);
            durable.send_modify(|d| d.failed = Some((seq, e.to_string())));
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
        let mut files = Files::open(&path, &state).unwrap();
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
        let state = State::seeded();
        let files = Files::open(&path, &state).unwrap();
        for p in [&path, &journal_path(&path)] {
            let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", p.display());
        }
        assert!(matches!(
            Files::open(&path, &state),
            Err(StateFileError::InUse { .. })
        ));
        drop(files);
        assert!(Files::open(&path, &state).is_ok());
        let missing = dir.join("no/such/dir/state.json");
        assert!(matches!(
            Files::open(&missing, &state),
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
        let state = State::seeded();
        let files = Files::open(&path, &state).unwrap();
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(matches!(
            Files::open(&link, &state),
            Err(StateFileError::InUse { .. })
        ));
        drop(files);
        let files = Files::open(&link, &state).unwrap();
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
}
