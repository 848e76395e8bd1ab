# zenbraze — English: problems reading sample users (src/users). Every id here exists in es/users.ftl.

users-at = { $line }:{ $column }: { $problem }
users-field-not-array = `users` must be an array, found { $kind }
users-not-array = expected an array of users, found { $kind }
users-invalid-json = not valid JSON: { $reason }
users-invalid-json-lines = not valid JSON Lines: { $reason }
users-user-not-object = user { $number } must be a JSON object, found { $kind }
users-csv-at = line { $line }, column { $column }: { $problem }
users-csv-unclosed-quote = this quoted value is never closed
users-csv-empty = the file is empty: the first line must name the columns
users-csv-extra-values = { $values } values for { $columns } columns; the extra ones are not imported
users-csv-no-identifier = no external_id, braze_id, email or phone: imported, but Braze could not tell who this is
users-csv-unreadable = the CSV reader stopped: { $reason }
