# zenbraze — español: planes, informes y comprobaciones de la configuración (src/setup). Cada id existe en en/setup.ftl.

setup-step = { $change ->
    [create] crear { $resource ->
        [category] la categoría
        [webhook] el webhook
        [automation] la automatización
       *[trigger] el disparador
    } "{ $name }"
    [update] actualizar { $resource ->
        [category] la categoría
        [webhook] el webhook
        [automation] la automatización
       *[trigger] el disparador
    } "{ $name }"
    [delete] eliminar { $resource ->
        [category] la categoría
        [webhook] el webhook
        [automation] la automatización
       *[trigger] el disparador
    } "{ $name }"
    [unchanged] { $resource ->
        [category] categoría
        [webhook] webhook
        [automation] automatización
       *[trigger] disparador
    } "{ $name }": sin cambios
    [absent] { $resource ->
        [category] categoría
        [webhook] webhook
        [automation] automatización
       *[trigger] disparador
    } "{ $name }": no existe
   *[blocked] { $resource ->
        [category] categoría
        [webhook] webhook
        [automation] automatización
       *[trigger] disparador
    } "{ $name }": bloqueado
 }
setup-step-id = { $change ->
    [create] crear { $resource ->
        [category] la categoría
        [webhook] el webhook
        [automation] la automatización
       *[trigger] el disparador
    } "{ $name }" (ID { $id })
    [update] actualizar { $resource ->
        [category] la categoría
        [webhook] el webhook
        [automation] la automatización
       *[trigger] el disparador
    } "{ $name }" (ID { $id })
    [delete] eliminar { $resource ->
        [category] la categoría
        [webhook] el webhook
        [automation] la automatización
       *[trigger] el disparador
    } "{ $name }" (ID { $id })
    [unchanged] { $resource ->
        [category] categoría
        [webhook] webhook
        [automation] automatización
       *[trigger] disparador
    } "{ $name }" (ID { $id }): sin cambios
    [absent] { $resource ->
        [category] categoría
        [webhook] webhook
        [automation] automatización
       *[trigger] disparador
    } "{ $name }" (ID { $id }): no existe
   *[blocked] { $resource ->
        [category] categoría
        [webhook] webhook
        [automation] automatización
       *[trigger] disparador
    } "{ $name }" (ID { $id }): bloqueado
 }
setup-blocked = bloqueado: { $reason }
setup-note = nota: { $note }
setup-nothing-to-change = no hay nada que cambiar
setup-no-categories = esta cuenta no tiene categorías de disparadores, así que el disparador queda sin "{ $category }"
setup-many-webhooks = hay { $count } webhooks con el nombre "{ $name }": elimina los que sobran en el Centro de administración o elige otro nombre
setup-verify-clock = se adelantó el reloj del sandbox { $hours } horas: sus automatizaciones se ejecutaron en cada hora
setup-verify-clock-failed = no se pudo adelantar el reloj del sandbox: { $reason }
setup-warning = aviso ({ $rule }): { $text }
setup-many-automations = hay { $count } automatizaciones con el título "{ $name }": elimina las que sobran en el Centro de administración o elige otro nombre
setup-other-kind = ya hay { $resource ->
    [automation] una automatización
   *[trigger] un disparador
 } con el título "{ $name }": elimínalo antes o elige otro nombre, para que una sola regla llame al webhook
setup-many-triggers = hay { $count } disparadores con el título "{ $name }": elimina los que sobran en el Centro de administración o elige otro nombre
setup-token-not-compared = el token de portador del webhook no se compara: Zendesk nunca lo devuelve (la verificación demuestra que funciona; si cambias la clave de Braze, vuelve a enviarla)
setup-when = cuando { $condition }
setup-categories-kept = las categorías de disparadores se conservan: puede que otros disparadores las usen
setup-categories-kept-named = se { $count ->
    [one] conserva la categoría de disparadores «{ $names }»: puede que otros disparadores la usen
   *[other] conservan las categorías de disparadores «{ $names }»: puede que otros disparadores las usen
 }
setup-webhook-other-events = el webhook "{ $name }" está conectado a { $subscriptions }, no a disparadores ({ $subscription }); Zendesk no permite cambiar el método de conexión de un webhook: elimínalo en el Centro de administración o elige otro nombre
setup-change = { $field }: { $from } → { $to }
setup-auth-to-bearer = autenticación: { $from } → bearer_token (la clave de Braze del perfil)
setup-auth-resent = autenticación: la clave de Braze del perfil, enviada de nuevo
setup-condition-added = + cuando { $condition }
setup-condition-removed = - cuando { $condition } (se quita: no está entre las condiciones elegidas)
setup-action-added = + acción: notificar al webhook
setup-action-webhook = acción: notificar al webhook { $to } (antes { $from })
setup-action-add-tags = agregar etiquetas { $tags }
setup-action-other = { $field }: { $value }
setup-action-new = + acción: { $action }
setup-action-body = acción: cambia el cuerpo del webhook
setup-other-actions-removed = - { $count ->
    [one] 1 acción más
   *[other] { $count } acciones más
 } (se quitan: el disparador solo notifica a Braze)
setup-activated = activo: no → sí
setup-category-id = { $id }
setup-category-none = sin categoría
setup-category-named = categoría "{ $name }"
setup-category-change = categoría: { $from } → { $to }
setup-condition = { $field } | { $operator } | { $value }{ $any ->
    [yes] {" "}(cumplir CUALQUIERA)
   *[no] {""}
 }
setup-condition-field = { $field ->
    [status] Ticket > Estado
    [type] Ticket > Tipo
    [priority] Ticket > Prioridad
    [current_tags] Ticket > Etiquetas
    [status_category] Ticket > Categoría de estado
    [SOLVED] Ticket > Horas desde resuelto
    [update_type] Ticket > Ticket
    [group_id] Ticket > Grupo
    [assignee_id] Ticket > Agente asignado
    [via_id] Ticket > Canal
   *[other] Ticket > { $field }
 }
setup-condition-operator = { $operator ->
    [value] Cambiado a
    [value_previous] Cambiado de
    [not_value] No cambiado a
    [not_value_previous] No cambiado de
    [is] Es
    [is_not] No es
    [includes] Contiene al menos una de las siguientes
    [not_includes] No contiene ninguna de las siguientes
    [less_than] Menor que
    [greater_than] Mayor que
    [changed] Cambiado
    [not_changed] No cambiado
   *[other] { $operator }
 }
# Un valor de un campo con valores fijos, como lo lista el editor de disparadores de Zendesk.
setup-condition-value = { $value ->
    [new] Nuevo
    [open] Abierto
    [pending] Pendiente
    [hold] En espera
    [solved] Resuelto
    [closed] Cerrado
    [question] Pregunta
    [incident] Incidente
    [problem] Problema
    [task] Tarea
    [low] Baja
    [normal] Normal
    [high] Alta
    [urgent] Urgente
    [Create] Creado
    [Change] Actualizado
   *[other] { $value }
 }
# Un valor escrito libremente (etiquetas, ids): tal cual.
setup-condition-text = { $value }
setup-meet-all = Cumplir TODAS las condiciones siguientes
setup-meet-any = Cumplir CUALQUIERA de las condiciones siguientes

# Aplicar y eliminar
setup-failed = falló: { $reason }
setup-rolled-back = revertido: { $mark } { $what }
setup-nothing-changed = no cambió nada: la cuenta ya coincide
setup-now = ahora:
setup-step-error = { $step }: { $reason }
setup-step-failed = falló { $step }: { $reason }
setup-cannot-read = no se pudieron leer los webhooks y disparadores de la cuenta: { $reason }
setup-cannot-read-after = no se pudo leer la cuenta después: { $reason }
setup-no-webhook = no hay ningún webhook con el nombre "{ $name }"
setup-webhook-exists = webhook "{ $name }" (ID { $id }): { $method } { $endpoint } { $format }, { $status }
setup-no-trigger = no hay ningún disparador con el título "{ $name }"
setup-automation-exists = automatización "{ $name }" (ID { $id }): { $active ->
    [yes] activa
   *[no] inactiva
 }, cuando { $conditions }
setup-trigger-exists = disparador "{ $name }" (ID { $id }): { $active ->
    [yes] activo
   *[no] inactivo
 }, { $category }, cuando { $conditions }
setup-no-conditions = (ninguna)
setup-no-changes = (sin cambios)
setup-list = { $first }; { $rest }
setup-list-comma = { $first }, { $rest }
setup-created = { $resource ->
    [category] se creó la categoría
    [webhook] se creó el webhook
    [automation] se creó la automatización
   *[trigger] se creó el disparador
 } "{ $name }" (ID { $id })
setup-updated-webhook = se actualizó el webhook "{ $name }" (ID { $id }): { $changes }
setup-updated-automation = se actualizó la automatización "{ $name }" (ID { $id }) con el conjunto completo de condiciones: { $changes }
setup-updated-trigger = se actualizó el disparador "{ $name }" (ID { $id }) con el conjunto completo de condiciones: { $changes }
setup-deleted = { $resource ->
    [webhook] se eliminó el webhook
    [automation] se eliminó la automatización
   *[trigger] se eliminó el disparador
 } "{ $name }" (ID { $id })
setup-undo-deleted = { $resource ->
    [category] se eliminó la categoría nueva
    [webhook] se eliminó el webhook nuevo
    [automation] se eliminó la automatización nueva
   *[trigger] se eliminó el disparador nuevo
 } (ID { $id })
setup-undo-restored-automation = se restauró la automatización (ID { $id }) tal como estaba
setup-undo-restored-trigger = se restauró el disparador (ID { $id }) tal como estaba
setup-undo-restored-webhook = se restauró el webhook (ID { $id }) tal como estaba{ $token ->
    [lost] {" "}(su token anterior no se puede restaurar: Zendesk nunca lo devuelve)
   *[kept] {""}
 }
setup-undo-failed = { $what }: FALLÓ, { $reason }

# Lo que pide la especificación
setup-problem-name-empty = nombre: vacío (da nombre al webhook y al disparador)
setup-problem-event-empty = evento: vacío (el nombre del evento personalizado en Braze)
setup-problem-event-characters = evento: `{ $event }` tiene comillas, llaves o caracteres de control
setup-problem-key-empty = { $what ->
    [property] propiedad
   *[attribute] atributo
 } { $number }: la clave está vacía
setup-problem-key-twice = { $what ->
    [property] propiedad
   *[attribute] atributo
 } `{ $key }`: aparece dos veces
setup-problem-placeholder = { $what ->
    [property] propiedad
   *[attribute] atributo
 } `{ $key }`: el marcador de posición debe ser un nombre como ticket.title
setup-problem-body-empty = cuerpo: el cuerpo personalizado está vacío
setup-problem-automation-on = cuándo: una automatización solo espera tras resuelto (las automatizaciones de Zendesk omiten los tickets cerrados)
setup-problem-after-hours = horas: { $hours } no es un número entero de horas entre 1 y { $max }
setup-problem-automation-update = actualización: las automatizaciones no se ejecutan en una actualización (crear o cambiar es para disparadores)
setup-problem-automation-category = categoría: las automatizaciones no tienen categorías (las categorías son de los disparadores)
setup-problem-category-on = cuándo: una categoría de estado es nuevo, abierto, pendiente, en espera o resuelto (los tickets cerrados están en resuelto)
setup-problem-on-empty = cuándo: elige resuelto, cerrado o ambos
setup-problem-on = cuándo: `{ $status }` no es solved ni closed
setup-problem-choice = { $field }: `{ $value }` no es uno de { $choices }
setup-problem-tag-word = etiquetas: `{ $tag }` debe ser una sola palabra
setup-problem-tag-both = etiquetas: `{ $tag }` es obligatoria y excluida a la vez, así que el disparador nunca se activa
setup-problem-category-empty = categoría: nombre vacío

# Verificación
setup-verify-test = prueba del webhook: Braze respondió { $status }
setup-body-at = cuerpo { $line }:{ $column }: { $problem }
setup-finding = { $severity } { $line }:{ $column }: { $message }
setup-verify-cannot-list = no se pudieron listar los webhooks: { $reason }
setup-verify-no-webhook = no hay ningún webhook con el nombre "{ $name }": aplica primero
setup-verify-test-status = Braze respondió { $status } a la prueba del webhook: { $payload }
setup-verify-refused-objects = Braze aceptó la solicitud pero rechazó objetos: { $errors }
setup-verify-test-failed = falló la prueba del webhook: { $reason }
setup-verify-ticket-created = se creó el ticket de prueba { $id } para { $user }
setup-verify-ticket-changed = el ticket { $id } pasó a { $status }
setup-verify-arrived = el evento "{ $event }" llegó a { $user } en { $ms } ms (recuento { $before } → { $now })
setup-verify-not-arrived = el evento "{ $event }" no llegó a { $user } en { $seconds } s: revisa las invocaciones del webhook

# El compositor de Braze
setup-composer-no-zendesk = el perfil `{ $profile }` no tiene conexión con Zendesk: añade una en Ajustes
setup-composer-head = URL del webhook: { $url }
    Método HTTP: { $method }
    Encabezados de la solicitud:
setup-composer-body = Cuerpo de la solicitud: texto sin procesar
setup-composer-replace-token = sustituye { $placeholder } en el propio Braze; zenbraze nunca escribe el token
setup-composer-sandbox = este es el sandbox local: Braze no puede llegar a él; elige un perfil real para pegarlo en Braze
