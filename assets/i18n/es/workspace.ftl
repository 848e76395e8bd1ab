# zenbraze — español: abrir y guardar el espacio de trabajo (src/workspace). Cada id existe en en/workspace.ftl.

workspace-corrupt = no es un espacio de trabajo de zenbraze (línea { $line }, columna { $column }: { $reason })
workspace-not-object = el archivo no es un objeto JSON: contiene { $found }
workspace-format-expected = un número entero (el formato, como 1)
workspace-no-format = falta el número de formato "zenbraze_workspace"
workspace-payload-credential = plantilla `{ $name }`: se descarta el encabezado `{ $header }`: las credenciales vienen del perfil de conexión, nunca del espacio de trabajo
workspace-opened-backup = faltaba { $path }: se abrió su copia de seguridad
workspace-unreadable = no se puede leer el archivo: { $reason }
