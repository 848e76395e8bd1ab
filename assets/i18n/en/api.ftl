# zenbraze — English: what the Zendesk and Braze clients report (src/api). Every id here exists in es/api.ftl.

api-endpoint-not-zendesk = `{ $input }` is not on zendesk.com: for a custom host use an explicit URL (--url)
api-endpoint-subdomain = `{ $input }` is not a Zendesk subdomain: use letters, digits and hyphens, e.g. `acme` for acme.zendesk.com
api-endpoint-instance = `{ $input }` is not a Braze instance; known: { $known }
api-endpoint-not-url = `{ $url }` is not a URL: it needs https://
api-endpoint-credentials = the URL must not carry credentials: they belong in the connection settings
api-endpoint-no-host = `{ $url }` has no host
api-endpoint-plain-http = `{ $url }` uses plain http: only https is allowed, except to this machine (localhost, 127.0.0.1)
api-endpoint-scheme = `{ $scheme }://` is not supported: use https://
api-endpoint-zendesk-address = a Zendesk connection needs a subdomain or a URL, not both
api-endpoint-braze-address = a Braze connection needs an instance or a URL, not both
api-client-start = the HTTP client could not start: { $reason }

api-unauthorized = { $service } rejected the credentials (401 { $message }): { $hint }
api-unauthorized-hint = { $service ->
    [zendesk] check the email and API token, and that token access is enabled
   *[braze] check the REST API key (no quotes) and that it belongs to this Braze instance
 }
api-forbidden = { $service ->
    [braze] { $name } refused access (403 { $message }): the REST API key lacks the permission this endpoint needs
   *[zendesk] { $name } refused access (403 { $message })
 }
api-no-such-account = no Zendesk account answers at { $url } (404): check the subdomain
api-not-found = { $service } found nothing there (404 { $message })
api-invalid = Zendesk rejected the record (422): { $details }
api-bad-request = { $service } rejected the request (400 { $message })
api-bad-request-details = { $service } rejected the request (400 { $message }): { $details }
api-rate-limited = { $service } is rate limiting (429) after { $attempts ->
    [one] 1 attempt
   *[other] { $attempts } attempts
 }
api-rate-limited-wait = { $service } is rate limiting (429) after { $attempts ->
    [one] 1 attempt
   *[other] { $attempts } attempts
 }; it asks to wait { $wait }
api-server = { $service } answered { $status } after { $attempts ->
    [one] 1 attempt
   *[other] { $attempts } attempts
 }
api-server-not-retried = { $service } answered { $status } after { $attempts ->
    [one] 1 attempt
   *[other] { $attempts } attempts
 } (not retried: the call is not idempotent)
api-timeout = { $service } did not answer within { $after }
api-connect = could not connect to { $url }: { $reason }
api-dropped = the connection to { $service } was dropped before the answer was complete ({ $reason })
api-cancelled = cancelled
api-decode = { $service } answered { $status } with a body that is not what its API returns: { $reason }
api-quoted-reason = { $reason }
api-empty-body = the body is empty
api-missing-field = { $service } answered { $status } without `{ $field }`
api-anonymous = Zendesk answered as an anonymous user: the email or API token is wrong (or token access is off)
api-not-agent = { $email } is a Zendesk { $role }; webhooks and triggers need an admin (or an agent allowed to manage them)
api-braze-rejected = Braze accepted the request but rejected { $count ->
    [one] 1 object
   *[other] { $count } objects
 }: { $errors }
api-status = { $service } answered { $status }: { $message }
api-recorded = { $text }
api-warning-ignored-fields = Zendesk ignored these fields (unknown or not allowed): { $fields }
api-warning-header = Zendesk warned: { $header }
