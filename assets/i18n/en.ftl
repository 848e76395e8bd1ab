# zenbraze — English. Every key here exists in es.ftl too (checked by the i18n tests).
# UI text rules: no trailing period on single sentences, "…" on buttons that open more input.

## Navigation
panel-payloads = Payloads
panel-users = Users
panel-console = Console
panel-wizard = Wizard
panel-sandbox = Sandbox
panel-settings = Settings
menu-workspace = Workspace
cmd-palette = Commands…
palette-title = Command
palette-hint = Type to filter the commands

## Commands
cmd-save = Save
cmd-open = Open workspace…
cmd-save-as = Save workspace as…
cmd-export = Export workspace…
cmd-import-users = Import users…
cmd-new-payload = New payload
cmd-duplicate-payload = Duplicate payload
cmd-delete-payload = Delete payload
cmd-next-subject = Next sample
cmd-previous-subject = Previous sample
cmd-add-user = Add user
cmd-duplicate-user = Duplicate user
cmd-delete-user = Delete user
cmd-add-ticket = Add sample ticket
cmd-add-context = Add render context
cmd-theme-light = Light theme
cmd-theme-dark = Dark theme
cmd-theme-system = Theme from the system
cmd-language-en = Interface in English
cmd-language-es = Interface in Spanish

## Buttons
action-new = New
action-add = Add
action-duplicate = Duplicate
action-delete = Delete
action-remove = Remove
action-import = Import…
action-open = Open
action-save = Save
action-export = Export
action-cancel = Cancel
action-read = Read file
action-add-header = Add header
action-test = Test connection
action-save-profile = Save profile and store secrets
apply-fix = Apply fix
copy-curl = Copy as curl
dismiss = Dismiss

## Status bar and notices
status-profile = Profile { $name }
sandbox-off = Sandbox off
sandbox-starting = Sandbox starting…
sandbox-running = Sandbox at { $url }
sandbox-failed = The sandbox is not running: { $error }
doc-saved = Saved
doc-saving = Saving…
doc-unsaved = Unsaved changes
doc-save-failed = Not saved
save-failed = The workspace could not be saved: { $error }
opened = Opened { $path }
exported = Exported to { $path }
imported-users = Imported { $count ->
    [one] one user
   *[other] { $count } users
}
profile-saved = Profile { $name } saved; its secrets are in the keyring
braze-unknown-ids = Braze knows none of these ids: { $ids }
recovery-title = Recovery: { $path } could not be opened and is left untouched
recovery-banner = { $path } could not be opened ({ $error }). It is left as it is; your edits are saved to { $saveto }
copy-of = { $name } (copy)
default-payload-name = New payload
default-context-name = Context { $n }
none = none

## Payload editor
no-payloads = No payloads yet
presets = Add a preset
field-name = Name
field-direction = Direction
field-method = Method
field-lint-as = Check as
field-url = URL
field-body = Body template
lint-nothing = nothing
direction-braze-to-zendesk = Braze → Zendesk (ticket)
direction-zendesk-to-braze = Zendesk → Braze (event)
headers-count = { $count ->
    [one] One header
   *[other] { $count } headers
}
header-name = Header name
header-value = Value (Liquid allowed)
headers-no-secrets = Credentials are added from the active profile when sending; they are never stored here
insert-menu = Insert…
insert-filter = Filter
completions = Complete with
findings-count = { $count ->
    [one] { $count } finding
   *[other] { $count } findings
}
findings-none = The body passes every check
severity-error = error
severity-warning = warning
severity-hint = hint
jump-to-line = Show this place in the editor
fix = fix: { $fix }

## Preview
preview-user = User
preview-ticket = Ticket
preview-context = Context
tab-body = Body
tab-request = Request
tab-all-users = All users
tab-all-tickets = All tickets
preview-empty = The template renders nothing
preview-valid-json = Valid JSON
preview-json-breaks = The JSON breaks at line { $line }, column { $column }: { $message }
aborted = aborted: { $reason }
template-error = Template error at line { $line }, column { $column }: { $message }
subject-invalid = The sample is not valid JSON: { $error }
context-invalid = The render context cannot be used: { $error }
auth-masked = { $scheme } { $mask } (from profile { $profile })
survey-running = Rendering every sample…
survey-updating = updating…
survey-summary = { $ok } OK · { $problems } with findings · { $aborted } not sent
row-ok = OK
row-findings = { $errors } errors, { $warnings } warnings

## Users, tickets, contexts
tab-users = Users
tab-tickets = Tickets
tab-contexts = Render contexts
search = Search
users-shown = { $shown } of { $total }
no-users = No users yet: add one or import some
custom-attributes = Custom attributes (JSON)
custom-not-object = Custom attributes must be a JSON object
json-not-object = This must be a JSON object
json-error-at = Line { $line }, column { $column }: { $message }
no-tickets = No sample tickets yet
ticket-help = A ticket as GET /api/v2/tickets/ID.json?include=users returns it: the Zendesk → Braze payloads render with it
ticket-json = Ticket (JSON)
no-context = Choose a render context, or add one
context-help = Event properties, Canvas entry properties and API-trigger properties the previews render with
context-event-properties = Event properties
context-canvas = Canvas entry properties
context-api-trigger = API-trigger properties
context-other = Everything else (campaign, content blocks, connected content mocks, catalogs)

## Import
import-title = Import users
import-from-file = From a file
import-paste = Paste
import-from-braze = From Braze
import-formats = JSON (a /users/export/ids answer, an array or JSON Lines) or CSV with a header row
import-text = Users as text
file-path = File path
file-path-empty = Give a file path
file-not-found = There is no file at this path
import-found = { $count ->
    [one] Found one user
   *[other] Found { $count } users
}
import-add = { $count ->
    [one] Add one user
   *[other] Add { $count } users
}
import-csv-mapping = { $rows } rows, { $columns } columns: choose where each column goes
mapping-skip = skip
mapping-custom = custom attribute
import-braze-help = Exports these users from Braze with profile { $profile } (/users/export/ids)
import-braze-ids = External ids, separated by commas or lines
import-braze-go = { $count ->
    [one] Import one user from Braze
   *[other] Import { $count } users from Braze
}
import-braze-limit = Braze exports at most 50 external ids per request

## Console, wizard, sandbox
console-help = Send the selected payload for the selected sample (Ctrl+Enter): the request as it went and the answer show here
console-what = { $payload } for { $subject }, with profile { $profile }
wizard-help = Creates the Zendesk webhook and trigger for a Zendesk → Braze payload. Pick the payload to check first
sandbox-help = The embedded sandbox answers like Zendesk and Braze on this computer, so everything works offline with no account
sandbox-address = Address
sandbox-zendesk-login = Zendesk sign-in

## Settings
settings-appearance = Appearance
settings-language = Language
settings-theme = Theme
theme-system = As the system
theme-light = Light
theme-dark = Dark
settings-profiles = Connection profiles
settings-profiles-help = The active profile is where test sends and Braze imports go
settings-add-profile = Add or update a profile
settings-secrets-where = Secrets go to the { $store } and are never shown again
profile-name = Profile name
zendesk-subdomain = Zendesk subdomain
zendesk-email = Zendesk agent email
zendesk-token = Zendesk API token
braze-instance = Braze instance (e.g. US-01)
braze-key = Braze REST API key
testing-connection = Testing the connection…

## Small words
group-attribute = profile
group-custom = custom attribute
group-context = context
group-tag = tag
group-ticket = ticket
store-keyring = OS keyring
store-session = memory of this session only (no keyring here)
copy-output = Copy the output

## Console
cmd-send = Send
action-send = Send
send-override = Send even with lint errors
send-nothing = Choose a payload and a sample first
send-blocked = { $count ->
    [one] Not sent: the linter found one error. Fix it, or tick "Send even with lint errors"
   *[other] Not sent: the linter found { $count } errors. Fix them, or tick "Send even with lint errors"
}
phase-starting = Connecting…
phase-sending = Sending (attempt { $attempt })…
phase-waiting = Retrying in { $seconds } s ({ $why }), attempt { $attempt }
wait-rate-limited = rate limited
wait-connection = connection failed
confirm-title = Send to a real account?
confirm-ticket = This creates a real ticket in { $where }
confirm-event = This logs a real event in Braze ({ $where })
no-answer = no answer
exchange-status = { $status } · { $ms } ms · { $attempts ->
    [one] one attempt
   *[other] { $attempts } attempts
}
ticket-created = Ticket { $id } created: { $url }
braze-counts = Braze processed { $attributes } attributes, { $events } events, { $purchases } purchases
curl-secret-note = the secret stays in an environment variable
exchange-request = Request
exchange-response = Response
exchange-attempts = Attempts
console-history = History
history-filter = Filter
cmd-send-all = Send to every sample
action-send-all = { $count ->
    [one] Send to the one sample
   *[other] Send to all { $count } samples
}
bulk-progress = { $done } of { $total }
bulk-summary = { $sent } accepted of { $done } done
bulk-waiting = waiting
bulk-cancelled = cancelled, not sent
confirm-all = This sends to a real account ({ $where }) once for every sample

## Sandbox view
sandbox-reset = Reset the sandbox
sandbox-faults = Faults on every API call
fault-latency = 2 s latency
fault-429 = 429 rate limit (retry after 2 s)
fault-500 = 500 server error
fault-drop = dropped connection
sandbox-status = status
sandbox-tickets-count = Tickets ({ $count })
sandbox-webhooks-count = Webhooks ({ $count })
sandbox-triggers-count = Triggers ({ $count })
sandbox-deliveries-count = Webhook deliveries ({ $count })
sandbox-profiles-count = Braze profiles ({ $count })
sandbox-events = { $count ->
    [one] one event
   *[other] { $count } events
}
resend-no-profile = The profile { $profile } no longer exists: choose another and send again
compare-with = Compare with the one shown
compare-stop = Stop comparing
compare-title = Compared with { $other }
action-resend = Send again
search-body = Search the body
search-hits = { $count ->
    [one] one matching line
   *[other] { $count } matching lines
}
