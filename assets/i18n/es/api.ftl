# zenbraze — español: lo que informan los clientes de Zendesk y Braze (src/api). Cada id existe en en/api.ftl.

api-endpoint-not-zendesk = `{ $input }` no está en zendesk.com: para un host propio usa una URL explícita (--url)
api-endpoint-subdomain = `{ $input }` no es un subdominio de Zendesk: usa letras, dígitos y guiones, por ejemplo `acme` para acme.zendesk.com
api-endpoint-instance = `{ $input }` no es una instancia de Braze; las conocidas son: { $known }
api-endpoint-not-url = `{ $url }` no es una URL: le falta https://
api-endpoint-credentials = la URL no debe llevar credenciales: van en los ajustes de la conexión
api-endpoint-no-host = `{ $url }` no tiene host
api-endpoint-plain-http = `{ $url }` usa http sin cifrar: solo se admite https, salvo hacia este equipo (localhost, 127.0.0.1)
api-endpoint-scheme = `{ $scheme }://` no se admite: usa https://
api-endpoint-zendesk-address = una conexión de Zendesk necesita un subdominio o una URL, no ambos
api-endpoint-braze-address = una conexión de Braze necesita una instancia o una URL, no ambas
api-client-start = no se pudo iniciar el cliente HTTP: { $reason }

api-unauthorized = { $service } rechazó las credenciales (401 { $message }): { $hint }
api-unauthorized-hint = { $service ->
    [zendesk] revisa el correo electrónico y el token de API, y que el acceso con token esté activado
   *[braze] revisa la clave de API REST (sin comillas) y que sea de esta instancia de Braze
 }
api-forbidden = { $service ->
    [braze] { $name } denegó el acceso (403 { $message }): la clave de API REST no tiene el permiso que necesita este punto final
   *[zendesk] { $name } denegó el acceso (403 { $message })
 }
api-no-such-account = ninguna cuenta de Zendesk responde en { $url } (404): revisa el subdominio
api-not-found = { $service } no encontró nada ahí (404 { $message })
api-invalid = Zendesk rechazó el registro (422): { $details }
api-bad-request = { $service } rechazó la solicitud (400 { $message })
api-bad-request-details = { $service } rechazó la solicitud (400 { $message }): { $details }
api-rate-limited = { $service } está limitando la frecuencia (429) tras { $attempts ->
    [one] 1 intento
   *[other] { $attempts } intentos
 }
api-rate-limited-wait = { $service } está limitando la frecuencia (429) tras { $attempts ->
    [one] 1 intento
   *[other] { $attempts } intentos
 }; pide esperar { $wait }
api-server = { $service } respondió { $status } tras { $attempts ->
    [one] 1 intento
   *[other] { $attempts } intentos
 }
api-server-not-retried = { $service } respondió { $status } tras { $attempts ->
    [one] 1 intento
   *[other] { $attempts } intentos
 } (sin reintento: la llamada no es idempotente)
api-timeout = { $service } no respondió en { $after }
api-connect = no se pudo conectar con { $url }: { $reason }
api-dropped = la conexión con { $service } se cortó antes de completar la respuesta ({ $reason })
api-cancelled = cancelado por ti
api-decode = { $service } respondió { $status } con un cuerpo que no es lo que devuelve su API: { $reason }
api-quoted-reason = { $reason }
api-empty-body = el cuerpo está vacío
api-missing-field = { $service } respondió { $status } sin `{ $field }`
api-anonymous = Zendesk respondió como usuario anónimo: el correo electrónico o el token de API no son correctos (o el acceso con token está desactivado)
api-not-agent = { $email } es { $role } en Zendesk; los webhooks y los disparadores necesitan un administrador (o un agente con permiso para gestionarlos)
api-braze-rejected = Braze aceptó la solicitud pero rechazó { $count ->
    [one] 1 objeto
   *[other] { $count } objetos
 }: { $errors }
api-status = { $service } respondió { $status }: { $message }
api-recorded = { $text }
api-warning-ignored-fields = Zendesk ignoró estos campos (desconocidos o no permitidos): { $fields }
api-warning-header = aviso de Zendesk: { $header }
