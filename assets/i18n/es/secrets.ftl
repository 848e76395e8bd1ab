# zenbraze — español: secretos, el llavero y los perfiles (src/secrets). Cada id existe en en/secrets.ftl.

secrets-secret-name = { $service ->
    [zendesk] token de API de Zendesk
   *[braze] clave de API REST de Braze
 }
secrets-store = { $store ->
    [keyring] el llavero del sistema
   *[session] solo esta sesión (en memoria; desaparece al cerrar zenbraze)
 }
secrets-keyring-unavailable = aquí no hay llavero del sistema ({ $reason }); no se guardó nada
secrets-keyring-none = aquí no hay llavero del sistema (no respondió ningún Secret Service, Keychain ni Credential Manager); no se guardó nada
secrets-keyring-failed = el llavero del sistema se negó: { $reason }
secrets-keyring-timeout = el llavero del sistema (el Secret Service en Linux) no respondió en { $seconds } s: puede estar bloqueado o esperando una ventana de desbloqueo
secrets-empty = { $service ->
    [zendesk] el token de API de Zendesk está vacío
   *[braze] la clave de API REST de Braze está vacía
 }
secrets-contains = { $service ->
    [zendesk] el token de API de Zendesk
   *[braze] la clave de API REST de Braze
 } contiene { $what ->
    [line-break] un salto de línea
    [space] un espacio
   *[control] un carácter de control
 }: pega solo { $service ->
    [zendesk] el token de API de Zendesk
   *[braze] la clave de API REST de Braze
 }, en una sola línea
secrets-quote = { $service ->
    [zendesk] el token de API de Zendesk
   *[braze] la clave de API REST de Braze
 } contiene comillas: pégalo sin comillas
secrets-unquoted = se quitaron las comillas { $service ->
    [zendesk] del token de API de Zendesk
   *[braze] de la clave de API REST de Braze
 } (Braze y Zendesk responden 401 a una clave con comillas)
secrets-bearer-removed = se quitó el prefijo `Bearer ` { $service ->
    [zendesk] del token de API de Zendesk
   *[braze] de la clave de API REST de Braze
 }

# Perfiles
secrets-profile-name-length = un nombre de perfil necesita de 1 a 64 caracteres
secrets-profile-name-chars = `{ $name }` no es un nombre de perfil: usa letras, dígitos, `-`, `_` y `.`
secrets-profile-name-reserved = `sandbox` es el perfil integrado del sandbox; elige otro nombre
secrets-profiles-syntax = línea { $line }, columna { $column }: { $reason }
secrets-profiles-in-file = { $path }: { $problem }
secrets-profiles-read = no se puede leer { $path }: { $reason }
secrets-profiles-write = no se puede escribir { $path }: { $reason }
secrets-profiles-not-an-object = el archivo no es un objeto JSON: contiene { $found }
secrets-profiles-not-a-list = «profiles» debe ser una lista de perfiles; contiene { $found }
