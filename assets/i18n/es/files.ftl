# zenbraze — español: los archivos del usuario (perfiles, espacio de trabajo, historial de
# envíos): lo que esta versión no puede usar y conserva tal cual, y los errores al leerlos,
# bloquearlos o escribirlos. Cada id existe también en en/files.ftl.

## Errores
files-cannot-read = No se puede leer { $path }: { $reason }
files-cannot-write = No se puede escribir { $path }: { $reason }
files-cannot-lock = No se puede bloquear { $path } para escribir: { $reason }
files-changed-not-workspace = Otro programa ha cambiado { $path } y ya no es un espacio de trabajo que esta versión pueda leer: no se ha guardado nada encima ({ $reason })

## Conservado tal cual (leído por esta versión, no utilizable, se vuelve a escribir sin cambios)
files-key-kind = `{ $key }` debe ser { $expected }; contiene { $found }
files-key-choice = `{ $key }` debe ser uno de { $choices }; contiene «{ $value }»
files-not-an-object = no es un objeto JSON
files-unknown-key = Esta versión de zenbraze no conoce «{ $key }»; se conserva tal cual
files-profile-no-name = no tiene nombre
files-profile-entry-unusable = El perfil { $index } no se puede usar y se conserva tal cual: { $reason }
files-profile-unusable = El perfil «{ $name }» no se puede usar y se conserva tal cual: { $reason }
files-profile-duplicate = El perfil «{ $name }» aparece más de una vez: se usa el primero y este se conserva tal cual
files-profile-part-unusable = Perfil «{ $name }»: su configuración de { $part } no se puede usar y se conserva tal cual: { $reason }
files-profile-part-unknown = Perfil «{ $name }»: esta versión de zenbraze no conoce «{ $part }»; se conserva tal cual
files-workspace-newer = Este espacio de trabajo lo escribió una versión más reciente de zenbraze (formato { $found }; esta versión lee el formato { $supported }): lo que esta versión no entiende se conserva tal cual
files-payload-unusable = La plantilla { $index } no es un objeto JSON; se conserva tal cual
files-payload-direction = Plantilla «{ $name }»: la dirección «{ $value }» es desconocida; se conserva tal cual y se supone Braze → Zendesk
files-payload-target = Plantilla «{ $name }»: el destino de revisión «{ $value }» es desconocido; se conserva tal cual y la revisión queda desactivada
files-payload-header = Plantilla «{ $name }»: un encabezado sin nombre ni valor; se conserva tal cual
files-payload-unknown = Plantilla «{ $name }»: esta versión de zenbraze no conoce «{ $key }»; se conserva tal cual
files-user-unusable = El usuario { $index } no es un objeto JSON; se conserva tal cual
files-ticket-unusable = El ticket de muestra { $index } no es un objeto JSON; se conserva tal cual
files-context-unusable = El contexto de renderizado { $index } necesita un nombre y un objeto de contexto; se conserva tal cual
files-context-unknown = Contexto de renderizado «{ $name }»: esta versión de zenbraze no conoce «{ $key }»; se conserva tal cual

## En la aplicación
files-kept-heading = { $file }: { $count ->
    [one] 1 parte no se puede usar en esta versión de zenbraze y se conserva tal cual
   *[other] { $count } partes no se pueden usar en esta versión de zenbraze y se conservan tal cual
}

## zenbraze preset
files-preset-unknown = No hay ningún preajuste `{ $name }`; los preajustes son { $known }
files-lock-timed-out = otro zenbraze lo tuvo ocupado más de { $seconds } s; se abandona la espera (¿hay uno bloqueado?)
