# zenbraze — español: palabras que comparten los mensajes de la biblioteca. Cada id existe en en/common.ftl.

# El tipo de un valor JSON, en los mensajes: "debe ser un objeto, no { $kind }".
json-kind = { $kind ->
    [null] null
    [boolean] un booleano
    [number] un número
    [string] una cadena
    [array] una matriz
   *[object] un objeto
 }

# El primer hallazgo de un usuario en la vista Todos los usuarios.
row-first-finding = { $line }:{ $column } { $message }
