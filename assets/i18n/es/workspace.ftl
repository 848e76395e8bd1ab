# zenbraze — español: abrir y guardar el espacio de trabajo (src/workspace). Cada id existe en en/workspace.ftl.

workspace-corrupt = no es un espacio de trabajo de zenbraze (línea { $line }, columna { $column }: { $reason })
workspace-newer = lo escribió un zenbraze más reciente (formato { $found }; este lee hasta el { $format })
workspace-json-error = { $reason }
workspace-not-object = el archivo no es un objeto JSON
workspace-no-format = falta el número de formato "zenbraze_workspace"
workspace-payload-not-object = carga útil { $number }: no es un objeto, se omite
workspace-payload-direction = carga útil `{ $name }`: la dirección debe ser braze_to_zendesk o zendesk_to_braze; se supone braze_to_zendesk
workspace-payload-target = carga útil `{ $name }`: { $reason }; lint desactivado
workspace-payload-header = carga útil `{ $name }`: un encabezado sin nombre ni valor, se omite
workspace-payload-credential = carga útil `{ $name }`: se descarta el encabezado `{ $header }`: las credenciales vienen del perfil de conexión, nunca del espacio de trabajo
workspace-user-not-object = usuario { $number }: no es un objeto, se omite
workspace-context-invalid = contexto { $number }: necesita un nombre y un objeto de contexto, se omite
workspace-opened-backup = faltaba { $path }: se abrió su copia de seguridad
workspace-unreadable = no se puede leer el archivo: { $reason }
workspace-save-failed = { $path }: { $reason }
