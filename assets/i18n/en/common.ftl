# zenbraze — English: words the library's messages share. Every id here exists in es/common.ftl.

# The kind of a JSON value, in messages: "must be an object, not { $kind }".
json-kind = { $kind ->
    [null] null
    [boolean] a boolean
    [number] a number
    [string] a string
    [array] an array
   *[object] an object
 }

# The first finding of a sample in the All users view.
row-first-finding = { $line }:{ $column } { $message }
