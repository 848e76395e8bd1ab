# zenbraze — español: publicar un cuerpo en Braze como bloque de contenido (src/publish, zenbraze publish). Cada id existe en en/publish.ftl.

publish-new = bloque de contenido nuevo "{ $name }": se creará
publish-unchanged = el bloque de contenido "{ $name }" (id { $id }) no ha cambiado
publish-changed = el bloque de contenido "{ $name }" (id { $id }) ha cambiado: se actualizará
publish-drifted = el bloque de contenido "{ $name }" (id { $id }) se cambió en Braze después de que zenbraze lo publicara: es un cambio de otra persona
publish-not-ours = Braze ya tiene un bloque de contenido "{ $name }" (id { $id }) que zenbraze no publicó desde este perfil
publish-diff-ours = qué cambia (Braze → plantilla):
publish-diff-theirs = su cambio (lo que publicó zenbraze → lo que tiene Braze):
publish-diff-whitespace = solo cambian espacios: · es un espacio al final de una línea, → un tabulador
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

# send --via-braze: Braze renderiza y envía, y el ticket se compara con la vista previa
via-braze-target = --via-braze envía un ticket de Zendesk: usa el destino zendesk-ticket
via-braze-needs-user = --via-braze necesita --user EXTERNAL_ID: el usuario de Braze para el que renderiza Braze
via-braze-no-user = Braze no tiene ningún usuario con external_id "{ $user }"
via-braze-aborted = la plantilla se interrumpe para este usuario (abort_message): Braze no enviaría nada
via-braze-not-json = la vista previa no es JSON, así que no hay ticket que comparar: { $reason }
via-braze-no-ticket = no apareció ningún ticket en Zendesk en { $seconds } s desde el envío: mira los errores del webhook de la campaña en Braze
via-braze-ambiguous = se crearon varios tickets desde el envío ({ $ids }): zenbraze no puede saber cuál hizo Braze, así que no compara nada
via-braze-sent = Braze lo envió (envío { $dispatch }); ticket de Zendesk { $ticket }
via-braze-same = igual     { $field }: { $value }
via-braze-differs = DISTINTO  { $field }: vista previa "{ $preview }", Zendesk "{ $zendesk }"
via-braze-identical = idéntico: el ticket que hizo Braze es lo que zenbraze mostró en la vista previa
via-braze-different = { $count } campos difieren entre la vista previa de zenbraze y el ticket que hizo Braze
