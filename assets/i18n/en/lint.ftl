# zenbraze — English: what the payload linter reports (src/lint). Every id here exists in es/lint.ftl.

lint-severity = { $severity ->
    [error] error
    [warning] warning
   *[hint] hint
 }
lint-unknown-target = unknown lint target `{ $target }` (expected zendesk-ticket, braze-users-track or zendesk-webhook-body)
lint-truncated = { $count ->
    [one] 1 more finding is not shown
   *[other] { $count } more findings are not shown
 }
lint-json-syntax = the body is not valid JSON at line { $line }, column { $column } of the output: { $reason }
lint-automation-no-guard = this automation has no re-fire guard: Zendesk checks it every hour and notifies Braze again whenever its conditions hold again (every hour with a "greater than" hours condition; after a reopened ticket is solved again with "is")
lint-automation-no-guard-fix = add the action "add tags { $tag }" and the condition Tags | Contains none of the following | { $tag }
lint-zendesk-empty-identifier = `{ $placeholder }` is empty for tickets whose user has no external id, and Braze then rejects the event
lint-fix-zendesk-identifier = add the trigger condition that the requester has an external id, or send `email` as the identifier
lint-breaker = { $kind ->
    [quote] a quote (")
    [backslash] a lone backslash
    [line-break] a line break
   *[control] a control character
 }
lint-json-string-broken = `{ $expression }` puts { $what } inside a JSON string, which breaks the body
lint-json-string-unescaped = `{ $expression }` can hold free text inside a JSON string without escaping: a quote or line break in it would break the body
lint-fix-json-escape = add `| json_escape` as its last filter
lint-fix-zendesk-escape = add `| strip_newlines | replace: '"', '\"'` (Zendesk has no json_escape)
lint-placeholder-example = `{ $text }` is a placeholder left from an example: replace it or delete it
lint-fix-delete-placeholder = delete the placeholder
lint-placeholder-your = `{ $text }` is a placeholder left from an example: put the real value here
lint-quoted = "{ $text }"
lint-fix-use = use `{ $value }`

# The JSON reader's errors
json-after-end = unexpected text after the end of the JSON body
json-ends-early = the body ends where a value was expected
json-cannot-start = `{ $character }` cannot start a JSON value
json-expected-value = expected a JSON value (a quoted string, a number, true, false, null, an object or an array)
json-number-digits = a number needs digits
json-decimal-digits = a decimal point needs digits after it
json-exponent-digits = an exponent needs digits
json-string-unclosed = a string is never closed with `"`
json-bad-escape = a backslash in a string must start an escape like \n or \"
json-raw-in-string = { $what ->
    [line-break] a line break
   *[control] a control character
 } inside a string must be escaped
json-too-deep = the body is nested more than { $depth } levels deep
json-array-separator = expected `,` or `]` in the array
json-expected-key = expected a quoted key in the object
json-expected-colon = expected `:` after the key "{ $key }"
json-object-separator = expected `,` or `{"}"}` in the object

# zendesk-ticket: POST /api/v2/tickets.json
lint-ticket-wrapper = Zendesk expects the ticket inside a `ticket` object: {"{"}"ticket": {"{"}…{"}"}{"}"}
lint-fix-ticket-wrapper = wrap the body in {"{"}"ticket": …{"}"}
lint-ticket-not-object = `ticket` must be an object, not { $kind }
lint-ticket-tags = `tags` must be an array of strings, like ["braze", "vip"]
lint-ticket-unknown-field = Zendesk silently drops the unknown ticket field `{ $field }`
lint-ticket-no-comment = a new ticket needs its first comment: add "comment": {"{"}"body": "…"{"}"}
lint-ticket-comment-no-body = the comment needs a `body` (or `html_body`)
lint-ticket-comment-empty = the comment body renders empty for this user: Zendesk answers 422 "Description: cannot be blank"
lint-ticket-comment-not-string = the comment body must be a string, not { $kind }
lint-ticket-enum-kind = `{ $field }` must be one of { $choices }, not { $kind }
lint-ticket-enum-case = Zendesk's `{ $field }` values are lowercase: `{ $value }` is refused
lint-ticket-enum-choices = `{ $value }` lists the choices from an example: `{ $field }` takes exactly one of { $choices }
lint-fix-keep-one = keep one, e.g. `{ $value }`
lint-ticket-enum-empty = `{ $field }` renders empty for this user: use one of { $choices } or leave the field out
lint-ticket-enum-unknown = `{ $value }` is not a Zendesk ticket { $field }: use one of { $choices }
lint-ticket-requester-id-quoted = `requester_id` is a Zendesk user id, an integer: send it without quotes
lint-fix-unquote-id = remove the quotes around the id
lint-ticket-requester-id = `requester_id` must be the integer id of a Zendesk user; { $value } looks like a Braze id, which Zendesk refuses
lint-fix-requester-object = send a `requester` object with name and email instead, or create_or_update the user in Zendesk (with the Braze id as external_id) and use the id it returns
lint-ticket-requester-kind = `requester` must be an object with name and email, not { $kind }
lint-ticket-requester-nobody = the requester has neither a name nor an email for this user: Zendesk cannot create or find them
lint-ticket-requester-no-email = the requester has no email: Zendesk creates a new user every time instead of finding the existing one
lint-ticket-requester-email-empty = the requester email renders empty for this user
lint-ticket-requester-email-bad = `{ $value }` does not look like an email address
lint-ticket-requester-name-empty = the requester name renders empty for this user
lint-ticket-custom-fields = `custom_fields` must be an array of {"{"}"id": <field id>, "value": …{"}"}
lint-ticket-custom-field = each custom field is {"{"}"id": <integer field id>, "value": …{"}"}

# braze-users-track: POST /users/track
lint-track-not-object = the body must be an object with attributes, events or purchases, not { $kind }
lint-track-nothing = the body has no `attributes`, `events` or `purchases` array: Braze has nothing to record
lint-track-unknown-key = `{ $key }` is not part of /users/track (attributes, events, purchases)
lint-track-not-array = `{ $key }` must be an array of objects, not { $kind }
lint-track-too-many = `{ $key }` has { $count } objects; Braze accepts at most { $max } per request (400 "Max Input Length Exceeded")
lint-track-item-not-object = each of `{ $key }` must be an object, not { $kind }
lint-track-no-identifier = this object names no user: add one of external_id, braze_id, user_alias, email or phone
lint-track-identifier-empty = `{ $name }` renders empty for this sample: Braze cannot tell whose profile to update
lint-track-alias = `user_alias` needs both alias_name and alias_label
lint-track-required = { $object ->
    [event] an event
   *[purchase] a purchase
 } needs `{ $key }`
lint-track-required-empty = `{ $key }` of { $object ->
    [event] an event
   *[purchase] a purchase
 } renders empty or is not a string
lint-track-time = `{ $value }` is not an ISO-8601 time (like 2026-11-25T17:00:00Z)
lint-track-properties-kind = `properties` must be an object, not { $kind }
lint-track-property-dollar = property `{ $key }` starts with `$`, which Braze reserves
lint-track-property-reserved = `{ $key }` is a reserved property name
lint-track-property-name-long = property names are limited to { $max } characters
lint-track-property-long = property `{ $key }` is { $count } characters long; Braze limits string values to { $max }
lint-fix-truncate = add `| truncate: { $max }`
lint-track-currency = `{ $value }` is not an ISO-4217 currency code (three capital letters, like USD)
lint-track-price-kind = `price` must be a number, not { $kind }
lint-track-price-missing = a purchase needs `price`
lint-track-quantity = `quantity` must be a whole number from 1 to 100
lint-track-dob = `dob` must be YYYY-MM-DD, not `{ $value }`
lint-track-country = `country` must be an ISO-3166 alpha-2 code like GB, not `{ $value }`
lint-track-language = `language` must be an ISO-639-1 code like en, not `{ $value }`
lint-track-gender = `gender` must be one of M, F, O, N, P (or null), not `{ $value }`
lint-track-subscription = `{ $key }` must be opted_in, subscribed or unsubscribed, not `{ $value }`
lint-track-time-zone = `{ $value }` is not an IANA time zone like America/New_York
lint-track-phone = `{ $value }` is not in E.164 form (+ and digits), which Braze expects

# The webhook's URL and headers
lint-request-placeholder = `{ $url }` still holds a placeholder from the documentation
lint-request-placeholder-host = the host `{ $host }` is a placeholder from the documentation: put your { $service ->
        [zendesk] Zendesk subdomain (acme for acme.zendesk.com)
       *[braze] Braze REST endpoint (rest.iad-01.braze.com, say)
    } there
lint-request-insecure = `{ $url }` is plain http to { $host }: credentials would cross the network unencrypted
lint-fix-https = use https://
lint-request-no-scheme = `{ $url }` has no https:// in front
lint-request-scheme = `{ $scheme }://` is not a web address
lint-request-method = this API is called with POST, not { $method }
lint-request-content-type = `{ $value }`: the body is JSON
lint-request-no-content-type = no Content-Type header: send `application/json`
lint-request-zendesk-host = `{ $host }` is not a Zendesk host (SUBDOMAIN.zendesk.com)
lint-request-webhook-json = Zendesk's webhook paths take no `.json` suffix
lint-fix-remove-json = remove `.json`
lint-request-ticket-path = `{ $path }` is not the ticket create path /api/v2/tickets.json
lint-request-zendesk-no-auth = no Authorization header: Zendesk answers 401
lint-fix-zendesk-auth = add `Authorization: Basic {"{{"} 'EMAIL/token:API_TOKEN' | base64_encode {"}}"}`
lint-request-oauth-empty = the OAuth token is empty
lint-request-zendesk-basic = Zendesk API tokens go in `Basic` authentication
lint-request-basic-base64 = the Basic credentials are not valid base64
lint-fix-basic-base64 = build them with `{"{{"} 'EMAIL/token:API_TOKEN' | base64_encode {"}}"}`
lint-request-basic-token-suffix = the user part must be `EMAIL/token` for API-token authentication (the `/token` is missing)
lint-request-basic-shape = the credentials must read `EMAIL/token:API_TOKEN`
lint-request-braze-host = `{ $host }` is not a Braze REST endpoint
lint-request-braze-dashboard = `{ $host }` is not a Braze REST endpoint: that is the dashboard, not the REST endpoint
lint-fix-braze-rest-url = use your instance's REST URL, like https://rest.iad-01.braze.com
lint-request-track-path = `{ $path }` is not /users/track
lint-request-braze-bearer = Braze expects `Authorization: Bearer REST_API_KEY`
lint-request-braze-key-empty = the REST API key is empty
lint-request-braze-key-quoted = the REST API key is quoted: Braze answers 401 to a key with quotes
lint-fix-remove-quotes = remove the quotes

# The rules (lint::rules::RULES): one line each, for the README's table and the findings' hover.
lint-rule-template-syntax = the template reads as Liquid: tags closed, filters known, arguments well formed
lint-rule-json-syntax = the rendered body is valid JSON
lint-rule-json-string-broken = no output puts a quote, backslash, line break or control character inside a JSON string
lint-rule-json-string-unescaped = free text inside a JSON string is escaped (json_escape), so a quote in a user's data cannot break it
lint-rule-checks-not-run = says which API checks a body too broken to read went without
lint-rule-leftover-placeholder = no placeholder from an example (<<…>>, <your-…>) is left in the template
lint-rule-liquid-error = no output renders Liquid's inline error instead of a value
lint-rule-number-as-name = nothing that looks like a number is written where Liquid reads a variable of that name (which is empty)
lint-rule-unknown-attribute = every ${"{"}…{"}"} attribute tag is one Braze knows; a misspelt one renders empty
lint-rule-connected-content-no-mock = every `connected_content` call has a mocked answer; without one Braze fetches it at send time and the preview renders nothing for it
lint-rule-connected-content-status = a `connected_content` mock that answers an error status is rendered as Braze documents it (404 renders empty, `:retry` aborts, otherwise the template decides)
lint-rule-lint-truncated = says how many findings past the first 1,000 are not listed
lint-rule-zendesk-ticket-wrapper = the body is a ticket object inside {"{"}"ticket": …{"}"}
lint-rule-zendesk-ticket-comment = a new ticket has its first comment, with a body that renders non-empty
lint-rule-zendesk-ticket-enum = priority, status and type are one of Zendesk's lowercase values
lint-rule-zendesk-ticket-tags = tags are an array of strings
lint-rule-zendesk-ticket-requester = the requester is an object with a name and an email Zendesk can find the user by
lint-rule-zendesk-ticket-requester-id = requester_id is a Zendesk user's integer id, not a Braze id or a quoted number
lint-rule-zendesk-ticket-custom-fields = custom_fields is an array of {"{"}"id", "value"{"}"} objects with integer ids
lint-rule-zendesk-ticket-unknown-field = every ticket field is one Zendesk knows (it drops the others silently)
lint-rule-braze-track-shape = the body has attributes, events or purchases arrays of objects, and nothing else
lint-rule-braze-track-limit = each array holds at most 75 objects, Braze's limit per request
lint-rule-braze-track-identifier = each object names its user (external_id, braze_id, user_alias, email or phone), non-empty
lint-rule-braze-track-required = events have a name and purchases a product_id, rendered non-empty
lint-rule-braze-track-time = times are ISO-8601
lint-rule-braze-track-properties = properties are an object whose names and values are within Braze's rules
lint-rule-braze-track-purchase = a purchase has a numeric price, an ISO-4217 currency and a quantity from 1 to 100
lint-rule-braze-track-attribute = standard attributes (dob, country, language, gender, subscriptions, time zone, phone) are in Braze's formats
lint-rule-automation-no-guard = an automation that notifies Braze adds a tag it excludes, so it fires once per ticket
lint-rule-zendesk-empty-identifier = the Braze identifier a trigger sends is not empty for tickets whose user has no external id
lint-rule-request-placeholder = the webhook URL holds no placeholder from the documentation (<your-…>, a your-subdomain host)
lint-rule-request-insecure = credentials never go over plain http, except to this machine
lint-rule-request-url = the webhook URL is the target's endpoint, on a real Zendesk or Braze host
lint-rule-request-method = the webhook uses the method the API is called with
lint-rule-request-content-type = the Content-Type header says JSON
lint-rule-request-auth = the Authorization header is the one the API expects (Basic email/token for Zendesk, Bearer for Braze)
