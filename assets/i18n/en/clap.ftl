# zenbraze — English: the command line's own help and argument errors (src/cli/help.rs). The
# texts are clap's: `--help`, the commands' and arguments' descriptions, and the errors clap finds
# in the arguments. Every id here exists in es/clap.ftl.

## What each command does
clap-about-zenbraze = Braze ⇄ Zendesk workbench: preview, lint and test webhook payloads
clap-about-zenbraze-render = Render a template exactly as Braze (or Zendesk) would send it
clap-about-zenbraze-lint = Find what breaks the JSON or the API's rules, for every sample user
clap-about-zenbraze-sandbox = Serve the offline sandbox: Zendesk and Braze on loopback, with demo credentials
clap-about-zenbraze-credentials = Connection profiles and their secrets (kept in the OS keyring)
clap-about-zenbraze-credentials-set = Save a connection; the token or key is read from standard input
clap-about-zenbraze-credentials-list = List the profiles (secrets masked)
clap-about-zenbraze-credentials-test = Test a profile: exit 0 only when both services answer as a real account
clap-about-zenbraze-credentials-delete = Delete a profile's connection and its secret (both services when none is named)
clap-about-zenbraze-send = Render, lint and send one payload with a profile's credentials
clap-about-zenbraze-setup = Create (or update, or remove) the Zendesk webhook and trigger that send a Braze event
clap-about-zenbraze-preset = The presets the app starts with (templates and sample users), as files
clap-about-zenbraze-preset-list = The presets' names and what each is linted as
clap-about-zenbraze-preset-export = Print a preset, e.g. `zenbraze preset export seed-ticket > seed.liquid`
clap-about-help = Print this message or the help of the given subcommand(s)

## What each argument is (an argument of one command first, then one shared by several)
clap-arg-lang = The language of what zenbraze prints: en or es (default: the locale's)
clap-arg-help = Print help
clap-arg-version = Print version
clap-arg-template = The template file (`-` for standard input)
clap-arg-user = One sample user (a Braze user object as /users/export/ids returns it)
clap-arg-users = Many users: a JSON array, an export response {"{"}"users": [...]{"}"}, or JSON Lines
clap-arg-context = Render context: event_properties, content_blocks, connected_content mocks, ...
clap-arg-ticket = Sample ticket for the zendesk dialect ({"{"}"ticket": {"{"}...{"}"}, "users": [...]{"}"})
clap-arg-now = The time 'now' means (RFC 3339)
clap-arg-zenbraze-render-dialect = braze, zendesk or liquid
clap-arg-zenbraze-render-globals = Raw Liquid variables merged at the top level (a JSON object)
clap-arg-zenbraze-lint-target = What the body is sent to: zendesk-ticket, braze-users-track or zendesk-webhook-body
clap-arg-zenbraze-lint-format = text (one finding per line) or json
clap-arg-zenbraze-sandbox-port = The port to listen on (127.0.0.1); 0 picks a free one
clap-arg-zenbraze-sandbox-state = Keep the state in this file between runs (written atomically; a corrupt file is refused)
clap-arg-zenbraze-send-target = zendesk-ticket, braze-users-track or zendesk-webhook-body
clap-arg-zenbraze-send-profile = The connection profile (`sandbox` is built in)
clap-arg-zenbraze-send-user = The sample user (braze dialect targets)
clap-arg-zenbraze-send-ticket = The sample ticket (zendesk-webhook-body)
clap-arg-zenbraze-send-force = Send even when the linter finds errors
clap-arg-zenbraze-send-curl = Also print the request as a curl command (the secret read from an environment variable)
clap-arg-zenbraze-setup-profile = The connection profile (`sandbox` is built in); both services are used
clap-arg-zenbraze-setup-name = Names the webhook and the trigger: how later runs find them
clap-arg-zenbraze-setup-event = The Braze custom event, e.g. zendesk_ticket_solved
clap-arg-zenbraze-setup-on = Statuses the ticket changes to: solved, closed, or both
clap-arg-zenbraze-setup-body = A webhook body of your own (Zendesk Liquid) instead of the standard event
clap-arg-zenbraze-setup-category = A trigger category, found by name or created
clap-arg-zenbraze-setup-tag_guard = Tags that stop the trigger (the loop guard: the tag Braze-created tickets carry)
clap-arg-zenbraze-setup-require_tags = Only tickets with at least one of these tags
clap-arg-zenbraze-setup-type = Only tickets of this type: question, incident, problem, task
clap-arg-zenbraze-setup-priority = Only tickets of this priority: low, normal, high, urgent
clap-arg-zenbraze-setup-update = Only on ticket creation (create) or later updates (change)
clap-arg-zenbraze-setup-ticket = The sample ticket --verify renders the body for
clap-arg-zenbraze-setup-resend_key = Send the profile's Braze key to an existing webhook again (after rotating the key)
clap-arg-zenbraze-setup-plan = Show the exact calls apply would make, and what exists
clap-arg-zenbraze-setup-apply = Create or update; a second run changes nothing
clap-arg-zenbraze-setup-remove = Delete the trigger and webhook apply created for this name
clap-arg-zenbraze-setup-verify = Test the webhook with the body rendered for a sample ticket (on the sandbox, run the loop)
clap-arg-zenbraze-credentials-set-subdomain = Zendesk: `acme`, `acme.zendesk.com` or any URL on it
clap-arg-zenbraze-credentials-set-url = Zendesk or Braze: an explicit https URL (http only to this machine)
clap-arg-zenbraze-credentials-set-email = Zendesk: the agent the API token belongs to
clap-arg-zenbraze-credentials-set-oauth = Zendesk: the secret is an OAuth access token, not an API token
clap-arg-zenbraze-credentials-set-instance = Braze: the instance, e.g. US-03 or EU-01

## The help's own words
clap-heading-usage = Usage:
clap-heading-commands = Commands
clap-heading-arguments = Arguments
clap-heading-options = Options
clap-usage-options = [OPTIONS]
clap-value-command = COMMAND
clap-possible-values = [possible values: { $values }]
clap-default-value = [default: { $value }]

## What is wrong with the arguments
clap-error = error: { $message }
clap-error-more-info = For more information, try '--help'.
clap-error-unknown-argument = unexpected argument '{ $arg }' found
clap-error-unknown-command = unrecognized subcommand '{ $command }'
clap-error-tip-similar = tip: a similar one exists: '{ $suggestion }'
clap-error-tip-escape = tip: to pass '{ $arg }' as a value, use '-- { $arg }'
clap-error-invalid-value = invalid value '{ $value }' for '{ $arg }'
clap-error-possible-values = possible values: { $values }
clap-error-missing-required = the following required arguments were not provided: { $args }
clap-error-missing-command = '{ $command }' needs a subcommand: { $commands }
clap-error-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
clap-error-no-value = a value is required for '{ $arg }' but none was supplied
clap-error-too-many-values = too many values for '{ $arg }': '{ $value }'
clap-error-used-twice = the argument '{ $arg }' cannot be used more than once
clap-error-not-utf8 = an argument is not valid UTF-8
clap-error-other = the arguments could not be read (see --help)
clap-arg-zenbraze-render-threads = Threads for --users (default: every core, or ZENBRAZE_THREADS; 1 renders in one thread)
clap-arg-zenbraze-lint-threads = Threads for --users (default: every core, or ZENBRAZE_THREADS; 1 lints in one thread)
clap-arg-zenbraze-credentials-set-profile = The profile's name (`sandbox` is built in and cannot be set)
clap-arg-zenbraze-credentials-set-service = zendesk or braze
clap-arg-zenbraze-credentials-test-profile = The profile to test
clap-arg-zenbraze-credentials-delete-profile = The profile to delete
clap-arg-zenbraze-credentials-delete-service = zendesk or braze (both when none is named)
clap-arg-zenbraze-send-via_braze = zendesk-ticket only: Braze renders and sends it (/messages/send) for the Braze user `--user EXTERNAL_ID`; the ticket it makes is compared with zenbraze's preview
clap-arg-zenbraze-send-wait = How long --via-braze waits for Braze's ticket, in seconds
clap-arg-zenbraze-send-export_case = With --via-braze: when Braze's ticket differs from the preview, write the test case (template, user, both outputs) to this file
clap-arg-zenbraze-setup-rule = The business rule that calls the webhook: trigger (on the update) or automation (hours later)
clap-arg-zenbraze-setup-after_hours = An automation's wait: it notifies Braze this many hours after the ticket is solved
clap-arg-zenbraze-setup-no_refire_guard = An automation without its re-fire guard (the braze_notified tag it adds and excludes)
clap-arg-zenbraze-setup-status_category = Test the status category instead of the status (an account with custom statuses)
clap-about-zenbraze-publish = Keep a webhook body in Braze as a Content Block: plan, apply, verify, retire
clap-arg-zenbraze-publish-profile = The connection profile (`sandbox` is built in); its Braze connection is used
clap-arg-zenbraze-publish-block = The Content Block's name: the campaign includes it as {"{"}{"{"}content_blocks.${"{"}NAME{"}"}{"}"}{"}"}
clap-arg-zenbraze-publish-plan = Show the exact calls, and whether the block is new, changed (with a diff) or unchanged
clap-arg-zenbraze-publish-apply = Create or update the block; a second run changes nothing
clap-arg-zenbraze-publish-verify = Lint the published block as Braze will render it, for the sample users
clap-arg-zenbraze-publish-retire = Set the block to draft (Braze has no delete)
clap-arg-zenbraze-publish-force = Overwrite a change made in Braze since zenbraze last published
clap-arg-zenbraze-preset-export-name = The preset's name (`zenbraze preset list` lists them)
