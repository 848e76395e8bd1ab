# zenbraze — español: errores de plantilla (src/template/error.rs). Cada id existe en en/template.ftl.
# Las llaves de Liquid se escriben {"{{"}, {"}}"}, {"{%"} y {"%}"} (Fluent reserva { y }).

template-error-at = { $line }:{ $col }: { $error }
template-output-not-closed = la salida `{"{{"}` nunca se cierra con `{"}}"}`
template-tag-not-closed = la etiqueta `{"{%"}` nunca se cierra con `{"%}"}`
template-attribute-not-closed = `{"\u0024{"}` nunca se cierra con `{"}"}`
template-attribute-empty = `{"\u0024{}"}` no nombra ningún atributo
template-block-not-closed = `{"{%"} { $tag } {"%}"}` nunca se cierra con `{"{%"} end{ $tag } {"%}"}`
template-unknown-tag = etiqueta desconocida `{ $tag }`
template-else-outside = `{"{%"} else {"%}"}` solo puede ir dentro de `if`, `unless`, `case` o `for`
template-elsif-outside = `{"{%"} elsif {"%}"}` solo puede ir dentro de `if` o `unless`
template-when-outside = `{"{%"} when {"%}"}` solo puede ir dentro de `case`
template-else-not-expected = `{ $block }` no admite `{"{%"} else {"%}"}`
template-wrong-end = hay `{"{%"} { $found } {"%}"}` donde se esperaba `{"{%"} { $expected } {"%}"}`
template-end-without-block = `{"{%"} { $tag } {"%}"}` cierra un bloque que no está abierto
template-tag-syntax = `{ $tag }` no está bien escrita; se escribe así: `{ $usage }`
template-inline-comment = cada línea de un comentario en línea debe empezar por `#`
template-nesting-too-deep = hay bloques anidados a más de { $max } niveles
template-unknown-filter = filtro desconocido `{ $name }`
template-unknown-filter-near = filtro desconocido `{ $name }` (¿quisiste decir `{ $near }`?)
template-filter-not-in-braze = Braze no admite el filtro `{ $name }`
template-filter-newer-than-braze = el filtro `{ $name }` es posterior a Liquid 5 y Braze no lo admite
template-number-too-large = el número { $text } es demasiado grande: los enteros llegan hasta 9223372036854775807
template-unexpected = `{ $found }` no debería estar aquí
template-liquid-tag-end = `{ $tag }` no puede cerrar un bloque abierto fuera de esta etiqueta `liquid`
template-limit-output = la salida supera los { $max } bytes
template-limit-value = un valor supera los { $max } bytes
template-limit-assign = los valores asignados suman más de { $max } bytes
template-limit-loops = los bucles se repitieron más de { $max } veces
template-limit-steps = la plantilla necesitó más de { $max } pasos para renderizarse
template-limit-time = el renderizado tardó más de { $max } ms
template-overflow = un número creció demasiado: los enteros llegan hasta 9223372036854775807
template-content-block-missing = el bloque de contenido `{ $name }` no está en la biblioteca de bloques de contenido
template-content-block-too-deep = el bloque de contenido `{ $name }` está anidado demasiado: Braze permite un bloque de contenido dentro de otro, pero no más
template-in-content-block = en el bloque de contenido `{ $name }`, en { $line }:{ $col }: { $error }
template-catalog-items-arguments = `catalog_items` necesita el nombre de un catálogo y los ID de los artículos
template-context-content-block = bloque de contenido `{ $name }`: { $error }
template-context-not-object = un contexto de renderizado debe ser un objeto JSON, no { $found }
template-context-unknown-key = `{ $key }` no forma parte de un contexto de renderizado (se conocen: event_properties, api_trigger_properties, canvas_entry_properties, context, campaign, canvas, card, app, content_blocks, connected_content con status y body, catalogs)
template-context-kind = `{ $key }` debe ser { $expected ->
    [object] un objeto
    [text] un texto
   *[status] un estado HTTP de 100 a 599
 }, no { $found }

# Errores del propio Ruby Liquid: Braze escribe «Liquid error: …» en el mensaje y lo envía.
template-divided-by-zero = división entre 0
template-comparison = no se puede comparar { $left } con { $right }
template-unknown-operator = operador desconocido `{ $op }`
template-invalid-integer = no es un número entero
template-wrong-arguments = el filtro `{ $filter }` recibió { $given } argumentos y admite { $expected } (el valor anterior a `|` cuenta como uno)
template-property-not-selectable = no se puede seleccionar la propiedad `{ $property }`
template-incompatible-sort = no se pueden ordenar valores de tipos distintos
template-concat-needs-array = `concat` necesita una lista como argumento
template-invalid-base64 = `{ $filter }` recibió un texto que no es base64 válido
template-invalid-date-format = el formato de fecha `{ $format }` termina dentro de una directiva `%` (escriba `%%` para un signo de porcentaje)
template-not-finite = el resultado es { $value }, que no se puede redondear
template-include-not-allowed = `include` y `render` necesitan plantillas parciales, y un mensaje no tiene
template-invalid-utf8 = `{ $filter }` produjo bytes que no son texto UTF-8
template-time-zone = `{ $zone }` no es una zona horaria (usa un nombre como America/Chicago o un desfase como -0500)
template-json-parse = `json_parse` recibió un texto que no es JSON válido
template-internal = Ruby Liquid falla aquí con un error interno

# Avisos que el motor da al linter (src/lint/tags.rs).
template-liquid-error-finding = Ruby Liquid falla aquí y Braze escribe el error en el mensaje: { $error }
template-unknown-attribute = `{"\u0024{"}{ $name }{"}"}` no es una etiqueta de personalización de Braze: Braze la envía vacía
template-unknown-attribute-near = `{"\u0024{"}{ $name }{"}"}` no es una etiqueta de personalización de Braze: Braze la envía vacía (¿quisiste decir `{"\u0024{"}{ $tag }{"}"}`?)
template-unknown-attribute-fix = escribe `{"\u0024{"}{ $tag }{"}"}`
template-number-as-name = `{ $text }` no es un número en Liquid: Braze lo lee como una variable con ese nombre, que está vacía. Escribe el número con todas sus cifras
template-connected-content-no-mock = `connected_content` { $url } no tiene una respuesta simulada: Braze la pide al enviar el mensaje; esta vista previa no muestra nada en su lugar ni guarda ninguna variable. Añada una respuesta simulada para la URL en el contexto de renderizado para previsualizarla.
template-connected-content-404 = `connected_content` { $url } respondió 404: Braze muestra una cadena vacía en su lugar y no guarda nada.
template-connected-content-status-retry = `connected_content` { $url } respondió { $status } y tiene `:retry`: Braze repite la llamada hasta cinco veces y después cancela el mensaje como hace `abort_message`.
template-connected-content-status = `connected_content` { $url } respondió { $status }: Braze sigue renderizando; una respuesta JSON se guarda con `__http_status_code__` { $status } para que la plantilla lo compruebe (añada `:retry` o un `abort_message` para ese estado si el envío debe detenerse), y el texto de una página de error no se inserta.
