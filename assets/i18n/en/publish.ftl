# zenbraze — English: publishing a body to Braze as a Content Block (src/publish, zenbraze publish). Every id here exists in es/publish.ftl.

publish-new = new Content Block "{ $name }": it will be created
publish-unchanged = Content Block "{ $name }" (id { $id }) is unchanged
publish-changed = Content Block "{ $name }" (id { $id }) changed: it will be updated
publish-drifted = Content Block "{ $name }" (id { $id }) was changed in Braze since zenbraze published it: someone else's change
publish-not-ours = Braze already has a Content Block "{ $name }" (id { $id }) that zenbraze did not publish from this profile
publish-diff-ours = what changes (Braze → template):
publish-diff-theirs = their change (what zenbraze published → what Braze holds):
publish-diff-whitespace = only whitespace changes: · is a space at a line's end, → a tab
publish-diff-not-ours = what would be overwritten (Braze → template):
publish-force-needed = apply overwrites it only with --force
publish-reactivate = it was retired (draft): apply sets it active again
publish-nothing-to-change = nothing to change
publish-calls = calls:
publish-refused = Content Block "{ $name }" was changed outside zenbraze: not overwritten (run --plan to see the change, --apply --force to overwrite it)
publish-no-such-block = Braze has no Content Block "{ $name }"
publish-bad-name = "{ $name }" cannot be a Content Block name: it must not be blank, must be under 100 characters and must not contain {"}"}
publish-applied = published Content Block "{ $name }" (id { $id })
publish-applied-nothing = Content Block "{ $name }" (id { $id }) already is the template: nothing written
publish-retired = Content Block "{ $name }" (id { $id }) is now a draft. Braze has no delete: remove it in Braze's dashboard if it must go
publish-paste-head = Paste this into the Braze webhook campaign once; later publishes change only the block:
publish-verify-ok = Content Block "{ $name }" renders for { $users } users with no errors
publish-verify-errors = Content Block "{ $name }" as Braze will render it:
publish-ledger-failed = published, but what was published could not be recorded: { $reason }

# send --via-braze: Braze renders and sends, the ticket compared with the preview
via-braze-target = --via-braze sends a Zendesk ticket: use the target zendesk-ticket
via-braze-needs-user = --via-braze needs --user EXTERNAL_ID: the Braze user Braze renders for
via-braze-no-user = Braze has no user with external_id "{ $user }"
via-braze-aborted = the template aborts for this user (abort_message): Braze would send nothing
via-braze-not-json = the preview is not JSON, so there is no ticket to compare: { $reason }
via-braze-no-ticket = no ticket appeared in Zendesk within { $seconds } s of the send: look at the campaign's webhook errors in Braze
via-braze-ambiguous = several tickets were created since the send ({ $ids }): zenbraze cannot tell which one Braze made, so nothing is compared
via-braze-sent = Braze sent it (dispatch { $dispatch }); Zendesk ticket { $ticket }
via-braze-same = same     { $field }: { $value }
via-braze-differs = DIFFERS  { $field }: preview "{ $preview }", Zendesk "{ $zendesk }"
via-braze-identical = identical: the ticket Braze made is what zenbraze previewed
via-braze-different = { $count } fields differ between zenbraze's preview and the ticket Braze made
