# zenbraze — English: template errors (src/template/error.rs). Every id here exists in es/template.ftl.
# Liquid's own braces are written {"{{"}, {"}}"}, {"{%"} and {"%}"} (Fluent reserves { and }).

template-error-at = { $line }:{ $col }: { $error }
template-output-not-closed = output `{"{{"}` is never closed with `{"}}"}`
template-tag-not-closed = tag `{"{%"}` is never closed with `{"%}"}`
template-attribute-not-closed = `{"\u0024{"}` is never closed with `{"}"}`
template-attribute-empty = `{"\u0024{}"}` names no attribute
template-block-not-closed = `{"{%"} { $tag } {"%}"}` is never closed with `{"{%"} end{ $tag } {"%}"}`
template-unknown-tag = unknown tag `{ $tag }`
template-else-outside = `{"{%"} else {"%}"}` can only appear inside `if`, `unless`, `case` or `for`
template-elsif-outside = `{"{%"} elsif {"%}"}` can only appear inside `if` or `unless`
template-when-outside = `{"{%"} when {"%}"}` can only appear inside `case`
template-else-not-expected = `{ $block }` does not take `{"{%"} else {"%}"}`
template-wrong-end = `{"{%"} { $found } {"%}"}` found where `{"{%"} { $expected } {"%}"}` was expected
template-end-without-block = `{"{%"} { $tag } {"%}"}` closes a block that is not open
template-tag-syntax = `{ $tag }` is not written correctly: write it as `{ $usage }`
template-inline-comment = every line of an inline comment must start with `#`
template-nesting-too-deep = blocks are nested more than { $max } deep
template-unknown-filter = unknown filter `{ $name }`
template-unknown-filter-near = unknown filter `{ $name }` (did you mean `{ $near }`?)
template-filter-not-in-braze = filter `{ $name }` is not supported by Braze
template-filter-newer-than-braze = filter `{ $name }` is newer than Liquid 5 and not supported by Braze
template-number-too-large = the number { $text } is too large: whole numbers go up to 9223372036854775807
template-unexpected = `{ $found }` does not belong here
template-liquid-tag-end = `{ $tag }` cannot close a block opened outside this `liquid` tag
template-limit-output = the output is larger than { $max } bytes
template-limit-value = a value is larger than { $max } bytes
template-limit-assign = assigned values add up to more than { $max } bytes
template-limit-loops = loops ran more than { $max } times
template-limit-steps = the template took more than { $max } steps to render
template-limit-time = rendering took longer than { $max } ms
template-overflow = a number grew too large: whole numbers go up to 9223372036854775807
template-content-block-missing = content block `{ $name }` is not in the content block library
template-content-block-too-deep = content block `{ $name }` is nested too deep: Braze allows a content block inside another, no deeper
template-in-content-block = in content block `{ $name }` at { $line }:{ $col }: { $error }
template-catalog-items-arguments = `catalog_items` needs a catalog name and item ids
template-context-content-block = content block `{ $name }`: { $error }
template-context-not-object = a render context must be a JSON object, not { $found }
template-context-unknown-key = `{ $key }` is not part of a render context (known: event_properties, api_trigger_properties, canvas_entry_properties, context, campaign, canvas, card, app, content_blocks, connected_content with status and body, catalogs)
template-context-kind = `{ $key }` must be { $expected ->
    [object] an object
    [text] a text
   *[status] an HTTP status from 100 to 599
 }, not { $found }

# Ruby Liquid's own errors: Braze writes "Liquid error: …" into the message and sends it.
template-divided-by-zero = division by 0
template-comparison = cannot compare { $left } with { $right }
template-unknown-operator = unknown operator `{ $op }`
template-invalid-integer = not a whole number
template-wrong-arguments = filter `{ $filter }` got { $given } arguments where it takes { $expected } (the value before `|` counts as one)
template-property-not-selectable = cannot select the property `{ $property }`
template-incompatible-sort = cannot sort values of different types
template-concat-needs-array = `concat` needs a list as its argument
template-invalid-base64 = `{ $filter }` was given text that is not valid base64
template-invalid-date-format = the date format `{ $format }` ends inside a `%` directive (write `%%` for a percent sign)
template-not-finite = the result is { $value }, which cannot be rounded
template-include-not-allowed = `include` and `render` need partial templates, which a message does not have
template-invalid-utf8 = `{ $filter }` produced bytes that are not UTF-8 text
template-time-zone = `{ $zone }` is not a time zone (use a name like America/Chicago or an offset like -0500)
template-json-parse = `json_parse` was given text that is not valid JSON
template-internal = Ruby Liquid fails here with an internal error

# Findings the engine gives the linter (src/lint/tags.rs).
template-liquid-error-finding = Ruby Liquid fails here and Braze writes the error into the message: { $error }
template-unknown-attribute = `{"\u0024{"}{ $name }{"}"}` is not a Braze personalization tag: Braze sends it empty
template-unknown-attribute-near = `{"\u0024{"}{ $name }{"}"}` is not a Braze personalization tag: Braze sends it empty (did you mean `{"\u0024{"}{ $tag }{"}"}`?)
template-unknown-attribute-fix = write `{"\u0024{"}{ $tag }{"}"}`
template-number-as-name = `{ $text }` is not a number in Liquid: Braze reads it as a variable of that name, which is empty. Write the number out in digits
template-connected-content-no-mock = `connected_content` { $url } has no mocked answer: Braze fetches it when the message is sent; this preview renders nothing in its place and saves no variable. Add a mock for the URL to the render context to preview it.
template-connected-content-404 = `connected_content` { $url } answered 404: Braze renders an empty string in its place and saves nothing.
template-connected-content-status-retry = `connected_content` { $url } answered { $status } and has `:retry`: Braze retries the call up to five times, then aborts the message as `abort_message` does.
template-connected-content-status = `connected_content` { $url } answered { $status }: Braze goes on rendering; a JSON answer is saved with `__http_status_code__` { $status } for the template to check (add `:retry` or an `abort_message` on that status to stop the send), and an error page's text is not inserted.
