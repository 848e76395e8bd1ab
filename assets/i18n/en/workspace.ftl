# zenbraze — English: opening and saving the workspace (src/workspace). Every id here exists in es/workspace.ftl.

workspace-corrupt = not a zenbraze workspace (line { $line }, column { $column }: { $reason })
workspace-newer = written by a newer zenbraze (format { $found }; this one reads up to { $format })
workspace-json-error = { $reason }
workspace-not-object = the file is not a JSON object
workspace-no-format = no "zenbraze_workspace" format number
workspace-payload-not-object = payload { $number }: not an object, skipped
workspace-payload-direction = payload `{ $name }`: direction must be braze_to_zendesk or zendesk_to_braze; braze_to_zendesk assumed
workspace-payload-target = payload `{ $name }`: { $reason }; linting off
workspace-payload-header = payload `{ $name }`: a header without a name and value, skipped
workspace-payload-credential = payload `{ $name }`: header `{ $header }` dropped: credentials come from the connection profile, never from the workspace
workspace-user-not-object = user { $number }: not an object, skipped
workspace-context-invalid = context { $number }: needs a name and a context object, skipped
workspace-opened-backup = { $path } was missing: opened its backup
workspace-unreadable = the file cannot be read: { $reason }
workspace-save-failed = { $path }: { $reason }
