# zenbraze — English: opening and saving the workspace (src/workspace). Every id here exists in es/workspace.ftl.

workspace-corrupt = not a zenbraze workspace (line { $line }, column { $column }: { $reason })
workspace-not-object = the file is not a JSON object: it holds { $found }
workspace-format-expected = a whole number (the format, such as 1)
workspace-no-format = no "zenbraze_workspace" format number
workspace-payload-credential = payload `{ $name }`: header `{ $header }` dropped: credentials come from the connection profile, never from the workspace
workspace-opened-backup = { $path } was missing: opened its backup
workspace-unreadable = the file cannot be read: { $reason }
