# La ventana tal como la encuentra la gente (issue 18): los selectores y las copias de la
# consola, las confirmaciones antes de borrar, la prueba de conexión (lo que falla y cancelarla),
# el asistente con las palabras de Zendesk, los archivos.

## Consola
console-payload = Plantilla
console-sample = Muestra
console-as-editor = Como en el editor ({ $name })
console-close-batch = Cerrar el lote
console-copy-request = Copiar el cuerpo de la solicitud
console-copy-response = Copiar el cuerpo de la respuesta
console-copied = Copiado

## Confirmaciones antes de borrar
confirm-delete-payload = ¿Eliminar la plantilla «{ $name }»?
confirm-delete-user = ¿Eliminar el usuario de muestra { $name }?
confirm-delete-ticket = ¿Eliminar el { $name } de muestra?
confirm-delete-context = ¿Eliminar el contexto de renderizado «{ $name }»?
confirm-delete-profile = ¿Eliminar el perfil { $name } y sus secretos ({ $store })?
confirm-wizard-remove = ¿Quitar de { $account } { $kind ->
    [trigger] el disparador y el webhook llamados
    [automation] la automatización y el webhook llamados
    [both] el disparador, la automatización y el webhook llamados
    [none] el webhook llamado
   *[unknown] el disparador o la automatización y el webhook llamados
 } «{ $name }»?
confirm-cannot-undo = No se puede deshacer
confirm-yes-delete = Sí, eliminar
confirm-yes-remove = Sí, quitar

## Perfiles
profile-saved-not-active = { $name } está guardado pero no activo: los envíos siguen usando { $active }
profile-make-active = Usar { $name } para los envíos

## La red, tal como está
api-unresolved = no se puede resolver { $host }: no hay red o falla el DNS ({ $reason })
connect-zendesk-offline = no se puede resolver { $host }: no hay red o falla el DNS; revisa la conexión, no el subdominio (un subdominio equivocado sí se resuelve, y Zendesk responde 404) ({ $reason })
connect-braze-offline = no se puede resolver { $host }: no hay red o falla el DNS; revisa la conexión ({ $reason })
connect-test-cancelled = Prueba de conexión cancelada

## El asistente habla como Zendesk
wizard-conditions-json = Las condiciones en JSON (lo que recibe Zendesk)
wizard-copy-json = Copiar el JSON

## Archivos
action-choose-file = Elegir un archivo…
chooser-open = Esperando al selector de archivos
chooser-unavailable = Aquí no hay selector de archivos del sistema (necesita el portal de escritorio XDG): escribe la ruta
confirm-block-force = ¿Sobrescribir el Content Block “{ $name }” en Braze con esta plantilla?
confirm-block-force-detail = Se pierde el cambio hecho en Braze desde la última publicación de zenbraze.
confirm-yes-overwrite = Sí, sobrescribir
confirm-block-retire = ¿Pasar el Content Block “{ $name }” a borrador en Braze? Braze no permite eliminarlo: el bloque se queda, como borrador.
confirm-yes-retire = Sí, retirar
confirm-via-braze = ¿Enviar a través de Braze ({ $braze })? La credencial de Zendesk viaja dentro de la petición a Braze, en la cabecera Authorization del webhook.
confirm-via-braze-detail = zenbraze oculta la credencial en todo lo que muestra y registra. Se pregunta una vez por sesión.
confirm-yes-via-braze = Sí, enviar a través de Braze
