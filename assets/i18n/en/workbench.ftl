# The window as people meet it (issue 18): the console's pickers and copies, confirmations
# before anything is deleted, the connection test's truth and cancel, the wizard's Zendesk wording, files.

## Console
console-payload = Payload
console-sample = Sample
console-as-editor = As in the editor ({ $name })
console-close-batch = Close the batch
console-copy-request = Copy the request body
console-copy-response = Copy the response body
console-copied = Copied

## Confirmations before anything is deleted
confirm-delete-payload = Delete the payload “{ $name }”?
confirm-delete-user = Delete the sample user { $name }?
confirm-delete-ticket = Delete the sample { $name }?
confirm-delete-context = Delete the render context “{ $name }”?
confirm-delete-profile = Delete the profile { $name } and its secrets ({ $store })?
confirm-wizard-remove = Remove { $kind ->
    [trigger] the trigger and the webhook
    [automation] the automation and the webhook
    [both] the trigger, the automation and the webhook
    [none] the webhook
   *[unknown] the trigger or automation and the webhook
 } named “{ $name }” from { $account }?
confirm-cannot-undo = This cannot be undone
confirm-yes-delete = Yes, delete
confirm-yes-remove = Yes, remove

## Profiles
profile-saved-not-active = { $name } is saved but not active: sends still use { $active }
profile-make-active = Use { $name } for sends

## Network truth
api-unresolved = cannot look up { $host }: no network, or DNS is failing ({ $reason })
connect-zendesk-offline = cannot look up { $host }: no network, or DNS is failing; check the connection, not the subdomain (a wrong subdomain still resolves, and Zendesk answers it with 404) ({ $reason })
connect-braze-offline = cannot look up { $host }: no network, or DNS is failing; check the connection ({ $reason })
connect-test-cancelled = Connection test cancelled

## The wizard speaks Zendesk
wizard-conditions-json = The conditions as JSON (what Zendesk gets)
wizard-copy-json = Copy the JSON

## Files
action-choose-file = Choose a file…
chooser-open = Waiting for the file chooser
chooser-unavailable = No system file chooser here (it needs the XDG desktop portal): type the path instead
confirm-block-force = Overwrite the Content Block “{ $name }” in Braze with this template?
confirm-block-force-detail = The change made in Braze since zenbraze last published it is lost.
confirm-yes-overwrite = Yes, overwrite
confirm-block-retire = Set the Content Block “{ $name }” to draft in Braze? Braze has no delete: the block stays, as a draft.
confirm-yes-retire = Yes, retire
confirm-via-braze = Send through Braze ({ $braze })? The Zendesk credential travels inside the request to Braze, in the webhook's Authorization header.
confirm-via-braze-detail = zenbraze masks the credential in everything it shows and records. This is asked once per session.
confirm-yes-via-braze = Yes, send through Braze
