# The window as people meet it (issue 18): the console's pickers and copies, confirmations
# before anything is deleted, the connection test's cancel, the wizard's Zendesk wording.

## Console
console-payload = Payload
console-sample = Sample
console-as-editor = As in the editor ({ $name })
console-close-batch = Close the batch
console-copy-request = Copy the request body
console-copy-response = Copy the response body
console-copied = Copied
