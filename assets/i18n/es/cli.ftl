# zenbraze — español: lo que imprime la línea de comandos (src/cli). Cada id existe en en/cli.ftl.

cli-stdin = la entrada estándar
cli-cannot-read = no se puede leer { $path }: { $reason }
cli-input-too-large = { $path }: supera los { $limit } MiB, lo máximo que zenbraze lee de una entrada
cli-not-utf8 = { $path }: no es texto UTF-8 (byte no válido en la posición { $offset })
cli-bom = { $path }: el archivo empieza con una marca de orden de bytes UTF-8 (BOM): guárdalo como UTF-8 sin BOM
cli-json-empty = { $path }: el archivo está vacío: se esperaba JSON
cli-json-invalid = { $path }:{ $line }:{ $column }: no es JSON válido: { $reason }
cli-globals-not-object = { $path }: las variables globales deben ser un objeto JSON, y es { $kind }
cli-now-invalid = --now `{ $value }` no es una hora RFC 3339 ({ $reason })
cli-context-invalid = { $path }: no es un contexto de renderizado: { $reason }
cli-user-not-object = { $path }: un usuario debe ser un objeto JSON, y es { $kind }
cli-ticket-not-object = { $path }: se esperaba un ticket de muestra, un objeto como {"{"}"ticket": {"{"}…{"}"}, "users": […]{"}"}, y es { $kind }
cli-ticket-field = { $path }: `{ $field }` debe ser un objeto (los campos del ticket), y es { $kind }
cli-ticket-missing = { $path }: falta el objeto `ticket`: un ticket de muestra tiene la forma {"{"}"ticket": {"{"}…{"}"}, "users": […]{"}"}
cli-ticket-users-field = { $path }: `{ $field }` debe ser una matriz con los usuarios del ticket, y es { $kind }
cli-users-empty = { $path }: no hay usuarios: el archivo está vacío (se espera una matriz JSON de usuarios, una respuesta de exportación {"{"}"users": […]{"}"} o JSON Lines)
cli-users-none = { $path }: no hay usuarios: la lista está vacía
cli-at-position = { $path }:{ $line }:{ $column }: { $problem }
cli-in-file = { $path }: { $problem }
cli-cannot-write = no se puede escribir la salida: { $reason }
cli-unknown-format = --format `{ $format }` desconocido (se espera text o json)
cli-webhook-body-needs-ticket = zendesk-webhook-body se renderiza para un ticket de muestra: usa --ticket, no --user/--users
cli-ticket-is-for-webhook-body = --ticket es para --target zendesk-webhook-body
cli-zendesk-dialect-needs-ticket = el dialecto zendesk se renderiza para un ticket de muestra: usa --ticket, no --user/--users
cli-ticket-is-for-zendesk-dialect = --ticket es para --dialect zendesk
cli-aborted = detenido por abort_message: { $reason }
cli-fix = (solución: { $fix })
cli-lint-one-user = [usuario { $user }]
cli-lint-some-users = [{ $count } de { $total } usuarios: { $users }]
cli-lint-aborted = { $template }: nota: al usuario { $user } no se le envía nada (detenido por abort_message: { $reason })
cli-problems = { $problems }

# send
cli-send-needs-ticket = zendesk-webhook-body necesita --ticket ARCHIVO (un ticket como lo devuelve la API)
cli-send-ticket-not-for-target = --ticket es para zendesk-webhook-body; este destino usa --user
cli-send-needs-user = { $target } se renderiza para un usuario de Braze: indica --user ARCHIVO
cli-send-aborted = detenido por abort_message: { $reason } (no se envía nada, igual que Braze)
cli-send-refused = no enviado: { $count ->
    [one] 1 error de lint
   *[other] { $count } errores de lint
 }; corrígelos o usa --force para enviarlo de todos modos
cli-send-curl = la misma solicitud con curl (antes exporta { $variable })
cli-send-history-failed = aviso: el historial no se escribió en { $path }: { $reason }
cli-send-no-answer = sin respuesta
cli-send-status = { $status } · { $ms } ms · { $attempts ->
    [one] 1 intento
   *[other] { $attempts } intentos
 }

# setup
cli-setup-rule = --rule: `{ $value }` no es `trigger` ni `automation`
cli-setup-no-guard = aviso: --no-refire-guard: la automatización vuelve a avisar a Braze cada vez que sus condiciones se cumplen de nuevo; nada marca un ticket como avisado
cli-setup-update = --update: `{ $value }` no es `create` ni `change`
cli-setup-remove-first = para borrarlo, con el webhook de este nombre: vuelve a ejecutar setup con --remove
cli-setup-exists-now = existe ahora:

# credentials
cli-keyring-unavailable = { $reason }. zenbraze nunca escribe secretos en un archivo: ejecútalo en una sesión de escritorio con llavero (GNOME Keyring, KWallet, Keychain, Credential Manager) o pasa el secreto para un solo comando en { $zendesk } / { $braze } (solo se guarda en memoria)
cli-no-config-dir = no se encuentra una carpeta de configuración: define HOME o ZENBRAZE_CONFIG_DIR
cli-no-profile = no hay ningún perfil `{ $name }` en { $path } (conocidos: { $known }); créalo con `zenbraze credentials set { $name } zendesk …`
cli-no-such-profile = no hay ningún perfil `{ $name }` en { $path }
cli-instance-is-for-braze = --instance es para braze; Zendesk usa --subdomain o --url
cli-zendesk-one-address = Zendesk necesita exactamente uno de --subdomain o --url
cli-zendesk-needs-email = los tokens de API de Zendesk inician sesión como un agente: indica --email con la dirección de ese agente (o --oauth para un token OAuth)
cli-zendesk-options-for-braze = --subdomain, --email y --oauth son para zendesk; Braze usa --instance o --url
cli-braze-one-address = Braze necesita exactamente uno de --instance o --url
cli-cannot-read-secret = no se puede leer el secreto de la entrada estándar: { $reason }
cli-secret-too-large = el secreto de la entrada estándar ocupa más de { $limit } KiB: pegue solo el token o la clave
cli-secret-refused = { $problem } (pásalo por la entrada estándar, por ejemplo `pbpaste | zenbraze credentials set …`)
cli-place-zendesk = Zendesk { $address } como { $who }
cli-place-braze = Braze { $address }
cli-profile-saved = perfil `{ $name }` guardado: { $place }; { $service ->
    [zendesk] el token de API de Zendesk está
   *[braze] la clave de API REST de Braze está
 } en el llavero del sistema, y el resto en { $path }
cli-profile-test-hint = pruébalo: zenbraze credentials test { $name }
cli-secret-demo = { $mask } (demostración)
cli-secret-none = (ninguno: guárdalo)
cli-secret-keyring-unavailable = (llavero no disponible)
cli-profiles-in = perfiles en { $path } (y el sandbox integrado):
cli-profile-builtin = { $name } (integrado)
cli-token-kind = { $kind ->
    [oauth] token OAuth
   *[api] token de API
 }
cli-not-set = (sin configurar)
cli-rest-key = clave REST
cli-check = { $ok ->
    [yes] bien
   *[no] FALLO
 }
cli-sandbox-not-deletable = el perfil integrado del sandbox no se puede eliminar
cli-profile-deleted = se eliminó { $services ->
    [zendesk] zendesk
    [braze] braze
   *[both] zendesk y braze
 } del perfil `{ $name }` (y el secreto del llavero del sistema)
cli-waiting-for-lock = esperando a { $path } (lo tiene otro zenbraze)…
