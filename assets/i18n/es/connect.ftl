# zenbraze — español: las conexiones y sus pruebas (src/connect.rs). Cada id existe en en/connect.ftl.

connect-no-connection = el perfil `{ $profile }` no tiene conexión con { $service ->
    [zendesk] Zendesk
   *[braze] Braze
 }: añade una con `zenbraze credentials set { $profile } { $service } …`
connect-no-secret = no hay { $service ->
    [zendesk] token de API de Zendesk
   *[braze] clave de API REST de Braze
 } para el perfil `{ $profile }` en { $store }: guárdalo con `zenbraze credentials set { $profile } { $service } …`
connect-zendesk-ok = sesión iniciada como { $email } ({ $role }) en { $url }
connect-who-email = { $email }
connect-who-oauth = el token OAuth
connect-zendesk-anonymous = Zendesk respondió como usuario anónimo: el token de API no es correcto, no pertenece a { $who } o el acceso con token está desactivado (Centro de administración → Aplicaciones e integraciones → API de Zendesk)
connect-zendesk-unauthorized = Zendesk rechazó las credenciales (401): revisa el correo electrónico ({ $who }) y el token de API
connect-zendesk-unreachable = no se puede llegar a { $url } ({ $reason }): revisa la red, el proxy o el cortafuegos, y la URL si no es de zendesk.com
connect-braze-ok = { $url } aceptó la clave
connect-braze-no-export = la clave no tiene el permiso users.export.ids: no se podrán importar usuarios de muestra desde Braze (users.track no se prueba: eso registraría datos)
connect-braze-unauthorized = Braze rechazó la clave REST (401): una clave equivocada, una clave de otra instancia (esta es { $url }) o una clave pegada con comillas
connect-braze-not-found = { $url } no es un punto final REST de Braze (404): elige la instancia que indica la URL de tu panel (dashboard-03 → US-03)
connect-braze-unreachable = no se puede llegar a { $url } ({ $reason }): revisa la red, el proxy o el cortafuegos
connect-line = { $service }: { $result }
