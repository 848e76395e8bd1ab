//! What `App::logic` does each frame, in order: collect what background work finished, apply the
//! queued commands, keep the derived views current (asking workers for what is heavy), schedule
//! the autosave. Cheap when nothing changed; never waits for a worker.

use super::ZenbrazeApp;
use super::command;

impl ZenbrazeApp {
    pub(crate) fn run_logic(&mut self, ctx: &egui::Context) {
        self.poll_sandbox(ctx);
        if self.palette.is_none() {
            self.queue.extend(command::from_shortcuts(ctx));
        }
        for command in std::mem::take(&mut self.queue) {
            self.apply(ctx, command);
        }
        self.poll_files();
        self.poll_chooser(ctx);
        self.poll_import(ctx);
        self.poll_profiles();
        self.poll_sends(ctx);
        self.poll_via_braze();
        self.poll_wizard(ctx);
        self.poll_ticket_rules();
        self.clamp_selection();
        self.update_derived(ctx);
        self.schedule_autosave(ctx);
        self.expire_notices(ctx);
    }
}
