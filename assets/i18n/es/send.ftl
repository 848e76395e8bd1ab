# zenbraze — español: envíos de prueba (src/send.rs). Cada id existe en en/send.ftl.

send-template-error = error de plantilla en { $line }:{ $column }: { $problem }
send-aborted = detenido por abort_message: { $reason }
send-skip-lint = no enviado: { $count ->
    [one] 1 error de lint
   *[other] { $count } errores de lint
 }
send-skip-cancelled = envío detenido, no enviado
