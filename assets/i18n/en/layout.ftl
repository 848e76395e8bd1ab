# The window as people meet it: the start card, the editor's helpers, saving, and the
# findings about templates the engine cannot read.

start-title = zenbraze checks Braze ⇄ Zendesk webhooks before they go out
start-preview = Preview a payload
start-preview-hint = Open the ticket body as Braze's docs publish it, with what the checks find in it
start-send = Send a test…
start-send-hint = Send the payload for one sample user to the built-in sandbox or to your own accounts
start-setup = Set up the trigger…
start-setup-hint = Create the Zendesk webhook and trigger that send solved tickets to Braze
start-close = Close this card (Getting started… in the Workspace menu brings it back)

doc-not-saved-yet = Not saved yet

insert-no-match = Nothing matches the filter

lint-template-syntax = The template cannot be read: { $message }
lint-checks-not-run = The JSON breaks too early for this sample: { $target ->
        [zendesk-ticket] the Zendesk ticket checks
        [braze-users-track] the Braze /users/track checks
       *[other] the Braze /users/track and Zendesk placeholder checks
    } could not run
