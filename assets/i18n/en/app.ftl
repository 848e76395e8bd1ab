# zenbraze — English: the app's labels. Every key here exists in es/app.ftl too (checked by the i18n tests).
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
palette-no-matches = No command matches “{ $query }”

## Commands
cmd-save = Save
cmd-open = Open workspace…
cmd-save-as = Save workspace as…
cmd-export = Export workspace…
cmd-import-users = Import users…
cmd-show-start = Getting started…
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
profile-saving = Saving the profile and storing its secrets in the keyring… (the keyring can take several seconds to answer)
profile-not-saved = The profile was not saved: { $reason }. What you typed is still in the form: save again once the keyring answers, or empty the token and key fields to save the profile without its secrets (save it again with them later).
profile-deleted = Profile { $name } deleted, with its secrets
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
preset-ticket-corrected = Ticket from Braze (corrected)
preset-ticket-docs = Ticket from Braze (as the docs publish it)
preset-solved-event = Ticket solved → Braze event
preset-context-survey = Survey answer
preset-users = Sample users
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
findings-count-body = { $count ->
    [one] { $count } finding in the body
   *[other] { $count } findings in the body
}
findings-request-count = { $count ->
    [one] 1 more in the webhook's URL or headers
   *[other] { $count } more in the webhook's URL or headers
}
findings-none = The body passes every check
findings-heading = Findings
findings-paused = Not checked while previews are paused
findings-more = …and { $count } more
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
aborted = stopped by abort_message: { $reason }
template-error = Template error at line { $line }, column { $column }: { $message }
subject-invalid = The sample is not valid JSON: { $error }
context-invalid = The render context cannot be used: { $error }
auth-masked = { $scheme } { $mask } (from profile { $profile })
auth-masked-user = { $scheme } { $mask } ({ $user }, from profile { $profile })
request-console = Sent from the console with the profile { $profile }
request-webhook-braze = In the campaign's webhook (what Braze is set up to send)
request-webhook-zendesk = In Zendesk's webhook (what the wizard sets up)
survey-running = Rendering every sample…
survey-updating = updating…
survey-summary = { $ok } OK · { $problems } with findings{ $aborted ->
    [0] {""}
   *[other] {" · "}{ $aborted } stopped by abort_message
}
row-ok = OK
row-findings = { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
}

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
import-braze-limit = Braze exports at most { $limit } external ids per request

## Console, wizard, sandbox
console-help = Send the selected payload for the selected sample ({ $shortcut }): the request as it went and the answer show here
console-what = { $payload } for { $subject }, with profile { $profile }
wizard-help = Creates the Zendesk webhook and trigger that log a Braze event when a ticket is solved, and checks they work. Every step can be revisited; nothing changes until Apply.
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
zendesk-subdomain-hint = acme, for acme.zendesk.com
zendesk-email-hint = the agent the API token belongs to
zendesk-token-hint = Admin Center › Apps and integrations › APIs
braze-instance-hint = US-03 for dashboard-03.braze.com
braze-instance-choose = Choose a Braze instance
braze-key-hint = Settings › APIs and Identifiers › API Keys
testing-connection = Testing the connection…

## Small words
group-attribute = profile
group-custom = custom attribute
group-context = context
group-tag = Liquid
group-filter = filter
group-variable = variable
insert-filter-outside = { $filter } was not inserted: put the caret inside a {"{{ … }}"} output (or an assign) first, then choose the filter
insert-filter-not-filtered = { $filter } was not inserted: this tag takes no filter; put the caret inside a {"{{ … }}"} output (or an assign)
group-ticket = ticket
store-keyring = OS keyring
store-session = memory of this session only (no keyring here)
copy-output = Copy the output
copied-output = The output is copied to the clipboard
copied-value = Copied to the clipboard: { $what }

## Console
cmd-send = Send
action-send = Send
send-override = Send even with lint errors
send-nothing = Choose a payload and a sample first
send-blocked = { $count ->
    [one] Not sent: the linter found one error. Fix it, or tick "Send even with lint errors"
   *[other] Not sent: the linter found { $count } errors. Fix them, or tick "Send even with lint errors"
}
console-show-findings = Show the findings
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
ticket-created-no-url = Ticket { $id } created
console-previous-send = Previous send (not the one just tried): { $status }
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
sandbox-clock = Sandbox clock: { $now } ({ $hours ->
    [one] { $hours } hour ahead
   *[other] { $hours } hours ahead
}); automations run every hour it moves
sandbox-clock-hour = +1 hour
sandbox-clock-day = +24 hours
sandbox-faults = Faults on every API call
fault-latency = 2 s latency
fault-429 = 429 rate limit (retry after 2 s)
fault-500 = 500 server error
fault-drop = dropped connection
sandbox-status = status
sandbox-tickets-count = Tickets ({ $count })
sandbox-webhooks-count = Webhooks ({ $count })
sandbox-triggers-count = Triggers ({ $count })
sandbox-automations-count = Automations ({ $count })
sandbox-conditions-all = all of: { $conditions }
sandbox-conditions-any = any of: { $conditions }
sandbox-deliveries-count = Webhook deliveries ({ $count })
sandbox-delivery-dropped = Braze processed { $processed } of { $sent ->
    [one] { $sent } event
   *[other] { $sent } events
}
sandbox-profiles-count = Braze profiles ({ $count })
sandbox-events = { $count ->
    [one] one event
   *[other] { $count } events
}
resend-no-profile = The profile { $profile } no longer exists: choose another and send again
compare-with = Compare with the one shown
compare-choose = Choose another send…
compare-stop = Stop comparing
compare-title = Compared with { $other }
action-resend = Send again
search-body = Search the body
search-hits = { $count ->
    [one] one matching line
   *[other] { $count } matching lines
}

## Setup wizard
wizard-title = Zendesk → Braze setup
wizard-step-connection = Connection
wizard-step-event = Event
wizard-step-trigger = Trigger
wizard-step-webhook = Webhook
wizard-step-plan = Plan
wizard-step-apply = Apply
wizard-step-verify = Verify
wizard-step-other = Braze → Zendesk
wizard-back = ← Back
wizard-next = Next →
wizard-missing = (not set up in this profile)
wizard-connection-help = The profile whose Zendesk gets the webhook and trigger, and whose Braze receives the events. Both services must answer.
wizard-profile = Profile
wizard-test = Test both services
wizard-name = Name of the webhook and trigger
wizard-name-help = Later runs find the webhook and the trigger by this name: apply again to update them, remove to delete them.
wizard-event-name = Braze custom event
wizard-body-form = Properties from a form
wizard-body-custom = A custom body
wizard-start-from = Start from a payload…
wizard-body = Webhook body
wizard-properties = Event properties
wizard-attributes = Attribute updates on the same user
wizard-add-property = + Add property
wizard-add-attribute = + Add attribute update
wizard-field-key = Key { $n }
wizard-field-placeholder = Placeholder { $n }
wizard-remove-field = Remove this row
wizard-sample-ticket = Sample ticket
wizard-no-findings = No findings: Braze will accept this body
wizard-rule = Rule
wizard-rule-trigger = Trigger (when the ticket is updated)
wizard-rule-automation = Automation (hours after solved)
wizard-automation-help = Zendesk checks automations every hour: this one notifies Braze the given number of hours after a ticket is solved ("Hours since solved | Is").
wizard-after-hours = Hours after solved
wizard-refire-guard = Re-fire guard: add the tag { $tag } and skip tickets that have it
wizard-status-category = Status category (custom statuses): “Status category changed to Solved”
wizard-trigger-help = When Zendesk calls Braze. "Changed to", never "is": a trigger on "status is solved" fires again on every later update.
wizard-on = Status changes to
wizard-on-solved = solved
wizard-on-closed = closed
wizard-any = any
wizard-type = Ticket type
wizard-priority = Priority
wizard-update = Update type
wizard-update-any = any update
wizard-update-create = ticket created
wizard-update-change = ticket updated
wizard-tags-include = Tags: at least one of
wizard-tags-exclude = Tags: none of
wizard-guard-suggest = Tickets created by Braze carry the tag { $tag }: exclude it, or the trigger can answer Braze's own tickets in a loop.
wizard-guard-add = Exclude { $tag }
wizard-guard-on = Loop guard on: tickets tagged { $tag } never reach the { $kind ->
    [automation] automation
   *[trigger] trigger
 }.
wizard-built-body = The template this form builds (the line:column above are in it)
wizard-default-name = Ticket solved → Braze
wizard-remove-first = Remove, on step 6 · Apply, deletes it with the webhook of this name; then read the account again.
wizard-category = Trigger category
wizard-category-none = None (Zendesk's default)
wizard-category-existing = Existing
wizard-category-new = New
wizard-category-name = Category name
wizard-category-unknown = Open the Plan step once to list the account's categories.
wizard-category-unavailable = This account has no trigger categories: the trigger goes without one.
wizard-conditions = Conditions Zendesk gets
wizard-webhook-help = The webhook Zendesk calls. Everything comes from the profile; nothing to type.
wizard-webhook-name = Name
wizard-webhook-endpoint = Endpoint
wizard-webhook-method = Method
wizard-webhook-format = Request format
wizard-webhook-auth = Authentication
wizard-webhook-auth-value = Bearer token: the profile's Braze REST key, read from the keyring (••••)
wizard-webhook-subscriptions = Connection
wizard-webhook-trap = Only webhooks connected to triggers and automations (conditional_ticket_events) can be used by a trigger, and Zendesk cannot change that later.
wizard-refresh-plan = Read the account again
wizard-apply-now = Apply now
wizard-reading = Reading the account…
wizard-nothing-to-change = Nothing to change: the account already matches.
wizard-exists-now = What exists now
wizard-apply-help = Creates or updates the category, the webhook and the trigger, in that order. If a step fails, what this run created is deleted and what it updated is put back.
wizard-remove = Remove
wizard-remove-help = Deletes the trigger and the webhook with this name (categories stay)
wizard-applied = Applied.
wizard-nothing-changed = Nothing changed: the account already matched.
wizard-removed = Removed
wizard-rolled-back = Rolled back: { $what }
wizard-verify-help = Asks Zendesk to send the body, rendered for the sample ticket, through the webhook: this logs one event on the requester in Braze. On the sandbox it also solves a test ticket and waits for the event on the Braze profile.
wizard-verify = Verify
wizard-test-answer = Braze answered { $status } to the webhook test
wizard-loop-ok = The whole loop works: the event reached the Braze profile.
wizard-body-sent = The body sent
wizard-other-help = The other direction: paste these into Braze's webhook composer to create Zendesk tickets from a campaign or Canvas.
wizard-other-none = No Braze → Zendesk payload in this workspace.
wizard-other-payload = Payload
wizard-other-url = Webhook URL
wizard-other-method = HTTP method
wizard-other-body = Request body (raw text)
wizard-copy = Copy
wizard-token-placeholder = <your Zendesk API token>
wizard-other-token-note = Type the API token in place of the stand-in inside Braze itself: zenbraze never writes the token out.
wizard-other-sandbox-note = This is the local sandbox: Braze cannot reach it. Choose a real profile to get settings to paste into Braze.
wizard-will-do = What apply will do
wizard-no-body = (no body)
wizard-resend-key = Send the key again
wizard-resend-key-help = Zendesk never shows the key a webhook holds, so a plan cannot tell it is old: tick this after rotating the Braze REST key.

## Work off the UI thread, and what can go wrong with it
# What the library still reports as a finished sentence, shown as it came (issue 14 §1 turns
# these into messages of their own).
as-reported = { $text }
engine-failed = The template engine failed inside while working on this body. Edit the body, or report it with the body attached
preview-updating = Updating…
body-too-long-to-edit = This body is { $size } MB, more than the { $limit } MB the editor can change in place without taking gigabytes of memory. It is shown read-only; its preview, its checks and sends work as usual. To change it, edit the workspace file in another editor and open it again.
body-edit-anyway = Edit it here anyway (uses much memory)
previews-paused = Previews are paused. The last start of zenbraze stopped before it finished rendering its workspace ({ $workspace }), so this start renders nothing until you resume. If a body you edited just before is the cause, fix it first.
previews-resume = Resume previews
previews-resume-hint = The editor, the samples and saving work as usual meanwhile.
send-preparing = Rendering and checking the body…
wait-server-error = server error { $status }
import-reading = Reading…
import-file-unreadable = { $path } cannot be read: { $error }
import-file-too-large = { $path } is larger than { $megabytes } MB
open-failed = { $path } cannot be opened: { $error }
export-failed = { $path } cannot be written: { $error }
history-not-written = Sent, but the history could not be written: { $error }
profile-name-reserved = “{ $name }” is the built-in profile: choose another name
profile-email-needed = Zendesk API tokens sign in as an agent: give that agent's email
profile-needs-a-service = Fill in Zendesk, Braze or both
sandbox-trigger-active = active
sandbox-trigger-inactive = inactive

## What is wrong with typed JSON (serde_json's syntax errors, in words)
json-text-ends-early = the text ends before the JSON does
json-text-expected-colon = a colon (:) should follow the key
json-text-expected-comma-or-bracket = a comma or ] should come here
json-text-expected-comma-or-brace = a comma or {"}"} should come here
json-text-expected-value = a value should come here (text in quotes, a number, true, false, null, an object or a list)
json-text-expected-quote = a key in double quotes should come here
json-text-invalid-escape = this backslash escape is not valid JSON
json-text-invalid-number = this number is not written as JSON writes numbers
json-text-number-out-of-range = this number is too large
json-text-invalid-unicode = this \u escape is not a valid character
json-text-control-character = a control character (such as a tab or a line break) must be escaped inside text
json-text-key-not-string = keys must be text in double quotes
json-text-trailing-comma = a comma with nothing after it
json-text-trailing-characters = there is more text after the JSON
json-text-too-deep = the JSON is nested too deeply
wizard-other-paste-tab = Paste the body into the campaign
wizard-other-block-tab = Publish the body as a Content Block
wizard-block-help = zenbraze keeps the body in Braze as a Content Block and the campaign's body becomes one line, pasted once: later publishes change only the block.
wizard-block-no-braze = This profile has no Braze connection: add Braze's REST endpoint and key to the profile to publish.
wizard-block-name = Content Block name
wizard-block-plan = Show the plan
wizard-block-apply = Publish to Braze
wizard-block-retire = Retire (set to draft)
wizard-block-reactivate = It was retired (draft): publishing sets it active again.
wizard-block-force-needed = Publishing overwrites this change only after you confirm.
wizard-block-force = Overwrite their change…
wizard-block-refused = Content Block "{ $name }" was changed outside zenbraze: not overwritten. Their change is shown below.
action-send-via-braze = Send through Braze
action-send-via-braze-help = Braze renders this template for the user and sends it to Zendesk itself; the ticket it makes is compared with zenbraze's preview
console-via-braze-running = Braze is rendering and sending; looking for the ticket it makes…
console-via-braze-sent = Braze sent it for { $user } (dispatch { $dispatch }); Zendesk ticket { $ticket }
console-via-braze-identical = Identical: the ticket Braze made is what zenbraze previewed
console-via-braze-field = Field
console-via-braze-preview = zenbraze's preview
console-via-braze-zendesk = Zendesk (made by Braze)
console-via-braze-no-external-id = { $user } has no external_id: Braze finds users by it, so it cannot send for this one
console-via-braze-no-user = Braze has no user with external_id "{ $user }": Braze sends only to users it already has{ $sandbox ->
        [yes] {" "}(the local sandbox starts with its sample users only)
       *[other] {""}
    }. Users added or imported in zenbraze are not in Braze until a /users/track request creates them: from this console, send a payload whose target is Braze /users/track with an "attributes" object for this external_id, then send through Braze again (zenbraze has no single button for it).
cmd-export-case = Export as a test case…
action-export-case = Export as a test case…
