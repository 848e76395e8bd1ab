# zenbraze — español: lo que informa el linter de cargas útiles (src/lint). Cada id existe en en/lint.ftl.

lint-severity = { $severity ->
    [error] error
    [warning] aviso
   *[hint] sugerencia
 }
lint-unknown-target = destino de lint desconocido: `{ $target }` (se espera zendesk-ticket, braze-users-track o zendesk-webhook-body)
lint-truncated = { $count ->
    [one] no se muestra 1 hallazgo más
   *[other] no se muestran { $count } hallazgos más
 }
lint-json-syntax = el cuerpo no es JSON válido en la línea { $line }, columna { $column } de la salida: { $reason }
lint-automation-no-guard = esta automatización no tiene protección contra repeticiones: Zendesk la revisa cada hora y vuelve a avisar a Braze cada vez que sus condiciones se cumplen de nuevo (cada hora con una condición de horas "mayor que"; con "es", cuando un ticket reabierto se resuelve otra vez)
lint-automation-no-guard-fix = agrega la acción "agregar etiquetas { $tag }" y la condición Etiquetas | No contiene ninguna de las siguientes | { $tag }
lint-zendesk-empty-identifier = `{ $placeholder }` queda vacío en los tickets cuyo usuario no tiene ID externo, y entonces Braze rechaza el evento
lint-fix-zendesk-identifier = añade al disparador la condición de que el solicitante tenga un ID externo, o envía `email` como identificador
lint-breaker = { $kind ->
    [quote] unas comillas (")
    [backslash] una barra invertida suelta
    [line-break] un salto de línea
   *[control] un carácter de control
 }
lint-json-string-broken = `{ $expression }` mete { $what } dentro de una cadena JSON, lo que rompe el cuerpo
lint-json-string-unescaped = `{ $expression }` puede contener texto libre dentro de una cadena JSON sin escapar: unas comillas o un salto de línea romperían el cuerpo
lint-fix-json-escape = añade `| json_escape` como último filtro
lint-fix-zendesk-escape = añade `| strip_newlines | replace: '"', '\"'` (Zendesk no tiene json_escape)
lint-placeholder-example = `{ $text }` es un marcador que quedó de un ejemplo: sustitúyelo o bórralo
lint-fix-delete-placeholder = borra el marcador
lint-placeholder-your = `{ $text }` es un marcador que quedó de un ejemplo: pon aquí el valor real
lint-quoted = «{ $text }»
lint-fix-use = usa `{ $value }`

# Errores del lector de JSON
json-after-end = hay texto después del final del cuerpo JSON
json-ends-early = el cuerpo termina donde se esperaba un valor
json-cannot-start = `{ $character }` no puede empezar un valor JSON
json-expected-value = se esperaba un valor JSON (una cadena entre comillas, un número, true, false, null, un objeto o una matriz)
json-number-digits = un número necesita dígitos
json-decimal-digits = después del punto decimal faltan dígitos
json-exponent-digits = un exponente necesita dígitos
json-string-unclosed = una cadena no se cierra nunca con `"`
json-bad-escape = una barra invertida en una cadena debe empezar un escape como \n o \"
json-raw-in-string = { $what ->
    [line-break] un salto de línea
   *[control] un carácter de control
 } dentro de una cadena tiene que ir escapado
json-too-deep = el cuerpo tiene más de { $depth } niveles de anidamiento
json-array-separator = se esperaba `,` o `]` en la matriz
json-expected-key = se esperaba una clave entre comillas en el objeto
json-expected-colon = se esperaba `:` después de la clave "{ $key }"
json-object-separator = se esperaba `,` o `{"}"}` en el objeto

# zendesk-ticket: POST /api/v2/tickets.json
lint-ticket-wrapper = Zendesk espera el ticket dentro de un objeto `ticket`: {"{"}"ticket": {"{"}…{"}"}{"}"}
lint-fix-ticket-wrapper = envuelve el cuerpo en {"{"}"ticket": …{"}"}
lint-ticket-not-object = `ticket` debe ser un objeto, no { $kind }
lint-ticket-tags = `tags` debe ser una matriz de cadenas, como ["braze", "vip"]
lint-ticket-unknown-field = Zendesk descarta sin avisar el campo de ticket desconocido `{ $field }`
lint-ticket-no-comment = un ticket nuevo necesita su primer comentario: añade "comment": {"{"}"body": "…"{"}"}
lint-ticket-comment-no-body = el comentario necesita un `body` (o `html_body`)
lint-ticket-comment-empty = el cuerpo del comentario queda vacío para este usuario: Zendesk responde 422 "Description: cannot be blank"
lint-ticket-comment-not-string = el cuerpo del comentario debe ser una cadena, no { $kind }
lint-ticket-enum-kind = `{ $field }` debe ser uno de { $choices }, no { $kind }
lint-ticket-enum-case = los valores de `{ $field }` en Zendesk van en minúsculas: `{ $value }` se rechaza
lint-ticket-enum-choices = `{ $value }` enumera las opciones de un ejemplo: `{ $field }` admite exactamente uno de { $choices }
lint-fix-keep-one = deja uno, por ejemplo `{ $value }`
lint-ticket-enum-empty = `{ $field }` queda vacío para este usuario: usa uno de { $choices } o quita el campo
lint-ticket-enum-unknown = `{ $value }` no es un valor de { $field } de ticket en Zendesk: usa uno de { $choices }
lint-ticket-requester-id-quoted = `requester_id` es el ID de un usuario de Zendesk, un entero: envíalo sin comillas
lint-fix-unquote-id = quita las comillas del ID
lint-ticket-requester-id = `requester_id` debe ser el ID entero de un usuario de Zendesk; { $value } parece un ID de Braze, que Zendesk rechaza
lint-fix-requester-object = envía en su lugar un objeto `requester` con nombre y correo electrónico, o crea o actualiza el usuario en Zendesk (con el ID de Braze como external_id) y usa el ID que devuelve
lint-ticket-requester-kind = `requester` debe ser un objeto con nombre y correo electrónico, no { $kind }
lint-ticket-requester-nobody = el solicitante no tiene ni nombre ni correo electrónico para este usuario: Zendesk no puede crearlo ni encontrarlo
lint-ticket-requester-no-email = el solicitante no tiene correo electrónico: Zendesk crea un usuario nuevo cada vez en lugar de encontrar el existente
lint-ticket-requester-email-empty = el correo electrónico del solicitante queda vacío para este usuario
lint-ticket-requester-email-bad = `{ $value }` no parece una dirección de correo electrónico
lint-ticket-requester-name-empty = el nombre del solicitante queda vacío para este usuario
lint-ticket-custom-fields = `custom_fields` debe ser una matriz de {"{"}"id": <ID del campo>, "value": …{"}"}
lint-ticket-custom-field = cada campo personalizado es {"{"}"id": <ID entero del campo>, "value": …{"}"}

# braze-users-track: POST /users/track
lint-track-not-object = el cuerpo debe ser un objeto con attributes, events o purchases, no { $kind }
lint-track-nothing = el cuerpo no tiene ninguna matriz `attributes`, `events` ni `purchases`: Braze no tiene nada que registrar
lint-track-unknown-key = `{ $key }` no forma parte de /users/track (attributes, events, purchases)
lint-track-not-array = `{ $key }` debe ser una matriz de objetos, no { $kind }
lint-track-too-many = `{ $key }` tiene { $count } objetos; Braze admite como máximo { $max } por solicitud (400 "Max Input Length Exceeded")
lint-track-item-not-object = cada elemento de `{ $key }` debe ser un objeto, no { $kind }
lint-track-no-identifier = este objeto no identifica a ningún usuario: añade external_id, braze_id, user_alias, email o phone
lint-track-identifier-empty = `{ $name }` queda vacío para esta muestra: Braze no sabe qué perfil actualizar
lint-track-alias = `user_alias` necesita alias_name y alias_label
lint-track-required = { $object ->
    [event] un evento
   *[purchase] una compra
 } necesita `{ $key }`
lint-track-required-empty = `{ $key }` de { $object ->
    [event] un evento
   *[purchase] una compra
 } queda vacío o no es una cadena
lint-track-time = `{ $value }` no es una hora ISO-8601 (como 2026-11-25T17:00:00Z)
lint-track-properties-kind = `properties` debe ser un objeto, no { $kind }
lint-track-property-dollar = la propiedad `{ $key }` empieza por `$`, que Braze reserva
lint-track-property-reserved = `{ $key }` es un nombre de propiedad reservado
lint-track-property-name-long = los nombres de propiedad tienen como máximo { $max } caracteres
lint-track-property-long = la propiedad `{ $key }` tiene { $count } caracteres; Braze limita los valores de texto a { $max }
lint-fix-truncate = añade `| truncate: { $max }`
lint-track-currency = `{ $value }` no es un código de moneda ISO-4217 (tres letras mayúsculas, como USD)
lint-track-price-kind = `price` debe ser un número, no { $kind }
lint-track-price-missing = una compra necesita `price`
lint-track-quantity = `quantity` debe ser un número entero del 1 al 100
lint-track-dob = `dob` debe tener el formato AAAA-MM-DD, no `{ $value }`
lint-track-country = `country` debe ser un código ISO-3166 alfa-2 como GB, no `{ $value }`
lint-track-language = `language` debe ser un código ISO-639-1 como en, no `{ $value }`
lint-track-gender = `gender` debe ser M, F, O, N o P (o null), no `{ $value }`
lint-track-subscription = `{ $key }` debe ser opted_in, subscribed o unsubscribed, no `{ $value }`
lint-track-time-zone = `{ $value }` no es una zona horaria IANA como America/New_York
lint-track-phone = `{ $value }` no está en formato E.164 (+ y dígitos), que es el que Braze espera

# La URL y los encabezados del webhook
lint-request-placeholder = `{ $url }` aún contiene un marcador de la documentación
lint-request-placeholder-host = el host `{ $host }` es un marcador de la documentación: pon ahí { $service ->
        [zendesk] tu subdominio de Zendesk (acme para acme.zendesk.com)
       *[braze] tu endpoint REST de Braze (por ejemplo rest.iad-01.braze.com)
    }
lint-request-insecure = `{ $url }` es http sin cifrar hacia { $host }: las credenciales cruzarían la red sin cifrar
lint-fix-https = usa https://
lint-request-no-scheme = a `{ $url }` le falta https:// delante
lint-request-scheme = `{ $scheme }://` no es una dirección web
lint-request-method = esta API se llama con POST, no con { $method }
lint-request-content-type = `{ $value }`: el cuerpo es JSON
lint-request-no-content-type = no hay encabezado Content-Type: envía `application/json`
lint-request-zendesk-host = `{ $host }` no es un host de Zendesk (SUBDOMINIO.zendesk.com)
lint-request-webhook-json = las rutas de webhooks de Zendesk no llevan el sufijo `.json`
lint-fix-remove-json = quita `.json`
lint-request-ticket-path = `{ $path }` no es la ruta para crear tickets, /api/v2/tickets.json
lint-request-zendesk-no-auth = no hay encabezado Authorization: Zendesk responde 401
lint-fix-zendesk-auth = añade `Authorization: Basic {"{{"} 'EMAIL/token:API_TOKEN' | base64_encode {"}}"}`
lint-request-oauth-empty = el token OAuth está vacío
lint-request-zendesk-basic = los tokens de API de Zendesk van en la autenticación `Basic`
lint-request-basic-base64 = las credenciales Basic no son base64 válido
lint-fix-basic-base64 = créalas con `{"{{"} 'EMAIL/token:API_TOKEN' | base64_encode {"}}"}`
lint-request-basic-token-suffix = la parte del usuario debe ser `EMAIL/token` para autenticar con token de API (falta `/token`)
lint-request-basic-shape = las credenciales deben tener la forma `EMAIL/token:API_TOKEN`
lint-request-braze-host = `{ $host }` no es un punto final REST de Braze
lint-request-braze-dashboard = `{ $host }` no es un punto final REST de Braze: es el panel, no el punto final REST
lint-fix-braze-rest-url = usa la URL REST de tu instancia, como https://rest.iad-01.braze.com
lint-request-track-path = `{ $path }` no es /users/track
lint-request-braze-bearer = Braze espera `Authorization: Bearer REST_API_KEY`
lint-request-braze-key-empty = la clave de API REST está vacía
lint-request-braze-key-quoted = la clave de API REST está entre comillas: Braze responde 401 a una clave con comillas
lint-fix-remove-quotes = quita las comillas

# Las reglas (lint::rules::RULES): una línea cada una, para la tabla del README y el texto al pasar el ratón.
lint-rule-template-syntax = la plantilla se lee como Liquid: etiquetas cerradas, filtros conocidos, argumentos bien escritos
lint-rule-json-syntax = el cuerpo renderizado es JSON válido
lint-rule-json-string-broken = ninguna salida pone una comilla, una barra invertida, un salto de línea o un carácter de control dentro de una cadena JSON
lint-rule-json-string-unescaped = el texto libre dentro de una cadena JSON se escapa (json_escape), para que una comilla en los datos de un usuario no la rompa
lint-rule-checks-not-run = dice de qué comprobaciones de la API se quedó sin pasar un cuerpo demasiado roto para leerlo
lint-rule-leftover-placeholder = no queda en la plantilla ningún marcador de un ejemplo (<<…>>, <your-…>)
lint-rule-liquid-error = ninguna salida muestra el error en línea de Liquid en lugar de un valor
lint-rule-number-as-name = nada que parezca un número está escrito donde Liquid lee una variable con ese nombre (que está vacía)
lint-rule-unknown-attribute = cada etiqueta de atributo ${"{"}…{"}"} es una que Braze conoce; una mal escrita sale vacía
lint-rule-connected-content-no-mock = cada llamada `connected_content` tiene una respuesta simulada; sin ella Braze la pide al enviar y la vista previa no muestra nada para ella
lint-rule-connected-content-status = una respuesta simulada de `connected_content` con un estado de error se renderiza como lo documenta Braze (404 queda vacío, `:retry` cancela, si no decide la plantilla)
lint-rule-lint-truncated = dice cuántos hallazgos después de los 1.000 primeros no se listan
lint-rule-zendesk-ticket-wrapper = el cuerpo es un objeto ticket dentro de {"{"}"ticket": …{"}"}
lint-rule-zendesk-ticket-comment = un ticket nuevo lleva su primer comentario, con un cuerpo que no sale vacío
lint-rule-zendesk-ticket-enum = priority, status y type son uno de los valores de Zendesk, en minúsculas
lint-rule-zendesk-ticket-tags = las etiquetas son un array de cadenas
lint-rule-zendesk-ticket-requester = el solicitante es un objeto con un nombre y un correo por el que Zendesk encuentra al usuario
lint-rule-zendesk-ticket-requester-id = requester_id es el id entero de un usuario de Zendesk, no un id de Braze ni un número entre comillas
lint-rule-zendesk-ticket-custom-fields = custom_fields es un array de objetos {"{"}"id", "value"{"}"} con ids enteros
lint-rule-zendesk-ticket-unknown-field = cada campo del ticket es uno que Zendesk conoce (los demás los descarta sin avisar)
lint-rule-braze-track-shape = el cuerpo tiene arrays attributes, events o purchases de objetos, y nada más
lint-rule-braze-track-limit = cada array tiene como mucho 75 objetos, el límite de Braze por petición
lint-rule-braze-track-identifier = cada objeto nombra a su usuario (external_id, braze_id, user_alias, email o phone), no vacío
lint-rule-braze-track-required = los eventos llevan name y las compras product_id, no vacíos
lint-rule-braze-track-time = las fechas y horas son ISO-8601
lint-rule-braze-track-properties = las propiedades son un objeto cuyos nombres y valores cumplen las reglas de Braze
lint-rule-braze-track-purchase = una compra lleva un precio numérico, una moneda ISO-4217 y una cantidad de 1 a 100
lint-rule-braze-track-attribute = los atributos estándar (dob, country, language, gender, suscripciones, zona horaria, teléfono) están en los formatos de Braze
lint-rule-automation-no-guard = una automatización que avisa a Braze agrega una etiqueta que excluye, para dispararse una sola vez por ticket
lint-rule-zendesk-empty-identifier = el identificador de Braze que envía un disparador no sale vacío para tickets cuyo usuario no tiene id externo
lint-rule-request-placeholder = la URL del webhook no tiene ningún marcador de la documentación (<your-…>, un host your-subdomain)
lint-rule-request-insecure = las credenciales nunca van por http sin cifrar, salvo a esta máquina
lint-rule-request-url = la URL del webhook es el endpoint del destino, en un host real de Zendesk o de Braze
lint-rule-request-method = el webhook usa el método con el que se llama a la API
lint-rule-request-content-type = la cabecera Content-Type dice JSON
lint-rule-request-auth = la cabecera Authorization es la que la API espera (Basic email/token para Zendesk, Bearer para Braze)
