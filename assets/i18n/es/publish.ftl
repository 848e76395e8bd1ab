# zenbraze — español: publicar un cuerpo en Braze como bloque de contenido (src/publish, zenbraze publish). Cada id existe en en/publish.ftl.

publish-new = bloque de contenido nuevo "{ $name }": se creará
publish-unchanged = el bloque de contenido "{ $name }" (id { $id }) no ha cambiado
publish-changed = el bloque de contenido "{ $name }" (id { $id }) ha cambiado: se actualizará
publish-drifted = el bloque de contenido "{ $name }" (id { $id }) se cambió en Braze después de que zenbraze lo publicara: es un cambio de otra persona
publish-not-ours = Braze ya tiene un bloque de contenido "{ $name }" (id { $id }) que zenbraze no publicó desde este perfil
publish-diff-ours = qué cambia (Braze → plantilla):
publish-diff-theirs = su cambio (lo que publicó zenbraze → lo que tiene Braze):
publish-diff-not-ours = qué se sobrescribiría (Braze → plantilla):
publish-force-needed = aplicar solo lo sobrescribe con --force
publish-reactivate = estaba retirado (borrador): aplicar lo vuelve a activar
publish-nothing-to-change = nada que cambiar
publish-calls = llamadas:
publish-refused = el bloque de contenido "{ $name }" se cambió fuera de zenbraze: no se sobrescribe (--plan muestra el cambio, --apply --force lo sobrescribe)
publish-no-such-block = Braze no tiene ningún bloque de contenido "{ $name }"
publish-bad-name = "{ $name }" no puede ser el nombre de un bloque de contenido: no puede estar vacío, debe tener menos de 100 caracteres y no puede contener {"}"}
publish-applied = bloque de contenido "{ $name }" publicado (id { $id })
publish-applied-nothing = el bloque de contenido "{ $name }" (id { $id }) ya es la plantilla: no se ha escrito nada
publish-retired = el bloque de contenido "{ $name }" (id { $id }) ahora es un borrador. Braze no permite borrarlo: elimínalo en el panel de Braze si debe desaparecer
publish-paste-head = Pega esto una sola vez en la campaña de webhook de Braze; las siguientes publicaciones solo cambian el bloque:
publish-verify-ok = el bloque de contenido "{ $name }" se renderiza para { $users } usuarios sin errores
publish-verify-errors = el bloque de contenido "{ $name }" tal como lo renderizará Braze:
publish-ledger-failed = publicado, pero no se pudo registrar lo publicado: { $reason }
