# La ventana tal como la encuentra la gente: la tarjeta de inicio, las ayudas del editor, el
# guardado y los hallazgos sobre plantillas que el motor no puede leer.

start-title = zenbraze revisa los webhooks entre Braze y Zendesk antes de que salgan
start-preview = Previsualizar una plantilla
start-preview-hint = Abre el cuerpo del ticket tal como lo publica la documentación de Braze, con lo que encuentran las comprobaciones
start-send = Enviar una prueba…
start-send-hint = Prueba el envío de la plantilla de un usuario de ejemplo al sandbox integrado o a tus propias cuentas
start-setup = Configurar el disparador…
start-setup-hint = Crea en Zendesk el webhook y el disparador que envían a Braze los tickets resueltos
start-close = Cerrar esta tarjeta (Primeros pasos… en el menú Espacio de trabajo la vuelve a mostrar)

doc-not-saved-yet = Aún sin guardar

insert-no-match = Nada coincide con el filtro

lint-template-syntax = No se puede leer la plantilla: { $message }
lint-checks-not-run = El JSON se rompe demasiado pronto para este ejemplo: no se pudieron ejecutar { $target ->
        [zendesk-ticket] las comprobaciones del ticket de Zendesk
        [braze-users-track] las comprobaciones de /users/track de Braze
       *[other] las comprobaciones de /users/track de Braze y de los marcadores de posición de Zendesk
    }
