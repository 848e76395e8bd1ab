# zenbraze — español: lo que imprime `zenbraze sandbox` y los errores del sandbox que muestran la app y la CLI. Cada id existe en en/sandbox.ftl.
# (Lo que el sandbox responde por HTTP es el formato de Zendesk y Braze, en inglés como los servicios reales: no va aquí.)

sandbox-cli-listening = zenbraze sandbox escuchando en { $url }
sandbox-cli-zendesk = { "  " }Zendesk  { $url }/api/v2
sandbox-cli-zendesk-login = { "           " }correo { $email }  token de API { $token }
sandbox-cli-braze = { "  " }Braze    { $url }
sandbox-cli-braze-keys = { "           " }clave REST { $key }  (sin users.track: { $key_no_track })
sandbox-cli-state-file = { "  " }Estado   { $path } (cada cambio se guarda en disco antes de responder)
sandbox-cli-state-memory = { "  " }Estado   en memoria (use --state ARCHIVO para conservarlo)
sandbox-cli-control = { "  " }Control  GET { $url }/__sandbox/state · POST { $url }/__sandbox/reset · POST { $url }/__sandbox/faults
sandbox-cli-stop = Pulse Ctrl-C para detenerlo.
sandbox-cli-error = zenbraze sandbox: { $error }
sandbox-cli-warning = zenbraze sandbox: { $warning }

sandbox-port-in-use = el sandbox no puede escuchar en { $addr }: el puerto está en uso (¿hay otro sandbox en marcha? use --port)
sandbox-cannot-listen = el sandbox no puede escuchar en { $addr }: { $reason }
sandbox-state-unreadable = no se puede leer el estado del sandbox { $path }: { $reason }
sandbox-state-corrupt = { $path } no es un estado de sandbox de zenbraze (línea { $line }, columna { $column }: { $reason }); no se ha modificado: muévalo o use otro --state
sandbox-state-inconsistent = { $path } se contradice: { $problem }; no se ha modificado: muévalo o use otro --state
sandbox-state-misfiled = { $kind ->
        [ticket] el ticket
        [user] el usuario
       *[trigger] el disparador
    } guardado con el id { $key } tiene otro id propio
sandbox-state-unwritable = no se puede escribir el estado del sandbox { $path }: { $reason }
sandbox-state-in-use = otro sandbox está usando { $path }: deténgalo o use otro --state
sandbox-state-repaired = { $counter } valía { $from }, por detrás de ids ya usados: ahora vale { $to }, así que no se sobrescribe ningún registro
sandbox-state-too-large = { $path } ocupa { $size } bytes, más que el límite de { $limit } bytes de un estado de sandbox; no se ha modificado: muévalo o use otro --state
sandbox-journal-loaded = diario { $path }: { $kept ->
        [one] se conserva un registro
       *[other] se conservan { $kept } registros
    }
sandbox-journal-set-aside = diario { $path }: { $kept ->
        [one] se conserva un registro entero
       *[other] se conservan { $kept } registros enteros
    }; { $damaged ->
        [one] una línea dañada o cortada
       *[other] { $damaged } líneas dañadas o cortadas
    } ({ $bytes } bytes) apartadas en { $aside } (lo que contenían no está en el sandbox; una línea cortada al final nunca se respondió como guardada)

# La vista del sandbox en la app
sandbox-view-newer = Más recientes
sandbox-view-older = Más antiguos
sandbox-view-newest = Los más recientes
sandbox-view-loading = Leyendo los tickets de la API de Zendesk del sandbox
console-rules-read = Qué reglas se ejecutaron sobre este ticket (sus auditorías)
console-rules-none = ningún disparador ni automatización cambió el ticket { $id } ni avisó a un webhook
console-rules-failed = no se pudieron leer las auditorías del ticket: { $reason }
console-rule-line = { $kind ->
    [automation] la automatización
   *[trigger] el disparador
 } «{ $title }» (ID { $id }) el { $at }: { $did }
console-rule-set = puso { $field } en «{ $value }»
console-rule-webhook = avisó al webhook { $webhook }
console-rule-event = evento { $kind }
sandbox-rules-none = aún no se ha ejecutado ninguna regla sobre él
sandbox-rule-evaluation = { $cause ->
    [create] al crearse
    [update] al actualizarse
   *[automation] revisión de automatizaciones{ $hours ->
        [one] {""}
       *[other] {" "}× { $hours } horas
    }
 } · { $at }
sandbox-rule-fired = { $kind ->
    [automation] la automatización
   *[trigger] el disparador
 } «{ $title }» se activó
sandbox-rule-not-fired = { $kind ->
    [automation] la automatización
   *[trigger] el disparador
 } «{ $title }» no se activó: { $reason }
sandbox-rule-why-tags-excluded = las etiquetas incluyen { $tags }{ $guard ->
    [refire] {" "}(la protección contra repeticiones: ya avisó)
   *[loop] {" "}(la protección contra bucles)
 }
sandbox-rule-why-tags-missing = las etiquetas no incluyen ninguna de { $tags }
sandbox-rule-why-any = no se cumple ninguna de las condiciones de «Cumplir CUALQUIERA»
sandbox-rule-why-unknown = sus condiciones no se cumplieron
sandbox-rule-why-condition = { $condition } no se cumple (el ticket tiene «{ $saw }»)
sandbox-rule-why-changed = { $condition } no se cumple («{ $before }» → «{ $saw }»)
sandbox-rule-why-hours = { $condition } no se cumple ({ $saw } horas)
sandbox-rule-why-hours-none = { $condition } no se aplica (el ticket no está en ese estado)
sandbox-view-page = En esta página: { $count ->
        [one] un ticket
       *[other] { $count } tickets
    }, del más reciente al más antiguo, como los lista la API de Zendesk
sandbox-view-unreachable = La API del sandbox no respondió: { $reason }
sandbox-view-ticket-missing = El ticket #{ $id } no está en el sandbox: se eliminó en esta ejecución
sandbox-view-ticket = Ticket #{ $id } · { $subject } · { $status }
sandbox-view-show-ticket = Ver en el sandbox
sandbox-view-close = Ocultar este ticket
sandbox-view-run = Ejecución { $run }
sandbox-view-kept = Se guarda en { $path }: los tickets, webhooks y entregas siguen aquí después de cerrar y volver a abrir zenbraze
sandbox-view-memory = Se guarda en memoria: todo lo de aquí desaparece al cerrar zenbraze
sandbox-state-memory-only = El sandbox de esta ventana guarda su estado solo en memoria (desaparece al cerrar zenbraze): { $why }
sandbox-state-held-elsewhere = Otra ventana de zenbraze tiene el estado guardado del sandbox ({ $path }): el sandbox de esta ventana guarda su estado solo en memoria y desaparece al cerrarla
sandbox-entry-run = Enviado a { $account } con el perfil { $profile } · ejecución del sandbox { $run }
sandbox-entry-account = Enviado a { $account } con el perfil { $profile }
sandbox-entry-other-run = El ticket #{ $id } se creó en la ejecución { $run } del sandbox; el sandbox se ha restablecido desde entonces (esta es la ejecución { $current }), así que ya no está
sandbox-entry-unknown-run = El ticket #{ $id } se creó antes de que el sandbox nombrara sus ejecuciones: el ticket #{ $id } del sandbox ahora puede ser otro, así que no se abre
confirm-reset-sandbox = ¿Restablecer el sandbox y eliminar { $tickets ->
        [one] su ticket
       *[other] sus { $tickets } tickets
    }?
confirm-reset-sandbox-detail = También se eliminan sus webhooks, disparadores y entregas, y los perfiles de Braze vuelven a los de muestra. El historial de la consola conserva sus entradas, pero sus tickets ya no se pueden mostrar
confirm-yes-reset = Sí, restablecer

# Los estados como los nombra la interfaz de Zendesk en español
ticket-status-new = nuevo
ticket-status-open = abierto
ticket-status-pending = pendiente
ticket-status-hold = en espera
ticket-status-solved = resuelto
ticket-status-closed = cerrado
webhook-status-active = activo
webhook-status-inactive = inactivo
delivery-status-success = correcta
delivery-status-failed = fallida
delivery-status-pending = pendiente
sandbox-delivery-status = la respuesta fue HTTP { $status }
sandbox-delivery-refused = sin conexión con { $url } (rechazada o inalcanzable)
sandbox-delivery-timeout = { $url } no respondió a tiempo
sandbox-delivery-unsent = no se pudo hacer la llamada a { $url }
