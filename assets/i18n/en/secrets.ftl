# zenbraze — English: secrets, the keyring and profiles (src/secrets). Every id here exists in es/secrets.ftl.

secrets-secret-name = { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 }
secrets-store = { $store ->
    [keyring] the OS keyring
   *[session] this session only (kept in memory, gone when zenbraze quits)
 }
secrets-keyring-unavailable = no OS keyring is available here ({ $reason }); nothing was stored
secrets-keyring-none = no OS keyring is available here (no Secret Service, Keychain or Credential Manager answered); nothing was stored
secrets-keyring-failed = the OS keyring refused: { $reason }
secrets-keyring-timeout = the OS keyring (the Secret Service on Linux) did not answer within { $seconds } s: it may be frozen, or waiting for an unlock prompt
secrets-empty = the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 } is empty
secrets-contains = the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 } contains { $what ->
    [line-break] a line break
    [space] a space
   *[control] a control character
 }: paste only the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 }, on one line
secrets-quote = the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 } contains a quote character: paste it without quotes
secrets-unquoted = removed the quotes around the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 } (Braze and Zendesk answer 401 to a quoted key)
secrets-bearer-removed = removed the `Bearer ` prefix from the { $service ->
    [zendesk] Zendesk API token
   *[braze] Braze REST API key
 }

# Profiles
secrets-profile-name-length = a profile name needs 1 to 64 characters
secrets-profile-name-chars = `{ $name }` is not a profile name: use letters, digits, `-`, `_` and `.`
secrets-profile-name-reserved = `sandbox` is the built-in profile for the embedded sandbox; pick another name
secrets-profiles-syntax = line { $line }, column { $column }: { $reason }
secrets-profiles-in-file = { $path }: { $problem }
secrets-profiles-read = cannot read { $path }: { $reason }
secrets-profiles-write = cannot write { $path }: { $reason }
secrets-profiles-not-an-object = the file is not a JSON object: it holds { $found }
secrets-profiles-not-a-list = “profiles” must be a list of profiles, found { $found }
