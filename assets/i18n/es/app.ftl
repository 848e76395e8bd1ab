# zenbraze — español. Cada clave existe también en en/app.ftl (lo comprueban las pruebas de i18n).

## Navegación
panel-payloads = Plantillas
panel-users = Usuarios
panel-console = Consola
panel-wizard = Asistente
panel-sandbox = Sandbox
panel-settings = Ajustes
menu-workspace = Espacio de trabajo
cmd-palette = Comandos…
palette-title = Comando
palette-hint = Escribe para filtrar los comandos
palette-no-matches = Ningún comando coincide con «{ $query }»

## Comandos
cmd-save = Guardar
cmd-open = Abrir espacio de trabajo…
cmd-save-as = Guardar espacio de trabajo como…
cmd-export = Exportar espacio de trabajo…
cmd-import-users = Importar usuarios…
cmd-show-start = Primeros pasos…
cmd-new-payload = Nueva plantilla
cmd-duplicate-payload = Duplicar plantilla
cmd-delete-payload = Eliminar plantilla
cmd-next-subject = Muestra siguiente
cmd-previous-subject = Muestra anterior
cmd-add-user = Añadir usuario
cmd-duplicate-user = Duplicar usuario
cmd-delete-user = Eliminar usuario
cmd-add-ticket = Añadir ticket de muestra
cmd-add-context = Añadir contexto de renderizado
cmd-theme-light = Tema claro
cmd-theme-dark = Tema oscuro
cmd-theme-system = Tema del sistema
cmd-language-en = Interfaz en inglés
cmd-language-es = Interfaz en español

## Botones
action-new = Nueva
action-add = Añadir
action-duplicate = Duplicar
action-delete = Eliminar
action-remove = Quitar
action-import = Importar…
action-open = Abrir
action-save = Guardar
action-export = Exportar
action-cancel = Cancelar
action-read = Leer archivo
action-add-header = Añadir cabecera
action-test = Probar conexión
action-save-profile = Guardar perfil y secretos
apply-fix = Aplicar corrección
copy-curl = Copiar como curl
dismiss = Descartar

## Barra de estado y avisos
status-profile = Perfil { $name }
sandbox-off = Sandbox apagado
sandbox-starting = Iniciando el sandbox…
sandbox-running = Sandbox en { $url }
sandbox-failed = El sandbox no funciona: { $error }
doc-saved = Guardado
doc-saving = Guardando…
doc-unsaved = Cambios sin guardar
doc-save-failed = Sin guardar
save-failed = No se pudo guardar el espacio de trabajo: { $error }
opened = Abierto { $path }
exported = Exportado a { $path }
imported-users = { $count ->
    [one] Importado un usuario
   *[other] Importados { $count } usuarios
}
profile-saved = Perfil { $name } guardado; sus secretos están en el llavero
profile-saving = Guardando el perfil y sus secretos en el llavero… (el llavero puede tardar varios segundos en responder)
profile-not-saved = El perfil no se ha guardado: { $reason }. Lo que escribiste sigue en el formulario: vuelve a guardarlo cuando el llavero responda, o vacía los campos del token y la clave para guardar el perfil sin sus secretos (guárdalo de nuevo con ellos más tarde).
profile-deleted = Perfil { $name } eliminado, con sus secretos
braze-unknown-ids = Braze no conoce estos identificadores: { $ids }
recovery-title = Recuperación: { $path } no se pudo abrir y queda intacto
recovery-banner = { $path } no se pudo abrir ({ $error }). Queda tal cual; tus cambios se guardan en { $saveto }
copy-of = { $name } (copia)
default-payload-name = Nueva plantilla
default-context-name = Contexto { $n }
none = ninguno

## Editor de plantillas
no-payloads = Todavía no hay plantillas
presets = Añadir una plantilla de ejemplo
preset-ticket-corrected = Ticket desde Braze (corregido)
preset-ticket-docs = Ticket desde Braze (tal como lo publica la documentación)
preset-solved-event = Ticket resuelto → evento de Braze
preset-context-survey = Respuesta a una encuesta
preset-users = Usuarios de ejemplo
field-name = Nombre
field-direction = Sentido
field-method = Método
field-lint-as = Revisar como
field-url = URL
field-body = Plantilla del cuerpo
lint-nothing = nada
direction-braze-to-zendesk = Braze → Zendesk (ticket)
direction-zendesk-to-braze = Zendesk → Braze (evento)
headers-count = { $count ->
    [one] Una cabecera
   *[other] { $count } cabeceras
}
header-name = Nombre de la cabecera
header-value = Valor (admite Liquid)
headers-no-secrets = Las credenciales se añaden desde el perfil activo al enviar; nunca se guardan aquí
insert-menu = Insertar…
insert-filter = Filtro
completions = Completar con
findings-count = { $count ->
    [one] { $count } hallazgo
   *[other] { $count } hallazgos
}
findings-count-body = { $count ->
    [one] { $count } hallazgo en el cuerpo
   *[other] { $count } hallazgos en el cuerpo
}
findings-request-count = { $count ->
    [one] 1 más en la URL o las cabeceras del webhook
   *[other] { $count } más en la URL o las cabeceras del webhook
}
findings-none = El cuerpo pasa todas las comprobaciones
findings-heading = Hallazgos
findings-paused = Sin revisar mientras las vistas previas están en pausa
findings-more = …y { $count } más
severity-error = error
severity-warning = advertencia
severity-hint = sugerencia
jump-to-line = Mostrar este punto en el editor
fix = corrección: { $fix }

## Vista previa
preview-user = Usuario
preview-ticket = Ticket
preview-context = Contexto
tab-body = Cuerpo
tab-request = Petición
tab-all-users = Todos los usuarios
tab-all-tickets = Todos los tickets
preview-empty = La plantilla no produce nada
preview-valid-json = JSON válido
preview-json-breaks = El JSON se rompe en la línea { $line }, columna { $column }: { $message }
aborted = detenido por abort_message: { $reason }
template-error = Error de plantilla en la línea { $line }, columna { $column }: { $message }
subject-invalid = La muestra no es JSON válido: { $error }
context-invalid = El contexto de renderizado no se puede usar: { $error }
auth-masked = { $scheme } { $mask } (del perfil { $profile })
auth-masked-user = { $scheme } { $mask } ({ $user }, del perfil { $profile })
request-console = Lo que envía la consola con el perfil { $profile }
request-webhook-braze = En el webhook de la campaña (lo que Braze tiene configurado para enviar)
request-webhook-zendesk = En el webhook de Zendesk (lo que configura el asistente)
survey-running = Renderizando todas las muestras…
survey-updating = actualizando…
survey-summary = { $ok } correctos · { $problems } con hallazgos{ $aborted ->
    [0] {""}
   *[other] {" · "}{ $aborted } detenidos por abort_message
}
row-ok = Correcto
row-findings = { $errors ->
    [one] { $errors } error
   *[other] { $errors } errores
}, { $warnings ->
    [one] { $warnings } advertencia
   *[other] { $warnings } advertencias
}

## Usuarios, tickets, contextos
tab-users = Usuarios
tab-tickets = Tickets
tab-contexts = Contextos de renderizado
search = Buscar
users-shown = { $shown } de { $total }
no-users = Todavía no hay usuarios: añade uno o importa varios
custom-attributes = Atributos personalizados (JSON)
custom-not-object = Los atributos personalizados deben ser un objeto JSON
json-not-object = Esto debe ser un objeto JSON
json-error-at = Línea { $line }, columna { $column }: { $message }
no-tickets = Todavía no hay tickets de muestra
ticket-help = Un ticket tal como lo devuelve GET /api/v2/tickets/ID.json?include=users: las plantillas Zendesk → Braze se renderizan con él
ticket-json = Ticket (JSON)
no-context = Elige un contexto de renderizado o añade uno
context-help = Propiedades de evento, de entrada al Canvas y de activación por API con las que se renderizan las vistas previas
context-event-properties = Propiedades del evento
context-canvas = Propiedades de entrada al Canvas
context-api-trigger = Propiedades de activación por API
context-other = Todo lo demás (campaña, bloques de contenido, respuestas simuladas de connected content, catálogos)

## Importar
import-title = Importar usuarios
import-from-file = Desde un archivo
import-paste = Pegar
import-from-braze = Desde Braze
import-formats = JSON (una respuesta de /users/export/ids, una lista o JSON Lines) o CSV con fila de cabecera
import-text = Usuarios como texto
file-path = Ruta del archivo
file-path-empty = Indica una ruta de archivo
file-not-found = No hay ningún archivo en esa ruta
import-found = { $count ->
    [one] Se encontró un usuario
   *[other] Se encontraron { $count } usuarios
}
import-add = { $count ->
    [one] Añadir un usuario
   *[other] Añadir { $count } usuarios
}
import-csv-mapping = { $rows } filas, { $columns } columnas: elige a dónde va cada columna
mapping-skip = omitir
mapping-custom = atributo personalizado
import-braze-help = Exporta estos usuarios de Braze con el perfil { $profile } (/users/export/ids)
import-braze-ids = Identificadores externos, separados por comas o líneas
import-braze-go = { $count ->
    [one] Importar un usuario de Braze
   *[other] Importar { $count } usuarios de Braze
}
import-braze-limit = Braze exporta como máximo { $limit } identificadores externos por petición

## Consola, asistente, sandbox
console-help = Envía la plantilla seleccionada para la muestra seleccionada ({ $shortcut }): aquí aparecen la petición tal como salió y la respuesta
console-what = { $payload } para { $subject }, con el perfil { $profile }
wizard-help = Crea el webhook y el disparador de Zendesk que registran un evento en Braze cuando se resuelve un ticket, y comprueba que funcionan. Puedes volver a cualquier paso; nada cambia hasta Aplicar.
sandbox-help = El sandbox integrado responde como Zendesk y Braze en este equipo, así que todo funciona sin conexión y sin cuenta
sandbox-address = Dirección
sandbox-zendesk-login = Acceso a Zendesk

## Ajustes
settings-appearance = Apariencia
settings-language = Idioma
settings-theme = Tema
theme-system = Como el sistema
theme-light = Claro
theme-dark = Oscuro
settings-profiles = Perfiles de conexión
settings-profiles-help = El perfil activo es el destino de los envíos de prueba y de las importaciones de Braze
settings-add-profile = Añadir o actualizar un perfil
settings-secrets-where = Los secretos se guardan en { $store } y no se vuelven a mostrar
profile-name = Nombre del perfil
zendesk-subdomain = Subdominio de Zendesk
zendesk-email = Correo del agente de Zendesk
zendesk-token = Token de API de Zendesk
braze-instance = Instancia de Braze (p. ej. US-01)
braze-key = Clave de API REST de Braze
zendesk-subdomain-hint = acme, para acme.zendesk.com
zendesk-email-hint = el agente al que pertenece el token de API
zendesk-token-hint = Centro de administración › Aplicaciones e integraciones › API
braze-instance-hint = US-03 para dashboard-03.braze.com
braze-instance-choose = Elegir una instancia de Braze
braze-key-hint = Configuración › API e identificadores › Claves de API
testing-connection = Probando la conexión…

## Palabras sueltas
group-attribute = perfil
group-custom = atributo personalizado
group-context = contexto
group-tag = Liquid
group-filter = filtro
group-variable = variable
insert-filter-outside = { $filter } no se insertó: pon primero el cursor dentro de una salida {"{{ … }}"} (o de un assign) y elige luego el filtro
insert-filter-not-filtered = { $filter } no se insertó: esta etiqueta no admite filtros; pon el cursor dentro de una salida {"{{ … }}"} (o de un assign)
group-ticket = ticket
store-keyring = el llavero del sistema
store-session = la memoria de esta sesión (aquí no hay llavero)
copy-output = Copiar la salida
copied-output = La salida se ha copiado al portapapeles
copied-value = Copiado al portapapeles: { $what }

## Consola
cmd-send = Enviar
action-send = Enviar
send-override = Enviar aunque haya errores de revisión
send-nothing = Elige primero una plantilla y una muestra
send-blocked = { $count ->
    [one] No enviado: la revisión encontró un error. Corrígelo o marca «Enviar aunque haya errores de revisión»
   *[other] No enviado: la revisión encontró { $count } errores. Corrígelos o marca «Enviar aunque haya errores de revisión»
}
console-show-findings = Ver los hallazgos
phase-starting = Conectando…
phase-sending = Enviando (intento { $attempt })…
phase-waiting = Reintento en { $seconds } s ({ $why }), intento { $attempt }
wait-rate-limited = límite de peticiones
wait-connection = fallo de conexión
confirm-title = ¿Enviar a una cuenta real?
confirm-ticket = Esto crea un ticket real en { $where }
confirm-event = Esto registra un evento real en Braze ({ $where })
no-answer = sin respuesta
exchange-status = { $status } · { $ms } ms · { $attempts ->
    [one] un intento
   *[other] { $attempts } intentos
}
ticket-created = Ticket { $id } creado: { $url }
ticket-created-no-url = Ticket { $id } creado
console-previous-send = Envío anterior (no el que acabas de intentar): { $status }
braze-counts = Braze procesó { $attributes } atributos, { $events } eventos, { $purchases } compras
curl-secret-note = el secreto queda en una variable de entorno
exchange-request = Petición
exchange-response = Respuesta
exchange-attempts = Intentos
console-history = Historial
history-filter = Filtro
cmd-send-all = Enviar a todas las muestras
action-send-all = { $count ->
    [one] Enviar a la única muestra
   *[other] Enviar a las { $count } muestras
}
bulk-progress = { $done } de { $total }
bulk-summary = { $sent } aceptados de { $done } terminados
bulk-waiting = en espera
bulk-cancelled = cancelado, no enviado
confirm-all = Esto envía a una cuenta real ({ $where }) una vez por cada muestra

## Vista del sandbox
sandbox-reset = Restablecer el sandbox
sandbox-clock = Reloj del sandbox: { $now } ({ $hours ->
    [one] { $hours } hora adelantado
   *[other] { $hours } horas adelantado
}); las automatizaciones se ejecutan cada hora que avanza
sandbox-clock-hour = +1 hora
sandbox-clock-day = +24 horas
sandbox-faults = Fallos en cada llamada a la API
fault-latency = 2 s de latencia
fault-429 = 429 límite de peticiones (reintento en 2 s)
fault-500 = 500 error del servidor
fault-drop = conexión cortada
sandbox-status = estado
sandbox-tickets-count = Tickets ({ $count })
sandbox-webhooks-count = Webhooks ({ $count })
sandbox-triggers-count = Disparadores ({ $count })
sandbox-automations-count = Automatizaciones ({ $count })
sandbox-conditions-all = todas: { $conditions }
sandbox-conditions-any = alguna: { $conditions }
sandbox-deliveries-count = Entregas de webhook ({ $count })
sandbox-delivery-dropped = Braze procesó { $processed } de { $sent ->
    [one] { $sent } evento
   *[other] { $sent } eventos
}
sandbox-profiles-count = Perfiles de Braze ({ $count })
sandbox-events = { $count ->
    [one] un evento
   *[other] { $count } eventos
}
resend-no-profile = El perfil { $profile } ya no existe: elige otro y vuelve a enviar
compare-with = Comparar con el que se muestra
compare-choose = Elige otro envío…
compare-stop = Dejar de comparar
compare-title = Comparado con { $other }
action-resend = Enviar de nuevo
search-body = Buscar en el cuerpo
search-hits = { $count ->
    [one] una línea coincide
   *[other] { $count } líneas coinciden
}

## Asistente de configuración
wizard-title = Configuración Zendesk → Braze
wizard-step-connection = Conexión
wizard-step-event = Evento
wizard-step-trigger = Disparador
wizard-step-webhook = Webhook
wizard-step-plan = Plan
wizard-step-apply = Aplicar
wizard-step-verify = Verificar
wizard-step-other = Braze → Zendesk
wizard-back = ← Atrás
wizard-next = Siguiente →
wizard-missing = (no configurado en este perfil)
wizard-connection-help = El perfil cuyo Zendesk recibe el webhook y el disparador, y cuyo Braze recibe los eventos. Ambos servicios deben responder.
wizard-profile = Perfil
wizard-test = Probar ambos servicios
wizard-name = Nombre del webhook y del disparador
wizard-name-help = Las siguientes ejecuciones encuentran el webhook y el disparador por este nombre: aplica de nuevo para actualizarlos, quita para borrarlos.
wizard-event-name = Evento personalizado de Braze
wizard-body-form = Propiedades desde un formulario
wizard-body-custom = Un cuerpo propio
wizard-start-from = Partir de una plantilla…
wizard-body = Cuerpo del webhook
wizard-properties = Propiedades del evento
wizard-attributes = Cambios de atributos del mismo usuario
wizard-add-property = + Añadir propiedad
wizard-add-attribute = + Añadir cambio de atributo
wizard-field-key = Clave { $n }
wizard-field-placeholder = Marcador { $n }
wizard-remove-field = Quitar esta fila
wizard-sample-ticket = Ticket de ejemplo
wizard-no-findings = Sin hallazgos: Braze aceptará este cuerpo
wizard-rule = Regla
wizard-rule-trigger = Disparador (cuando se actualiza el ticket)
wizard-rule-automation = Automatización (horas después de resuelto)
wizard-automation-help = Zendesk revisa las automatizaciones cada hora: esta avisa a Braze el número de horas indicado después de que un ticket se resuelve («Horas desde resuelto | Es»).
wizard-after-hours = Horas después de resuelto
wizard-refire-guard = Protección contra repeticiones: agregar la etiqueta { $tag } y omitir los tickets que la tienen
wizard-status-category = Categoría de estado (estados personalizados): «Categoría de estado | Cambiado a | Resuelto»
wizard-trigger-help = Cuándo llama Zendesk a Braze. «Cambia a», nunca «es»: un disparador con «el estado es resuelto» vuelve a activarse en cada actualización posterior.
wizard-on = El estado cambia a
wizard-on-solved = resuelto (solved)
wizard-on-closed = cerrado (closed)
wizard-any = cualquiera
wizard-type = Tipo de ticket
wizard-priority = Prioridad
wizard-update = Tipo de actualización
wizard-update-any = cualquier actualización
wizard-update-create = ticket creado
wizard-update-change = ticket actualizado
wizard-tags-include = Etiquetas: al menos una de
wizard-tags-exclude = Etiquetas: ninguna de
wizard-guard-suggest = Los tickets creados por Braze llevan la etiqueta { $tag }: exclúyela, o el disparador puede responder en bucle a los tickets del propio Braze.
wizard-guard-add = Excluir { $tag }
wizard-guard-on = Protección contra bucles activa: los tickets con la etiqueta { $tag } nunca llegan { $kind ->
    [automation] a la automatización
   *[trigger] al disparador
 }.
wizard-built-body = La plantilla que arma este formulario (la línea:columna de arriba se refieren a ella)
wizard-default-name = Ticket resuelto → Braze
wizard-remove-first = Quitar, en el paso 6 · Aplicar, lo borra con el webhook de este nombre; luego vuelve a leer la cuenta.
wizard-category = Categoría del disparador
wizard-category-none = Ninguna (la predeterminada de Zendesk)
wizard-category-existing = Existente
wizard-category-new = Nueva
wizard-category-name = Nombre de la categoría
wizard-category-unknown = Abre una vez el paso Plan para ver las categorías de la cuenta.
wizard-category-unavailable = Esta cuenta no tiene categorías de disparadores: el disparador va sin categoría.
wizard-conditions = Condiciones que recibe Zendesk
wizard-webhook-help = El webhook al que llama Zendesk. Todo sale del perfil; no hay nada que escribir.
wizard-webhook-name = Nombre
wizard-webhook-endpoint = Punto final
wizard-webhook-method = Método
wizard-webhook-format = Formato de la petición
wizard-webhook-auth = Autenticación
wizard-webhook-auth-value = Token de portador: la clave REST de Braze del perfil, leída del llavero (••••)
wizard-webhook-subscriptions = Conexión
wizard-webhook-trap = Un disparador solo puede usar webhooks conectados a disparadores y automatizaciones (conditional_ticket_events), y Zendesk no permite cambiarlo después.
wizard-refresh-plan = Volver a leer la cuenta
wizard-apply-now = Aplicar ahora
wizard-reading = Leyendo la cuenta…
wizard-nothing-to-change = Nada que cambiar: la cuenta ya coincide.
wizard-exists-now = Lo que existe ahora
wizard-apply-help = Crea o actualiza la categoría, el webhook y el disparador, en ese orden. Si un paso falla, se borra lo que creó esta ejecución y se restaura lo que actualizó.
wizard-remove = Quitar
wizard-remove-help = Borra el disparador y el webhook con este nombre (las categorías se quedan)
wizard-applied = Aplicado.
wizard-nothing-changed = Nada cambió: la cuenta ya coincidía.
wizard-removed = Quitado
wizard-rolled-back = Deshecho: { $what }
wizard-verify-help = Pide a Zendesk que envíe por el webhook el cuerpo generado para el ticket de ejemplo: registra un evento en el solicitante en Braze. En el sandbox además resuelve un ticket de prueba y espera el evento en el perfil de Braze.
wizard-verify = Verificar
wizard-test-answer = Braze respondió { $status } a la prueba del webhook
wizard-loop-ok = El circuito completo funciona: el evento llegó al perfil de Braze.
wizard-body-sent = El cuerpo enviado
wizard-other-help = La otra dirección: pega esto en el editor de webhooks de Braze para crear tickets de Zendesk desde una campaña o un Canvas.
wizard-other-none = No hay ninguna plantilla Braze → Zendesk en este espacio de trabajo.
wizard-other-payload = Plantilla
wizard-other-url = URL del webhook
wizard-other-method = Método HTTP
wizard-other-body = Cuerpo de la petición (texto sin procesar)
wizard-copy = Copiar
wizard-token-placeholder = <tu token de API de Zendesk>
wizard-other-token-note = Escribe el token de API en lugar del marcador dentro de Braze: zenbraze nunca escribe el token.
wizard-other-sandbox-note = Este es el sandbox local: Braze no puede llegar a él. Elige un perfil real para obtener los ajustes que pegar en Braze.
wizard-will-do = Lo que hará Aplicar
wizard-no-body = (sin cuerpo)
wizard-resend-key = Enviar la clave de nuevo
wizard-resend-key-help = Zendesk nunca muestra la clave que guarda un webhook, así que un plan no sabe si es antigua: márcalo tras rotar la clave REST de Braze.

## Trabajo fuera del hilo de la interfaz, y lo que puede fallar
# Lo que la biblioteca aún devuelve como frase hecha, tal cual (el punto 1 de la incidencia 14
# lo convierte en mensajes propios).
as-reported = { $text }
engine-failed = El motor de plantillas falló internamente con este cuerpo. Edita el cuerpo, o informa del fallo adjuntándolo
preview-updating = Actualizando…
body-too-long-to-edit = Este cuerpo ocupa { $size } MB, más de los { $limit } MB que el editor puede cambiar sin usar gigabytes de memoria. Se muestra solo para lectura; su vista previa, sus revisiones y los envíos funcionan como siempre. Para cambiarlo, edita el archivo del espacio de trabajo con otro editor y vuelve a abrirlo.
body-edit-anyway = Editarlo aquí de todos modos (usa mucha memoria)
previews-paused = Las vistas previas están en pausa. El último arranque de zenbraze se detuvo antes de terminar de renderizar su espacio de trabajo ({ $workspace }), así que este arranque no renderiza nada hasta que lo reanudes. Si la causa es un cuerpo que editaste justo antes, corrígelo primero.
previews-resume = Reanudar las vistas previas
previews-resume-hint = Mientras tanto, el editor, las muestras y el guardado funcionan como siempre.
send-preparing = Renderizando y revisando el cuerpo…
wait-server-error = error del servidor { $status }
import-reading = Leyendo…
import-file-unreadable = No se puede leer { $path }: { $error }
import-file-too-large = { $path } ocupa más de { $megabytes } MB
open-failed = No se puede abrir { $path }: { $error }
export-failed = No se puede escribir { $path }: { $error }
history-not-written = Enviado, pero no se pudo escribir el historial: { $error }
profile-name-reserved = «{ $name }» es el perfil integrado: elige otro nombre
profile-email-needed = Los tokens de API de Zendesk inician sesión como un agente: indica el correo de ese agente
profile-needs-a-service = Rellena Zendesk, Braze o ambos
sandbox-trigger-active = activo
sandbox-trigger-inactive = inactivo

## Qué falla en un JSON escrito a mano (los errores de sintaxis de serde_json, en palabras)
json-text-ends-early = el texto termina antes que el JSON
json-text-expected-colon = tras la clave debe ir dos puntos (:)
json-text-expected-comma-or-bracket = aquí debe ir una coma o ]
json-text-expected-comma-or-brace = aquí debe ir una coma o {"}"}
json-text-expected-value = aquí debe ir un valor (texto entre comillas, un número, true, false, null, un objeto o una lista)
json-text-expected-quote = aquí debe ir una clave entre comillas dobles
json-text-invalid-escape = esta secuencia de escape con barra invertida no es JSON válido
json-text-invalid-number = este número no está escrito como JSON escribe los números
json-text-number-out-of-range = este número es demasiado grande
json-text-invalid-unicode = este escape \u no es un carácter válido
json-text-control-character = un carácter de control (como un tabulador o un salto de línea) debe escaparse dentro del texto
json-text-key-not-string = las claves deben ser texto entre comillas dobles
json-text-trailing-comma = una coma sin nada detrás
json-text-trailing-characters = hay más texto después del JSON
json-text-too-deep = el JSON está anidado demasiado hondo
wizard-other-paste-tab = Pegar el cuerpo en la campaña
wizard-other-block-tab = Publicar el cuerpo como Content Block
wizard-block-help = zenbraze guarda el cuerpo en Braze como Content Block y el cuerpo de la campaña pasa a ser una línea que se pega una sola vez: las publicaciones siguientes solo cambian el bloque.
wizard-block-no-braze = Este perfil no tiene conexión con Braze: añade al perfil el endpoint REST y la clave de Braze para publicar.
wizard-block-name = Nombre del Content Block
wizard-block-plan = Ver el plan
wizard-block-apply = Publicar en Braze
wizard-block-retire = Retirar (pasar a borrador)
wizard-block-reactivate = Estaba retirado (borrador): al publicar vuelve a estar activo.
wizard-block-force-needed = Publicar sobrescribe este cambio solo después de que lo confirmes.
wizard-block-force = Sobrescribir su cambio…
wizard-block-refused = El Content Block «{ $name }» se cambió fuera de zenbraze: no se ha sobrescrito. Su cambio se muestra abajo.
action-send-via-braze = Enviar a través de Braze
action-send-via-braze-help = Braze procesa esta plantilla para el usuario y la envía a Zendesk por sí mismo; el ticket que crea se compara con la vista previa de zenbraze
console-via-braze-running = Braze está procesando y enviando; buscando el ticket que crea…
console-via-braze-sent = Braze lo envió para { $user } (envío { $dispatch }); ticket de Zendesk { $ticket }
console-via-braze-identical = Idéntico: el ticket que creó Braze es el que zenbraze previsualizó
console-via-braze-field = Campo
console-via-braze-preview = Vista previa de zenbraze
console-via-braze-zendesk = Zendesk (creado por Braze)
console-via-braze-no-external-id = { $user } no tiene external_id: Braze encuentra a los usuarios por él, así que no puede enviar para este
console-via-braze-no-user = Braze no tiene ningún usuario con external_id "{ $user }": Braze solo envía a usuarios que ya tiene{ $sandbox ->
        [yes] {" "}(el sandbox local empieza solo con sus usuarios de ejemplo)
       *[other] {""}
    }. Los usuarios añadidos o importados en zenbraze no están en Braze hasta que una petición a /users/track los crea: desde esta consola, envía una plantilla cuyo destino sea Braze /users/track con un objeto "attributes" para este external_id y vuelve a enviar a través de Braze (zenbraze no tiene un botón que lo haga de una vez).
cmd-export-case = Exportar como caso de prueba…
action-export-case = Exportar como caso de prueba…
