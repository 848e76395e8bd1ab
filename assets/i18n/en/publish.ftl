# zenbraze — English: publishing a body to Braze as a Content Block (src/publish, zenbraze publish). Every id here exists in es/publish.ftl.

publish-new = new Content Block "{ $name }": it will be created
publish-unchanged = Content Block "{ $name }" (id { $id }) is unchanged
publish-changed = Content Block "{ $name }" (id { $id }) changed: it will be updated
publish-drifted = Content Block "{ $name }" (id { $id }) was changed in Braze since zenbraze published it: someone else's change
publish-not-ours = Braze already has a Content Block "{ $name }" (id { $id }) that zenbraze did not publish from this profile
publish-diff-ours = what changes (Braze → template):
publish-diff-theirs = their change (what zenbraze published → what Braze holds):
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
