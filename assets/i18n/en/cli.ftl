# zenbraze — English: what the command line prints (src/cli). Every id here exists in es/cli.ftl.

cli-stdin = standard input
cli-cannot-read = cannot read { $path }: { $reason }
cli-input-too-large = { $path }: larger than { $limit } MiB, the most zenbraze reads from one input
cli-not-utf8 = { $path }: not UTF-8 text (invalid byte at offset { $offset })
cli-bom = { $path }: the file starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without a BOM
cli-json-empty = { $path }: the file is empty: expected JSON
cli-json-invalid = { $path }:{ $line }:{ $column }: not valid JSON: { $reason }
cli-globals-not-object = { $path }: globals must be a JSON object, found { $kind }
cli-now-invalid = --now `{ $value }` is not an RFC 3339 time ({ $reason })
cli-context-invalid = { $path }: not a render context: { $reason }
cli-user-not-object = { $path }: a user must be a JSON object, found { $kind }
cli-ticket-not-object = { $path }: expected a sample ticket, an object like {"{"}"ticket": {"{"}…{"}"}, "users": […]{"}"}, found { $kind }
cli-ticket-field = { $path }: `{ $field }` must be an object (the ticket's fields), found { $kind }
cli-ticket-missing = { $path }: no `ticket` object: a sample ticket reads {"{"}"ticket": {"{"}…{"}"}, "users": […]{"}"}
cli-ticket-users-field = { $path }: `{ $field }` must be an array of the ticket's users, found { $kind }
cli-users-empty = { $path }: no users: the file is empty (expected a JSON array of users, an export response {"{"}"users": […]{"}"} or JSON Lines)
cli-users-none = { $path }: no users: the list is empty
cli-at-position = { $path }:{ $line }:{ $column }: { $problem }
cli-in-file = { $path }: { $problem }
cli-cannot-write = cannot write output: { $reason }
cli-unknown-format = unknown --format `{ $format }` (expected text or json)
cli-webhook-body-needs-ticket = zendesk-webhook-body renders for a sample ticket: use --ticket, not --user/--users
cli-ticket-is-for-webhook-body = --ticket is for --target zendesk-webhook-body
cli-zendesk-dialect-needs-ticket = the zendesk dialect renders for a sample ticket: use --ticket, not --user/--users
cli-ticket-is-for-zendesk-dialect = --ticket is for --dialect zendesk
cli-aborted = stopped by abort_message: { $reason }
cli-fix = (fix: { $fix })
cli-lint-one-user = [user { $user }]
cli-lint-some-users = [{ $count } of { $total } users: { $users }]
cli-lint-aborted = { $template }: note: user { $user } is not sent (stopped by abort_message: { $reason })
cli-problems = { $problems }

# send
cli-send-needs-ticket = zendesk-webhook-body needs --ticket FILE (a ticket as the API returns it)
cli-send-ticket-not-for-target = --ticket is for zendesk-webhook-body; this target takes --user
cli-send-needs-user = { $target } renders for a Braze user: pass --user FILE
cli-send-aborted = stopped by abort_message: { $reason } (nothing sent, as Braze would send nothing)
cli-send-refused = not sent: { $count ->
    [one] 1 lint error
   *[other] { $count } lint errors
 }; fix them or pass --force to send anyway
cli-send-curl = the same request with curl (export { $variable } first)
cli-send-history-failed = warning: history not written to { $path }: { $reason }
cli-send-no-answer = no answer
cli-send-status = { $status } · { $ms } ms · { $attempts ->
    [one] 1 attempt
   *[other] { $attempts } attempts
 }

# setup
cli-setup-rule = --rule: `{ $value }` is not `trigger` or `automation`
cli-setup-no-guard = warning: --no-refire-guard: the automation notifies Braze again whenever its conditions hold again; nothing marks a ticket as notified
cli-setup-update = --update: `{ $value }` is not `create` or `change`
cli-setup-exists-now = exists now:
cli-setup-remove-first = to delete it, with the webhook of this name: run setup again with --remove

# credentials
cli-keyring-unavailable = { $reason }. zenbraze never writes secrets to a file: run it in a desktop session with a keyring (GNOME Keyring, KWallet, Keychain, Credential Manager), or pass the secret for one command in { $zendesk } / { $braze } (kept in memory only)
cli-no-config-dir = cannot find a config directory: set HOME or ZENBRAZE_CONFIG_DIR
cli-no-profile = no profile `{ $name }` in { $path } (known: { $known }); create it with `zenbraze credentials set { $name } zendesk …`
cli-no-such-profile = no profile `{ $name }` in { $path }
cli-instance-is-for-braze = --instance is for braze; Zendesk takes --subdomain or --url
cli-zendesk-one-address = Zendesk needs exactly one of --subdomain or --url
cli-zendesk-needs-email = Zendesk API tokens sign in as an agent: pass --email with that agent's address (or --oauth for an OAuth token)
cli-zendesk-options-for-braze = --subdomain, --email and --oauth are for zendesk; Braze takes --instance or --url
cli-braze-one-address = Braze needs exactly one of --instance or --url
cli-cannot-read-secret = cannot read the secret from standard input: { $reason }
cli-secret-too-large = the secret on standard input is longer than { $limit } KiB: paste only the token or key
cli-secret-refused = { $problem } (pipe it on standard input, e.g. `pbpaste | zenbraze credentials set …`)
cli-place-zendesk = Zendesk { $address } as { $who }
cli-place-braze = Braze { $address }
cli-profile-saved = saved profile `{ $name }`: { $place }; the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 } is in the OS keyring, the rest in { $path }
cli-profile-test-hint = test it: zenbraze credentials test { $name }
cli-secret-demo = { $mask } (demo)
cli-secret-none = (none: set it)
cli-secret-keyring-unavailable = (keyring unavailable)
cli-profiles-in = profiles in { $path } (and the built-in sandbox):
cli-profile-builtin = { $name } (built-in)
cli-token-kind = { $kind ->
    [oauth] oauth token
   *[api] api token
 }
cli-not-set = (not set)
cli-rest-key = rest key
cli-check = { $ok ->
    [yes] ok
   *[no] FAIL
 }
cli-sandbox-not-deletable = the built-in sandbox profile cannot be deleted
cli-profile-deleted = deleted { $services ->
    [zendesk] zendesk
    [braze] braze
   *[both] zendesk and braze
 } of profile `{ $name }` (and the secret from the OS keyring)
cli-waiting-for-lock = waiting for { $path } (held by another zenbraze)…
