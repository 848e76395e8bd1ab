# zenbraze — español: problemas al leer usuarios de muestra (src/users). Cada id existe en en/users.ftl.

users-at = { $line }:{ $column }: { $problem }
users-field-not-array = `users` debe ser una matriz, y es { $kind }
users-not-array = se esperaba una matriz de usuarios, y es { $kind }
users-invalid-json = no es JSON válido: { $reason }
users-invalid-json-lines = no es JSON Lines válido: { $reason }
users-user-not-object = el usuario { $number } debe ser un objeto JSON, y es { $kind }
users-csv-at = línea { $line }, columna { $column }: { $problem }
users-csv-unclosed-quote = este valor entre comillas no se cierra nunca
users-csv-empty = el archivo está vacío: la primera línea debe dar nombre a las columnas
users-csv-extra-values = { $values } valores para { $columns } columnas; los que sobran no se importan
users-csv-no-identifier = sin external_id, braze_id, email ni phone: se importa, pero Braze no sabría de quién se trata
users-csv-unreadable = el lector de CSV se detuvo: { $reason }
