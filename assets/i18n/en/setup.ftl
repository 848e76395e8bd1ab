# zenbraze — English: the setup engine's plans, reports and checks (src/setup). Every id here exists in es/setup.ftl.

setup-step = { $change ->
    [create] create
    [update] update
    [unchanged] unchanged
    [delete] delete
    [absent] absent
   *[blocked] blocked
 } { $resource ->
    [category] category
    [webhook] webhook
    [automation] automation
   *[trigger] trigger
 } "{ $name }"
setup-step-id = { $change ->
    [create] create
    [update] update
    [unchanged] unchanged
    [delete] delete
    [absent] absent
   *[blocked] blocked
 } { $resource ->
    [category] category
    [webhook] webhook
    [automation] automation
   *[trigger] trigger
 } "{ $name }" (id { $id })
setup-blocked = blocked: { $reason }
setup-note = note: { $note }
setup-nothing-to-change = nothing to change
setup-no-categories = this account has no trigger categories, so the trigger goes without "{ $category }"
setup-many-webhooks = { $count } webhooks are named "{ $name }": delete the extras in Admin Center or choose another name
setup-verify-clock = moved the sandbox's clock on { $hours } hours: its automations ran at each hour
setup-verify-clock-failed = could not move the sandbox's clock: { $reason }
setup-warning = warning ({ $rule }): { $text }
setup-many-automations = { $count } automations are titled "{ $name }": delete the extras in Admin Center or choose another name
setup-other-kind = { $resource ->
    [automation] an automation
   *[trigger] a trigger
 } is already titled "{ $name }": remove it first or choose another name, so that one rule calls the webhook
setup-many-triggers = { $count } triggers are titled "{ $name }": delete the extras in Admin Center or choose another name
setup-token-not-compared = the webhook's bearer token is not compared: Zendesk never returns it (verify proves it works; after rotating the Braze key, send it again)
setup-when = when { $condition }
setup-categories-kept = trigger categories are kept: other triggers may use them
setup-categories-kept-named = kept the trigger { $count ->
    [one] category “{ $names }”
   *[other] categories “{ $names }”
 }: other triggers may use { $count ->
    [one] it
   *[other] them
 }
setup-webhook-other-events = webhook "{ $name }" is connected to { $subscriptions }, not to triggers ({ $subscription }); Zendesk cannot change a webhook's connection method: delete it in Admin Center or choose another name
setup-change = { $field }: { $from } → { $to }
setup-auth-to-bearer = authentication: { $from } → bearer_token (the profile's Braze key)
setup-auth-resent = authentication: the profile's Braze key, sent again
setup-condition-added = + when { $condition }
setup-condition-removed = - when { $condition } (removed: not among the chosen conditions)
setup-action-added = + action: notify the webhook
setup-action-webhook = action: notify webhook { $to } (was { $from })
setup-action-add-tags = add tags { $tags }
setup-action-other = { $field }: { $value }
setup-action-new = + action: { $action }
setup-action-body = action: the webhook body changes
setup-other-actions-removed = - { $count ->
    [one] 1 other action
   *[other] { $count } other actions
 } (removed: the trigger only notifies Braze)
setup-activated = active: off → on
setup-category-id = { $id }
setup-category-none = no category
setup-category-named = category "{ $name }"
setup-category-change = category: { $from } → { $to }
setup-condition = { $field } | { $operator } | { $value }{ $any ->
    [yes] {" "}(meet ANY)
   *[no] {""}
 }
setup-condition-field = { $field ->
    [status] Ticket > Status
    [type] Ticket > Type
    [priority] Ticket > Priority
    [current_tags] Ticket > Tags
    [status_category] Ticket > Status category
    [SOLVED] Ticket > Hours since solved
    [update_type] Ticket > Ticket
    [group_id] Ticket > Group
    [assignee_id] Ticket > Assignee
    [via_id] Ticket > Channel
   *[other] Ticket > { $field }
 }
setup-condition-operator = { $operator ->
    [value] Changed to
    [value_previous] Changed from
    [not_value] Not changed to
    [not_value_previous] Not changed from
    [is] Is
    [is_not] Is not
    [includes] Contains at least one of the following
    [not_includes] Contains none of the following
    [less_than] Less than
    [greater_than] Greater than
    [changed] Changed
    [not_changed] Not changed
   *[other] { $operator }
 }
# A value of a field with fixed values, as Zendesk's trigger editor lists it.
setup-condition-value = { $value ->
    [new] New
    [open] Open
    [pending] Pending
    [hold] On-hold
    [solved] Solved
    [closed] Closed
    [question] Question
    [incident] Incident
    [problem] Problem
    [task] Task
    [low] Low
    [normal] Normal
    [high] High
    [urgent] Urgent
    [Create] Created
    [Change] Updated
   *[other] { $value }
 }
# A value typed freely (tags, ids): shown as it is.
setup-condition-text = { $value }
setup-meet-all = Meet ALL of the following conditions
setup-meet-any = Meet ANY of the following conditions

# Apply and remove
setup-failed = failed: { $reason }
setup-rolled-back = rolled back: { $mark } { $what }
setup-nothing-changed = nothing changed: the account already matches
setup-now = now:
setup-step-error = { $step }: { $reason }
setup-step-failed = { $step } failed: { $reason }
setup-cannot-read = could not read the account's webhooks and triggers: { $reason }
setup-cannot-read-after = could not read the account afterwards: { $reason }
setup-no-webhook = no webhook named "{ $name }"
setup-webhook-exists = webhook "{ $name }" (id { $id }): { $method } { $endpoint } { $format }, { $status }
setup-no-trigger = no trigger titled "{ $name }"
setup-automation-exists = automation "{ $name }" (id { $id }): { $active ->
    [yes] active
   *[no] inactive
 }, when { $conditions }
setup-trigger-exists = trigger "{ $name }" (id { $id }): { $active ->
    [yes] active
   *[no] inactive
 }, { $category }, when { $conditions }
setup-no-conditions = (none)
setup-no-changes = (no change)
setup-list = { $first }; { $rest }
setup-list-comma = { $first }, { $rest }
setup-created = created { $resource ->
    [category] category
    [webhook] webhook
    [automation] automation
   *[trigger] trigger
 } "{ $name }" (id { $id })
setup-updated-webhook = updated webhook "{ $name }" (id { $id }): { $changes }
setup-updated-automation = updated automation "{ $name }" (id { $id }) with the full condition set: { $changes }
setup-updated-trigger = updated trigger "{ $name }" (id { $id }) with the full condition set: { $changes }
setup-deleted = deleted { $resource ->
    [webhook] webhook
    [automation] automation
   *[trigger] trigger
 } "{ $name }" (id { $id })
setup-undo-deleted = deleted the new { $resource ->
    [category] category
    [webhook] webhook
    [automation] automation
   *[trigger] trigger
 } (id { $id })
setup-undo-restored-automation = restored automation (id { $id }) as it was
setup-undo-restored-trigger = restored trigger (id { $id }) as it was
setup-undo-restored-webhook = restored webhook (id { $id }) as it was{ $token ->
    [lost] {" "}(its previous token cannot be restored: Zendesk never returns it)
   *[kept] {""}
 }
setup-undo-failed = { $what }: FAILED, { $reason }

# What the spec asks
setup-problem-name-empty = name: empty (it names the webhook and the trigger)
setup-problem-event-empty = event: empty (the custom event's name in Braze)
setup-problem-event-characters = event: `{ $event }` has quotes, braces or control characters
setup-problem-key-empty = { $what ->
    [property] property
   *[attribute] attribute
 } { $number }: the key is empty
setup-problem-key-twice = { $what ->
    [property] property
   *[attribute] attribute
 } `{ $key }`: appears twice
setup-problem-placeholder = { $what ->
    [property] property
   *[attribute] attribute
 } `{ $key }`: the placeholder must be a name like ticket.title
setup-problem-body-empty = body: the custom body is empty
setup-problem-automation-on = on: an automation waits after solved only (Zendesk's automations skip closed tickets)
setup-problem-after-hours = after-hours: { $hours } is not a whole number of hours from 1 to { $max }
setup-problem-automation-update = update: automations run on no update (create or change is for triggers)
setup-problem-automation-category = category: automations have no categories (trigger categories are for triggers)
setup-problem-category-on = on: a status category is new, open, pending, on-hold or solved (closed tickets are in solved)
setup-problem-on-empty = on: choose solved, closed or both
setup-problem-on = on: `{ $status }` is not solved or closed
setup-problem-choice = { $field }: `{ $value }` is not one of { $choices }
setup-problem-tag-word = tags: `{ $tag }` must be one word
setup-problem-tag-both = tags: `{ $tag }` is both required and excluded, so the trigger never fires
setup-problem-category-empty = category: empty name

# Verify
setup-verify-test = webhook test: Braze answered { $status }
setup-body-at = body { $line }:{ $column }: { $problem }
setup-finding = { $severity } { $line }:{ $column }: { $message }
setup-verify-cannot-list = could not list webhooks: { $reason }
setup-verify-no-webhook = no webhook named "{ $name }": apply first
setup-verify-test-status = Braze answered { $status } to the webhook test: { $payload }
setup-verify-refused-objects = Braze accepted the request but refused objects: { $errors }
setup-verify-test-failed = the webhook test failed: { $reason }
setup-verify-ticket-created = created test ticket { $id } for { $user }
setup-verify-ticket-changed = changed ticket { $id } to { $status }
setup-verify-arrived = event "{ $event }" arrived on { $user } after { $ms } ms (count { $before } → { $now })
setup-verify-not-arrived = event "{ $event }" did not reach { $user } within { $seconds } s: look at the webhook's invocations

# The Braze composer
setup-composer-no-zendesk = profile `{ $profile }` has no Zendesk connection: add one in Settings
setup-composer-head = Webhook URL: { $url }
    HTTP method: { $method }
    Request headers:
setup-composer-body = Request body: Raw text
setup-composer-replace-token = replace { $placeholder } in Braze itself; zenbraze never writes the token out
setup-composer-sandbox = this is the local sandbox: Braze cannot reach it, choose a real profile to paste into Braze
