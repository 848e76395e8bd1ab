# zenbraze — English: what `zenbraze sandbox` prints and the sandbox's errors the app and the CLI show.
# (What the sandbox answers over HTTP is Zendesk's and Braze's wire format, in English like the real services: not here.)

sandbox-cli-listening = zenbraze sandbox listening on { $url }
sandbox-cli-zendesk = { "  " }Zendesk  { $url }/api/v2
sandbox-cli-zendesk-login = { "           " }email { $email }  API token { $token }
sandbox-cli-braze = { "  " }Braze    { $url }
sandbox-cli-braze-keys = { "           " }REST key { $key }  (without users.track: { $key_no_track })
sandbox-cli-state-file = { "  " }State    { $path } (every change is on disk before it is answered)
sandbox-cli-state-memory = { "  " }State    in memory (pass --state FILE to keep it)
sandbox-cli-control = { "  " }Control  GET { $url }/__sandbox/state · POST { $url }/__sandbox/reset · POST { $url }/__sandbox/faults
sandbox-cli-stop = Press Ctrl-C to stop.
sandbox-cli-error = zenbraze sandbox: { $error }
sandbox-cli-warning = zenbraze sandbox: { $warning }

sandbox-port-in-use = the sandbox cannot listen on { $addr }: the port is in use (is another sandbox running? pass --port)
sandbox-cannot-listen = the sandbox cannot listen on { $addr }: { $reason }
sandbox-state-unreadable = cannot read the sandbox state { $path }: { $reason }
sandbox-state-corrupt = { $path } is not a zenbraze sandbox state (line { $line }, column { $column }: { $reason }); it was left untouched: move it away or pass another --state
sandbox-state-inconsistent = { $path } contradicts itself: { $problem }; it was left untouched: move it away or pass another --state
sandbox-state-misfiled = the { $kind ->
        [ticket] ticket
        [user] user
       *[trigger] trigger
    } filed under id { $key } has another id of its own
sandbox-state-unwritable = cannot write the sandbox state { $path }: { $reason }
sandbox-state-in-use = { $path } is in use by another sandbox: stop it, or pass another --state
sandbox-state-repaired = { $counter } was { $from }, behind ids already in use: it is now { $to }, so no record is overwritten
sandbox-state-too-large = { $path } is { $size } bytes, past the { $limit }-byte limit for a sandbox state file; it was left untouched: move it away or pass another --state
sandbox-journal-loaded = journal { $path }: { $kept ->
        [one] one record kept
       *[other] { $kept } records kept
    }
sandbox-journal-set-aside = journal { $path }: { $kept ->
        [one] one whole record kept
       *[other] { $kept } whole records kept
    }; { $damaged ->
        [one] one damaged or cut line
       *[other] { $damaged } damaged or cut lines
    } ({ $bytes } bytes) set aside in { $aside } (what they held is not in the sandbox; a line cut at the end was never answered as saved)

# The app's sandbox view
sandbox-view-newer = Newer
sandbox-view-older = Older
sandbox-view-newest = Newest
sandbox-view-loading = Reading the tickets from the sandbox's Zendesk API
console-rules-read = Which rules ran on this ticket (its audits)
console-rules-none = no trigger or automation changed ticket { $id } or notified a webhook
console-rules-failed = could not read the ticket's audits: { $reason }
console-rule-line = { $kind ->
    [automation] automation
   *[trigger] trigger
 } “{ $title }” (id { $id }) at { $at }: { $did }
console-rule-set = set { $field } to “{ $value }”
console-rule-webhook = notified webhook { $webhook }
console-rule-event = { $kind } event
sandbox-rules-none = no rule has run on it yet
sandbox-rule-evaluation = { $cause ->
    [create] when created
    [update] when updated
   *[automation] automation check{ $hours ->
        [one] {""}
       *[other] {" "}× { $hours } hours
    }
 } · { $at }
sandbox-rule-fired = { $kind ->
    [automation] automation
   *[trigger] trigger
 } “{ $title }” fired
sandbox-rule-not-fired = { $kind ->
    [automation] automation
   *[trigger] trigger
 } “{ $title }” did not fire: { $reason }
sandbox-rule-why-tags-excluded = tags include { $tags }{ $guard ->
    [refire] {" "}(the re-fire guard: it already notified)
   *[loop] {" "}(the loop guard)
 }
sandbox-rule-why-tags-missing = tags include none of { $tags }
sandbox-rule-why-any = none of the “Meet ANY” conditions holds
sandbox-rule-why-unknown = its conditions did not hold
sandbox-rule-why-condition = { $condition } does not hold (the ticket has “{ $saw }”)
sandbox-rule-why-changed = { $condition } does not hold (“{ $before }” → “{ $saw }”)
sandbox-rule-why-hours = { $condition } does not hold ({ $saw } hours)
sandbox-rule-why-hours-none = { $condition } does not apply (the ticket is not in that status)
sandbox-view-page = This page: { $count ->
        [one] one ticket
       *[other] { $count } tickets
    }, newest first, as the Zendesk API lists them
sandbox-view-unreachable = The sandbox's API did not answer: { $reason }
sandbox-view-ticket-missing = Ticket #{ $id } is not in the sandbox: it was deleted in this run
sandbox-view-ticket = Ticket #{ $id } · { $subject } · { $status }
sandbox-view-show-ticket = Show in the sandbox
sandbox-view-close = Hide this ticket
sandbox-view-run = Run { $run }
sandbox-view-kept = Kept in { $path }: tickets, webhooks and deliveries are still here after a restart
sandbox-view-memory = Kept in memory: everything here is gone when zenbraze closes
sandbox-state-memory-only = This window's sandbox keeps its state in memory only (gone when zenbraze closes): { $why }
sandbox-state-held-elsewhere = Another zenbraze window holds the sandbox's saved state ({ $path }): this window's sandbox keeps its state in memory only, gone when it closes
sandbox-entry-run = Sent to { $account } with the profile { $profile } · sandbox run { $run }
sandbox-entry-account = Sent to { $account } with the profile { $profile }
sandbox-entry-other-run = Ticket #{ $id } was made in sandbox run { $run }; the sandbox has been reset since (this is run { $current }), so it is not there any more
sandbox-entry-unknown-run = Ticket #{ $id } was made before the sandbox named its runs: the sandbox's ticket #{ $id } now may be another one, so it is not opened
confirm-reset-sandbox = Reset the sandbox and delete its { $tickets ->
        [one] one ticket
       *[other] { $tickets } tickets
    }?
confirm-reset-sandbox-detail = Its webhooks, triggers and deliveries are deleted too, and the Braze profiles go back to the samples. The console's history keeps its entries, but their tickets can no longer be shown
confirm-yes-reset = Yes, reset

# Statuses as Zendesk's own interface names them
ticket-status-new = new
ticket-status-open = open
ticket-status-pending = pending
ticket-status-hold = on-hold
ticket-status-solved = solved
ticket-status-closed = closed
webhook-status-active = active
webhook-status-inactive = inactive
delivery-status-success = success
delivery-status-failed = failed
delivery-status-pending = pending
sandbox-delivery-status = the answer was HTTP { $status }
sandbox-delivery-refused = no connection to { $url } (refused or unreachable)
sandbox-delivery-timeout = { $url } did not answer in time
sandbox-delivery-unsent = the call to { $url } could not be made
