# zenbraze — español: la ayuda de la línea de comandos y los errores en sus argumentos
# (src/cli/help.rs). Cada id existe en en/clap.ftl.

## Qué hace cada comando
clap-about-zenbraze = Banco de trabajo Braze ⇄ Zendesk: previsualiza, revisa y prueba cargas útiles de webhooks
clap-about-zenbraze-render = Genera una plantilla exactamente como la enviaría Braze (o Zendesk)
clap-about-zenbraze-lint = Encuentra lo que rompe el JSON o las reglas de la API, para cada usuario de ejemplo
clap-about-zenbraze-sandbox = Sirve el sandbox sin conexión: Zendesk y Braze en este equipo, con credenciales de demostración
clap-about-zenbraze-credentials = Perfiles de conexión y sus secretos (guardados en el llavero del sistema)
clap-about-zenbraze-credentials-set = Guarda una conexión; el token o la clave se leen de la entrada estándar
clap-about-zenbraze-credentials-list = Lista los perfiles (con los secretos ocultos)
clap-about-zenbraze-credentials-test = Prueba un perfil: sale con 0 solo si ambos servicios responden como una cuenta real
clap-about-zenbraze-credentials-delete = Elimina la conexión de un perfil y su secreto (los dos servicios si no se nombra ninguno)
clap-about-zenbraze-send = Genera, revisa y envía una carga útil con las credenciales de un perfil
clap-about-zenbraze-setup = Crea (o actualiza, o elimina) el webhook y el disparador de Zendesk que envían un evento a Braze
clap-about-zenbraze-preset = Las plantillas de ejemplo con las que empieza la aplicación (plantillas y usuarios de ejemplo), como archivos
clap-about-zenbraze-preset-list = Los nombres de las plantillas de ejemplo y como qué se revisa cada una
clap-about-zenbraze-preset-export = Imprime una plantilla de ejemplo, p. ej. `zenbraze preset export seed-ticket > seed.liquid`
clap-about-help = Muestra este mensaje o la ayuda de los comandos indicados

## Qué es cada argumento (primero los de un comando, después los que comparten varios)
clap-arg-lang = El idioma de lo que imprime zenbraze: en o es (por defecto, el de la configuración regional)
clap-arg-help = Muestra la ayuda
clap-arg-version = Muestra la versión
clap-arg-template = El archivo de la plantilla (`-` para la entrada estándar)
clap-arg-user = Un usuario de ejemplo (un objeto de usuario de Braze como lo devuelve /users/export/ids)
clap-arg-users = Varios usuarios: un array JSON, una respuesta de exportación {"{"}"users": [...]{"}"} o JSON Lines
clap-arg-context = Contexto de generación: event_properties, content_blocks, simulaciones de connected_content, ...
clap-arg-ticket = Ticket de ejemplo para el dialecto de Zendesk ({"{"}"ticket": {"{"}...{"}"}, "users": [...]{"}"})
clap-arg-now = La hora a la que equivale 'now' (RFC 3339)
clap-arg-zenbraze-render-dialect = braze, zendesk o liquid
clap-arg-zenbraze-render-globals = Variables de Liquid sin procesar, añadidas en el nivel superior (un objeto JSON)
clap-arg-zenbraze-lint-target = A qué se envía el cuerpo: zendesk-ticket, braze-users-track o zendesk-webhook-body
clap-arg-zenbraze-lint-format = text (un hallazgo por línea) o json
clap-arg-zenbraze-sandbox-port = El puerto en el que escuchar (127.0.0.1); 0 elige uno libre
clap-arg-zenbraze-sandbox-state = Guarda el estado en este archivo entre ejecuciones (escrito de forma atómica; un archivo dañado se rechaza)
clap-arg-zenbraze-send-target = zendesk-ticket, braze-users-track o zendesk-webhook-body
clap-arg-zenbraze-send-profile = El perfil de conexión (`sandbox` viene incluido)
clap-arg-zenbraze-send-user = El usuario de ejemplo (destinos con dialecto de Braze)
clap-arg-zenbraze-send-ticket = El ticket de ejemplo (zendesk-webhook-body)
clap-arg-zenbraze-send-force = Envía aunque el revisor encuentre errores
clap-arg-zenbraze-send-curl = Imprime además la petición como un comando curl (el secreto se lee de una variable de entorno)
clap-arg-zenbraze-setup-profile = El perfil de conexión (`sandbox` viene incluido); se usan los dos servicios
clap-arg-zenbraze-setup-name = Da nombre al webhook y al disparador: así los encuentran las ejecuciones siguientes
clap-arg-zenbraze-setup-event = El evento personalizado de Braze, p. ej. zendesk_ticket_solved
clap-arg-zenbraze-setup-on = Los estados a los que pasa el ticket: solved, closed o both
clap-arg-zenbraze-setup-body = Un cuerpo de webhook propio (Liquid de Zendesk) en lugar del evento estándar
clap-arg-zenbraze-setup-category = Una categoría de disparadores, buscada por nombre o creada
clap-arg-zenbraze-setup-tag_guard = Etiquetas que detienen el disparador (la protección contra bucles: la etiqueta que llevan los tickets creados por Braze)
clap-arg-zenbraze-setup-require_tags = Solo los tickets con al menos una de estas etiquetas
clap-arg-zenbraze-setup-type = Solo los tickets de este tipo: question, incident, problem, task
clap-arg-zenbraze-setup-priority = Solo los tickets de esta prioridad: low, normal, high, urgent
clap-arg-zenbraze-setup-update = Solo al crear el ticket (`create`) o en actualizaciones posteriores (`change`)
clap-arg-zenbraze-setup-ticket = El ticket de ejemplo para el que --verify genera el cuerpo
clap-arg-zenbraze-setup-resend_key = Vuelve a enviar la clave de Braze del perfil a un webhook existente (tras rotar la clave)
clap-arg-zenbraze-setup-plan = Muestra las llamadas exactas que haría apply y lo que ya existe
clap-arg-zenbraze-setup-apply = Crea o actualiza; una segunda ejecución no cambia nada
clap-arg-zenbraze-setup-remove = Elimina el disparador y el webhook que apply creó con este nombre
clap-arg-zenbraze-setup-verify = Prueba el webhook con el cuerpo generado para un ticket de ejemplo (en el sandbox, recorre el ciclo completo)
clap-arg-zenbraze-credentials-set-subdomain = Zendesk: `acme`, `acme.zendesk.com` o cualquier URL suya
clap-arg-zenbraze-credentials-set-url = Zendesk o Braze: una URL https explícita (http solo hacia este equipo)
clap-arg-zenbraze-credentials-set-email = Zendesk: el agente al que pertenece el token de API
clap-arg-zenbraze-credentials-set-oauth = Zendesk: el secreto es un token de acceso OAuth, no un token de API
clap-arg-zenbraze-credentials-set-instance = Braze: la instancia, p. ej. US-03 o EU-01

## Las palabras de la propia ayuda
clap-heading-usage = Uso:
clap-heading-commands = Comandos
clap-heading-arguments = Argumentos
clap-heading-options = Opciones
clap-usage-options = [OPCIONES]
clap-value-command = COMANDO
clap-possible-values = [valores posibles: { $values }]
clap-default-value = [por defecto: { $value }]

## Qué está mal en los argumentos
clap-error = error: { $message }
clap-error-more-info = Para más información, prueba '--help'.
clap-error-unknown-argument = argumento inesperado: '{ $arg }'
clap-error-unknown-command = comando desconocido: '{ $command }'
clap-error-tip-similar = consejo: existe uno parecido: '{ $suggestion }'
clap-error-tip-escape = consejo: para pasar '{ $arg }' como valor, usa '-- { $arg }'
clap-error-invalid-value = valor no válido '{ $value }' para '{ $arg }'
clap-error-possible-values = valores posibles: { $values }
clap-error-missing-required = faltan argumentos obligatorios: { $args }
clap-error-missing-command = '{ $command }' necesita un comando: { $commands }
clap-error-conflict = el argumento '{ $arg }' no se puede usar con '{ $other }'
clap-error-no-value = '{ $arg }' necesita un valor y no se indicó ninguno
clap-error-too-many-values = demasiados valores para '{ $arg }': '{ $value }'
clap-error-used-twice = el argumento '{ $arg }' no se puede usar más de una vez
clap-error-not-utf8 = un argumento no es UTF-8 válido
clap-error-other = no se pudieron leer los argumentos (consulta --help)
