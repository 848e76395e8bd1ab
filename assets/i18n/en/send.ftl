# zenbraze — English: test sends (src/send.rs). Every id here exists in es/send.ftl.

send-template-error = template error at { $line }:{ $column }: { $problem }
send-aborted = stopped by abort_message: { $reason }
send-skip-lint = not sent: { $count ->
    [one] 1 lint error
   *[other] { $count } lint errors
 }
send-skip-cancelled = send stopped, not sent
