# La ventana tal como la encuentra la gente (issue 18): los selectores y las copias de la
# consola, las confirmaciones antes de borrar, cancelar la prueba de conexión, el asistente con
# las palabras de Zendesk.

## Consola
console-payload = Plantilla
console-sample = Muestra
console-as-editor = Como en el editor ({ $name })
console-close-batch = Cerrar el lote
console-copy-request = Copiar el cuerpo de la solicitud
console-copy-response = Copiar el cuerpo de la respuesta
console-copied = Copiado
